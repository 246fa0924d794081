package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// The data version moves with every committed write and only then: a page
// cache keyed by it shows a saved figure at once and never re-renders for a
// refused write.
func TestDataVersionMovesWithEveryCommitAndOnlyThen(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	defer db.Close()
	if err := db.ImportUnits(ctx, []oversight.UnitInput{{Line: 2, Code: "W", Name: "W", Kind: "ward"}}, false, sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	v0 := db.DataVersion()
	if err := db.PutValues(ctx, []sqlite.ValueInput{{UnitCode: "W", Metric: "inspections", Month: 201901, Value: 3}}, "api", sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	v1 := db.DataVersion()
	if v1 != v0+1 {
		t.Fatalf("a saved figure moved the version from %d to %d, want %d", v0, v1, v0+1)
	}
	// A refused batch rolls back: nothing changed, so neither does the version.
	err := db.PutValues(ctx, []sqlite.ValueInput{{UnitCode: "W", Metric: "inspections", Month: 201902, Value: -1}}, "api", sqlite.Actor{})
	if oversight.ErrorCode(err) != oversight.EInvalid {
		t.Fatalf("negative count: %v", err)
	}
	if v := db.DataVersion(); v != v1 {
		t.Errorf("a refused write moved the version from %d to %d", v1, v)
	}
	// Reads leave it alone.
	if _, err := db.CountValues(ctx); err != nil {
		t.Fatal(err)
	}
	if v := db.DataVersion(); v != v1 {
		t.Errorf("a read moved the version from %d to %d", v1, v)
	}
}
