package oversight

import (
	"strings"
	"testing"
	"time"
)

func deadlineOn(y, m, d int) *time.Time {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return &t
}

// Deadlines around today, by hand: today is 01/02/2020.
func TestRecDeadlinesByHand(t *testing.T) {
	today := time.Date(2020, 2, 1, 15, 30, 0, 0, time.UTC)
	cases := []struct {
		name                      string
		r                         Recommendation
		overdue, soon, past, open bool
	}{
		{"due yesterday", Recommendation{Status: RecInProgress, Deadline: deadlineOn(2020, 1, 31)}, true, false, true, true},
		{"due today", Recommendation{Status: RecIssued, Deadline: deadlineOn(2020, 2, 1)}, false, true, false, true},
		{"due in 30 days", Recommendation{Status: RecIssued, Deadline: deadlineOn(2020, 3, 2)}, false, true, false, true},
		{"due in 31 days", Recommendation{Status: RecIssued, Deadline: deadlineOn(2020, 3, 3)}, false, false, false, true},
		{"closed, past", Recommendation{Status: RecVerifiedClosed, Deadline: deadlineOn(2019, 12, 1)}, false, false, true, false},
		{"not feasible, past", Recommendation{Status: RecNotFeasible, Deadline: deadlineOn(2019, 12, 1)}, false, false, true, false},
		{"closed, due soon", Recommendation{Status: RecVerifiedClosed, Deadline: deadlineOn(2020, 2, 10)}, false, false, false, false},
		{"no deadline", Recommendation{Status: RecMultiYear}, false, false, false, true},
		{"reported done, past", Recommendation{Status: RecReportedDone, Deadline: deadlineOn(2019, 6, 30)}, true, false, true, true},
	}
	for _, tc := range cases {
		r := tc.r
		if r.Overdue(today) != tc.overdue || r.DueSoon(today) != tc.soon || r.PastDeadline(today) != tc.past || r.Open() != tc.open {
			t.Errorf("%s: overdue %v soon %v past %v open %v, want %v %v %v %v", tc.name,
				r.Overdue(today), r.DueSoon(today), r.PastDeadline(today), r.Open(), tc.overdue, tc.soon, tc.past, tc.open)
		}
	}
}

// The tracker's counts over a handful of recommendations, by hand.
func TestTrackByHand(t *testing.T) {
	today := time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)
	recs := []Recommendation{
		{SessionID: 2, LeadCode: "268", LeadName: "Quận Hà Đông", Status: RecInProgress, Deadline: deadlineOn(2020, 1, 1)},      // open, overdue, past
		{SessionID: 2, LeadCode: "268", LeadName: "Quận Hà Đông", Status: RecVerifiedClosed, Deadline: deadlineOn(2019, 12, 1)}, // past, done
		{SessionID: 1, LeadCode: "268", LeadName: "Quận Hà Đông", Status: RecNotFeasible, Deadline: deadlineOn(2019, 12, 1)},    // left out of past
		{SessionID: 1, LeadCode: "9538", LeadName: "Phường Nguyễn Trãi", Status: RecIssued, Deadline: deadlineOn(2020, 2, 20)},  // open, due soon
		{SessionID: 1, LeadCode: "9538", LeadName: "Phường Nguyễn Trãi", Status: RecIssued},                                     // open
	}
	tr := Track(recs, today, func(id int64) string { return "S" + string(rune('0'+id)) })
	all := tr.All
	if all.Total != 5 || all.Open != 3 || all.Overdue != 1 || all.DueSoon != 1 || all.Past != 2 || all.PastDone != 1 {
		t.Errorf("all: %+v", all)
	}
	if r, ok := all.CompletionRate(); !ok || r != 50 {
		t.Errorf("completion = %v %v, want 50 (1 of 2 past their deadline)", r, ok)
	}
	if len(tr.ByLead) != 2 || tr.ByLead[0].Key != "9538" || tr.ByLead[1].Key != "268" {
		t.Fatalf("by lead (sorted by name: Phường before Quận): %+v", tr.ByLead)
	}
	if l := tr.ByLead[1]; l.Total != 3 || l.Open != 1 || l.Overdue != 1 || l.Past != 2 || l.PastDone != 1 || l.Label != "Quận Hà Đông" {
		t.Errorf("268: %+v", l)
	}
	if l := tr.ByLead[0]; l.Total != 2 || l.Open != 2 || l.DueSoon != 1 || l.Past != 0 {
		t.Errorf("9538: %+v", l)
	}
	if _, ok := tr.ByLead[0].CompletionRate(); ok {
		t.Error("a completion rate with nothing past its deadline")
	}
	if len(tr.BySession) != 2 || tr.BySession[0].Key != "1" || tr.BySession[0].Total != 3 || tr.BySession[1].Total != 2 || tr.BySession[1].Label != "S2" {
		t.Errorf("by session: %+v", tr.BySession)
	}
}

