package web_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserPhoneAndLegends looks at the dashboard and the entry form as
// a ward clerk does on a 390×844 phone, and at the dashboard on a laptop:
// no page is wider than the screen, every chart's title stays inside its
// chart, and the staff-ratings legend sits below the month labels, not on
// them (in the picture the toolbox saves too, which is the same canvas).
func TestBrowserPhoneAndLegends(t *testing.T) {
	base := browserServer(t)
	bctx, rec := browserStart(t, base, 90*time.Second)
	browserLogin(t, bctx, base, "canbophuong")

	for _, size := range []struct {
		name string
		w, h int64
	}{{"laptop", 1280, 900}, {"phone", 390, 844}} {
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(size.w, size.h)); err != nil {
			t.Fatalf("%s viewport: %v", size.name, err)
		}
		browserLoad(t, bctx, size.name+": open Hà Đông's dashboard", chromedp.Navigate(base+"/dashboard?unit=268"))
		browserChartsDrawn(t, bctx)
		browserNoOverflow(t, bctx, size.name+" dashboard")
		browserChartLayout(t, bctx, size.name)
		rec.check(t, size.name+" dashboard")
		if size.name == "laptop" {
			// Turned into a phone without a reload: the charts fit again.
			if err := chromedp.Do(bctx, chromedp.EmulateViewport(390, 844)); err != nil {
				t.Fatalf("resize: %v", err)
			}
			browserUntil(t, "the page resized", func() bool {
				w, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.documentElement.clientWidth`))
				return err == nil && w <= 390
			})
			// The charts are redrawn on the next animation frame: wait for
			// them to fit (or the step timeout), then report what does not.
			deadline := time.Now().Add(browserStepTimeout)
			for time.Now().Before(deadline) {
				bad, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](browserChartLayoutJS))
				if err == nil && len(bad) == 0 {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			browserChartLayout(t, bctx, "laptop resized to a phone")
			if err := chromedp.Do(bctx, chromedp.EmulateViewport(size.w, size.h)); err != nil {
				t.Fatalf("resize back: %v", err)
			}
		}

		browserLoad(t, bctx, size.name+": open the entry form", chromedp.Navigate(base+"/entry?unit=09538&period=2019-10"))
		browserNoOverflow(t, bctx, size.name+" entry form")
		rec.check(t, size.name+" entry form")

		browserLoad(t, bctx, size.name+": open the recommendations tracker", chromedp.Navigate(base+"/recommendations?status=in_progress"))
		browserNoOverflow(t, bctx, size.name+" tracker")
		rec.check(t, size.name+" tracker")
	}
}

// browserChartLayout fails for each chart whose title or legend is out of
// place (browserChartLayoutJS).
func browserChartLayout(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](browserChartLayoutJS))
	if err != nil {
		t.Fatalf("%s: chart layout: %v", where, err)
	}
	for _, b := range bad {
		t.Errorf("%s: %s", where, b)
	}
}

// browserNoOverflow fails when the page scrolls sideways.
func browserNoOverflow(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
	if err != nil || len(got) != 2 {
		t.Fatalf("%s: page width: %v %v", where, got, err)
	}
	if got[0] > got[1] {
		t.Errorf("%s: the page is %d px wide on a %d px screen", where, got[0], got[1])
	}
}

// browserChartLayoutJS lists, for every chart, a title drawn outside the
// chart and a legend that reaches up into the x axis labels (the labels
// sit under the grid's plotting area, about 20 px).
const browserChartLayoutJS = `(function () {
  var bad = [];
  function rectOf(chart, type) {
    var m = chart.getModel().getComponent(type);
    if (!m) { return null; }
    var view = chart.getViewOfComponentModel(m);
    if (!view || !view.group) { return null; }
    view.group.updateTransform();
    var r = view.group.getBoundingRect().clone();
    if (view.group.transform) { r.applyTransform(view.group.transform); }
    return r;
  }
  document.querySelectorAll('div.chart[data-chart]').forEach(function (el) {
    var id = el.getAttribute('data-chart');
    var chart = window.echarts.getInstanceByDom(el);
    if (!chart) { bad.push(id + ': not drawn'); return; }
    var t = rectOf(chart, 'title');
    if (t && (t.x < 0 || t.x + t.width > el.clientWidth)) {
      bad.push(id + ': title from ' + Math.round(t.x) + ' to ' + Math.round(t.x + t.width) + ' px in a chart ' + el.clientWidth + ' px wide');
    }
    var g = chart.getModel().getComponent('grid');
    var l = rectOf(chart, 'legend');
    if (g && l && l.height > 0 && g.coordinateSystem) {
      var gr = g.coordinateSystem.getRect();
      if (l.y < gr.y + gr.height + 20) {
        bad.push(id + ': legend top at ' + Math.round(l.y) + ' px, on the axis labels under ' + Math.round(gr.y + gr.height) + ' px');
      }
    }
  });
  return bad;
})()`
