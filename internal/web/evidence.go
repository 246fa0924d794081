package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
)

// evidenceKinds maps a file name's extension to the content type its bytes
// must sniff as. Office Open XML and OpenDocument files are zip archives;
// the older Office formats are OLE compound files, which
// http.DetectContentType does not name, so they are matched by magic.
var evidenceKinds = map[string]string{
	".pdf":  "application/pdf",
	".png":  "image/png",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".gif":  "image/gif",
	".webp": "image/webp",
	".docx": "application/zip",
	".xlsx": "application/zip",
	".pptx": "application/zip",
	".odt":  "application/zip",
	".ods":  "application/zip",
	".doc":  "application/x-ole-storage",
	".xls":  "application/x-ole-storage",
	".ppt":  "application/x-ole-storage",
}

// serveTypes is the content type each extension is served with.
var serveTypes = map[string]string{
	".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".odt":  "application/vnd.oasis.opendocument.text", ".ods": "application/vnd.oasis.opendocument.spreadsheet",
	".doc": "application/msword", ".xls": "application/vnd.ms-excel", ".ppt": "application/vnd.ms-powerpoint",
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// sniff names the type of a file's first bytes.
func sniff(head []byte) string {
	if bytes.HasPrefix(head, oleMagic) {
		return "application/x-ole-storage"
	}
	t := http.DetectContentType(head)
	if i := strings.IndexByte(t, ';'); i >= 0 {
		t = t[:i]
	}
	return t
}

// checkEvidence refuses a file that is too large, of a kind not accepted,
// or whose content does not match its name.
func checkEvidence(name string, size, max int64, head []byte) (string, error) {
	field := func(key string, args ...any) error {
		return &oversight.Error{Code: oversight.EInvalid, Field: "evidence", Key: key, Args: args}
	}
	if size > max {
		return "", field("err.file_too_large_at", name, max>>20)
	}
	if size == 0 {
		return "", field("err.file_empty", name)
	}
	ext := strings.ToLower(filepath.Ext(name))
	want, ok := evidenceKinds[ext]
	if !ok {
		return "", field("err.file_not_accepted_only", name)
	}
	if got := sniff(head); got != want {
		return "", field("err.content_does_not_match", name, ext)
	}
	return serveTypes[ext], nil
}

var shaRe = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (s *Server) evidencePath(sha string) string {
	return filepath.Join(s.cfg.EvidenceDir, sha[:2], sha)
}

// evidenceBatch holds the evidence files of one follow-up, checked and
// written to temporary files, until the row that names them is written:
// commit moves them under their SHA-256 and writes the row, and a failure
// at any step leaves neither files nor row behind.
type evidenceBatch struct {
	s      *Server
	staged []stagedEvidence
}

type stagedEvidence struct {
	tmp string // the temporary file; "" once moved or removed
	e   oversight.Evidence
}

func (s *Server) newEvidenceBatch() *evidenceBatch { return &evidenceBatch{s: s} }

// add checks an uploaded file and writes it to a temporary file in the
// evidence folder (the same file system, so commit only renames).
func (b *evidenceBatch) add(fh *multipart.FileHeader) (oversight.Evidence, error) {
	s := b.s
	name := filepath.Base(strings.ReplaceAll(fh.Filename, `\`, "/"))
	if fh.Size > s.cfg.EvidenceMaxBytes {
		_, err := checkEvidence(name, fh.Size, s.cfg.EvidenceMaxBytes, nil)
		return oversight.Evidence{}, err
	}
	f, err := fh.Open()
	if err != nil {
		return oversight.Evidence{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, s.cfg.EvidenceMaxBytes+1))
	if err != nil {
		return oversight.Evidence{}, err
	}
	head := data
	if len(head) > 512 {
		head = head[:512]
	}
	ctype, err := checkEvidence(name, int64(len(data)), s.cfg.EvidenceMaxBytes, head)
	if err != nil {
		return oversight.Evidence{}, err
	}
	sum := sha256.Sum256(data)
	e := oversight.Evidence{SHA256: hex.EncodeToString(sum[:]), Name: name, ContentType: ctype, Size: int64(len(data))}
	if err := os.MkdirAll(s.cfg.EvidenceDir, 0o750); err != nil {
		return oversight.Evidence{}, fmt.Errorf("evidence folder: %w", err)
	}
	tmp, err := os.CreateTemp(s.cfg.EvidenceDir, evidenceTempPrefix+"*")
	if err != nil {
		return oversight.Evidence{}, err
	}
	b.staged = append(b.staged, stagedEvidence{tmp: tmp.Name(), e: e})
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return oversight.Evidence{}, err
	}
	if err := tmp.Close(); err != nil {
		return oversight.Evidence{}, err
	}
	return e, nil
}

// evidenceTempPrefix names files being uploaded; start-up removes any left
// by a crash.
const evidenceTempPrefix = ".upload-"

// commit moves the staged files under their checksums and calls write
// (which records the rows). If write fails, the files this batch put in
// place are removed again. Commits are serialised, so a file another
// follow-up is recording at the same moment is never removed under it.
func (b *evidenceBatch) commit(write func() error) error {
	s := b.s
	s.evidenceMu.Lock()
	defer s.evidenceMu.Unlock()
	defer b.discard()
	var created []string
	undo := func() {
		for _, p := range created {
			os.Remove(p)
		}
	}
	for i := range b.staged {
		st := &b.staged[i]
		path := s.evidencePath(st.e.SHA256)
		if _, err := os.Stat(path); err == nil {
			continue // the same content is already stored
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
			undo()
			return fmt.Errorf("evidence folder: %w", err)
		}
		if err := os.Rename(st.tmp, path); err != nil {
			undo()
			return err
		}
		st.tmp = ""
		created = append(created, path)
	}
	if err := write(); err != nil {
		undo()
		return err
	}
	return nil
}

// discard removes the temporary files still staged.
func (b *evidenceBatch) discard() {
	for i := range b.staged {
		if b.staged[i].tmp != "" {
			os.Remove(b.staged[i].tmp)
			b.staged[i].tmp = ""
		}
	}
}

// removeEvidenceTemps deletes temporary evidence files a crash left behind;
// it runs at start-up, when no upload is under way.
func removeEvidenceTemps(dir string) {
	tmps, _ := filepath.Glob(filepath.Join(dir, evidenceTempPrefix+"*"))
	old, _ := filepath.Glob(filepath.Join(dir, "??", evidenceTempPrefix+"*")) // written there by earlier versions
	for _, p := range append(tmps, old...) {
		os.Remove(p)
	}
}

func (s *Server) serveEvidence(c *gin.Context) {
	sha := strings.ToLower(c.Param("sha"))
	if !shaRe.MatchString(sha) {
		s.fail(c, notFoundErr(c))
		return
	}
	e, err := s.db.EvidenceBySHA(c.Request.Context(), sha)
	if err == nil && !canManage(c) {
		// Like the session it belongs to, a draft's evidence is shown only
		// to delegates and administrators.
		var published bool
		if published, err = s.db.EvidencePublished(c.Request.Context(), sha); err == nil && !published {
			err = oversight.Errf(oversight.ENotFound, "err.there_no_such_evidence")
		}
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	f, err := os.Open(s.evidencePath(sha))
	if err != nil {
		s.fail(c, oversight.Errf(oversight.ENotFound, "err.evidence_file_no_longer"))
		return
	}
	defer f.Close()
	c.Header("Content-Type", e.ContentType)
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Content-Disposition", fmt.Sprintf("attachment; filename*=UTF-8''%s", url.PathEscape(e.Name)))
	c.Header("Cache-Control", "private, max-age=3600")
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, f)
}
