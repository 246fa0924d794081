package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// UpdateFigure corrects a reported figure of a session: its value (and
// the top of its range), note and source. The reason is kept in the
// session's history and the audit log. A withdrawn figure is not edited.
func (db *DB) UpdateFigure(ctx context.Context, sessionID int64, f oversight.Figure, reason string, actor Actor) (err error) {
	defer wrap(&err, "update figure %d", f.ID)
	if err := oversight.CheckCorrection(reason); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := figureIn(ctx, tx, sessionID, f.ID)
		if err != nil {
			return err
		}
		if err := oversight.Withdrawable(old.WithdrawnOn.Valid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE session_figures SET value = ?, value_max = ?, note = ?, source = ? WHERE id = ?`,
			f.Value, f.ValueMax, f.Note, f.Source, f.ID); err != nil {
			return err
		}
		var changes []string
		if old.Value != f.Value {
			changes = append(changes, fmt.Sprintf("value: %s → %s", num(old.Value), num(f.Value)))
		}
		if !sameFloat(old.ValueMax, f.ValueMax) {
			changes = append(changes, fmt.Sprintf("value_max: %s → %s", numPtr(old.ValueMax), numPtr(f.ValueMax)))
		}
		if old.Note != f.Note {
			changes = append(changes, fmt.Sprintf("note: %q → %q", old.Note, f.Note))
		}
		if old.Source != f.Source {
			changes = append(changes, fmt.Sprintf("source: %q → %q", old.Source, f.Source))
		}
		if err := indexSession(ctx, tx, sessionID); err != nil {
			return err
		}
		return correct(ctx, tx, db, actor, sessionID, oversight.Correction{Kind: oversight.CorrFigure, ItemID: f.ID,
			Action: oversight.CorrEdit, Reason: strings.TrimSpace(reason), Detail: strings.Join(changes, "; ")})
	})
}

// WithdrawFigure withdraws a reported figure: it stays on record, marked
// withdrawn on day on with the reason.
func (db *DB) WithdrawFigure(ctx context.Context, sessionID, figureID int64, reason string, on time.Time, actor Actor) (err error) {
	defer wrap(&err, "withdraw figure %d", figureID)
	if err := oversight.CheckCorrection(reason); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := figureIn(ctx, tx, sessionID, figureID)
		if err != nil {
			return err
		}
		if err := oversight.Withdrawable(old.WithdrawnOn.Valid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE session_figures SET withdrawn_on = ?, withdrawn_reason = ? WHERE id = ?`,
			on.Format(time.DateOnly), reason, figureID); err != nil {
			return err
		}
		return correct(ctx, tx, db, actor, sessionID, oversight.Correction{Kind: oversight.CorrFigure, ItemID: figureID,
			Action: oversight.CorrWithdraw, Reason: reason, Detail: fmt.Sprintf("%s = %s", old.Metric, num(old.Value))})
	})
}

type storedFigure struct {
	Metric       string
	Value        float64
	ValueMax     *float64
	Note, Source string
	WithdrawnOn  sql.NullString
}

func figureIn(ctx context.Context, tx *sql.Tx, sessionID, id int64) (storedFigure, error) {
	var f storedFigure
	err := tx.QueryRowContext(ctx, `SELECT m.code, f.value, f.value_max, f.note, f.source, f.withdrawn_on FROM session_figures f
JOIN metrics m ON m.id = f.metric_id WHERE f.id = ? AND f.session_id = ?`, id, sessionID).
		Scan(&f.Metric, &f.Value, &f.ValueMax, &f.Note, &f.Source, &f.WithdrawnOn)
	if errors.Is(err, sql.ErrNoRows) {
		return f, notFound("err.supervision_session_has_no", sessionID, id)
	}
	return f, err
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func numPtr(v *float64) string {
	if v == nil {
		return "—"
	}
	return num(*v)
}

func sameFloat(a, b *float64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}
