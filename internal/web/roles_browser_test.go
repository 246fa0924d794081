package web_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// browserSizes are the screens every role's scenario runs on.
var browserSizes = []struct {
	name string
	w, h int64
}{{"desktop", 1366, 900}, {"phone", 390, 844}}

// TestBrowserRoleScenarios drives each role's main task in chromium on a
// desktop and on a phone: the delegate goes from the dashboard down to a
// district and on to its supervision session; district staff enter a month
// and submit it; a ward clerk lands on her ward and enters its month; an
// analyst exports from the builder (months typed 01/2019) and reads the
// file the browser saved. On every page: no sideways scrolling, every chart
// drawn and the heat map painted cell for cell, no console error, no
// request leaving the app. With CCHC_SHOTS set to a folder, each page is
// also saved there as a PNG to be looked at.
func TestBrowserRoleScenarios(t *testing.T) {
	for _, role := range []struct {
		name, user string
		task       func(t *testing.T, s *roleRun)
	}{
		{"delegate", "daibieu", delegateDay},
		{"district staff", "canbo", districtStaffDay},
		{"ward staff", "canbophuong", wardStaffDay},
		{"analyst", "phantich", analystDay},
	} {
		t.Run(role.name, func(t *testing.T) {
			base := browserServer(t)
			bctx, rec := browserStart(t, base, 150*time.Second)
			browserLogin(t, bctx, base, role.user)
			for _, size := range browserSizes {
				if err := chromedp.Do(bctx, chromedp.EmulateViewport(size.w, size.h)); err != nil {
					t.Fatalf("%s: viewport: %v", size.name, err)
				}
				role.task(t, &roleRun{ctx: bctx, rec: rec, base: base, size: size.name, shot: strings.ReplaceAll(role.name, " ", "-") + "-" + size.name})
			}
		})
	}
}

// roleRun is one role's scenario on one screen size.
type roleRun struct {
	ctx  context.Context
	rec  *browserRecorder
	base string
	size string
	shot string // screenshot name prefix
	n    int
}

