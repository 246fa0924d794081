package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

// roundTripStore is a small store: a district with two wards and a few
// figures, written through the store's own doors.
func roundTripStore(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db := mustOpen(t, path)
	units := []oversight.UnitInput{
		{Line: 2, Code: "268", Name: "Quận Hà Đông", Kind: "district"},
		{Line: 3, Code: "09538", Name: "Phường Nguyễn Trãi", Kind: "ward", ParentCode: "268"},
		{Line: 4, Code: "09541", Name: "Phường Mộ Lao", Kind: "ward", ParentCode: "268"},
	}
	if err := db.ImportUnits(ctx, units, true, sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutValues(ctx, []sqlite.ValueInput{
		{UnitCode: "09538", Metric: "dossiers_received", Month: oversight.NewMonth(2019, 1), Value: 120},
		{UnitCode: "09538", Metric: "dossiers_received", Month: oversight.NewMonth(2019, 2), Value: 95},
		{UnitCode: "09541", Metric: "dossiers_received", Month: oversight.NewMonth(2019, 1), Value: 40},
	}, "form", sqlite.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	return db
}

// figuresOf lists a unit subtree's figures as "unit metric month value"
// lines, sorted, for comparing two states of a store.
func figuresOf(t *testing.T, db *sqlite.DB, code string) []string {
	t.Helper()
	ctx := context.Background()
	u, err := db.UnitByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	pts, err := db.Points(ctx, u.ID, true, nil, oversight.Span{From: oversight.NewMonth(2000, 1), To: oversight.NewMonth(2019, 12)})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range pts {
		out = append(out, strings.Join([]string{text.Number("en", float64(p.Unit), 0), p.Metric, p.Month.String(), text.Number("en", p.Value, 3)}, " "))
	}
	sort.Strings(out)
	return out
}

func TestRenameUnitKeepsItsFiguresAndIsAudited(t *testing.T) {
	ctx := context.Background()
	db := roundTripStore(t, filepath.Join(t.TempDir(), "cchc.db"))
	defer db.Close()
	before := figuresOf(t, db, "268")
	ward, _ := db.UnitByCode(ctx, "09538@2024-12-31")
	if err := db.RenameUnit(ctx, ward.ID, "Phường Nguyễn Trãi (mới)", sqlite.Actor{Name: "admin"}); err != nil {
		t.Fatal(err)
	}
	got, err := db.UnitByCode(ctx, "09538@2024-12-31")
	if err != nil || got.Name != "Phường Nguyễn Trãi (mới)" || got.ID != ward.ID || got.Code != "09538" || got.ParentID != ward.ParentID {
		t.Errorf("after the rename: %+v %v (before %+v)", got, err, ward)
	}
	if after := figuresOf(t, db, "268"); strings.Join(after, "|") != strings.Join(before, "|") || len(after) != 3 {
		t.Errorf("figures changed with the name: %q -> %q", before, after)
	}
	kids, _ := db.Children(ctx, ward.ParentID)
	names := map[string]string{}
	for _, k := range kids {
		names[k.Code] = k.Name
	}
	if names["09538"] != "Phường Nguyễn Trãi (mới)" || names["09541"] != "Phường Mộ Lao" {
		t.Errorf("children after the rename: %v", names)
	}
	log, err := db.AuditLog(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, a := range log {
		found = found || a.Action == "unit.rename" && a.Detail == "Phường Nguyễn Trãi (mới)" && a.UserName == "admin"
	}
	if !found {
		t.Errorf("no audit row for the rename: %+v", log)
	}
	if err := db.RenameUnit(ctx, 999999, "x", sqlite.Actor{}); oversight.ErrorCode(err) != oversight.ENotFound {
		t.Errorf("renaming a unit that does not exist: %v", err)
	}
}

// A backup holds the store as it was; writes after it are not in it; a
// restore brings that state back and keeps the replaced file aside, whole.
func TestBackupRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "cchc.db")
	db := roundTripStore(t, path)
	atBackup := figuresOf(t, db, "268")
	backup := filepath.Join(dir, "backup.db")
	if err := sqlite.Backup(ctx, path, backup); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.Backup(ctx, path, backup); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a second backup over the first: %v", err)
	}
	// After the backup: a new figure, a changed one, a renamed unit.
	if err := db.PutValues(ctx, []sqlite.ValueInput{
		{UnitCode: "09541", Metric: "dossiers_received", Month: oversight.NewMonth(2019, 2), Value: 77},
		{UnitCode: "09538", Metric: "dossiers_received", Month: oversight.NewMonth(2019, 1), Value: 121},
	}, "form", sqlite.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	ward, _ := db.UnitByCode(ctx, "09541")
	if err := db.RenameUnit(ctx, ward.ID, "Phường Mộ Lao (sau sao lưu)", sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	afterBackup := figuresOf(t, db, "268")
	if strings.Join(afterBackup, "|") == strings.Join(atBackup, "|") {
		t.Fatal("the writes after the backup changed nothing")
	}
	db.Close()

	kept, err := sqlite.Restore(ctx, backup, path)
	if err != nil {
		t.Fatal(err)
	}
	if kept == "" || !strings.HasPrefix(kept, path+".before-restore-") {
		t.Errorf("the replaced database was kept as %q", kept)
	}
	restored := mustOpen(t, path)
	defer restored.Close()
	if got := figuresOf(t, restored, "268"); strings.Join(got, "|") != strings.Join(atBackup, "|") {
		t.Errorf("restored figures %q, want those at the backup %q", got, atBackup)
	}
	if u, _ := restored.UnitByCode(ctx, "09541"); u.Name != "Phường Mộ Lao" {
		t.Errorf("restored name %q, want the name at the backup", u.Name)
	}
	// What was replaced is complete on its own (its WAL was folded in).
	if err := sqlite.CheckFile(ctx, kept); err != nil {
		t.Fatal(err)
	}
	old := mustOpen(t, kept)
	defer old.Close()
	if got := figuresOf(t, old, "268"); strings.Join(got, "|") != strings.Join(afterBackup, "|") {
		t.Errorf("the kept file holds %q, want the state before the restore %q", got, afterBackup)
	}
	if u, _ := old.UnitByCode(ctx, "09541"); u.Name != "Phường Mộ Lao (sau sao lưu)" {
		t.Errorf("kept name %q", u.Name)
	}
}

func TestRestoreRefusesAFileThatIsNotADatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "cchc.db")
	db := roundTripStore(t, path)
	want := figuresOf(t, db, "268")
	db.Close()
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte("not a database at all, just text"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.Restore(ctx, junk, path); err == nil {
		t.Fatal("restored from a text file")
	}
	db = mustOpen(t, path)
	defer db.Close()
	if got := figuresOf(t, db, "268"); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("a refused restore changed the database: %q", got)
	}
}

