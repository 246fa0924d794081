package sqlite

import "context"

// LeavesOf exposes dash_leaves to the store's tests: the rows kept for a
// unit, summed (how many leaves it expects over all time).
func LeavesOf(db *DB, ctx context.Context, unitID int64) (rows, leaves int, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(n), 0) FROM dash_leaves WHERE unit_id = ?`, unitID).Scan(&rows, &leaves)
	return rows, leaves, err
}