func TestApplyByHand(t *testing.T) {
	today := time.Date(2020, 2, 1, 17, 45, 0, 0, time.FixedZone("ICT", 7*3600))
	admin := User{Role: RoleAdmin}
	delegate := User{Role: RoleDelegate}
	staff := User{Role: RoleStaff, UnitID: 9}
	other := User{Role: RoleStaff, UnitID: 4}
	chain := []int64{9, 1}
	evidence := []FollowUp{{Evidence: []Evidence{{}}}}

	r, err := Recommendation{Status: RecReportedDone}.Apply(delegate, chain, ActVerify, "", today)
	if err != nil || r.Status != RecVerifiedClosed || r.VerifiedOn == nil || r.VerifiedOn.Format(time.RFC3339) != "2020-02-01T00:00:00Z" {
		t.Errorf("verify: %+v %v", r, err)
	}
	r, err = r.Apply(admin, chain, ActReopen, "  thiếu hồ sơ  ", today)
	if err != nil || r.Status != RecInProgress || r.VerifiedOn != nil || r.StatusNote != "thiếu hồ sơ" {
		t.Errorf("reopen: %+v %v", r, err)
	}
	if _, err := r.Apply(admin, chain, ActNotFeasible, "   ", today); ErrorCode(err) != EInvalid {
		t.Errorf("not feasible with a blank reason: %v", err)
	}
	if _, err := (Recommendation{Status: RecInProgress}).Apply(staff, chain, ActReportDone, "", today); ErrorCode(err) != EInvalid {
		t.Errorf("report done without evidence: %v", err)
	}
	r, err = Recommendation{Status: RecInProgress, StatusNote: "cũ", FollowUps: evidence}.Apply(staff, chain, ActReportDone, "", today)
	if err != nil || r.Status != RecReportedDone || r.StatusNote != "cũ" {
		t.Errorf("report done: %+v %v", r, err)
	}
	if _, err := (Recommendation{Status: RecIssued}).Apply(other, chain, ActStart, "", today); ErrorCode(err) != EForbidden {
		t.Errorf("staff of another unit starts: %v", err)
	}
	if _, err := (Recommendation{Status: RecIssued}).Apply(staff, chain, ActMultiYear, "", today); ErrorCode(err) != EForbidden {
		t.Errorf("staff sets multi-year: %v", err)
	}
	if _, err := (Recommendation{Status: RecIssued}).Apply(delegate, chain, ActStart, "", today); ErrorCode(err) != EForbidden {
		t.Errorf("a delegate starts: %v", err)
	}
	if _, err := (Recommendation{Status: RecIssued}).Apply(admin, chain, ActVerify, "", today); ErrorCode(err) != EConflict {
		t.Errorf("verify an issued one: %v", err)
	}
	if _, err := (Recommendation{Status: RecIssued}).Apply(admin, chain, RecAction("close"), "", today); ErrorCode(err) != EInvalid {
		t.Errorf("an unknown action: %v", err)
	}
	if !staff.CanFollowUp(chain) || other.CanFollowUp(chain) || !admin.CanFollowUp(nil) || delegate.CanFollowUp(chain) {
		t.Error("CanFollowUp")
	}
	if (Recommendation{FollowUps: []FollowUp{{Text: "no file"}}}).HasEvidence() {
		t.Error("a follow-up without a file counts as evidence")
	}
	for _, a := range RecActions {
		if _, err := ParseRecAction(string(a)); err != nil {
			t.Errorf("ParseRecAction(%s): %v", a, err)
		}
		if RecActionName(a, "vi") == "" || RecActionName(a, "en") == "" || RecActionName(a, "vi") == RecActionName(a, "en") {
			t.Errorf("names of %s: %q %q", a, RecActionName(a, "vi"), RecActionName(a, "en"))
		}
	}
	if _, err := ParseRecAction("close"); ErrorCode(err) != EInvalid {
		t.Errorf("ParseRecAction(close): %v", err)
	}
}

