package web_test

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// A submitted month is frozen for everyone (issue 11, "what to build" 3):
// after a ward submits, the district clerk's change by the form, the grid,
// the API or a template is refused, nothing is written, and the month
// stays submitted with the ward's figures.
func TestEntrySubmittedMonthIsFrozenOnEveryPath(t *testing.T) {
	env := newEnv(t)
	ward, district := env.login(t, "canbophuong"), env.login(t, "canbo")
	auth := []string{"Authorization", "Bearer " + env.token(t, "canbo")}
	ctx := context.Background()
	wardID := entryUnitID(t, env, "09538")
	paths := []struct {
		name   string
		period string
		change func(t *testing.T, period string, v float64) (int, string)
		want   int
	}{
		{"Form", "2019-05", func(t *testing.T, period string, v float64) (int, string) {
			st, body, _ := entryPost(t, district, env.ts.URL+"/entry", url.Values{"unit": {"09538"}, "period": {period}, "v.inspections": {fmtInt(v)}, "r.inspections": {"x"}})
			return st, body
		}, http.StatusUnprocessableEntity},
		{"Grid", "2019-06", func(t *testing.T, period string, v float64) (int, string) {
			st, body, _ := entryPost(t, district, env.ts.URL+"/entry/grid", url.Values{"unit": {"268"}, "period": {period}, "group": {"inspections"},
				"v.09538.inspections": {fmtInt(v)}, "r.09538.inspections": {"x"}})
			return st, body
		}, http.StatusUnprocessableEntity},
		{"API", "2019-07", func(t *testing.T, period string, v float64) (int, string) {
			return send(t, env.client(), "POST", env.ts.URL+"/api/v1/values", "application/json",
				`{"values":[{"unit":"09538","period":"`+period+`","metric":"inspections","value":`+fmtInt(v)+`,"reason":"x"}]}`, auth...)
		}, http.StatusUnprocessableEntity},
		{"Template", "2019-08", func(t *testing.T, period string, v float64) (int, string) {
			file := entryTemplateFilled(t, env, district, "268", period, func(set func(string, string, any)) { set("09538", "inspections", v) })
			st, page := entryUpload(t, district, env.ts.URL+"/entry/import", "filled.xlsx", file)
			if strings.Contains(page, `name="token" value="`) {
				t.Errorf("the preview offers to confirm figures for a submitted month")
			}
			return st, page
		}, http.StatusUnprocessableEntity},
	}
	for _, p := range paths {
		t.Run(p.name, func(t *testing.T) {
			m, _ := oversight.ParseMonth(p.period)
			st, body, _ := entryPost(t, ward, env.ts.URL+"/entry/status", url.Values{"unit": {"09538"}, "period": {p.period}, "action": {"submit"}})
			if st != http.StatusSeeOther {
				t.Fatalf("ward submits: %d %.1000s", st, body)
			}
			mc, _ := env.db.EntryContext(ctx, wardID, m)
			before := mc.Stored["inspections"]
			st, body = p.change(t, p.period, before+1)
			if st != p.want || !strings.Contains(body, "đã gửi duyệt") {
				t.Fatalf("change of a submitted month: %d, want %d saying it is submitted: %.1500s", st, p.want, body)
			}
			if mc, _ := env.db.EntryContext(ctx, wardID, m); mc.Stored["inspections"] != before {
				t.Fatalf("inspections = %v after the refused change, want %v", mc.Stored["inspections"], before)
			}
			if s, _ := env.db.MonthState(ctx, wardID, m); s.Status != oversight.StatusSubmitted {
				t.Fatalf("after the refused change: %+v", s)
			}
		})
	}
	// The form says why its boxes are read-only.
	_, page, _ := get(t, district, env.ts.URL+"/entry?unit=09538&period=2019-05")
	if !strings.Contains(page, `id="entry-frozen"`) || strings.Contains(page, `id="entry-save"`) {
		t.Error("the form of a submitted month does not say it is frozen, or still offers Save")
	}
}

