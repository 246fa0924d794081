package web

import (
	"context"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// kpis are the dashboard's headline figures. Has* is false when nothing
// is recorded, which the page shows as a dash rather than a zero.
type kpis struct {
	Received, OnTime, Procedures, Staff, StaffOK                float64
	HasReceived, HasOnTime, HasProcedures, HasStaff, HasStaffOK bool
}

func kpisOf(t oversight.Totals) kpis {
	var k kpis
	k.Received, k.HasReceived = t["dossiers_received"]
	k.OnTime, k.HasOnTime = t["on_time_rate"]
	k.Procedures, k.HasProcedures = t["procedures_listed"]
	k.Staff, k.HasStaff = t["staff_evaluated"]
	k.StaffOK, k.HasStaffOK = t["staff_completed_or_above_rate"]
	return k
}

// figureSet is what a reader feeds to the one engine
// (oversight.AggregateIn): the monthly figures of a unit (with its
// subtree, or its own only) and the units they belong to.
type figureSet struct {
	Points  []oversight.Point
	Units   []oversight.Unit
	Existed oversight.Existence
}

// Totals is the engine over span sp.
func (f figureSet) Totals(sp oversight.Span) oversight.Totals {
	return oversight.AggregateIn(f.Points, sp, f.Existed)
}

// Monthly is the engine month by month over span sp.
func (f figureSet) Monthly(sp oversight.Span) map[oversight.Month]oversight.Totals {
	return oversight.Monthly(f.Points, sp, f.Existed)
}

// figures reads a unit's figures (subtree or its own only; every figure or
// approved ones only) over span sp for metrics (all when none).
func (s *Server) figures(ctx context.Context, unitID int64, subtree, approved bool, sp oversight.Span, metrics ...string) (figureSet, error) {
	var f figureSet
	var err error
	if subtree {
		f.Units, err = s.db.SubtreeUnits(ctx, unitID)
	} else {
		var u oversight.Unit
		u, err = s.db.UnitByID(ctx, unitID)
		f.Units = []oversight.Unit{u}
	}
	if err != nil {
		return f, err
	}
	f.Existed = oversight.ExistenceOf(f.Units)
	f.Points, err = s.db.PointsOf(ctx, unitID, subtree, approved, metrics, sp)
	return f, err
}

// totals aggregates a unit's figures (with its subtree, or its own only)
// over a span by the rules of each metric.
func (s *Server) totals(ctx context.Context, unitID int64, subtree bool, span oversight.Span, metrics ...string) (oversight.Totals, error) {
	f, err := s.figures(ctx, unitID, subtree, false, span, metrics...)
	if err != nil {
		return nil, err
	}
	return f.Totals(span), nil
}

// defaultSpan is year-to-date at the last month with figures for the
// unit's subtree, or the current year-to-date when there are none.
func (s *Server) defaultSpan(ctx context.Context, unitID int64) (oversight.Span, error) {
	sp, _, err := s.defaultSpanRead(ctx, unitID, false)
	return sp, err
}

// defaultSpanRead is defaultSpan with the completeness (of all figures) it
// read to choose the span's end, which covers the span it answers, and
// with approved that of approved figures too: the dashboard shows it
// instead of reading it again.
func (s *Server) defaultSpanRead(ctx context.Context, unitID int64, approved bool) (oversight.Span, reportingRead, error) {
	data, ok, err := s.db.SubtreeDataMonths(ctx, unitID)
	if err != nil {
		return oversight.Span{}, reportingRead{}, err
	}
	if !ok {
		return oversight.YearToDate(oversight.MonthOf(s.cfg.Now())), reportingRead{}, nil
	}
	// The latest month enough units reported, not the latest anyone typed
	// into (dashboard_completeness.go).
	end, read, err := s.completeEnd(ctx, unitID, data.To, approved)
	return oversight.YearToDate(end), read, err
}

// spanFromQuery reads from/to (YYYY-MM); either may be left out.
func (s *Server) spanFromQuery(ctx context.Context, unitID int64, from, to string) (oversight.Span, error) {
	sp, _, err := s.spanFromQueryRead(ctx, unitID, from, to, false)
	return sp, err
}

// spanFromQueryRead is spanFromQuery with the completeness read for the
// default span, when one was needed (defaultSpanRead).
func (s *Server) spanFromQueryRead(ctx context.Context, unitID int64, from, to string, approved bool) (oversight.Span, reportingRead, error) {
	if from != "" && to != "" {
		sp, err := oversight.ParseSpan(from, to) // the default span is not needed
		return sp, reportingRead{}, err
	}
	def, read, err := s.defaultSpanRead(ctx, unitID, approved)
	if err != nil {
		return def, read, err
	}
	if from == "" && to == "" {
		return def, read, nil
	}
	// One end alone: the other is taken from its year, so "to=2018-12"
	// means 2018 so far and "from=2019-04" runs to the latest figures.
	if from == "" {
		t, err := oversight.ParseMonth(to)
		if err != nil {
			return def, read, err
		}
		return oversight.YearToDate(t), read, nil
	}
	f, err := oversight.ParseMonth(from)
	if err != nil {
		return def, read, err
	}
	end := def.To
	if end < f {
		end = oversight.NewMonth(f.Year(), 12)
	}
	sp := oversight.Span{From: f, To: end}
	return sp, read, sp.Validate()
}

// subtreeFigures answers a unit's subtree totals and monthly figures over
// spans within the one it was read for: from the roll-ups when the unit has
// children, from its own figures when it is a leaf. Both follow the one
// engine (oversight.Rollup gives AggregateIn's figures; what it cannot, it
// hands back and totals computes with AggregateIn from the figures).
type subtreeFigures struct {
	s        *Server
	unit     oversight.Unit
	approved bool
	metrics  []string
	roll     *oversight.Rollup // nil for a leaf
	own      figureSet         // a leaf's figures
}

// Totals is oversight.AggregateIn over the subtree and span sp.
func (f subtreeFigures) Totals(ctx context.Context, sp oversight.Span) (oversight.Totals, error) {
	if f.roll == nil {
		return f.own.Totals(sp), nil
	}
	t, redo := f.roll.Totals(sp, f.metrics)
	if len(redo) == 0 {
		return t, nil
	}
	// A stock some unit did not report in the span's last month, and the
	// like: those codes from the figures of the subtree.
	var need []string
	for _, code := range redo {
		need = append(need, code)
		for _, in := range oversight.Indicators {
			if in.Code == code {
				need = append(need[:len(need)-1], in.Needs...) // a rate: its counts
				break
			}
		}
	}
	// Read from the children's roll-ups (and the unit's own figures): a
	// gap in the whole subtree is often none in each child (the country's
	// old provinces all end in June 2025, its new ones begin in July), and
	// the subtree read figure by figure is the whole country's.
	kids, err := f.s.db.Children(ctx, f.unit.ID)
	if err != nil {
		return nil, err
	}
	ts, err := f.s.unionTotals(ctx, f.approved, need, sp, unionGroup{Roots: kids, Own: []oversight.Unit{f.unit}})
	if err != nil {
		return nil, err
	}
	exact := ts[0]
	for _, code := range redo {
		delete(t, code)
		if v, ok := exact[code]; ok {
			t[code] = v
		}
	}
	return t, nil
}

// Monthly is oversight.Monthly over the subtree and span sp.
func (f subtreeFigures) Monthly(sp oversight.Span) map[oversight.Month]oversight.Totals {
	if f.roll == nil {
		return f.own.Monthly(sp)
	}
	return f.roll.Monthly(sp, f.metrics)
}

// figRead asks for the subtree figures of units over a span: of metrics (a
// subset of the call's: a page that shows fewer figures for some units
// reads fewer rows), or of all the call's metrics when it is empty.
type figRead struct {
	units   []oversight.Unit
	span    oversight.Span
	metrics []string
}

// of is the metrics a read asks for, given the call's.
func (r figRead) of(all []string) []string {
	if len(r.metrics) > 0 {
		return r.metrics
	}
	return all
}

// subtreesFigures reads the subtree figures of the units of each read
// (count metrics only) over its span, approved ones only or all: one read
// of the roll-ups for those that have children, one of their own figures
// for the leaves of each read.
func (s *Server) subtreesFigures(ctx context.Context, approved bool, metrics []string, reads ...figRead) (map[int64]subtreeFigures, error) {
	var rr []sqlite.RollupRead
	for _, r := range reads {
		ids := make([]int64, len(r.units))
		for i, u := range r.units {
			ids[i] = u.ID
		}
		rr = append(rr, sqlite.RollupRead{Units: ids, Span: r.span, Metrics: r.metrics})
	}
	rolls, fresh, err := s.db.SubtreeRollups(ctx, approved, metrics, rr...)
	if err != nil {
		return nil, err
	}
	out := map[int64]subtreeFigures{}
	for _, r := range reads {
		var leaves []int64
		for _, u := range r.units {
			f := subtreeFigures{s: s, unit: u, approved: approved, metrics: r.of(metrics)}
			switch roll, ok := rolls[u.ID]; {
			case ok && fresh:
				f.roll = roll
			case ok:
				// Roll-ups left stale by a write outside the store's
				// transactions: read the figures instead.
				if f.own, err = s.figures(ctx, u.ID, true, approved, r.span, r.of(metrics)...); err != nil {
					return nil, err
				}
			default:
				leaves = append(leaves, u.ID)
			}
			out[u.ID] = f
		}
		if len(leaves) == 0 {
			continue
		}
		pts, err := s.db.PointsOfUnits(ctx, leaves, approved, r.of(metrics), r.span)
		if err != nil {
			return nil, err
		}
		existed := oversight.ExistenceOf(r.units)
		byUnit := map[int64][]oversight.Point{}
		for _, p := range pts {
			byUnit[p.Unit] = append(byUnit[p.Unit], p)
		}
		for _, id := range leaves {
			f := out[id]
			f.own = figureSet{Points: byUnit[id], Existed: existed}
			out[id] = f
		}
	}
	return out, nil
}
