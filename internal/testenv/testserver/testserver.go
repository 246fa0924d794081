// Package testserver is the one way tests get a running server: the real
// web handler (web.New) on a real SQLite file, served by httptest and
// closed when the test ends.
package testserver

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/cchc/cchc/internal/password"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/testenv"
	"github.com/cchc/cchc/internal/web"
)

// Start serves db with configuration cfg (logs discarded) until the test
// ends.
func Start(t testing.TB, db *sqlite.DB, cfg web.Config) *httptest.Server {
	t.Helper()
	srv, err := web.New(db, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("start the test server: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// Demo serves a database with the reference units, the 2019 demo and one
// account per role (seed.DemoAccounts, with their public passwords).
func Demo(t testing.TB, cfg web.Config) (*httptest.Server, *sqlite.DB) {
	t.Helper()
	db := testenv.Demo(t)
	DemoAccounts(t, db)
	return Start(t, db, cfg), db
}

// DemoAccounts creates the demo accounts in db.
func DemoAccounts(t testing.TB, db *sqlite.DB) {
	t.Helper()
	for _, a := range seed.DemoAccounts {
		if _, err := db.CreateUser(context.Background(), a.Name, a.Role, a.Unit, Hash(t, a.Password), sqlite.Actor{}); err != nil {
			t.Fatalf("create the demo account %s: %v", a.Name, err)
		}
	}
}

var (
	hashMu sync.Mutex
	hashes = map[string]string{}
)

// Hash is password.Hash done once per password per test run: bcrypt is
// slow on purpose, more so under the race detector.
func Hash(t testing.TB, pass string) string {
	t.Helper()
	hashMu.Lock()
	defer hashMu.Unlock()
	if h, ok := hashes[pass]; ok {
		return h
	}
	h, err := password.Hash(pass)
	if err != nil {
		t.Fatalf("hash a test password: %v", err)
	}
	hashes[pass] = h
	return h
}
