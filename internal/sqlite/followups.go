package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// AddFollowUp records a follow-up and its evidence files (already stored
// on disk by the caller). When the recommendation is still issued, the
// first follow-up puts it in progress.
func (db *DB) AddFollowUp(ctx context.Context, recID int64, f oversight.FollowUp, actor Actor) (_ int64, err error) {
	defer wrap(&err, "add follow up")
	var id int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var status string
		var sessionID int64
		err := tx.QueryRowContext(ctx, `SELECT status, session_id FROM recommendations WHERE id = ?`, recID).Scan(&status, &sessionID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("err.there_no_recommendation", recID)
		}
		if err != nil {
			return err
		}
		var by any
		if actor.UserID != 0 {
			by = actor.UserID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO recommendation_followups (rec_id, on_date, text, author_id, author, on_behalf) VALUES (?, ?, ?, ?, ?, ?)`,
			recID, f.Date.Format(time.DateOnly), f.Text, by, f.Author, f.OnBehalf)
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		for _, e := range f.Evidence {
			if _, err := tx.ExecContext(ctx, `INSERT INTO recommendation_evidence (followup_id, sha256, name, content_type, size) VALUES (?, ?, ?, ?, ?)`,
				id, e.SHA256, e.Name, e.ContentType, e.Size); err != nil {
				return err
			}
		}
		if status == oversight.RecIssued {
			if _, err := tx.ExecContext(ctx, `UPDATE recommendations SET status = ? WHERE id = ?`, oversight.RecInProgress, recID); err != nil {
				return err
			}
		}
		if err := indexSession(ctx, tx, sessionID); err != nil {
			return err
		}
		detail := f.Text
		if f.OnBehalf {
			detail = "(on behalf of the lead body) " + detail
		}
		return audit(ctx, tx, db, actor, "rec.followup", fmt.Sprint(recID), detail)
	})
	return id, err
}

func (db *DB) evidenceOf(ctx context.Context, followupID int64) ([]oversight.Evidence, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT sha256, name, content_type, size FROM recommendation_evidence WHERE followup_id = ? ORDER BY id`, followupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.Evidence
	for rows.Next() {
		var e oversight.Evidence
		if err := rows.Scan(&e.SHA256, &e.Name, &e.ContentType, &e.Size); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// EvidenceBySHA returns an evidence file's record, so only files attached
// to a follow-up are served.
func (db *DB) EvidenceBySHA(ctx context.Context, sha string) (_ oversight.Evidence, err error) {
	defer wrap(&err, "evidence by s h a")
	var e oversight.Evidence
	err = db.read.QueryRowContext(ctx, `SELECT sha256, name, content_type, size FROM recommendation_evidence WHERE sha256 = ? ORDER BY id LIMIT 1`, sha).
		Scan(&e.SHA256, &e.Name, &e.ContentType, &e.Size)
	if errors.Is(err, sql.ErrNoRows) {
		return e, notFound("err.there_no_such_evidence")
	}
	return e, err
}

// EvidencePublished reports whether a file is evidence in at least one
// published session; a draft's evidence is for its delegates only.
func (db *DB) EvidencePublished(ctx context.Context, sha string) (_ bool, err error) {
	defer wrap(&err, "evidence published")
	var n int
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM recommendation_evidence e
JOIN recommendation_followups f ON f.id = e.followup_id
JOIN recommendations r ON r.id = f.rec_id
JOIN supervision_sessions s ON s.id = r.session_id
WHERE e.sha256 = ? AND s.published = 1`, sha).Scan(&n)
	return n > 0, err
}
