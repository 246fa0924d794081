package web_test

import (
	"strings"
	"testing"
)

// Every link from a dashboard to another unit's keeps the span and the
// figures choice: breadcrumbs (dashboard and briefing pack), children,
// heat map rows, the ranking charts' drill-down.
func TestDashLinksKeepSpanAndFigures(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "daibieu")
	keep := `from=2019-07&amp;to=2019-09`
	for _, page := range []string{"/dashboard", "/dashboard/brief"} {
		status, body, _ := get(t, c, env.ts.URL+page+"?unit=09538&preset=quarter&figures=approved")
		if status != 200 {
			t.Fatalf("%s: status %d", page, status)
		}
		crumbs := body[strings.Index(body, `class="crumbs"`):]
		crumbs = crumbs[:strings.Index(crumbs, "</nav>")]
		if n := strings.Count(crumbs, `href="/dashboard?figures=approved&amp;`+keep+`&amp;unit=`); n < 2 || n != strings.Count(crumbs, "href=") {
			t.Errorf("%s: breadcrumbs drop the span or the figures choice:\n%s", page, crumbs)
		}
	}
	// Approved figures only (none approved in the demo): the children table.
	status, body, _ := get(t, c, env.ts.URL+"/dashboard?unit=268&from=2019-07&to=2019-09&figures=approved")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	if child := `href="/dashboard?figures=approved&amp;` + keep + `&amp;unit=09538"`; !strings.Contains(body, child) {
		t.Errorf("the children table does not keep the span and figures: no %s", child)
	}
	// All figures: the children and heat map tables, the charts' drill-down.
	status, body, _ = get(t, c, env.ts.URL+"/dashboard?unit=268&from=2019-07&to=2019-09")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	// Three: the children and heat map tables, and "then and now", where
	// Nguyễn Trãi is one of the wards the Phường Quang Trung of 01/01/2025
	// was formed from.
	if child := `href="/dashboard?` + keep + `&amp;unit=09538"`; strings.Count(body, child) != 3 {
		t.Errorf("%d links %s, want 3 (children, heat map and then-and-now tables)", strings.Count(body, child), child)
	}
	if n := strings.Count(body, `"Phường Nguyễn Trãi":"/dashboard?from=2019-07\u0026to=2019-09\u0026unit=09538"`); n != 3 {
		t.Errorf("%d chart links to Nguyễn Trãi keep the span, want 3 (two rankings, the heat map)", n)
	}
}
