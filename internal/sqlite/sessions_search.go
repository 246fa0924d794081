package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
)

// SearchSessions lists the sessions matching q, best matches first: each
// word must appear as a whole word and each "quoted phrase" as words in a
// row, anywhere in the session's text (discussion points, findings,
// recommendations and follow-ups included), ignoring case and Vietnamese
// diacritics. A match in the topic or the bodies counts more than one in a
// follow-up; ties go to the newest. An empty q lists every session, newest
// first.
func (db *DB) SearchSessions(ctx context.Context, q string) (_ []oversight.Session, err error) {
	defer wrap(&err, "search sessions")
	if err := db.indexMissing(ctx); err != nil {
		return nil, err
	}
	query := oversight.ParseQuery(q)
	from, order, args := "", "", []any{}
	if strings.TrimSpace(q) != "" {
		words := map[string]bool{}
		for _, w := range query.Words {
			words[w] = true
		}
		for _, p := range query.Phrases {
			for _, w := range p {
				words[w] = true
			}
		}
		if len(words) == 0 {
			return nil, nil // nothing searchable, e.g. only punctuation
		}
		in := strings.Repeat("?,", len(words))
		in = in[:len(in)-1]
		for w := range words {
			args = append(args, w)
		}
		args = append(args, len(words))
		from = ` JOIN (SELECT session_id, SUM(weight) AS score FROM session_words WHERE word IN (` + in + `)
  GROUP BY session_id HAVING COUNT(DISTINCT word) = ?) m ON m.session_id = s.id`
		where := ""
		for _, p := range query.Phrases {
			sub, subArgs := phraseSQL(p)
			where += ` AND s.id IN (` + sub + `)`
			args = append(args, subArgs...)
		}
		if where != "" {
			from += ` WHERE 1` + where
		}
		order = `m.score DESC, `
		if len(query.Words) > 1 {
			// Words typed without quotes that stand in a row in the text
			// match best: "chuyen doi so" before a session that has the
			// three words apart.
			sub, subArgs := phraseSQL(query.Words)
			order = `(s.id IN (` + sub + `)) DESC, ` + order
			args = append(args, subArgs...)
		}
	}
	return queryAll(ctx, db.read, scanSession, `SELECT `+sessionCols+` FROM supervision_sessions s JOIN units u ON u.id = s.unit_id`+from+
		` ORDER BY `+order+`s.held_on DESC, s.id DESC`, args...)
}

// phraseSQL selects the sessions where the words of p stand in a row.
func phraseSQL(p []string) (string, []any) {
	sub := `SELECT w0.session_id FROM session_words w0`
	var args []any
	for k := 1; k < len(p); k++ {
		sub += fmt.Sprintf(` JOIN session_words w%d ON w%d.session_id = w0.session_id AND w%d.pos = w0.pos + %d AND w%d.word = ?`, k, k, k, k, k)
		args = append(args, p[k])
	}
	return sub + ` WHERE w0.word = ?`, append(args, p[0])
}

// sessionTextTx reads, inside tx, the text a session is searched by.
func sessionTextTx(ctx context.Context, tx *sql.Tx, id int64) (oversight.Session, error) {
	s, err := scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM supervision_sessions s JOIN units u ON u.id = s.unit_id WHERE s.id = ?`, id))
	if err != nil {
		return s, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.content, u.name, r.responsible, r.output, r.deadline_text FROM recommendations r
JOIN units u ON u.id = r.lead_unit_id WHERE r.session_id = ? ORDER BY r.seq`, id)
	if err != nil {
		return s, err
	}
	for rows.Next() {
		var r oversight.Recommendation
		if err := rows.Scan(&r.ID, &r.Content, &r.LeadName, &r.Responsible, &r.Output, &r.DeadlineText); err != nil {
			rows.Close()
			return s, err
		}
		s.Recommendations = append(s.Recommendations, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s, err
	}
	for i := range s.Recommendations {
		fr, err := tx.QueryContext(ctx, `SELECT text FROM recommendation_followups WHERE rec_id = ? ORDER BY on_date, id`, s.Recommendations[i].ID)
		if err != nil {
			return s, err
		}
		for fr.Next() {
			var f oversight.FollowUp
			if err := fr.Scan(&f.Text); err != nil {
				fr.Close()
				return s, err
			}
			s.Recommendations[i].FollowUps = append(s.Recommendations[i].FollowUps, f)
		}
		fr.Close()
		if err := fr.Err(); err != nil {
			return s, err
		}
	}
	fg, err := tx.QueryContext(ctx, `SELECT note, source FROM session_figures WHERE session_id = ? ORDER BY id`, id)
	if err != nil {
		return s, err
	}
	defer fg.Close()
	for fg.Next() {
		var f oversight.Figure
		if err := fg.Scan(&f.Note, &f.Source); err != nil {
			return s, err
		}
		s.Figures = append(s.Figures, f)
	}
	return s, fg.Err()
}

// indexSession rewrites a session's words inside tx. Fields are kept
// apart in positions, so a phrase never runs from one into the next.
func indexSession(ctx context.Context, tx *sql.Tx, id int64) error {
	s, err := sessionTextTx(ctx, tx, id)
	if err != nil {
		return fmt.Errorf("index session %d: %w", id, err)
	}
	return writeWords(ctx, tx, "session_words", "session_id", id, s.SearchFields())
}

// indexMissing indexes the sessions that have no words yet (written
// before migration 00009).
func (db *DB) indexMissing(ctx context.Context) error {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM supervision_sessions s
WHERE NOT EXISTS (SELECT 1 FROM session_words w WHERE w.session_id = s.id)`).Scan(&n); err != nil || n == 0 {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM supervision_sessions s WHERE NOT EXISTS (SELECT 1 FROM session_words w WHERE w.session_id = s.id)`)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if err := indexSession(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
}
