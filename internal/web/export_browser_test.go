package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserExportBuilder fills the builder page in chromium and downloads
// through export.js: the progress box shows, the file arrives as a link
// named like an export, and the page logs no error or CSP violation.
func TestBrowserExportBuilder(t *testing.T) {
	base := browserServer(t)
	bctx, rec := browserStart(t, base, 60*time.Second)
	browserLogin(t, bctx, base, "phantich")
	browserLoad(t, bctx, "open the builder", chromedp.Navigate(base+"/export"))
	if h1 := browserText(t, bctx, `.page-head h1`); !strings.Contains(h1, "Xuất báo cáo") {
		t.Errorf("heading %q", h1)
	}
	if err := chromedp.Do(bctx,
		chromedp.SetValue(chromedp.CSS(`#export-unit`), "268"),
		chromedp.SetValue(chromedp.CSS(`#export-by`), "quarter"),
		chromedp.Click(chromedp.CSS(`input[name="metrics"][value="dossiers_received"]`)),
		chromedp.Click(chromedp.CSS(`#export-submit`)),
	); err != nil {
		t.Fatalf("fill and submit: %v", err)
	}
	var name string
	browserUntil(t, "the file has arrived", func() bool {
		v, err := chromedp.Run(bctx, chromedp.Evaluate[string](`(function(){var a=document.getElementById('export-link');return a?a.textContent:'';})()`))
		name = v
		return err == nil && v != ""
	})
	if !strings.HasPrefix(name, "cchc-268-cay-") || !strings.HasSuffix(name, "-quarter-wide.xlsx") {
		t.Errorf("downloaded file %q", name)
	}
	shown, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`!document.getElementById('export-progress').hidden && document.getElementById('export-bar').value === 1`))
	if err != nil || !shown {
		t.Errorf("progress box not shown complete (%v, %v)", shown, err)
	}
	loc, _ := chromedp.Run(bctx, chromedp.Location())
	if !strings.HasSuffix(loc, "/export") {
		t.Errorf("the page navigated away to %s", loc)
	}
	rec.check(t, "export builder")
}
