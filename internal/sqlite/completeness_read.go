package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
)

// Reading reporting completeness (values.go: Completeness) from the
// roll-ups: the expected leaves (dash_leaves) and the units that reported
// (dash_reported).

// completenessRollup answers Completeness: for a unit with children from
// dash_reported (reported) and dash_leaves (expected: its leaves counted by
// their dates of validity, so that each month is compared with a few
// groups), in one statement; a leaf (no units below it but organisations)
// from its own dates and figures in the same statement. ok is false when
// roll-ups are stale or the leaves not yet counted, and the caller then
// counts from the figures (completenessExact).
func (db *DB) completenessRollup(ctx context.Context, unitID int64, s oversight.Span, scopes ...bool) (out map[bool][]Reporting, ok bool, err error) {
	months := s.Months()
	vals := make([]string, len(months))
	var args []any
	for i, m := range months {
		vals[i] = "(?)"
		args = append(args, int(m))
	}
	args = append(args, unitID, unitID, unitID, unitID)
	q := `WITH months(p) AS (VALUES ` + strings.Join(vals, ", ") + `)
SELECT 0, 0, months.p, COALESCE(SUM(vu.n), 0) FROM months LEFT JOIN dash_leaves vu ON vu.unit_id = ? AND ` + existedIn("vu", "months.p") + ` GROUP BY months.p
UNION ALL SELECT 1, 0, 0, EXISTS (SELECT 1 FROM units c WHERE c.parent_id = ? AND ` + territorial("c") + `)
UNION ALL SELECT 3, 0, 0, EXISTS (SELECT 1 FROM dash_dirty)
UNION ALL SELECT 4, 0, 0, EXISTS (SELECT 1 FROM dash_leaves WHERE unit_id = ?)
UNION ALL SELECT 5, 0, months.p, 1 FROM months JOIN units vu ON vu.id = ? AND ` + territorial("vu") + ` AND ` + existedIn("vu", "months.p")
	// Per scope (the second column: 1 for approved figures), the units
	// that reported by month, and the months a leaf holds a figure in (an
	// approved one: its month approved), through the (unit, period) index.
	for _, approved := range scopes {
		scope, k := scopeAll, 0
		if approved {
			scope, k = scopeApproved, 1
		}
		own := `SELECT 6, ?, period, 1 FROM metric_values INDEXED BY metric_values_unit WHERE unit_id = ? AND period BETWEEN ? AND ? GROUP BY period`
		if approved {
			own = `SELECT 6, ?, e.period, 1 FROM entry_months e WHERE e.unit_id = ? AND e.period BETWEEN ? AND ? AND e.status = 'approved'
  AND EXISTS (SELECT 1 FROM metric_values v INDEXED BY metric_values_unit WHERE v.unit_id = e.unit_id AND v.period = e.period)`
		}
		q += `
UNION ALL SELECT 2, ?, period, n FROM dash_reported WHERE scope = ? AND unit_id = ? AND period BETWEEN ? AND ?
UNION ALL ` + own
		args = append(args, k, scope.name, unitID, int(s.From), int(s.To), k, unitID, int(s.From), int(s.To))
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, fmt.Errorf("completeness: %w", err)
	}
	defer rows.Close()
	expected := map[oversight.Month]int{}
	var reported [2]map[oversight.Month]int
	var leafReported [2]map[oversight.Month]bool
	for k := range reported {
		reported[k], leafReported[k] = map[oversight.Month]int{}, map[oversight.Month]bool{}
	}
	leafExpected := map[oversight.Month]bool{}
	inner, stale, counted := false, false, false
	// Scanned into any, as SubtreeRollups.
	var row [4]any
	dest := []any{&row[0], &row[1], &row[2], &row[3]}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, false, err
		}
		kind, k, p, n := anyInt(row[0]), anyInt(row[1])&1, oversight.Month(anyInt(row[2])), int(anyInt(row[3]))
		switch kind {
		case 0:
			expected[p] = n
		case 1:
			inner = n == 1
		case 2:
			reported[k][p] = n
		case 3:
			stale = n == 1
		case 4:
			counted = n == 1
		case 5:
			leafExpected[p] = true
		case 6:
			leafReported[k][p] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	if inner && (stale || !counted) {
		return nil, false, nil
	}
	out = map[bool][]Reporting{}
	for _, approved := range scopes {
		k := 0
		if approved {
			k = 1
		}
		rs := make([]Reporting, 0, len(months))
		for _, m := range months {
			r := Reporting{Month: m, Expected: expected[m], Reported: reported[k][m]}
			if !inner {
				// A leaf expects itself, in the months it existed (not
				// at all when it is an organisation), and reported when
				// it holds a figure then.
				r = Reporting{Month: m}
				if leafExpected[m] {
					r.Expected = 1
					if leafReported[k][m] {
						r.Reported = 1
					}
				}
			}
			rs = append(rs, r)
		}
		out[approved] = rs
	}
	return out, true, nil
}
