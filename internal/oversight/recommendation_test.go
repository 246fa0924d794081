package oversight

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func recDay(y, m, d int) *time.Time {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return &t
}

// TestRecLifecycleByRole takes every action from every status as every
// kind of user and checks which are allowed, which are refused and why.
func TestRecLifecycleByRole(t *testing.T) {
	const lead, other = 268, 999
	chain := []int64{lead, 1} // the lead unit, then its parent
	users := map[string]User{
		"admin":       {ID: 1, Role: RoleAdmin},
		"delegate":    {ID: 2, Role: RoleDelegate},
		"lead staff":  {ID: 3, Role: RoleStaff, UnitID: lead},
		"upper staff": {ID: 4, Role: RoleStaff, UnitID: 1},
		"other staff": {ID: 5, Role: RoleStaff, UnitID: other},
		"analyst":     {ID: 6, Role: RoleAnalyst},
	}
	today := time.Date(2020, 2, 1, 15, 0, 0, 0, time.UTC)
	withEvidence := []FollowUp{{Text: "done", Evidence: []Evidence{{SHA256: "x", Name: "a.pdf"}}}}
	for _, a := range RecActions {
		tr := recTransitions[a]
		for _, from := range RecStatuses {
			for name, u := range users {
				r := Recommendation{ID: 1, Status: from, FollowUps: withEvidence, Deadline: recDay(2020, 1, 1)}
				got, err := r.Apply(u, chain, a, "a reason", today)
				fromOK := false
				for _, f := range tr.from {
					fromOK = fromOK || f == from
				}
				var who bool
				switch {
				case u.Role == RoleAdmin:
					who = true
				case a == ActStart || a == ActReportDone:
					who = name == "lead staff" || name == "upper staff"
				default:
					who = u.Role == RoleDelegate
				}
				switch {
				case !who:
					if ErrorCode(err) != EForbidden {
						t.Errorf("%s %s from %s: err %v, want forbidden", name, a, from, err)
					}
				case !fromOK:
					if ErrorCode(err) != EConflict {
						t.Errorf("%s %s from %s: err %v, want conflict", name, a, from, err)
					}
				default:
					if err != nil {
						t.Errorf("%s %s from %s: refused: %v", name, a, from, err)
					} else if got.Status != tr.to {
						t.Errorf("%s %s from %s: status %s, want %s", name, a, from, got.Status, tr.to)
					}
				}
			}
		}
	}
}

func TestRecLifecycleRules(t *testing.T) {
	today := time.Date(2020, 2, 1, 15, 0, 0, 0, time.UTC)
	delegate := User{ID: 2, Role: RoleDelegate}
	staff := User{ID: 3, Role: RoleStaff, UnitID: 268}
	chain := []int64{268}
	t.Run("ReportDoneNeedsEvidence", func(t *testing.T) {
		r := Recommendation{Status: RecInProgress, FollowUps: []FollowUp{{Text: "no file"}}}
		_, err := r.Apply(staff, chain, ActReportDone, "", today)
		var e *Error
		if ErrorCode(err) != EInvalid || !asError(err, &e) || e.Field != "evidence" {
			t.Fatalf("report done without evidence: %v, want invalid evidence", err)
		}
	})
	t.Run("NotFeasibleNeedsReason", func(t *testing.T) {
		r := Recommendation{Status: RecInProgress}
		if _, err := r.Apply(delegate, chain, ActNotFeasible, "  ", today); ErrorCode(err) != EInvalid {
			t.Fatalf("not feasible without reason: %v", err)
		}
		got, err := r.Apply(delegate, chain, ActNotFeasible, "Trái quy định hiện hành", today)
		if err != nil || got.Status != RecNotFeasible || got.StatusNote != "Trái quy định hiện hành" {
			t.Fatalf("not feasible with reason: %+v %v", got, err)
		}
	})
	t.Run("VerifySetsTheDay", func(t *testing.T) {
		r := Recommendation{Status: RecReportedDone}
		got, err := r.Apply(delegate, chain, ActVerify, "", today)
		if err != nil || got.VerifiedOn == nil || got.VerifiedOn.Format(time.DateOnly) != "2020-02-01" {
			t.Fatalf("verify: %+v %v", got, err)
		}
		back, err := got.Apply(delegate, chain, ActReopen, "Kiểm tra lại thấy chưa đạt", today)
		if err != nil || back.VerifiedOn != nil || back.Status != RecInProgress {
			t.Fatalf("reopen: %+v %v", back, err)
		}
	})
}

