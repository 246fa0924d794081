package web_test

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
)

// Four eyes through every path (issue 11, item 5): a ward submits a month;
// the district clerk changes one of its figures by the form, the grid, the
// API or a template, and may then not approve it alone: the Approve button
// is not offered, the action is refused (403) and no approval recorded.
// An administrator who wrote nothing approves it.
func TestEntryFourEyesOnEveryPath(t *testing.T) {
	env := newEnv(t)
	ward, district, admin := env.login(t, "canbophuong"), env.login(t, "canbo"), env.login(t, "admin")
	auth := []string{"Authorization", "Bearer " + env.token(t, "canbo")}
	ctx := context.Background()
	wardID := entryUnitID(t, env, "9538")
	act := func(c *http.Client, period, action string) (int, string) {
		st, body, _ := entryPost(t, c, env.ts.URL+"/entry/status", url.Values{"unit": {"9538"}, "period": {period}, "action": {action}})
		return st, body
	}
	paths := []struct {
		name   string
		period string
		change func(t *testing.T, period string, v float64)
	}{
		{"Form", "2019-05", func(t *testing.T, period string, v float64) {
			st, body, _ := entryPost(t, district, env.ts.URL+"/entry", url.Values{"unit": {"9538"}, "period": {period}, "v.inspections": {fmtInt(v)}, "r.inspections": {"x"}})
			if st != http.StatusSeeOther {
				t.Fatalf("form: %d %.2000s", st, body)
			}
		}},
		{"Grid", "2019-06", func(t *testing.T, period string, v float64) {
			st, body, _ := entryPost(t, district, env.ts.URL+"/entry/grid", url.Values{"unit": {"268"}, "period": {period}, "group": {"inspections"},
				"v.9538.inspections": {fmtInt(v)}, "r.9538.inspections": {"x"}})
			if st != http.StatusSeeOther {
				t.Fatalf("grid: %d %.2000s", st, body)
			}
		}},
		{"API", "2019-07", func(t *testing.T, period string, v float64) {
			st, body := send(t, env.client(), "POST", env.ts.URL+"/api/v1/values", "application/json",
				`{"values":[{"unit":"9538","period":"`+period+`","metric":"inspections","value":`+fmtInt(v)+`,"reason":"x"}]}`, auth...)
			if st != 200 {
				t.Fatalf("API: %d %s", st, body)
			}
		}},
		{"Template", "2019-08", func(t *testing.T, period string, v float64) {
			file := entryTemplateFilled(t, env, district, "268", period, func(set func(string, string, any)) { set("9538", "inspections", v) })
			st, page := entryUpload(t, district, env.ts.URL+"/entry/import", "filled.xlsx", file)
			if st != 200 || !strings.Contains(page, `name="token" value="`) {
				t.Fatalf("upload: %d %.2000s", st, page)
			}
			token := page[strings.Index(page, `name="token" value="`)+len(`name="token" value="`):]
			token = token[:strings.Index(token, `"`)]
			if st, body, _ := entryPost(t, district, env.ts.URL+"/entry/import/confirm", url.Values{"token": {token}, "reason": {"x"}}); st != http.StatusSeeOther {
				t.Fatalf("confirm: %d %.2000s", st, body)
			}
		}},
	}
	for _, p := range paths {
		t.Run(p.name, func(t *testing.T) {
			m, _ := oversight.ParseMonth(p.period)
			if st, body := act(ward, p.period, "submit"); st != http.StatusSeeOther {
				t.Fatalf("ward submits: %d %.1000s", st, body)
			}
			mc, _ := env.db.EntryContext(ctx, wardID, m)
			p.change(t, p.period, mc.Stored["inspections"]+1)
			_, page, _ := get(t, district, env.ts.URL+"/entry?unit=9538&period="+p.period)
			if strings.Contains(page, `id="entry-approve"`) || !strings.Contains(page, `id="entry-approve-blocked"`) || !strings.Contains(page, `id="entry-return"`) {
				t.Error("the clerk who changed a figure is offered Approve (or not told why, or cannot return)")
			}
			st, body := act(district, p.period, "approve")
			if st != http.StatusForbidden || !strings.Contains(body, "đã sửa số liệu của tháng này") {
				t.Fatalf("the clerk approves alone: %d, want 403", st)
			}
			if s, _ := env.db.MonthState(ctx, wardID, m); s.Status != oversight.StatusSubmitted || s.ApprovedBy != "" {
				t.Fatalf("after the refused approval: %+v", s)
			}
			if snap, _ := env.db.ApprovedValues(ctx, wardID, m); len(snap) != 0 {
				t.Fatalf("a refused approval took a snapshot: %v", snap)
			}
			_, page, _ = get(t, admin, env.ts.URL+"/entry?unit=9538&period="+p.period)
			if !strings.Contains(page, `id="entry-approve"`) {
				t.Error("an administrator who wrote nothing is not offered Approve")
			}
			if st, _ := act(admin, p.period, "approve"); st != http.StatusSeeOther {
				t.Fatalf("admin approves: %d", st)
			}
		})
	}
}

// An empty month cannot be submitted (the approver would fill it and
// approve it alone); the form does not offer to.
func TestEntryEmptyMonthCannotBeSubmitted(t *testing.T) {
	env := newEnv(t)
	ward := env.login(t, "canbophuong")
	before := entryDump(t, env.db.Path)
	st, body, _ := entryPost(t, ward, env.ts.URL+"/entry/status", url.Values{"unit": {"9538"}, "period": {"2018-03"}, "action": {"submit"}})
	if st != http.StatusConflict || !strings.Contains(body, "chưa có số liệu nào") {
		t.Fatalf("submit an empty month: %d, want 409 saying it is empty", st)
	}
	if after := entryDump(t, env.db.Path); after != before {
		t.Fatalf("refused submit changed the database:\n%s", entryDiff(before, after))
	}
	if _, page, _ := get(t, ward, env.ts.URL+"/entry?unit=9538&period=2018-03"); strings.Contains(page, `id="entry-submit"`) {
		t.Error("the form offers to submit an empty month")
	}
}

func fmtInt(v float64) string { return oversight.FormatNumber(math.Round(v), 0, "vi") }
