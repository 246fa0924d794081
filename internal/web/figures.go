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
	k.OnTime, k.HasOnTime = oversight.OnTimeRate(t)
	k.Procedures, k.HasProcedures = t["procedures_listed"]
	k.Staff, k.HasStaff = t["staff_evaluated"]
	k.StaffOK, k.HasStaffOK = oversight.CompletedOrAboveRate(t)
	return k
}

// totals aggregates a unit's figures (with its subtree, or its own only)
// over a span by the rules of each metric.
func (s *Server) totals(ctx context.Context, unitID int64, subtree bool, span oversight.Span, metrics ...string) (oversight.Totals, error) {
	pts, err := s.db.Points(ctx, unitID, subtree, metrics, span)
	if err != nil {
		return nil, err
	}
	return oversight.Aggregate(pts, span), nil
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
