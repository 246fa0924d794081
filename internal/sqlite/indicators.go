package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// Reported figures of any kind (migration 00016).

// AddIndicator records a figure of any kind cited at a session; its unit,
// if any, by code.
func (db *DB) AddIndicator(ctx context.Context, sessionID int64, i oversight.ReportedFigure, actor Actor) (id int64, err error) {
	defer wrap(&err, "add reported figure to session %d", sessionID)
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM supervision_sessions WHERE id = ?`, sessionID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound("err.there_no_supervision_session", sessionID)
		}
		var uid any
		if i.UnitCode != "" {
			u, err := unitIDByCode(ctx, tx, i.UnitCode)
			if err != nil {
				var oe *oversight.Error
				if errors.As(err, &oe) {
					oe.Field = "unit"
				}
				return err
			}
			uid = u
		}
		var of any
		if i.RankOf > 0 {
			of = i.RankOf
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO session_indicators (session_id, label, family, kind, value_text, value, rank_of, period_kind,
  span_from, span_to, unit_id, scope_name, metric, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			sessionID, strings.TrimSpace(i.Label), i.Family, i.Kind, strings.TrimSpace(i.ValueText), i.Value, of, i.PeriodKind,
			int(i.Span.From), int(i.Span.To), uid, strings.TrimSpace(i.ScopeName), i.Metric, strings.TrimSpace(i.Source))
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		return audit(ctx, tx, db, actor, "session.indicator.add", fmt.Sprint(sessionID), fmt.Sprintf("%s = %s", i.Label, i.ValueText))
	})
	return id, err
}

// WithdrawIndicator withdraws a reported figure with a reason: it stays
// on record, struck through, and the audit log keeps why.
func (db *DB) WithdrawIndicator(ctx context.Context, sessionID, id int64, reason string, on time.Time, actor Actor) (err error) {
	defer wrap(&err, "withdraw reported figure %d", id)
	if err := oversight.CheckCorrection(reason); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var withdrawn sql.NullString
		var label, value string
		err := tx.QueryRowContext(ctx, `SELECT withdrawn_on, label, value_text FROM session_indicators WHERE id = ? AND session_id = ?`, id, sessionID).
			Scan(&withdrawn, &label, &value)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("err.supervision_session_has_no_2", sessionID, id)
		}
		if err != nil {
			return err
		}
		if err := oversight.Withdrawable(withdrawn.Valid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE session_indicators SET withdrawn_on = ?, withdrawn_reason = ? WHERE id = ?`,
			on.Format(time.DateOnly), reason, id); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "session.indicator.withdraw", fmt.Sprint(sessionID), fmt.Sprintf("%s = %s: %s", label, value, reason))
	})
}

// IndicatorsOf lists the reported figures about a unit across published
// sessions (or every session, with drafts), of one index family or all
// ("" family), oldest period first; withdrawn ones are left out.
func (db *DB) IndicatorsOf(ctx context.Context, unitID int64, family string, drafts bool) (_ []oversight.ReportedFigure, err error) {
	defer wrap(&err, "reported figures of unit %d", unitID)
	where := `WHERE i.unit_id = ? AND i.withdrawn_on IS NULL AND (? = '' OR i.family = ?)`
	if !drafts {
		where += ` AND s.published`
	}
	return db.indicators(ctx, where+` ORDER BY i.span_from, s.held_on, i.id`, unitID, family, family)
}

func (db *DB) indicators(ctx context.Context, where string, args ...any) ([]oversight.ReportedFigure, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT i.id, i.session_id, s.held_on, i.label, i.family, i.kind, i.value_text, i.value, COALESCE(i.rank_of, 0),
  i.period_kind, i.span_from, i.span_to, COALESCE(i.unit_id, 0), COALESCE(u.code, ''), COALESCE(u.name, ''), i.scope_name, i.metric, i.source,
  i.withdrawn_on, i.withdrawn_reason
FROM session_indicators i JOIN supervision_sessions s ON s.id = i.session_id LEFT JOIN units u ON u.id = i.unit_id `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.ReportedFigure
	for rows.Next() {
		var i oversight.ReportedFigure
		var held string
		var from, to int
		var withdrawn sql.NullString
		if err := rows.Scan(&i.ID, &i.SessionID, &held, &i.Label, &i.Family, &i.Kind, &i.ValueText, &i.Value, &i.RankOf, &i.PeriodKind,
			&from, &to, &i.UnitID, &i.UnitCode, &i.UnitName, &i.ScopeName, &i.Metric, &i.Source, &withdrawn, &i.WithdrawnReason); err != nil {
			return nil, err
		}
		i.SessionDate, _ = time.Parse(time.DateOnly, held)
		i.Span = oversight.Span{From: oversight.Month(from), To: oversight.Month(to)}
		i.WithdrawnOn = parseDatePtr(withdrawn)
		out = append(out, i)
	}
	return out, rows.Err()
}
