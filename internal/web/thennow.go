package web

import (
	"context"
	"time"
)

// thenNow pairs a unit formed by the 2025 reorganisation with the units it
// was formed from; figures are shown side by side, never added together.
type thenNow struct {
	New  childRow
	Olds []childRow
}

// dashThenNow maps, for a unit whose children were reorganised, each new
// child to the old units it was formed from, with the new unit's figures
// for the span and the old ones' for the same span a year (or more) before
// the reorganisation: side by side, never summed.
func (s *Server) dashThenNow(ctx context.Context, d *dashboardData) error {
	kids, err := s.db.Children(ctx, d.Unit.ID)
	if err != nil {
		return err
	}
	// One read of every link rather than one per child.
	links, err := s.db.AllSuccessions(ctx)
	if err != nil {
		return err
	}
	// By id: a code may name two units in two periods.
	predsOf := map[int64][]int64{}
	for _, l := range links {
		predsOf[l.ToID] = append(predsOf[l.ToID], l.FromID)
	}
	var pairs []thenNow
	var cut time.Time
	for _, k := range kids {
		if len(predsOf[k.ID]) == 0 {
			continue
		}
		tn := thenNow{New: childRow{Unit: k, URL: d.UnitURL(k.Ref())}}
		for _, id := range predsOf[k.ID] {
			p, err := s.db.UnitByID(ctx, id)
			if err != nil {
				return err
			}
			tn.Olds = append(tn.Olds, childRow{Unit: p})
			if p.ValidTo != nil && p.ValidTo.After(cut) {
				cut = *p.ValidTo
			}
		}
		pairs = append(pairs, tn)
	}
	if len(pairs) == 0 {
		return nil
	}
	// The old units' figures: the same months as the span, in the last year
	// they all existed.
	then := d.Span
	for !cut.IsZero() && then.To.LastDay().After(cut) {
		then = then.YearEarlier()
	}
	d.ThenSpan = then
	for i := range pairs {
		f, err := s.figures(ctx, pairs[i].New.Unit.ID, true, d.Approved, d.Span, childMetrics...)
		if err != nil {
			return err
		}
		pairs[i].New.kpis = kpisOf(f.Totals(d.Span))
		for j := range pairs[i].Olds {
			o := &pairs[i].Olds[j]
			f, err := s.figures(ctx, o.Unit.ID, true, d.Approved, then, childMetrics...)
			if err != nil {
				return err
			}
			o.kpis = kpisOf(f.Totals(then))
			o.URL = d.UnitURLAt(o.Unit.Code, then) // the months compared
		}
	}
	d.ThenNow = pairs
	return nil
}