func TestFoldAndSearchByHand(t *testing.T) {
	cases := map[string]string{
		"Hà Đông":                 "ha dong",
		"  Phường   Nguyễn Trãi ": "phuong nguyen trai",
		"QUẬN\tHÀ\nĐÔNG":          "quan ha dong",
		"Ha\u0300 Đông":           "ha dong", // a combining grave accent
		"":                        "",
		"Mộ Lao":                  "mo lao",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	folded := Session{Body: "Tổ đại biểu số 10", UnitName: "Quận Hà Đông", Date: time.Date(2019, 11, 13, 0, 0, 0, 0, time.UTC), Members: []string{"Nguyễn Văn A"}}.SearchText()
	for q, want := range map[string]bool{"ha dong": true, "HÀ ĐÔNG to dai bieu": true, "13/11/2019": true, "nguyen van a": true, "ha noi": false, "": true} {
		if MatchesQuery(folded, q) != want {
			t.Errorf("MatchesQuery(%q) = %v in %q", q, !want, folded)
		}
	}
}

func TestSessionValidateByHand(t *testing.T) {
	d := time.Date(2019, 11, 13, 0, 0, 0, 0, time.UTC)
	ok := Session{Body: "b", Topic: "t", UnitCode: "268", Date: d, Span: Span{From: 201901, To: 201910}}
	if errs := ok.Validate(); len(errs) != 0 {
		t.Errorf("a complete session: %v", errs)
	}
	same := ok
	same.DateTo = &d
	same.Span = Span{From: 201910, To: 201910}
	if errs := same.Validate(); len(errs) != 0 {
		t.Errorf("one day, one month: %v", errs)
	}
	bad := []struct {
		field string
		edit  func(*Session)
	}{
		{"body", func(s *Session) { s.Body = "  " }},
		{"topic", func(s *Session) { s.Topic = "" }},
		{"unit", func(s *Session) { s.UnitCode = "" }},
		{"date", func(s *Session) { s.Date = time.Time{} }},
		{"date_to", func(s *Session) { before := d.AddDate(0, 0, -1); s.DateTo = &before }},
		{"span", func(s *Session) { s.Span = Span{From: 201910, To: 201901} }},
		{"span", func(s *Session) { s.Span = Span{From: 0, To: 201901} }},
		{"span", func(s *Session) { s.Span = Span{From: 201901} }},
	}
	for _, b := range bad {
		s := ok
		b.edit(&s)
		errs := s.Validate()
		if len(errs) != 1 || errs[b.field] == nil || ErrorCode(errs[b.field]) != EInvalid {
			t.Errorf("%s: %v", b.field, errs)
		}
	}
	if errs := ValidateRec(Recommendation{Content: " ", LeadCode: ""}); len(errs) != 2 || errs["content"] == nil || errs["lead"] == nil {
		t.Errorf("empty recommendation: %v", errs)
	}
	if errs := ValidateRec(Recommendation{Content: "x", LeadCode: "268"}); len(errs) != 0 {
		t.Errorf("a complete recommendation: %v", errs)
	}
	if !strings.Contains(ErrorMessage(ValidateRec(Recommendation{LeadCode: "268"})["content"], "en"), "content") {
		t.Error("the content error does not say so")
	}
}
