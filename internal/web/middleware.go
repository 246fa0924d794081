package web

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
)

const (
	userKey    = "user"
	langKey    = "lang"
	authErrKey = "auth_error"
)

func (s *Server) recoverer(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			s.log.Error("panic", "path", c.Request.URL.Path, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			s.fail(c, fmt.Errorf("panic: %v", r))
		}
	}()
	c.Next()
}

func (s *Server) requestLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	s.log.Info("request", "method", c.Request.Method, "path", c.Request.URL.Path, "status", c.Writer.Status(),
		"duration_ms", time.Since(start).Milliseconds(), "client_ip", c.ClientIP())
}

// securityHeaders sets the headers every response carries. The policy
// allows only the app's own origin: no CDN, no inline script.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	c.Next()
}

// identify works out the language and who is asking: a bearer token for
// the API, or the login session.
func (s *Server) identify(c *gin.Context) {
	l := "vi"
	if ck, err := c.Cookie("lang"); err == nil && ck == "en" {
		l = "en"
	}
	if q := c.Query("lang"); q == "en" || q == "vi" {
		l = q
	}
	c.Set(langKey, l)
	ctx := c.Request.Context()
	if auth := c.GetHeader("Authorization"); len(auth) > 7 && strings.EqualFold(auth[:7], "bearer ") {
		// A bad token does not stop the request here: open routes (the
		// health check) still answer, and requireLogin explains the refusal.
		u, err := s.db.UserByToken(ctx, strings.TrimSpace(auth[7:]))
		if err != nil {
			c.Set(authErrKey, err)
		} else {
			c.Set(userKey, &u)
		}
		c.Next()
		return
	}
	if id := s.sessions.GetInt64(ctx, "user_id"); id != 0 && s.sessionAwake(ctx) {
		u, err := s.db.UserByID(ctx, id)
		// A session made before the password was reset or the account was
		// disabled carries an older generation and no longer counts.
		if err == nil && !u.Disabled && u.SessionGen == s.sessions.GetInt64(ctx, "session_gen") {
			c.Set(userKey, &u)
		}
	}
	c.Next()
}

// A login session ends after sessionIdle without a request. The time of the
// last request is kept in the session itself and rewritten only when it is
// older than sessionTouch, so reading pages does not write the database
// on every view (scs's own IdleTimeout would).
const (
	sessionIdle  = 2 * time.Hour
	sessionTouch = 10 * time.Minute
)

// sessionAwake says whether the login session of ctx has been used within
// sessionIdle, and records this request when the last record is older than
// sessionTouch. A session that slept too long is destroyed.
func (s *Server) sessionAwake(ctx context.Context) bool {
	now := s.cfg.LoginClock()
	// Kept as Unix seconds: gob, scs's codec, needs no registration for it.
	var seen time.Time
	if sec := s.sessions.GetInt64(ctx, "seen"); sec != 0 {
		seen = time.Unix(sec, 0)
	}
	if !seen.IsZero() && now.Sub(seen) > sessionIdle {
		_ = s.sessions.Destroy(ctx)
		return false
	}
	if seen.IsZero() || now.Sub(seen) > sessionTouch {
		s.sessions.Put(ctx, "seen", now.Unix())
	}
	return true
}

func currentUser(c *gin.Context) *oversight.User {
	if v, ok := c.Get(userKey); ok {
		if u, ok := v.(*oversight.User); ok {
			return u
		}
	}
	return nil
}

func lang(c *gin.Context) string {
	if v, ok := c.Get(langKey); ok {
		if l, ok := v.(string); ok {
			return l
		}
	}
	return "vi"
}

// requireLogin sends anonymous visitors to /login (pages) or answers 401 (API).
func (s *Server) requireLogin(c *gin.Context) {
	if currentUser(c) != nil {
		c.Next()
		return
	}
	if isAPI(c) {
		c.Header("WWW-Authenticate", `Bearer realm="cchc"`)
		if err, ok := c.Get(authErrKey); ok {
			s.fail(c, err.(error))
			return
		}
		s.fail(c, oversight.Errf(oversight.EUnauth, "err.log_in_or_send"))
		return
	}
	next := c.Request.URL.RequestURI()
	if c.Request.Method != http.MethodGet {
		next = "/"
	}
	c.Redirect(http.StatusSeeOther, "/login?next="+urlQueryEscape(next))
	c.Abort()
}

// requireAdmin lets only administrators through.
func (s *Server) requireAdmin(c *gin.Context) {
	if u := currentUser(c); u == nil || !u.CanAdminister() {
		s.fail(c, forbidden())
		return
	}
	c.Next()
}

func forbidden() error {
	return oversight.Errf(oversight.EForbidden, "err.you_not_allowed_do")
}

// mayImport reports whether u may write figures anywhere, and so may send
// a workbook to be read at all: an administrator, or staff with a unit.
// Handlers that take a workbook check it before reading a byte of the
// file; which units the file may touch is checked again once it is read.
func mayImport(u *oversight.User) bool {
	return u != nil && (u.Role == oversight.RoleAdmin || (u.Role == oversight.RoleStaff && u.UnitID != 0))
}

func notFoundErr(c *gin.Context) error {
	return oversight.Errf(oversight.ENotFound, "err.no_page", c.Request.URL.Path)
}