// A bulk load that is rolled back leaves the database as it was: no unit,
// no figure, the index it dropped back in place, and a new load possible.
func TestBulkLoadRollbackLeavesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cchc.db")
	db := mustOpen(t, path)
	defer db.Close()
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var metricID int64
	if err := raw.QueryRow(`SELECT id FROM metrics WHERE code = 'dossiers_received'`).Scan(&metricID); err != nil {
		t.Fatal(err)
	}
	count := func() (units, values, index int) {
		t.Helper()
		err := raw.QueryRow(`SELECT (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM metric_values),
 (SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'metric_values_unit')`).Scan(&units, &values, &index)
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	if u, v, i := count(); u != 0 || v != 0 || i != 1 {
		t.Fatalf("a new database: %d units, %d values, index %d", u, v, i)
	}
	load := func() *sqlite.BulkLoad {
		t.Helper()
		b, err := db.BeginBulk(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Units([]sqlite.BulkUnit{{ID: 1, Code: "01", Name: "Hà Nội", Kind: "city"}, {ID: 2, Code: "268", Name: "Quận Hà Đông", Kind: "district", ParentID: 1}}); err != nil {
			t.Fatal(err)
		}
		var vs []sqlite.BulkValue
		for p := 1; p <= 12; p++ {
			vs = append(vs, sqlite.BulkValue{MetricID: metricID, Period: 201900 + p, UnitID: 2, Value: float64(p)})
		}
		if err := b.Values(vs); err != nil {
			t.Fatal(err)
		}
		return b
	}
	if err := load().Rollback(); err != nil {
		t.Fatal(err)
	}
	if u, v, i := count(); u != 0 || v != 0 || i != 1 {
		t.Errorf("after a rollback: %d units, %d values, index present %d; want 0, 0, 1", u, v, i)
	}
	// The store still works as usual and a second load can run and commit.
	b := load()
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	if u, v, i := count(); u != 2 || v != 12 || i != 1 {
		t.Errorf("after a committed load: %d units, %d values, index %d; want 2, 12, 1", u, v, i)
	}
	if _, err := db.BeginBulk(ctx); oversight.ErrorCode(err) != oversight.EInvalid {
		t.Errorf("a bulk load into a database with units: %v", err)
	}
}
