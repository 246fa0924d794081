package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// WebSessions stores login sessions for github.com/alexedwards/scs/v2. It
// keeps them in the same database so a restart does not log everyone out.
// It is an scs.CtxStore: scs passes each request's context, so a request
// that is cancelled stops waiting for the database.
type WebSessions struct{ db *DB }

// WebSessions returns the scs store backed by this database.
func (db *DB) WebSessions() *WebSessions { return &WebSessions{db: db} }

// FindCtx returns the data of an unexpired session.
func (s *WebSessions) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := s.db.read.QueryRowContext(ctx, `SELECT data FROM web_sessions WHERE token = ? AND expiry > ?`, token, unixf(s.db.Now())).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("find login session: %w", err)
	}
	return b, true, nil
}

// CommitCtx stores a session.
func (s *WebSessions) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	_, err := s.db.write.ExecContext(ctx, `INSERT INTO web_sessions (token, data, expiry) VALUES (?, ?, ?)
ON CONFLICT(token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, b, unixf(expiry))
	if err != nil {
		return fmt.Errorf("store login session: %w", err)
	}
	return nil
}

// DeleteCtx removes a session.
func (s *WebSessions) DeleteCtx(ctx context.Context, token string) error {
	if _, err := s.db.write.ExecContext(ctx, `DELETE FROM web_sessions WHERE token = ?`, token); err != nil {
		return fmt.Errorf("delete login session: %w", err)
	}
	return nil
}

// Find, Commit and Delete complete scs.Store, which scs.CtxStore embeds;
// scs calls the Ctx methods whenever the store has them.

// Find is FindCtx without a request.
func (s *WebSessions) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit is CommitCtx without a request.
func (s *WebSessions) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// Delete is DeleteCtx without a request.
func (s *WebSessions) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// DeleteExpired removes sessions past their expiry.
func (s *WebSessions) DeleteExpired(ctx context.Context) error {
	if _, err := s.db.write.ExecContext(ctx, `DELETE FROM web_sessions WHERE expiry <= ?`, unixf(s.db.Now())); err != nil {
		return fmt.Errorf("delete expired login sessions: %w", err)
	}
	return nil
}

func unixf(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }
