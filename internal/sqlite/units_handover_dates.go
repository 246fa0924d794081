package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// Sessions and recommendations dated outside a unit's life are refused
// (issue 12, item 5), unless an administrator records history.

// checkSessionUnitTx refuses a session held on a day its unit (unitID) did
// not exist.
func checkSessionUnitTx(ctx context.Context, tx *sql.Tx, unitID int64, held time.Time, history bool) error {
	u, err := unitByIDTx(ctx, tx, unitID)
	if err != nil {
		return err
	}
	if err := oversight.CheckDatedIn(u, held, oversight.Word("dated.session_held"), history); err != nil {
		return oversight.AtField(err, "unit")
	}
	return nil
}

// checkLeadTx refuses a recommendation of session sessionID whose lead
// (leadID) existed neither on the session's day nor today: a successor
// that took a recommendation over answers for it now, though it was
// formed after the session.
func checkLeadTx(ctx context.Context, tx *sql.Tx, sessionID, leadID int64, today time.Time, history bool) error {
	var held string
	if err := tx.QueryRowContext(ctx, `SELECT held_on FROM supervision_sessions WHERE id = ?`, sessionID).Scan(&held); err != nil {
		return err
	}
	day, err := time.Parse(time.DateOnly, held)
	if err != nil {
		return err
	}
	u, err := unitByIDTx(ctx, tx, leadID)
	if err != nil {
		return err
	}
	if u.InForce(today) {
		return nil
	}
	if err := oversight.CheckDatedIn(u, day, oversight.Word("dated.recommendation"), history); err != nil {
		return oversight.AtField(err, "lead")
	}
	return nil
}
