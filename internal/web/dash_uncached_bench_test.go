package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/seed"
)

// dashBenchFirst measures the first (uncached) render of a dashboard
// address: every request carries a query parameter the page ignores and
// that no earlier request used, so the page cache (pagecache.go, keyed by
// the address) misses every time, and the page is built, gzipped and kept
// as on a user's first visit after a change of the data. The address is
// checked first to be a cache miss and then a hit, so a change that made
// the cache ignore the parameter would show here rather than measure hits.
func dashBenchFirst(b *testing.B, base string, c *http.Client, path string) {
	b.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	probe := base + path + sep + "bench=probe"
	for i, want := range []string{"miss", "hit"} {
		resp, err := c.Get(probe)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("X-Page-Cache"); got != want {
			b.Fatalf("request %d of %s: X-Page-Cache %q, want %q", i+1, probe, got, want)
		}
	}
	n := 0
	for b.Loop() {
		n++
		dashBenchGet(b, c, fmt.Sprintf("%s%s%sbench=%d", base, path, sep, n))
	}
}

// BenchmarkDashFirstNational is the national root's first render, year to
// date (issue 10: under 20 ms of server time).
func BenchmarkDashFirstNational(b *testing.B) {
	base, c := dashBenchEnv(b)
	dashBenchFirst(b, base, c, "/dashboard?unit="+seed.SyntheticRootCode)
}

// BenchmarkDashFirstNationalApproved is the same, approved figures only.
func BenchmarkDashFirstNationalApproved(b *testing.B) {
	base, c := dashBenchEnv(b)
	dashBenchFirst(b, base, c, "/dashboard?figures=approved&unit="+seed.SyntheticRootCode)
}

// BenchmarkDashFirstHome is the first render of /, which finds the home
// unit before building the national dashboard.
func BenchmarkDashFirstHome(b *testing.B) {
	base, c := dashBenchEnv(b)
	dashBenchFirst(b, base, c, "/")
}

// BenchmarkDashFirstProvince is a province of about a hundred communes.
func BenchmarkDashFirstProvince(b *testing.B) {
	base, c := dashBenchEnv(b)
	dashBenchFirst(b, base, c, "/dashboard?unit=P07")
}

// BenchmarkDashFirstProvinceApproved is the same, approved figures only.
func BenchmarkDashFirstProvinceApproved(b *testing.B) {
	base, c := dashBenchEnv(b)
	dashBenchFirst(b, base, c, "/dashboard?figures=approved&unit=P07")
}

// BenchmarkDashFirstCommune is a commune's first render (issue 10: under
// 5 ms of server time).
func BenchmarkDashFirstCommune(b *testing.B) {
	base, c := dashBenchEnv(b)
	dashBenchFirst(b, base, c, "/dashboard?unit=C00007")
}

// BenchmarkDashFirstCommuneApproved is the same, approved figures only.
func BenchmarkDashFirstCommuneApproved(b *testing.B) {
	base, c := dashBenchEnv(b)
	dashBenchFirst(b, base, c, "/dashboard?figures=approved&unit=C00007")
}
