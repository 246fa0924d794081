package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/chart"
	"github.com/cchc/cchc/internal/oversight"
)

func init() {
	registerRoutes(func(s *Server, g groups) {
		g.in.GET("/", s.home)
		g.in.GET("/dashboard", s.dashboard)
	})
}

type chartView struct {
	ID      string
	Options chart.Options
}

type trendRow struct {
	Month     string
	Received  float64
	OnTime    float64
	HasOnTime bool
}

type childRow struct {
	Unit oversight.Unit
	kpis
}

type dashboardData struct {
	Unit         oversight.Unit
	Crumbs       []oversight.Unit
	Span         oversight.Span
	KPIs         kpis
	Trend        chartView
	TrendRows    []trendRow
	ChildChart   chartView
	Children     []childRow
	Predecessors []oversight.Unit
	Successors   []oversight.Unit
	HasData      bool
}

// home shows the dashboard of the highest unit: everyone may read every
// unit, so that is the root of the tree.
func (s *Server) home(c *gin.Context) {
	roots, err := s.db.Roots(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(roots) == 0 {
		s.fail(c, oversight.Bilingual(oversight.ENotFound, "Chưa có đơn vị nào: nạp danh mục bằng `cchc units import`.", "No units yet: load them with `cchc units import`."))
		return
	}
	s.showDashboard(c, roots[0])
}

func (s *Server) dashboard(c *gin.Context) {
	code := c.Query("unit")
	if code == "" {
		s.home(c)
		return
	}
	u, err := s.db.UnitByCode(c.Request.Context(), code)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showDashboard(c, u)
}

func (s *Server) showDashboard(c *gin.Context, u oversight.Unit) {
	ctx := c.Request.Context()
	l := lang(c)
	span, err := s.spanFromQuery(ctx, u.ID, c.Query("from"), c.Query("to"))
	if err != nil {
		s.fail(c, err)
		return
	}
	d := dashboardData{Unit: u, Span: span}
	if d.Crumbs, err = s.db.Ancestors(ctx, u.ID); err != nil {
		s.fail(c, err)
		return
	}
	slices.Reverse(d.Crumbs)
	pts, err := s.db.Points(ctx, u.ID, true, nil, span)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.HasData = len(pts) > 0
	d.KPIs = kpisOf(oversight.Aggregate(pts, span))

	byMonth := oversight.RollupByMonth(pts)
	var labels []string
	var received, rate []float64
	for _, m := range span.Months() {
		t := byMonth[m]
		r, ok := oversight.OnTimeRate(t)
		labels = append(labels, m.Label())
		received = append(received, t["dossiers_received"])
		rate = append(rate, r)
		d.TrendRows = append(d.TrendRows, trendRow{Month: m.Label(), Received: t["dossiers_received"], OnTime: r, HasOnTime: ok})
	}
	d.Trend = chartView{ID: "chart-trend", Options: chart.Trend(translate(l, "chart.trend"), labels, []chart.Series{
		{Name: translate(l, "kpi.received"), Values: received},
		{Name: translate(l, "chart.ontime"), Values: rate, Percent: true},
	})}

	kids, err := s.db.Children(ctx, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	var names, links []string
	var kidReceived []float64
	q := url.Values{"from": {span.From.String()}, "to": {span.To.String()}}
	for _, k := range kids {
		t, err := s.totals(ctx, k.ID, true, span)
		if err != nil {
			s.fail(c, err)
			return
		}
		row := childRow{Unit: k, kpis: kpisOf(t)}
		d.Children = append(d.Children, row)
		if row.HasReceived {
			q.Set("unit", k.Code)
			names = append(names, k.Name)
			links = append(links, "/dashboard?"+q.Encode())
			kidReceived = append(kidReceived, row.Received)
		}
	}
	if len(names) > 0 {
		d.ChildChart = chartView{ID: "chart-children", Options: chart.Bars(translate(l, "chart.children"), names,
			chart.Series{Name: translate(l, "kpi.received"), Values: kidReceived}, links)}
	}
	if d.Predecessors, d.Successors, err = s.db.Successions(ctx, u.ID); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "dashboard", fmt.Sprintf("%s — %s", translate(l, "dash.title"), u.Name), d)
}
