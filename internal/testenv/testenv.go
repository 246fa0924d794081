// Package testenv is the one way tests get a database: a real SQLite file,
// migrated by sqlite.Open, closed when the test ends. It is imported only
// by tests (of sqlite, seed, entryfile, web, cmd...); the server on top of
// it is in testenv/testserver, so tests of the store do not build the web
// package.
package testenv

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
)

// Open opens (creating and migrating when needed) the database file at
// path and closes it when the test ends. Closing it earlier, to reopen the
// file, is allowed: a second Close does nothing.
func Open(t testing.TB, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open the test database %s: %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Empty is a new, migrated database in the test's temporary directory:
// the metric catalogue and no unit.
func Empty(t testing.TB) *sqlite.DB {
	t.Helper()
	return Open(t, filepath.Join(t.TempDir(), "cchc.db"))
}

// Reference is Empty with the reference units (seed.Reference: Hà Nội 01,
// Hà Đông 268 and its wards, the units of 2025) and no figure.
func Reference(t testing.TB) *sqlite.DB {
	t.Helper()
	db := Empty(t)
	if err := seed.Reference(context.Background(), db); err != nil {
		t.Fatalf("load the reference units: %v", err)
	}
	return db
}

// Demo is Reference with the 2019 demo (seed.Demo: the Hà Đông session,
// its figures and recommendations), without accounts.
func Demo(t testing.TB) *sqlite.DB {
	t.Helper()
	db := Reference(t)
	loaded, err := seed.Demo(context.Background(), db)
	if err != nil || !loaded {
		t.Fatalf("load the demo: loaded=%v err=%v", loaded, err)
	}
	return db
}
