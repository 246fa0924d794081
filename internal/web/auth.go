package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/password"
	"github.com/cchc/cchc/internal/sqlite"
)

// dummyHash is compared against when the user does not exist, so a login
// for an unknown name takes as long as one with a wrong password.
var dummyHash, _ = password.Hash("cchc-no-such-user")

type loginData struct {
	Username string
	Next     string
	Error    string
}

func (s *Server) loginPage(c *gin.Context) {
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
		return
	}
	d := loginData{Next: safeNext(c.Query("next"))}
	if c.Query("next") != "" {
		d.Error = translate(lang(c), "login.required")
	}
	s.render(c, http.StatusOK, "login", translate(lang(c), "login.title"), d)
}

func (s *Server) login(c *gin.Context) {
	ctx := c.Request.Context()
	name := strings.TrimSpace(c.PostForm("username"))
	pass := c.PostForm("password")
	next := safeNext(c.PostForm("next"))
	addr := c.ClientIP()
	now := s.cfg.LoginClock()
	if wait := s.logins.retryAfter(name, addr, now); wait > 0 {
		secs := retrySeconds(wait)
		// Refused attempts are logged, not audited: the audit log is
		// append-only, and a flood of refusals must not fill it.
		s.log.Warn("login rate limited", "user", name, "client_ip", addr, "retry_after_s", secs)
		c.Header("Retry-After", strconv.Itoa(secs))
		s.render(c, http.StatusTooManyRequests, "login", translate(lang(c), "login.title"),
			loginData{Username: name, Next: next, Error: fmt.Sprintf(translate(lang(c), "security.login.limited"), secs)})
		return
	}
	u, hash, err := s.db.UserCredentials(ctx, name)
	// One bcrypt comparison whatever the account: unknown (against a dummy
	// hash), disabled or enabled, so the time taken tells nothing.
	if err != nil {
		hash = dummyHash
	}
	match := s.checkPassword([]byte(hash), []byte(pass)) == nil
	ok := err == nil && !u.Disabled && match
	if !ok {
		s.logins.failed(name, addr, now)
		_ = s.db.Audit(ctx, sqlite.Actor{Name: name}, "login.failed", addr, "")
		s.render(c, http.StatusUnauthorized, "login", translate(lang(c), "login.title"),
			loginData{Username: name, Next: next, Error: translate(lang(c), "login.failed")})
		return
	}
	// A new session token at login, so a token planted before login is useless.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.logins.succeeded(name, addr)
	s.sessions.Put(ctx, "user_id", u.ID)
	s.sessions.Put(ctx, "session_gen", u.SessionGen)
	s.sessions.Put(ctx, "seen", s.cfg.LoginClock().Unix())
	_ = s.db.Audit(ctx, sqlite.Actor{UserID: u.ID, Name: u.Name}, "login", addr, "")
	c.Redirect(http.StatusSeeOther, next)
}

func (s *Server) logout(c *gin.Context) {
	ctx := c.Request.Context()
	if u := currentUser(c); u != nil {
		_ = s.db.Audit(ctx, sqlite.Actor{UserID: u.ID, Name: u.Name}, "logout", c.ClientIP(), "")
	}
	if err := s.sessions.Destroy(ctx); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/login")
}

// switchLang remembers the language in a cookie for a year and goes back.
func (s *Server) switchLang(c *gin.Context) {
	l := c.Param("lang")
	if l != "vi" && l != "en" {
		l = "vi"
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies})
	c.Redirect(http.StatusSeeOther, safeNext(c.Query("next")))
}

// safeNext keeps redirects on this site: every next= (login, language
// switch) goes through it, and anything but a local path becomes "/".
func safeNext(next string) string {
	if !localPath(next) {
		return "/"
	}
	return next
}

// localPath reports whether p, parsed as a URL, is only a path on this
// site (with an optional query): it starts with exactly one "/", has no
// scheme, host or user, and neither p nor its decoded path holds a
// control character or a backslash. Browsers drop tabs and newlines and
// read "\" as "/", so "/<tab>/evil.example" or "/\evil" would leave the site.
func localPath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || unsafeInPath(p) {
		return false
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return false
	}
	return strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(u.Path, "//") && !unsafeInPath(u.Path)
}

func unsafeInPath(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r == '\\' || unicode.IsControl(r) })
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
