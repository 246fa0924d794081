package oversight

import (
	"math"
	"testing"
)

// oracleFixture is a small fixture with gaps, its figures worked out by
// hand in the comments of TestAggregateByHand. The points are given out of
// month order on purpose.
func oracleFixture() []Point {
	jan, feb, mar := NewMonth(2019, 1), NewMonth(2019, 2), NewMonth(2019, 3)
	return []Point{
		// Unit 1: flows on time and resolved, with March's on-time missing.
		{1, "dossiers_resolved", mar, 5},
		{1, "dossiers_resolved", feb, 20}, {1, "dossiers_on_time", feb, 15},
		{1, "dossiers_resolved", jan, 10}, {1, "dossiers_on_time", jan, 8},
		{1, "dossiers_received", jan, 100}, {1, "dossiers_received_online", jan, 40},
		{1, "staff_evaluated", mar, 120},
		{1, "staff_evaluated", jan, 100}, {1, "staff_not_completed", jan, 2},
		{1, "staff_evaluated", feb, 110}, {1, "staff_not_completed", feb, 1},
		{1, "dossiers_carried_over", feb, 7}, {1, "dossiers_carried_over", jan, 5},
		{1, "procedures_listed", mar, 200}, {1, "procedures_time_cut_pct", mar, 80},
		{1, "procedures_listed", jan, 100}, {1, "procedures_time_cut_pct", jan, 50},
		// Unit 2: nothing in February's dossiers, March's resolved missing.
		{2, "dossiers_on_time", mar, 7},
		{2, "dossiers_resolved", jan, 30}, {2, "dossiers_on_time", jan, 30},
		{2, "dossiers_received", feb, 50}, {2, "dossiers_received_online", feb, 10},
		{2, "staff_evaluated", feb, 50}, {2, "staff_not_completed", feb, 5},
		{2, "dossiers_carried_over", feb, 3},
		{2, "procedures_listed", feb, 100}, {2, "procedures_time_cut_pct", feb, 20},
		// Outside the span: never counted.
		{1, "dossiers_resolved", NewMonth(2018, 12), 1000}, {2, "staff_evaluated", NewMonth(2019, 4), 1000},
	}
}

// Issue 17, item 4: every figure and every indicator of a span, expected
// values worked out by hand, not by another function of the package.
func TestAggregateByHand(t *testing.T) {
	span := Span{From: NewMonth(2019, 1), To: NewMonth(2019, 3)}
	want := Totals{
		"dossiers_resolved":        10 + 20 + 5 + 30, // flows: every month, every unit
		"dossiers_on_time":         8 + 15 + 30 + 7,
		"dossiers_received":        150,
		"dossiers_received_online": 50,
		"staff_evaluated":          120 + 50, // stocks: each unit's last month, then summed
		"staff_not_completed":      1 + 5,
		"dossiers_carried_over":    5 + 3,     // stock at the start: each unit's first month
		"procedures_listed":        200 + 100, // unit 1's March, unit 2's February
		"procedures_time_cut_pct":  60,        // (200×80 + 100×20) / 300
		// Rates only from unit-months with both counts: unit 1 Jan and Feb,
		// unit 2 Jan: (8+15+30) / (10+20+30).
		"on_time_rate": 53.0 / 60 * 100,
		// 40 of 100 and 10 of 50.
		"online_rate": 50.0 / 150 * 100,
		// Stocks: each unit's last month with both counts (unit 1 February,
		// not March where "not completed" is missing; unit 2 February):
		// (110−1 + 50−5) / (110 + 50).
		"staff_completed_or_above_rate": 154.0 / 160 * 100,
	}
	got := AggregateIn(oracleFixture(), span, nil)
	for code, w := range want {
		if g, ok := got[code]; !ok || math.Abs(g-w) > 1e-9 {
			t.Errorf("%s = %v (present %v), want %v", code, g, ok, w)
		}
	}
	for code := range got {
		if _, ok := want[code]; !ok {
			t.Errorf("%s = %v: nothing was reported for it", code, got[code])
		}
	}
}

