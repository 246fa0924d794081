package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserBriefPrints prints the demo district's briefing pack to PDF
// in chromium: its charts are drawn, it carries the print date and plain
// words for the rule, and it prints on few A4 pages, each numbered "n / N"
// and none left mostly empty (read back with pdftotext when installed).
func TestBrowserBriefPrints(t *testing.T) {
	base := browserServer(t)
	bctx, rec := browserStart(t, base, 90*time.Second)
	browserLogin(t, bctx, base, "daibieu")
	browserLoad(t, bctx, "open the briefing pack", chromedp.Navigate(base+"/dashboard/brief?unit=268"))
	browserChartsDrawn(t, bctx)
	n, err := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('#brief [data-chart] canvas, #brief [data-chart] svg').length`))
	if err != nil || n < 2 {
		t.Errorf("the pack shows %d drawn charts (%v), want the trend and the ranking", n, err)
	}
	// No chart of the pack carries the screen's toolbox (save, data view):
	// its icons would be printed on the charts. The dashboard's keep it.
	tb, err := chromedp.Run(bctx, chromedp.Evaluate[int](`Array.prototype.filter.call(document.querySelectorAll('#brief [data-chart]'), function (el) {
		var c = window.echarts.getInstanceByDom(el); if (!c) { return false; }
		var tb = c.getOption().toolbox; return tb && tb.length > 0 && tb[0].show !== false; }).length`))
	if err != nil || tb != 0 {
		t.Errorf("%d charts of the pack show a toolbox (%v), want none", tb, err)
	}
	printed := browserText(t, bctx, `#brief-printed`)
	if !regexp.MustCompile(`^\d{2}/\d{2}/\d{4}$`).MatchString(printed) {
		t.Errorf("print date %q, want dd/mm/yyyy", printed)
	}
	if body := browserText(t, bctx, `#brief`); strings.Contains(body, "IQR") {
		t.Errorf("the pack still speaks of IQR")
	}
	pdf, err := chromedp.Run(bctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		yes := true
		r, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes})
		return r.Data, err
	})
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	pages := len(regexp.MustCompile(`/Type\s*/Page\b[^s]`).FindAll(pdf, -1))
	if pages < 1 || pages > 3 {
		t.Errorf("the pack prints on %d pages, want 1 to 3", pages)
	}
	rec.check(t, "briefing pack")

	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must install poppler-utils (pdftotext): %v", err)
		}
		t.Logf("no pdftotext: page numbers and fill not read back")
		return
	}
	file := filepath.Join(t.TempDir(), "brief.pdf")
	if keep := os.Getenv("CCHC_BRIEF_PDF"); keep != "" {
		file = keep // to look at the pages by eye
	}
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	for p := 1; p <= pages; p++ {
		out, err := exec.Command("pdftotext", "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext page %d: %v", p, err)
		}
		text := string(out)
		// pdftotext drops the narrow spaces around the slash.
		if !regexp.MustCompile(`\b` + strconv.Itoa(p) + ` ?/ ?` + strconv.Itoa(pages) + `\s*$`).MatchString(text) {
			t.Errorf("page %d has no number \"%d / %d\"", p, p, pages)
		}
		// A page before the last holding only a few lines is a page
		// left mostly blank by a section pushed onto the next.
		lines := 0
		for _, l := range strings.Split(text, "\n") {
			if strings.TrimSpace(l) != "" {
				lines++
			}
		}
		t.Logf("page %d: %d lines of text", p, lines)
		if p < pages && lines < 12 {
			t.Errorf("page %d is mostly blank (%d lines of text)", p, lines)
		}
	}
}
