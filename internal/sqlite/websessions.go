package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// WebSessions stores login sessions for github.com/alexedwards/scs/v2. It
// keeps them in the same database so a restart does not log everyone out.
type WebSessions struct{ db *DB }

// WebSessions returns the scs store backed by this database.
func (db *DB) WebSessions() *WebSessions { return &WebSessions{db: db} }

// Find returns the data of an unexpired session.
func (s *WebSessions) Find(token string) ([]byte, bool, error) {
	var b []byte
	err := s.db.read.QueryRow(`SELECT data FROM web_sessions WHERE token = ? AND expiry > ?`, token, unixf(s.db.Now())).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return b, err == nil, err
}

// Commit stores a session.
func (s *WebSessions) Commit(token string, b []byte, expiry time.Time) error {
	_, err := s.db.write.Exec(`INSERT INTO web_sessions (token, data, expiry) VALUES (?, ?, ?)
ON CONFLICT(token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, b, unixf(expiry))
	return err
}

// Delete removes a session.
func (s *WebSessions) Delete(token string) error {
	_, err := s.db.write.Exec(`DELETE FROM web_sessions WHERE token = ?`, token)
	return err
}

// DeleteExpired removes sessions past their expiry.
func (s *WebSessions) DeleteExpired(ctx context.Context) error {
	_, err := s.db.write.ExecContext(ctx, `DELETE FROM web_sessions WHERE expiry <= ?`, unixf(s.db.Now()))
	return err
}

func unixf(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }
