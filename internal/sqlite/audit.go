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

func audit(ctx context.Context, tx *sql.Tx, db *DB, a Actor, action, target, detail string) (err error) {
	defer wrap(&err, "write the audit row %s %s", action, target)
	var uid any
	if a.UserID != 0 {
		uid = a.UserID
	}
	name := actorName(a)
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, user_name, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)`,
		nowStr(db), uid, name, action, target, detail)
	return err
}

// Audit appends one entry to the audit log on its own.
func (db *DB) Audit(ctx context.Context, a Actor, action, target, detail string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return audit(ctx, tx, db, a, action, target, detail) })
}

// AuditLog returns the latest entries, newest first.
func (db *DB) AuditLog(ctx context.Context, limit int) (_ []AuditEntry, err error) {
	defer wrap(&err, "read the last %d audit entries", limit)
	return queryAll(ctx, db.read, scanAuditEntry, `SELECT `+auditCols+` FROM audit_log ORDER BY id DESC LIMIT ?`, limit)
}

// auditCols are the columns scanAuditEntry reads.
const auditCols = `id, at, COALESCE(user_id, 0), user_name, action, target, detail`

func scanAuditEntry(sc scanner) (AuditEntry, error) {
	var e AuditEntry
	err := sc.Scan(&e.ID, &e.At, &e.UserID, &e.UserName, &e.Action, &e.Target, &e.Detail)
	return e, err
}

// AuditFilter selects audit entries for the audit page.
type AuditFilter struct {
	// Action keeps entries whose action is this one ("login.failed"), or
	// starts with it followed by a dot ("user" keeps user.create and
	// user.update). Empty keeps all.
	Action string
	// User keeps entries by this user name. Empty keeps all.
	User string
	// Before keeps entries with an id below it (the next page). 0 starts
	// with the newest.
	Before int64
	// Limit is the page size (default 100, at most 1000).
	Limit int
}

// AuditPage returns audit entries matching f, newest first.
func (db *DB) AuditPage(ctx context.Context, f AuditFilter) (_ []AuditEntry, err error) {
	defer wrap(&err, "read a page of the audit log")
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	q := `SELECT ` + auditCols + ` FROM audit_log WHERE 1=1`
	var args []any
	if f.Action != "" {
		q += ` AND (action = ? OR (action >= ? AND action < ?))`
		// A prefix range instead of LIKE, so the (action, id) index serves it.
		args = append(args, f.Action, f.Action+".", f.Action+"/")
	}
	if f.User != "" {
		q += ` AND user_name = ?`
		args = append(args, f.User)
	}
	if f.Before > 0 {
		q += ` AND id < ?`
		args = append(args, f.Before)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, f.Limit)
	return queryAll(ctx, db.read, scanAuditEntry, q, args...)
}

// AuditActions lists every action the log holds, with how many entries
// each has, so the audit page can offer whatever actions other features
// write without a list of its own.
func (db *DB) AuditActions(ctx context.Context) (_ []AuditCount, err error) {
	defer wrap(&err, "count the audit entries by action")
	return queryAll(ctx, db.read, func(sc scanner) (AuditCount, error) {
		var a AuditCount
		err := sc.Scan(&a.Action, &a.Count)
		return a, err
	}, `SELECT action, COUNT(*) FROM audit_log GROUP BY action ORDER BY action`)
}

// AuditCount is how many audit entries an action has.
type AuditCount struct {
	Action string
	Count  int
}

// actorName is the name a record keeps of who made a change: "system" for
// the program itself (seeds, imports without a user).
func actorName(a Actor) string {
	if a.Name == "" {
		return "system"
	}
	return a.Name
}
