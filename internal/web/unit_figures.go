package web

import (
	"context"

	"github.com/cchc/cchc/internal/oversight"
)

// unitFigures are the figures a unit page shows over its span: the unit's
// own, its subtree's, and each child's subtree's.
type unitFigures struct {
	Own, Subtree kpis
	Children     []childRow
}

// unitPageFigures reads the figures of unit u's page over span sp (every
// figure, or approved ones only) the way the dashboard reads them: the
// subtree and its children's subtrees from the roll-ups (their own figures
// for leaves), the unit's own figures alone. Every figure is the one
// engine's (oversight.AggregateIn through subtreeFigures), so the page
// shows what the dashboard, the API and the exports show. Reading every
// figure of the subtree instead took 1.2–1.7 s for the national root of
// 14,150 units (docs/PERFORMANCE.md, "## finding units").
func (s *Server) unitPageFigures(ctx context.Context, u oversight.Unit, kids []oversight.Unit, approved bool, sp oversight.Span) (unitFigures, error) {
	var out unitFigures
	own, err := s.figures(ctx, u.ID, false, approved, sp, dashMetrics...)
	if err != nil {
		return out, err
	}
	out.Own = kpisOf(own.Totals(sp))
	if len(kids) == 0 {
		// A leaf's subtree is itself: one read of its figures.
		out.Subtree = out.Own
		return out, nil
	}
	// Children that did not exist in the span hold no figure for it (the
	// engine counts a unit only for the months it existed): their rows
	// stay empty, shown "—", as before.
	var live []oversight.Unit
	for _, k := range kids {
		if k.ExistedDuring(sp) {
			live = append(live, k)
		}
	}
	reads := []figRead{{units: []oversight.Unit{u}, span: sp}}
	if len(live) > 0 {
		reads = append(reads, figRead{units: live, span: sp})
	}
	figs, err := s.subtreesFigures(ctx, approved, dashMetrics, reads...)
	if err != nil {
		return out, err
	}
	sub, err := figs[u.ID].Totals(ctx, sp)
	if err != nil {
		return out, err
	}
	out.Subtree = kpisOf(sub)
	for _, k := range kids {
		row := childRow{Unit: k}
		if kf, ok := figs[k.ID]; ok && k.ExistedDuring(sp) {
			t, err := kf.Totals(ctx, sp)
			if err != nil {
				return out, err
			}
			row.kpis = kpisOf(t)
		}
		out.Children = append(out.Children, row)
	}
	return out, nil
}