func asError(err error, e **Error) bool {
	x, ok := err.(*Error)
	*e = x
	return ok
}

func TestRecOverdueAndDueSoon(t *testing.T) {
	today := time.Date(2020, 2, 1, 23, 59, 0, 0, time.UTC)
	cases := []struct {
		name             string
		deadline         *time.Time
		status           string
		overdue, dueSoon bool
	}{
		{"deadline yesterday, open", recDay(2020, 1, 31), RecInProgress, true, false},
		{"deadline today", recDay(2020, 2, 1), RecIssued, false, true},
		{"deadline in 30 days", recDay(2020, 3, 2), RecIssued, false, true},
		{"deadline in 31 days", recDay(2020, 3, 3), RecIssued, false, false},
		{"past but closed", recDay(2019, 12, 31), RecVerifiedClosed, false, false},
		{"past but not feasible", recDay(2019, 12, 31), RecNotFeasible, false, false},
		{"past, reported done but not verified", recDay(2019, 12, 31), RecReportedDone, true, false},
		{"past, multi-year", recDay(2019, 12, 31), RecMultiYear, true, false},
		{"no deadline", nil, RecIssued, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := Recommendation{Deadline: c.deadline, Status: c.status}
			if got := r.Overdue(today); got != c.overdue {
				t.Errorf("overdue = %v, want %v", got, c.overdue)
			}
			if got := r.DueSoon(today); got != c.dueSoon {
				t.Errorf("due soon = %v, want %v", got, c.dueSoon)
			}
		})
	}
}

func TestRecCompletionRate(t *testing.T) {
	today := time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)
	recs := []Recommendation{
		{SessionID: 1, LeadCode: "A", LeadName: "A", Deadline: recDay(2019, 12, 31), Status: RecVerifiedClosed},
		{SessionID: 1, LeadCode: "A", LeadName: "A", Deadline: recDay(2019, 12, 31), Status: RecReportedDone},
		{SessionID: 1, LeadCode: "B", LeadName: "B", Deadline: recDay(2020, 1, 15), Status: RecInProgress},
		{SessionID: 2, LeadCode: "B", LeadName: "B", Deadline: recDay(2019, 6, 30), Status: RecNotFeasible}, // left out
		{SessionID: 2, LeadCode: "B", LeadName: "B", Deadline: recDay(2020, 2, 20), Status: RecIssued},      // not yet due
	}
	tr := Track(recs, today, func(id int64) string { return "s" })
	a := tr.All
	if a.Total != 5 || a.Open != 3 || a.Overdue != 2 || a.DueSoon != 1 || a.Past != 3 || a.PastDone != 1 {
		t.Fatalf("all = %+v", a)
	}
	if rate, ok := a.CompletionRate(); !ok || rate < 33.33 || rate > 33.34 {
		t.Fatalf("completion rate = %v %v, want 33.3", rate, ok)
	}
	if len(tr.ByLead) != 2 || tr.ByLead[0].Key != "A" || tr.ByLead[0].PastDone != 1 || tr.ByLead[0].Past != 2 {
		t.Fatalf("by lead = %+v", tr.ByLead)
	}
	if r, ok := tr.ByLead[1].CompletionRate(); !ok || r != 0 {
		t.Fatalf("B's rate = %v %v, want 0 (one past, not done; the not-feasible one left out)", r, ok)
	}
	if len(tr.BySession) != 2 || tr.BySession[1].Total != 2 || tr.BySession[1].Past != 0 {
		t.Fatalf("by session = %+v", tr.BySession)
	}
	if _, ok := tr.BySession[1].CompletionRate(); ok {
		t.Fatal("a session with nothing past its deadline has no rate")
	}
}

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Hà Đông":                    "ha dong",
		"QUẬN HÀ ĐÔNG":               "quan ha dong",
		"Nguyễn  Trãi":               "nguyen trai",
		"Hoa\u0300 Bi\u0300nh":       "hoa binh", // decomposed marks
		"Tổ đại biểu số 10":          "to dai bieu so 10",
		"Phường Yết Kiêu, Dương Nội": "phuong yet kieu, duong noi",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	folded := Fold("Giám sát tại Quận Hà Đông")
	for q, want := range map[string]bool{"ha dong": true, "HÀ ĐÔNG": true, "dong ha": true, "ha noi": false, "": true} {
		if got := MatchesQuery(folded, q); got != want {
			t.Errorf("MatchesQuery(%q) = %v, want %v", q, got, want)
		}
	}
}