// page checks what must hold on every page and saves a screenshot when
// asked to (CCHC_SHOTS).
func (s *roleRun) page(t *testing.T, what string) {
	t.Helper()
	where := s.size + ": " + what
	charts, err := chromedp.Run(s.ctx, chromedp.Evaluate[int](`document.querySelectorAll('div.chart').length`))
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if charts > 0 {
		browserChartsDrawn(t, s.ctx)
		heat, _ := chromedp.Run(s.ctx, chromedp.Evaluate[bool](`!!document.querySelector('div.chart[data-chart="chart-heat"]')`))
		if heat {
			if painted, cells := browserHeatCells(t, s.ctx, "chart-heat"); cells == 0 || painted != cells {
				t.Errorf("%s: %d of the heat map's %d cells painted", where, painted, cells)
			}
		}
	}
	if w, _ := chromedp.Run(s.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`)); w {
		wide, _ := chromedp.Run(s.ctx, chromedp.Evaluate[[]string](browserWideJS))
		t.Logf("%s: reaching past the screen: %v", where, wide)
	}
	browserNoOverflow(t, s.ctx, where)
	s.rec.check(t, where)
	if dir := os.Getenv("CCHC_SHOTS"); dir != "" {
		s.n++
		png, err := chromedp.Run(s.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: screenshot: %v", where, err)
		}
		name := filepath.Join(dir, s.shot+"-"+string(rune('0'+s.n))+"-"+strings.ReplaceAll(what, " ", "-")+".png")
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func (s *roleRun) load(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	browserLoad(t, s.ctx, s.size+": "+what, steps...)
	s.page(t, what)
}

// delegateDay: the city's dashboard, down to Hà Đông, then the session held there.
func delegateDay(t *testing.T, s *roleRun) {
	s.load(t, "city dashboard", chromedp.Navigate(s.base+"/"))
	browserLoad(t, s.ctx, s.size+": drill down to Hà Đông", chromedp.Click(chromedp.CSS(browserLinkByText(t, s.ctx, `#children-table`, "Quận Hà Đông"))))
	browserWantPath(t, s.ctx, "/dashboard", "268")
	s.page(t, "district dashboard")
	s.load(t, "sessions", chromedp.Navigate(s.base+"/sessions"))
	browserLoad(t, s.ctx, s.size+": open the session", chromedp.Click(chromedp.CSS(`table a[href^="/sessions/"]`)))
	s.page(t, "session")
	if h1 := browserText(t, s.ctx, "h1"); !strings.Contains(h1, "Quận Hà Đông") || !strings.Contains(h1, "13/11/2019") {
		t.Errorf("%s: session heading %q, want Hà Đông on 13/11/2019", s.size, h1)
	}
	if n, _ := chromedp.Run(s.ctx, chromedp.Evaluate[int](`document.querySelectorAll('[id^="rec-"]').length`)); n < 5 {
		t.Errorf("%s: the session shows %d recommendations, want the 5 of 2019", s.size, n)
	}
}

// districtStaffDay: the district's month (a different one on each screen),
// one figure typed and saved, then the month submitted for approval.
func districtStaffDay(t *testing.T, s *roleRun) {
	month := map[string]string{"desktop": "09/2019", "phone": "08/2019"}[s.size]
	s.load(t, "entry form", chromedp.Navigate(s.base+"/entry?unit=268&period="+month))
	if err := chromedp.Do(s.ctx, typeInto(`#f-inspections`, "6")); err != nil {
		t.Fatalf("%s: type: %v", s.size, err)
	}
	s.load(t, "saved", chromedp.Click(chromedp.CSS(`#entry-save`)))
	if f := browserText(t, s.ctx, ".flash"); !strings.Contains(f, "Đã lưu") {
		t.Errorf("%s: after saving: %q", s.size, f)
	}
	s.load(t, "submitted", chromedp.Click(chromedp.CSS(`#entry-submit`)))
	if cls, _ := chromedp.Run(s.ctx, chromedp.Evaluate[string](`document.getElementById('entry-status').className`)); !strings.Contains(cls, "entry-status-submitted") {
		t.Errorf("%s: status after submitting: %q, want submitted", s.size, cls)
	}
	if v, _ := chromedp.Run(s.ctx, chromedp.Evaluate[string](`document.getElementById('f-inspections').value`)); v != "6" {
		t.Errorf("%s: inspections shows %q after the round trip, want 6", s.size, v)
	}
}

// wardStaffDay: home is her own ward; its month typed in and saved, and
// her own row of the district grid is the one she may change.
func wardStaffDay(t *testing.T, s *roleRun) {
	s.load(t, "home", chromedp.Navigate(s.base+"/"))
	ward := browserText(t, s.ctx, "h1")
	if !strings.HasPrefix(ward, "Phường") {
		t.Fatalf("%s: a ward clerk lands on %q, want her ward", s.size, ward)
	}
	month := map[string]string{"desktop": "09/2019", "phone": "08/2019"}[s.size]
	s.load(t, "entry form", chromedp.Navigate(s.base+"/entry"))
	// The month typed the Vietnamese way into the picker.
	browserLoad(t, s.ctx, s.size+": open "+month, typeInto(`#entry-period`, month), chromedp.Click(chromedp.CSS(`#entry-pick button[type="submit"]`)))
	if h1 := browserText(t, s.ctx, "h1"); !strings.Contains(h1, ward) || !strings.HasSuffix(h1, month) {
		t.Errorf("%s: the form for %s shows %q", s.size, month, h1)
	}
	if err := chromedp.Do(s.ctx, typeInto(`#f-inspections`, "3")); err != nil {
		t.Fatalf("%s: type: %v", s.size, err)
	}
	s.load(t, "saved", chromedp.Click(chromedp.CSS(`#entry-save`)))
	if f := browserText(t, s.ctx, ".flash"); !strings.Contains(f, "Đã lưu") {
		t.Errorf("%s: after saving: %q", s.size, f)
	}
	s.load(t, "district grid", chromedp.Navigate(s.base+"/entry/grid?unit=268&period="+month+"&group=inspections"))
	got, err := chromedp.Run(s.ctx, chromedp.Evaluate[[]int](`(function () {
  var own = 0, ro = 0;
  document.querySelectorAll('#entry-grid input.entry-input').forEach(function (el) { if (el.readOnly) { ro++; } else { own++; } });
  return [own, ro];
})()`))
	if err != nil || len(got) != 2 || got[0] == 0 || got[1] == 0 {
		t.Errorf("%s: grid boxes editable/read-only %v (%v), want some of each", s.size, got, err)
	}
}

// analystDay: the export builder filled with months typed 01/2019 and
// 10/2019, a CSV saved by the browser itself, read back.
func analystDay(t *testing.T, s *roleRun) {
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(s.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	s.load(t, "export builder", chromedp.Navigate(s.base+"/export"))
	if _, err := chromedp.Run(s.ctx, chromedp.Evaluate[bool](`(function (el) { if (!el.checked) { el.click(); } return el.checked; })(document.querySelector('input[name="subtree"]'))`)); err != nil {
		t.Fatalf("%s: tick the units below: %v", s.size, err)
	}
	if err := chromedp.Do(s.ctx,
		chromedp.SetValue(chromedp.CSS(`#export-unit`), "268"),
		typeInto(`#export-from`, "01/2019"),
		typeInto(`#export-to`, "10/2019"),
		chromedp.SetValue(chromedp.CSS(`#export-by`), "year"),
		chromedp.Click(chromedp.CSS(`input[name="format"][value="csv"]`)),
		chromedp.Click(chromedp.CSS(`#export-submit`)),
	); err != nil {
		t.Fatalf("%s: fill and submit: %v", s.size, err)
	}
	var file string
	browserUntil(t, "the browser has saved the CSV", func() bool {
		// Chromium writes NAME.crdownload and renames it when done.
		m, _ := filepath.Glob(filepath.Join(dir, "*.csv"))
		part, _ := filepath.Glob(filepath.Join(dir, "*.crdownload"))
		if len(m) == 1 && len(part) == 0 {
			if fi, err := os.Stat(m[0]); err == nil && fi.Size() > 0 {
				file = m[0]
			}
		}
		return file != ""
	})
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// Hà Đông's dossiers received, January–October 2019, the way the file
	// writes Vietnamese numbers: the report's 6.538 + 100.565.
	if text := string(b); !strings.Contains(text, "Quận Hà Đông") || !regexp.MustCompile(`;107\.?103(;|,|$)`).MatchString(text) {
		t.Errorf("%s: the saved CSV (%d bytes) lacks Hà Đông's 107.103 dossiers received:\n%s", s.size, len(b), text)
	}
	s.page(t, "export sent")
}

// typeInto empties a box and types text into it, as a user would.
func typeInto(sel, text string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := chromedp.Evaluate[bool](`(function (el) { el.value = ''; return true; })(document.querySelector(`+browserJSString(sel)+`))`)(ctx, tg); err != nil {
			return err
		}
		_, err := chromedp.SendKeys(chromedp.CSS(sel), text)(ctx, tg)
		return err
	})
}

// browserWideJS names the outermost elements reaching past the screen's
// right edge that no scrolling box of their own holds.
const browserWideJS = `(function () {
  var w = document.documentElement.clientWidth, out = [];
  function held(el) {
    for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { return true; }
    }
    return false;
  }
  document.querySelectorAll('body *').forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (r.right > w + 1 && out.length < 6 && !held(el) && !(el.parentElement && el.parentElement.getBoundingClientRect().right > w + 1)) {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ').join('.') : '') + ' ' + Math.round(r.right));
    }
  });
  return out;
})()`
