package oversight

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// RecAction is a step a user takes on a recommendation.
type RecAction string

// Recommendation actions. Staff of the lead unit start work and report it
// done; delegates and administrators verify, send back, and set the side
// states (partly done, not feasible, multi-year).
const (
	ActStart       RecAction = "start"        // issued -> in progress
	ActReportDone  RecAction = "report_done"  // -> reported done (needs evidence)
	ActVerify      RecAction = "verify"       // reported done -> verified closed
	ActSendBack    RecAction = "send_back"    // reported done -> in progress (needs a reason)
	ActPartly      RecAction = "partly"       // -> partly done
	ActNotFeasible RecAction = "not_feasible" // -> not feasible (needs a reason)
	ActMultiYear   RecAction = "multi_year"   // -> multi-year
	ActReopen      RecAction = "reopen"       // not feasible / verified closed -> in progress (needs a reason)
)

// RecActions lists every action in the order the page offers them.
var RecActions = []RecAction{ActStart, ActReportDone, ActVerify, ActSendBack, ActPartly, ActNotFeasible, ActMultiYear, ActReopen}

// recTransitions says from which statuses each action may be taken and
// where it leads.
var recTransitions = map[RecAction]struct {
	from []string
	to   string
}{
	ActStart:       {[]string{RecIssued}, RecInProgress},
	ActReportDone:  {[]string{RecIssued, RecInProgress, RecPartlyDone, RecMultiYear}, RecReportedDone},
	ActVerify:      {[]string{RecReportedDone}, RecVerifiedClosed},
	ActSendBack:    {[]string{RecReportedDone}, RecInProgress},
	ActPartly:      {[]string{RecInProgress, RecReportedDone, RecMultiYear}, RecPartlyDone},
	ActNotFeasible: {[]string{RecIssued, RecInProgress, RecReportedDone, RecPartlyDone, RecMultiYear}, RecNotFeasible},
	ActMultiYear:   {[]string{RecIssued, RecInProgress, RecPartlyDone}, RecMultiYear},
	ActReopen:      {[]string{RecNotFeasible, RecVerifiedClosed}, RecInProgress},
}

// unitActions are the actions of the lead unit's staff; the rest belong
// to the council (delegates) and administrators.
func unitAction(a RecAction) bool { return a == ActStart || a == ActReportDone }

// needsReason lists the actions refused without a written reason.
func needsReason(a RecAction) bool {
	return a == ActNotFeasible || a == ActSendBack || a == ActReopen
}

// ParseRecAction checks an action name.
func ParseRecAction(s string) (RecAction, error) {
	for _, a := range RecActions {
		if string(a) == s {
			return a, nil
		}
	}
	return "", Bilingual(EInvalid, fmt.Sprintf("Thao tác %q không tồn tại.", s), fmt.Sprintf("Action %q does not exist.", s))
}

// RecActionName returns the readable name of an action in lang.
func RecActionName(a RecAction, lang string) string {
	vi := map[RecAction]string{ActStart: "Bắt đầu thực hiện", ActReportDone: "Báo cáo đã hoàn thành", ActVerify: "Xác minh và kết thúc",
		ActSendBack: "Trả lại, chưa đạt", ActPartly: "Hoàn thành một phần", ActNotFeasible: "Không khả thi", ActMultiYear: "Thực hiện nhiều năm", ActReopen: "Mở lại"}
	en := map[RecAction]string{ActStart: "Start work", ActReportDone: "Report done", ActVerify: "Verify and close",
		ActSendBack: "Send back", ActPartly: "Partly done", ActNotFeasible: "Not feasible", ActMultiYear: "Multi-year", ActReopen: "Reopen"}
	if lang == "en" {
		return en[a]
	}
	return vi[a]
}

// CanFollowUp reports whether u may post follow-ups on a recommendation
// whose lead unit has the chain of ancestors leadChain (the lead unit
// first): staff of the lead unit or of a unit above it, and administrators.
func (u User) CanFollowUp(leadChain []int64) bool {
	return u.Role == RoleAdmin || (u.Role == RoleStaff && u.CanWriteValues(leadChain))
}

