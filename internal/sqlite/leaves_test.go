package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// The units each unit expects to report (dash_leaves, migration 00021) follow
// every write to the unit tree: after a unit is added, an organisation
// added, units imported (new ones, one moved to another parent, one turned
// into an organisation), a dated change of kind and a unit retired,
// Completeness (which reads dash_leaves) equals the count from the units
// and figures (completenessExact) for every unit (leaves and organisations,
// read from their own dates and figures, among them), both scopes (months
// submitted and not approved among the figures), and the read went through
// dash_leaves (it holds the unit's leaves).
func TestExpectedLeavesFollowEveryChangeToTheTree(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	actor := sqlite.Actor{Name: "test"}
	day := func(y int, m time.Month, d int) *time.Time {
		x := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		return &x
	}
	ids := map[string]int64{}
	create := func(code, parent, kind string, from, to *time.Time) {
		t.Helper()
		id, err := db.CreateUnit(ctx, oversight.Unit{Code: code, Name: "Đơn vị " + code, Kind: kind, ParentID: ids[parent], ValidFrom: from, ValidTo: to}, actor)
		if err != nil {
			t.Fatalf("create %s: %v", code, err)
		}
		ids[code] = id
	}
	create("R", "", oversight.UnitNation, nil, nil)
	create("P1", "R", oversight.UnitProvince, nil, nil)
	create("P2", "R", oversight.UnitProvince, nil, nil)
	create("C1", "P1", oversight.UnitCommune, nil, nil)
	create("C2", "P1", oversight.UnitCommune, day(2025, 3, 1), nil)
	create("C3", "P2", oversight.UnitCommune, nil, lastDay(2025, 6))
	create("C4", "P2", oversight.UnitCommune, nil, nil)
	create("W1", "C1", oversight.UnitWard, nil, nil)
	span := oversight.Span{From: oversight.NewMonth(2024, 12), To: oversight.NewMonth(2026, 1)}
	var in []sqlite.ValueInput
	for i, code := range []string{"C2", "C3", "C4", "W1"} {
		for _, m := range span.Months() {
			if (code == "C2" && m < oversight.NewMonth(2025, 3)) || (code == "C3" && m > oversight.NewMonth(2025, 6)) || (int(m)+i)%3 == 0 {
				continue
			}
			in = append(in, sqlite.ValueInput{UnitCode: code, Metric: "dossiers_received", Month: m, Value: float64(i + 1)})
		}
	}
	if err := db.PutValues(ctx, in, "form", actor); err != nil {
		t.Fatal(err)
	}
	// Months submitted and not approved, and approved: "approved only"
	// counts the latter alone.
	admin := oversight.User{Name: "admin", Role: oversight.RoleAdmin}
	approver := oversight.User{Name: "approver", Role: oversight.RoleAdmin}
	for _, m := range []oversight.Month{oversight.NewMonth(2025, 2), oversight.NewMonth(2025, 5), oversight.NewMonth(2025, 8)} {
		for _, code := range []string{"W1", "C4"} {
			if _, err := db.ChangeStatus(ctx, ids[code], m, oversight.ActionSubmit, "", admin, actor); err != nil {
				t.Fatalf("submit %s %s: %v", code, m, err)
			}
			if m != oversight.NewMonth(2025, 5) {
				if _, err := db.ChangeStatus(ctx, ids[code], m, oversight.ActionApprove, "", approver, actor); err != nil {
					t.Fatal(err)
				}
			}
		}
	}

	check := func(step string, want map[string]int) {
		t.Helper()
		for code, id := range ids {
			all, appr, err := db.CompletenessBoth(ctx, id, span)
			if err != nil {
				t.Fatal(err)
			}
			for _, approved := range []bool{false, true} {
				both := all
				if approved {
					both = appr
				}
				got, err := db.Completeness(ctx, id, approved, span)
				if err != nil {
					t.Fatal(err)
				}
				exact, err := sqlite.CompletenessExact(db, ctx, id, approved, span)
				if err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(got) != fmt.Sprint(exact) {
					t.Errorf("%s: %s approved=%v: completeness %v, counted from the units %v", step, code, approved, got, exact)
				}
				if fmt.Sprint(both) != fmt.Sprint(exact) {
					t.Errorf("%s: %s approved=%v: completeness of both scopes %v, counted from the units %v", step, code, approved, both, exact)
				}
			}
		}
		// The leaves kept for units with children, by hand: the fast path
		// was taken, and kept what the tree now is.
		for code, n := range want {
			_, leaves, err := sqlite.LeavesOf(db, ctx, ids[code])
			if err != nil {
				t.Fatal(err)
			}
			if leaves != n {
				t.Errorf("%s: %s expects %d leaves, want %d", step, code, leaves, n)
			}
		}
	}
	check("created", map[string]int{"R": 4, "P1": 2, "P2": 2, "C1": 1})

	create("C5", "P2", oversight.UnitCommune, day(2025, 9, 1), nil)
	check("a commune added", map[string]int{"R": 5, "P2": 3})

	create("C4-D", "C4", oversight.UnitDepartment, nil, nil)
	check("an organisation added", map[string]int{"R": 5, "P2": 3, "C4": 0})

	// Import: a new ward under C4 (C4 stops being a leaf), C2 moved from P1
	// to P2, W1 turned into an office (C1 becomes a leaf again).
	err := db.ImportUnits(ctx, []oversight.UnitInput{
		{Line: 1, Code: "W2", Name: "Phường W2", Kind: oversight.UnitWard, ParentCode: "C4"},
		{Line: 2, Code: "C2", Name: "Đơn vị C2", Kind: oversight.UnitCommune, ParentCode: "P2", ValidFrom: day(2025, 3, 1)},
		{Line: 3, Code: "W1", Name: "Đơn vị W1", Kind: oversight.UnitOffice, ParentCode: "C1"},
	}, false, actor)
	if err != nil {
		t.Fatal(err)
	}
	if ids["W2"], err = unitID(ctx, db, "W2"); err != nil {
		t.Fatal(err)
	}
	check("imported: added, moved, turned into an organisation", map[string]int{"R": 5, "P1": 1, "P2": 4, "C4": 1})

	// A dated change of kind: C5 (no figures) is a ward from 2025-11, its
	// new row a second leaf of P2 over other months; then the new row is
	// retired at the end of 2025.
	err = db.ImportUnits(ctx, []oversight.UnitInput{
		{Line: 1, Code: "C5", Name: "Phường C5", Kind: oversight.UnitWard, ParentCode: "P2", ValidFrom: day(2025, 11, 1)},
	}, false, actor)
	if err != nil {
		t.Fatal(err)
	}
	c5, err := db.UnitOn(ctx, "C5", *day(2025, 12, 1))
	if err != nil {
		t.Fatal(err)
	}
	ids["C5-new"] = c5.ID
	check("a dated change", map[string]int{"R": 6, "P2": 5})

	if err := db.RetireUnit(ctx, c5.ID, *lastDay(2025, 12), actor); err != nil {
		t.Fatal(err)
	}
	check("a commune retired", map[string]int{"R": 6, "P2": 5})

	// A write outside the store (another program, the sqlite3 shell): each
	// kind of change to the tree empties dash_leaves, so the next read
	// counts from the units rather than from leaves that no longer hold,
	// and the next write transaction counts them again.
	raw, err := sql.Open("sqlite3", "file:"+db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{
		`UPDATE units SET valid_to = '2025-05-31' WHERE code = 'C4' AND valid_to IS NULL`,
		`UPDATE units SET valid_from = '2025-08-01' WHERE code = 'C2'`,
		`UPDATE units SET kind = 'office' WHERE code = 'W2'`,
		`UPDATE units SET parent_id = (SELECT id FROM units WHERE code = 'P1') WHERE code = 'C3'`,
		`DELETE FROM units WHERE code = 'C4-D'`,
		`INSERT INTO units (code, name, kind, parent_id) SELECT 'C9', 'Xã C9', 'commune', id FROM units WHERE code = 'P1'`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		check("after "+q, nil)
	}
	if err := db.RenameUnit(ctx, ids["P1"], "Tỉnh P1", actor); err != nil {
		t.Fatal(err)
	}
	// P1: C1, C3, C9; P2: C2, C4 (a leaf again), C5 twice.
	check("the next write", map[string]int{"R": 7, "P1": 3, "P2": 4})

	// A bulk load that gives its own roll-ups (the official tree's seed)
	// leaves dash_leaves empty and nothing marked stale: any later write
	// transaction (Open's among them) counts the leaves again.
	if _, err := raw.Exec(`DELETE FROM dash_leaves; DELETE FROM dash_dirty`); err != nil {
		t.Fatal(err)
	}
	check("emptied", map[string]int{"R": 0})
	if err := db.PutValues(ctx, []sqlite.ValueInput{{UnitCode: "C9", Metric: "dossiers_received", Month: span.To, Value: 3}}, "form", actor); err != nil {
		t.Fatal(err)
	}
	check("a figure written", map[string]int{"R": 7, "P1": 3, "P2": 4})
}

func unitID(ctx context.Context, db *sqlite.DB, code string) (int64, error) {
	u, err := db.UnitByCode(ctx, code)
	return u.ID, err
}
