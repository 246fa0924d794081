package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// The entry form's change history shows when a value changed as
// dd/mm/yyyy hh:mm in Vietnam's time, not "2026-11-29T22:10:24Z".
func TestEntryHistoryInVietnamTime(t *testing.T) {
	env := newEnv(t)
	ward := env.login(t, "canbophuong")
	form := url.Values{"unit": {"09538"}, "period": {"2019-11"}, "v.procedures_time_cut_pct": {"74,5"}}
	if status, _, _ := entryPost(t, ward, env.ts.URL+"/entry", form); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	h, err := env.db.ValueHistory(context.Background(), entryUnitID(t, env, "09538"), oversight.NewMonth(2019, 11))
	if err != nil || len(h) != 1 {
		t.Fatalf("history %+v %v", h, err)
	}
	at, err := time.Parse(time.RFC3339Nano, h[0].At)
	if err != nil {
		at, err = time.ParseInLocation(time.DateTime, h[0].At, time.UTC)
	}
	if err != nil {
		t.Fatalf("stored time %q: %v", h[0].At, err)
	}
	want := at.In(time.FixedZone("UTC+7", 7*3600)).Format("02/01/2006 15:04")
	_, body, _ := get(t, ward, env.ts.URL+"/entry?unit=09538&period=2019-11")
	if !strings.Contains(body, "<td>"+want+"</td>") {
		t.Errorf("history does not show %s (stored %s)", want, h[0].At)
	}
	if strings.Contains(body, h[0].At) {
		t.Errorf("history shows the stored %s", h[0].At)
	}
}

// The dashboard's from and to are lists of months labelled mm/yyyy,
// whatever the browser's language.
func TestDashMonthLists(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "daibieu")
	_, body, _ := get(t, c, env.ts.URL+"/dashboard?unit=268&from=2019-02&to=2019-09")
	for _, want := range []string{`<select name="from" id="dash-from">`, `<option value="2019-02" selected>02/2019</option>`, `<option value="2019-09" selected>09/2019</option>`} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %s", want)
		}
	}
	if strings.Contains(body, `type="month"`) {
		t.Error("the dashboard still has a month input the browser shows in its own language")
	}
}