func TestCorrectionNeedsAReason(t *testing.T) {
	for _, r := range []string{"", "   ", "\n"} {
		if err := CheckCorrection(r); ErrorCode(err) != EInvalid || ErrorMessage(err, "vi") == "" {
			t.Errorf("reason %q accepted: %v", r, err)
		}
	}
	if err := CheckCorrection("Số liệu chính thức"); err != nil {
		t.Fatal(err)
	}
}

func TestWithdrawnRecommendationLeavesTheCountsAndTakesNoAction(t *testing.T) {
	today := time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)
	past := time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)
	r := Recommendation{ID: 1, Status: RecInProgress, Deadline: &past, LeadCode: "268"}
	w := r
	w.WithdrawnOn, w.WithdrawnReason = &today, "Gộp"
	if !r.Overdue(today) || w.Overdue(today) || w.Open() || w.PastDeadline(today) {
		t.Fatalf("withdrawn: overdue %v open %v past %v", w.Overdue(today), w.Open(), w.PastDeadline(today))
	}
	tr := Track([]Recommendation{r, w}, today, func(int64) string { return "" })
	if tr.All.Total != 1 || tr.All.Overdue != 1 {
		t.Fatalf("tracker counts a withdrawn recommendation: %+v", tr.All)
	}
	if _, err := w.Apply(User{Role: RoleAdmin}, nil, ActPartly, "x", today); ErrorCode(err) != EConflict {
		t.Fatalf("action on a withdrawn recommendation: %v", err)
	}
}

func TestEventDateBetweenSessionAndToday(t *testing.T) {
	session := time.Date(2019, 11, 13, 0, 0, 0, 0, time.UTC)
	today := time.Date(2020, 2, 1, 15, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		d    time.Time
		want string // a part of the Vietnamese message; "" for accepted
	}{
		{"the session's day", session, ""},
		{"today, whatever the hour", time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC), ""},
		{"a past day after the session", time.Date(2019, 12, 20, 0, 0, 0, 0, time.UTC), ""},
		{"before the session", time.Date(2019, 11, 12, 0, 0, 0, 0, time.UTC), "Ngày 12/11/2019 trước ngày giám sát (13/11/2019)."},
		{"tomorrow", time.Date(2020, 2, 2, 0, 0, 0, 0, time.UTC), "Ngày 02/02/2020 ở tương lai (hôm nay là 01/02/2020)."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckEventDate("date", c.d, session, today)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if ErrorCode(err) != EInvalid || ErrorMessage(err, "vi") != c.want || ErrorMessage(err, "en") == c.want {
				t.Fatalf("got %v (%s)", err, ErrorMessage(err, "en"))
			}
		})
	}
}

