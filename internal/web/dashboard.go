package web

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/chart"
	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

// dashMetrics are the count metrics the dashboard reads from the subtree
// roll-ups; every figure it shows is computed from these.
var dashMetrics = []string{"dossiers_received", "dossiers_resolved", "dossiers_on_time", "procedures_listed",
	"staff_evaluated", "staff_excellent", "staff_good", "staff_completed", "staff_not_completed"}

// childMetrics are what the rankings, the table and the heat map of the
// children need: reading fewer metrics keeps the national page fast.
var childMetrics = []string{"dossiers_received", "dossiers_resolved", "dossiers_on_time", "procedures_listed"}

// staffCategories are the evaluation categories of Nghị định 90/2020, in order.
var staffCategories = []string{"staff_excellent", "staff_good", "staff_completed", "staff_not_completed"}

type chartView struct {
	ID      string
	Options chart.Options
}

type trendRow struct {
	Month       string
	Received    float64
	HasReceived bool
	OnTime      float64
	HasOnTime   bool
	// How many of the units expected to report that month did; Incomplete
	// when not all of them (the row and the chart's month are marked).
	Reporting  sqlite.Reporting
	Incomplete bool
	Comparable bool // from the comparable series (thennow.go)
}

type childRow struct {
	Unit oversight.Unit
	URL  string
	kpis
}

// kpiCard is one headline figure with the same span a year earlier.
type kpiCard struct {
	ID, Label         string
	Now, Before       float64
	HasNow, HasBefore bool
	Percent           bool
	NowText           string // as shown (figureText)
	BeforeText        string
	Change            float64 // percent change, or points for a percent figure
	HasChange         bool
	ChangeText        string // "+3,2%" or "−1,5 điểm"
	Trend             string // "up", "down" or "flat", for the arrow's colour
}

type staffRow struct {
	Month string
	Cats  []float64
	Has   bool
	// CellsHTML is the categories' cells as the table shows them.
	CellsHTML template.HTML
}

type heatRow struct {
	Unit  oversight.Unit
	URL   string
	Cells []heatCell
	// CellsHTML is the row's cells as the table shows them (heatCellsHTML).
	CellsHTML template.HTML
}

type heatCell struct {
	Rate float64
	Has  bool
}

// overdueRec is a recommendation past its deadline and not closed.
type overdueRec struct {
	oversight.Recommendation
	StatusName string
}

type recCount struct {
	Status, Name string
	N            int
}

type presetLink struct {
	Key, URL string
	Active   bool
}

type dashboardData struct {
	Lang         string
	Unit         oversight.Unit
	Crumbs       []oversight.Unit
	Span         oversight.Span
	SpanName     string // "Quý 3/2019" when the span is a whole period (spans.go)
	Prior        oversight.Span
	Preset       string
	Presets      []presetLink
	KPIs         kpis
	Cards        []kpiCard
	Trend        chartView
	TrendRows    []trendRow
	TrendHTML    template.HTML // the trend table's rows (trendRowsHTML)
	ChildChart   chartView
	RankOnTime   chartView
	Children     []childRow
	Absent       []oversight.Unit // children that did not exist in the span
	Staff        chartView
	StaffRows    []staffRow
	StaffNames   []string
	Heat         chartView
	HeatMonths   []string
	HeatRows     []heatRow
	Recs         chartView
	RecCounts    []recCount
	RecOverdue   []overdueRec
	ThenNow      []thenNow
	ThenSpan     oversight.Span
	Comparable   comparableSeries // the trend's months before the unit existed (thennow.go)
	Predecessors []oversight.Unit
	Successors   []oversight.Unit
	HasData      bool
	Reporting    dashReporting // completeness (dashboard_completeness.go)
	dashApproved               // figures: all or approved only; overdue count (approved.go)
}

func (s *Server) dashboard(c *gin.Context) {
	code := c.Query("unit")
	if code == "" {
		s.home(c)
		return
	}
	u, err := s.unitFromQuery(c, code)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showDashboard(c, u)
}

func (s *Server) showDashboard(c *gin.Context, u oversight.Unit) {
	d, err := s.buildDashboard(c, u)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "dashboard", fmt.Sprintf("%s — %s", translate(lang(c), "dash.title"), u.Name), d)
}

