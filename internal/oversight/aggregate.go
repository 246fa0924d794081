package oversight

import (
	"cmp"
	"math"
	"slices"
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
	return new(aggregator).run(points, s, existed)
}

// aggregator holds AggregateIn's working memory, so that a caller making
// many small aggregations (an export: one per unit and period) reuses it.
type aggregator struct {
	rs   []rec
	f    []float64
	b    []bool
	i    []int
	vals map[string]float64
}

func (a *aggregator) run(points []Point, s Span, existed Existence) Totals {
	// The figures kept, by catalogue index, sorted by unit, metric and
	// month: each unit's series of each metric is then one run, and the
	// counts of a rate are runs of the same unit side by side.
	rs := a.rs[:0]
	for _, p := range points {
		if !s.Contains(p.Month) || (existed != nil && !existed(p.Unit, p.Month)) {
			continue
		}
		if mi, ok := catalogueIndex[p.Metric]; ok {
			rs = append(rs, rec{unit: p.Unit, mi: mi, month: p.Month, v: p.Value})
		}
	}
	slices.SortFunc(rs, func(a, b rec) int {
		if c := cmp.Compare(a.unit, b.unit); c != 0 {
			return c
		}
		if c := cmp.Compare(a.mi, b.mi); c != 0 {
			return c
		}
		return cmp.Compare(a.month, b.month)
	})
	a.rs = rs
	n, ni := len(Catalogue), len(Indicators)
	if a.f == nil {
		a.f = make([]float64, 6*n+2*ni)
		a.b = make([]bool, 2*n+ni)
		a.i = make([]int, 3*n)
		a.vals = map[string]float64{}
	}
	clear(a.f)
	clear(a.b)
	clear(a.i)
	var (
		sum                  = a.f[0:n] // counts: summed over units
		pctOne, pctNum, pctW = a.f[n : 2*n], a.f[2*n : 3*n], a.f[3*n : 4*n]
		unitV                = a.f[4*n : 5*n] // the unit's figure of each metric over the span
		rateNum, rateDen     = a.f[5*n : 5*n+ni], a.f[5*n+ni : 5*n+2*ni]
		has, unitHas         = a.b[0:n], a.b[n : 2*n]
		rateAny              = a.b[2*n : 2*n+ni]
		pctN                 = a.i[0:n] // percents: units with one
		runFrom, runTo       = a.i[n : 2*n], a.i[2*n : 3*n]
	)
	for i := 0; i < len(rs); {
		unit := rs[i].unit
		clear(unitHas)
		j := i
		for j < len(rs) && rs[j].unit == unit {
			mi := rs[j].mi
			k := j
			var total float64
			for k < len(rs) && rs[k].unit == unit && rs[k].mi == mi {
				total += rs[k].v
				k++
			}
			switch Catalogue[mi].Agg {
			case AggStock:
				total = rs[k-1].v // the last month reported
			case AggStockStart:
				total = rs[j].v // the first
			}
			unitV[mi], unitHas[mi], runFrom[mi], runTo[mi] = total, true, j, k
			j = k
		}
		for mi, m := range Catalogue {
			if !unitHas[mi] {
				continue
			}
			v := unitV[mi]
			if m.Kind != KindPercent {
				sum[mi] += v
				has[mi] = true
				continue
			}
			// A share across units is weighted by what it is a share of;
			// units without a weight cannot be placed and are left out
			// rather than guessed at.
			pctN[mi]++
			pctOne[mi] = v
			if wi := weightIndex[mi]; wi >= 0 && unitHas[wi] {
				pctNum[mi] += v * unitV[wi]
				pctW[mi] += unitV[wi]
			}
		}
		for ii := range Indicators {
			num, den, ok := indicatorOfUnit(ii, rs, unitHas, runFrom, runTo, a.vals)
			if ok {
				rateNum[ii] += num
				rateDen[ii] += den
				rateAny[ii] = true
			}
		}
		i = j
	}
	out := Totals{}
	for mi, m := range Catalogue {
		switch {
		case m.Kind != KindPercent:
			if has[mi] {
				out[m.Code] = sum[mi]
			}
		case pctN[mi] == 1:
			out[m.Code] = pctOne[mi]
		case pctN[mi] > 1 && pctW[mi] > 0:
			out[m.Code] = pctNum[mi] / pctW[mi]
		}
	}
	for ii, in := range Indicators {
		if rateAny[ii] {
			if r, ok := Ratio(rateNum[ii], rateDen[ii]); ok {
				out[in.Code] = r
			}
		}
	}
	return out
}

