package web_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
)

// approvedBenchEnv is dashBenchEnv on a data set where every unit-month
// with figures is approved: the worst case for "approved only", which
// aggregates approved figures over the subtree instead of reading the
// roll-ups. CCHC_APPROVED_BENCH_DB may name a copy of the national set
// (docs/PERFORMANCE.md, "## approved"); it is changed in place.
func approvedBenchEnv(b *testing.B) {
	b.Helper()
	ctx := context.Background()
	path := os.Getenv("CCHC_APPROVED_BENCH_DB")
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
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		b.Fatal(err)
	}
	// A fixture written directly: approving 80,000 months one by one
	// through the workflow would take longer than the measurement.
	if _, err := raw.Exec(`INSERT OR IGNORE INTO entry_months (unit_id, period, status, updated_at, approved_by, approved_at)
SELECT DISTINCT unit_id, period, 'approved', '2026-11-01T00:00:00Z', 'bench', '2026-11-01T00:00:00Z' FROM metric_values`); err != nil {
		b.Fatal(err)
	}
	raw.Close()
	b.Setenv("CCHC_DASH_BENCH_DB", path)
}

// BenchmarkApprovedNational is the national root, year to date, approved
// figures only, every month approved.
func BenchmarkApprovedNational(b *testing.B) {
	approvedBenchEnv(b)
	base, c := dashBenchEnv(b)
	for b.Loop() {
		dashBenchGet(b, c, base+"/dashboard?figures=approved&unit="+seed.SyntheticRootCode)
	}
}

// BenchmarkApprovedNationalAll is the same page with all figures, on the
// same file: the roll-up path, unaffected by approvals.
func BenchmarkApprovedNationalAll(b *testing.B) {
	approvedBenchEnv(b)
	base, c := dashBenchEnv(b)
	for b.Loop() {
		dashBenchGet(b, c, base+"/dashboard?unit="+seed.SyntheticRootCode)
	}
}

// BenchmarkApprovedProvince is a province, approved figures only.
func BenchmarkApprovedProvince(b *testing.B) {
	approvedBenchEnv(b)
	base, c := dashBenchEnv(b)
	for b.Loop() {
		dashBenchGet(b, c, base+"/dashboard?figures=approved&unit=P07")
	}
}

// BenchmarkApprovedCommune is one commune, approved figures only.
func BenchmarkApprovedCommune(b *testing.B) {
	approvedBenchEnv(b)
	base, c := dashBenchEnv(b)
	for b.Loop() {
		dashBenchGet(b, c, base+"/dashboard?figures=approved&unit=C00007")
	}
}
