package sqlite_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// figMetrics are the counts the fast path is checked on: the dashboard's
// and those of the online rate.
var figMetrics = []string{"dossiers_received", "dossiers_received_online", "dossiers_resolved", "dossiers_on_time",
	"procedures_listed", "staff_evaluated", "staff_excellent", "staff_good", "staff_completed", "staff_not_completed"}

// The roll-ups (SubtreeRollups through oversight.Rollup) give the same
// figures as the one engine (oversight.AggregateIn and Monthly over the
// subtree's figures) on random data with gaps, units that came and went,
// inner units with figures of their own, changed figures and approvals:
// for every figure and for approved ones only, over random spans.
func TestRollupFiguresEqualTheEngineOnRandomGappyData(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	rng := rand.New(rand.NewPCG(10, 2026))
	actor := sqlite.Actor{Name: "test"}
	date := func(y int, m time.Month) *time.Time {
		d := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		return &d
	}
	type node struct {
		code, parent string
		from, to     *time.Time
	}
	// A root, three provinces (one retired, one formed during the data),
	// communes under each, and a commune with a ward under it.
	nodes := []node{{code: "R"}, {code: "P1", parent: "R"}, {code: "P2", parent: "R", to: lastDay(2025, 4)},
		{code: "P3", parent: "R", from: date(2025, 5)}}
	for i := 0; i < 12; i++ {
		n := node{code: fmt.Sprintf("C%02d", i), parent: []string{"P1", "P2", "P3"}[i%3]}
		switch n.parent {
		case "P2":
			n.to = lastDay(2025, 4)
		case "P3":
			n.from = date(2025, 5)
		}
		if i == 3 {
			n.to = lastDay(2025, 2) // a commune that closed before its province
		}
		nodes = append(nodes, n)
	}
	nodes = append(nodes, node{code: "W1", parent: "C00"})
	ids := map[string]int64{}
	for _, n := range nodes {
		id, err := db.CreateUnit(ctx, oversight.Unit{Code: n.code, Name: "Đơn vị " + n.code, Kind: "commune",
			ParentID: ids[n.parent], ValidFrom: n.from, ValidTo: n.to}, actor)
		if err != nil {
			t.Fatal(err)
		}
		ids[n.code] = id
	}
	first, last := oversight.NewMonth(2024, 11), oversight.NewMonth(2025, 12)
	data := oversight.Span{From: first, To: last}
	existed := func(n node, m oversight.Month) bool {
		return (n.from == nil || !m.LastDay().Before(*n.from)) && (n.to == nil || !m.FirstDay().After(*n.to))
	}
	// Two rounds of writes: the second changes figures and fills some
	// gaps, so the roll-ups are refreshed slice by slice, not only built.
	for round := 0; round < 2; round++ {
		var in []sqlite.ValueInput
		for _, n := range nodes {
			for _, m := range data.Months() {
				if !existed(n, m) || (n.parent == "" && round == 0) {
					continue
				}
				for _, code := range figMetrics {
					if rng.Float64() < 0.35 {
						continue // a gap: not reported
					}
					in = append(in, sqlite.ValueInput{UnitCode: n.code, Metric: code, Month: m, Value: float64(rng.IntN(60))})
				}
			}
		}
		if round == 1 {
			in = in[:len(in)/3]
		}
		if err := db.PutValues(ctx, in, "form", actor); err != nil {
			t.Fatal(err)
		}
	}
	admin := oversight.User{Name: "admin", Role: oversight.RoleAdmin}
	clerk := oversight.User{Name: "clerk", Role: oversight.RoleAdmin}
	for _, n := range nodes {
		for _, m := range data.Months() {
			if !existed(n, m) || rng.Float64() < 0.5 {
				continue
			}
			if _, err := db.ChangeStatus(ctx, ids[n.code], m, oversight.ActionSubmit, "", clerk, actor); err != nil {
				continue // a month without figures cannot be submitted
			}
			if _, err := db.ChangeStatus(ctx, ids[n.code], m, oversight.ActionApprove, "", admin, actor); err != nil {
				t.Fatal(err)
			}
		}
	}

	same := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }
	compare := func(what string, got, want oversight.Totals, skip []string) int {
		n := 0
		skipped := map[string]bool{}
		for _, c := range skip {
			skipped[c] = true
		}
		for _, t2 := range []oversight.Totals{got, want} {
			for code := range t2 {
				if skipped[code] {
					continue
				}
				g, gok := got[code]
				w, wok := want[code]
				if gok != wok || !same(g, w) {
					t.Errorf("%s %s: roll-ups %v (%v), engine %v (%v)", what, code, g, gok, w, wok)
				}
				n++
			}
		}
		return n
	}
	fast, redone := 0, 0
	for _, approved := range []bool{false, true} {
		for _, code := range []string{"R", "P1", "P2", "P3", "C00"} {
			id := ids[code]
			units, err := db.SubtreeUnits(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			ex := oversight.ExistenceOf(units)
			rolls, fresh, err := db.SubtreeRollups(ctx, approved, figMetrics, sqlite.RollupRead{Units: []int64{id}, Span: data})
			if err != nil || !fresh {
				t.Fatalf("roll-ups of %s: fresh %v, %v", code, fresh, err)
			}
			roll := rolls[id]
			if roll == nil {
				t.Fatalf("no roll-up for %s, which has children", code)
			}
			pts, err := db.PointsOf(ctx, id, true, approved, figMetrics, data)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 40; i++ {
				a, b := first.Add(rng.IntN(data.Len())), first.Add(rng.IntN(data.Len()))
				sp := oversight.Span{From: min(a, b), To: max(a, b)}
				what := fmt.Sprintf("%s approved=%v %s", code, approved, sp)
				got, redo := roll.Totals(sp, figMetrics)
				fast += compare(what, got, oversight.AggregateIn(pts, sp, ex), redo)
				redone += len(redo)
				want := oversight.Monthly(pts, sp, ex)
				gotM := roll.Monthly(sp, figMetrics)
				if len(gotM) != len(want) {
					t.Errorf("%s: roll-ups have %d months, engine %d", what, len(gotM), len(want))
				}
				for m := range want {
					compare(what+" month "+m.String(), gotM[m], want[m], nil)
				}
			}
		}
	}
	// Completeness from dash_reported equals the count from the figures,
	// for every figure and approved ones, on spans reaching past the data
	// and the units' lives.
	for _, approved := range []bool{false, true} {
		for _, code := range []string{"R", "P1", "P2", "P3", "C00", "C01", "W1"} {
			for i := 0; i < 10; i++ {
				a, b := first.Add(rng.IntN(data.Len()+4)-2), first.Add(rng.IntN(data.Len()+4)-2)
				sp := oversight.Span{From: min(a, b), To: max(a, b)}
				got, err := db.Completeness(ctx, ids[code], approved, sp)
				if err != nil {
					t.Fatal(err)
				}
				want, err := sqlite.CompletenessExact(db, ctx, ids[code], approved, sp)
				if err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s approved=%v %s: completeness %v, counted from the figures %v", code, approved, sp, got, want)
				}
				all, appr, err := db.CompletenessBoth(ctx, ids[code], sp)
				if err != nil {
					t.Fatal(err)
				}
				both := all
				if approved {
					both = appr
				}
				if fmt.Sprint(both) != fmt.Sprint(want) {
					t.Errorf("%s approved=%v %s: completeness of both scopes %v, counted from the figures %v", code, approved, sp, both, want)
				}
			}
		}
	}
	// The approval counts of a subtree from dash_months equal the sum of
	// its units' own counts, read from the figures and the workflow.
	for _, code := range []string{"R", "P1", "P2", "P3", "C00"} {
		units, err := db.SubtreeUnits(ctx, ids[code])
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 10; i++ {
			a, b := first.Add(rng.IntN(data.Len())), first.Add(rng.IntN(data.Len()))
			sp := oversight.Span{From: min(a, b), To: max(a, b)}
			got, err := db.Approval(ctx, ids[code], true, sp)
			if err != nil {
				t.Fatal(err)
			}
			var want sqlite.ApprovalCount
			for _, u := range units {
				one, err := db.Approval(ctx, u.ID, false, sp)
				if err != nil {
					t.Fatal(err)
				}
				want.Approved += one.Approved
				want.NotApproved += one.NotApproved
			}
			if got != want {
				t.Errorf("%s %s: approval counts %+v, from the units one by one %+v", code, sp, got, want)
			}
		}
	}

	// Several reads in one statement give what each gives alone.
	sub := oversight.Span{From: oversight.NewMonth(2025, 3), To: oversight.NewMonth(2025, 9)}
	both, _, err := db.SubtreeRollups(ctx, false, figMetrics, sqlite.RollupRead{Units: []int64{ids["R"]}, Span: data},
		sqlite.RollupRead{Units: []int64{ids["P1"], ids["P2"], ids["P3"], ids["C01"]}, Span: sub})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := both[ids["C01"]]; ok {
		t.Error("a leaf was given roll-ups")
	}
	for _, code := range []string{"R", "P1", "P2", "P3"} {
		sp := sub
		if code == "R" {
			sp = data
		}
		alone, _, err := db.SubtreeRollups(ctx, false, figMetrics, sqlite.RollupRead{Units: []int64{ids[code]}, Span: sp})
		if err != nil {
			t.Fatal(err)
		}
		g, _ := both[ids[code]].Totals(sub, figMetrics)
		w, _ := alone[ids[code]].Totals(sub, figMetrics)
		compare(code+" read with others", g, w, nil)
	}
	// A read of some metrics only (the dashboard's children) gives, for
	// those and the indicators made of them, what a read of every metric
	// gives, beside a read of every metric in the same statement, and
	// nothing for the others.
	part := []string{"dossiers_received", "dossiers_resolved", "dossiers_on_time", "procedures_listed"}
	partN := 0
	for _, approved := range []bool{false, true} {
		mixed, _, err := db.SubtreeRollups(ctx, approved, figMetrics, sqlite.RollupRead{Units: []int64{ids["R"]}, Span: data},
			sqlite.RollupRead{Units: []int64{ids["P1"], ids["P2"], ids["P3"]}, Span: data, Metrics: part})
		if err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"P1", "P2", "P3"} {
			full, _, err := db.SubtreeRollups(ctx, approved, figMetrics, sqlite.RollupRead{Units: []int64{ids[code]}, Span: data})
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 20; i++ {
				a, b := first.Add(rng.IntN(data.Len())), first.Add(rng.IntN(data.Len()))
				sp := oversight.Span{From: min(a, b), To: max(a, b)}
				what := fmt.Sprintf("%s approved=%v %s, some metrics", code, approved, sp)
				g, gredo := mixed[ids[code]].Totals(sp, part)
				w, wredo := full[ids[code]].Totals(sp, part)
				if fmt.Sprint(gredo) != fmt.Sprint(wredo) {
					t.Errorf("%s: handed back %v, from every metric %v", what, gredo, wredo)
				}
				partN += compare(what, g, w, nil)
				gm, wm := mixed[ids[code]].Monthly(sp, part), full[ids[code]].Monthly(sp, part)
				for m := range wm {
					compare(what+" month "+m.String(), gm[m], wm[m], nil)
				}
				if all, _ := mixed[ids[code]].Totals(sp, figMetrics); all["staff_evaluated"] != 0 || all["dossiers_received_online"] != 0 {
					t.Errorf("%s: figures read that were not asked for: %v", what, all)
				}
			}
		}
		g, _ := mixed[ids["R"]].Totals(data, figMetrics)
		w, _, err := db.SubtreeRollups(ctx, approved, figMetrics, sqlite.RollupRead{Units: []int64{ids["R"]}, Span: data})
		if err != nil {
			t.Fatal(err)
		}
		wt, _ := w[ids["R"]].Totals(data, figMetrics)
		compare("R beside a read of some metrics", g, wt, nil)
	}
	if partN < 300 {
		t.Errorf("compared %d figures read for some metrics only: too few to test that read", partN)
	}

	// The check must have compared figures from the roll-ups themselves,
	// and the data must have had gaps the roll-ups hand back.
	if fast < 1000 || redone == 0 {
		t.Errorf("compared %d figures from the roll-ups, %d handed back: the data do not exercise the fast path", fast, redone)
	}
}

