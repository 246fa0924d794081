package sqlite_test

import (
	"context"
	"math"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
)

// Approved subtree totals hold exactly the approved unit-months' figures
// (a submitted month is not approved), the roll-ups every figure still.
func TestApprovedSubtreeTotalsAndCounts(t *testing.T) {
	ctx := context.Background()
	db := dashDemoDB(t)
	district := dashUnit(t, db, "268")
	boss := oversight.User{Name: "quan", Role: oversight.RoleStaff, UnitID: district.ID}
	span := oversight.Span{From: oversight.NewMonth(2019, 1), To: oversight.NewMonth(2019, 10)}

	before, err := db.Approval(ctx, district.ID, true, span)
	if err != nil || before.Approved != 0 || before.NotApproved == 0 {
		t.Fatalf("demo approval counts %+v %v: want none approved and some pending", before, err)
	}
	// approvedMonthly reads approved figures of each unit's subtree as every
	// reader does (PointsOf), month by month.
	approvedMonthly := func(ids ...int64) (map[int64]map[oversight.Month]oversight.Totals, error) {
		out := map[int64]map[oversight.Month]oversight.Totals{}
		for _, id := range ids {
			pts, err := db.PointsOf(ctx, id, true, true, dashCounts, span)
			if err != nil {
				return nil, err
			}
			if by := oversight.Monthly(pts, span, nil); len(by) > 0 {
				out[id] = by
			}
		}
		return out, nil
	}
	none, err := approvedMonthly(district.ID)
	if err != nil || len(none) != 0 {
		t.Fatalf("approved totals with nothing approved: %v %v", none, err)
	}
	allBefore, err := db.SubtreeMonthly(ctx, []int64{district.ID}, dashCounts, span)
	if err != nil {
		t.Fatal(err)
	}

	type um struct {
		code  string
		month oversight.Month
	}
	approved := []um{{seed.NguyenTraiRef, oversight.NewMonth(2019, 10)}, {"09541", oversight.NewMonth(2019, 9)}, {"09542", oversight.NewMonth(2019, 10)}}
	for i, x := range approved {
		w := dashUnit(t, db, x.code)
		staff := oversight.User{Name: "phuong", Role: oversight.RoleStaff, UnitID: w.ID}
		steps := []struct {
			u      oversight.User
			action string
		}{{staff, oversight.ActionSubmit}, {boss, oversight.ActionApprove}}
		if i == 2 {
			steps = steps[:1] // submitted, left waiting
		}
		for _, s := range steps {
			if _, err := db.ChangeStatus(ctx, w.ID, x.month, s.action, "", s.u, sqlite.Actor{Name: s.u.Name}); err != nil {
				t.Fatalf("%s %s %s: %v", x.code, x.month, s.action, err)
			}
		}
	}
	approved = approved[:2]

	// Expected: each approved ward-month's own figures, read one by one.
	want := map[oversight.Month]oversight.Totals{}
	for _, x := range approved {
		one := oversight.Span{From: x.month, To: x.month}
		pts, err := db.Points(ctx, dashUnit(t, db, x.code).ID, false, dashCounts, one)
		if err != nil {
			t.Fatal(err)
		}
		if want[x.month] == nil {
			want[x.month] = oversight.Totals{}
		}
		for k, v := range oversight.Aggregate(pts, one) {
			want[x.month][k] += v
		}
	}
	root := dashUnit(t, db, seed.CityRef)
	got, err := approvedMonthly(district.ID, root.ID, dashUnit(t, db, "09538@2024-12-31").ID, dashUnit(t, db, "09542").ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{district.ID, root.ID} {
		if len(got[id]) != len(want) {
			t.Errorf("unit %d: %d approved months, want %d", id, len(got[id]), len(want))
		}
		for m, tot := range want {
			for _, code := range dashCounts {
				if math.Abs(got[id][m][code]-tot[code]) > 1e-9 {
					t.Errorf("unit %d %s %s: %v, want %v", id, m, code, got[id][m][code], tot[code])
				}
			}
		}
	}
	// A leaf: its own approved month, and only that (October's expected
	// totals are 09538's alone, since 09542's October is not approved).
	oct := oversight.NewMonth(2019, 10)
	if g := got[dashUnit(t, db, "09538@2024-12-31").ID]; len(g) != 1 || g[oct]["dossiers_received"] != want[oct]["dossiers_received"] || want[oct]["dossiers_received"] == 0 {
		t.Errorf("ward 09538: %v, want %v", g, want[oct])
	}
	if g := got[dashUnit(t, db, "09542").ID]; len(g) != 0 {
		t.Errorf("a submitted month counts as approved: %v", g)
	}

	after, err := db.Approval(ctx, district.ID, true, span)
	if err != nil || after.Approved != 2 || after.NotApproved != before.NotApproved-2 {
		t.Errorf("counts after two approvals %+v, before %+v", after, before)
	}
	if one, err := db.Approval(ctx, dashUnit(t, db, "09538@2024-12-31").ID, false, span); err != nil || one.Approved != 1 {
		t.Errorf("ward alone: %+v %v", one, err)
	}
	allAfter, err := db.SubtreeMonthly(ctx, []int64{district.ID}, dashCounts, span)
	if err != nil {
		t.Fatal(err)
	}
	for m, tot := range allBefore[district.ID] {
		for code, v := range tot {
			if allAfter[district.ID][m][code] != v {
				t.Errorf("all figures changed by an approval: %s %s %v -> %v", m, code, v, allAfter[district.ID][m][code])
			}
		}
	}
}
