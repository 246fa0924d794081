package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
)

// A stored figure can be cleared through the form (an emptied box, with a
// reason) and the API ("clear": true, with a reason); the history shows it.
func TestEntryClearAFigure(t *testing.T) {
	env := newEnv(t)
	ward := env.login(t, "canbophuong")
	ctx := context.Background()
	id := entryUnitID(t, env, "09538")
	nov := oversight.NewMonth(2019, 11)
	form := url.Values{"unit": {"09538"}, "period": {"2019-11"}, "v.inspections": {"3"}, "v.trainees": {"40"}}
	if st, body, _ := entryPost(t, ward, env.ts.URL+"/entry", form); st != http.StatusSeeOther {
		t.Fatalf("save: %d %.1500s", st, body)
	}
	// Emptying the box asks for a reason and keeps everything as typed.
	form = url.Values{"unit": {"09538"}, "period": {"2019-11"}, "v.inspections": {""}, "v.trainees": {"41"}}
	st, body, _ := entryPost(t, ward, env.ts.URL+"/entry", form)
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, `id="warn-inspections"`) || !strings.Contains(body, "sẽ bị xóa (đang lưu 3)") ||
		!strings.Contains(body, `name="r.inspections"`) || !strings.Contains(body, `value="41"`) {
		t.Fatalf("clear without a reason: %d, want 422 asking for one", st)
	}
	if mc, _ := env.db.EntryContext(ctx, id, nov); mc.Stored["inspections"] != 3 || mc.Stored["trainees"] != 40 {
		t.Fatalf("a refused clearing changed figures: %v", mc.Stored)
	}
	form.Set("r.inspections", "Đếm trùng với tháng 10")
	if st, body, _ := entryPost(t, ward, env.ts.URL+"/entry", form); st != http.StatusSeeOther {
		t.Fatalf("clear with a reason: %d %.1500s", st, body)
	}
	mc, _ := env.db.EntryContext(ctx, id, nov)
	if _, ok := mc.Stored["inspections"]; ok || mc.Stored["trainees"] != 41 {
		t.Fatalf("after clearing: %v", mc.Stored)
	}
	_, body, _ = get(t, ward, env.ts.URL+"/entry?unit=09538&period=2019-11")
	if !strings.Contains(body, "(đã xóa)") || !strings.Contains(body, "Đếm trùng với tháng 10") {
		t.Error("the history does not show the clearing and its reason")
	}

	// The API: "clear" needs a reason, and not a value beside it.
	auth := []string{"Authorization", "Bearer " + env.token(t, "canbophuong")}
	api := func(body string) (int, string) {
		return send(t, env.client(), "POST", env.ts.URL+"/api/v1/values", "application/json", body, auth...)
	}
	if st, body := api(`{"values":[{"unit":"09538","period":"2019-11","metric":"trainees","clear":true}]}`); st != 422 || !strings.Contains(body, "sẽ bị xóa") {
		t.Fatalf("API clear without a reason: %d %s", st, body)
	}
	if st, body := api(`{"values":[{"unit":"09538","period":"2019-11","metric":"trainees","clear":true,"value":3,"reason":"x"}]}`); st != 422 || !strings.Contains(body, "không gửi cả hai") {
		t.Fatalf("API clear with a value: %d %s", st, body)
	}
	if st, body := api(`{"values":[{"unit":"09538","period":"2019-11","metric":"trainees","clear":true,"reason":"Số liệu của phường khác"}]}`); st != 200 || !strings.Contains(body, `"changed":1`) {
		t.Fatalf("API clear: %d %s", st, body)
	}
	mc, _ = env.db.EntryContext(ctx, id, nov)
	if _, ok := mc.Stored["trainees"]; ok {
		t.Fatalf("API clearing left %v", mc.Stored)
	}
	h, _ := env.db.ValueHistory(ctx, id, nov)
	if len(h) == 0 || !h[0].Cleared || h[0].Source != "api" || h[0].Reason != "Số liệu của phường khác" {
		t.Errorf("history %+v", h[0])
	}
}

// A cleared figure leaves every total at once: the roll-ups the dashboard
// reads are refreshed by the clearing's own transaction, so Hà Đông's
// dossiers received drop by exactly the cleared value, on the dashboard
// and in the API's subtree series.
func TestEntryClearedFigureLeavesTheDashboard(t *testing.T) {
	env := newEnv(t)
	admin := env.login(t, "admin")
	ctx := context.Background()
	id := entryUnitID(t, env, "09538")
	mar := oversight.NewMonth(2019, 3)
	mc, _ := env.db.EntryContext(ctx, id, mar)
	v, ok := mc.Stored["dossiers_received"]
	if !ok || v <= 0 {
		t.Fatalf("the demo has no dossiers received for 09538 in 03/2019: %v", mc.Stored)
	}
	total := func() float64 {
		t.Helper()
		_, body, _ := get(t, admin, env.ts.URL+"/dashboard?unit=268&from=2019-01&to=2019-10")
		n, err := oversight.ParseNumber(approvedKPI(t, body, "kpi-received"))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := total()
	if before != 107103 {
		t.Fatalf("Hà Đông received before = %v, want the report's 107103", before)
	}
	auth := []string{"Authorization", "Bearer " + env.token(t, "canbophuong")}
	st, body := send(t, env.client(), "POST", env.ts.URL+"/api/v1/values", "application/json",
		`{"values":[{"unit":"09538","period":"2019-03","metric":"dossiers_received","clear":true,"reason":"nhập nhầm tháng"}]}`, auth...)
	if st != 200 {
		t.Fatalf("API clear: %d %s", st, body)
	}
	if after := total(); after != before-v {
		t.Errorf("Hà Đông received after clearing %v = %v, want %v", v, after, before-v)
	}
}