// CanAct reports whether u may take action a on a recommendation whose
// lead unit has the chain leadChain, whatever its status.
func (u User) CanAct(a RecAction, leadChain []int64) bool {
	if u.Role == RoleAdmin {
		return true
	}
	if unitAction(a) {
		return u.Role == RoleStaff && u.CanWriteValues(leadChain)
	}
	return u.Role == RoleDelegate
}

// Apply takes action a on r for user u on day today. It checks who may do
// it, from which status, and that a reason is given where one is needed,
// and returns the recommendation as it is afterwards.
func (r Recommendation) Apply(u User, leadChain []int64, a RecAction, reason string, today time.Time) (Recommendation, error) {
	t, ok := recTransitions[a]
	if !ok {
		return r, Bilingual(EInvalid, fmt.Sprintf("Thao tác %q không tồn tại.", a), fmt.Sprintf("Action %q does not exist.", a))
	}
	if r.Withdrawn() {
		return r, Bilingual(EConflict, "Kiến nghị đã được rút lại.", "The recommendation has been withdrawn.")
	}
	if !u.CanAct(a, leadChain) {
		if unitAction(a) {
			return r, Bilingual(EForbidden, "Chỉ cán bộ của đơn vị chủ trì (hoặc quản trị) được thực hiện thao tác này.",
				"Only staff of the lead unit (or an administrator) may do this.")
		}
		return r, Bilingual(EForbidden, "Chỉ đại biểu HĐND và quản trị được xác minh, kết thúc hoặc đổi trạng thái này.",
			"Only council delegates and administrators may verify, close or set this status.")
	}
	allowed := false
	for _, f := range t.from {
		allowed = allowed || f == r.Status
	}
	if !allowed {
		return r, Bilingual(EConflict,
			fmt.Sprintf("Không thể %q khi kiến nghị đang ở trạng thái %q.", RecActionName(a, "vi"), RecStatusName(r.Status, "vi")),
			fmt.Sprintf("Cannot %q while the recommendation is %q.", RecActionName(a, "en"), RecStatusName(r.Status, "en")))
	}
	reason = strings.TrimSpace(reason)
	if needsReason(a) && reason == "" {
		return r, &Error{Code: EInvalid, Field: "reason", Message: "Cần nêu lý do.", MessageEN: "A reason is required."}
	}
	if a == ActReportDone && !r.HasEvidence() {
		return r, &Error{Code: EInvalid, Field: "evidence",
			Message:   "Cần ít nhất một báo cáo tiến độ có tệp minh chứng trước khi báo cáo hoàn thành.",
			MessageEN: "At least one follow-up with an evidence file is needed before reporting done."}
	}
	r.Status = t.to
	if reason != "" {
		r.StatusNote = reason
	}
	switch t.to {
	case RecVerifiedClosed:
		d := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
		r.VerifiedOn = &d
	default:
		r.VerifiedOn = nil
	}
	return r, nil
}

// HasEvidence reports whether a follow-up of r carries an evidence file.
func (r Recommendation) HasEvidence() bool {
	for _, f := range r.FollowUps {
		if len(f.Evidence) > 0 {
			return true
		}
	}
	return false
}

// Open reports whether the recommendation still needs work: neither
// verified closed nor set aside as not feasible.
func (r Recommendation) Open() bool {
	return r.Status != RecVerifiedClosed && r.Status != RecNotFeasible && !r.Withdrawn()
}

// DueSoonDays is how far ahead the tracker looks for deadlines.
const DueSoonDays = 30

// DueSoon reports whether an open recommendation's deadline falls within
// the next DueSoonDays days of today (today included).
func (r Recommendation) DueSoon(today time.Time) bool {
	due := r.Due()
	if due == nil || !r.Open() {
		return false
	}
	d, t := due.Format(time.DateOnly), today.Format(time.DateOnly)
	return d >= t && d <= today.AddDate(0, 0, DueSoonDays).Format(time.DateOnly)
}

// PastDeadline reports whether the deadline is behind us on day today,
// whatever the status.
func (r Recommendation) PastDeadline(today time.Time) bool {
	due := r.Due()
	return due != nil && !r.Withdrawn() && today.Format(time.DateOnly) > due.Format(time.DateOnly)
}

