package sqlite_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/testenv"
)

// mustOpen is testenv.Open (docs/TESTING.md: one helper for a database).
func mustOpen(t *testing.T, path string) *sqlite.DB { t.Helper(); return testenv.Open(t, path) }

func TestMigrateEmptyThenAgain(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "cchc.db")
	db := mustOpen(t, path)
	v1, err := db.SchemaVersion(ctx)
	if err != nil || v1 < 1 {
		t.Fatalf("schema version %d (%v) after migrating an empty file", v1, err)
	}
	if err := db.ImportUnits(ctx, []oversight.UnitInput{{Line: 2, Code: "01", Name: "Hà Nội", Kind: "city"}}, true, sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = mustOpen(t, path) // re-running the migrations on a migrated file changes nothing
	defer db.Close()
	v2, _ := db.SchemaVersion(ctx)
	codes, _ := db.UnitCodes(ctx)
	if v2 != v1 || !codes["01"] {
		t.Errorf("reopen: version %d -> %d, units %v", v1, v2, codes)
	}
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	defer db.Close()
	if err := db.Audit(ctx, sqlite.Actor{Name: "x"}, "test", "t", "d"); err != nil {
		t.Fatal(err)
	}
	err := db.ExecForTest(ctx, `UPDATE audit_log SET action = 'changed'`)
	if err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("update of the audit log: %v", err)
	}
	err = db.ExecForTest(ctx, `DELETE FROM audit_log`)
	if err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("delete from the audit log: %v", err)
	}
	log, _ := db.AuditLog(ctx, 10)
	if len(log) != 1 || log[0].Action != "test" {
		t.Errorf("audit log = %+v", log)
	}
}

func TestImportUnitsRefusesACycle(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	defer db.Close()
	in := []oversight.UnitInput{{Line: 2, Code: "A", Name: "A", Kind: "x"}, {Line: 3, Code: "B", Name: "B", Kind: "x", ParentCode: "A"}}
	if err := db.ImportUnits(ctx, in, false, sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	cycle := []oversight.UnitInput{{Line: 2, Code: "A", Name: "A", Kind: "x", ParentCode: "B"}}
	err := db.ImportUnits(ctx, cycle, false, sqlite.Actor{})
	if oversight.ErrorCode(err) != oversight.EInvalid {
		t.Fatalf("cycle: %v", err)
	}
	a, _ := db.UnitByCode(ctx, "A")
	if a.ParentID != 0 {
		t.Error("the refused import changed the tree")
	}
}

func TestWebSessionsExpire(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	defer db.Close()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	st := db.WebSessions()
	if err := st.Commit("tok", []byte("data"), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if b, ok, err := st.Find("tok"); !ok || err != nil || string(b) != "data" {
		t.Errorf("Find = %q %v %v", b, ok, err)
	}
	now = now.Add(2 * time.Hour)
	if _, ok, _ := st.Find("tok"); ok {
		t.Error("an expired session was found")
	}
	if err := st.DeleteExpired(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The store takes the request's context: a cancelled request does not
	// reach the database.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := st.CommitCtx(ctx, "tok2", []byte("x"), now.Add(time.Hour)); !errors.Is(err, context.Canceled) {
		t.Errorf("CommitCtx with a cancelled context = %v, want context.Canceled", err)
	}
	if _, _, err := st.FindCtx(ctx, "tok"); !errors.Is(err, context.Canceled) {
		t.Errorf("FindCtx with a cancelled context = %v, want context.Canceled", err)
	}
}

func TestPutValuesIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	defer db.Close()
	db.ImportUnits(ctx, []oversight.UnitInput{{Line: 2, Code: "W", Name: "W", Kind: "ward"}}, false, sqlite.Actor{})
	err := db.PutValues(ctx, []sqlite.ValueInput{
		{UnitCode: "W", Metric: "inspections", Month: 201901, Value: 3},
		{UnitCode: "W", Metric: "inspections", Month: 201902, Value: -1},
	}, "api", sqlite.Actor{})
	if oversight.ErrorCode(err) != oversight.EInvalid {
		t.Fatalf("negative count: %v", err)
	}
	if n, _ := db.CountValues(ctx); n != 0 {
		t.Errorf("%d values written by a refused batch", n)
	}
	for _, bad := range []sqlite.ValueInput{{UnitCode: "NOPE", Metric: "inspections", Month: 201901, Value: 1}, {UnitCode: "W", Metric: "nope", Month: 201901, Value: 1}} {
		if err := db.PutValues(ctx, []sqlite.ValueInput{bad}, "api", sqlite.Actor{}); oversight.ErrorCode(err) != oversight.EInvalid {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}
