package oversight

import (
	"math"
	"sort"
)

// Point is one recorded monthly figure of one unit.
type Point struct {
	Unit   int64
	Metric string
	Month  Month
	Value  float64
}

// Totals holds one figure per metric or indicator code. A missing code
// means there is nothing to show, which is not the same as zero.
type Totals map[string]float64

// Existence says whether a unit existed in a month. A unit's figures count
// only for the months it existed; nil means every unit always existed.
type Existence func(unit int64, m Month) bool

// ExistenceOf is the Existence of units by their validity dates. A unit
// not among them counts in every month.
func ExistenceOf(units []Unit) Existence {
	by := make(map[int64]Unit, len(units))
	for _, u := range units {
		if u.ValidFrom != nil || u.ValidTo != nil {
			by[u.ID] = u
		}
	}
	return func(id int64, m Month) bool {
		u, ok := by[id]
		return !ok || u.ExistedDuring(Span{From: m, To: m})
	}
}

// Aggregate is AggregateIn with every unit counting in every month.
func Aggregate(points []Point, s Span) Totals { return AggregateIn(points, s, nil) }

// AggregateIn is the one definition of every figure: every reader (the
// dashboard, the unit page, the briefing pack, a session's recorded
// figures, the API and every export) computes its numbers here, from the
// monthly figures of the units it covers over span s. The rules follow
// DHIS2's aggregation types:
//
//   - a flow is summed over the months and the units;
//   - a stock takes, for each unit, its last reported value within the
//     span, then sums across units (a stock at the start takes the first);
//   - a percent that is entered (not computed) takes each unit's last value
//     and is weighted across units by its weight metric; units without a
//     weight are left out rather than guessed at;
//   - an indicator (a rate) is computed only from its counts, only where
//     all of them exist for the same unit and month: for flows every such
//     unit-month adds to both sides; for stocks each unit's last such month;
//   - a figure nobody reported is absent, never 0;
//   - a unit's figure counts only for months the unit existed (existed;
//     nil counts every month).
func AggregateIn(points []Point, s Span, existed Existence) Totals {
	type key struct {
		unit   int64
		metric string
	}
	type acc struct {
		sum           float64
		first, last   Month
		firstV, lastV float64
	}
	per := map[key]*acc{}
	// unit -> month -> the figures indicators need.
	type cell map[string]float64
	rateIn := map[int64]map[Month]cell{}
	for _, p := range points {
		if !s.Contains(p.Month) || (existed != nil && !existed(p.Unit, p.Month)) {
			continue
		}
		k := key{p.Unit, p.Metric}
		a := per[k]
		if a == nil {
			a = &acc{first: p.Month, last: p.Month, firstV: p.Value, lastV: p.Value}
			per[k] = a
		}
		a.sum += p.Value
		if p.Month < a.first {
			a.first, a.firstV = p.Month, p.Value
		}
		if p.Month > a.last {
			a.last, a.lastV = p.Month, p.Value
		}
		if indicatorNeed[p.Metric] {
			um := rateIn[p.Unit]
			if um == nil {
				um = map[Month]cell{}
				rateIn[p.Unit] = um
			}
			c := um[p.Month]
			if c == nil {
				c = cell{}
				um[p.Month] = c
			}
			c[p.Metric] = p.Value
		}
	}
	// unitVals[metric][unit] = the unit's figure over the span.
	unitVals := map[string]map[int64]float64{}
	for k, a := range per {
		m, ok := MetricByCode(k.metric)
		if !ok {
			continue
		}
		v := a.sum
		switch m.Agg {
		case AggStock:
			v = a.lastV
		case AggStockStart:
			v = a.firstV
		}
		if unitVals[k.metric] == nil {
			unitVals[k.metric] = map[int64]float64{}
		}
		unitVals[k.metric][k.unit] = v
	}
	out := combineUnits(unitVals)
	for _, in := range Indicators {
		var num, den float64
		any := false
		stock := in.stock()
		for _, months := range rateIn {
			var last Month
			var lastC cell
			for mo, c := range months {
				if !in.complete(c) {
					continue
				}
				if !stock {
					get := func(code string) float64 { return c[code] }
					num += in.Num(get)
					den += in.Den(get)
					any = true
				} else if lastC == nil || mo > last {
					last, lastC = mo, c
				}
			}
			if lastC != nil {
				get := func(code string) float64 { return lastC[code] }
				num += in.Num(get)
				den += in.Den(get)
				any = true
			}
		}
		if any {
			if r, ok := Ratio(num, den); ok {
				out[in.Code] = r
			}
		}
	}
	return out
}

