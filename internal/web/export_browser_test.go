package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// TestBrowserExportBuilder fills the builder page in chromium and sends
// it: the note is hidden until then, the browser saves the file itself
// (straight to disk, named like an export), the page stays, and it logs
// no error or CSP violation.
func TestBrowserExportBuilder(t *testing.T) {
	base := browserServer(t)
	bctx, rec := browserStart(t, base, 60*time.Second)
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(bctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir}); err != nil {
		t.Fatalf("allow downloads: %v", err)
	}
	browserLogin(t, bctx, base, "phantich")
	browserLoad(t, bctx, "open the builder", chromedp.Navigate(base+"/export"))
	if h1 := browserText(t, bctx, `.page-head h1`); !strings.Contains(h1, "Xuất báo cáo") {
		t.Errorf("heading %q", h1)
	}
	shown, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`getComputedStyle(document.getElementById('export-progress')).display !== 'none'`))
	if err != nil || shown {
		t.Errorf("the progress note shows before anything is sent (%v, %v)", shown, err)
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
	browserUntil(t, "the browser has saved the file", func() bool {
		m, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
		if len(m) == 1 {
			name = filepath.Base(m[0])
		}
		return name != ""
	})
	if !strings.HasPrefix(name, "cchc-268-cay-") || !strings.HasSuffix(name, "-quarter-wide.xlsx") {
		t.Errorf("downloaded file %q", name)
	}
	if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || !strings.HasPrefix(string(b), "PK") {
		t.Errorf("the saved file is not a workbook (%d bytes, %v)", len(b), err)
	}
	shown, err = chromedp.Run(bctx, chromedp.Evaluate[bool](`getComputedStyle(document.getElementById('export-progress')).display !== 'none'`))
	if err != nil || !shown {
		t.Errorf("the note is not shown once the download started (%v, %v)", shown, err)
	}
	loc, _ := chromedp.Run(bctx, chromedp.Location())
	if !strings.HasSuffix(loc, "/export") {
		t.Errorf("the page navigated away to %s", loc)
	}
	rec.check(t, "export builder")
}
