package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/password"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/web"
)

// dashBenchEnv serves a synthetic national data set. With CCHC_DASH_BENCH_DB
// set to a database made by `cchc seed --synthetic --units 3321 --months 120`
// it measures at national scale (docs/PERFORMANCE.md); without, it builds a
// tenth of that (340 communes, 24 months) so the benchmark always runs.
func dashBenchEnv(b *testing.B) (base string, c *http.Client) {
	b.Helper()
	ctx := context.Background()
	path := os.Getenv("CCHC_DASH_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "synthetic.db")
		db, err := sqlite.Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := seed.Synthetic(ctx, db, seed.SyntheticOptions{Provinces: 34, Units: 340, Months: 24, End: oversight.NewMonth(2026, 10), Seed: 1}); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	const name, pass = "dash-bench", "dash-bench-password"
	if _, _, err := db.UserCredentials(ctx, name); err != nil {
		hash, err := password.Hash(pass)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.CreateUser(ctx, name, oversight.RoleDelegate, "", hash, sqlite.Actor{Name: "bench"}); err != nil {
			b.Fatal(err)
		}
	}
	srv, err := web.New(db, web.Config{Now: func() time.Time { return time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC) }},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	jar, _ := cookiejar.New(nil)
	c = &http.Client{Jar: jar}
	resp, err := c.PostForm(ts.URL+"/login", url.Values{"username": {name}, "password": {pass}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	return ts.URL, c
}

func dashBenchGet(b *testing.B, c *http.Client, u string) {
	b.Helper()
	resp, err := c.Get(u)
	if err != nil {
		b.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: status %d", u, resp.StatusCode)
	}
	b.SetBytes(n)
}

// BenchmarkDashNational is the whole page of the national root for the
// default span (year to date), through the real HTTP stack.
func BenchmarkDashNational(b *testing.B) {
	base, c := dashBenchEnv(b)
	dashBenchGet(b, c, base+"/dashboard?unit="+seed.SyntheticRootCode) // warm the roll-ups
	b.ResetTimer()
	for b.Loop() {
		dashBenchGet(b, c, base+"/dashboard?unit="+seed.SyntheticRootCode)
	}
}

// BenchmarkDashNationalYear is the national root over a full year.
func BenchmarkDashNationalYear(b *testing.B) {
	base, c := dashBenchEnv(b)
	for b.Loop() {
		dashBenchGet(b, c, base+"/dashboard?unit="+seed.SyntheticRootCode+"&from=2025-01&to=2025-12")
	}
}

// BenchmarkDashProvince is a province of about a hundred communes.
func BenchmarkDashProvince(b *testing.B) {
	base, c := dashBenchEnv(b)
	for b.Loop() {
		dashBenchGet(b, c, base+"/dashboard?unit=P07")
	}
}

// BenchmarkDashCommune is one commune (a leaf read from its own figures).
func BenchmarkDashCommune(b *testing.B) {
	base, c := dashBenchEnv(b)
	for b.Loop() {
		dashBenchGet(b, c, base+"/dashboard?unit=C00007")
	}
}
