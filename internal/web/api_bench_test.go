package web_test

import (
	"testing"

	"github.com/cchc/cchc/internal/seed"
)

// apiBench measures GET /api/v1/values?rollup=subtree for the national root
// over the given span, with the delegate's login session.
func apiBench(b *testing.B, from, to string) {
	base, c := dashBenchEnv(b)
	u := base + "/api/v1/values?unit=" + seed.SyntheticRootCode + "&metrics=dossiers_received&rollup=subtree&from=" + from + "&to=" + to
	dashBenchGet(b, c, u) // the first read refreshes stale roll-ups
	b.ResetTimer()
	for b.Loop() {
		dashBenchGet(b, c, u)
	}
}

// BenchmarkAPISubtreeNationalMonth is one month of the national series.
func BenchmarkAPISubtreeNationalMonth(b *testing.B) { apiBench(b, "2026-10", "2026-10") }

// BenchmarkAPISubtreeNationalYear is thirteen months of it.
func BenchmarkAPISubtreeNationalYear(b *testing.B) { apiBench(b, "2025-10", "2026-10") }

// BenchmarkAPISubtreeNationalTenYears is the whole ten-year series
// (issue 10: under 100 ms).
func BenchmarkAPISubtreeNationalTenYears(b *testing.B) { apiBench(b, "2016-11", "2026-10") }

// BenchmarkAPICompletenessNationalYear is the national completeness of a
// year: 3,321 communes × 12 months.
func BenchmarkAPICompletenessNationalYear(b *testing.B) {
	base, c := dashBenchEnv(b)
	u := base + "/api/v1/completeness?unit=" + seed.SyntheticRootCode + "&from=2025-11&to=2026-10"
	for b.Loop() {
		dashBenchGet(b, c, u)
	}
}
