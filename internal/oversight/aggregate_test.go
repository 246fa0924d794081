package oversight

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// Issue 10, case 2: ward A lists 100 procedures in 01, 02 and 03/2025, ward
// B 50 in 01 and 02 only. Each ward's last value in the span counts: 150.
func TestAggregateStockTakesEachUnitsLastValue(t *testing.T) {
	m := func(n int) Month { return NewMonth(2025, n) }
	pts := []Point{
		{1, "procedures_listed", m(1), 100}, {1, "procedures_listed", m(2), 100}, {1, "procedures_listed", m(3), 100},
		{2, "procedures_listed", m(1), 50}, {2, "procedures_listed", m(2), 50},
		{1, "staff_evaluated", m(1), 10}, {1, "staff_evaluated", m(2), 10}, {1, "staff_evaluated", m(3), 10},
		{2, "staff_evaluated", m(1), 5}, {2, "staff_evaluated", m(2), 5},
	}
	tot := Aggregate(pts, Span{From: m(1), To: m(3)})
	if tot["procedures_listed"] != 150 || tot["staff_evaluated"] != 15 {
		t.Errorf("procedures %v, staff %v; want 150 and 15", tot["procedures_listed"], tot["staff_evaluated"])
	}
	// Month by month a stock is that month's: March has only A.
	by := Monthly(pts, Span{From: m(1), To: m(3)}, nil)
	if by[m(1)]["procedures_listed"] != 150 || by[m(3)]["procedures_listed"] != 100 {
		t.Errorf("monthly procedures %v / %v, want 150 / 100", by[m(1)]["procedures_listed"], by[m(3)]["procedures_listed"])
	}
}

// Issue 10, case 3: a rate is computed only where both its counts exist for
// the same unit and month; a missing count is unknown, not zero.
func TestAggregateRateNeedsBothCounts(t *testing.T) {
	jan, feb := NewMonth(2019, 1), NewMonth(2019, 2)
	cases := []struct {
		name string
		pts  []Point
		code string
		want float64 // NaN: no rate
	}{
		{"no online count at all gives no online rate", []Point{{1, "dossiers_received", jan, 100}}, "online_rate", math.NaN()},
		{"resolved without on time gives no on-time rate", []Point{{1, "dossiers_resolved", jan, 10}}, "on_time_rate", math.NaN()},
		{"staff evaluated without not completed gives no share", []Point{{1, "staff_evaluated", jan, 10}}, "staff_completed_or_above_rate", math.NaN()},
		{"a unit without the on-time count is left out of both sides",
			[]Point{{1, "dossiers_resolved", jan, 10}, {1, "dossiers_on_time", jan, 5}, {2, "dossiers_resolved", jan, 1000}}, "on_time_rate", 50},
		{"a month without the on-time count is left out of both sides",
			[]Point{{1, "dossiers_resolved", jan, 10}, {1, "dossiers_on_time", jan, 10}, {1, "dossiers_resolved", feb, 30}}, "on_time_rate", 100},
		{"a stock rate takes each unit's last month with both counts",
			[]Point{{1, "staff_evaluated", jan, 10}, {1, "staff_not_completed", jan, 5}, {1, "staff_evaluated", feb, 20},
				{2, "staff_evaluated", feb, 10}, {2, "staff_not_completed", feb, 0}}, "staff_completed_or_above_rate", 75},
		{"zero resolved gives no rate", []Point{{1, "dossiers_resolved", jan, 0}, {1, "dossiers_on_time", jan, 0}}, "on_time_rate", math.NaN()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Aggregate(tc.pts, Span{From: jan, To: feb})[tc.code]
			if math.IsNaN(tc.want) {
				if ok {
					t.Errorf("%s = %v, want none", tc.code, got)
				}
				return
			}
			if !ok || math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("%s = %v (%v), want %v", tc.code, got, ok, tc.want)
			}
		})
	}
}

// Issue 10, case 4: figures of a month after a unit was retired do not count.
func TestAggregateCountsAUnitOnlyWhileItExisted(t *testing.T) {
	end := time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	units := []Unit{{ID: 1}, {ID: 2, ValidTo: &end}}
	pts := []Point{{1, "dossiers_received", NewMonth(2025, 1), 20}, {2, "dossiers_received", NewMonth(2025, 1), 30},
		{2, "dossiers_received", NewMonth(2024, 12), 7}}
	got := AggregateIn(pts, Span{From: NewMonth(2024, 12), To: NewMonth(2025, 1)}, ExistenceOf(units))
	if got["dossiers_received"] != 27 {
		t.Errorf("received = %v, want 27 (20 + B's 7 of 12/2024)", got["dossiers_received"])
	}
}

