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
	return "", Errf(EInvalid, "err.action_does_not_exist", s)
}

// Key names the action in the catalogue of words ("recaction.start").
func (a RecAction) Key() Word { return Word("recaction." + string(a)) }

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
		return r, Errf(EInvalid, "err.action_does_not_exist", a)
	}
	if r.Withdrawn() {
		return r, Errf(EConflict, "err.recommendation_has_been_withdrawn_2")
	}
	if !u.CanAct(a, leadChain) {
		if unitAction(a) {
			return r, Errf(EForbidden, "err.only_staff_lead_unit_2")
		}
		return r, Errf(EForbidden, "err.only_council_delegates_and_2")
	}
	allowed := false
	for _, f := range t.from {
		allowed = allowed || f == r.Status
	}
	if !allowed {
		return r, Errf(EConflict, "err.rec_action_not_allowed", a.Key(), RecStatusKey(r.Status))
	}
	reason = strings.TrimSpace(reason)
	if needsReason(a) && reason == "" {
		return r, &Error{Code: EInvalid, Field: "reason", Key: "err.reason_required"}
	}
	if a == ActReportDone && !r.HasEvidence() {
		return r, &Error{Code: EInvalid, Field: "evidence",
			Key: "err.at_least_one_follow"}
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
			Key: "err.before_supervision_session", Args: []any{d.Format("02/01/2006"), session.Format("02/01/2006")}}
	}
	if day(d) > day(today) {
		return &Error{Code: EInvalid, Field: field,
			Key: "err.in_future_today", Args: []any{d.Format("02/01/2006"), today.Format("02/01/2006")}}
	}
	return nil
}

// CheckDeadline checks a deadline: a date, a council sitting named in
// text (with its date once known), or a span of years ending at DeadlineTo.
func (r Recommendation) CheckDeadline() error {
	if r.DeadlineTo != nil && r.Deadline != nil && r.DeadlineTo.Before(*r.Deadline) {
		return &Error{Code: EInvalid, Field: "deadline_to",
			Key: "err.final_date_before_deadline", Args: []any{r.DeadlineTo.Format("02/01/2006"), r.Deadline.Format("02/01/2006")}}
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
	return false, Errf(EForbidden, "err.only_staff_lead_unit_3")
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
	req := func(field, v, key string) {
		if strings.TrimSpace(v) == "" {
			errs[field] = &Error{Code: EInvalid, Field: field, Key: key}
		}
	}
	req("body", s.Body, "err.supervising_body_required")
	req("topic", s.Topic, "err.session_topic_required")
	req("unit", s.UnitCode, "err.supervised_unit_required")
	if s.Date.IsZero() {
		errs["date"] = &Error{Code: EInvalid, Field: "date", Key: "err.date_session_required"}
	}
	if s.DateTo != nil && s.DateTo.Before(s.Date) {
		errs["date_to"] = &Error{Code: EInvalid, Field: "date_to", Key: "err.end_date_before_start"}
	}
	if s.Span.From == 0 || s.Span.To == 0 || s.Span.To < s.Span.From {
		errs["span"] = &Error{Code: EInvalid, Field: "span", Key: "err.span_figures_not_valid"}
	}
	return errs
}

// ValidateRec checks the fields a new recommendation must have.
func ValidateRec(r Recommendation) map[string]error {
	errs := map[string]error{}
	if strings.TrimSpace(r.Content) == "" {
		errs["content"] = &Error{Code: EInvalid, Field: "content", Key: "err.content_required"}
	}
	if strings.TrimSpace(r.LeadCode) == "" {
		errs["lead"] = &Error{Code: EInvalid, Field: "lead", Key: "err.lead_unit_required"}
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
