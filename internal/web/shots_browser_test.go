package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/password"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/web"
)

// TestBrowserScreenshots saves, for a person to look at, the national
// dashboard (a synthetic nation of 34 provinces and 340 communes) on a
// desktop and a phone, every page of its printed briefing pack, and a
// ward's entry form on a phone. It runs only with CCHC_SHOTS set to a
// folder; each page still has to pass the checks of the role scenarios.
func TestBrowserScreenshots(t *testing.T) {
	dir := os.Getenv("CCHC_SHOTS")
	if dir == "" {
		t.Skip("set CCHC_SHOTS to a folder to save screenshots")
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "nation.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := seed.Synthetic(ctx, db, seed.SyntheticOptions{Provinces: 34, Units: 340, Months: 24, End: oversight.NewMonth(2026, 10), Seed: 1}); err != nil {
		t.Fatal(err)
	}
	hash, err := password.Hash(syntheticPass)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, syntheticName, oversight.RoleDelegate, "", hash, sqlite.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(db, web.Config{Now: func() time.Time { return time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC) }},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)

	bctx, rec := browserStart(t, ts.URL, 150*time.Second)
	browserSyntheticLogin(t, bctx, ts.URL)
	for _, size := range browserSizes {
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(size.w, size.h)); err != nil {
			t.Fatal(err)
		}
		s := &roleRun{ctx: bctx, rec: rec, base: ts.URL, size: size.name, shot: "national-" + size.name}
		s.load(t, "dashboard", chromedp.Navigate(ts.URL+"/dashboard?unit=VN"))
	}

	// The briefing pack as printed (A4, the print CSS), one PNG per page.
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(1366, 900)); err != nil {
		t.Fatal(err)
	}
	browserLoad(t, bctx, "open the briefing pack", chromedp.Navigate(ts.URL+"/dashboard/brief?unit=VN"))
	browserChartsDrawn(t, bctx)
	yes := true
	pdf, err := chromedp.Run(bctx, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes})
		if err != nil {
			return nil, err
		}
		return r.Data, nil
	})
	if err != nil {
		t.Fatalf("print the briefing pack: %v", err)
	}
	file := filepath.Join(dir, "brief.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftoppm", "-png", "-r", "70", file, filepath.Join(dir, "brief-page")).CombinedOutput(); err != nil {
		t.Errorf("pdftoppm (poppler-utils): %v %s", err, out)
	}
	rec.check(t, "briefing pack")

	// A ward's entry form on a phone (demo data).
	base := browserServer(t)
	pctx, prec := browserStart(t, base, 90*time.Second)
	browserLogin(t, pctx, base, "canbophuong")
	if err := chromedp.Do(pctx, chromedp.EmulateViewport(390, 844)); err != nil {
		t.Fatal(err)
	}
	s := &roleRun{ctx: pctx, rec: prec, base: base, size: "phone", shot: "entry-phone"}
	s.load(t, "ward entry form", chromedp.Navigate(base+"/entry?period=10/2019"))
}
