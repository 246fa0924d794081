package web

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/chart"
	"github.com/cchc/cchc/internal/oversight"
)

// thenNow pairs a unit formed by a reorganisation with the units it was
// formed from: the new unit's figures for the span, each old unit's for the
// same months before, and the comparable sum of those that went into it
// whole (oversight.ComparableOf). A split one is flagged and never added.
type thenNow struct {
	New  childRow
	Olds []thenOld
	// Comparable is the engine's figures over the old units that went
	// whole into New (and the whole ones before them), over the old span;
	// HasComparable is false when none did.
	Comparable    kpis
	HasComparable bool
	// Partial: some predecessor was split, so the comparable sum lacks the
	// share of it that went into New (not guessed at).
	Partial bool
}

// thenOld is one old unit of a thenNow: Split when it went into several
// successors (its figures shown apart, left out of the comparable sum).
type thenOld struct {
	childRow
	Split bool
}

// comparableSeries is what the trend of a unit formed by a reorganisation
// shows for the months before it existed: the sum of the units that went
// into it whole, with the split ones named.
type comparableSeries struct {
	Months oversight.Span // the months shown from the comparable series; zero when none
	Whole  []oversight.Unit
	Split  []oversight.Unit
}

// Has reports whether month m of the trend comes from the comparable series.
func (c comparableSeries) Has(m oversight.Month) bool {
	return len(c.Whole) > 0 && c.Months.From.Valid() && c.Months.Contains(m)
}

// Shown reports whether the trend shows a comparable series (or would,
// when every predecessor was split: the page then says why it does not).
func (c comparableSeries) Shown() bool { return c.Months.From.Valid() }

