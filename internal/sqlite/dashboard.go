package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
)

// The dashboard reads subtree totals from dash_rollup (migration 00005):
// one row per (unit with children, count metric, month). Triggers mark the
// slices a write makes stale in dash_dirty; the write's own transaction
// recomputes them before it commits (refreshStale, figures.go). See
// docs/PERFORMANCE.md, "## dashboard".

// rollupAncestorsCTE pairs every unit with itself and each of its ancestors
// as anc(unit_id, anc_id).
// Only units holding figures or approvals start a chain: at 14,000 units
// (the official tree) walking every unit's ancestors per statement made a
// demo load take 45 s instead of well under one.
const rollupAncestorsCTE = `WITH RECURSIVE anc(unit_id, anc_id) AS (
  SELECT id, id FROM units WHERE id IN (SELECT unit_id FROM metric_values UNION SELECT unit_id FROM entry_months)
  UNION ALL
  SELECT a.unit_id, u.parent_id FROM anc a JOIN units u ON u.id = a.anc_id WHERE u.parent_id IS NOT NULL
) `

// existedIn is true when unit row vu existed in month period (YYYYMM): a
// unit's figures count only for the months it existed (oversight.AggregateIn).
func existedIn(vu, period string) string {
	return `(` + vu + `.valid_from IS NULL OR ` + period + ` >= CAST(strftime('%Y%m', ` + vu + `.valid_from) AS INTEGER))
  AND (` + vu + `.valid_to IS NULL OR ` + period + ` <= CAST(strftime('%Y%m', ` + vu + `.valid_to) AS INTEGER))`
}

// rollupInsert sums count metrics' values into the roll-ups of every unit
// that has children; the caller adds a WHERE on v (or nothing). A month's
// roll-up is what oversight.Monthly gives for that month: for a count, a
// flow or a stock alike, the sum of the values of the units that existed.
var rollupInsert = rollupAncestorsCTE + `
INSERT INTO dash_rollup (unit_id, metric_id, period, value, n)
SELECT a.anc_id, v.metric_id, v.period, SUM(v.value), COUNT(*)
FROM metric_values v JOIN anc a ON a.unit_id = v.unit_id
JOIN metrics m ON m.id = v.metric_id AND m.kind = 'count'
JOIN units vu ON vu.id = v.unit_id
WHERE a.anc_id IN (SELECT parent_id FROM units WHERE parent_id IS NOT NULL) AND ` + existedIn("vu", "v.period") + ` `

// RebuildRollups recomputes every roll-up from metric_values. Bulk loads
// that bypass the triggers (the synthetic seed) or compute roll-ups
// themselves call it, or WriteRollups, before the first read.
func (db *DB) RebuildRollups(ctx context.Context) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		return rebuildAll(ctx, tx)
	})
}

func rebuildRollups(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM dash_rollup`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, rollupInsert+`GROUP BY 1, 2, 3`); err != nil {
		return fmt.Errorf("rebuild roll-ups: %w", err)
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM dash_dirty`)
	return err
}

// refreshRollups brings stale roll-ups up to date in a write transaction
// of its own (inTx refreshes before it commits). Open calls it, for roll-ups
// a migration or a bulk load marked stale; readers never do.
func (db *DB) refreshRollups(ctx context.Context) error {
	return db.inTx(ctx, func(*sql.Tx) error { return nil })
}

// SubtreeMonthly returns, for each unit asked for, the monthly totals of its
// whole subtree over span s for the given count metrics: counts summed
// across units month by month. Units with children are read from the
// roll-ups, leaves from their own figures. A unit or month without any
// figure is absent (which is not zero). Percent metrics are not summed:
// asking for one is an error.
func (db *DB) SubtreeMonthly(ctx context.Context, unitIDs []int64, metrics []string, s oversight.Span) (map[int64]map[oversight.Month]oversight.Totals, error) {
	for _, code := range metrics {
		m, ok := oversight.MetricByCode(code)
		if !ok || m.Kind != oversight.KindCount {
			return nil, fmt.Errorf("subtree totals: %q is not a count metric", code)
		}
	}
	out := make(map[int64]map[oversight.Month]oversight.Totals, len(unitIDs))
	if len(unitIDs) == 0 || len(metrics) == 0 {
		return out, nil
	}
	ids, err := db.metricIDs(ctx)
	if err != nil {
		return nil, err
	}
	codes := make(map[int64]string, len(metrics))
	margs := make([]any, len(metrics))
	for i, c := range metrics {
		codes[ids[c]] = c
		margs[i] = ids[c]
	}
	// A unit with children reads its roll-ups; a leaf (no children) its own
	// figures, which are its subtree's, through the (unit, period) index:
	// the planner would otherwise walk the primary key across every unit.
	inner, err := db.withChildren(ctx, unitIDs)
	if err != nil {
		return nil, err
	}
	var rollArgs, leafArgs []any
	for _, u := range unitIDs {
		if inner[u] {
			rollArgs = append(rollArgs, u)
		} else {
			leafArgs = append(leafArgs, u)
		}
	}
	var parts []string
	var args []any
	if len(rollArgs) > 0 {
		parts = append(parts, `SELECT unit_id, metric_id, period, value FROM dash_rollup
WHERE unit_id IN (`+placeholders(len(rollArgs))+`) AND metric_id IN (`+placeholders(len(metrics))+`) AND period BETWEEN ? AND ?`)
		args = append(append(append(args, rollArgs...), margs...), int(s.From), int(s.To))
	}
	if len(leafArgs) > 0 {
		parts = append(parts, `SELECT v.unit_id, v.metric_id, v.period, v.value FROM metric_values v INDEXED BY metric_values_unit
JOIN units vu ON vu.id = v.unit_id
WHERE v.unit_id IN (`+placeholders(len(leafArgs))+`) AND v.period BETWEEN ? AND ? AND v.metric_id IN (`+placeholders(len(metrics))+`)
  AND `+existedIn("vu", "v.period"))
		args = append(append(append(args, leafArgs...), int(s.From), int(s.To)), margs...)
	}
	q := strings.Join(parts, "\nUNION ALL\n")
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return out, addMonthly(out, rows, codes)
}

