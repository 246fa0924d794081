package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// AddRecommendation adds a recommendation to a session, numbered after
// the last one, with status issued.
func (db *DB) AddRecommendation(ctx context.Context, sessionID int64, r oversight.Recommendation, actor Actor) (_ int64, err error) {
	defer wrap(&err, "add recommendation")
	var id int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if err := sessionExists(ctx, tx, sessionID); err != nil {
			return err
		}
		lu, err := unitIDByCode(ctx, tx, r.LeadCode)
		if err != nil {
			return oversight.AtField(err, "lead")
		}
		if err := checkLeadTx(ctx, tx, sessionID, lu, db.Now(), r.History); err != nil {
			return err
		}
		for _, code := range r.CoUnits {
			if _, err := unitIDByCode(ctx, tx, code); err != nil {
				return oversight.AtField(err, "co_units")
			}
		}
		var seq int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM recommendations WHERE session_id = ?`, sessionID).Scan(&seq); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO recommendations (session_id, seq, content, lead_unit_id, co_units, responsible, output, deadline, status, status_note,
  deadline_text, deadline_to)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)`, sessionID, seq, r.Content, lu, jsonList(r.CoUnits), r.Responsible, r.Output, dateStr(r.Deadline), oversight.RecIssued,
			r.DeadlineText, dateStr(r.DeadlineTo))
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		if err := indexSession(ctx, tx, sessionID); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "rec.create", fmt.Sprint(id), r.Content)
	})
	return id, err
}

// Recommendation returns one recommendation with its follow-ups and their
// evidence.
func (db *DB) Recommendation(ctx context.Context, id int64) (_ oversight.Recommendation, err error) {
	defer wrap(&err, "recommendation")
	rs, err := db.recommendations(ctx, `WHERE r.id = ?`, id)
	if err != nil {
		return oversight.Recommendation{}, err
	}
	if len(rs) == 0 {
		return oversight.Recommendation{}, notFound("err.there_no_recommendation", id)
	}
	return rs[0], nil
}

// AllRecommendations lists every recommendation not withdrawn, by
// deadline, for the tracker.
func (db *DB) AllRecommendations(ctx context.Context) (_ []oversight.Recommendation, err error) {
	defer wrap(&err, "all recommendations")
	return db.recommendations(ctx, `WHERE r.withdrawn_on IS NULL ORDER BY r.deadline IS NULL, r.deadline, r.session_id, r.seq`)
}

// SaveRecStatus stores the status of r after an action, provided the
// recommendation is still in status from: two people acting at once do
// not overwrite each other (the second gets a conflict).
func (db *DB) SaveRecStatus(ctx context.Context, r oversight.Recommendation, from string, action oversight.RecAction, actor Actor) (err error) {
	defer wrap(&err, "save rec status")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE recommendations SET status = ?, status_note = ?, verified_on = ? WHERE id = ? AND status = ?
  AND withdrawn_on IS NULL`,
			r.Status, r.StatusNote, dateStr(r.VerifiedOn), r.ID, from)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return oversight.Errf(oversight.EConflict, "err.someone_else_has_just")
		}
		return audit(ctx, tx, db, actor, "rec."+string(action), fmt.Sprint(r.ID), r.Status+" "+r.StatusNote)
	})
}

// UpdateRecommendation corrects a recommendation's content, lead unit,
// co-units, responsible person, output and deadline; the reason is kept
// in the session's history and the audit log. Its status and follow-ups
// stay as they are; a withdrawn recommendation is not edited.
func (db *DB) UpdateRecommendation(ctx context.Context, r oversight.Recommendation, reason string, actor Actor) (err error) {
	defer wrap(&err, "update recommendation %d", r.ID)
	if err := oversight.CheckCorrection(reason); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := recIn(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		if err := oversight.Withdrawable(old.withdrawn.Valid); err != nil {
			return err
		}
		lu, err := unitIDByCode(ctx, tx, r.LeadCode)
		if err != nil {
			return oversight.AtField(err, "lead")
		}
		if err := checkLeadTx(ctx, tx, old.sessionID, lu, db.Now(), r.History); err != nil {
			return err
		}
		for _, code := range r.CoUnits {
			if _, err := unitIDByCode(ctx, tx, code); err != nil {
				return oversight.AtField(err, "co_units")
			}
		}
		co := jsonList(r.CoUnits)
		if _, err := tx.ExecContext(ctx, `UPDATE recommendations SET content = ?, lead_unit_id = ?, co_units = ?, responsible = ?, output = ?, deadline = ?,
  deadline_text = ?, deadline_to = ? WHERE id = ?`, r.Content, lu, co, r.Responsible, r.Output, dateStr(r.Deadline), r.DeadlineText, dateStr(r.DeadlineTo), r.ID); err != nil {
			return err
		}
		var changes []string
		change := func(name, a, b string) {
			if a != b {
				changes = append(changes, fmt.Sprintf("%s: %q → %q", name, a, b))
			}
		}
		change("content", old.content, r.Content)
		change("lead_unit", old.lead, r.LeadCode)
		change("co_units", old.co, co)
		change("responsible", old.responsible, r.Responsible)
		change("output", old.output, r.Output)
		nd, _ := dateStr(r.Deadline).(string)
		change("deadline", old.deadline.String, nd)
		change("deadline_text", old.deadlineText, r.DeadlineText)
		nt, _ := dateStr(r.DeadlineTo).(string)
		change("deadline_to", old.deadlineTo.String, nt)
		if err := indexSession(ctx, tx, old.sessionID); err != nil {
			return err
		}
		return correct(ctx, tx, db, actor, old.sessionID, oversight.Correction{Kind: oversight.CorrRecommendation, ItemID: r.ID,
			Action: oversight.CorrEdit, Reason: strings.TrimSpace(reason), Detail: strings.Join(changes, "; ")})
	})
}

// WithdrawRecommendation withdraws a recommendation: it stays on the
// session's page, struck through with the reason and the day on, and
// leaves the tracker.
func (db *DB) WithdrawRecommendation(ctx context.Context, id int64, reason string, on time.Time, actor Actor) (err error) {
	defer wrap(&err, "withdraw recommendation %d", id)
	if err := oversight.CheckCorrection(reason); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := recIn(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := oversight.Withdrawable(old.withdrawn.Valid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE recommendations SET withdrawn_on = ?, withdrawn_reason = ? WHERE id = ?`,
			on.Format(time.DateOnly), reason, id); err != nil {
			return err
		}
		return correct(ctx, tx, db, actor, old.sessionID, oversight.Correction{Kind: oversight.CorrRecommendation, ItemID: id,
			Action: oversight.CorrWithdraw, Reason: reason, Detail: old.content})
	})
}

