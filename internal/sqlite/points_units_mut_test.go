package sqlite_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/testenv"
)

// PointsOfUnits (the web's union totals and comparable history read each
// root's own figures with it) gives each listed unit's own figures, not
// its children's, inside the span and for the metrics asked, every figure
// or approved ones only; no units is nothing. Expected points by hand.
func TestPointsOfUnitsByHand(t *testing.T) {
	ctx := context.Background()
	db := testenv.Empty(t)
	actor := sqlite.Actor{Name: "test"}
	ids := map[string]int64{}
	for _, u := range []struct{ code, parent string }{{"D", ""}, {"W1", "D"}, {"W2", "D"}, {"W3", "D"}} {
		id, err := db.CreateUnit(ctx, oversight.Unit{Code: u.code, Name: "Đơn vị " + u.code, Kind: "ward", ParentID: ids[u.parent]}, actor)
		if err != nil {
			t.Fatal(err)
		}
		ids[u.code] = id
	}
	dec, jan, feb, mar := oversight.NewMonth(2023, 12), oversight.NewMonth(2024, 1), oversight.NewMonth(2024, 2), oversight.NewMonth(2024, 3)
	in := []sqlite.ValueInput{
		{UnitCode: "D", Metric: "dossiers_received", Month: jan, Value: 100},
		{UnitCode: "W1", Metric: "dossiers_received", Month: dec, Value: 1}, // before the span
		{UnitCode: "W1", Metric: "dossiers_received", Month: jan, Value: 11},
		{UnitCode: "W1", Metric: "dossiers_resolved", Month: jan, Value: 7},
		{UnitCode: "W1", Metric: "dossiers_received", Month: feb, Value: 12},
		{UnitCode: "W1", Metric: "dossiers_received", Month: mar, Value: 13}, // after the span
		{UnitCode: "W2", Metric: "dossiers_received", Month: feb, Value: 22},
		{UnitCode: "W3", Metric: "dossiers_received", Month: jan, Value: 31}, // not asked for
	}
	if err := db.PutValues(ctx, in, "form", actor); err != nil {
		t.Fatal(err)
	}
	// Only W1's January is approved (submitted by one, approved by another).
	for _, s := range []struct{ action, by string }{{oversight.ActionSubmit, "clerk"}, {oversight.ActionApprove, "admin"}} {
		u := oversight.User{Name: s.by, Role: oversight.RoleAdmin}
		if _, err := db.ChangeStatus(ctx, ids["W1"], jan, s.action, "", u, actor); err != nil {
			t.Fatal(err)
		}
	}
	name := map[int64]string{}
	for c, id := range ids {
		name[id] = c
	}
	show := func(pts []oversight.Point) []string {
		var out []string
		for _, p := range pts {
			out = append(out, fmt.Sprintf("%s %s %s %g", name[p.Unit], p.Month, p.Metric, p.Value))
		}
		slices.Sort(out)
		return out
	}
	span := oversight.Span{From: jan, To: feb}
	for _, tc := range []struct {
		units    []string
		approved bool
		metrics  []string
		want     []string
	}{
		{[]string{"D", "W1", "W2"}, false, nil, []string{
			"D 2024-01 dossiers_received 100",
			"W1 2024-01 dossiers_received 11", "W1 2024-01 dossiers_resolved 7", "W1 2024-02 dossiers_received 12",
			"W2 2024-02 dossiers_received 22"}},
		{[]string{"W1", "W2"}, false, []string{"dossiers_resolved"}, []string{"W1 2024-01 dossiers_resolved 7"}},
		// More metrics than units: the statement's arguments outnumber the ids.
		{[]string{"W1"}, false, []string{"dossiers_received", "dossiers_resolved", "dossiers_on_time", "dossiers_late"}, []string{
			"W1 2024-01 dossiers_received 11", "W1 2024-01 dossiers_resolved 7", "W1 2024-02 dossiers_received 12"}},
		{[]string{"W1", "W2"}, true, nil, []string{"W1 2024-01 dossiers_received 11", "W1 2024-01 dossiers_resolved 7"}},
		{[]string{"W2"}, true, nil, nil},
		{nil, false, nil, nil},
	} {
		var us []int64
		for _, c := range tc.units {
			us = append(us, ids[c])
		}
		pts, err := db.PointsOfUnits(ctx, us, tc.approved, tc.metrics, span)
		if err != nil {
			t.Fatalf("%v approved=%v %v: %v", tc.units, tc.approved, tc.metrics, err)
		}
		if got := show(pts); !slices.Equal(got, tc.want) {
			t.Errorf("%v approved=%v %v:\n got %q\nwant %q", tc.units, tc.approved, tc.metrics, got, tc.want)
		}
	}
}
