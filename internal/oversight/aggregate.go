package oversight

import "sort"

// Point is one recorded monthly figure of one unit.
type Point struct {
	Unit   int64
	Metric string
	Month  Month
	Value  float64
}

// Totals holds one figure per metric code. A missing code means there is
// nothing recorded, which is not the same as zero.
type Totals map[string]float64

// Aggregate combines the monthly values of one or more units over span s.
// Each unit's values are first combined over time by its metric's rule
// (flows summed, stocks take the latest month, carried-over stocks the
// first), then across units: counts are summed and percents weighted by
// their weight metric. Doing time first means a unit that skipped the last
// month still counts with its latest stock, and no figure is counted twice.
func Aggregate(points []Point, s Span) Totals {
	type key struct {
		unit   int64
		metric string
	}
	type acc struct {
		sum         float64
		first, last Month
		firstV      float64
		lastV       float64
		n           int
	}
	per := map[key]*acc{}
	for _, p := range points {
		if !s.Contains(p.Month) {
			continue
		}
		k := key{p.Unit, p.Metric}
		a := per[k]
		if a == nil {
			a = &acc{first: p.Month, last: p.Month, firstV: p.Value, lastV: p.Value}
			per[k] = a
		}
		a.sum += p.Value
		a.n++
		if p.Month < a.first {
			a.first, a.firstV = p.Month, p.Value
		}
		if p.Month > a.last {
			a.last, a.lastV = p.Month, p.Value
		}
	}
	// unitVals[metric][unit] = value of that unit over the span.
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
	return combineUnits(unitVals)
}

// RollupByMonth combines the values of several units month by month, by
// the same rules across units as Aggregate.
func RollupByMonth(points []Point) map[Month]Totals {
	byMonth := map[Month]map[string]map[int64]float64{}
	for _, p := range points {
		mm := byMonth[p.Month]
		if mm == nil {
			mm = map[string]map[int64]float64{}
			byMonth[p.Month] = mm
		}
		if mm[p.Metric] == nil {
			mm[p.Metric] = map[int64]float64{}
		}
		mm[p.Metric][p.Unit] = p.Value
	}
	out := make(map[Month]Totals, len(byMonth))
	for month, uv := range byMonth {
		out[month] = combineUnits(uv)
	}
	return out
}

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
		// A share across units is weighted by what it is a share of; units
		// without a weight cannot be placed and are left out rather than
		// guessed at.
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

// SortedMonths returns the months that are keys of m, in order.
func SortedMonths[T any](m map[Month]T) []Month {
	out := make([]Month, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
