package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/web"
)

// browserChromium is where Debian's chromium package puts the browser.
const browserChromium = "/usr/bin/chromium"

// browserStepTimeout bounds every wait of the browser test: a page load,
// a chart drawing, a poll. No step sleeps for a fixed time.
const browserStepTimeout = 15 * time.Second

// TestBrowserDashboardDrillDown drives a real headless Chromium through
// the app: log in through the form, see the charts drawn, drill down
// from Hà Nội to Hà Đông to a ward and back up through the breadcrumbs,
// and switch to English. Every request must stay on the app's own origin,
// and the page must log no error, uncaught exception or
// Content-Security-Policy violation.
func TestBrowserDashboardDrillDown(t *testing.T) {
	base := browserServer(t)
	start := time.Now()
	bctx, rec := browserStart(t, base, 60*time.Second)
	browserLoad(t, bctx, "open the login page", chromedp.Navigate(base+"/login"))
	t.Logf("browser started and login page loaded in %v", time.Since(start).Round(time.Millisecond))

	// The recorder must see what it is meant to catch: an inline script is a
	// CSP violation the browser reports. Provoke one, see it, forget it.
	if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](
		`(function(){var s=document.createElement('script');s.textContent='window.__cchcInline=1';document.body.appendChild(s);})()`)); err != nil {
		t.Fatalf("inject inline script: %v", err)
	}
	browserUntil(t, "the recorder sees a provoked CSP violation", func() bool {
		return strings.Contains(strings.Join(rec.take(), "\n"), "Content Security Policy")
	})
	if v, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`window.__cchcInline === 1`)); err != nil || v {
		t.Fatalf("inline script ran despite the Content-Security-Policy (ran=%v, err=%v)", v, err)
	}

	// Log in as the delegate through the real form.
	delegate := browserAccount(t, "daibieu")
	browserLoad(t, bctx, "log in",
		chromedp.SendKeys(chromedp.CSS(`#username`), delegate.Name),
		chromedp.SendKeys(chromedp.CSS(`#password`), delegate.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
	)
	browserWantPath(t, bctx, "/", "")
	browserChartsDrawn(t, bctx)
	// All the demo's figures are Hà Nội's: a delegate lands there, with the
	// nation one step up in the breadcrumbs.
	if h1 := browserText(t, bctx, `.page-head h1`); !strings.Contains(h1, "Thành phố Hà Nội") {
		t.Errorf("home dashboard heading = %q, want Thành phố Hà Nội (the one province holding figures)", h1)
	}
	if crumbs := browserText(t, bctx, `.crumbs`); !strings.Contains(crumbs, "Việt Nam") {
		t.Errorf("home breadcrumbs %q do not lead up to Việt Nam", crumbs)
	}
	rec.check(t, "home dashboard")

	// Drill down: Hà Nội → Quận Hà Đông, by its link in the children table.
	link := browserLinkByText(t, bctx, `#children-table`, "Quận Hà Đông")
	browserLoad(t, bctx, "drill down to Hà Đông", chromedp.Click(chromedp.CSS(link)))
	browserWantPath(t, bctx, "/dashboard", "268")
	browserChartsDrawn(t, bctx)
	if got := browserText(t, bctx, `#kpi-received .value`); got != "107.103" {
		t.Errorf("Hà Đông received (vi) = %q, want 107.103", got)
	}
	rec.check(t, "Hà Đông dashboard")

	// Drill down again: Hà Đông → Phường Nguyễn Trãi (09538).
	link = browserLinkByText(t, bctx, `#children-table`, "Phường Nguyễn Trãi")
	browserLoad(t, bctx, "drill down to Nguyễn Trãi", chromedp.Click(chromedp.CSS(link)))
	browserWantPath(t, bctx, "/dashboard", "09538")
	browserChartsDrawn(t, bctx)
	crumbs := browserText(t, bctx, `.crumbs`)
	for _, want := range []string{"Hà Nội", "Hà Đông"} {
		if !strings.Contains(crumbs, want) {
			t.Errorf("ward breadcrumbs %q do not contain %q", crumbs, want)
		}
	}
	rec.check(t, "ward dashboard")

	// Back up through the Hà Đông breadcrumb.
	link = browserLinkByText(t, bctx, `.crumbs`, "Quận Hà Đông")
	browserLoad(t, bctx, "go back up to Hà Đông", chromedp.Click(chromedp.CSS(link)))
	browserWantPath(t, bctx, "/dashboard", "268")
	browserChartsDrawn(t, bctx)
	if got := browserText(t, bctx, `#kpi-received .value`); got != "107.103" {
		t.Errorf("Hà Đông received after the breadcrumb (vi) = %q, want 107.103", got)
	}
	rec.check(t, "Hà Đông dashboard via breadcrumb")

	// Span presets: the last whole quarter by the latest month with figures
	// (10/2019), named as such, charts drawn again, compared with the same
	// quarter a year earlier.
	browserLoad(t, bctx, "choose the quarter preset", chromedp.Click(chromedp.CSS(`#presets a[data-preset="quarter"]`)))
	browserWantPath(t, bctx, "/dashboard", "268")
	browserChartsDrawn(t, bctx)
	if got := browserText(t, bctx, `#span-label`); got != "07/2019–09/2019" {
		t.Errorf("quarter span = %q, want 07/2019–09/2019", got)
	}
	if got := browserText(t, bctx, `#span-name`); got != "(Quý 3/2019)" {
		t.Errorf("quarter span name = %q, want (Quý 3/2019)", got)
	}
	if got := browserText(t, bctx, `#prior-label`); got != "07/2018–09/2018" {
		t.Errorf("year-earlier span = %q, want 07/2018–09/2018", got)
	}
	rec.check(t, "quarter preset")

	// Drilling down and back up through the breadcrumbs keeps the quarter.
	link = browserLinkByText(t, bctx, `#children-table`, "Phường Nguyễn Trãi")
	browserLoad(t, bctx, "drill down to Nguyễn Trãi in the quarter", chromedp.Click(chromedp.CSS(link)))
	browserWantPath(t, bctx, "/dashboard", "09538")
	if got := browserText(t, bctx, `#span-label`); got != "07/2019–09/2019" {
		t.Errorf("the ward's span after drilling down = %q, want the quarter 07/2019–09/2019", got)
	}
	link = browserLinkByText(t, bctx, `.crumbs`, "Quận Hà Đông")
	browserLoad(t, bctx, "back up to Hà Đông in the quarter", chromedp.Click(chromedp.CSS(link)))
	browserWantPath(t, bctx, "/dashboard", "268")
	browserChartsDrawn(t, bctx)
	if got := browserText(t, bctx, `#span-label`); got != "07/2019–09/2019" {
		t.Errorf("Hà Đông's span after the breadcrumb = %q, want the quarter 07/2019–09/2019", got)
	}
	rec.check(t, "quarter kept through drill-down and breadcrumb")

	// Drill down from a chart, not a table: click Nguyễn Trãi's bar in the
	// ranking by on-time rate through ECharts' own event path.
	browserLoad(t, bctx, "go back to the year", chromedp.Click(chromedp.CSS(`#presets a[data-preset="year"]`)))
	browserChartsDrawn(t, bctx)
	browserClickBar(t, bctx, "chart-rank-ontime", "Phường Nguyễn Trãi")
	browserWantPath(t, bctx, "/dashboard", "09538")
	browserChartsDrawn(t, bctx)
	rec.check(t, "ward dashboard from the chart")
	link = browserLinkByText(t, bctx, `.crumbs`, "Quận Hà Đông")
	browserLoad(t, bctx, "back up to Hà Đông again", chromedp.Click(chromedp.CSS(link)))
	browserWantPath(t, bctx, "/dashboard", "268")

	// The briefing pack of Hà Đông prints from its own page.
	browserLoad(t, bctx, "open the briefing pack", chromedp.Click(chromedp.CSS(`#brief-link`)))
	browserWantPath(t, bctx, "/dashboard/brief", "268")
	if got := browserText(t, bctx, `#kpi-received .value`); got != "107.103" {
		t.Errorf("briefing pack received = %q, want 107.103", got)
	}
	rec.check(t, "briefing pack")
	browserLoad(t, bctx, "back to the dashboard", chromedp.Navigate(base+"/dashboard?unit=268"))
	browserChartsDrawn(t, bctx)

	// Switch to English: same page, English numbers.
	browserLoad(t, bctx, "switch to English", chromedp.Click(chromedp.CSS(`#lang-switch`)))
	browserWantPath(t, bctx, "/dashboard", "268")
	if l, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.documentElement.lang`)); err != nil || l != "en" {
		t.Errorf("document language after the switch = %q (err %v), want en", l, err)
	}
	browserChartsDrawn(t, bctx)
	if got := browserText(t, bctx, `#kpi-received .value`); got != "107,103" {
		t.Errorf("Hà Đông received (en) = %q, want 107,103", got)
	}
	rec.check(t, "English dashboard")

	n := len(rec.requestList())
	t.Logf("%d requests, all to %s; whole walk took %v", n, base, time.Since(start).Round(time.Millisecond))
}

