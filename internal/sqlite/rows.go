package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cchc/cchc/internal/oversight"
)

// queryer is what queryAll reads from: the read pool or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryAll runs a query and scans every row with scan.
func queryAll[T any](ctx context.Context, q queryer, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// queryMap runs a query of two columns and returns the first as keys of the
// second: a metric's code and its id or value.
func queryMap[K comparable, V any](ctx context.Context, q queryer, query string, args ...any) (map[K]V, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[K]V{}
	for rows.Next() {
		var k K
		var v V
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// writeWords rewrites the search words of one record inside tx: table
// (session_words, programme_words) holds (owner column, pos, word,
// weight). Fields are kept apart in positions, so a phrase never runs from
// one field into the next.
func writeWords(ctx context.Context, tx *sql.Tx, table, owner string, id int64, fields []oversight.SearchField) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE `+owner+` = ?`, id); err != nil {
		return err
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO `+table+` (`+owner+`, pos, word, weight) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	pos := 0
	for _, f := range fields {
		for _, w := range oversight.Tokens(f.Text) {
			if _, err := st.ExecContext(ctx, id, pos, w, f.Weight); err != nil {
				return err
			}
			pos++
		}
		pos += 2
	}
	return nil
}

// anyInt, anyFloat and anyText read a column scanned into an any: SQLite
// answers INTEGER as int64, REAL as float64 (an integer stored in a REAL
// column may come back as either), TEXT as string or []byte. The columns
// read so are NOT NULL: anything else (a NULL among them) is a defect of
// the statement, and panics rather than reads as 0 (a missing figure is
// never 0; the server's recoverer answers 500 and logs it).
func anyInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	}
	panic(fmt.Sprintf("sqlite: a number column read %T %v", v, v))
}

func anyFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	}
	panic(fmt.Sprintf("sqlite: a number column read %T %v", v, v))
}

func anyText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	}
	panic(fmt.Sprintf("sqlite: a text column read %T %v", v, v))
}
