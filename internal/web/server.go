// Package web is cchc's HTTP face: pages for people and a JSON API, on Gin.
// Handlers are thin: they parse, call the store and the domain, and render.
package web

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/password"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
	"github.com/cchc/cchc/static"
)

// Config is what the web layer needs to know from the command line.
type Config struct {
	// Demo shows the demo banner and the illustrative-data notice.
	Demo bool
	// SecureCookies marks the session cookie Secure (when served over TLS,
	// directly or behind a proxy).
	SecureCookies bool
	// SessionLifetime is how long a login lasts at most.
	SessionLifetime time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// EvidenceDir is the folder evidence files of follow-ups are stored
	// in, by SHA-256; empty means "evidence" beside the database.
	EvidenceDir string
	// UploadDir holds uploaded templates between preview and
	// confirmation; empty means "uploads" beside the database. It is
	// emptied at start-up.
	UploadDir string
	// EvidenceMaxBytes is the largest evidence file accepted; 0 means 10 MB.
	EvidenceMaxBytes int64
	// LoginLimits bounds failed logins; the zero value means
	// DefaultLoginLimits.
	LoginLimits LoginLimits
	// LoginClock is the clock of logins: the failed-login limiter and a
	// session's idle timeout; nil means time.Now (tests move it by hand,
	// apart from the app's calendar, Now).
	LoginClock func() time.Time
	// Limits bounds request bodies; zero fields take DefaultBodyLimits.
	Limits BodyLimits
}

// Server holds what the handlers share.
type Server struct {
	db       *sqlite.DB
	cfg      Config
	log      *slog.Logger
	sessions *scs.SessionManager
	near     nearCache // the home province ranked first in unit searches
	tmpl     *renderer
	assets   *assetIndex
	handler  http.Handler
	engine   *gin.Engine
	logins   *loginLimiter
	// checkPassword compares a password with a stored hash
	// (password.Check; tests count the calls).
	checkPassword func(hash, pass []byte) error
	// evidenceMu serialises writing evidence files with their rows.
	evidenceMu sync.Mutex
	// previews holds uploaded templates waiting for confirmation.
	previews *previewStore
	pages    *pageCache // rendered dashboards (pagecache.go)
}

// New builds the server and its routes. It fails if a template or an
// embedded asset is missing.
func New(db *sqlite.DB, cfg Config, log *slog.Logger) (*Server, error) {
	if cfg.SessionLifetime == 0 {
		cfg.SessionLifetime = 12 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.EvidenceDir == "" {
		cfg.EvidenceDir = filepath.Join(filepath.Dir(db.Path), "evidence")
	}
	removeEvidenceTemps(cfg.EvidenceDir)
	if cfg.UploadDir == "" {
		cfg.UploadDir = filepath.Join(filepath.Dir(db.Path), "uploads")
	}
	if cfg.EvidenceMaxBytes == 0 {
		cfg.EvidenceMaxBytes = 10 << 20
	}
	if cfg.LoginClock == nil {
		cfg.LoginClock = time.Now
	}
	if cfg.LoginLimits == (LoginLimits{}) {
		cfg.LoginLimits = DefaultLoginLimits
	}
	cfg.Limits = cfg.Limits.withDefaults()
	s := &Server{db: db, cfg: cfg, log: log, logins: newLoginLimiter(cfg.LoginLimits),
		checkPassword: password.Check, previews: newPreviewStore(cfg.UploadDir),
		pages: newPageCache(pageCacheBytes, pageCacheTTL, time.Now)}
	var err error
	if s.assets, err = newAssetIndex(static.FS); err != nil {
		return nil, err
	}
	if s.tmpl, err = newRenderer(s.assets.url); err != nil {
		return nil, err
	}
	sm := scs.New()
	var store scs.CtxStore = db.WebSessions() // scs then passes each request's context
	sm.Store = store
	sm.Lifetime = cfg.SessionLifetime
	// No sm.IdleTimeout: with it scs rewrites the session row on every
	// request (a database write per page view). identify keeps the idle
	// timeout itself and touches the session at most every sessionTouch.
	sm.Cookie.Name = "cchc_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.SecureCookies
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		log.Error("session store", "err", err)
		http.Error(w, "session error", http.StatusInternalServerError)
	}
	s.sessions = sm

	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	// No proxy is trusted unless configured: otherwise ClientIP believes
	// any X-Forwarded-For header.
	if err := e.SetTrustedProxies(nil); err != nil {
		return nil, err
	}
	e.HandleMethodNotAllowed = true
	e.Use(s.recoverer, s.requestLog, securityHeaders, s.limitBody, s.identify, gzipResponses)
	s.engine = e
	s.routes(e)
	e.NoRoute(func(c *gin.Context) {
		s.fail(c, notFoundErr(c))
	})
	e.NoMethod(func(c *gin.Context) {
		s.fail(c, oversight.Errf(oversight.EMethod, "err.no_method", c.Request.URL.Path, c.Request.Method))
	})

	// Cross-origin state-changing requests are refused before anything
	// else runs (Go's CrossOriginProtection reads Sec-Fetch-Site/Origin).
	csrf := http.NewCrossOriginProtection()
	csrf.SetDenyHandler(http.HandlerFunc(s.denyCrossOrigin))
	s.handler = csrf.Handler(sm.LoadAndSave(e))
	return s, nil
}

// Routes lists every route registered on the engine, so a test can check
// that each has an authorization decision.
func (s *Server) Routes() []gin.RouteInfo { return s.engine.Routes() }

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// CleanSessions removes expired login sessions until ctx ends.
func (s *Server) CleanSessions(ctx context.Context) {
	t := time.NewTicker(30 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.db.WebSessions().DeleteExpired(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("delete expired sessions", "err", err)
			}
		}
	}
}

func isAPI(c *gin.Context) bool {
	p := c.Request.URL.Path
	return strings.HasPrefix(p, "/api/") || p == "/healthz"
}

// denyCrossOrigin answers a request refused as cross-site, in the user's
// language and in the shape the caller expects (JSON for the API). It runs
// outside Gin, before the session is loaded.
func (s *Server) denyCrossOrigin(w http.ResponseWriter, r *http.Request) {
	l := "vi"
	if ck, err := r.Cookie("lang"); err == nil && ck.Value == "en" {
		l = "en"
	}
	err := oversight.Errf(oversight.EForbidden, "err.request_was_refused_because")
	msg := text.Error(err, l)
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": oversight.EForbidden, "message": msg}})
		return
	}
	var buf bytes.Buffer
	v := view{Lang: l, Title: translate(l, "error.title"), Demo: s.cfg.Demo, Data: msg}
	if err := s.tmpl.sets["error"].ExecuteTemplate(&buf, "layout.html", v); err != nil {
		http.Error(w, msg, http.StatusForbidden)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusForbidden)
	_, _ = w.Write(buf.Bytes())
}