// BodyLimits bounds the size of request bodies. Zero fields take the
// defaults of DefaultBodyLimits.
type BodyLimits struct {
	// Form bounds ordinary form posts and anything not named below.
	Form int64
	// JSON bounds JSON bodies sent to /api/ (batches of figures).
	JSON int64
	// Upload bounds multipart bodies (workbook uploads).
	Upload int64
}

// DefaultBodyLimits: 1 MiB for forms, 16 MiB for API JSON (50,000 figures
// take about 5 MB), 32 MiB for uploads.
var DefaultBodyLimits = BodyLimits{Form: 1 << 20, JSON: 16 << 20, Upload: 32 << 20}

func (b BodyLimits) withDefaults() BodyLimits {
	if b.Form == 0 {
		b.Form = DefaultBodyLimits.Form
	}
	if b.JSON == 0 {
		b.JSON = DefaultBodyLimits.JSON
	}
	if b.Upload == 0 {
		b.Upload = DefaultBodyLimits.Upload
	}
	return b
}

// limitFor picks the body limit of a request by what it carries.
func (b BodyLimits) limitFor(r *http.Request) int64 {
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "multipart/form-data"):
		return b.Upload
	case strings.HasPrefix(r.URL.Path, "/api/") && strings.HasPrefix(ct, "application/json"):
		return b.JSON
	}
	return b.Form
}

// limitBody refuses a body larger than its limit: at once with 413 when
// Content-Length says so, and through http.MaxBytesReader (reading stops
// at the limit) when the client does not say how much it sends.
func (s *Server) limitBody(c *gin.Context) {
	r := c.Request
	if r.Body == nil || r.Body == http.NoBody {
		c.Next()
		return
	}
	limit := s.cfg.Limits.limitFor(r)
	if r.ContentLength > limit {
		// The client will not read an answer while it is still sending a
		// huge body; close the connection after answering.
		c.Header("Connection", "close")
		s.fail(c, tooLarge(r.ContentLength, limit))
		return
	}
	r.Body = http.MaxBytesReader(c.Writer, r.Body, limit)
	c.Next()
}

func tooLarge(size, limit int64) error {
	return oversight.Errf(oversight.ETooLarge, "err.request_too_large_limit", sizeText(size), sizeText(limit))
}

// sizeText writes a byte count the way people read it.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// gzipPool keeps gzip writers between responses: each holds about 800 KB
// of compression state.
var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return w
}}

// gzipResponses compresses HTML and JSON for clients that accept gzip.
// It decides when the handler starts its body, from the headers set by
// then: never a response already encoded (static assets carry their own
// gzip, with Content-Length and ETag), never a download (exports stream
// with Content-Disposition: attachment; xlsx and images are compressed
// already), never a body-less status or a HEAD.
func gzipResponses(c *gin.Context) {
	if c.Request.Method == http.MethodHead || !acceptsGzip(c.Request.Header.Get("Accept-Encoding")) {
		c.Next()
		return
	}
	w := &gzipWriter{ResponseWriter: c.Writer}
	c.Writer = w
	// Deferred, so a page written before a panic is still ended, and the
	// recoverer's error page (written after) goes to the plain writer.
	defer func() {
		c.Writer = w.ResponseWriter
		if w.gz != nil {
			if err := w.gz.Close(); err == nil {
				w.gz.Reset(io.Discard)
				gzipPool.Put(w.gz)
			}
			w.gz = nil
		}
	}()
	c.Next()
}

// acceptsGzip reads an Accept-Encoding header: gzip listed and not
// refused with q=0.
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// gzipWriter compresses what the handler writes once decide says so.
type gzipWriter struct {
	gin.ResponseWriter
	decided bool
	gz      *gzip.Writer
}

// gzipMinSize is the smallest first write worth compressing: below it
// (redirects, short JSON answers) gzip's header and trailer make the
// response larger. Pages are rendered into a buffer and written at once.
const gzipMinSize = 512

// decide is called before the first byte goes out; first is the size of
// the first write, or -1 when the headers are sent before any.
func (w *gzipWriter) decide(first int) {
	if w.decided {
		return
	}
	w.decided = true
	h := w.Header()
	typ := h.Get("Content-Type")
	compressible := strings.HasPrefix(typ, "text/html") || strings.HasPrefix(typ, "application/json")
	if !compressible {
		return
	}
	h.Add("Vary", "Accept-Encoding")
	st := w.ResponseWriter.Status()
	if h.Get("Content-Encoding") != "" || strings.HasPrefix(h.Get("Content-Disposition"), "attachment") ||
		st < 200 || st == http.StatusNoContent || st == http.StatusNotModified || first >= 0 && first < gzipMinSize {
		return
	}
	h.Del("Content-Length")
	h.Set("Content-Encoding", "gzip")
	w.gz = gzipPool.Get().(*gzip.Writer)
	w.gz.Reset(w.ResponseWriter)
}

func (w *gzipWriter) WriteHeaderNow() {
	w.decide(-1)
	w.ResponseWriter.WriteHeaderNow()
}

func (w *gzipWriter) Write(p []byte) (int, error) {
	w.decide(len(p))
	if w.gz == nil {
		return w.ResponseWriter.Write(p)
	}
	w.ResponseWriter.WriteHeaderNow()
	return w.gz.Write(p)
}

func (w *gzipWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

func (w *gzipWriter) Flush() {
	if w.gz != nil {
		_ = w.gz.Flush()
	}
	w.ResponseWriter.Flush()
}
