package oversight

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