// browserClickBar clicks the bar named name in the bar chart chart as a
// user would: it points at the bar, waits until ECharts itself reports the
// pointer over that bar (the chart may still be animating or the page
// still settling after the scroll), then clicks there and waits for the
// page the click leads to. It never trusts computed pixels alone: a click
// at computed pixels, sent straight after the chart was first painted,
// timed out on a fresh machine with Chromium 156 (the bars grow during
// ECharts' entry animation, and the page may still be scrolling).
func browserClickBar(t *testing.T, ctx context.Context, chart, name string) {
	t.Helper()
	setup := fmt.Sprintf(`(function (id) {
  var el = document.querySelector('div.chart[data-chart="' + id + '"]');
  var chart = el && window.echarts.getInstanceByDom(el);
  if (!chart) { return false; }
  window.__cchcHover = '';
  chart.on('mouseover', function (p) { window.__cchcHover = p.name; });
  chart.on('mouseout', function () { window.__cchcHover = ''; });
  return true;
})(%s)`, browserJSString(chart))
	if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](setup)); err != nil || !ok {
		t.Fatalf("chart %s not found for a click (err %v)", chart, err)
	}
	where := fmt.Sprintf(`(function (id, name) {
  var el = document.querySelector('div.chart[data-chart="' + id + '"]');
  el.scrollIntoView({block: 'center', behavior: 'instant'});
  var chart = window.echarts.getInstanceByDom(el);
  var opt = chart.getOption();
  var i = opt.yAxis[0].data.indexOf(name);
  if (i < 0) { return []; }
  // The middle of the bar, which starts at the axis minimum (a ranking's
  // percent axis is fitted to its values, not started at 0).
  var min = Number(opt.xAxis[0].min) || 0;
  var p = chart.convertToPixel({seriesIndex: 0}, [(min + Number(opt.series[0].data[i])) / 2, i]);
  var r = el.getBoundingClientRect();
  return [r.left + p[0], r.top + p[1]];
})(%s, %s)`, browserJSString(chart), browserJSString(name))
	deadline := time.Now().Add(browserStepTimeout)
	var xy []float64
	for {
		var err error
		xy, err = chromedp.Run(ctx, chromedp.Evaluate[[]float64](where))
		if err != nil || len(xy) != 2 {
			t.Fatalf("find the bar %q in %s: %v %v", name, chart, xy, err)
		}
		if err := chromedp.Do(ctx, chromedp.MouseEvent(chromedp.MouseMoved, xy[0], xy[1])); err != nil {
			t.Fatalf("point at the bar %q: %v", name, err)
		}
		hover, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.__cchcHover`))
		if err != nil {
			t.Fatalf("read the hovered bar: %v", err)
		}
		if hover == name {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("pointing at (%.0f, %.0f) in %s, ECharts reports %q under the pointer, want %q", xy[0], xy[1], chart, hover, name)
		}
		time.Sleep(50 * time.Millisecond)
	}
	browserLoad(t, ctx, "drill down from the bar "+name+" in "+chart, chromedp.MouseClickXY(xy[0], xy[1]))
}

// browserServer starts the app (real clock) for a browser test and
// returns its URL.
func browserServer(t *testing.T) string {
	t.Helper()
	return newEnvWith(t, web.Config{Demo: true}).ts.URL
}

// browserStart skips the test without chromium (and fails it in CI),
// starts a headless chromium whose every request and console message the
// returned recorder watches, and stops it when the test ends. The whole
// test, browser start included, must end within timeout.
func browserStart(t *testing.T, base string, timeout time.Duration) (context.Context, *browserRecorder) {
	t.Helper()
	if _, err := os.Stat(browserChromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must install chromium (%s): %v", browserChromium, err)
		}
		t.Skipf("no chromium at %s: %v", browserChromium, err)
	}
	profile := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(browserChromium),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		// Without these Chromium calls home, which this machine's closed
		// network refuses.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// /dev/shm is tiny in many containers; Chromium crashes when it fills.
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	rec := &browserRecorder{origin: base}
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithListener(rec.listen))
	// Clean-ups run last-registered first: the browser stops (and is waited
	// for) before t.TempDir's clean-up removes its profile.
	t.Cleanup(func() { bcancel(); acancel(); cancel() })
	// The first Run starts the browser and its tab, which live as long as
	// the context of that Run: bctx, not a shorter step context.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return bctx, rec
}

// browserLogin logs a demo account in through the real login form.
func browserLogin(t *testing.T, ctx context.Context, base, name string) {
	t.Helper()
	a := browserAccount(t, name)
	browserLoad(t, ctx, "open the login page", chromedp.Navigate(base+"/login"))
	browserLoad(t, ctx, "log in as "+name,
		chromedp.SendKeys(chromedp.CSS(`#username`), a.Name),
		chromedp.SendKeys(chromedp.CSS(`#password`), a.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
	)
}

