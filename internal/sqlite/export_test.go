package sqlite

import "context"

// ExecForTest runs a statement on the writer, for tests that check what
// the schema refuses.
func (db *DB) ExecForTest(ctx context.Context, q string) error {
	_, err := db.write.ExecContext(ctx, q)
	return err
}
