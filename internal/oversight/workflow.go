package oversight

import (
	"time"
)

// Status is where one unit's month stands in the approval workflow.
type Status string

// Workflow states. A month with no figures yet is a draft.
const (
	StatusDraft     Status = "draft"
	StatusSubmitted Status = "submitted"
	StatusApproved  Status = "approved"
	StatusReturned  Status = "returned"
)

// Workflow actions.
const (
	ActionSubmit  = "submit"
	ActionApprove = "approve"
	ActionReturn  = "return"
	ActionReopen  = "reopen"
)

// Key names the status in the catalogue of words ("status.draft").
func (s Status) Key() Word { return Word("status." + string(s)) }

// Locked reports whether figures of a month in status s may not change.
// A submitted month is frozen for everyone until the approver returns it
// (four eyes: what is approved is what was submitted), an approved one
// until it is reopened.
func (s Status) Locked() bool { return s == StatusSubmitted || s == StatusApproved }

// CanApprove reports whether u may approve, return or reopen the months of
// a unit whose chain of ancestors (itself first) is chain: administrators,
// and staff of a unit strictly above it (the parent unit or higher). Staff
// never approve their own unit's figures.
func (u User) CanApprove(chain []int64) bool {
	switch u.Role {
	case RoleAdmin:
		return true
	case RoleStaff:
		if len(chain) < 2 {
			return false
		}
		return User{Role: RoleStaff, UnitID: u.UnitID, UnitRetired: u.UnitRetired}.CanWriteValues(chain[1:])
	}
	return false
}

// Transition returns the status that action leads to from status from when
// done by u on a unit with ancestor chain, or an error saying why not. A
// return needs a comment.
func Transition(from Status, action string, u User, chain []int64, comment string) (Status, error) {
	if from == "" {
		from = StatusDraft
	}
	no := func(key string) error { return Errf(EConflict, key) }
	switch action {
	case ActionSubmit:
		if !u.CanWriteValues(chain) {
			return "", Errf(EForbidden, "err.only_unit_staff_may")
		}
		if from != StatusDraft && from != StatusReturned {
			return "", no("err.submit_only_draft")
		}
		return StatusSubmitted, nil
	case ActionApprove, ActionReturn:
		if !u.CanApprove(chain) {
			return "", Errf(EForbidden, "err.only_staff_parent_unit")
		}
		if from != StatusSubmitted {
			return "", no("err.approve_only_submitted")
		}
		if action == ActionReturn {
			if comment == "" {
				return "", Errf(EInvalid, "err.give_reason_returning")
			}
			return StatusReturned, nil
		}
		return StatusApproved, nil
	case ActionReopen:
		if !u.CanApprove(chain) {
			return "", Errf(EForbidden, "err.only_approver_may_reopen")
		}
		if from != StatusApproved {
			return "", no("err.reopen_only_approved")
		}
		return StatusDraft, nil
	}
	return "", Errf(EInvalid, "err.there_no_action", action)
}

// CheckEntryMonth says why figures of unit u for month m cannot be
// entered at time now, or returns nil. Figures are monthly facts: none
// for a month that has not ended (the current one included: its figures
// are not complete), and none for a month when the unit did not exist (a
// dissolved ward's figures after 2025 would be counted again in its
// successor's). Every entry path asks it: the store before saving, the
// template download, and the form, which is read-only for such months.
func CheckEntryMonth(u Unit, m Month, now time.Time) error {
	if !m.Valid() {
		return Errf(EInvalid, "err.invalid_period")
	}
	if current := MonthOf(now); m >= current {
		return Errf(EConflict, "err.has_not_ended_yet", m.Label(), current.Add(-1).Label())
	}
	if err := checkFiguresOf(u); err != nil {
		return err
	}
	if u.ExistedDuring(Span{From: m, To: m}) {
		return nil
	}
	// The unit's life is a message of its own, written in the reader's
	// language inside the refusal.
	life := Errf("", "unit.life.unknown")
	switch {
	case u.ValidFrom != nil && u.ValidTo != nil:
		life = Errf("", "unit.life.between", dmy(*u.ValidFrom), dmy(*u.ValidTo))
	case u.ValidTo != nil:
		life = Errf("", "unit.life.dissolved", dmy(*u.ValidTo))
	case u.ValidFrom != nil:
		life = Errf("", "unit.life.formed", dmy(*u.ValidFrom))
	}
	return Errf(EConflict, "err.unit_not_in_month", u.Name, m.Label(), life)
}

// dmy writes a date the way the UI does: 30/06/2025.
func dmy(t time.Time) string { return t.Format("02/01/2006") }

// CheckSubmit says why a month holding stored figures cannot be submitted:
// an empty month (an approver would fill and approve it alone), or one
// whose figures break a rule (possible when a rule changed, or figures were
// loaded in bulk). Nil when it can.
func CheckSubmit(stored map[string]float64) error {
	if len(stored) == 0 {
		return Errf(EConflict, "err.month_holds_no_figures")
	}
	for _, is := range ValidateMonth(stored) {
		if is.Severity == SevError {
			return Errf(EConflict, "err.cannot_submit_yet", is)
		}
	}
	return nil
}

// CheckApprover enforces four eyes on an approval: whoever submitted the
// month, or wrote any of its figures since it was last approved (by the
// form, the grid, a template or the API), may not approve it, or one
// person could enter, change and approve a unit's figures alone. writers
// are the names of those who wrote figures in that window.
func CheckApprover(approver User, submitter string, writers []string) error {
	if approver.Name == submitter {
		return Errf(EForbidden, "err.whoever_submitted_figures_cannot")
	}
	for _, w := range writers {
		if w == approver.Name {
			return Errf(EForbidden, "err.you_changed_figures_month")
		}
	}
	return nil
}
