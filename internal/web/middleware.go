package web

import (
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
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
	if id := s.sessions.GetInt64(ctx, "user_id"); id != 0 {
		u, err := s.db.UserByID(ctx, id)
		if err == nil && !u.Disabled {
			c.Set(userKey, &u)
		}
	}
	c.Next()
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
		s.fail(c, oversight.Bilingual(oversight.EUnauth,
			"Cần đăng nhập hoặc mã truy cập API (Authorization: Bearer ...).",
			"Log in or send an API token (Authorization: Bearer ...)."))
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
	return oversight.Bilingual(oversight.EForbidden, "Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this.")
}

func notFoundErr(c *gin.Context) error {
	return oversight.Bilingual(oversight.ENotFound,
		"Không tìm thấy trang "+c.Request.URL.Path+".", "There is no page at "+c.Request.URL.Path+".")
}