// dashSpan reads the span: a preset (seen from the latest month with
// figures) or from/to; with the completeness read to choose the default
// span, if it was.
func (s *Server) dashSpan(ctx context.Context, c *gin.Context, unitID int64, approved bool) (oversight.Span, string, reportingRead, error) {
	preset := c.Query("preset")
	if preset != "" && preset != oversight.PresetCustom {
		def, read, err := s.defaultSpanRead(ctx, unitID, approved)
		if err != nil {
			return def, "", read, err
		}
		sp, ok := oversight.PresetSpan(preset, def.To)
		if !ok {
			return def, "", read, oversight.Errf(oversight.EInvalid, "err.there_no_span_preset", preset)
		}
		return sp, preset, read, nil
	}
	sp, read, err := s.spanFromQueryRead(ctx, unitID, c.Query("from"), c.Query("to"), approved)
	if preset == "" && c.Query("from") == "" && c.Query("to") == "" {
		preset = oversight.PresetYear // the default span is the year to date
	} else {
		preset = oversight.PresetCustom
	}
	return sp, preset, read, err
}

func (s *Server) buildDashboard(c *gin.Context, u oversight.Unit) (dashboardData, error) {
	ctx := c.Request.Context()
	l := lang(c)
	approved, err := figuresApproved(c)
	if err != nil {
		return dashboardData{}, err
	}
	span, preset, known, err := s.dashSpan(ctx, c, u.ID, approved)
	if err != nil {
		return dashboardData{}, err
	}
	d := dashboardData{Lang: l, Unit: u, Span: span, SpanName: spanName(l, span), Prior: span.YearEarlier(), Preset: preset}
	d.Approved = approved
	for _, p := range oversight.Presets {
		q := url.Values{"unit": {u.Code}, "preset": {p}}
		if p == oversight.PresetCustom {
			q = url.Values{"unit": {u.Code}, "from": {span.From.String()}, "to": {span.To.String()}}
		}
		d.Presets = append(d.Presets, presetLink{Key: p, URL: "/dashboard?" + d.figuresQuery(q).Encode(), Active: p == preset})
	}
	if d.Crumbs, err = s.db.Ancestors(ctx, u.ID); err != nil {
		return d, err
	}
	slices.Reverse(d.Crumbs)
	linkQ := func(code string) string { return d.UnitURL(code) } // links.go

	// One read of the subtree's (and the children's subtrees') figures over
	// this span and the same span a year earlier: roll-ups for units with
	// children, their own figures for leaves; every figure below is the
	// one engine's (oversight.AggregateIn, Monthly).
	kids, err := s.db.Children(ctx, u.ID)
	if err != nil {
		return d, err
	}
	var live []oversight.Unit
	for _, k := range kids {
		if k.ExistedDuring(span) {
			live = append(live, k)
		} else {
			d.Absent = append(d.Absent, k)
		}
	}
	// The unit's own subtree over both spans, its children's over this one.
	figs, err := s.subtreesFigures(ctx, d.Approved, dashMetrics,
		figRead{units: []oversight.Unit{u}, span: oversight.Span{From: d.Prior.From, To: span.To}}, figRead{units: live, span: span, metrics: childMetrics})
	if err != nil {
		return d, err
	}
	fig := figs[u.ID]
	now, err := fig.Totals(ctx, span)
	if err != nil {
		return d, err
	}
	before, err := fig.Totals(ctx, d.Prior)
	if err != nil {
		return d, err
	}
	byMonth := fig.Monthly(span)
	d.HasData = len(now) > 0
	if err := s.comparableTrend(ctx, &d, byMonth); err != nil {
		return d, err
	}
	if err := s.dashCompleteness(ctx, &d, known); err != nil {
		return d, err
	}
	d.KPIs = kpisOf(now)
	d.Cards = kpiCards(l, d.KPIs, kpisOf(before))

	// Trend: dossiers received (bars) against the on-time rate (line).
	var labels, incomplete []string
	var received, rate []float64
	for _, m := range span.Months() {
		t := byMonth[m]
		labels = append(labels, m.Label())
		received = append(received, t.Get("dossiers_received"))
		rate = append(rate, t.Get("on_time_rate"))
		rv, hasR := t["dossiers_received"]
		r, ok := t["on_time_rate"]
		rep, known := d.Reporting.ByMonth[m]
		row := trendRow{Month: m.Label(), Received: rv, HasReceived: hasR, OnTime: r, HasOnTime: ok,
			Reporting: rep, Incomplete: known && rep.Expected > 0 && !reportingFull(rep), Comparable: d.Comparable.Has(m)}
		if row.Incomplete {
			incomplete = append(incomplete, m.Label())
		}
		d.TrendRows = append(d.TrendRows, row)
	}
	d.TrendHTML = trendRowsHTML(l, d.TrendRows)
	if d.HasData {
		d.Trend = chartView{ID: "chart-trend", Options: chart.MarkCategories(trendChart(l, labels, received, rate, d.Comparable, span.Months()),
			incomplete, translate(l, "dash.reporting_incomplete"))}
	}

	// Staff by evaluation category, month by month (a stock: never summed).
	for _, code := range staffCategories {
		m, _ := oversight.MetricByCode(code)
		d.StaffNames = append(d.StaffNames, text.MetricName(l, m))
	}
	staffSeries := make([]chart.Series, len(staffCategories))
	for i := range staffSeries {
		staffSeries[i].Name = d.StaffNames[i]
	}
	anyStaff := false
	for _, m := range span.Months() {
		row := staffRow{Month: m.Label()}
		for i, code := range staffCategories {
			v, ok := byMonth[m][code]
			row.Has = row.Has || ok
			if !ok {
				v = math.NaN() // not reported: "—" in the table, a gap in the chart
			}
			row.Cats = append(row.Cats, v)
			staffSeries[i].Values = append(staffSeries[i].Values, v)
		}
		anyStaff = anyStaff || row.Has
		if row.Has {
			row.CellsHTML = numberCellsHTML(l, row.Cats)
		}
		d.StaffRows = append(d.StaffRows, row)
	}
	if anyStaff {
		d.Staff = chartView{ID: "chart-staff", Options: chart.Stacked(translate(l, "dash.chart_staff"), labels, staffSeries)}
	}

	if err := s.dashChildren(ctx, l, &d, live, figs, linkQ); err != nil {
		return d, err
	}
	if err := s.dashRecs(ctx, l, &d); err != nil {
		return d, err
	}
	if err := s.dashFigures(ctx, &d); err != nil {
		return d, err
	}
	if d.Predecessors, d.Successors, err = s.db.Successions(ctx, u.ID); err != nil {
		return d, err
	}
	if err := s.dashThenNow(ctx, &d, kids); err != nil {
		return d, err
	}
	return d, nil
}

