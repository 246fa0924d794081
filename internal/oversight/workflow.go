package oversight

import (
	"fmt"
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

// StatusName returns a readable name of a status in lang.
func StatusName(s Status, lang string) string {
	vi := map[Status]string{StatusDraft: "Đang nhập", StatusSubmitted: "Đã gửi duyệt", StatusApproved: "Đã duyệt", StatusReturned: "Bị trả lại"}
	en := map[Status]string{StatusDraft: "Draft", StatusSubmitted: "Submitted", StatusApproved: "Approved", StatusReturned: "Returned"}
	if lang == "en" {
		return en[s]
	}
	return vi[s]
}

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
	no := func(vi, en string) error { return Bilingual(EConflict, vi, en) }
	switch action {
	case ActionSubmit:
		if !u.CanWriteValues(chain) {
			return "", Bilingual(EForbidden, "Chỉ cán bộ của đơn vị mới gửi duyệt được.", "Only the unit's staff may submit.")
		}
		if from != StatusDraft && from != StatusReturned {
			return "", no("Chỉ gửi duyệt được tháng đang nhập hoặc bị trả lại.", "Only a draft or returned month can be submitted.")
		}
		return StatusSubmitted, nil
	case ActionApprove, ActionReturn:
		if !u.CanApprove(chain) {
			return "", Bilingual(EForbidden, "Chỉ cán bộ đơn vị cấp trên hoặc quản trị mới duyệt hoặc trả lại được.", "Only staff of the parent unit or an administrator may approve or return.")
		}
		if from != StatusSubmitted {
			return "", no("Chỉ duyệt hoặc trả lại được tháng đã gửi duyệt.", "Only a submitted month can be approved or returned.")
		}
		if action == ActionReturn {
			if comment == "" {
				return "", Bilingual(EInvalid, "Cần ghi lý do trả lại.", "Give a reason for returning it.")
			}
			return StatusReturned, nil
		}
		return StatusApproved, nil
	case ActionReopen:
		if !u.CanApprove(chain) {
			return "", Bilingual(EForbidden, "Chỉ người duyệt mới mở lại được tháng đã duyệt.", "Only an approver may reopen an approved month.")
		}
		if from != StatusApproved {
			return "", no("Chỉ mở lại được tháng đã duyệt.", "Only an approved month can be reopened.")
		}
		return StatusDraft, nil
	}
	return "", Bilingual(EInvalid, fmt.Sprintf("Thao tác %q không tồn tại.", action), fmt.Sprintf("There is no action %q.", action))
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
		return Bilingual(EInvalid, "Kỳ không hợp lệ.", "Invalid period.")
	}
	if current := MonthOf(now); m >= current {
		return Bilingual(EConflict,
			fmt.Sprintf("Tháng %s chưa kết thúc: chưa thể nhập số liệu (nhập được đến tháng %s).", m.Label(), current.Add(-1).Label()),
			fmt.Sprintf("%s has not ended yet: its figures cannot be entered (figures can be entered up to %s).", m.Label(), current.Add(-1).Label()))
	}
	if err := checkFiguresOf(u); err != nil {
		return err
	}
	if u.ExistedDuring(Span{From: m, To: m}) {
		return nil
	}
	life, lifeEN := "", ""
	switch {
	case u.ValidFrom != nil && u.ValidTo != nil:
		life = fmt.Sprintf("hoạt động từ %s đến %s", dmy(*u.ValidFrom), dmy(*u.ValidTo))
		lifeEN = fmt.Sprintf("it existed from %s to %s", dmy(*u.ValidFrom), dmy(*u.ValidTo))
	case u.ValidTo != nil:
		life = "giải thể sau ngày " + dmy(*u.ValidTo)
		lifeEN = "it was dissolved after " + dmy(*u.ValidTo)
	case u.ValidFrom != nil:
		life = "thành lập từ ngày " + dmy(*u.ValidFrom)
		lifeEN = "it was formed on " + dmy(*u.ValidFrom)
	}
	return Bilingual(EConflict,
		fmt.Sprintf("%s không tồn tại trong tháng %s (%s): không thể nhập số liệu cho tháng này.", u.Name, m.Label(), life),
		fmt.Sprintf("%s did not exist in %s (%s): figures cannot be entered for that month.", u.Name, m.Label(), lifeEN))
}

// dmy writes a date the way the UI does: 30/06/2025.
func dmy(t time.Time) string { return t.Format("02/01/2006") }

// CheckSubmit says why a month holding stored figures cannot be submitted:
// an empty month (an approver would fill and approve it alone), or one
// whose figures break a rule (possible when a rule changed, or figures were
// loaded in bulk). Nil when it can.
func CheckSubmit(stored map[string]float64) error {
	if len(stored) == 0 {
		return Bilingual(EConflict, "Tháng này chưa có số liệu nào: nhập và lưu số liệu trước khi gửi duyệt.",
			"This month holds no figures yet: enter and save them before submitting.")
	}
	for _, is := range ValidateMonth(stored) {
		if is.Severity == SevError {
			return Bilingual(EConflict, "Chưa gửi duyệt được: "+is.Message+" Hãy sửa rồi lưu trước.",
				"Cannot submit yet: "+is.MessageEN+" Correct it and save first.")
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
		return Bilingual(EForbidden,
			"Người gửi duyệt không thể tự duyệt số liệu của mình: cần một người khác của đơn vị cấp trên hoặc quản trị.",
			"Whoever submitted the figures cannot approve them too: someone else of the parent unit, or an administrator, must.")
	}
	for _, w := range writers {
		if w == approver.Name {
			return Bilingual(EForbidden,
				"Bạn đã sửa số liệu của tháng này nên không thể tự duyệt: cần một người khác của đơn vị cấp trên hoặc quản trị duyệt.",
				"You changed figures of this month, so you cannot approve it: someone else of the parent unit, or an administrator, must.")
		}
	}
	return nil
}
