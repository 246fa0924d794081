package web

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/entryfile"
	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
	"github.com/cchc/cchc/internal/xlsx"
)

// The template import: upload, preview with every refused cell named, and
// the all-or-nothing confirmation.

type importData struct {
	Report  xlsx.ImportReport
	Token   string
	Name    string
	Done    bool
	Message string
	Lang    string
}

func (s *Server) entryImportPage(c *gin.Context) {
	s.render(c, http.StatusOK, "entry_import", translate(lang(c), "entry.import"), importData{})
}

const uploadKey = "entry.upload"

// saver wraps SaveEntries for xlsx.Import, refusing units user may not write;
// it sets *refused when it did, so the handler answers 403, not 422.
func (s *Server) saver(ctx context.Context, user oversight.User, a sqlite.Actor, refused *bool) xlsx.SaveFunc {
	return func(rows []oversight.EntryRow, dryRun bool) ([]oversight.RowIssue, bool, int, error) {
		var denied []oversight.RowIssue
		ok := map[string]bool{}
		for i, r := range rows {
			// A code is resolved at the row's month (codes are reused).
			key := r.Unit + "|" + r.Month.String()
			allowed, seen := ok[key]
			if !seen {
				if u, err := s.db.UnitDuring(ctx, r.Unit, oversight.Span{From: r.Month, To: r.Month}); err == nil {
					chain, err := s.db.AncestorIDs(ctx, u.ID)
					if err != nil {
						return nil, false, 0, err
					}
					allowed = user.CanWriteValues(chain)
				} else {
					allowed = true // unknown units are reported by SaveEntries
				}
				ok[key] = allowed
			}
			if !allowed {
				denied = append(denied, oversight.RowIssue{Row: i, Issue: oversight.Issue{Metric: r.Metric, Severity: oversight.SevError,
					Key: "err.you_may_not_enter", Args: []any{r.Unit}}})
			}
		}
		if len(denied) > 0 {
			*refused = true
			return denied, false, 0, nil
		}
		res, err := s.db.SaveEntries(ctx, rows, "import", a, dryRun)
		return res.Issues, res.Saved, res.Changed, err
	}
}

func (s *Server) entryImportUpload(c *gin.Context) {
	ctx := c.Request.Context()
	l := lang(c)
	if !mayImport(currentUser(c)) {
		s.fail(c, forbidden())
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, xlsx.MaxTemplateBytes+1<<20)
	fh, err := c.FormFile("file")
	if err != nil {
		s.render(c, http.StatusUnprocessableEntity, "entry_import", translate(l, "entry.import"),
			importData{Message: translate(l, "entry.import.choose_file", xlsx.MaxTemplateBytes>>20)})
		return
	}
	f, err := fh.Open()
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	// Previews are per user and bounded (previews.go); file times are the
	// real clock, not cfg.Now.
	token, path, err := s.previews.save(currentUser(c).ID, f, s.sessions.GetString(ctx, uploadKey), time.Now())
	if err != nil {
		s.fail(c, err)
		return
	}
	in, err := os.Open(path)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer in.Close()
	var refused bool
	rep, err := xlsx.Import(in, entryfile.RowUnits(ctx, s.db), s.saver(ctx, *currentUser(c), actor(c), &refused), "", false)
	if err != nil {
		os.Remove(path)
		if oversight.ErrorCode(err) == oversight.EInternal {
			s.fail(c, err)
			return
		}
		s.render(c, http.StatusUnprocessableEntity, "entry_import", translate(l, "entry.import"), importData{Message: text.Error(err, l)})
		return
	}
	d := importData{Report: rep, Name: fh.Filename, Lang: l}
	if rep.Errors == 0 {
		// Only this login may confirm this file.
		s.sessions.Put(ctx, uploadKey, token)
		d.Token = token
	} else {
		os.Remove(path)
	}
	status := http.StatusOK
	if rep.Errors > 0 {
		status = http.StatusUnprocessableEntity
	}
	if refused {
		// A file naming a unit outside the caller's subtree is an
		// authorization refusal (as on the form, the grid and the API),
		// not a typing error: 403, with the cells listed as before.
		status = http.StatusForbidden
	}
	s.render(c, status, "entry_import", translate(l, "entry.import"), d)
}

func (s *Server) entryImportConfirm(c *gin.Context) {
	ctx := c.Request.Context()
	l := lang(c)
	if !mayImport(currentUser(c)) {
		s.fail(c, forbidden())
		return
	}
	token := c.PostForm("token")
	if token == "" || token != s.sessions.GetString(ctx, uploadKey) || strings.ContainsAny(token, "./\\") {
		s.fail(c, oversight.Errf(oversight.EConflict, "err.uploaded_file_has_expired"))
		return
	}
	path := s.previews.path(currentUser(c).ID, token)
	in, err := os.Open(path)
	if err != nil {
		s.fail(c, oversight.Errf(oversight.EConflict, "err.uploaded_file_has_expired_2"))
		return
	}
	defer in.Close()
	reason := strings.TrimSpace(c.PostForm("reason"))
	var refused bool
	rep, err := xlsx.Import(in, entryfile.RowUnits(ctx, s.db), s.saver(ctx, *currentUser(c), actor(c), &refused), reason, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	if refused {
		// The caller's rights are checked again at confirmation: they may
		// have changed since the preview. Nothing was written.
		s.fail(c, forbidden())
		return
	}
	if !rep.Saved {
		d := importData{Report: rep, Token: token, Lang: l, Message: translate(l, "entry.import.not_saved")}
		s.render(c, http.StatusUnprocessableEntity, "entry_import", translate(l, "entry.import"), d)
		return
	}
	in.Close()
	os.Remove(path)
	s.sessions.Remove(ctx, uploadKey)
	s.setFlash(c, fmt.Sprintf(translate(l, "entry.imported"), rep.Values, rep.Changed))
	c.Redirect(http.StatusSeeOther, entryURL("/entry/grid", rep.Unit, rep.Month))
}
