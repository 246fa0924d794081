package sqlite

import (
	"context"
	"database/sql"
)

// Actor is who does a change, for the audit log and for "entered by".
// The zero Actor is the system itself (migrations, seeding).
type Actor struct {
	UserID int64
	Name   string
}

// AuditEntry is one row of the append-only audit log.
type AuditEntry struct {
	ID       int64
	At       string
	UserID   int64
	UserName string
	Action   string
	Target   string
	Detail   string
}

func audit(ctx context.Context, tx *sql.Tx, db *DB, a Actor, action, target, detail string) error {
	var uid any
	if a.UserID != 0 {
		uid = a.UserID
	}
	name := a.Name
	if name == "" {
		name = "system"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, user_name, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)`,
		nowStr(db), uid, name, action, target, detail)
	return err
}

// Audit appends one entry to the audit log on its own.
func (db *DB) Audit(ctx context.Context, a Actor, action, target, detail string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return audit(ctx, tx, db, a, action, target, detail) })
}

// AuditLog returns the latest entries, newest first.
func (db *DB) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, at, COALESCE(user_id, 0), user_name, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.UserName, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
