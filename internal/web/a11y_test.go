package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// Vietnamese pages carry no English accessible names, every page has a
// skip link to its content, and the dashboard's and tracker's tables are
// sortable.
func TestPagesSkipLinkAndVietnameseLabels(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "daibieu")
	english := regexp.MustCompile(`aria-label="(breadcrumbs|admin|Breadcrumbs|Main menu|Filter[^"]*)"`)
	for _, page := range []string{"/dashboard?unit=268", "/dashboard/brief?unit=268", "/recommendations", "/units/268", "/sessions", "/export"} {
		status, body, _ := get(t, c, env.ts.URL+page)
		if status != 200 {
			t.Fatalf("%s: %d", page, status)
		}
		if m := english.FindString(body); m != "" {
			t.Errorf("%s: English %s on a Vietnamese page", page, m)
		}
		if !strings.Contains(body, `<a class="skip-link no-print" href="#main">Bỏ qua, đến nội dung chính</a>`) || !strings.Contains(body, `<main class="container" id="main"`) {
			t.Errorf("%s: no skip link to the content", page)
		}
	}
	_, body, _ := get(t, c, env.ts.URL+"/dashboard?unit=268")
	for _, id := range []string{"children-table", "heat-table", "trend-table"} {
		if !strings.Contains(body, `id="`+id+`" data-sortable`) {
			t.Errorf("%s is not sortable", id)
		}
	}
}
