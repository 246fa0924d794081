package oversight

import (
	"strings"
	"time"
	"unicode"
)

// Session is a supervision session (buổi giám sát) held by a council body
// at a supervised unit.
type Session struct {
	ID       int64
	Body     string // "Tổ đại biểu số 10, HĐND TP Hà Nội"
	Term     string // council term, "2016–2021"
	Leader   string
	Members  []string
	Guests   []string
	Form     string // thematic, report review, questioning...
	Topic    string
	PlanDoc  string
	PlanDate *time.Time
	Date     time.Time
	DateTo   *time.Time // the last day of a visit over several days
	UnitID   int64
	UnitCode string
	UnitName string
	// SupervisedBody names the body supervised ("UBND TP Hà Nội") when it
	// is not the unit itself (a territory).
	SupervisedBody string
	Span           Span // the span the figures cover
	Summary        string
	Findings       string
	Discussion     []string
	Conclusion     string
	ReportNo       string
	ReportDate     *time.Time
	OtherUnits     []string // codes of further supervised units
	Published      bool
	Source         string // where the account of the session comes from
	// ProgrammeID is the supervision programme the session is a sitting
	// of, 0 for a session on its own; SittingKind says which kind of
	// sitting (SittingFieldVisit...), Place where it was held.
	ProgrammeID    int64
	ProgrammeTopic string
	SittingKind    string
	Place          string
	Figures        []Figure
	// Reported are the figures of any kind the report cites (indices,
	// ranks, scores), beside the catalogue figures.
	Reported        []ReportedFigure
	Recommendations []Recommendation
	// Corrections is the history of edits and withdrawals of the
	// session's figures and recommendations, oldest first.
	Corrections []Correction

	// History: an administrator records a session of a unit that did not
	// exist on its day (CheckDatedIn); never stored.
	History bool
}

// Figure scopes: a figure may be about the unit itself, all its children
// together, or each of its children (the article gives "135 procedures at
// each ward"), so district-level and ward-level figures stay apart.
const (
	ScopeUnit          = "unit"
	ScopeChildrenTotal = "children_total"
	ScopeEachChild     = "each_child"
)

// Figure is a figure reported at a session, tied to a metric, a unit and a span.
type Figure struct {
	ID       int64
	Metric   string
	UnitID   int64
	UnitCode string
	UnitName string
	UnitKind string // the kind of the figure's unit (city, district, ward...), for its scope's label
	Scope    string
	Span     Span
	Value    float64
	ValueMax *float64 // the top of a range, when the report gives one
	Verified bool     // false: as reported by the unit
	Note     string   // the words of the report, e.g. "9 phòng chuyên môn, 17 phường"
	Source   string   // the document or article the figure comes from
	// WithdrawnOn is set when the figure was withdrawn (it stays on
	// record, struck through, with WithdrawnReason).
	WithdrawnOn     *time.Time
	WithdrawnReason string
	// Recorded is what cchc held for the same unit, metric and span when
	// the figures were pulled; nil when never pulled.
	Recorded *float64
}

// Withdrawn reports whether the figure was withdrawn.
func (f Figure) Withdrawn() bool { return f.WithdrawnOn != nil }

// Differs reports whether the pulled recorded value differs from the
// reported one.
func (f Figure) Differs() bool { return f.Recorded != nil && *f.Recorded != f.Value }

// Recommendation statuses (DOMAIN.md lifecycle).
const (
	RecIssued         = "issued"
	RecInProgress     = "in_progress"
	RecReportedDone   = "reported_done"
	RecVerifiedClosed = "verified_closed"
	RecPartlyDone     = "partly_done"
	RecNotFeasible    = "not_feasible"
	RecMultiYear      = "multi_year"
)

// RecStatuses lists every status in lifecycle order.
var RecStatuses = []string{RecIssued, RecInProgress, RecReportedDone, RecVerifiedClosed, RecPartlyDone, RecNotFeasible, RecMultiYear}

// RecStatusKey names a recommendation status in the catalogue of words
// ("recstatus.issued").
func RecStatusKey(s string) Word { return Word("recstatus." + s) }

// Recommendation is a kiến nghị issued at a session.
type Recommendation struct {
	ID          int64
	SessionID   int64
	Seq         int
	Content     string
	LeadUnitID  int64
	LeadCode    string
	LeadName    string
	CoUnits     []string
	Responsible string
	Output      string
	Deadline    *time.Time
	// DeadlineText names a deadline that is a council sitting ("Kỳ họp
	// thứ 12"); Deadline is then its date once known, or nil.
	DeadlineText string
	// DeadlineTo is the final date of a recommendation carried out over
	// several years; it is due then, not at Deadline.
	DeadlineTo *time.Time
	Status     string
	StatusNote string
	VerifiedOn *time.Time
	FollowUps  []FollowUp
	// WithdrawnOn is set when the recommendation was withdrawn: it stays
	// on the session's page, struck through, with WithdrawnReason, and
	// leaves the tracker.
	WithdrawnOn     *time.Time
	WithdrawnReason string

	// History: an administrator records a recommendation whose lead did
	// not exist on the session's day nor today (CheckDatedIn); never stored.
	History bool
}

// Withdrawn reports whether the recommendation was withdrawn.
func (r Recommendation) Withdrawn() bool { return r.WithdrawnOn != nil }

// Done reports whether the recommendation counts as carried out.
func (r Recommendation) Done() bool { return r.Status == RecVerifiedClosed }

