package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

// Issue 10, item 3, through `units import`: a unit's end date set before
// months it holds figures for is refused with the months named, as
// retiring it is (the figures would drop out of every total unseen); an
// end date after its figures is taken, and the roll-ups the dashboard
// reads, the engine over the figures and completeness agree after each.
func TestImportRefusesAnEndBeforeTheUnitsFigures(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	actor := sqlite.Actor{Name: "test"}
	ids := map[string]int64{}
	for _, u := range []struct{ code, parent, kind string }{
		{"R", "", oversight.UnitNation}, {"P1", "R", oversight.UnitProvince},
		{"C1", "P1", oversight.UnitCommune}, {"W1", "C1", oversight.UnitWard}, {"W2", "C1", oversight.UnitWard},
	} {
		id, err := db.CreateUnit(ctx, oversight.Unit{Code: u.code, Name: "Đơn vị " + u.code, Kind: u.kind, ParentID: ids[u.parent]}, actor)
		if err != nil {
			t.Fatal(err)
		}
		ids[u.code] = id
	}
	span := oversight.Span{From: oversight.NewMonth(2025, 1), To: oversight.NewMonth(2025, 3)}
	var in []sqlite.ValueInput
	for _, m := range span.Months() {
		in = append(in, sqlite.ValueInput{UnitCode: "W1", Metric: "dossiers_received", Month: m, Value: 10},
			sqlite.ValueInput{UnitCode: "W2", Metric: "dossiers_received", Month: m, Value: 1})
	}
	if err := db.PutValues(ctx, in, "form", actor); err != nil {
		t.Fatal(err)
	}
	check := func(step string, want float64) {
		t.Helper()
		for _, code := range []string{"C1", "P1", "R"} {
			rolls, fresh, err := db.SubtreeRollups(ctx, false, []string{"dossiers_received"}, sqlite.RollupRead{Units: []int64{ids[code]}, Span: span})
			if err != nil {
				t.Fatal(err)
			}
			if !fresh {
				t.Fatalf("%s: roll-ups stale after a write through the store", step)
			}
			got, _ := rolls[ids[code]].Totals(span, []string{"dossiers_received"})
			units, err := db.SubtreeUnits(ctx, ids[code])
			if err != nil {
				t.Fatal(err)
			}
			pts, err := db.PointsOf(ctx, ids[code], true, false, []string{"dossiers_received"}, span)
			if err != nil {
				t.Fatal(err)
			}
			engine := oversight.AggregateIn(pts, span, oversight.ExistenceOf(units))
			if got["dossiers_received"] != want || engine["dossiers_received"] != want {
				t.Errorf("%s: %s received over %s: roll-ups %v, engine %v, want %v", step, code, span, got["dossiers_received"], engine["dossiers_received"], want)
			}
			comp, err := db.Completeness(ctx, ids[code], false, span)
			if err != nil {
				t.Fatal(err)
			}
			exact, err := sqlite.CompletenessExact(db, ctx, ids[code], false, span)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(comp) != fmt.Sprint(exact) {
				t.Errorf("%s: %s completeness %v, counted from the units %v", step, code, comp, exact)
			}
		}
	}
	check("two wards", 33)
	endOn := func(d *time.Time) error {
		return db.ImportUnits(ctx, []oversight.UnitInput{{Line: 7, Code: "W1", Name: "Đơn vị W1", Kind: oversight.UnitWard, ParentCode: "C1", ValidTo: d}}, false, actor)
	}
	err := endOn(lastDay(2025, 1))
	var lines oversight.LineErrors
	if !errors.As(err, &lines) || len(lines) != 1 || lines[0].Line != 7 || oversight.ErrorCode(lines[0].Err) != oversight.EConflict ||
		!strings.Contains(text.Error(lines[0].Err, "vi"), "02/2025, 03/2025") {
		t.Fatalf("ending W1 on 31/01/2025 before its figures of 02 and 03/2025: %v, want a refusal of line 7 naming 02/2025, 03/2025", err)
	}
	check("an end before the figures refused", 33)
	if err := endOn(lastDay(2025, 3)); err != nil {
		t.Fatalf("ending W1 after its last figures: %v", err)
	}
	check("an end after the figures", 33)
	u, err := db.UnitByCode(ctx, "W1")
	if err != nil || u.ValidTo == nil || !u.ValidTo.Equal(*lastDay(2025, 3)) {
		t.Fatalf("W1 after the import: %+v, %v; want it to end on 31/03/2025", u, err)
	}
	// A unit stored before this check with an end before its figures (here
	// written with the sqlite3 shell): the file that repeats that end is
	// taken (its other lines must not be blocked); an earlier end is not.
	raw, err := sql.Open("sqlite3", "file:"+db.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE units SET valid_to = '2025-02-28' WHERE code = 'W1'`); err != nil {
		t.Fatal(err)
	}
	if err := endOn(lastDay(2025, 2)); err != nil {
		t.Errorf("re-importing W1's stored end: %v, want it taken", err)
	}
	if err := endOn(lastDay(2025, 1)); err == nil || !strings.Contains(text.Error(err, "vi"), "02/2025, 03/2025") {
		t.Errorf("an end before the stored one and the figures: %v, want a refusal naming 02/2025, 03/2025", err)
	}
}
