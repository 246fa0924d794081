package oversight

import (
	"fmt"
	"strings"
	"time"
)

// Commitments survive a reorganisation (issue 12, item 5): when a unit is
// retired, the open recommendations it leads or shares are handed to a
// successor, the hand-over is kept in each one's history, and the unit's
// staff can write no more.

// PickSuccessor chooses the unit a retired unit's open recommendations go
// to: the one the administrator chose (chosen, nil when none), else the
// one successor the unit has, else none. With several successors and no
// choice, or none at all, the error lists what there is to choose from.
// open is how many recommendations need a successor; with none, no
// successor is needed and the zero Unit is returned.
func PickSuccessor(u Unit, successors []Unit, chosen *Unit, open int) (Unit, error) {
	if chosen != nil {
		if chosen.ID == u.ID {
			return Unit{}, &Error{Code: EInvalid, Field: "successor",
				Key: "err.successor_must_another_unit"}
		}
		return *chosen, nil
	}
	if open == 0 {
		return Unit{}, nil
	}
	switch len(successors) {
	case 1:
		return successors[0], nil
	case 0:
		return Unit{}, &Error{Code: EInvalid, Field: "successor",
			Key: "err.has_open_recommendations_and", Args: []any{u.Name, open}}
	}
	names := make([]string, len(successors))
	for i, s := range successors {
		names[i] = s.Ref() + " " + s.Name
	}
	return Unit{}, &Error{Code: EInvalid, Field: "successor",
		Key: "err.has_open_recommendations_and_2", Args: []any{u.Name, open, len(successors), strings.Join(names, "; ")}}
}

// HandoverReason is what a recommendation's history says of a hand-over.
func HandoverReason(from, to Unit, ended time.Time) string {
	return fmt.Sprintf("Bàn giao do %s hết hiệu lực từ ngày %s: %s (%s) tiếp nhận.", from.Name, dmy(ended.AddDate(0, 0, 1)), to.Name, to.Ref())
}

// retiredUnit reports whether u is staff of a unit retired in cchc:
// its commitments went to a successor, whose staff answer for them now.
func (u User) retiredUnit() bool { return u.Role == RoleStaff && u.UnitRetired }

// CheckDatedIn says why something dated day (a session held, a
// recommendation issued) cannot concern unit u, or returns nil: u did not
// exist that day. An administrator recording history says so (history),
// and it is then accepted.
func CheckDatedIn(u Unit, day time.Time, what Word, history bool) error {
	if history || u.InForce(day) {
		return nil
	}
	return &Error{Code: EInvalid, Field: "history", Key: "err.dated_unit_not_in_force",
		Args: []any{what, dmy(day), u.Name, u.Validity()}}
}