func lastDay(y int, m time.Month) *time.Time {
	d := time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	return &d
}

// Figures written with source "import" are not marked by the roll-up
// triggers (migration 00018): the writers mark their slices themselves.
// After an import through SaveEntries (the template path) and through
// PutValues, the parent's roll-ups are fresh and hold the new sums, and a
// re-import that changes a figure changes its roll-up too.
func TestImportedFiguresReachTheRollUps(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	actor := sqlite.Actor{Name: "test"}
	ids := map[string]int64{}
	for _, u := range []oversight.Unit{{Code: "P", Name: "Tỉnh", Kind: "province"}, {Code: "A", Name: "Xã A", Kind: "commune"}, {Code: "B", Name: "Xã B", Kind: "commune"}} {
		if u.Code != "P" {
			u.ParentID = ids["P"]
		}
		id, err := db.CreateUnit(ctx, u, actor)
		if err != nil {
			t.Fatal(err)
		}
		ids[u.Code] = id
	}
	m := oversight.NewMonth(2025, 8)
	sum := func() (float64, bool) {
		t.Helper()
		rolls, fresh, err := db.SubtreeRollups(ctx, false, []string{"dossiers_received"}, sqlite.RollupRead{Units: []int64{ids["P"]}, Span: oversight.Span{From: m, To: m}})
		if err != nil {
			t.Fatal(err)
		}
		v, ok := rolls[ids["P"]].Sums[m]["dossiers_received"]
		if !fresh {
			t.Error("roll-ups stale after an import")
		}
		return v, ok
	}
	save := func(a, b float64) {
		t.Helper()
		res, err := db.SaveEntries(ctx, []oversight.EntryRow{{Unit: "A", Month: m, Metric: "dossiers_received", Value: a}, {Unit: "B", Month: m, Metric: "dossiers_received", Value: b}}, "import", actor, false)
		if err != nil || !res.Saved {
			t.Fatalf("import: saved %v, %v, issues %v", res.Saved, err, res.Issues)
		}
	}
	save(10, 5)
	if v, ok := sum(); !ok || v != 15 {
		t.Errorf("after an import: roll-up %v (%v), want 15", v, ok)
	}
	save(10, 7) // B changed: the upsert path
	if v, ok := sum(); !ok || v != 17 {
		t.Errorf("after a re-import: roll-up %v (%v), want 17", v, ok)
	}
	m2 := m.Add(1)
	if err := db.PutValues(ctx, []sqlite.ValueInput{{UnitCode: "A", Metric: "dossiers_received", Month: m2, Value: 4}}, "import", actor); err != nil {
		t.Fatal(err)
	}
	rolls, fresh, err := db.SubtreeRollups(ctx, false, []string{"dossiers_received"}, sqlite.RollupRead{Units: []int64{ids["P"]}, Span: oversight.Span{From: m2, To: m2}})
	if err != nil || !fresh || rolls[ids["P"]].Sums[m2]["dossiers_received"] != 4 {
		t.Errorf("after PutValues as import: fresh %v, %v, roll-up %v, want 4", fresh, err, rolls[ids["P"]].Sums[m2])
	}
}