// Due is the date a recommendation is due: the final date of one carried
// out over several years, else its deadline; nil when it has no date yet
// (a council sitting not yet scheduled), and then it is never overdue.
func (r Recommendation) Due() *time.Time {
	if r.DeadlineTo != nil && (r.Deadline == nil || r.DeadlineTo.After(*r.Deadline)) {
		return r.DeadlineTo
	}
	return r.Deadline
}

// CheckEventDate checks the date of something that happened about a
// session (a follow-up, a verification): on or after the session's day
// and not after today. The message names the dates (dd/mm/yyyy).
func CheckEventDate(field string, d, session, today time.Time) error {
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	if day(d) < day(session) {
		return &Error{Code: EInvalid, Field: field,
			Message:   fmt.Sprintf("Ngày %s trước ngày giám sát (%s).", d.Format("02/01/2006"), session.Format("02/01/2006")),
			MessageEN: fmt.Sprintf("%s is before the supervision session (%s).", d.Format("02/01/2006"), session.Format("02/01/2006"))}
	}
	if day(d) > day(today) {
		return &Error{Code: EInvalid, Field: field,
			Message:   fmt.Sprintf("Ngày %s ở tương lai (hôm nay là %s).", d.Format("02/01/2006"), today.Format("02/01/2006")),
			MessageEN: fmt.Sprintf("%s is in the future (today is %s).", d.Format("02/01/2006"), today.Format("02/01/2006"))}
	}
	return nil
}

// CheckDeadline checks a deadline: a date, a council sitting named in
// text (with its date once known), or a span of years ending at DeadlineTo.
func (r Recommendation) CheckDeadline() error {
	if r.DeadlineTo != nil && r.Deadline != nil && r.DeadlineTo.Before(*r.Deadline) {
		return &Error{Code: EInvalid, Field: "deadline_to",
			Message:   fmt.Sprintf("Hạn cuối %s trước thời hạn %s.", r.DeadlineTo.Format("02/01/2006"), r.Deadline.Format("02/01/2006")),
			MessageEN: fmt.Sprintf("The final date %s is before the deadline %s.", r.DeadlineTo.Format("02/01/2006"), r.Deadline.Format("02/01/2006"))}
	}
	return nil
}

// FollowUpOnBehalf decides whether u may post a follow-up on a
// recommendation whose lead unit has the chain leadChain, and whether it
// is recorded on the lead body's behalf: staff of the lead unit (or above)
// report for themselves; the secretariat (delegates and administrators)
// may record the body's report for it. An administrator who is not staff
// of the unit records on its behalf when asked to.
func (u User) FollowUpOnBehalf(leadChain []int64, asked bool) (onBehalf bool, err error) {
	own := u.Role == RoleStaff && u.CanWriteValues(leadChain)
	switch {
	case own && !asked:
		return false, nil
	case u.CanManageSessions():
		return asked || u.Role == RoleDelegate, nil
	case own:
		return false, nil
	}
	return false, Bilingual(EForbidden, "Chỉ cán bộ của đơn vị chủ trì, đại biểu HĐND hoặc quản trị được ghi báo cáo tiến độ kiến nghị này.",
		"Only staff of the lead unit, council delegates or administrators may record follow-ups on this recommendation.")
}

// RecStats counts recommendations for the tracker.
type RecStats struct {
	Key      string // lead unit code or session id
	Label    string
	Total    int
	Open     int
	Overdue  int
	DueSoon  int
	Past     int // past their deadline and not set aside as not feasible
	PastDone int // of those, verified closed
}

// CompletionRate is the share (0-100) of the recommendations past their
// deadline that are done; ok is false when none is past its deadline.
// Not-feasible ones are left out of both counts.
func (s RecStats) CompletionRate() (rate float64, ok bool) {
	if s.Past == 0 {
		return 0, false
	}
	return 100 * float64(s.PastDone) / float64(s.Past), true
}

func (s *RecStats) add(r Recommendation, today time.Time) {
	s.Total++
	if r.Open() {
		s.Open++
	}
	if r.Overdue(today) {
		s.Overdue++
	}
	if r.DueSoon(today) {
		s.DueSoon++
	}
	if r.PastDeadline(today) && r.Status != RecNotFeasible {
		s.Past++
		if r.Done() {
			s.PastDone++
		}
	}
}