// Overdue reports whether the deadline has passed on day today without the
// recommendation being closed (or set aside as not feasible). Only the
// calendar days count: the deadline day itself is not overdue, whatever
// the hour.
func (r Recommendation) Overdue(today time.Time) bool {
	due := r.Due()
	if due == nil || r.Withdrawn() || r.Status == RecVerifiedClosed || r.Status == RecNotFeasible {
		return false
	}
	return today.Format(time.DateOnly) > due.Format(time.DateOnly)
}

// CheckRecStatus checks a status name.
func CheckRecStatus(s string) error {
	for _, x := range RecStatuses {
		if x == s {
			return nil
		}
	}
	return Errf(EInvalid, "err.status_does_not_exist", s)
}

// FollowUp is a report on progress against a recommendation.
type FollowUp struct {
	ID       int64
	Date     time.Time
	Text     string
	Author   string
	AuthorID int64
	// OnBehalf marks a report of the lead body recorded by the council's
	// secretariat (a delegate or an administrator), e.g. the answer given
	// at a sitting.
	OnBehalf bool
	Evidence []Evidence
}

// Evidence is a file attached to a follow-up, stored by its SHA-256.
type Evidence struct {
	SHA256      string
	Name        string
	ContentType string
	Size        int64
}

// Correction kinds and actions.
const (
	CorrFigure         = "figure"
	CorrRecommendation = "recommendation"
	CorrEdit           = "edit"
	CorrWithdraw       = "withdraw"
)

// Correction is one edit or withdrawal of a session's figure or
// recommendation, with the reason given and what changed.
type Correction struct {
	ID     int64
	Kind   string // CorrFigure or CorrRecommendation
	ItemID int64
	Action string // CorrEdit or CorrWithdraw
	At     string // when, as stored (RFC 3339, UTC)
	By     string // the user's name
	Reason string
	Detail string // what changed: "value: 57 → 58"
}

// CheckCorrection checks the reason of an edit or a withdrawal: every
// correction of what a session recorded must say why.
func CheckCorrection(reason string) error {
	if strings.TrimSpace(reason) == "" {
		return &Error{Code: EInvalid, Field: "reason", Key: "err.give_reason_correction_or"}
	}
	return nil
}

// Withdrawable refuses to correct an item already withdrawn.
func Withdrawable(withdrawn bool) error {
	if withdrawn {
		return Errf(EConflict, "err.item_has_been_withdrawn")
	}
	return nil
}

// SearchField is a piece of a session's text and how much a match in it
// counts when ranking search results.
type SearchField struct {
	Text   string
	Weight int
}

// SearchFields lists the text a session is found by: its header, findings,
// discussion points, conclusion, recommendations and their follow-ups,
// and its figures' notes and sources. The topic and the bodies weigh most.
func (s Session) SearchFields() []SearchField {
	out := []SearchField{{s.Topic, 5}, {s.Body, 3}, {s.SupervisedBody, 3}, {s.UnitName, 3}, {s.UnitCode, 3}, {s.Leader, 2}, {s.Form, 2},
		{s.Term, 1}, {s.PlanDoc, 1}, {s.ReportNo, 1}, {s.Date.Format("02/01/2006"), 1},
		{s.Summary, 2}, {s.Findings, 2}, {s.Conclusion, 2}, {s.Place, 1}}
	for _, x := range s.Members {
		out = append(out, SearchField{x, 1})
	}
	for _, x := range s.Guests {
		out = append(out, SearchField{x, 1})
	}
	for _, x := range s.Discussion {
		out = append(out, SearchField{x, 2})
	}
	for _, r := range s.Recommendations {
		out = append(out, SearchField{r.Content, 2}, SearchField{r.LeadName, 1}, SearchField{r.Responsible, 1},
			SearchField{r.Output, 1}, SearchField{r.DeadlineText, 1})
		for _, f := range r.FollowUps {
			out = append(out, SearchField{f.Text, 1})
		}
	}
	for _, f := range s.Figures {
		out = append(out, SearchField{f.Note, 1}, SearchField{f.Source, 1})
	}
	return out
}

// Tokens splits text into its searchable words: folded (lowercase, no
// diacritics), letters and digits only; a number keeps its separators
// ("100.565", "87,11") and a trailing percent sign ("100%").
func Tokens(text string) []string {
	rs := []rune(Fold(text))
	var out []string
	var cur []rune
	digit := func(i int) bool { return i >= 0 && i < len(rs) && unicode.IsDigit(rs[i]) }
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
		case (r == '.' || r == ',') && digit(i-1) && digit(i+1) && len(cur) > 0:
			cur = append(cur, r)
		case r == '%' && digit(i-1) && len(cur) > 0:
			cur = append(cur, r)
			flush()
		default:
			flush()
		}
	}
	flush()
	return out
}

// Query is a search as typed: words that must each appear as a whole
// word, and quoted phrases whose words must appear in a row.
type Query struct {
	Words   []string
	Phrases [][]string
}

// ParseQuery reads a search: "quoted phrases" and single words, folded
// like the text they are matched against. An unclosed quote runs to the
// end of the query.
func ParseQuery(q string) Query {
	var out Query
	parts := strings.Split(q, `"`)
	for i, p := range parts {
		toks := Tokens(p)
		if i%2 == 1 && len(toks) > 1 {
			out.Phrases = append(out.Phrases, toks)
			continue
		}
		out.Words = append(out.Words, toks...)
	}
	return out
}

// Empty reports whether the query has nothing to match.
func (q Query) Empty() bool { return len(q.Words) == 0 && len(q.Phrases) == 0 }

// Supervised names the body supervised: SupervisedBody, or the unit.
func (s Session) Supervised() string {
	if b := strings.TrimSpace(s.SupervisedBody); b != "" {
		return b
	}
	return s.UnitName
}
