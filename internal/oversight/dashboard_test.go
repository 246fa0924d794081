package oversight

import (
	"math"
	"testing"
)

func TestPresetSpan(t *testing.T) {
	at := NewMonth(2019, 10)
	for _, c := range []struct {
		preset   string
		from, to Month
	}{
		{PresetMonth, NewMonth(2019, 10), NewMonth(2019, 10)},
		{PresetQuarter, NewMonth(2019, 7), NewMonth(2019, 9)},
		{PresetHalf, NewMonth(2019, 1), NewMonth(2019, 6)},
		{PresetNine, NewMonth(2019, 1), NewMonth(2019, 9)},
		{PresetYear, NewMonth(2019, 1), NewMonth(2019, 10)},
	} {
		s, ok := PresetSpan(c.preset, at)
		if !ok || s.From != c.from || s.To != c.to {
			t.Errorf("%s at %s = %v %v, want %s–%s", c.preset, at, s, ok, c.from, c.to)
		}
	}
	// Quarters and halves are whole, the last one ended by the month.
	for _, c := range []struct {
		preset string
		at     Month
		want   Span
	}{
		{PresetQuarter, NewMonth(2019, 9), Quarter(2019, 3)},
		{PresetQuarter, NewMonth(2019, 8), Quarter(2019, 2)},
		{PresetQuarter, NewMonth(2019, 12), Quarter(2019, 4)},
		{PresetQuarter, NewMonth(2019, 2), Quarter(2018, 4)},
		{PresetQuarter, NewMonth(2019, 3), Quarter(2019, 1)},
		{PresetHalf, NewMonth(2019, 5), Half(2018, 2)},
		{PresetHalf, NewMonth(2019, 6), Half(2019, 1)},
		{PresetHalf, NewMonth(2019, 11), Half(2019, 1)},
		{PresetHalf, NewMonth(2019, 12), Half(2019, 2)},
		{PresetNine, NewMonth(2019, 5), NineMonths(2018)},
	} {
		s, ok := PresetSpan(c.preset, c.at)
		if !ok || s != c.want {
			t.Errorf("%s at %s = %v, want %v", c.preset, c.at, s, c.want)
		}
		if n := len(s.Months()); (c.preset == PresetQuarter && n != 3) || (c.preset == PresetHalf && n != 6) {
			t.Errorf("%s at %s has %d months", c.preset, c.at, n)
		}
	}
	if _, ok := PresetSpan("fortnight", at); ok {
		t.Error("an unknown preset was accepted")
	}
}

// Flows add up over the months, stocks keep their latest month, stocks at
// the start their first; quarters, halves and years of the same months
// agree with each other.
func TestAggregateOverTime(t *testing.T) {
	var pts []Point
	for m := 1; m <= 12; m++ {
		mo := NewMonth(2019, m)
		pts = append(pts, Point{1, "dossiers_received", mo, float64(m)}, Point{1, "dossiers_carried_over", mo, float64(10 * m)})
		if m < 12 { // procedures not reported in December
			pts = append(pts, Point{1, "procedures_listed", mo, float64(100 + m)})
		}
	}
	year := Aggregate(pts, Year(2019))
	if year["dossiers_received"] != 78 {
		t.Errorf("year received = %v, want 78", year["dossiers_received"])
	}
	if year["procedures_listed"] != 111 {
		t.Errorf("year procedures (stock) = %v, want November's 111", year["procedures_listed"])
	}
	if year["dossiers_carried_over"] != 10 {
		t.Errorf("year carried over = %v, want January's 10", year["dossiers_carried_over"])
	}
	var quarters float64
	for q := 1; q <= 4; q++ {
		quarters += Aggregate(pts, Quarter(2019, q))["dossiers_received"]
	}
	h1, h2 := Aggregate(pts, Half(2019, 1))["dossiers_received"], Aggregate(pts, Half(2019, 2))["dossiers_received"]
	if quarters != 78 || h1+h2 != 78 || h1 != 21 {
		t.Errorf("quarters %v, halves %v+%v: want 78 and 21+57", quarters, h1, h2)
	}
	if q2 := Aggregate(pts, Quarter(2019, 2)); q2["procedures_listed"] != 106 {
		t.Errorf("Q2 procedures = %v, want June's 106", q2["procedures_listed"])
	}
	if _, ok := Aggregate(pts, Year(2018))["dossiers_received"]; ok {
		t.Error("a span without figures has a total; want it absent")
	}
}

// The rate of a span comes from its counts, not from an average of the
// monthly rates.
func TestAggregateRateFromCounts(t *testing.T) {
	jan, feb := NewMonth(2019, 1), NewMonth(2019, 2)
	pts := []Point{{1, "dossiers_resolved", jan, 10}, {1, "dossiers_on_time", jan, 5}, // 50%
		{1, "dossiers_resolved", feb, 990}, {1, "dossiers_on_time", feb, 990}} // 100%
	r, ok := Aggregate(pts, Span{From: jan, To: feb})["on_time_rate"]
	if !ok || math.Abs(r-99.5) > 1e-9 {
		t.Errorf("rate = %v, want 99.5 (995/1000), not the 75 an average of rates gives", r)
	}
}

func TestChange(t *testing.T) {
	if c, ok := Change(110, 100, true, true); !ok || math.Abs(c-10) > 1e-9 {
		t.Errorf("change 100 -> 110 = %v %v, want +10%%", c, ok)
	}
	if _, ok := Change(5, 0, true, true); ok {
		t.Error("a change from zero has a percentage")
	}
	if _, ok := Change(5, 3, true, false); ok {
		t.Error("a change from nothing has a percentage")
	}
}

func TestUnusual(t *testing.T) {
	hist := []float64{100, 104, 98, 101, 97, 103, 99, 102}
	if Unusual(105, hist) {
		t.Error("105 against 97..104 flagged")
	}
	if !Unusual(400, hist) || !Unusual(0, hist) {
		t.Error("400 or 0 against 97..104 not flagged")
	}
	// Mostly zeros: a flat history must not flag every small count.
	zeros := []float64{0, 0, 0, 0, 0, 0, 0, 1}
	if Unusual(1, zeros) {
		t.Error("1 against a history of zeros flagged")
	}
	if !Unusual(50, zeros) {
		t.Error("50 against a history of zeros not flagged")
	}
	if Unusual(1e9, []float64{1, 2, 3}) {
		t.Error("flagged from too short a history")
	}
	if r, ok := Usual([]float64{4, 1, 3, 2, 5, 3}); !ok || r.Q1 != 2.25 || r.Median != 3 || r.Q3 != 3.75 {
		t.Errorf("quartiles of 1,2,3,3,4,5 = %+v, want 2.25 3 3.75", r)
	}
}
