package web

import (
	"cmp"
	"context"
	"math"
	"slices"

	"github.com/cchc/cchc/internal/chart"
	"github.com/cchc/cchc/internal/oversight"
)

// dashChildren fills the rankings, the table and the heat map of the
// children that existed during the span (live), from the figures of their
// subtrees (figs).
func (s *Server) dashChildren(ctx context.Context, l string, d *dashboardData, live []oversight.Unit, figs map[int64]subtreeFigures, link func(string) string) error {
	months := d.Span.Months()
	for _, m := range months {
		d.HeatMonths = append(d.HeatMonths, m.Label())
	}
	for _, k := range live {
		kf := figs[k.ID]
		t, err := kf.Totals(ctx, d.Span)
		if err != nil {
			return err
		}
		row := childRow{Unit: k, URL: link(k.Code), kpis: kpisOf(t)}
		d.Children = append(d.Children, row)
		hr := heatRow{Unit: k, URL: row.URL}
		has := false
		monthly := kf.Monthly(d.Span)
		for _, m := range months {
			r, ok := monthly[m]["on_time_rate"]
			hr.Cells = append(hr.Cells, heatCell{Rate: r, Has: ok})
			has = has || ok
		}
		if has {
			hr.CellsHTML = heatCellsHTML(l, hr.Cells)
			d.HeatRows = append(d.HeatRows, hr)
		}
	}

	// Rankings: best first, units without the figure left out of the chart
	// (the table lists them with a dash).
	rank := func(id, title string, has func(childRow) bool, val func(childRow) float64, percent bool) chartView {
		var rows []childRow
		for _, r := range d.Children {
			if has(r) {
				rows = append(rows, r)
			}
		}
		if len(rows) == 0 {
			return chartView{}
		}
		slices.SortStableFunc(rows, func(a, b childRow) int { return cmp.Compare(val(b), val(a)) })
		var names, links []string
		var vals []float64
		for _, r := range rows {
			names = append(names, r.Unit.Name)
			links = append(links, r.URL)
			vals = append(vals, val(r))
		}
		return chartView{ID: id, Options: rankChart(l, title, names, vals, links, percent)}
	}
	d.ChildChart = rank("chart-children", translate(l, "chart.children"),
		func(r childRow) bool { return r.HasReceived }, func(r childRow) float64 { return r.Received }, false)
	d.RankOnTime = rank("chart-rank-ontime", translate(l, "dash.chart_rank_ontime"),
		func(r childRow) bool { return r.HasOnTime }, func(r childRow) float64 { return r.OnTime }, true)

	if len(d.HeatRows) > 0 {
		var names, links []string
		var vals [][]float64
		for _, hr := range d.HeatRows {
			names = append(names, hr.Unit.Name)
			links = append(links, hr.URL)
			row := make([]float64, len(hr.Cells))
			for i, c := range hr.Cells {
				row[i] = c.Rate
				if !c.Has {
					row[i] = math.NaN()
				}
			}
			vals = append(vals, row)
		}
		d.Heat = chartView{ID: "chart-heat", Options: chart.Heatmap(translate(l, "dash.chart_heat"), d.HeatMonths, names, vals, links)}
	}
	return nil
}