func browserAccount(t *testing.T, name string) seed.DemoAccount {
	t.Helper()
	for _, a := range seed.DemoAccounts {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("no demo account %q", name)
	return seed.DemoAccount{}
}

// browserRecorder keeps every request the page makes and every problem it
// reports. Its listen func runs on chromedp's reading goroutine.
type browserRecorder struct {
	origin string // e.g. http://127.0.0.1:41234

	mu       sync.Mutex
	requests []string
	problems []string
}

func (r *browserRecorder) listen(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		if e.Request == nil {
			return
		}
		u := e.Request.URL
		r.requests = append(r.requests, u)
		if !r.allowed(u) {
			r.problems = append(r.problems, "request to another origin: "+u)
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type != runtime.ConsoleAPICalledTypeError && e.Type != runtime.ConsoleAPICalledTypeAssert {
			return
		}
		var parts []string
		for _, a := range e.Args {
			switch {
			case a == nil:
			case a.Description != "":
				parts = append(parts, a.Description)
			case len(a.Value) > 0:
				parts = append(parts, string(a.Value))
			default:
				parts = append(parts, string(a.Type))
			}
		}
		r.problems = append(r.problems, "console."+string(e.Type)+": "+strings.Join(parts, " "))
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		r.problems = append(r.problems, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
	case *cdplog.EventEntryAdded:
		if e.Entry == nil || e.Entry.Level != cdplog.EntryLevelError {
			return
		}
		r.problems = append(r.problems, fmt.Sprintf("browser log (%s) %s: %s", e.Entry.Source, e.Entry.URL, e.Entry.Text))
	}
}

// allowed reports whether the page may load u: the test server, or
// addresses that never leave the page.
func (r *browserRecorder) allowed(u string) bool {
	for _, p := range []string{"data:", "blob:", "about:"} {
		if strings.HasPrefix(u, p) {
			return true
		}
	}
	// The trailing slash: 127.0.0.1:4123 must not admit 127.0.0.1:41234.
	return strings.HasPrefix(u, r.origin+"/")
}

// take returns the problems seen so far and forgets them.
func (r *browserRecorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := r.problems
	r.problems = nil
	return p
}

func (r *browserRecorder) requestList() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.requests...)
}

