package sqlite

import "context"

// FoldNameForTest exposes foldName, the Go side of the search's folding.
func FoldNameForTest(s string) string { return foldName(s) }

// FoldedNameForTest reads units.fold_name, the SQL side (migration 00023).
func (db *DB) FoldedNameForTest(ctx context.Context, id int64) (string, error) {
	var s string
	err := db.read.QueryRowContext(ctx, `SELECT fold_name FROM units WHERE id = ?`, id).Scan(&s)
	return s, err
}
