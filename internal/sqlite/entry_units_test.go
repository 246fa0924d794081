package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// The batch's unit resolution gives, for every kind of reference, what
// resolving each reference alone (pickUnitTx, the old path) gives: the
// same unit, the same "reused" mark, the same refusal.
func TestBatchUnitsPickWhatPickUnitTxPicks(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "units.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	day := func(s string) *time.Time { d, _ := time.Parse(time.DateOnly, s); return &d }
	in := []oversight.UnitInput{
		{Line: 1, Code: "01", Name: "Tỉnh", Kind: "province"},
		// One code, two units in turn (a merger kept the code).
		{Line: 2, Code: "09538", Name: "Phường cũ", Kind: "ward", ParentCode: "01", ValidTo: day("2024-12-31")},
		{Line: 3, Code: "09538", Name: "Phường mới", Kind: "ward", ParentCode: "01", ValidFrom: day("2025-01-01")},
		// Dissolved, and created later.
		{Line: 4, Code: "09541", Name: "Phường giải thể", Kind: "ward", ParentCode: "01", ValidTo: day("2025-06-30")},
		{Line: 5, Code: "09556", Name: "Phường lập sau", Kind: "ward", ParentCode: "01", ValidFrom: day("2025-07-01")},
		{Line: 6, Code: "X1", Name: "Xã", Kind: "commune", ParentCode: "01"},
	}
	if err := db.ImportUnits(ctx, in, false, Actor{}); err != nil {
		t.Fatal(err)
	}
	refs := []string{"09538", "9538", "09541", "9541", "09556", "X1", "x1", " X1 ", "NOPE", "", "09538@2024-06-01", "09538@2025-02-01",
		"09538@2025-13-01", "X1@bad", "01"}
	months := []oversight.Month{oversight.NewMonth(2019, 11), oversight.NewMonth(2024, 12), oversight.NewMonth(2025, 1),
		oversight.NewMonth(2025, 6), oversight.NewMonth(2025, 7), oversight.NewMonth(2031, 1)}
	var rows []oversight.EntryRow
	for _, r := range refs {
		for _, m := range months {
			rows = append(rows, oversight.EntryRow{Unit: r, Month: m, Metric: "inspections", Value: 1})
		}
	}
	today := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	describe := func(u oversight.Unit, err error) string {
		if err != nil {
			return fmt.Sprintf("refused: %s", text.Error(err, "vi"))
		}
		return fmt.Sprintf("unit %d %s reused=%v", u.ID, u.Name, u.Reused)
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		b, err := newBatchUnits(ctx, tx, rows, today)
		if err != nil {
			return err
		}
		found := 0
		for _, r := range rows {
			f, to := monthSpan(r.Month)
			want := describe(pickUnitTx(ctx, tx, r.Unit, f, to, today))
			got := describe(b.pick(r.Unit, r.Month))
			if got != want {
				t.Errorf("%q in %s: batch %s, alone %s", r.Unit, r.Month, got, want)
			}
			id, why, err := b.at(r.Unit, r.Month)
			if err != nil {
				return err
			}
			if id != 0 {
				found++
				if why != nil || b.units[id].ID != id {
					t.Errorf("%q in %s: id %d with reason %v, unit %+v", r.Unit, r.Month, id, why, b.units[id])
				}
			}
		}
		if found == 0 || found == len(rows) {
			t.Errorf("%d of %d references found: the cases do not cover both outcomes", found, len(rows))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The first row of each figure is remembered per unit, month and metric,
// for catalogue metrics and other codes alike (expected rows by hand).
func TestFirstRowsByHand(t *testing.T) {
	var f firstRows
	a := oversight.UnitMonth{Unit: "P1", Month: oversight.NewMonth(2025, 8)}
	b := oversight.UnitMonth{Unit: "P1", Month: oversight.NewMonth(2025, 9)}
	steps := []struct {
		k      oversight.UnitMonth
		metric string
		first  int
		dup    bool
	}{
		{a, "inspections", 0, false}, {a, "trainees", 0, false}, {b, "inspections", 0, false},
		{a, "nope", 0, false}, {a, "inspections", 0, true}, {b, "inspections", 2, true},
		{a, "nope", 3, true}, {b, "nope", 0, false}, {a, "trainees", 1, true},
	}
	for i, s := range steps {
		first, dup := f.add(s.k, s.metric, i)
		if first != s.first || dup != s.dup {
			t.Errorf("row %d (%v %s): first %d dup %v, want %d %v", i, s.k, s.metric, first, dup, s.first, s.dup)
		}
	}
}
