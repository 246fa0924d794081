package oversight

import (
	"strings"
	"time"
)

// Sitting kinds: what a session of a supervision programme is.
const (
	SittingFieldVisit = "field_visit" // khảo sát, làm việc tại cơ sở
	SittingWorking    = "working"     // buổi làm việc với cơ quan chịu giám sát
	SittingPlenary    = "plenary"     // phiên họp toàn thể / phiên giải trình
)

// SittingKinds lists the kinds of sitting in the order a programme runs.
var SittingKinds = []string{SittingFieldVisit, SittingWorking, SittingPlenary}

// Programme is a supervision programme (đợt giám sát): one plan, one topic,
// its members and the bodies supervised, the sittings that belong to it,
// one final report, and the one set of recommendations its sittings issued.
type Programme struct {
	ID         int64
	Body       string // "Thường trực HĐND TP Hà Nội"
	Term       string
	Topic      string
	PlanDoc    string // the council's resolution or plan: "Kế hoạch 45/KH-HĐND"
	PlanDate   *time.Time
	Leader     string
	Members    []string
	Supervised []string // the bodies supervised: "UBND TP Hà Nội", "Sở Nội vụ"...
	UnitID     int64    // the territory, 0 when none
	UnitCode   string
	UnitName   string
	DateFrom   *time.Time
	DateTo     *time.Time
	ReportNo   string
	ReportDate *time.Time
	Report     string // the final report's findings and conclusion
	Published  bool
	// Sittings are the programme's sessions, in date order.
	Sittings []Session
	// Recommendations are those of its sittings, one set in sitting order.
	Recommendations []Recommendation
}

// Validate checks the fields a programme must have, by field.
func (p Programme) Validate() map[string]error {
	errs := map[string]error{}
	if strings.TrimSpace(p.Body) == "" {
		errs["body"] = &Error{Code: EInvalid, Field: "body", Key: "err.supervising_body_required"}
	}
	if strings.TrimSpace(p.Topic) == "" {
		errs["topic"] = &Error{Code: EInvalid, Field: "topic", Key: "err.topic_required"}
	}
	if p.DateFrom != nil && p.DateTo != nil && p.DateTo.Before(*p.DateFrom) {
		errs["date_to"] = &Error{Code: EInvalid, Field: "date_to", Key: "err.end_date_before_start"}
	}
	if p.PlanDate != nil && p.DateFrom != nil && p.DateFrom.Before(*p.PlanDate) {
		errs["date_from"] = &Error{Code: EInvalid, Field: "date_from", Key: "err.programme_starts_before_its"}
	}
	return errs
}

// CheckSittingKind checks the kind of a sitting; empty is a session on
// its own.
func CheckSittingKind(k string) error {
	if k == "" {
		return nil
	}
	for _, x := range SittingKinds {
		if x == k {
			return nil
		}
	}
	return &Error{Code: EInvalid, Field: "sitting_kind", Key: "err.not_kind_sitting_field"}
}

// SearchFields lists the text a programme is found by; the topic and the
// bodies weigh most.
func (p Programme) SearchFields() []SearchField {
	out := []SearchField{{p.Topic, 5}, {p.Body, 3}, {p.UnitName, 3}, {p.UnitCode, 3}, {p.PlanDoc, 2}, {p.Leader, 2},
		{p.Term, 1}, {p.ReportNo, 1}, {p.Report, 2}}
	for _, x := range p.Supervised {
		out = append(out, SearchField{x, 3})
	}
	for _, x := range p.Members {
		out = append(out, SearchField{x, 1})
	}
	return out
}