// kpiCards pairs each headline figure with its value a year earlier.
func kpiCards(l string, now, before kpis) []kpiCard {
	card := func(id, key string, n, b float64, hn, hb, percent bool) kpiCard {
		k := kpiCard{ID: id, Label: translate(l, key), Now: n, Before: b, HasNow: hn, HasBefore: hb, Percent: percent,
			NowText: figureText(l, n, hn, percent), BeforeText: figureText(l, b, hb, percent)}
		if percent {
			// A rate's change is in percentage points.
			k.Change, k.HasChange = n-b, hn && hb
		} else {
			k.Change, k.HasChange = oversight.Change(n, b, hn, hb)
		}
		if k.HasChange {
			k.ChangeText, k.Trend = changeText(l, k.Change, percent) // rank.go
		}
		return k
	}
	return []kpiCard{
		card("kpi-received", "kpi.received", now.Received, before.Received, now.HasReceived, before.HasReceived, false),
		card("kpi-ontime", "kpi.ontime", now.OnTime, before.OnTime, now.HasOnTime, before.HasOnTime, true),
		card("kpi-procedures", "kpi.procedures", now.Procedures, before.Procedures, now.HasProcedures, before.HasProcedures, false),
		card("kpi-staff", "kpi.staff", now.Staff, before.Staff, now.HasStaff, before.HasStaff, false),
		card("kpi-staffok", "kpi.staff_ok", now.StaffOK, before.StaffOK, now.HasStaffOK, before.HasStaffOK, true),
	}
}

// dashRecs counts the recommendations led by the unit's subtree by status
// and lists the overdue ones.
func (s *Server) dashRecs(ctx context.Context, l string, d *dashboardData) error {
	recs, err := s.db.RecommendationsByLead(ctx, d.Unit.ID)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return nil
	}
	today := s.cfg.Now()
	n := map[string]int{}
	for _, r := range recs {
		n[r.Status]++
		if r.Overdue(today) {
			d.RecOverdue = append(d.RecOverdue, overdueRec{r, text.RecStatus(l, r.Status)})
		}
	}
	var names, links []string
	var vals []float64
	for _, st := range oversight.RecStatuses {
		if n[st] == 0 {
			continue
		}
		name := text.RecStatus(l, st)
		d.RecCounts = append(d.RecCounts, recCount{Status: st, Name: name, N: n[st]})
		names = append(names, name)
		vals = append(vals, float64(n[st]))
		links = append(links, "/recommendations?"+url.Values{"unit": {d.Unit.Code}, "status": {st}}.Encode())
	}
	d.Recs = chartView{ID: "chart-recs", Options: chart.Bars(translate(l, "dash.chart_recs"), names,
		chart.Series{Name: translate(l, "dash.recs_n"), Values: vals, Whole: true}, links)}
	return nil
}
