package sqlite_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/testenv"
)

// SubtreeDataMonths (one seek per metric) and HoldFigures (one question
// for many units) answer what the plain statements over the roll-ups and
// the figures answer, for units with and without figures, inner units and
// leaves: the root, its provinces, Hà Nội's districts and Hà Đông's wards.
func TestSubtreeDataMonthsAndHoldFiguresAgreeWithThePlainStatements(t *testing.T) {
	db := testenv.Demo(t)
	ctx := context.Background()
	raw, err := sql.Open("sqlite3", "file:"+db.Path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	roots, err := db.Roots(ctx)
	if err != nil || len(roots) == 0 {
		t.Fatalf("roots: %v, %v", roots, err)
	}
	units := []oversight.Unit{roots[0]}
	for _, parent := range []string{roots[0].Code, seed.CityRef, seed.DistrictCode} {
		kids, err := db.Children(ctx, dashUnit(t, db, parent).ID)
		if err != nil {
			t.Fatal(err)
		}
		units = append(units, kids...)
	}
	ids := make([]int64, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	holds, err := db.HoldFigures(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	with, without := 0, 0
	for _, u := range units {
		var inner bool
		var from, to sql.NullInt64
		if err := raw.QueryRow(`SELECT EXISTS (SELECT 1 FROM units WHERE parent_id = ?)`, u.ID).Scan(&inner); err != nil {
			t.Fatal(err)
		}
		q := `SELECT MIN(period), MAX(period) FROM metric_values WHERE unit_id = ?`
		if inner {
			q = `SELECT MIN(period), MAX(period) FROM dash_rollup WHERE unit_id = ?`
		}
		if err := raw.QueryRow(q, u.ID).Scan(&from, &to); err != nil {
			t.Fatal(err)
		}
		got, ok, err := db.SubtreeDataMonths(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok != from.Valid {
			t.Errorf("%s (%s): SubtreeDataMonths found figures %t, the plain statement %t", u.Code, u.Name, ok, from.Valid)
		}
		if ok && (got.From != oversight.Month(from.Int64) || got.To != oversight.Month(to.Int64)) {
			t.Errorf("%s: SubtreeDataMonths %s, the plain statement %d–%d", u.Code, got, from.Int64, to.Int64)
		}
		if holds[u.ID] != from.Valid {
			t.Errorf("%s (%s): HoldFigures %t, the plain statement %t", u.Code, u.Name, holds[u.ID], from.Valid)
		}
		if from.Valid {
			with++
		} else {
			without++
		}
	}
	// Both answers must have been exercised, or the test proves nothing.
	if with < 3 || without < 3 {
		t.Fatalf("%d units with figures and %d without: the demo no longer exercises both", with, without)
	}
}
