package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/password"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/web"
)

// TestBrowserHeatmapDrawnWhole opens the dashboard of a synthetic province
// of 100 communes over 36 months (3,600 cells, more than ECharts draws in
// one frame when it renders progressively) and counts, cell by cell, the
// heat map cells painted on the canvas against the cells in its data.
func TestBrowserHeatmapDrawnWhole(t *testing.T) {
	base, end := syntheticBrowserServer(t)
	bctx, rec := browserStart(t, base, 90*time.Second)
	browserSyntheticLogin(t, bctx, base)
	from := end.Add(-35)
	browserLoad(t, bctx, "open the province over 36 months",
		chromedp.Navigate(base+"/dashboard?unit=P01&from="+from.String()+"&to="+end.String()))
	browserChartsDrawn(t, bctx)
	rec.check(t, "province dashboard")

	painted, cells := browserHeatCells(t, bctx, "chart-heat")
	if cells <= 3000 {
		t.Fatalf("the heat map has %d cells, want more than 3,000 for this test to mean anything", cells)
	}
	if painted != cells {
		t.Errorf("%d of the heat map's %d cells painted, want all", painted, cells)
	}

	// The ranking by on-time rate of the 100 communes: the 10 best and the
	// 10 worst, on an axis fitted to their rates (all above 90%).
	got, err := chromedp.Run(bctx, chromedp.Evaluate[[]float64](`(function () {
  var el = document.querySelector('div.chart[data-chart="chart-rank-ontime"]');
  var o = window.echarts.getInstanceByDom(el).getOption();
  return [o.yAxis[0].data.length, Number(o.xAxis[0].min) || 0, el.getBoundingClientRect().height];
})()`))
	if err != nil || len(got) != 3 {
		t.Fatalf("read the ranking: %v %v", got, err)
	}
	if got[0] != 21 || got[1] <= 0 || got[2] > 900 {
		t.Errorf("ranking: %v categories, axis from %v, %v px high; want 21 (10 + gap + 10), above 0, one screen", got[0], got[1], got[2])
	}
}

// browserHeatCells returns how many of the heat map's data cells show a
// cell colour (a saturated red, yellow or green, not the pale background
// bands) at their centre on any of the chart's canvases, and how many
// cells its data has. It counts what is on the canvas at once, with no
// wait: a chart drawn in part shows so in a screenshot or a print.
func browserHeatCells(t *testing.T, ctx context.Context, chart string) (painted, cells int) {
	t.Helper()
	js := `(function (id) {
  var el = document.querySelector('div.chart[data-chart="' + id + '"]');
  var chart = el && window.echarts.getInstanceByDom(el);
  if (!chart) { return [-1, -1]; }
  var data = chart.getOption().series[0].data;
  var canvases = el.querySelectorAll('canvas');
  var ctxs = Array.prototype.map.call(canvases, function (c) { return c.getContext('2d'); });
  var dpr = window.devicePixelRatio || 1;
  var painted = 0;
  for (var i = 0; i < data.length; i++) {
    var v = data[i].value || data[i];
    var p = chart.convertToPixel({seriesIndex: 0}, [v[0], v[1]]);
    for (var k = 0; k < ctxs.length; k++) {
      var px = ctxs[k].getImageData(Math.round(p[0] * dpr), Math.round(p[1] * dpr), 1, 1).data;
      if (px[3] > 200 && Math.max(px[0], px[1], px[2]) - Math.min(px[0], px[1], px[2]) > 60) { painted++; break; }
    }
  }
  return [painted, data.length];
})(` + browserJSString(chart) + `)`
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](js))
	if err != nil || len(got) != 2 || got[1] < 0 {
		t.Fatalf("count the cells of %s: %v %v", chart, got, err)
	}
	return got[0], got[1]
}

// syntheticName and syntheticPass are the delegate account of
// syntheticBrowserServer.
const syntheticName, syntheticPass = "heat-delegate", "heat-delegate-password"

// syntheticBrowserServer serves a synthetic province (P01) of 100
// communes with 36 months of figures ending at the returned month, with
// one delegate account, for browser tests at more than demo scale.
func syntheticBrowserServer(t *testing.T) (base string, end oversight.Month) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "heat.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	end = oversight.NewMonth(2026, 10)
	if _, err := seed.Synthetic(ctx, db, seed.SyntheticOptions{Provinces: 1, Units: 100, Months: 36, End: end, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	hash, err := password.Hash(syntheticPass)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, syntheticName, oversight.RoleDelegate, "", hash, sqlite.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(db, web.Config{Now: func() time.Time { return time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC) }},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts.URL, end
}

// browserSyntheticLogin logs syntheticBrowserServer's delegate in.
func browserSyntheticLogin(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	browserLoad(t, ctx, "open the login page", chromedp.Navigate(base+"/login"))
	browserLoad(t, ctx, "log in",
		chromedp.SendKeys(chromedp.CSS(`#username`), syntheticName),
		chromedp.SendKeys(chromedp.CSS(`#password`), syntheticPass),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
	)
}