// Tracker sums recommendations overall, by lead unit and by session.
type Tracker struct {
	All       RecStats
	ByLead    []RecStats
	BySession []RecStats
}

// Track computes the tracker for recs on day today. sessionLabel names a
// session for the by-session rows.
func Track(recs []Recommendation, today time.Time, sessionLabel func(id int64) string) Tracker {
	var t Tracker
	lead := map[string]*RecStats{}
	sess := map[int64]*RecStats{}
	for _, r := range recs {
		if r.Withdrawn() {
			continue
		}
		t.All.add(r, today)
		l, ok := lead[r.LeadCode]
		if !ok {
			l = &RecStats{Key: r.LeadCode, Label: r.LeadName}
			lead[r.LeadCode] = l
		}
		l.add(r, today)
		s, ok := sess[r.SessionID]
		if !ok {
			s = &RecStats{Key: fmt.Sprint(r.SessionID), Label: sessionLabel(r.SessionID)}
			sess[r.SessionID] = s
		}
		s.add(r, today)
	}
	for _, l := range lead {
		t.ByLead = append(t.ByLead, *l)
	}
	sort.Slice(t.ByLead, func(i, j int) bool { return t.ByLead[i].Label < t.ByLead[j].Label })
	for _, s := range sess {
		t.BySession = append(t.BySession, *s)
	}
	sort.Slice(t.BySession, func(i, j int) bool { return t.BySession[i].Key < t.BySession[j].Key })
	return t
}

// Validate checks the fields a session must have.
func (s Session) Validate() map[string]error {
	errs := map[string]error{}
	req := func(field, v, vi, en string) {
		if strings.TrimSpace(v) == "" {
			errs[field] = &Error{Code: EInvalid, Field: field, Message: vi, MessageEN: en}
		}
	}
	req("body", s.Body, "Cần tên cơ quan giám sát.", "The supervising body is required.")
	req("topic", s.Topic, "Cần nội dung giám sát.", "The topic is required.")
	req("unit", s.UnitCode, "Cần đơn vị chịu giám sát.", "The supervised unit is required.")
	if s.Date.IsZero() {
		errs["date"] = &Error{Code: EInvalid, Field: "date", Message: "Cần ngày giám sát.", MessageEN: "The date of the session is required."}
	}
	if s.DateTo != nil && s.DateTo.Before(s.Date) {
		errs["date_to"] = &Error{Code: EInvalid, Field: "date_to", Message: "Ngày kết thúc trước ngày bắt đầu.", MessageEN: "The end date is before the start date."}
	}
	if s.Span.From == 0 || s.Span.To == 0 || s.Span.To < s.Span.From {
		errs["span"] = &Error{Code: EInvalid, Field: "span", Message: "Kỳ số liệu không hợp lệ (từ tháng … đến tháng …).", MessageEN: "The span of the figures is not valid (from month … to month …)."}
	}
	return errs
}

// ValidateRec checks the fields a new recommendation must have.
func ValidateRec(r Recommendation) map[string]error {
	errs := map[string]error{}
	if strings.TrimSpace(r.Content) == "" {
		errs["content"] = &Error{Code: EInvalid, Field: "content", Message: "Cần nội dung kiến nghị.", MessageEN: "The content is required."}
	}
	if strings.TrimSpace(r.LeadCode) == "" {
		errs["lead"] = &Error{Code: EInvalid, Field: "lead", Message: "Cần đơn vị chủ trì.", MessageEN: "The lead unit is required."}
	}
	return errs
}

// ApplyOn takes action a as Apply does, dated on (a verification's date,
// chosen by the user), which must fall between the session's day and
// today.
func (r Recommendation) ApplyOn(u User, leadChain []int64, a RecAction, reason string, on, session, today time.Time) (Recommendation, error) {
	next, err := r.Apply(u, leadChain, a, reason, on)
	if err != nil {
		return r, err
	}
	if err := CheckEventDate("date", on, session, today); err != nil {
		return r, err
	}
	return next, nil
}
