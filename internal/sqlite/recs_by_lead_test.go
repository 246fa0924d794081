package sqlite_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/testenv"
)

// RecommendationsByLead (walking up from each recommendation's lead) lists
// exactly the published, not withdrawn recommendations whose lead lies in
// the unit's subtree, as SubtreeUnits lists it: for the root, Hà Nội, Hà
// Đông and each of its children (wards and organisations).
func TestRecommendationsByLeadAreThoseLedInTheSubtree(t *testing.T) {
	db := testenv.Demo(t)
	ctx := context.Background()
	raw, err := sql.Open("sqlite3", "file:"+db.Path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT r.id, r.lead_unit_id FROM recommendations r JOIN supervision_sessions s ON s.id = r.session_id
WHERE s.published AND r.withdrawn_on IS NULL`)
	if err != nil {
		t.Fatal(err)
	}
	lead := map[int64]int64{}
	for rows.Next() {
		var id, unit int64
		if err := rows.Scan(&id, &unit); err != nil {
			t.Fatal(err)
		}
		lead[id] = unit
	}
	rows.Close()
	if len(lead) == 0 {
		t.Fatal("the demo has no published recommendation: the test would prove nothing")
	}
	roots, err := db.Roots(ctx)
	if err != nil || len(roots) == 0 {
		t.Fatalf("roots: %v, %v", roots, err)
	}
	units := []oversight.Unit{roots[0], dashUnit(t, db, seed.CityRef), dashUnit(t, db, seed.DistrictCode)}
	kids, err := db.Children(ctx, units[2].ID)
	if err != nil {
		t.Fatal(err)
	}
	units = append(units, kids...)
	some, none := 0, 0
	for _, u := range units {
		sub, err := db.SubtreeUnits(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		in := map[int64]bool{}
		for _, x := range sub {
			in[x.ID] = true
		}
		var want []int64
		for id, l := range lead {
			if in[l] {
				want = append(want, id)
			}
		}
		recs, err := db.RecommendationsByLead(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, r := range recs {
			got = append(got, r.ID)
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s (%s): recommendations %v, want %v", u.Code, u.Name, got, want)
		}
		if len(want) > 0 {
			some++
		} else {
			none++
		}
	}
	if some < 2 || none < 1 {
		t.Fatalf("%d units lead recommendations, %d none: the demo no longer exercises both", some, none)
	}
}