// check fails the test with every problem seen since the last check.
func (r *browserRecorder) check(t *testing.T, where string) {
	t.Helper()
	for _, p := range r.take() {
		t.Errorf("%s: %s", where, p)
	}
}

// browserLoad runs steps that cause a page load (a navigation, a click on
// a link, a form submission) and waits for the new page, which must answer
// 200 after any redirects.
func browserLoad(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, browserStepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(sctx, steps...)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if resp == nil {
		t.Fatalf("%s: no response for the page", what)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("%s: %s answered %d %s", what, resp.URL, resp.Status, resp.StatusText)
	}
}

// browserWantPath checks the page's path and, if unit is not empty, its
// unit query parameter.
func browserWantPath(t *testing.T, ctx context.Context, path, unit string) {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatalf("location: %v", err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("location %q: %v", loc, err)
	}
	if u.Path != path || (unit != "" && u.Query().Get("unit") != unit) {
		t.Fatalf("at %s, want path %s with unit=%q", loc, path, unit)
	}
}

// browserChartsDrawn waits until the page has charts and every one is
// drawn by app.js and shows something on its canvas.
func browserChartsDrawn(t *testing.T, ctx context.Context) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, browserStepTimeout)
	defer cancel()
	var err error
	for {
		_, err = chromedp.Run(sctx, chromedp.Poll[bool](browserChartsJS,
			chromedp.WithPollingInterval(100*time.Millisecond),
			chromedp.WithPollingTimeout(browserStepTimeout)))
		// A page replaced while the poll ran (the page before a navigation
		// had not finished loading) takes its JavaScript context with it:
		// poll the new page.
		if err == nil || !strings.Contains(err.Error(), "Cannot find context") || sctx.Err() != nil {
			break
		}
	}
	if err != nil {
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](browserChartStateJS))
		t.Fatalf("charts not drawn: %v; state: %s", err, state)
	}
}

