package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserDatesAreTypedAndShownDayMonthYear checks, in Chromium, that the
// session, recommendation and follow-up forms show their dates as
// dd/mm/yyyy (not the browser locale's date picker), accept a date typed
// that way, and show it back the same way (issue 13, item 4).
func TestBrowserDatesAreTypedAndShownDayMonthYear(t *testing.T) {
	base := newEnv(t).ts.URL // clock fixed at 01/02/2020
	bctx, rec := browserStart(t, base, 90*time.Second)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	value := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[string](`(function(){var e=document.querySelector('`+sel+`');return e?e.type+'|'+e.value+'|'+e.placeholder:'missing'})()`))
		if err != nil {
			t.Fatalf("value of %s: %v", sel, err)
		}
		return v
	}
	browserLogin(t, bctx, base, "daibieu")
	browserLoad(t, bctx, "open the new-session form", chromedp.Navigate(base+"/sessions/new"))
	if got := value(`#s-date`); got != "text|01/02/2020|dd/mm/yyyy" {
		t.Fatalf("new session's date box = %q, want a text box showing today as 01/02/2020", got)
	}
	browserLoad(t, bctx, "record a session with dates typed dd/mm/yyyy",
		chromedp.SendKeys(css(`#s-body`), "Ban Pháp chế HĐND TP Hà Nội"),
		chromedp.SendKeys(css(`#s-leader`), "Nguyễn Thị Hoa"),
		chromedp.SendKeys(css(`#s-topic`), "Thủ tục hành chính tại quận Hà Đông"),
		chromedp.Clear(css(`#s-date`)),
		chromedp.SendKeys(css(`#s-date`), "05/12/2019"),
		chromedp.SendKeys(css(`#s-plandate`), "20/11/2019"),
		chromedp.SetValue(css(`#s-unit`), "268"),
		chromedp.SendKeys(css(`#s-from`), "01/2019"),
		chromedp.SendKeys(css(`#s-to`), "10/2019"),
		chromedp.Click(css(`#s-published`)),
		chromedp.Click(css(`#session-save`)),
	)
	if got := browserText(t, bctx, `#session-date`); got != "05/12/2019" {
		t.Fatalf("session date shown as %q, want 05/12/2019", got)
	}
	sessionURL, _ := chromedp.Run(bctx, chromedp.Location())
	browserLoad(t, bctx, "add a recommendation with a deadline typed dd/mm/yyyy",
		chromedp.SendKeys(css(`#rec-content`), "Rà soát thủ tục hành chính"),
		chromedp.SetValue(css(`#rec-lead`), "268"),
		chromedp.SendKeys(css(`#rec-deadline`), "31/03/2020"),
		chromedp.Click(css(`#rec-save`)),
	)
	if got := browserText(t, bctx, `#recommendations li .rec-deadline`); got != "31/03/2020" {
		t.Fatalf("deadline shown as %q", got)
	}
	if got := value(`#recommendations li .rec-edit-form input[name="deadline"]`); got != "text|31/03/2020|dd/mm/yyyy" {
		t.Fatalf("correction form's deadline = %q, want 31/03/2020", got)
	}
	if got := value(`#recommendations li .followup-form input[name="date"]`); got != "text|01/02/2020|dd/mm/yyyy" {
		t.Fatalf("follow-up date box = %q, want today as 01/02/2020", got)
	}
	browserLoad(t, bctx, "open the session's edit form", chromedp.Navigate(strings.SplitN(sessionURL, "#", 2)[0]+"/edit"))
	for sel, want := range map[string]string{`#s-date`: "05/12/2019", `#s-plandate`: "20/11/2019"} {
		if got := value(sel); got != "text|"+want+"|dd/mm/yyyy" {
			t.Errorf("edit form %s = %q, want %s", sel, got, want)
		}
	}
	// The span's months, typed "01/2019", are shown back the same way.
	for sel, want := range map[string]string{`#s-from`: "01/2019", `#s-to`: "10/2019"} {
		if got := value(sel); got != "text|"+want+"|tt/nnnn" {
			t.Errorf("edit form %s = %q, want %s in a text box", sel, got, want)
		}
	}
	rec.check(t, "dates")
}
