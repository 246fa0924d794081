package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

// An internal error says which store call failed (issue 16), and a domain
// error, whose text a user reads, comes back as it was made.
func TestStoreErrorsSayWhatWasBeingDone(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := mustOpen(t, filepath.Join(dir, "cchc.db"))

	_, err := db.UserByID(ctx, 4242)
	if oversight.ErrorCode(err) != oversight.ENotFound || text.Error(err, "en") != "User not found." || err.Error() == "" || strings.Contains(err.Error(), "load user") {
		t.Errorf("a missing user: %v (code %s), want the domain's not-found error unwrapped", err, oversight.ErrorCode(err))
	}

	db.Close()
	jan := oversight.Span{From: 202001, To: 202001}
	for name, call := range map[string]func() error{
		"load the figures of unit 7":          func() error { _, err := db.PointsOf(ctx, 7, true, false, nil, jan); return err },
		"load the stored figures of unit 7, ": func() error { _, err := db.Values(ctx, 7, nil, jan); return err },
		"count the stored figures":            func() error { _, err := db.CountValues(ctx); return err },
		"count the units reporting under unit 7": func() error {
			_, err := db.Completeness(ctx, 7, false, jan)
			return err
		},
		"count the approved months of unit 7": func() error { _, err := db.Approval(ctx, 7, false, jan); return err },
		"read the last 5 audit entries":       func() error { _, err := db.AuditLog(ctx, 5); return err },
		"list the users":                      func() error { _, err := db.Users(ctx); return err },
		"load user 3":                         func() error { _, err := db.UserByID(ctx, 3); return err },
		"list the units of a report from 01": func() error {
			_, err := db.ReportUnits(ctx, oversight.Unit{ID: 1, Code: "01"}, true)
			return err
		},
		"build a report of 1 units": func() error {
			_, err := db.Report(ctx, []oversight.Unit{{ID: 1, Code: "01"}}, oversight.Catalogue[:1], []oversight.Bucket{{Span: jan}})
			return err
		},
		"store 1 figures (test)": func() error {
			return db.PutValues(ctx, []sqlite.ValueInput{{UnitCode: "01", Metric: "inspections", Month: 202001, Value: 1}}, "test", sqlite.Actor{})
		},
	} {
		err := call()
		if err == nil || !strings.HasPrefix(err.Error(), name) {
			t.Errorf("on a closed database: %v, want it to start with %q", err, name)
		}
	}
	if err := sqlite.Backup(ctx, filepath.Join(dir, "missing.db"), filepath.Join(dir, "out.db")); err == nil || !strings.HasPrefix(err.Error(), "back up "+filepath.Join(dir, "missing.db")+" to ") {
		t.Errorf("a backup of a missing file: %v", err)
	}
}