// browserChartsJS is true when there is at least one div.chart and every
// one has data-cchc-drawn="1" and a canvas with pixels that are not all
// blank and not all the same.
const browserChartsJS = `(function () {
  var charts = document.querySelectorAll('div.chart');
  if (charts.length === 0) { return false; }
  for (var i = 0; i < charts.length; i++) {
    var el = charts[i];
    if (el.getAttribute('data-cchc-drawn') !== '1') { return false; }
    var c = el.querySelector('canvas');
    if (!c || c.width === 0 || c.height === 0) { return false; }
    var px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    var painted = false, varied = false;
    for (var j = 0; j < px.length; j += 4) {
      if (px[j + 3] > 0) { painted = true; }
      if (px[j] !== px[0] || px[j + 1] !== px[1] || px[j + 2] !== px[2] || px[j + 3] !== px[3]) { varied = true; }
      if (painted && varied) { break; }
    }
    if (!painted || !varied) { return false; }
  }
  return true;
})()`

const browserChartStateJS = `JSON.stringify(Array.prototype.map.call(document.querySelectorAll('div.chart'), function (el) {
  var c = el.querySelector('canvas');
  return {chart: el.getAttribute('data-chart'), drawn: el.getAttribute('data-cchc-drawn'),
    canvas: c ? c.width + 'x' + c.height : null, text: el.textContent.slice(0, 80)};
}))`

// browserText returns the trimmed innerText of the first match of sel.
func browserText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, browserStepTimeout)
	defer cancel()
	s, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// browserLinkByText finds the link inside within whose text is name and
// returns a CSS selector for exactly that link (it marks it with a
// data attribute), so a real mouse click can follow it.
func browserLinkByText(t *testing.T, ctx context.Context, within, name string) string {
	t.Helper()
	js := fmt.Sprintf(`(function (within, name) {
  var links = document.querySelectorAll(within + ' a');
  var found = 0;
  for (var i = 0; i < links.length; i++) {
    if (links[i].textContent.trim() === name) { links[i].setAttribute('data-browser-test', 'target'); found++; }
    else { links[i].removeAttribute('data-browser-test'); }
  }
  return found;
})(%s, %s)`, browserJSString(within), browserJSString(name))
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js))
	if err != nil {
		t.Fatalf("find link %q in %s: %v", name, within, err)
	}
	if n != 1 {
		t.Fatalf("%d links named %q in %s, want 1", n, name, within)
	}
	return `a[data-browser-test="target"]`
}

// browserJSString quotes s as a JavaScript string literal.
func browserJSString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// browserUntil polls cond on the Go side until it holds or the step
// timeout ends.
func browserUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(browserStepTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
