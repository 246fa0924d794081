package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
)

// TestSessionsSearchFillsOldRows: rows written before migration 00003 have
// no search text; the first search computes it in Go and finds them.
func TestSessionsSearchFillsOldRows(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	defer db.Close()
	if err := seed.Reference(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := db.ExecForTest(ctx, `UPDATE supervision_sessions SET search_text = ''`); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"ha dong": 1, "QUẬN HÀ ĐÔNG": 1, "to dai bieu 10": 1, "phuong moi": 0, "": 1, "100%": 0} {
		ss, err := db.SearchSessions(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(ss) != want {
			t.Errorf("search %q: %d sessions, want %d", q, len(ss), want)
		}
	}
}

// TestSessionsStatusSaveIsAllOrNothing: a status saved over a stale read
// is refused, and the status stays what the other writer left.
func TestSessionsStatusSaveIsAllOrNothing(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	defer db.Close()
	if err := seed.Reference(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, db); err != nil {
		t.Fatal(err)
	}
	r, err := db.Recommendation(ctx, 2) // reported done in the demo
	if err != nil {
		t.Fatal(err)
	}
	closed := r
	closed.Status = oversight.RecVerifiedClosed
	if err := db.SaveRecStatus(ctx, closed, oversight.RecReportedDone, oversight.ActVerify, sqlite.Actor{Name: "a"}); err != nil {
		t.Fatal(err)
	}
	back := r
	back.Status, back.StatusNote = oversight.RecInProgress, "stale"
	err = db.SaveRecStatus(ctx, back, oversight.RecReportedDone, oversight.ActSendBack, sqlite.Actor{Name: "b"})
	if oversight.ErrorCode(err) != oversight.EConflict {
		t.Fatalf("stale save: %v, want conflict", err)
	}
	if got, _ := db.Recommendation(ctx, 2); got.Status != oversight.RecVerifiedClosed {
		t.Fatalf("status after the refused save: %s", got.Status)
	}
	if _, err := db.AddRecommendation(ctx, 1, oversight.Recommendation{Content: "x", LeadCode: "268", CoUnits: []string{"NOPE"}}, sqlite.Actor{}); oversight.ErrorCode(err) != oversight.EInvalid {
		t.Fatalf("unknown co-unit: %v", err)
	}
	s, _ := db.Session(ctx, 1)
	if len(s.Recommendations) != 5 {
		t.Fatalf("a refused recommendation left %d recommendations, want 5", len(s.Recommendations))
	}
}
