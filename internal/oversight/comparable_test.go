package oversight

import (
	"slices"
	"testing"
	"time"
)

func TestComparableOfSumsWholePredecessorsAndListsSplitOnesApart(t *testing.T) {
	// X (10) was formed from A (1) and B (2) whole and part of C (3), which
	// also went into Y (11). D (4) had merged whole into A earlier; E (5)
	// had merged into C, so its history is C's, not X's.
	links := []Succession{
		{FromID: 1, ToID: 10}, {FromID: 2, ToID: 10},
		{FromID: 3, ToID: 10}, {FromID: 3, ToID: 11},
		{FromID: 4, ToID: 1}, {FromID: 5, ToID: 3},
		{FromID: 6, ToID: 11}, // unrelated
	}
	c := ComparableOf(10, links)
	if want := []int64{1, 2, 4}; !slices.Equal(c.Whole, want) {
		t.Errorf("whole = %v, want %v", c.Whole, want)
	}
	if want := []int64{3}; !slices.Equal(c.Split, want) {
		t.Errorf("split = %v, want %v", c.Split, want)
	}
	if !c.Has() || !c.Partial() {
		t.Errorf("Has %t Partial %t, want both true", c.Has(), c.Partial())
	}

	t.Run("the other successor of a split unit sees it split too", func(t *testing.T) {
		c := ComparableOf(11, links)
		if !slices.Equal(c.Whole, []int64{6}) || !slices.Equal(c.Split, []int64{3}) {
			t.Errorf("got %+v: want 6 whole, 3 split (and not E, C's predecessor)", c)
		}
	})
	t.Run("a unit whose predecessors were all split has nothing to compare", func(t *testing.T) {
		c := ComparableOf(12, []Succession{{FromID: 7, ToID: 12}, {FromID: 7, ToID: 13}})
		if c.Has() || !slices.Equal(c.Split, []int64{7}) {
			t.Errorf("got %+v: want no whole predecessor, 7 split", c)
		}
	})
	t.Run("a link given twice counts as one successor", func(t *testing.T) {
		c := ComparableOf(10, []Succession{{FromID: 1, ToID: 10}, {FromID: 1, ToID: 10}})
		if !slices.Equal(c.Whole, []int64{1}) || c.Partial() {
			t.Errorf("got %+v, want 1 whole", c)
		}
	})
}

func TestComparableSeriesGoesThroughTheOneEngine(t *testing.T) {
	// The sum of the whole predecessors A (1), B (2) and D (4, until
	// 12/2024) for 2024-11..2024-12; C (3) is split and left out.
	jan := NewMonth(2024, 11)
	dec := NewMonth(2024, 12)
	endNov := time.Date(2024, 11, 30, 0, 0, 0, 0, time.UTC)
	units := []Unit{{ID: 1}, {ID: 2}, {ID: 3}, {ID: 4, ValidTo: &endNov}}
	pts := []Point{
		{1, "dossiers_received", jan, 100}, {1, "dossiers_received", dec, 120},
		{2, "dossiers_received", jan, 30}, // B did not report December: unknown, not 0
		{3, "dossiers_received", jan, 1000}, {3, "dossiers_received", dec, 1000},
		{4, "dossiers_received", jan, 7}, {4, "dossiers_received", dec, 999}, // after D's end: never counted
		{1, "procedures_listed", jan, 50}, {1, "procedures_listed", dec, 55}, // a stock: last value, then summed
		{2, "procedures_listed", jan, 40},
		{1, "dossiers_resolved", dec, 100}, {1, "dossiers_on_time", dec, 90},
		{2, "dossiers_resolved", dec, 50}, // B's on-time count missing: B left out of the rate
	}
	c := ComparableOf(10, []Succession{{FromID: 1, ToID: 10}, {FromID: 2, ToID: 10}, {FromID: 3, ToID: 10}, {FromID: 3, ToID: 11}, {FromID: 4, ToID: 1}})
	var mine []Point
	for _, p := range pts {
		if slices.Contains(c.Whole, p.Unit) {
			mine = append(mine, p)
		}
	}
	span := Span{From: jan, To: dec}
	tot := AggregateIn(mine, span, ExistenceOf(units))
	// By hand: 100+120+30+7 = 257; procedures 55 (A, December) + 40 (B,
	// November) = 95; on-time rate from A alone: 90/100 = 90 %.
	want := map[string]float64{"dossiers_received": 257, "procedures_listed": 95, "on_time_rate": 90}
	for code, v := range want {
		if got, ok := tot[code]; !ok || got != v {
			t.Errorf("%s = %v (%t), want %v", code, got, ok, v)
		}
	}
	mon := Monthly(mine, span, ExistenceOf(units))
	if got := mon[dec]["dossiers_received"]; got != 120 {
		t.Errorf("December received = %v, want 120 (A alone: B unknown, D gone)", got)
	}
	if got := mon[jan]["dossiers_received"]; got != 137 {
		t.Errorf("November received = %v, want 137", got)
	}
}

func TestComparableMonthsAreThoseBeforeTheUnitExisted(t *testing.T) {
	jul := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	mid := time.Date(2025, 7, 15, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		u    Unit
		s    Span
		want Span
		ok   bool
	}{
		{"a span across 07/2025", Unit{ValidFrom: &jul}, Span{NewMonth(2025, 1), NewMonth(2025, 9)}, Span{NewMonth(2025, 1), NewMonth(2025, 6)}, true},
		{"a span wholly before", Unit{ValidFrom: &jul}, Span{NewMonth(2024, 1), NewMonth(2024, 12)}, Span{NewMonth(2024, 1), NewMonth(2024, 12)}, true},
		{"a span wholly after", Unit{ValidFrom: &jul}, Span{NewMonth(2025, 7), NewMonth(2025, 9)}, Span{}, false},
		{"a unit born mid-month keeps its first month", Unit{ValidFrom: &mid}, Span{NewMonth(2025, 6), NewMonth(2025, 8)}, Span{NewMonth(2025, 6), NewMonth(2025, 6)}, true},
		{"a unit without a first day", Unit{}, Span{NewMonth(2025, 1), NewMonth(2025, 9)}, Span{}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ComparableMonths(tc.u, tc.s)
			if got != tc.want || ok != tc.ok {
				t.Errorf("got %v %t, want %v %t", got, ok, tc.want, tc.ok)
			}
		})
	}
}