func TestDeadlineAsASittingOrOverSeveralYears(t *testing.T) {
	today := time.Date(2021, 2, 1, 0, 0, 0, 0, time.UTC)
	first, final := recDay(2020, 12, 31), recDay(2025, 12, 31)
	sitting := Recommendation{Status: RecInProgress, DeadlineText: "Kỳ họp thứ 12"}
	if sitting.Overdue(today) || sitting.PastDeadline(today) || sitting.Due() != nil {
		t.Fatal("a sitting without a date counts as overdue")
	}
	sitting.Deadline = recDay(2020, 12, 10)
	if !sitting.Overdue(today) {
		t.Fatal("a sitting with a past date is not overdue")
	}
	multi := Recommendation{Status: RecMultiYear, Deadline: first, DeadlineTo: final}
	if multi.Overdue(today) || multi.PastDeadline(today) || !multi.Due().Equal(*final) {
		t.Fatalf("a multi-year recommendation is overdue from its first date: due %v", multi.Due())
	}
	if !multi.Overdue(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatal("a multi-year recommendation past its final date is not overdue")
	}
	if err := (Recommendation{Deadline: final, DeadlineTo: first}).CheckDeadline(); ErrorCode(err) != EInvalid ||
		ErrorMessage(err, "vi") != "Hạn cuối 31/12/2020 trước thời hạn 31/12/2025." {
		t.Fatalf("final date before the deadline: %v", err)
	}
}

func TestFollowUpOnBehalfOfTheLeadBody(t *testing.T) {
	chain := []int64{9538, 268, 1}
	cases := []struct {
		name          string
		u             User
		asked         bool
		want, refused bool
	}{
		{"staff of the lead unit, for itself", User{Role: RoleStaff, UnitID: 9538}, false, false, false},
		{"staff above the lead unit", User{Role: RoleStaff, UnitID: 268}, false, false, false},
		{"staff elsewhere", User{Role: RoleStaff, UnitID: 9541}, true, false, true},
		{"delegate: always on the body's behalf", User{Role: RoleDelegate}, false, true, false},
		{"admin as itself", User{Role: RoleAdmin}, false, false, false},
		{"admin on the body's behalf", User{Role: RoleAdmin}, true, true, false},
		{"analyst", User{Role: RoleAnalyst}, true, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.u.FollowUpOnBehalf(chain, c.asked)
			if (err != nil) != c.refused || (err != nil && ErrorCode(err) != EForbidden) || got != c.want {
				t.Fatalf("on behalf %v, err %v", got, err)
			}
		})
	}
}

func TestVerifyOnAChosenDay(t *testing.T) {
	session := time.Date(2019, 11, 13, 0, 0, 0, 0, time.UTC)
	today := time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)
	r := Recommendation{Status: RecReportedDone}
	del := User{Role: RoleDelegate}
	on := time.Date(2020, 1, 20, 0, 0, 0, 0, time.UTC)
	got, err := r.ApplyOn(del, nil, ActVerify, "", on, session, today)
	if err != nil || got.Status != RecVerifiedClosed || !got.VerifiedOn.Equal(on) {
		t.Fatalf("verify on 20/01/2020: %+v %v", got, err)
	}
	if got, err := r.ApplyOn(del, nil, ActVerify, "", time.Date(2019, 11, 1, 0, 0, 0, 0, time.UTC), session, today); ErrorCode(err) != EInvalid || got.Status != RecReportedDone {
		t.Fatalf("verify before the session: %+v %v", got, err)
	}
	if _, err := r.ApplyOn(User{Role: RoleStaff, UnitID: 1}, []int64{1}, ActVerify, "", time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), session, today); ErrorCode(err) != EForbidden {
		t.Fatalf("staff verifies with a future date: %v, want forbidden first", err)
	}
}

func TestSearchTokensAndQuery(t *testing.T) {
	got := Tokens("Đẩy mạnh CHUYỂN ĐỔI SỐ: 100% hồ sơ, 100.565 lượt; 87,11 điểm (Tổ số 10).")
	want := "day manh chuyen doi so 100% ho so 100.565 luot 87,11 diem to so 10"
	if strings.Join(got, " ") != want {
		t.Fatalf("tokens: %q", strings.Join(got, " "))
	}
	q := ParseQuery(`khâu "chuyen doi so" thủ-tục "x" "doi`)
	if fmt.Sprint(q.Words) != "[khau thu tuc x doi]" || fmt.Sprint(q.Phrases) != "[[chuyen doi so]]" {
		t.Fatalf("query: %+v", q)
	}
	if !ParseQuery(` "" !? `).Empty() {
		t.Fatal("a query of punctuation is not empty")
	}
}
