package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// The tracker has its filters as a form (GET, so a filtered list can be
// bookmarked): unit, lead unit, status, overdue, due within 30 days; the
// form shows what is chosen; an empty list says so in words.
func TestRecommendationsFilterForm(t *testing.T) {
	env := newEnv(t) // clock fixed at 01/02/2020
	c := env.login(t, "daibieu")
	status, page, _ := get(t, c, env.ts.URL+"/recommendations")
	if status != 200 {
		t.Fatalf("tracker: %d", status)
	}
	for _, want := range []string{
		`<form method="get" action="/recommendations"`,
		`<input id="rf-unit" name="unit" value=""`, `data-unit-picker`,
		`<select id="rf-lead" name="lead">`,
		`<select id="rf-status" name="status">`, `<option value="in_progress">`,
		`name="overdue" value="1"`, `name="due" value="soon"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("tracker form lacks %s", want)
		}
	}
	// Nothing is due in the 30 days after 01/02/2020: said in words.
	if strings.Contains(page, `<p class="muted">—</p>`) || !strings.Contains(page, "Không có kiến nghị nào đến hạn trong 30 ngày tới.") {
		t.Error("an empty due-soon list shows a bare dash")
	}

	_, page, _ = get(t, c, env.ts.URL+"/recommendations?unit=268&status=in_progress&overdue=1")
	for _, re := range []string{`<input id="rf-unit" name="unit" value="268"`, `<option value="in_progress" selected>`, `name="overdue" value="1" checked`} {
		if !regexp.MustCompile(regexp.QuoteMeta(re)).MatchString(page) {
			t.Errorf("the form does not show the choice %s", re)
		}
	}
	if !strings.Contains(page, "Không để các thủ tục hành chính") {
		t.Error("the overdue recommendation in progress is not listed")
	}

	_, page, _ = get(t, c, env.ts.URL+"/recommendations?due=soon")
	if !strings.Contains(page, `name="due" value="soon" checked`) || !strings.Contains(page, `id="rec-filter"`) || !strings.Contains(page, `id="rec-none"`) {
		t.Error("due within 30 days: the form, the filter note or the empty result is missing")
	}
	if st, _, _ := get(t, c, env.ts.URL+"/recommendations?due=someday"); st == http.StatusOK {
		t.Error("due=someday accepted")
	}
	// Empty fields, as a form sends them, filter nothing.
	_, all, _ := get(t, c, env.ts.URL+"/recommendations?unit=&lead=&status=")
	if strings.Contains(all, `id="rec-filter"`) || !strings.Contains(all, `id="rec-open"`) {
		t.Error("a form sent with every field empty filters the list")
	}
}