// withChildren reports which of ids have at least one child unit.
func (db *DB) withChildren(ctx context.Context, ids []int64) (map[int64]bool, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.read.QueryContext(ctx, `SELECT DISTINCT parent_id FROM units WHERE parent_id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// MetricIDs returns the database id of every metric code.
func (db *DB) MetricIDs(ctx context.Context) (map[string]int64, error) {
	ids, err := db.metricIDs(ctx)
	return maps.Clone(ids), err // the store's own is shared and read-only
}

// SubtreeDataMonths is DataMonths answered from the roll-ups: the first
// and last month with any count figure in a unit's subtree. DataMonths
// scans every figure of the subtree, which at national scale is millions
// of rows; this reads one index range. ok is false when there is none.
func (db *DB) SubtreeDataMonths(ctx context.Context, unitID int64) (s oversight.Span, ok bool, err error) {
	// Each MIN and MAX alone, so that each is one index seek: a unit with
	// children reads its roll-ups (its own figures included), a leaf its
	// figures. The roll-ups' key is (unit, metric, period): one seek per
	// metric; a MIN over the unit alone stepped through all its rows
	// (2,640 for a province of the national set, 3.7 ms instead of 0.4).
	var rfrom, rto, vfrom, vto sql.NullInt64
	var inner bool
	err = db.read.QueryRowContext(ctx, `SELECT
  (SELECT MIN((SELECT MIN(period) FROM dash_rollup r WHERE r.unit_id = ?1 AND r.metric_id = m.id)) FROM metrics m),
  (SELECT MAX((SELECT MAX(period) FROM dash_rollup r WHERE r.unit_id = ?1 AND r.metric_id = m.id)) FROM metrics m),
  (SELECT MIN(period) FROM metric_values WHERE unit_id = ?1), (SELECT MAX(period) FROM metric_values WHERE unit_id = ?1),
  EXISTS (SELECT 1 FROM units WHERE parent_id = ?1)`, unitID).Scan(&rfrom, &rto, &vfrom, &vto, &inner)
	from, to := vfrom, vto
	if inner {
		from, to = rfrom, rto
	}
	if err != nil || !from.Valid {
		return oversight.Span{}, false, err
	}
	return oversight.Span{From: oversight.Month(from.Int64), To: oversight.Month(to.Int64)}, true, nil
}

// HoldFigures says which of units ids have figures in their subtree: for
// each, whether SubtreeDataMonths would find any (roll-ups for a unit with
// children, its own figures for a leaf), with one index seek each instead
// of a first and last month.
func (db *DB) HoldFigures(ctx context.Context, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.read.QueryContext(ctx, `SELECT u.id FROM units u WHERE u.id IN (`+placeholders(len(ids))+`)
  AND CASE WHEN EXISTS (SELECT 1 FROM units c WHERE c.parent_id = u.id)
    THEN EXISTS (SELECT 1 FROM dash_rollup r WHERE r.unit_id = u.id)
    ELSE EXISTS (SELECT 1 FROM metric_values v WHERE v.unit_id = u.id) END`, args...)
	if err != nil {
		return nil, fmt.Errorf("which units hold figures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// addMonthly adds rows of (unit, metric id, period, value) into out, unit
// -> month -> metric code -> sum.
func addMonthly(out map[int64]map[oversight.Month]oversight.Totals, rows *sql.Rows, codes map[int64]string) error {
	for rows.Next() {
		var unit, metric int64
		var period int
		var v float64
		if err := rows.Scan(&unit, &metric, &period, &v); err != nil {
			return err
		}
		byMonth := out[unit]
		if byMonth == nil {
			byMonth = map[oversight.Month]oversight.Totals{}
			out[unit] = byMonth
		}
		t := byMonth[oversight.Month(period)]
		if t == nil {
			t = oversight.Totals{}
			byMonth[oversight.Month(period)] = t
		}
		t[codes[metric]] += v
	}
	return rows.Err()
}