// rec is a figure inside AggregateIn, its metric as a catalogue index.
type rec struct {
	unit  int64
	mi    int
	month Month
	v     float64
}

// indicatorOfUnit adds up one unit's part of indicator ii from its runs of
// figures (rs[runFrom[mi]:runTo[mi]] is its series of metric mi, by month):
// for counts that are flows, every month where all the counts were
// reported; for stocks, the last such month. ok is false when there is none.
func indicatorOfUnit(ii int, rs []rec, unitHas []bool, runFrom, runTo []int, vals map[string]float64) (num, den float64, ok bool) {
	in := Indicators[ii]
	needs := indicatorNeeds[ii]
	for _, mi := range needs {
		if !unitHas[mi] {
			return 0, 0, false
		}
	}
	get := func(code string) float64 { return vals[code] }
	// at returns metric mi's value in month m, walking its run with *pos
	// (months ascend when forward, descend otherwise).
	at := func(mi int, m Month, pos *int, forward bool) (float64, bool) {
		for *pos >= runFrom[mi] && *pos < runTo[mi] {
			r := rs[*pos]
			switch {
			case r.month == m:
				return r.v, true
			case forward && r.month < m, !forward && r.month > m:
				if forward {
					*pos++
				} else {
					*pos--
				}
			default:
				return 0, false
			}
		}
		return 0, false
	}
	pos := make([]int, len(needs))
	lead := needs[0]
	try := func(k int, forward bool) bool {
		m := rs[k].month
		vals[in.Needs[0]] = rs[k].v
		for x := 1; x < len(needs); x++ {
			v, found := at(needs[x], m, &pos[x], forward)
			if !found {
				return false
			}
			vals[in.Needs[x]] = v
		}
		num += in.Num(get)
		den += in.Den(get)
		ok = true
		return true
	}
	if !in.stock() {
		for x := range needs {
			pos[x] = runFrom[needs[x]]
		}
		for k := runFrom[lead]; k < runTo[lead]; k++ {
			try(k, true)
		}
		return num, den, ok
	}
	for x := range needs {
		pos[x] = runTo[needs[x]] - 1
	}
	for k := runTo[lead] - 1; k >= runFrom[lead]; k-- {
		if try(k, false) {
			break
		}
	}
	return num, den, ok
}

// catalogueIndex, weightIndex and indicatorNeeds place metrics by their
// index in the catalogue.
var (
	catalogueIndex = func() map[string]int {
		m := make(map[string]int, len(Catalogue))
		for i, x := range Catalogue {
			m[x.Code] = i
		}
		return m
	}()
	weightIndex = func() []int {
		out := make([]int, len(Catalogue))
		for i, x := range Catalogue {
			out[i] = -1
			if w, ok := catalogueIndex[x.Weight]; ok && x.Weight != "" {
				out[i] = w
			}
		}
		return out
	}()
	indicatorNeeds = func() [][]int {
		out := make([][]int, len(Indicators))
		for i, in := range Indicators {
			for _, n := range in.Needs {
				out[i] = append(out[i], catalogueIndex[n])
			}
		}
		return out
	}()
)

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
	var a aggregator // one working memory for every month (its Totals are new each time)
	for m, pts := range split {
		if t := a.run(pts, Span{From: m, To: m}, existed); len(t) > 0 {
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
