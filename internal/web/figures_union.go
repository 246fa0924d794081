package web

import (
	"context"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// unionGroup is a set of units whose figures are added up: the subtrees
// of Roots (none under another) and the own figures of Own.
type unionGroup struct {
	Roots, Own []oversight.Unit
}

// unionTotals is, for each group, oversight.AggregateIn over its units'
// figures over span sp, for count metrics and the indicators computed from
// them, with one read of the roll-ups and one of the figures for all the
// groups. Read point by point, the national tree's old provinces are ten
// thousand communes' figures (seconds); so each root with children stands
// in the engine as one unit whose figures are its roll-up's sums
// (rollupStandIn), and only the roots a roll-up cannot answer for a figure
// (a leaf, a stock with a gap) are read from their units' figures. Either
// way the number is AggregateIn's: a roll-up sum is the sum of its units'
// figures over the same months, and the stand-in is only used where the
// engine adds its units' figures up to it.
func (s *Server) unionTotals(ctx context.Context, approved bool, metrics []string, sp oversight.Span, groups ...unionGroup) ([]oversight.Totals, error) {
	var ids, ownIDs []int64
	var own []oversight.Unit
	seen := map[int64]bool{}
	for _, g := range groups {
		for _, u := range g.Roots {
			if !seen[u.ID] {
				seen[u.ID] = true
				ids = append(ids, u.ID)
			}
		}
		for _, u := range g.Own {
			ownIDs = append(ownIDs, u.ID)
			own = append(own, u)
		}
	}
	rolls, fresh, err := s.db.SubtreeRollups(ctx, approved, metrics, sqlite.RollupRead{Units: ids, Span: sp})
	if err != nil {
		return nil, err
	}
	if !fresh {
		rolls = nil // stale roll-ups: every root from its figures
	}
	codes := append([]string{}, metrics...)
	for _, in := range oversight.IndicatorsFor(metricsOf(metrics)) {
		codes = append(codes, in.Code)
	}
	// For each code, the roots whose roll-up answers it; the others are read.
	standIn := map[string]map[int64][]oversight.Point{}
	var exact []int64
	needExact := map[int64]bool{}
	for _, code := range codes {
		standIn[code] = map[int64][]oversight.Point{}
		for _, id := range ids {
			if r, ok := rolls[id]; ok {
				if pts, ok := rollupStandIn(r, code, -id, sp); ok {
					standIn[code][id] = pts
					continue
				}
			}
			if !needExact[id] {
				needExact[id] = true
				exact = append(exact, id)
			}
		}
	}
	sub, err := s.db.SubtreesFigures(ctx, exact, approved, metrics, sp)
	if err != nil {
		return nil, err
	}
	under := map[int64][]oversight.Point{} // a root (or an own unit) -> its figures read
	for _, p := range sub.Points {
		under[sub.RootOf[p.Unit]] = append(under[sub.RootOf[p.Unit]], p)
	}
	ownPts, err := s.db.PointsOfUnits(ctx, ownIDs, approved, metrics, sp)
	if err != nil {
		return nil, err
	}
	ownOf := map[int64][]oversight.Point{}
	for _, p := range ownPts {
		ownOf[p.Unit] = append(ownOf[p.Unit], p)
	}
	// Stand-ins have negative ids, absent from the units: they count in
	// every month (their sums hold only months their units existed).
	existed := oversight.ExistenceOf(append(append([]oversight.Unit{}, sub.Units...), own...))
	out := make([]oversight.Totals, len(groups))
	for i, g := range groups {
		out[i] = oversight.Totals{}
		for _, code := range codes {
			var pts []oversight.Point
			for _, u := range g.Own {
				pts = append(pts, ownOf[u.ID]...)
			}
			for _, u := range g.Roots {
				if stand, ok := standIn[code][u.ID]; ok {
					pts = append(pts, stand...)
				} else {
					pts = append(pts, under[u.ID]...)
				}
			}
			if v, ok := oversight.AggregateIn(pts, sp, existed)[code]; ok {
				out[i][code] = v
			}
		}
	}
	return out, nil
}

// rollupStandIn gives the figures of one unit (id) that the engine turns
// into the same number for code over span s as the units the roll-up r
// adds up; ok is false when r cannot tell (a stock with a gap).
//
//   - A flow count: the month sums. A flow is summed over units and months.
//   - A flow indicator: each month's pair sums as its two counts. The
//     engine adds Num and Den, linear in the counts, over the unit-months
//     that have both: the pair sums are their sums over the same ones.
//   - A stock count (or stock indicator): the sum (pair sums) of the last
//     month L of s that has any, when no month of s before L has a gap.
//     Then every unit that reported in s before L reported each month after
//     up to L, so each unit's last figure in s is its figure of L.
func rollupStandIn(r *oversight.Rollup, code string, id int64, s oversight.Span) (_ []oversight.Point, ok bool) {
	gapBefore := func(last oversight.Month) bool {
		for m, g := range r.Gaps {
			if m >= s.From && m < last && g[code] {
				return true
			}
		}
		return false
	}
	if m, ok := oversight.MetricByCode(code); ok {
		if m.Kind != oversight.KindCount {
			return nil, false
		}
		var pts []oversight.Point
		var last oversight.Month
		for _, mo := range s.Months() {
			if v, ok := r.Sums[mo][code]; ok {
				pts = append(pts, oversight.Point{Unit: id, Metric: code, Month: mo, Value: v})
				last = mo
			}
		}
		switch m.Agg {
		case oversight.AggFlow:
			return pts, true
		case oversight.AggStock:
			if len(pts) == 0 {
				return nil, true
			}
			if gapBefore(last) {
				return nil, false
			}
			return pts[len(pts)-1:], true
		}
		return nil, false
	}
	for _, in := range oversight.Indicators {
		if in.Code != code || len(in.Needs) != 2 {
			continue
		}
		var pts []oversight.Point
		var last oversight.Month
		for _, mo := range s.Months() {
			if p, ok := r.Pairs[mo][code]; ok && p.N > 0 {
				pts = append(pts, oversight.Point{Unit: id, Metric: in.Needs[0], Month: mo, Value: p.A},
					oversight.Point{Unit: id, Metric: in.Needs[1], Month: mo, Value: p.B})
				last = mo
			}
		}
		if !in.Stock() {
			return pts, true
		}
		if len(pts) == 0 {
			return nil, true
		}
		if gapBefore(last) {
			return nil, false
		}
		return pts[len(pts)-2:], true
	}
	return nil, false
}

// metricsOf looks codes up in the catalogue, skipping unknown ones.
func metricsOf(codes []string) []oversight.Metric {
	out := make([]oversight.Metric, 0, len(codes))
	for _, c := range codes {
		if m, ok := oversight.MetricByCode(c); ok {
			out = append(out, m)
		}
	}
	return out
}