// A unit that did not exist in a month adds nothing for that month: unit 2
// retired after February loses its March on-time figure, and only that.
func TestAggregateByHandWithARetiredUnit(t *testing.T) {
	span := Span{From: NewMonth(2019, 1), To: NewMonth(2019, 3)}
	existed := func(u int64, m Month) bool { return u != 2 || m <= NewMonth(2019, 2) }
	got := AggregateIn(oracleFixture(), span, existed)
	if g := got["dossiers_on_time"]; g != 8+15+30 {
		t.Errorf("on time with unit 2 gone in March = %v, want 53", g)
	}
	if g := got["dossiers_resolved"]; g != 65 {
		t.Errorf("resolved = %v, want 65 (unit 2 reported none in March)", g)
	}
	// February alone, within unit 2's life.
	feb := AggregateIn(oracleFixture(), Span{From: NewMonth(2019, 2), To: NewMonth(2019, 2)}, existed)
	if g := feb["staff_evaluated"]; g != 160 {
		t.Errorf("February staff evaluated = %v, want 110 + 50", g)
	}
	if g, ok := feb["on_time_rate"]; !ok || g != 75 {
		t.Errorf("February on-time rate = %v %v, want 15/20 = 75", g, ok)
	}
}

// Each indicator's numerator and denominator on one unit-month, by hand.
func TestIndicatorsNumDenByHand(t *testing.T) {
	month := map[string]float64{
		"dossiers_on_time": 45, "dossiers_resolved": 50,
		"dossiers_received_online": 12, "dossiers_received": 48,
		"staff_evaluated": 200, "staff_not_completed": 3,
	}
	get := func(code string) float64 { return month[code] }
	want := map[string][2]float64{
		"on_time_rate":                  {45, 50},
		"online_rate":                   {12, 48},
		"staff_completed_or_above_rate": {197, 200},
	}
	if len(Indicators) != len(want) {
		t.Fatalf("%d indicators, this test knows %d", len(Indicators), len(want))
	}
	for _, in := range Indicators {
		w := want[in.Code]
		if n, d := in.Num(get), in.Den(get); n != w[0] || d != w[1] {
			t.Errorf("%s: %v / %v, want %v / %v", in.Code, n, d, w[0], w[1])
		}
	}
	// The same month through the engine: 45/50, 12/48 and (200-3)/200 as
	// percentages, worked out by hand.
	var pts []Point
	for code, v := range month {
		pts = append(pts, Point{Unit: 1, Metric: code, Month: 201910, Value: v})
	}
	tot := Aggregate(pts, Span{From: 201910, To: 201910})
	for code, want := range map[string]float64{"on_time_rate": 90, "online_rate": 25, "staff_completed_or_above_rate": 98.5} {
		if got, ok := tot[code]; !ok || got != want {
			t.Errorf("%s = %v %v, want %v", code, got, ok, want)
		}
	}
}

// IndicatorsFor shows a rate only beside all of its counts.
func TestIndicatorsForNeedsEveryCount(t *testing.T) {
	codes := func(ms ...string) []Metric {
		var out []Metric
		for _, c := range ms {
			m, ok := MetricByCode(c)
			if !ok {
				t.Fatalf("no metric %s", c)
			}
			out = append(out, m)
		}
		return out
	}
	names := func(ins []Indicator) (s []string) {
		for _, in := range ins {
			s = append(s, in.Code)
		}
		return s
	}
	if got := names(IndicatorsFor(codes("dossiers_resolved"))); len(got) != 0 {
		t.Errorf("resolved alone gives %v", got)
	}
	if got := names(IndicatorsFor(codes("dossiers_on_time", "dossiers_resolved", "staff_evaluated"))); len(got) != 1 || got[0] != "on_time_rate" {
		t.Errorf("on time + resolved + staff evaluated gives %v, want on_time_rate only", got)
	}
	if got := names(IndicatorsFor(codes("staff_not_completed", "staff_evaluated", "dossiers_received", "dossiers_received_online"))); len(got) != 2 || got[0] != "online_rate" || got[1] != "staff_completed_or_above_rate" {
		t.Errorf("got %v, want online_rate and staff_completed_or_above_rate", got)
	}
}

// Issue 17, item 4: the sign of the year-earlier change. A fall is
// negative, a rise positive, no change zero (and still a change).
func TestChangeSignByHand(t *testing.T) {
	cases := []struct {
		now, before float64
		want        float64
	}{
		{90, 100, -10},
		{600, 800, -25},
		{100, 80, 25},
		{0, 50, -100},
		{150, 100, 50},
		{100, 100, 0},
	}
	for _, tc := range cases {
		got, ok := Change(tc.now, tc.before, true, true)
		if !ok || math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("Change(%v from %v) = %v %v, want %v", tc.now, tc.before, got, ok, tc.want)
		}
	}
	if _, ok := Change(5, 3, false, true); ok {
		t.Error("a change to nothing has a percentage")
	}
}
