package web_test

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// kpiCard returns the HTML of one KPI card of a dashboard page.
func kpiCard(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no card %s", id)
	}
	card := body[i:]
	if j := strings.Index(card[1:], `id="kpi-`); j >= 0 {
		card = card[:j+1]
	}
	return card
}

// Issue 17, item 4: the year-earlier change with figures chosen by hand,
// months the demo does not touch, so the expected text is written out
// rather than computed by the code under test: its sign and direction
// included (a fall shows "−25%" and the "down" style, a rise "+20%" "up").
func TestDashYearEarlierChangeSignByHand(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	may17, may18 := oversight.NewMonth(2017, 5), oversight.NewMonth(2018, 5)
	jun17, jun18 := oversight.NewMonth(2017, 6), oversight.NewMonth(2018, 6)
	in := []sqlite.ValueInput{
		// May: 800 -> 600 received (−25%); on time 90/100 -> 80/100 (−10 points).
		{UnitCode: "09538", Metric: "dossiers_received", Month: may17, Value: 800},
		{UnitCode: "09538", Metric: "dossiers_received", Month: may18, Value: 600},
		{UnitCode: "09538", Metric: "dossiers_resolved", Month: may17, Value: 100},
		{UnitCode: "09538", Metric: "dossiers_on_time", Month: may17, Value: 90},
		{UnitCode: "09538", Metric: "dossiers_resolved", Month: may18, Value: 100},
		{UnitCode: "09538", Metric: "dossiers_on_time", Month: may18, Value: 80},
		// June: 500 -> 600 received (+20%); on time 60/80 -> 76/80 (+20 points).
		{UnitCode: "09538", Metric: "dossiers_received", Month: jun17, Value: 500},
		{UnitCode: "09538", Metric: "dossiers_received", Month: jun18, Value: 600},
		{UnitCode: "09538", Metric: "dossiers_resolved", Month: jun17, Value: 80},
		{UnitCode: "09538", Metric: "dossiers_on_time", Month: jun17, Value: 60},
		{UnitCode: "09538", Metric: "dossiers_resolved", Month: jun18, Value: 80},
		{UnitCode: "09538", Metric: "dossiers_on_time", Month: jun18, Value: 76},
	}
	if err := env.db.PutValues(ctx, in, "form", sqlite.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	c := env.login(t, "daibieu")
	cases := []struct {
		name, month                    string
		received, receivedTrend        string
		ontime, ontimeTrend, ontimeWas string
	}{
		{"a fall shows a minus and the down style", "2018-05", "−25%", "change-down", "−10 điểm", "change-down", "90"},
		{"a rise shows a plus and the up style", "2018-06", "+20%", "change-up", "+20 điểm", "change-up", "75"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := get(t, c, env.ts.URL+"/dashboard?unit=09538&from="+tc.month+"&to="+tc.month)
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			rec := html.UnescapeString(kpiCard(t, body, "kpi-received"))
			if !strings.Contains(rec, tc.received) || !strings.Contains(rec, tc.receivedTrend) {
				t.Errorf("received card: want %s with %s, got %q", tc.received, tc.receivedTrend, rec)
			}
			ot := html.UnescapeString(kpiCard(t, body, "kpi-ontime"))
			if !strings.Contains(ot, tc.ontime) || !strings.Contains(ot, tc.ontimeTrend) || !strings.Contains(ot, tc.ontimeWas) {
				t.Errorf("on-time card: want %s with %s against %s%%, got %q", tc.ontime, tc.ontimeTrend, tc.ontimeWas, ot)
			}
		})
	}
}

// Issue 17, item 4: the brief lists a recommendation known to be overdue
// (added here with a deadline before the test clock, 01/02/2020) and leaves
// out one not yet due, with no "nothing overdue" way out.
func TestDashBriefListsAKnownOverdueRecommendation(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	sessions, err := env.db.Sessions(ctx)
	if err != nil || len(sessions) == 0 {
		t.Fatalf("sessions %v %v", sessions, err)
	}
	past := time.Date(2020, 1, 15, 0, 0, 0, 0, time.UTC)
	future := time.Date(2020, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, r := range []oversight.Recommendation{
		{Content: "Kiểm thử: kiến nghị đã quá hạn", LeadCode: "268", Deadline: &past},
		{Content: "Kiểm thử: kiến nghị chưa đến hạn", LeadCode: "268", Deadline: &future},
	} {
		if _, err := env.db.AddRecommendation(ctx, sessions[0].ID, r, sqlite.Actor{Name: "t"}); err != nil {
			t.Fatal(err)
		}
	}
	c := env.login(t, "daibieu")
	status, body, _ := get(t, c, env.ts.URL+"/dashboard/brief?unit=268")
	if status != http.StatusOK {
		t.Fatalf("brief: status %d", status)
	}
	i := strings.Index(body, `id="brief-recs"`)
	if i < 0 {
		t.Fatal("no brief-recs section")
	}
	section := body[i:]
	section = html.UnescapeString(section[:strings.Index(section, "</section>")])
	if !strings.Contains(section, "Kiểm thử: kiến nghị đã quá hạn") || !strings.Contains(section, "15/01/2020") {
		t.Errorf("the overdue recommendation (deadline 15/01/2020) is not in the brief's list: %q", section)
	}
	if strings.Contains(section, "Kiểm thử: kiến nghị chưa đến hạn") {
		t.Errorf("a recommendation due 01/03/2020 is listed as overdue on 01/02/2020")
	}
	if strings.Contains(section, "Không có kiến nghị quá hạn.") {
		t.Errorf("the brief says nothing is overdue")
	}
}
