package web

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/xlsx"
)

// Limits of the upload previews: how many files one user may have waiting
// for confirmation (the oldest goes first), and how long one waits.
const (
	previewsPerUser = 3
	previewTTL      = 2 * time.Hour
)

// previewStore keeps uploaded templates between preview and confirmation:
// one folder per user, at most previewsPerUser files of at most
// xlsx.MaxTemplateBytes each, removed on confirmation, on cancel, after
// previewTTL and when the server starts. The folder lies beside the
// database (one server per database), not in a temporary folder shared
// with other programs.
type previewStore struct {
	dir string
	mu  sync.Mutex
}

func newPreviewStore(dir string) *previewStore {
	// Start-up: nothing uploaded before can be confirmed any more (its
	// login session may be gone, the server was stopped mid-preview).
	os.RemoveAll(dir)
	return &previewStore{dir: dir}
}

func (p *previewStore) userDir(uid int64) string {
	return filepath.Join(p.dir, strconv.FormatInt(uid, 10))
}

// validToken accepts only tokens save makes, so a token never names a
// path outside the user's folder.
func validToken(t string) bool {
	if len(t) != 32 {
		return false
	}
	_, err := hex.DecodeString(t)
	return err == nil
}

// path is where user uid's preview token is kept ("" for a bad token).
func (p *previewStore) path(uid int64, token string) string {
	if !validToken(token) {
		return ""
	}
	return filepath.Join(p.userDir(uid), token+".xlsx")
}

// save stores an upload of user uid and returns its token and path. It
// first removes expired previews (everyone's), the preview this one
// replaces (the same login's earlier upload, which can no longer be
// confirmed) and, beyond previewsPerUser, the user's oldest.
func (p *previewStore) save(uid int64, r io.Reader, replaces string, now time.Time) (string, string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sweep(now)
	if old := p.path(uid, replaces); old != "" {
		os.Remove(old)
	}
	dir := p.userDir(uid)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) >= previewsPerUser {
		type aged struct {
			name string
			mod  time.Time
		}
		var files []aged
		for _, e := range entries {
			if info, err := e.Info(); err == nil {
				files = append(files, aged{e.Name(), info.ModTime()})
			}
		}
		slices.SortFunc(files, func(a, b aged) int { return a.mod.Compare(b.mod) })
		for _, f := range files[:max(0, len(files)-previewsPerUser+1)] {
			os.Remove(filepath.Join(dir, f.name))
		}
	}
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token := hex.EncodeToString(b)
	path := p.path(uid, token)
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", "", err
	}
	n, err := io.Copy(out, io.LimitReader(r, xlsx.MaxTemplateBytes+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil && n > xlsx.MaxTemplateBytes {
		err = oversight.Errf(oversight.ETooLarge, "err.file_larger_than_mb", xlsx.MaxTemplateBytes>>20)
	}
	if err != nil {
		os.Remove(path)
		return "", "", err
	}
	return token, path, nil
}

// remove deletes user uid's preview token, if there is one.
func (p *previewStore) remove(uid int64, token string) {
	if path := p.path(uid, token); path != "" {
		os.Remove(path)
	}
}

// sweep deletes previews older than previewTTL; p.mu is held.
func (p *previewStore) sweep(now time.Time) {
	users, err := os.ReadDir(p.dir)
	if err != nil {
		return
	}
	for _, u := range users {
		dir := filepath.Join(p.dir, u.Name())
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > previewTTL {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
}

// count is how many previews user uid has waiting (for tests and logs).
func (p *previewStore) count(uid int64) int {
	entries, _ := os.ReadDir(p.userDir(uid))
	return len(entries)
}

// entryImportCancel drops the login's uploaded template without importing.
func (s *Server) entryImportCancel(c *gin.Context) {
	u := currentUser(c)
	if !mayImport(u) {
		s.fail(c, forbidden())
		return
	}
	ctx := c.Request.Context()
	if token := strings.TrimSpace(c.PostForm("token")); token != "" && token == s.sessions.GetString(ctx, uploadKey) {
		s.previews.remove(u.ID, token)
		s.sessions.Remove(ctx, uploadKey)
		s.setFlash(c, translate(lang(c), "entry.cancelled"))
	}
	c.Redirect(http.StatusSeeOther, "/entry/import")
}