type storedRec struct {
	sessionID                              int64
	content, lead, co, responsible, output string
	deadline, withdrawn, deadlineTo        sql.NullString
	deadlineText                           string
}

func recIn(ctx context.Context, tx *sql.Tx, id int64) (storedRec, error) {
	var r storedRec
	err := tx.QueryRowContext(ctx, `SELECT r.session_id, r.content, u.code, r.co_units, r.responsible, r.output, r.deadline, r.withdrawn_on, r.deadline_to, r.deadline_text
FROM recommendations r JOIN units u ON u.id = r.lead_unit_id WHERE r.id = ?`, id).
		Scan(&r.sessionID, &r.content, &r.lead, &r.co, &r.responsible, &r.output, &r.deadline, &r.withdrawn, &r.deadlineTo, &r.deadlineText)
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound("err.there_no_recommendation", id)
	}
	return r, err
}

// RecommendationsByLead lists the recommendations of published sessions
// whose lead unit is in the subtree of a unit. A draft's recommendations
// are not issued yet, and the unit page is open to every role A withdrawn one is left out.
func (db *DB) RecommendationsByLead(ctx context.Context, unitID int64) (_ []oversight.Recommendation, err error) {
	defer wrap(&err, "recommendations by lead")
	// Up from each recommendation's lead unit rather than down the unit's
	// subtree: the national root's subtree is 14,000 units (25 ms), its
	// recommendations a few hundred walks of four steps.
	return db.recommendations(ctx, `WHERE r.id IN (WITH RECURSIVE up(rec, id) AS (
  SELECT r2.id, r2.lead_unit_id FROM recommendations r2
  WHERE r2.withdrawn_on IS NULL AND r2.session_id IN (SELECT id FROM supervision_sessions WHERE published)
  UNION ALL SELECT up.rec, u.parent_id FROM up JOIN units u ON u.id = up.id WHERE u.parent_id IS NOT NULL)
  SELECT rec FROM up WHERE id = ?) ORDER BY r.deadline, r.id`, unitID)
}

func (db *DB) recommendations(ctx context.Context, where string, args ...any) ([]oversight.Recommendation, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT r.id, r.session_id, r.seq, r.content, r.lead_unit_id, u.code, u.name, r.co_units, r.responsible, r.output,
  r.deadline, r.status, r.status_note, r.verified_on, r.withdrawn_on, r.withdrawn_reason, r.deadline_text, r.deadline_to FROM recommendations r JOIN units u ON u.id = r.lead_unit_id `+where, args...)
	if err != nil {
		return nil, err
	}
	var out []oversight.Recommendation
	for rows.Next() {
		var r oversight.Recommendation
		var co string
		var deadline, verified, withdrawn, deadlineTo sql.NullString
		if err := rows.Scan(&r.ID, &r.SessionID, &r.Seq, &r.Content, &r.LeadUnitID, &r.LeadCode, &r.LeadName, &co, &r.Responsible, &r.Output,
			&deadline, &r.Status, &r.StatusNote, &verified, &withdrawn, &r.WithdrawnReason, &r.DeadlineText, &deadlineTo); err != nil {
			rows.Close()
			return nil, err
		}
		_ = json.Unmarshal([]byte(co), &r.CoUnits)
		r.Deadline, r.VerifiedOn, r.WithdrawnOn, r.DeadlineTo = parseDatePtr(deadline), parseDatePtr(verified), parseDatePtr(withdrawn), parseDatePtr(deadlineTo)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		fr, err := db.read.QueryContext(ctx, `SELECT id, on_date, text, author, COALESCE(author_id, 0), on_behalf FROM recommendation_followups WHERE rec_id = ? ORDER BY on_date, id`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for fr.Next() {
			var f oversight.FollowUp
			var d string
			if err := fr.Scan(&f.ID, &d, &f.Text, &f.Author, &f.AuthorID, &f.OnBehalf); err != nil {
				fr.Close()
				return nil, err
			}
			f.Date, _ = time.Parse(time.DateOnly, d)
			out[i].FollowUps = append(out[i].FollowUps, f)
		}
		fr.Close()
		if err := fr.Err(); err != nil {
			return nil, err
		}
		for j := range out[i].FollowUps {
			if out[i].FollowUps[j].Evidence, err = db.evidenceOf(ctx, out[i].FollowUps[j].ID); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
