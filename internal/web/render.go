package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
	tpl "github.com/cchc/cchc/templates"
)

// requiredPages must exist; startup fails if one is missing or broken.
// Every file in templates/pages is parsed, so a feature adds a page by
// adding its file.
var requiredPages = []string{"login", "dashboard", "unit", "units", "sessions", "session", "error"}

// renderer holds one template set per page (layout + partials + page), so
// pages that each define "content" cannot overwrite each other.
type renderer struct {
	sets map[string]*template.Template
}

func newRenderer(assets func(string) string) (*renderer, error) {
	funcs := template.FuncMap{
		"monthShown": monthShown, // "2019-10" shown "10/2019" in a month box (dateinput.go)
		"t":          text.T,
		// A value that is not a finite number (NaN marks a figure not
		// reported) is shown "—", never 0 and never "NaN".
		"num": countText,
		"dec": func(lang string, v float64) string { return finiteOr(v, text.Number(lang, v, 2)) },
		"pct": percentText,
		"date": func(t any) string {
			switch d := t.(type) {
			case time.Time:
				return d.Format("02/01/2006")
			case *time.Time:
				if d == nil {
					return ""
				}
				return d.Format("02/01/2006")
			}
			return ""
		},
		"datetime":    showDateTime, // timefmt.go
		"periodLabel": text.IndicatorPeriod,
		"metricName": func(lang, code string) string {
			if m, ok := oversight.MetricByCode(code); ok {
				return text.MetricName(lang, m)
			}
			return code
		},
		"metricValue": func(lang, code string, v float64) string {
			if m, ok := oversight.MetricByCode(code); ok && m.Kind == oversight.KindPercent {
				return text.Percent(lang, v)
			}
			return text.Number(lang, v, 2)
		},
		// A message the domain or an import gave as a key and its arguments.
		"message":    func(lang, key string, args []any) string { return text.T(lang, key, args...) },
		"kindName":   func(lang, kind string) string { return text.UnitKind(lang, kind) },
		"roleName":   func(lang string, r oversight.Role) string { return text.Word(lang, r.Key()) },
		"statusName": func(lang, s string) string { return text.RecStatus(lang, s) },
		"asset":      assets,
		"add":        func(a, b int) int { return a + b },
		"seq":        func(n int) []int { return make([]int, n) },
		"deref":      func(p *float64) float64 { return *p },
		"overdue":    func(r oversight.Recommendation, today time.Time) bool { return r.Overdue(today) },
		// sessions feature: action names, and the overdue subset of a unit's recommendations.
		"actionName": func(lang string, a oversight.RecAction) string { return text.Word(lang, a.Key()) },
		"rate":       func(st oversight.RecStats) float64 { r, _ := st.CompletionRate(); return r },
		"statsTable": func(lang, id, kind, head string, rows []oversight.RecStats) map[string]any {
			return map[string]any{"Lang": lang, "ID": id, "Kind": kind, "Head": head, "Rows": rows}
		},
		"recList": func(lang, id string, rows []oversight.Recommendation) map[string]any {
			return map[string]any{"Lang": lang, "ID": id, "Rows": rows}
		},
		"overdueRecs": func(rs []oversight.Recommendation, today time.Time) []oversight.Recommendation {
			var out []oversight.Recommendation
			for _, r := range rs {
				if r.Overdue(today) {
					out = append(out, r)
				}
			}
			return out
		},
	}
	partials, err := fs.Glob(tpl.FS, "partials/*.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(tpl.FS, "pages/*.html")
	if err != nil {
		return nil, err
	}
	var pages []string
	for _, f := range files {
		pages = append(pages, strings.TrimSuffix(path.Base(f), ".html"))
	}
	r := &renderer{sets: map[string]*template.Template{}}
	for _, p := range pages {
		files := append([]string{"layout.html"}, partials...)
		files = append(files, path.Join("pages", p+".html"))
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(tpl.FS, files...)
		if err != nil {
			return nil, fmt.Errorf("parse page %s: %w", p, err)
		}
		r.sets[p] = t
	}
	for _, p := range requiredPages {
		if r.sets[p] == nil {
			return nil, fmt.Errorf("page template pages/%s.html is missing", p)
		}
	}
	return r, nil
}

// view is what every page template receives.
type view struct {
	Lang    string
	Title   string
	User    *oversight.User
	Demo    bool
	Path    string
	Flash   string
	Illustr bool // show the "illustrative figures" notice
	Data    any
}

// render executes a page into a buffer first, so a failing template never
// sends half a page.
func (s *Server) render(c *gin.Context, status int, page, title string, data any) {
	set, ok := s.tmpl.sets[page]
	if !ok {
		s.fail(c, fmt.Errorf("no template for page %q", page))
		return
	}
	v := view{Lang: lang(c), Title: title, User: currentUser(c), Demo: s.cfg.Demo, Path: c.Request.URL.RequestURI(),
		Illustr: s.cfg.Demo, Data: data}
	if f, ok := c.Get(flashKey); ok {
		v.Flash, _ = f.(string)
	} else {
		v.Flash = s.sessions.PopString(c.Request.Context(), flashKey)
	}
	buf := renderBufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 { // a huge page's buffer is let go
			renderBufs.Put(buf)
		}
	}()
	if err := set.ExecuteTemplate(buf, "layout.html", v); err != nil {
		s.fail(c, fmt.Errorf("render %s: %w", page, err))
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes()) // written (copied) before the buffer goes back
}

// renderBufs keeps the buffers pages are executed into: a page written in
// hundreds of small pieces grew a new buffer by doubling on every request
// (twice its size allocated and copied, a sixth of a commune page's
// allocations).
var renderBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const flashKey = "flash"

// setFlash keeps a message for the next page the user sees (after a
// redirect), or for this page when it is rendered directly.
func (s *Server) setFlash(c *gin.Context, msg string) {
	s.sessions.Put(c.Request.Context(), flashKey, msg)
}

// fail answers an error: JSON under /api, a page elsewhere. Only internal
// errors are logged, here, once.
func (s *Server) fail(c *gin.Context, err error) {
	code := oversight.ErrorCode(err)
	status := statusOf(code)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "err", err)
	}
	msg := text.Error(err, lang(c))
	if isAPI(c) {
		c.AbortWithStatusJSON(status, gin.H{"error": gin.H{"code": code, "message": msg}})
		return
	}
	set := s.tmpl.sets["error"]
	var buf bytes.Buffer
	v := view{Lang: lang(c), Title: translate(lang(c), "error.title"), User: currentUser(c), Demo: s.cfg.Demo, Data: msg}
	if err := set.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		c.AbortWithStatus(status)
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
	c.Abort()
}

// statusOf is the one table from error codes to HTTP statuses.
func statusOf(code string) int {
	switch code {
	case oversight.EInvalid:
		return http.StatusBadRequest
	case oversight.ENotFound:
		return http.StatusNotFound
	case oversight.EConflict:
		return http.StatusConflict
	case oversight.EForbidden:
		return http.StatusForbidden
	case oversight.EUnauth:
		return http.StatusUnauthorized
	case oversight.EMethod:
		return http.StatusMethodNotAllowed
	case oversight.ETooLarge:
		return http.StatusRequestEntityTooLarge
	case oversight.ETooMany:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// fieldOf names the form field an error is about, so its message can stand
// beside that field; fallback when the error names none.
func fieldOf(err error, fallback string) string {
	var e *oversight.Error
	if errors.As(err, &e) && e.Field != "" {
		return e.Field
	}
	return fallback
}

// countText and percentText show a count and a percent as the pages do (the
// templates' num and pct, the dashboard's tables written in Go): "—" for
// a value that is not a finite number.
func countText(l string, v float64) string   { return finiteOr(v, text.Number(l, v, 0)) }
func percentText(l string, v float64) string { return finiteOr(v, text.Percent(l, v)) }

// finiteOr is shown when v is a finite number, else "—" (not reported).
func finiteOr(v float64, shown string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return shown
}
