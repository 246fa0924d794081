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

// AddFigure adds a reported figure to a session.
func (db *DB) AddFigure(ctx context.Context, sessionID int64, f oversight.Figure, actor Actor) (_ int64, err error) {
	defer wrap(&err, "add figure")
	metricIDs, err := db.metricIDs(ctx)
	if err != nil {
		return 0, err
	}
	mid, ok := metricIDs[f.Metric]
	if !ok {
		return 0, &oversight.Error{Code: oversight.EInvalid, Field: "metric", Key: "err.there_no_metric_with", Args: []any{f.Metric}}
	}
	if f.Scope == "" {
		f.Scope = oversight.ScopeUnit
	}
	var id int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if err := sessionExists(ctx, tx, sessionID); err != nil {
			return err
		}
		uid, err := unitIDDuring(ctx, tx, f.UnitCode, f.Span)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO session_figures (session_id, metric_id, unit_id, scope, span_from, span_to, value, value_max, verified, note, recorded, source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, sessionID, mid, uid, f.Scope, int(f.Span.From), int(f.Span.To), f.Value, f.ValueMax, f.Verified, f.Note, f.Recorded, f.Source)
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		if err := indexSession(ctx, tx, sessionID); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "session.figure.add", fmt.Sprint(sessionID), f.Metric)
	})
	return id, err
}

// PullFigures brings recorded values into a session in one transaction.
// A figure already reported for the same metric, unit, scope and span
// keeps its reported value and gets the recorded one beside it (the page
// flags a difference); a metric not yet reported is added with the
// recorded value, marked verified. It returns how many figures were added
// and how many were updated.
func (db *DB) PullFigures(ctx context.Context, sessionID int64, unitCode string, span oversight.Span, recorded map[string]float64, actor Actor) (added, updated int, err error) {
	defer wrap(&err, "pull figures")
	metricIDs, err := db.metricIDs(ctx)
	if err != nil {
		return 0, 0, err
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if err := sessionExists(ctx, tx, sessionID); err != nil {
			return err
		}
		uid, err := unitIDByCode(ctx, tx, unitCode)
		if err != nil {
			return err
		}
		// Catalogue order keeps the figures in the order people read them.
		for _, m := range oversight.Catalogue {
			v, ok := recorded[m.Code]
			if !ok {
				continue
			}
			res, err := tx.ExecContext(ctx, `UPDATE session_figures SET recorded = ? WHERE session_id = ? AND metric_id = ? AND unit_id = ?
  AND scope = 'unit' AND span_from = ? AND span_to = ? AND withdrawn_on IS NULL`, v, sessionID, metricIDs[m.Code], uid, int(span.From), int(span.To))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				updated += int(n)
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO session_figures (session_id, metric_id, unit_id, scope, span_from, span_to, value, verified, note, recorded)
VALUES (?, ?, ?, 'unit', ?, ?, ?, 1, '', ?)`, sessionID, metricIDs[m.Code], uid, int(span.From), int(span.To), v, v); err != nil {
				return err
			}
			added++
		}
		return audit(ctx, tx, db, actor, "session.figures.pull", fmt.Sprint(sessionID), fmt.Sprintf("added %d, updated %d", added, updated))
	})
	if err != nil {
		return 0, 0, err
	}
	return added, updated, nil
}

func (db *DB) figures(ctx context.Context, where string, args ...any) ([]oversight.Figure, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT f.id, m.code, f.unit_id, u.code, u.name, f.scope, f.span_from, f.span_to, f.value, f.value_max,
  f.verified, f.note, f.recorded, f.source, f.withdrawn_on, f.withdrawn_reason, u.kind
FROM session_figures f JOIN metrics m ON m.id = f.metric_id JOIN units u ON u.id = f.unit_id `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.Figure
	for rows.Next() {
		var f oversight.Figure
		var from, to int
		var withdrawn sql.NullString
		if err := rows.Scan(&f.ID, &f.Metric, &f.UnitID, &f.UnitCode, &f.UnitName, &f.Scope, &from, &to, &f.Value, &f.ValueMax,
			&f.Verified, &f.Note, &f.Recorded, &f.Source, &withdrawn, &f.WithdrawnReason, &f.UnitKind); err != nil {
			return nil, err
		}
		f.Span = oversight.Span{From: oversight.Month(from), To: oversight.Month(to)}
		f.WithdrawnOn = parseDatePtr(withdrawn)
		out = append(out, f)
	}
	return out, rows.Err()
}

func (db *DB) corrections(ctx context.Context, sessionID int64) ([]oversight.Correction, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, kind, item_id, action, at, user_name, reason, detail FROM session_corrections
WHERE session_id = ? ORDER BY id`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.Correction
	for rows.Next() {
		var c oversight.Correction
		if err := rows.Scan(&c.ID, &c.Kind, &c.ItemID, &c.Action, &c.At, &c.By, &c.Reason, &c.Detail); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// correct records a correction of a session's item in the session's
// history and in the audit log, inside the caller's transaction.
func correct(ctx context.Context, tx *sql.Tx, db *DB, actor Actor, sessionID int64, c oversight.Correction) error {
	name := actorName(actor)
	if _, err := tx.ExecContext(ctx, `INSERT INTO session_corrections (session_id, kind, item_id, action, at, user_name, reason, detail)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, sessionID, c.Kind, c.ItemID, c.Action, nowStr(db), name, c.Reason, c.Detail); err != nil {
		return err
	}
	action := "session.figure." + c.Action
	if c.Kind == oversight.CorrRecommendation {
		action = "rec." + c.Action
	}
	detail := fmt.Sprintf("%s %d: %s", c.Kind, c.ItemID, c.Reason)
	if c.Detail != "" {
		detail += " (" + c.Detail + ")"
	}
	return audit(ctx, tx, db, actor, action, fmt.Sprint(sessionID), detail)
}
