package web_test

import "testing"

// BenchmarkDashFirstProvinceOfficial is the first render of a province of
// the official tree (cchc seed --synthetic): Hà Nội, code 01, which names
// the old city until 30/06/2025 and the new one, formed from it and parts
// of others, after; its dashboard shows the then and now of its communes.
func BenchmarkDashFirstProvinceOfficial(b *testing.B) {
	base, c := dashBenchEnv(b)
	dashBenchFirst(b, base, c, "/dashboard?unit=01")
}
