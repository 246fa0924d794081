package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserApprovedFiguresAndOverdue drives Chromium through the
// figures choice and the overdue card: a delegate on Hà Đông's dashboard
// switches to approved figures only (none in the demo: the page says so
// and shows no figure), back to all figures, then follows the overdue
// card to the tracker filtered for Hà Đông.
func TestBrowserApprovedFiguresAndOverdue(t *testing.T) {
	base := browserServer(t)
	bctx, rec := browserStart(t, base, 60*time.Second)
	browserLogin(t, bctx, base, "daibieu")
	browserLoad(t, bctx, "open Hà Đông", chromedp.Navigate(base+"/dashboard?unit=268"))
	if got := browserText(t, bctx, `#figures-note`); !strings.Contains(got, "Tất cả số liệu") {
		t.Errorf("figures note %q, want all figures", got)
	}
	all := browserText(t, bctx, `#kpi-received .value`)

	browserLoad(t, bctx, "choose approved figures only", chromedp.Click(chromedp.CSS(`#figures-choice a[data-figures="approved"]`)))
	browserWantPath(t, bctx, "/dashboard", "268")
	if got := browserText(t, bctx, `#figures-note`); !strings.Contains(got, "Chỉ số liệu đã duyệt") || !strings.Contains(got, "Chưa có tháng nào được duyệt") {
		t.Errorf("figures note %q, want approved only and nothing approved", got)
	}
	if got := browserText(t, bctx, `#kpi-received .value`); got != "—" {
		t.Errorf("approved dossiers received %q, want —", got)
	}
	if got := browserText(t, bctx, `#figures-choice a[aria-current="true"]`); got != "Chỉ số liệu đã duyệt" {
		t.Errorf("active choice %q", got)
	}
	rec.check(t, "approved-only dashboard")

	browserLoad(t, bctx, "back to all figures", chromedp.Click(chromedp.CSS(`#figures-choice a[data-figures="all"]`)))
	if got := browserText(t, bctx, `#kpi-received .value`); got != all || got == "—" {
		t.Errorf("all figures again: %q, want %q", got, all)
	}

	// The browser server runs on the real clock, so how many are overdue
	// depends on today: the card and the tracker it leads to must agree.
	n := browserText(t, bctx, `#kpi-overdue .value`)
	if n == "" || n == "0" {
		t.Errorf("overdue count %q, want the demo's overdue recommendations", n)
	}
	browserLoad(t, bctx, "follow the overdue card", chromedp.Click(chromedp.CSS(`#kpi-overdue`)))
	browserWantPath(t, bctx, "/recommendations", "268")
	if got := browserText(t, bctx, `#rec-overdue .value`); got != n {
		t.Errorf("the tracker shows %q overdue, the card %q", got, n)
	}
	if got := browserText(t, bctx, `#rec-duesoon .value`); got != "0" {
		t.Errorf("overdue-only tracker shows %q due soon", got)
	}
	if got := browserText(t, bctx, `#rec-filter`); !strings.Contains(got, "Quận Hà Đông") || !strings.Contains(got, "chỉ kiến nghị quá hạn") {
		t.Errorf("tracker filter note %q", got)
	}
	if got := browserText(t, bctx, `#rec-overdue-list tbody`); !strings.Contains(got, "Không để các thủ tục hành chính bị chậm, muộn.") {
		t.Errorf("overdue list %q", got)
	}
	rec.check(t, "filtered tracker")
}
