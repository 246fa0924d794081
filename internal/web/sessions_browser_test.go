package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserSessionsFollowUp drives Chromium through the life of a
// recommendation: a delegate records a session with one figure and one
// recommendation; staff of the lead ward post a follow-up with a PDF and
// report it done; the delegate verifies and closes it; the tracker's
// completion rate goes from 50% (1 of 2 past their deadline) to 66,7%.
func TestBrowserSessionsFollowUp(t *testing.T) {
	base := newEnv(t).ts.URL // clock fixed at 01/02/2020: the tracker does not depend on the day
	pdf := filepath.Join(t.TempDir(), "bien-ban-ra-soat.pdf")
	if err := os.WriteFile(pdf, sessionsPDF, 0o600); err != nil {
		t.Fatal(err)
	}

	bctx, rec := browserStart(t, base, 90*time.Second)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	login := func(name string) { browserLogin(t, bctx, base, name) }
	logout := func() {
		browserLoad(t, bctx, "log out", chromedp.Click(css(`form[action="/logout"] button`)))
	}
	rate := func() string {
		browserLoad(t, bctx, "open the tracker", chromedp.Navigate(base+"/recommendations"))
		return browserText(t, bctx, `#rec-rate .value`)
	}

	login("daibieu")
	if got := rate(); got != "50%" {
		t.Fatalf("tracker rate before = %q, want 50%%", got)
	}
	rec.check(t, "tracker before")

	// The delegate records the session.
	browserLoad(t, bctx, "open the sessions list", chromedp.Navigate(base+"/sessions"))
	browserLoad(t, bctx, "open the new-session form", chromedp.Click(css(`#new-session`)))
	browserLoad(t, bctx, "record the session",
		chromedp.SendKeys(css(`#s-body`), "Ban Pháp chế HĐND TP Hà Nội"),
		chromedp.SendKeys(css(`#s-leader`), "Nguyễn Thị Hoa"),
		chromedp.SendKeys(css(`#s-topic`), "Giải quyết hồ sơ tại Phường Nguyễn Trãi"),
		chromedp.SetValue(css(`#s-date`), "2019-12-05"),
		chromedp.SetValue(css(`#s-unit`), "09538"),
		chromedp.SetValue(css(`#s-from`), "2019-01"),
		chromedp.SetValue(css(`#s-to`), "2019-10"),
		chromedp.Click(css(`#s-published`)),
		chromedp.Click(css(`#session-save`)),
	)
	loc, err := chromedp.Run(bctx, chromedp.Location())
	if err != nil || !strings.Contains(loc, "/sessions/") {
		t.Fatalf("after saving, at %q (%v)", loc, err)
	}
	if h := browserText(t, bctx, `.page-head h1`); !strings.Contains(h, "Phường Nguyễn Trãi") {
		t.Fatalf("session heading = %q", h)
	}
	browserLoad(t, bctx, "add a figure",
		chromedp.SetValue(css(`#fig-metric`), "dossiers_received"),
		chromedp.SendKeys(css(`#fig-value`), "5.120"),
		chromedp.Click(css(`#figure-save`)),
	)
	if got := browserText(t, bctx, `#figures-table tr[data-metric="dossiers_received"] td.reported`); !strings.HasPrefix(got, "5.120") {
		t.Fatalf("figure shown as %q, want 5.120", got)
	}
	browserLoad(t, bctx, "add a recommendation",
		chromedp.SendKeys(css(`#rec-content`), "Không để hồ sơ trễ hạn tại bộ phận một cửa phường"),
		chromedp.SetValue(css(`#rec-lead`), "09538"),
		chromedp.SetValue(css(`#rec-deadline`), "2020-01-15"),
		chromedp.Click(css(`#rec-save`)),
	)
	if got := browserText(t, bctx, `#recommendations li .rec-status`); got != "Đã ban hành" {
		t.Fatalf("new recommendation status = %q", got)
	}
	sessionURL, _ := chromedp.Run(bctx, chromedp.Location())
	sessionURL = strings.SplitN(sessionURL, "#", 2)[0]
	rec.check(t, "delegate records the session")
	logout()

	// Staff of the lead ward post a follow-up with evidence and report done.
	login("canbophuong")
	browserLoad(t, bctx, "open the session as ward staff", chromedp.Navigate(sessionURL))
	if err := chromedp.Do(bctx,
		chromedp.Click(css(`#recommendations li details summary`)),
		chromedp.SetValue(css(`#recommendations li .followup-form input[name="date"]`), "14/01/2020"),
		chromedp.SendKeys(css(`#recommendations li textarea[name="text"]`), "Đã giải quyết hết 12 hồ sơ tồn, không còn hồ sơ trễ hạn."),
		chromedp.SetUploadFiles(css(`#recommendations li input[type="file"]`), []string{pdf}),
	); err != nil {
		t.Fatalf("fill the follow-up: %v", err)
	}
	browserLoad(t, bctx, "post the follow-up", chromedp.Click(css(`#recommendations li .followup-form button[type="submit"]`)))
	if got := browserText(t, bctx, `#recommendations li .followups`); !strings.Contains(got, "12 hồ sơ tồn") || !strings.Contains(got, "bien-ban-ra-soat.pdf") {
		t.Fatalf("follow-up shown as %q", got)
	}
	if got := browserText(t, bctx, `#recommendations li .rec-status`); got != "Đang thực hiện" {
		t.Fatalf("status after the follow-up = %q", got)
	}
	if n, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('#recommendations li button[data-action="verify"]').length`)); n != 0 {
		t.Fatal("ward staff are offered the verify button")
	}
	browserLoad(t, bctx, "report done", chromedp.Click(css(`#recommendations li button[data-action="report_done"]`)))
	if got := browserText(t, bctx, `#recommendations li .rec-status`); got != "Báo cáo đã xong" {
		t.Fatalf("status after reporting done = %q", got)
	}
	rec.check(t, "ward staff follow up")
	logout()

	// The delegate verifies and closes it; the tracker counts it.
	login("daibieu")
	browserLoad(t, bctx, "open the session as the delegate", chromedp.Navigate(sessionURL))
	browserLoad(t, bctx, "verify and close", chromedp.Click(css(`#recommendations li button[data-action="verify"]`)))
	if got := browserText(t, bctx, `#recommendations li .rec-status`); got != "Đã xác minh, kết thúc" {
		t.Fatalf("status after verifying = %q", got)
	}
	if got := rate(); got != "66,7%" {
		t.Fatalf("tracker rate after = %q, want 66,7%% (2 of 3 past their deadline done)", got)
	}
	if got := browserText(t, bctx, `#rec-rate .muted`); got != "2 / 3" {
		t.Errorf("tracker counts = %q, want 2 / 3", got)
	}
	rec.check(t, "tracker after")
}
