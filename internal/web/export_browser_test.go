package web_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserExportBuilder fills the builder page in chromium and downloads
// through export.js: the progress box shows, the file arrives as a link
// named like an export, and the page logs no error or CSP violation.
func TestBrowserExportBuilder(t *testing.T) {
	if _, err := os.Stat(browserChromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must install chromium (%s): %v", browserChromium, err)
		}
		t.Skipf("no chromium at %s: %v", browserChromium, err)
	}
	base := browserServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(browserChromium),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	defer acancel()
	rec := &browserRecorder{origin: base}
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithListener(rec.listen))
	defer bcancel()
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	browserLoad(t, bctx, "open the login page", chromedp.Navigate(base+"/login"))
	analyst := browserAccount(t, "phantich")
	browserLoad(t, bctx, "log in",
		chromedp.SendKeys(chromedp.CSS(`#username`), analyst.Name),
		chromedp.SendKeys(chromedp.CSS(`#password`), analyst.Password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`)),
	)
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
