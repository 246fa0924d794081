package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

// Issue 10, item 3: retiring a unit as of a date before figures it holds
// is refused, naming the months; the same date after them is accepted.
func TestRetireUnitRefusesADateBeforeItsFigures(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	defer db.Close()
	id, err := db.CreateUnit(ctx, oversight.Unit{Code: "W", Name: "Phường W", Kind: "ward"}, sqlite.Actor{Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	var vs []sqlite.ValueInput
	for _, m := range []oversight.Month{oversight.NewMonth(2024, 12), oversight.NewMonth(2025, 1), oversight.NewMonth(2025, 3)} {
		vs = append(vs, sqlite.ValueInput{UnitCode: "W", Metric: "dossiers_received", Month: m, Value: 5})
	}
	if err := db.PutValues(ctx, vs, "form", sqlite.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	err = db.RetireUnit(ctx, id, time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), sqlite.Actor{Name: "t"})
	if oversight.ErrorCode(err) != oversight.EConflict {
		t.Fatalf("retire before figures: %v, want a conflict", err)
	}
	vi, en := text.Error(err, "vi"), text.Error(err, "en")
	if !strings.Contains(vi, "31/12/2024") || !strings.Contains(vi, "01/2025, 03/2025") || strings.Contains(vi, "12/2024,") {
		t.Errorf("Vietnamese message %q does not name 01/2025 and 03/2025 alone", vi)
	}
	if !strings.Contains(en, "01/2025, 03/2025") {
		t.Errorf("English message %q does not name the months", en)
	}
	if u, _ := db.UnitByID(ctx, id); u.ValidTo != nil {
		t.Errorf("the refused retirement was stored: valid to %v", u.ValidTo)
	}
	// Mid-month: the unit existed in March, so its March figures count.
	if err := db.RetireUnit(ctx, id, time.Date(2025, 3, 15, 0, 0, 0, 0, time.UTC), sqlite.Actor{Name: "t"}); err != nil {
		t.Fatalf("retire after the last figure: %v", err)
	}
	if u, _ := db.UnitByID(ctx, id); u.ValidTo == nil || u.ValidTo.Format(time.DateOnly) != "2025-03-15" {
		t.Errorf("valid to %v, want 2025-03-15", u.ValidTo)
	}
}
