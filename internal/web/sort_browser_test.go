package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserSortableTables sorts the children table of Hà Đông as a
// delegate would, by clicking its headers: dossiers received as numbers
// ("10.795" above "9.862" when descending, not below), names in Vietnamese
// order ("Đồng Mai" after "Dương Nội", before "Hà Cầu"). The first Tab
// reaches the skip link, which leads to the content, and form fields'
// borders have a 3:1 contrast against the page.
func TestBrowserSortableTables(t *testing.T) {
	base := browserServer(t)
	bctx, rec := browserStart(t, base, 60*time.Second)
	browserLogin(t, bctx, base, "daibieu")
	browserLoad(t, bctx, "open Hà Đông", chromedp.Navigate(base+"/dashboard?unit=268"))
	browserChartsDrawn(t, bctx)

	// The skip link: the first thing Tab reaches, then the content.
	if err := chromedp.Do(bctx, chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	focus, err := chromedp.Run(bctx, chromedp.Evaluate[string](`document.activeElement.className + ' ' + document.activeElement.getAttribute('href')`))
	if err != nil || focus != "skip-link no-print #main" {
		t.Errorf("the first Tab reaches %q (err %v), want the skip link to #main", focus, err)
	}

	// Form fields' borders stand out from the page (WCAG 1.4.11: 3:1).
	ratio, err := chromedp.Run(bctx, chromedp.Evaluate[float64](`(function () {
  function lum(c) {
    var v = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(function (x) {
      x = Number(x) / 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  var input = document.querySelector('#dash-from');
  var border = lum(getComputedStyle(input).borderTopColor);
  var page = lum(getComputedStyle(document.body).backgroundColor);
  return (Math.max(border, page) + 0.05) / (Math.min(border, page) + 0.05);
})()`))
	if err != nil || ratio < 3 {
		t.Errorf("input border contrast against the page %.2f:1 (err %v), want at least 3:1", ratio, err)
	}

	click := func(col int) {
		t.Helper()
		sel := `#children-table thead th:nth-child(` + string(rune('0'+col)) + `) button.sort`
		sctx, cancel := context.WithTimeout(bctx, browserStepTimeout)
		defer cancel()
		if err := chromedp.Do(sctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("click %s: %v", sel, err)
		}
	}
	column := func(col int) []string {
		t.Helper()
		got, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`Array.prototype.map.call(document.querySelectorAll('#children-table tbody tr'), function (r) { return r.cells[`+string(rune('0'+col-1))+`].textContent.trim(); })`))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	num := func(s string) float64 {
		var v float64
		for _, r := range strings.ReplaceAll(s, ".", "") {
			if r >= '0' && r <= '9' {
				v = v*10 + float64(r-'0')
			}
		}
		return v
	}

	click(3) // received, ascending
	vals := column(3)
	last := -1.0
	for _, v := range vals {
		if v == "—" {
			last = 1e18 // empty cells go last
			continue
		}
		if last > num(v) {
			t.Fatalf("received ascending: %v", vals)
		}
		last = num(v)
	}
	click(3) // descending
	if vals = column(3); num(vals[0]) < num(vals[1]) {
		t.Errorf("received descending: %v", vals)
	}
	sort, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.querySelector('#children-table thead th:nth-child(3)').getAttribute('aria-sort')`))
	if sort != "descending" {
		t.Errorf("aria-sort = %q, want descending", sort)
	}

	click(1) // names
	names := column(1)
	at := map[string]int{}
	for i, n := range names {
		at[strings.Fields(n)[0]+" "+strings.Join(strings.Fields(n)[1:3], " ")] = i
	}
	d, dd, h := at["Phường Dương Nội"], at["Phường Đồng Mai"], at["Phường Hà Cầu"]
	if !(d < dd && dd < h) {
		t.Errorf("names not in Vietnamese order (Dương Nội %d, Đồng Mai %d, Hà Cầu %d): %v", d, dd, h, names)
	}
	rec.check(t, "sorted tables")

	// The span chosen from the month lists (mm/yyyy).
	browserLoad(t, bctx, "choose 07/2019–09/2019",
		chromedp.SetValue(chromedp.CSS(`#dash-from`), "2019-07"),
		chromedp.SetValue(chromedp.CSS(`#dash-to`), "2019-09"),
		chromedp.Click(chromedp.CSS(`form.filters button[type="submit"]`)))
	browserChartsDrawn(t, bctx)
	if got := browserText(t, bctx, `#span-label`); got != "07/2019–09/2019" {
		t.Errorf("span from the month lists = %q, want 07/2019–09/2019", got)
	}
	rec.check(t, "span from the month lists")
}
