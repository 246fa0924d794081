package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"testing"

	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
)

// BenchmarkUnitsPages measures finding units through the real HTTP stack:
// the tree listing, a level opened, the search page and the typeahead's
// API, and unit pages (owned by the units branch; measured here so that
// the listing's links are known to be fast too). With CCHC_UNITS_BENCH_DB
// set to a national database (docs/PERFORMANCE.md says how the 14,150-unit
// one was made) it runs at that scale; without, on dashBenchEnv's small
// synthetic set.
func BenchmarkUnitsPages(b *testing.B) {
	if p := os.Getenv("CCHC_UNITS_BENCH_DB"); p != "" {
		b.Setenv("CCHC_DASH_BENCH_DB", p)
	}
	base, c := dashBenchEnv(b)
	ctx := context.Background()
	db, err := sqlite.Open(ctx, os.Getenv("CCHC_DASH_BENCH_DB"))
	rootID, provinceID := int64(1), int64(2)
	if err == nil && os.Getenv("CCHC_DASH_BENCH_DB") != "" {
		if u, err := db.UnitByCode(ctx, seed.SyntheticRootCode); err == nil {
			rootID = u.ID
		}
		if u, err := db.UnitByCode(ctx, "P01"); err == nil {
			provinceID = u.ID
		}
		db.Close()
	}
	for _, p := range []struct{ name, path string }{
		{"tree", "/units"},
		{"tree_open_province", fmt.Sprintf("/units?open=%d", provinceID)},
		{"level_root", fmt.Sprintf("/units?children=%d", rootID)},
		{"level_province", fmt.Sprintf("/units?children=%d", provinceID)},
		{"search_page_ha_dong", "/units?q=ha+dong"},
		{"api_search_ha_dong", "/api/v1/units/search?q=ha+dong"},
		{"api_search_x", "/api/v1/units/search?q=x"},
		{"api_search_phuong_1", "/api/v1/units/search?q=phuong+1"},
		{"api_search_under_province", "/api/v1/units/search?q=xa&under=P01"},
		{"unit_page_root", "/units/" + seed.SyntheticRootCode},
		{"unit_page_province", "/units/P01"},
		{"unit_page_commune", "/units/C00007"},
		{"unit_page_district_268", "/units/268"},
		// Pages with a unit picker: their handlers (other files) still read
		// every unit, which the typeahead no longer needs.
		{"picker_export", "/export"},
		{"picker_session_new", "/sessions/new"},
		{"picker_recommendations", "/recommendations"},
	} {
		b.Run(p.name, func(b *testing.B) {
			resp, err := c.Get(base + p.path)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusNotFound {
				b.Skipf("%s is not in this data set", p.path)
			}
			for b.Loop() {
				dashBenchGet(b, c, base+p.path)
			}
		})
	}
}