// Four eyes: the district clerk who wrote a figure of a month while it was
// a draft may not approve it once the ward submits: the Approve button is
// not offered, the action is refused (403) and no approval is recorded.
// An administrator who wrote nothing approves it.
func TestEntryFourEyesWhoWroteCannotApprove(t *testing.T) {
	env := newEnv(t)
	ward, district, admin := env.login(t, "canbophuong"), env.login(t, "canbo"), env.login(t, "admin")
	ctx := context.Background()
	wardID := entryUnitID(t, env, "09538")
	const period = "2019-05"
	m, _ := oversight.ParseMonth(period)
	act := func(c *http.Client, action string) (int, string) {
		st, body, _ := entryPost(t, c, env.ts.URL+"/entry/status", url.Values{"unit": {"09538"}, "period": {period}, "action": {action}})
		return st, body
	}
	mc, _ := env.db.EntryContext(ctx, wardID, m)
	st, body, _ := entryPost(t, district, env.ts.URL+"/entry", url.Values{"unit": {"09538"}, "period": {period}, "v.inspections": {fmtInt(mc.Stored["inspections"] + 1)}, "r.inspections": {"x"}})
	if st != http.StatusSeeOther {
		t.Fatalf("the clerk corrects a draft: %d %.2000s", st, body)
	}
	if st, body := act(ward, "submit"); st != http.StatusSeeOther {
		t.Fatalf("ward submits: %d %.1000s", st, body)
	}
	_, page, _ := get(t, district, env.ts.URL+"/entry?unit=09538&period="+period)
	if strings.Contains(page, `id="entry-approve"`) || !strings.Contains(page, `id="entry-approve-blocked"`) || !strings.Contains(page, `id="entry-return"`) {
		t.Error("the clerk who changed a figure is offered Approve (or not told why, or cannot return)")
	}
	st, body = act(district, "approve")
	if st != http.StatusForbidden || !strings.Contains(body, "đã sửa số liệu của tháng này") {
		t.Fatalf("the clerk approves alone: %d, want 403", st)
	}
	if s, _ := env.db.MonthState(ctx, wardID, m); s.Status != oversight.StatusSubmitted || s.ApprovedBy != "" {
		t.Fatalf("after the refused approval: %+v", s)
	}
	if snap, _ := env.db.ApprovedValues(ctx, wardID, m); len(snap) != 0 {
		t.Fatalf("a refused approval took a snapshot: %v", snap)
	}
	_, page, _ = get(t, admin, env.ts.URL+"/entry?unit=09538&period="+period)
	if !strings.Contains(page, `id="entry-approve"`) {
		t.Error("an administrator who wrote nothing is not offered Approve")
	}
	if st, _ := act(admin, "approve"); st != http.StatusSeeOther {
		t.Fatalf("admin approves: %d", st)
	}
}

// An empty month cannot be submitted (the approver would fill it and
// approve it alone); the form does not offer to.
func TestEntryEmptyMonthCannotBeSubmitted(t *testing.T) {
	env := newEnv(t)
	ward := env.login(t, "canbophuong")
	before := entryDump(t, env.db.Path)
	st, body, _ := entryPost(t, ward, env.ts.URL+"/entry/status", url.Values{"unit": {"09538"}, "period": {"2018-03"}, "action": {"submit"}})
	if st != http.StatusConflict || !strings.Contains(body, "chưa có số liệu nào") {
		t.Fatalf("submit an empty month: %d, want 409 saying it is empty", st)
	}
	if after := entryDump(t, env.db.Path); after != before {
		t.Fatalf("refused submit changed the database:\n%s", entryDiff(before, after))
	}
	if _, page, _ := get(t, ward, env.ts.URL+"/entry?unit=09538&period=2018-03"); strings.Contains(page, `id="entry-submit"`) {
		t.Error("the form offers to submit an empty month")
	}
}

func fmtInt(v float64) string { return text.Number("vi", math.Round(v), 0) }
