package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/testenv/testserver"
	"github.com/cchc/cchc/internal/web"
)

// testEnv is a real server on a real SQLite file with the demo data and
// the demo accounts.
type testEnv struct {
	ts *httptest.Server
	db *sqlite.DB
}

// newEnv starts the app with its clock fixed at 01/02/2020, so what is
// overdue does not depend on the day the tests run.
func newEnv(t *testing.T) *testEnv {
	t.Helper()
	today := time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)
	return newEnvWith(t, web.Config{Demo: true, Now: func() time.Time { return today }})
}

// newEnvWith starts the app on a real SQLite file with the reference
// units, the demo data and the demo accounts, configured by cfg.
// It is testserver.Demo, the one helper for a server (docs/TESTING.md).
func newEnvWith(t *testing.T, cfg web.Config) *testEnv {
	t.Helper()
	ts, db := testserver.Demo(t, cfg)
	return &testEnv{ts: ts, db: db}
}

// demoHash is testserver.Hash: each password hashed once per test run.
func demoHash(t *testing.T, pass string) string { t.Helper(); return testserver.Hash(t, pass) }

// client returns an HTTP client that does not follow redirects, so tests
// see them.
func (e *testEnv) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// login logs a demo account in through the real form.
func (e *testEnv) login(t *testing.T, name string) *http.Client {
	t.Helper()
	c := e.client()
	pass := ""
	for _, a := range seed.DemoAccounts {
		if a.Name == name {
			pass = a.Password
		}
	}
	resp, err := c.PostForm(e.ts.URL+"/login", url.Values{"username": {name}, "password": {pass}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("login %s: status %d location %q", name, resp.StatusCode, resp.Header.Get("Location"))
	}
	return c
}

func (e *testEnv) token(t *testing.T, name string) string {
	t.Helper()
	u, _, err := e.db.UserCredentials(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := e.db.CreateToken(context.Background(), u.ID, "test", sqlite.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func get(t *testing.T, c *http.Client, u string, header ...string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func send(t *testing.T, c *http.Client, method, u, contentType, body string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func decode(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
}
