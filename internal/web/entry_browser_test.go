package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// entryBrowserStatus runs steps that load a page and returns its status.
func entryBrowserStatus(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) int64 {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, browserStepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(sctx, steps...)
	if err != nil || resp == nil {
		t.Fatalf("%s: %v", what, err)
	}
	return resp.Status
}

func entryActive(t *testing.T, ctx context.Context) string {
	t.Helper()
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ''`))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestBrowserEntryKeyboard drives the entry form in Chromium: Enter moves
// from box to box (entry.js) without submitting, a figure far outside the
// ward's history comes back (422) with everything typed kept and a reason
// box, and once a reason is given the month is saved and its history
// shows it. No CSP violation or script error on the way.
func TestBrowserEntryKeyboard(t *testing.T) {
	base := browserServer(t)
	bctx, rec := browserStart(t, base, 60*time.Second)
	browserLogin(t, bctx, base, "canbophuong")
	browserLoad(t, bctx, "open the form", chromedp.Navigate(base+"/entry?unit=09538&period=2019-11"))
	rec.check(t, "entry form")

	// Type a column of figures with Enter between them.
	if err := chromedp.Do(bctx,
		chromedp.Click(chromedp.CSS(`#f-dossiers_carried_over`)),
		chromedp.SendKeys(chromedp.CSS(`#f-dossiers_carried_over`), "0"+kb.Enter),
	); err != nil {
		t.Fatal(err)
	}
	if got := entryActive(t, bctx); got != "f-dossiers_received" {
		t.Fatalf("after Enter the focus is on %q, want f-dossiers_received", got)
	}
	if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.CSS(`#f-dossiers_received`), "50.000"+kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if got := entryActive(t, bctx); got != "f-dossiers_received_online" {
		t.Fatalf("after the second Enter the focus is on %q", got)
	}
	if loc, _ := chromedp.Run(bctx, chromedp.Location()); !strings.Contains(loc, "/entry?unit=09538") {
		t.Fatalf("Enter submitted the form: at %s", loc)
	}
	if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.CSS(`#f-dossiers_received_online`), "abc")); err != nil {
		t.Fatal(err)
	}

	status := entryBrowserStatus(t, bctx, "save", chromedp.Click(chromedp.CSS(`#entry-save`)))
	if status != 422 {
		t.Fatalf("save with a bad box and an outlier: %d, want 422", status)
	}
	// The browser logs the 422 itself; anything else is a problem.
	for _, p := range rec.take() {
		if !strings.Contains(p, "status of 422") {
			t.Errorf("refused form: %s", p)
		}
	}
	for sel, want := range map[string]string{`#err-dossiers_received_online`: "không phải là số", `#warn-dossiers_received`: "khoảng thường gặp"} {
		if got := browserText(t, bctx, sel); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	kept, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[document.getElementById('f-dossiers_received').value, document.getElementById('f-dossiers_received_online').value]`))
	if err != nil || kept[0] != "50.000" || kept[1] != "abc" {
		t.Errorf("typed values after 422: %v %v", kept, err)
	}
	if err := chromedp.Do(bctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById('f-dossiers_received_online').value = ''`),
		chromedp.SendKeys(chromedp.CSS(`#f-dossiers_received_online`), "20.000"),
		chromedp.SendKeys(chromedp.CSS(`input[name="r.dossiers_received"]`), "Cấp đổi giấy tờ hàng loạt"),
	); err != nil {
		t.Fatal(err)
	}
	browserLoad(t, bctx, "save with a reason", chromedp.Click(chromedp.CSS(`#entry-save`)))
	if got := browserText(t, bctx, `.flash`); !strings.Contains(got, "Đã lưu") {
		t.Errorf("flash after saving = %q", got)
	}
	if got := browserText(t, bctx, `#entry-history`); !strings.Contains(got, "Cấp đổi giấy tờ hàng loạt") || !strings.Contains(got, "50.000") {
		t.Errorf("history after saving = %q", got)
	}
	rec.check(t, "entry saved")
}

// TestBrowserEntryUnsavedChanges: while typed figures are not saved, the
// form does not submit the month ("Gửi duyệt" is disabled and says why)
// and "Tháng sau →" asks before discarding them; after a refused save the
// boxes keep what was typed and the form still counts as unsaved.
func TestBrowserEntryUnsavedChanges(t *testing.T) {
	base := browserServer(t)
	bctx, rec := browserStart(t, base, 60*time.Second)
	browserLogin(t, bctx, base, "canbophuong")
	page := base + "/entry?unit=09538&period=2019-10"
	browserLoad(t, bctx, "open the form", chromedp.Navigate(page))
	state := func() []string {
		t.Helper()
		got, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[String(document.getElementById('entry-submit').disabled),
			String(document.getElementById('entry-unsaved').hidden), location.pathname + location.search, String(window.__asked || 0)]`))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if s := state(); s[0] != "false" || s[1] != "true" {
		t.Fatalf("a fresh form: submit disabled %s, unsaved hint hidden %s", s[0], s[1])
	}
	if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.CSS(`#f-inspections`), "7")); err != nil {
		t.Fatal(err)
	}
	if s := state(); s[0] != "true" || s[1] != "false" {
		t.Fatalf("after typing: submit disabled %s, unsaved hint hidden %s; want disabled and shown", s[0], s[1])
	}
	// The user stays: the month does not change.
	if err := chromedp.Do(bctx,
		chromedp.Evaluate[chromedp.Void](`window.confirm = function () { window.__asked = (window.__asked || 0) + 1; return false; }`),
		chromedp.Click(chromedp.CSS(`a[href$="period=2019-11"]`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := state(); s[3] != "1" || !strings.HasSuffix(s[2], "period=2019-10") {
		t.Fatalf("Tháng sau with unsaved figures: asked %s times, at %s; want asked once and staying", s[3], s[2])
	}
	// A refused save keeps the typing and still counts as unsaved.
	if err := chromedp.Do(bctx, chromedp.SendKeys(chromedp.CSS(`#f-trainees`), "abc")); err != nil {
		t.Fatal(err)
	}
	if st := entryBrowserStatus(t, bctx, "save", chromedp.Click(chromedp.CSS(`#entry-save`))); st != 422 {
		t.Fatalf("save with a bad box: %d, want 422", st)
	}
	rec.take()
	if s := state(); s[0] != "true" || s[1] != "false" {
		t.Fatalf("after a refused save: submit disabled %s, unsaved hint hidden %s", s[0], s[1])
	}
	kept, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`[document.getElementById('f-inspections').value, document.getElementById('f-trainees').value]`))
	if err != nil || kept[0] != "7" || kept[1] != "abc" {
		t.Fatalf("typed values after 422: %v %v", kept, err)
	}
	// The user leaves: asked, then the next month opens.
	browserLoad(t, bctx, "leave", chromedp.Evaluate[chromedp.Void](`window.confirm = function () { return true; }`),
		chromedp.Click(chromedp.CSS(`a[href$="period=2019-11"]`)))
	if loc, _ := chromedp.Run(bctx, chromedp.Location()); !strings.HasSuffix(loc, "period=2019-11") {
		t.Fatalf("after confirming: at %s", loc)
	}
	rec.check(t, "unsaved changes")
}
