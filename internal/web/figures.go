package web

import (
	"context"

	"github.com/cchc/cchc/internal/oversight"
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

// subtreeChildOf returns, for a unit of the subtree of root (units), the
// child of root it lies under (itself when it is one), 0 for root itself.
func subtreeChildOf(root int64, units []oversight.Unit) func(id int64) int64 {
	parent := make(map[int64]int64, len(units))
	for _, x := range units {
		parent[x.ID] = x.ParentID
	}
	memo := map[int64]int64{}
	var of func(id int64) int64
	of = func(id int64) int64 {
		if c, ok := memo[id]; ok {
			return c
		}
		c := int64(0)
		if p, ok := parent[id]; ok && id != root {
			if p == root {
				c = id
			} else {
				c = of(p)
			}
		}
		memo[id] = c
		return c
	}
	return of
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
	data, ok, err := s.db.SubtreeDataMonths(ctx, unitID)
	if err != nil {
		return oversight.Span{}, err
	}
	if !ok {
		return oversight.YearToDate(oversight.MonthOf(s.cfg.Now())), nil
	}
	return oversight.YearToDate(data.To), nil
}

// spanFromQuery reads from/to (YYYY-MM); either may be left out.
func (s *Server) spanFromQuery(ctx context.Context, unitID int64, from, to string) (oversight.Span, error) {
	def, err := s.defaultSpan(ctx, unitID)
	if err != nil {
		return def, err
	}
	if from == "" && to == "" {
		return def, nil
	}
	// One end alone: the other is taken from its year, so "to=2018-12"
	// means 2018 so far and "from=2019-04" runs to the latest figures.
	if from == "" {
		t, err := oversight.ParseMonth(to)
		if err != nil {
			return def, err
		}
		return oversight.YearToDate(t), nil
	}
	if to == "" {
		f, err := oversight.ParseMonth(from)
		if err != nil {
			return def, err
		}
		end := def.To
		if end < f {
			end = oversight.NewMonth(f.Year(), 12)
		}
		s := oversight.Span{From: f, To: end}
		return s, s.Validate()
	}
	return oversight.ParseSpan(from, to)
}
