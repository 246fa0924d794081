package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
)

// TestSessionsSearchFillsOldRows: sessions written before migration 00009
// have no words in the index; the first search indexes them and finds
// them. Words are whole and literal: "10%" is not a pattern, "h" is not
// a prefix.
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
	if err := db.ExecForTest(ctx, `DELETE FROM session_words`); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]int{"ha dong": 1, "QUẬN HÀ ĐÔNG": 1, "to dai bieu 10": 1, "phuong xyz": 0, "": 1, "100%": 1, "10%": 0, "ha": 1, "h": 0} {
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

func demoDB(t *testing.T) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	t.Cleanup(func() { db.Close() })
	if err := seed.Reference(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, db); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestSessionsCorrectionsNeedAReasonAndKeepHistory: an edit or withdrawal
// without a reason writes nothing; with one, the change, its history row
// and its audit row are written together; a withdrawn item stays on the
// session and refuses further corrections.
func TestSessionsCorrectionsNeedAReasonAndKeepHistory(t *testing.T) {
	ctx := context.Background()
	db := demoDB(t)
	a := sqlite.Actor{Name: "daibieu"}
	on := time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)
	s, err := db.Session(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	f := s.Figures[0]
	before := f.Value
	f.Value, f.Source = before+1, "Biên bản"
	t.Run("ErrReasonRequired", func(t *testing.T) {
		if err := db.UpdateFigure(ctx, 1, f, " ", a); oversight.ErrorCode(err) != oversight.EInvalid {
			t.Fatalf("edit without a reason: %v", err)
		}
		if err := db.WithdrawRecommendation(ctx, s.Recommendations[0].ID, "", on, a); oversight.ErrorCode(err) != oversight.EInvalid {
			t.Fatalf("withdraw without a reason: %v", err)
		}
		again, _ := db.Session(ctx, 1)
		if again.Figures[0].Value != before || again.Recommendations[0].Withdrawn() || len(again.Corrections) != 0 {
			t.Fatal("a refused correction wrote something")
		}
	})
	t.Run("ErrFigureOfAnotherSession", func(t *testing.T) {
		if err := db.WithdrawFigure(ctx, 999, f.ID, "x", on, a); oversight.ErrorCode(err) != oversight.ENotFound {
			t.Fatalf("figure under another session: %v", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		if err := db.UpdateFigure(ctx, 1, f, "Số liệu chính thức", a); err != nil {
			t.Fatal(err)
		}
		if err := db.WithdrawFigure(ctx, 1, f.ID, "Trùng", on, a); err != nil {
			t.Fatal(err)
		}
		r := s.Recommendations[0]
		r.Content = "Nội dung đã sửa"
		if err := db.UpdateRecommendation(ctx, r, "Theo kết luận", a); err != nil {
			t.Fatal(err)
		}
		if err := db.WithdrawRecommendation(ctx, r.ID, "Gộp", on, a); err != nil {
			t.Fatal(err)
		}
		got, err := db.Session(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		g := got.Figures[0]
		if g.Value != before+1 || g.Source != "Biên bản" || !g.Withdrawn() || g.WithdrawnReason != "Trùng" {
			t.Fatalf("figure after corrections: %+v", g)
		}
		if rr := got.Recommendations[0]; rr.Content != "Nội dung đã sửa" || !rr.Withdrawn() || rr.WithdrawnReason != "Gộp" {
			t.Fatalf("recommendation after corrections: %+v", rr)
		}
		var actions []string
		for _, c := range got.Corrections {
			actions = append(actions, c.Kind+"."+c.Action+":"+c.Reason)
		}
		want := "figure.edit:Số liệu chính thức figure.withdraw:Trùng recommendation.edit:Theo kết luận recommendation.withdraw:Gộp"
		if strings.Join(actions, " ") != want {
			t.Fatalf("history: %v", actions)
		}
		all, _ := db.AllRecommendations(ctx)
		for _, x := range all {
			if x.ID == r.ID {
				t.Fatal("the tracker's list keeps a withdrawn recommendation")
			}
		}
		if err := db.UpdateFigure(ctx, 1, f, "x", a); oversight.ErrorCode(err) != oversight.EConflict {
			t.Fatalf("edit of a withdrawn figure: %v", err)
		}
		if err := db.WithdrawRecommendation(ctx, r.ID, "x", on, a); oversight.ErrorCode(err) != oversight.EConflict {
			t.Fatalf("second withdrawal: %v", err)
		}
		log, _ := db.AuditLog(ctx, 10)
		n := 0
		for _, e := range log {
			if e.Action == "session.figure.edit" || e.Action == "session.figure.withdraw" || e.Action == "rec.edit" || e.Action == "rec.withdraw" {
				n++
			}
		}
		if n != 4 {
			t.Fatalf("audit rows for the corrections: %d, want 4", n)
		}
	})
}

// TestSessionsSearchIndexFollowsEveryWrite: the word index is rewritten
// in the transaction of each write to a session's text, so a corrected
// recommendation is found by its new words only, and a follow-up by its
// words as soon as it is recorded.
func TestSessionsSearchIndexFollowsEveryWrite(t *testing.T) {
	ctx := context.Background()
	db := demoDB(t)
	a := sqlite.Actor{Name: "daibieu"}
	found := func(q string) bool {
		t.Helper()
		ss, err := db.SearchSessions(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return len(ss) == 1 && ss[0].ID == 1
	}
	s, err := db.Session(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	r := s.Recommendations[2]
	if !found(`"thu tuc hanh chinh bi cham"`) || found("ket noi lien thong") {
		t.Fatal("the demo recommendation is not indexed as seeded")
	}
	r.Content = "Kết nối liên thông dữ liệu hộ tịch"
	if err := db.UpdateRecommendation(ctx, r, "Sửa theo kết luận", a); err != nil {
		t.Fatal(err)
	}
	if !found(`"ket noi lien thong"`) || found(`"thu tuc hanh chinh bi cham"`) {
		t.Fatal("after the correction the index holds the old words or lacks the new ones")
	}
	if _, err := db.AddFollowUp(ctx, r.ID, oversight.FollowUp{Date: time.Date(2020, 1, 5, 0, 0, 0, 0, time.UTC), Text: "Đã vận hành phần mềm một cửa điện tử"}, a); err != nil {
		t.Fatal(err)
	}
	if !found("phan mem mot cua dien tu") {
		t.Fatal("a new follow-up is not found")
	}
}
