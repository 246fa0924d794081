package web_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserGridStickyHeaderAndColumn scrolls the district grid inside its
// box in chromium: the box is no taller or wider than the window (its scrollbars
// can be on screen together with its rows), and
// the header row and the unit column stay at its edges while it scrolls.
func TestBrowserGridStickyHeaderAndColumn(t *testing.T) {
	base := browserServer(t)
	bctx, rec := browserStart(t, base, 60*time.Second)
	browserLogin(t, bctx, base, "canbo")
	browserLoad(t, bctx, "open the grid", chromedp.Navigate(base+"/entry/grid?unit=268&period=2019-10"))
	type geo struct {
		Scrolls, FitsWindow  bool
		BoxTop, BoxLeft      float64
		HeadTop, UnitLeft    float64
		ScrolledX, ScrolledY float64
	}
	g, err := chromedp.Run(bctx, chromedp.Evaluate[geo](`(function(){
		var box = document.getElementById('grid-scroll');
		var r0 = box.getBoundingClientRect();
		var fits = r0.height <= window.innerHeight && r0.right <= window.innerWidth;
		var scrolls = box.scrollWidth > box.clientWidth && box.scrollHeight > box.clientHeight;
		box.scrollLeft = 400; box.scrollTop = 300;
		var b = box.getBoundingClientRect();
		var head = document.querySelector('#entry-grid thead th:nth-child(3)').getBoundingClientRect();
		var unit = document.querySelector('#entry-grid tbody tr:nth-child(8) th[scope=row]').getBoundingClientRect();
		return {Scrolls: scrolls, FitsWindow: fits, BoxTop: b.top + box.clientTop, BoxLeft: b.left + box.clientLeft,
			HeadTop: head.top, UnitLeft: unit.left, ScrolledX: box.scrollLeft, ScrolledY: box.scrollTop};
	})()`))
	if err != nil {
		t.Fatalf("measure the grid: %v", err)
	}
	if !g.Scrolls || !g.FitsWindow {
		t.Fatalf("the grid box does not scroll within the window: %+v", g)
	}
	if g.ScrolledX == 0 || g.ScrolledY == 0 {
		t.Fatalf("the grid box did not scroll: %+v", g)
	}
	if d := g.HeadTop - g.BoxTop; d < -1 || d > 1 {
		t.Errorf("the header row left the top of the box when scrolled (%v px off): %+v", d, g)
	}
	if d := g.UnitLeft - g.BoxLeft; d < -1 || d > 1 {
		t.Errorf("the unit column left the side of the box when scrolled (%v px off): %+v", d, g)
	}
	rec.check(t, "entry grid")
}