// dashThenNow maps the unit (when it was formed from others) and each of
// its children formed from others to the units it was formed from, with the
// new unit's figures for the span, the old ones' for the same months a year
// (or more) before the reorganisation, and the comparable sum of those that
// went into it whole. kids are the unit's children, every one, as
// buildDashboard read them (not read a second time).
func (s *Server) dashThenNow(ctx context.Context, d *dashboardData, kids []oversight.Unit) error {
	// A unit without children formed from no other (most communes) has no
	// pair: buildDashboard read its predecessors.
	if len(kids) == 0 && len(d.Predecessors) == 0 {
		return nil
	}
	// The links behind the unit and its children, in one read, rather than
	// one read per child or every link of the country.
	page := []int64{d.Unit.ID}
	for _, k := range kids {
		page = append(page, k.ID)
	}
	links, err := s.db.LineageLinksOf(ctx, page)
	if err != nil {
		return err
	}
	// By id: a code may name two units in two periods. Indexed once for
	// every child: a province has a hundred.
	lineage := oversight.NewLineage(links)
	var formed []oversight.Unit
	var ids []int64
	for _, k := range append([]oversight.Unit{d.Unit}, kids...) {
		if lineage.HasPredecessors(k.ID) {
			c := lineage.Comparable(k.ID)
			formed, ids = append(formed, k), append(append(ids, c.Whole...), c.Split...)
		}
	}
	// Every predecessor in one read (one per child was two hundred reads
	// for a province after 2025), in name order.
	predecessors, err := s.db.UnitsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	var pairs []thenNow
	var cmps []oversight.Comparable
	var cut time.Time
	for _, k := range formed {
		c := lineage.Comparable(k.ID)
		tn := thenNow{New: childRow{Unit: k, URL: d.UnitURL(k.Ref())}, HasComparable: c.Has(), Partial: c.Partial()}
		// Whole ones first, then the split ones, each in name order.
		for _, group := range [][]int64{c.Whole, c.Split} {
			for _, p := range predecessors {
				if !slices.Contains(group, p.ID) {
					continue
				}
				tn.Olds = append(tn.Olds, thenOld{childRow: childRow{Unit: p}, Split: slices.Contains(c.Split, p.ID)})
				if p.ValidTo != nil && p.ValidTo.After(cut) {
					cut = *p.ValidTo
				}
			}
		}
		pairs = append(pairs, tn)
		cmps = append(cmps, c)
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
	// One read of every new unit over the span and every old one over the
	// old months (roll-ups for units with children, figures for leaves: at
	// national scale a read per province took seconds), and one for the
	// comparable sums of the old units that went whole (unionTotals).
	var news, olds []oversight.Unit
	seen := map[int64]bool{}
	for _, p := range pairs {
		news = append(news, p.New.Unit)
		for _, o := range p.Olds {
			if seen[o.Unit.ID] {
				continue
			}
			seen[o.Unit.ID] = true
			olds = append(olds, o.Unit)
		}
	}
	figs, err := s.subtreesFigures(ctx, d.Approved, childMetrics, figRead{units: news, span: d.Span}, figRead{units: olds, span: then})
	if err != nil {
		return err
	}
	var groups []unionGroup
	var at []int // the pair of each group
	for i := range pairs {
		t, err := figs[pairs[i].New.Unit.ID].Totals(ctx, d.Span)
		if err != nil {
			return err
		}
		pairs[i].New.kpis = kpisOf(t)
		// The comparable sum: every whole old unit's figures in one set,
		// through the one engine (flows summed, stocks each unit's last
		// value then summed, rates from their counts where both exist).
		var whole []oversight.Unit
		for j := range pairs[i].Olds {
			o := &pairs[i].Olds[j]
			t, err := figs[o.Unit.ID].Totals(ctx, then)
			if err != nil {
				return err
			}
			o.kpis = kpisOf(t)
			o.URL = d.UnitURLAt(o.Unit.Code, then) // the months compared
			if !o.Split {
				whole = append(whole, o.Unit)
			}
		}
		if cmps[i].Has() {
			groups = append(groups, unionGroup{Roots: whole})
			at = append(at, i)
		}
	}
	// The comparable sums: one read for every pair.
	cs, err := s.unionTotals(ctx, d.Approved, childMetrics, then, groups...)
	if err != nil {
		return err
	}
	for j, i := range at {
		pairs[i].Comparable = kpisOf(cs[j])
	}
	d.ThenNow = pairs
	return nil
}

// comparableTrend fills, for a unit formed by a reorganisation and a span
// that begins before it existed, the months before with its comparable
// series: the engine's monthly figures over the units that went into it
// whole (oversight.ComparableOf), read from their subtrees. Split
// predecessors are named in d.Comparable and never added.
func (s *Server) comparableTrend(ctx context.Context, d *dashboardData, byMonth map[oversight.Month]oversight.Totals) error {
	months, ok := oversight.ComparableMonths(d.Unit, d.Span)
	if !ok {
		return nil
	}
	links, err := s.db.LineageLinks(ctx, d.Unit.ID)
	if err != nil || len(links) == 0 {
		return err
	}
	c := oversight.ComparableOf(d.Unit.ID, links)
	cs := comparableSeries{Months: months}
	olds, err := s.db.UnitsByIDs(ctx, append(slices.Clone(c.Whole), c.Split...))
	if err != nil {
		return err
	}
	for _, u := range olds {
		if slices.Contains(c.Split, u.ID) {
			cs.Split = append(cs.Split, u)
		} else {
			cs.Whole = append(cs.Whole, u)
		}
	}
	d.Comparable = cs
	if !c.Has() {
		return nil
	}
	sub, err := s.db.SubtreesFigures(ctx, c.Whole, d.Approved, dashMetrics, months)
	if err != nil {
		return err
	}
	mon := oversight.Monthly(sub.Points, months, oversight.ExistenceOf(sub.Units))
	// The trend has something to show even when the unit's own months
	// have nothing yet.
	d.HasData = d.HasData || len(sub.Points) > 0
	for _, m := range months.Months() {
		if t, ok := mon[m]; ok {
			byMonth[m] = t
		} else {
			delete(byMonth, m) // nothing recorded: unknown, as any other month
		}
	}
	return nil
}

// trendChart is the dashboard's trend (dossiers received as bars, the
// on-time rate as a line); months from the comparable series are drawn as
// series of their own, named so in the legend and the tooltip, the bars
// stacked in the same place as the unit's own.
func trendChart(l string, labels []string, received, rate []float64, cs comparableSeries, months []oversight.Month) chart.Options {
	if len(cs.Whole) == 0 {
		return chart.Trend(translate(l, "chart.trend"), labels, []chart.Series{
			{Name: translate(l, "kpi.received"), Values: received},
			{Name: translate(l, "chart.ontime"), Values: rate, Percent: true},
		})
	}
	split := func(vals []float64) (own, cmp []float64) {
		own, cmp = slices.Clone(vals), slices.Clone(vals)
		for i, m := range months {
			if cs.Has(m) {
				own[i] = math.NaN()
			} else {
				cmp[i] = math.NaN()
			}
		}
		return own, cmp
	}
	ownR, cmpR := split(received)
	ownT, cmpT := split(rate)
	suffix := " (" + translate(l, "cmp.series") + ")"
	o := chart.Trend(translate(l, "chart.trend"), labels, []chart.Series{
		{Name: translate(l, "kpi.received"), Values: ownR},
		{Name: translate(l, "kpi.received") + suffix, Values: cmpR},
		{Name: translate(l, "chart.ontime"), Values: ownT, Percent: true},
		{Name: translate(l, "chart.ontime") + suffix, Values: cmpT, Percent: true},
	})
	// Both bar series in one place per month: each month has only one.
	if list, ok := o["series"].([]any); ok {
		for _, x := range list {
			if m, ok := x.(map[string]any); ok && m["type"] == "bar" {
				m["stack"] = "received"
			}
		}
	}
	o["cchcComparable"] = cs.Months.String()
	return o
}

// WholeNames are the names of the units summed, for the page's note.
func (c comparableSeries) WholeNames() string { return unitNames(c.Whole) }

// SplitNames are the names of the split units left out, for the page's note.
func (c comparableSeries) SplitNames() string { return unitNames(c.Split) }

func unitNames(us []oversight.Unit) string {
	names := make([]string, len(us))
	for i, u := range us {
		names[i] = u.Name
	}
	return strings.Join(names, ", ")
}