// indicatorNeed are the metrics some indicator is computed from.
var indicatorNeed = func() map[string]bool {
	m := map[string]bool{}
	for _, in := range Indicators {
		for _, n := range in.Needs {
			m[n] = true
		}
	}
	return m
}()

// combineUnits turns metric -> unit -> value into metric -> value.
func combineUnits(unitVals map[string]map[int64]float64) Totals {
	out := Totals{}
	for code, byUnit := range unitVals {
		m, _ := MetricByCode(code)
		if m.Kind != KindPercent {
			var sum float64
			for _, v := range byUnit {
				sum += v
			}
			out[code] = sum
			continue
		}
		if len(byUnit) == 1 {
			for _, v := range byUnit {
				out[code] = v
			}
			continue
		}
		weights := unitVals[m.Weight]
		var num, den float64
		for u, v := range byUnit {
			w, ok := weights[u]
			if !ok {
				continue
			}
			num += v * w
			den += w
		}
		if den > 0 {
			out[code] = num / den
		}
	}
	return out
}

// Monthly is AggregateIn for each month of s alone (a month's stock is
// that month's value): the monthly series of a trend, a heat map or the
// API's subtree roll-up. A month without any figure is absent.
func Monthly(points []Point, s Span, existed Existence) map[Month]Totals {
	split := map[Month][]Point{}
	for _, p := range points {
		if s.Contains(p.Month) {
			split[p.Month] = append(split[p.Month], p)
		}
	}
	out := make(map[Month]Totals, len(split))
	for m, pts := range split {
		if t := AggregateIn(pts, Span{From: m, To: m}, existed); len(t) > 0 {
			out[m] = t
		}
	}
	return out
}

// Get returns the figure of code, and NaN when there is none: for charts,
// which draw a gap there.
func (t Totals) Get(code string) float64 {
	if v, ok := t[code]; ok {
		return v
	}
	return math.NaN()
}

