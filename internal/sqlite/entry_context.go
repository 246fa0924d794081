package sqlite

import (
	"context"

	"github.com/cchc/cchc/internal/oversight"
)

// What checking a unit's month needs: its stored figures and their history.

func metricMaps(ctx context.Context, q querier) (ids map[string]int64, codes map[int64]string, err error) {
	rows, err := q.QueryContext(ctx, `SELECT code, id FROM metrics`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	ids, codes = map[string]int64{}, map[int64]string{}
	for rows.Next() {
		var c string
		var id int64
		if err := rows.Scan(&c, &id); err != nil {
			return nil, nil, err
		}
		ids[c], codes[id] = id, c
	}
	return ids, codes, rows.Err()
}

// monthContext loads a unit's stored figures for month m and the
// HistoryMonths before it, through the (unit, period) index.
func monthContext(ctx context.Context, q querier, unitID int64, m oversight.Month, codeOf map[int64]string) (oversight.MonthContext, error) {
	out := oversight.MonthContext{Stored: map[string]float64{}, History: map[string][]float64{}, Previous: map[string]float64{}}
	rows, err := q.QueryContext(ctx, `SELECT metric_id, period, value FROM metric_values WHERE unit_id = ? AND period BETWEEN ? AND ?`,
		unitID, int(m.Add(-HistoryMonths)), int(m))
	if err != nil {
		return out, err
	}
	defer rows.Close()
	for rows.Next() {
		var mid int64
		var period int
		var v float64
		if err := rows.Scan(&mid, &period, &v); err != nil {
			return out, err
		}
		code := codeOf[mid]
		if oversight.Month(period) == m {
			out.Stored[code] = v
			continue
		}
		out.History[code] = append(out.History[code], v)
		if oversight.Month(period) == m.Add(-1) {
			out.Previous[code] = v
		}
	}
	return out, rows.Err()
}

// EntryContext returns a unit's stored figures for month m and their
// history, as the form shows them (last month, usual range).
func (db *DB) EntryContext(ctx context.Context, unitID int64, m oversight.Month) (oversight.MonthContext, error) {
	_, codeOf, err := metricMaps(ctx, db.read)
	if err != nil {
		return oversight.MonthContext{}, err
	}
	return monthContext(ctx, db.read, unitID, m, codeOf)
}