// The engine against a second, deliberately plain implementation of the
// rules written here from DOMAIN.md, on random data with gaps.
func TestAggregateAgreesWithABruteForceOracle(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 17))
	for round := range 200 {
		nUnits := 1 + r.IntN(5)
		span := Span{From: NewMonth(2019, 1+r.IntN(12)), To: 0}
		span.To = span.From.Add(r.IntN(14))
		var units []Unit
		for u := range nUnits {
			x := Unit{ID: int64(u + 1)}
			if r.IntN(3) == 0 {
				d := span.From.Add(r.IntN(span.Len())).LastDay()
				x.ValidTo = &d
			}
			if r.IntN(4) == 0 {
				d := span.From.Add(r.IntN(span.Len())).FirstDay()
				x.ValidFrom = &d
			}
			units = append(units, x)
		}
		var pts []Point
		for _, u := range units {
			for _, mo := range span.Months() {
				for _, mt := range Catalogue {
					if r.IntN(3) == 0 {
						continue
					}
					v := float64(r.IntN(50))
					if mt.Kind == KindPercent {
						v = float64(r.IntN(101))
					}
					pts = append(pts, Point{u.ID, mt.Code, mo, v})
				}
			}
		}
		got := AggregateIn(pts, span, ExistenceOf(units))
		want := oracle(pts, span, units)
		for _, code := range append(codesOf(Catalogue), "on_time_rate", "online_rate", "staff_completed_or_above_rate") {
			g, gok := got[code]
			w, wok := want[code]
			if gok != wok || gok && math.Abs(g-w) > 1e-6 {
				t.Fatalf("round %d %s: engine %v %v, oracle %v %v", round, code, g, gok, w, wok)
			}
		}
	}
}

func codesOf(ms []Metric) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Code)
	}
	return out
}

// oracle computes every figure the slow obvious way: loops over units and
// months, no maps of accumulators.
func oracle(pts []Point, span Span, units []Unit) Totals {
	alive := func(u Unit, mo Month) bool {
		return (u.ValidFrom == nil || !u.ValidFrom.After(mo.LastDay())) && (u.ValidTo == nil || !u.ValidTo.Before(mo.FirstDay()))
	}
	val := func(u Unit, code string, mo Month) (float64, bool) {
		if !alive(u, mo) {
			return 0, false
		}
		for _, p := range pts {
			if p.Unit == u.ID && p.Metric == code && p.Month == mo {
				return p.Value, true
			}
		}
		return 0, false
	}
	// perUnit is a unit's figure of code over the span by the metric's rule.
	perUnit := func(u Unit, m Metric) (float64, bool) {
		months := span.Months()
		switch m.Agg {
		case AggFlow:
			sum, any := 0.0, false
			for _, mo := range months {
				if v, ok := val(u, m.Code, mo); ok {
					sum, any = sum+v, true
				}
			}
			return sum, any
		case AggStockStart:
			for _, mo := range months {
				if v, ok := val(u, m.Code, mo); ok {
					return v, true
				}
			}
		default:
			for i := len(months) - 1; i >= 0; i-- {
				if v, ok := val(u, m.Code, months[i]); ok {
					return v, true
				}
			}
		}
		return 0, false
	}
	out := Totals{}
	for _, m := range Catalogue {
		n, sum, wsum, wtot := 0, 0.0, 0.0, 0.0
		for _, u := range units {
			v, ok := perUnit(u, m)
			if !ok {
				continue
			}
			n++
			sum += v
			if m.Kind == KindPercent {
				if w, ok := perUnit(u, mustByCode(m.Weight)); ok {
					wsum += v * w
					wtot += w
				}
			}
		}
		switch {
		case n == 0:
		case m.Kind != KindPercent:
			out[m.Code] = sum
		case n == 1:
			out[m.Code] = sum
		case wtot > 0:
			out[m.Code] = wsum / wtot
		}
	}
	rate := func(code, a, b string, stock bool, num func(x, y float64) float64) {
		var nu, de float64
		any := false
		for _, u := range units {
			months := span.Months()
			if stock {
				for i := len(months) - 1; i >= 0; i-- {
					x, okx := val(u, a, months[i])
					y, oky := val(u, b, months[i])
					if okx && oky {
						nu, de, any = nu+num(x, y), de+y, true
						break
					}
				}
				continue
			}
			for _, mo := range months {
				x, okx := val(u, a, mo)
				y, oky := val(u, b, mo)
				if okx && oky {
					nu, de, any = nu+num(x, y), de+y, true
				}
			}
		}
		if any && de != 0 {
			out[code] = 100 * nu / de
		}
	}
	first := func(x, _ float64) float64 { return x }
	rate("on_time_rate", "dossiers_on_time", "dossiers_resolved", false, first)
	rate("online_rate", "dossiers_received_online", "dossiers_received", false, first)
	rate("staff_completed_or_above_rate", "staff_not_completed", "staff_evaluated", true, func(x, y float64) float64 { return y - x })
	return out
}

func mustByCode(code string) Metric {
	m, _ := MetricByCode(code)
	return m
}