// SortedMonths returns the months that are keys of m, in order.
func SortedMonths[T any](m map[Month]T) []Month {
	out := make([]Month, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Stock reports whether the indicator's counts are stocks: over a span each
// unit's last month with all its counts is taken, not every month.
func (in Indicator) Stock() bool { return in.stock() }

// Rollup is a subtree's figures added across its units month by month, as
// the store keeps them for every unit that has children, with what
// AggregateIn needs beyond those sums. From it Totals and Monthly give
// AggregateIn's and Monthly's figures without the units' own figures,
// except where a gap makes that impossible (see Totals). Only count metrics
// are rolled up, and every indicator's Num and Den are linear in its
// counts, so the sums of its counts give the sums of its Num and Den.
type Rollup struct {
	// Sums holds, by month, each count metric's sum over the units that
	// reported it while they existed. A metric nobody reported is absent.
	Sums map[Month]Totals
	// Pairs holds, by month and indicator, the sums of the indicator's two
	// counts (Needs[0], Needs[1]) over the units that reported both, and N,
	// how many did.
	Pairs map[Month]map[string]PairSum
	// Gaps marks, by month, the stock metrics and stock indicators that some
	// unit had that month and not the next (or no longer existed).
	Gaps map[Month]map[string]bool
}

// PairSum is the sums of an indicator's two counts over the units (N of
// them) that reported both in a month.
type PairSum struct {
	A, B float64
	N    int
}

// rate is the indicator computed from the sums of its counts.
func (in Indicator) rate(p PairSum) (float64, bool) {
	get := func(code string) float64 {
		if code == in.Needs[0] {
			return p.A
		}
		return p.B
	}
	return Ratio(in.Num(get), in.Den(get))
}

// gapBefore reports whether code has a gap in a month of s before its last:
// then some unit's last figure in s is not in s's last month.
func (r Rollup) gapBefore(code string, s Span) bool {
	for m, g := range r.Gaps {
		if m >= s.From && m < s.To && g[code] {
			return true
		}
	}
	return false
}

// Totals is AggregateIn over span s for the count metrics given (and the
// indicators computed from them), from the roll-up. A flow is the sum of
// its months. A stock is the sum of its last month when no unit reported in
// s without reporting in that month (no gap before it); a flow indicator
// comes from its pair sums over the months, a stock indicator from its last
// month's under the same condition. The codes it cannot answer that way (a
// stock or stock indicator with a gap, a stock_start or percent metric)
// are returned in redo, for the caller to compute with AggregateIn from the
// figures themselves.
func (r Rollup) Totals(s Span, metrics []string) (out Totals, redo []string) {
	out = Totals{}
	for _, code := range metrics {
		m, ok := MetricByCode(code)
		if !ok {
			continue
		}
		switch {
		case m.Kind != KindCount || m.Agg == AggStockStart:
			redo = append(redo, code)
		case m.Agg == AggFlow:
			var sum float64
			any := false
			for mo, t := range r.Sums {
				if v, ok := t[code]; ok && s.Contains(mo) {
					sum += v
					any = true
				}
			}
			if any {
				out[code] = sum
			}
		case r.gapBefore(code, s):
			redo = append(redo, code)
		default:
			if v, ok := r.Sums[s.To][code]; ok {
				out[code] = v
			}
		}
	}
	for _, in := range IndicatorsFor(metricsOf(metrics)) {
		if in.stock() {
			if r.gapBefore(in.Code, s) {
				redo = append(redo, in.Code)
				continue
			}
			if p, ok := r.Pairs[s.To][in.Code]; ok && p.N > 0 {
				if v, ok := in.rate(p); ok {
					out[in.Code] = v
				}
			}
			continue
		}
		var sum PairSum
		for mo, ps := range r.Pairs {
			if p, ok := ps[in.Code]; ok && p.N > 0 && s.Contains(mo) {
				sum.A += p.A
				sum.B += p.B
				sum.N += p.N
			}
		}
		if sum.N > 0 {
			if v, ok := in.rate(sum); ok {
				out[in.Code] = v
			}
		}
	}
	return out, redo
}

// Monthly is Monthly (each month of s alone) from the roll-up: a month's
// count is its sum and a month's rate comes from its pair sums. A month
// without any figure is absent.
func (r Rollup) Monthly(s Span, metrics []string) map[Month]Totals {
	inds := IndicatorsFor(metricsOf(metrics))
	out := map[Month]Totals{}
	for _, mo := range s.Months() {
		t := Totals{}
		for _, code := range metrics {
			if v, ok := r.Sums[mo][code]; ok {
				t[code] = v
			}
		}
		for _, in := range inds {
			if p, ok := r.Pairs[mo][in.Code]; ok && p.N > 0 {
				if v, ok := in.rate(p); ok {
					t[in.Code] = v
				}
			}
		}
		if len(t) > 0 {
			out[mo] = t
		}
	}
	return out
}

// metricsOf looks codes up in the catalogue, skipping unknown ones.
func metricsOf(codes []string) []Metric {
	out := make([]Metric, 0, len(codes))
	for _, c := range codes {
		if m, ok := MetricByCode(c); ok {
			out = append(out, m)
		}
	}
	return out
}
