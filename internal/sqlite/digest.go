package sqlite

import (
	"context"
	"database/sql"
	"net/mail"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// SetUserEmail sets (or, with "", clears) the e-mail address the digest of
// due recommendations is sent to.
func (db *DB) SetUserEmail(ctx context.Context, name, email string, actor Actor) (err error) {
	defer wrap(&err, "set e-mail of %s", name)
	email = strings.TrimSpace(email)
	if email != "" {
		if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
			return &oversight.Error{Code: oversight.EInvalid, Field: "email",
				Key: "err.not_e_mail_address", Args: []any{email}}
		}
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET email = ? WHERE name = ?`, email, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("err.there_no_account", name)
		}
		return audit(ctx, tx, db, actor, "user.email", name, email)
	})
}

// DigestRecipients lists the e-mail addresses of the active staff
// accounts of a unit (the lead body's own staff), sorted.
func (db *DB) DigestRecipients(ctx context.Context, unitID int64) (_ []string, err error) {
	defer wrap(&err, "digest recipients of unit %d", unitID)
	rows, err := db.read.QueryContext(ctx, `SELECT email FROM users WHERE unit_id = ? AND role = 'staff' AND NOT disabled AND email <> '' ORDER BY email`, unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// PublishedRecommendations lists the recommendations of published
// sessions, not withdrawn, with their session's label (date · unit).
func (db *DB) PublishedRecommendations(ctx context.Context) (_ []oversight.Recommendation, labels map[int64]string, err error) {
	defer wrap(&err, "published recommendations")
	ss, err := db.Sessions(ctx)
	if err != nil {
		return nil, nil, err
	}
	labels = map[int64]string{}
	for _, s := range ss {
		if s.Published {
			labels[s.ID] = s.Date.Format("02/01/2006") + " · " + s.UnitName
		}
	}
	all, err := db.AllRecommendations(ctx)
	if err != nil {
		return nil, nil, err
	}
	var out []oversight.Recommendation
	for _, r := range all {
		if _, ok := labels[r.SessionID]; ok {
			out = append(out, r)
		}
	}
	return out, labels, nil
}

// ClaimDigest records that a lead body's digest of day is being sent; it
// answers false when it was already sent that day. ReleaseDigest undoes a
// claim whose sending failed.
func (db *DB) ClaimDigest(ctx context.Context, day time.Time, unitID int64) (claimed bool, err error) {
	defer wrap(&err, "claim digest")
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO digest_sent (day, unit_id, sent_at) VALUES (?, ?, ?)`,
			day.Format(time.DateOnly), unitID, nowStr(db))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		claimed = n == 1
		return nil
	})
	return claimed, err
}

// ReleaseDigest forgets a claim, so the digest is sent again later.
func (db *DB) ReleaseDigest(ctx context.Context, day time.Time, unitID int64) (err error) {
	defer wrap(&err, "release digest")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM digest_sent WHERE day = ? AND unit_id = ?`, day.Format(time.DateOnly), unitID)
		return err
	})
}
