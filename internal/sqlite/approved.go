package sqlite

import (
	"context"
	"fmt"

	"github.com/cchc/cchc/internal/oversight"
)

// Approved figures: dashboards and exports may show only the figures of
// unit-months whose entry workflow reached "approved" (the view
// approved_metric_values of 00002_entry.sql). The roll-ups of dash_rollup
// hold every figure, approved or not, so approved totals are computed
// from the view by a plain aggregation over the subtree; see
// docs/PERFORMANCE.md, "## approved".

// SubtreeMonthlyApproved is SubtreeMonthly restricted to approved
// figures: for each unit asked for, the monthly totals of the approved
// figures of its whole subtree (the unit itself included, as the roll-ups
// do). A month without any approved figure is absent.
func (db *DB) SubtreeMonthlyApproved(ctx context.Context, unitIDs []int64, metrics []string, s oversight.Span) (map[int64]map[oversight.Month]oversight.Totals, error) {
	for _, code := range metrics {
		m, ok := oversight.MetricByCode(code)
		if !ok || m.Kind != oversight.KindCount {
			return nil, fmt.Errorf("approved subtree totals: %q is not a count metric", code)
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
	args := make([]any, 0, len(unitIDs)+len(metrics)+2)
	for _, u := range unitIDs {
		args = append(args, u)
	}
	args = append(args, int(s.From), int(s.To))
	for _, c := range metrics {
		codes[ids[c]] = c
		args = append(args, ids[c])
	}
	// The join order is fixed (CROSS JOIN): subtree units, then their
	// approved months, then each month's figures through the covering
	// (unit, period, metric, value) index, so the cost follows the
	// subtree's approved months. Left to itself the planner walks the
	// primary key (metric, period, unit) across every unit of the country,
	// 5 ms for a commune becoming 30 ms (docs/PERFORMANCE.md). The unary +
	// keeps it from turning "v.period = e.period" into a range on v.
	q := `WITH RECURSIVE sub(root, id) AS (
  SELECT id, id FROM units WHERE id IN (` + placeholders(len(unitIDs)) + `)
  UNION ALL
  SELECT sub.root, u.id FROM units u JOIN sub ON u.parent_id = sub.id)
SELECT sub.root, v.metric_id, v.period, SUM(v.value)
FROM sub CROSS JOIN entry_months e CROSS JOIN metric_values v INDEXED BY metric_values_unit
WHERE e.unit_id = sub.id AND e.status = 'approved' AND e.period BETWEEN ? AND ?
  AND v.unit_id = e.unit_id AND v.period = +e.period AND v.metric_id IN (` + placeholders(len(metrics)) + `)
GROUP BY 1, 2, 3`
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("approved subtree totals: %w", err)
	}
	defer rows.Close()
	return out, addMonthly(out, rows, codes)
}

// ApprovalCount is how many unit-months of a scope are approved, and how
// many hold figures without being approved (draft, submitted, returned or
// never sent).
type ApprovalCount struct {
	Approved    int
	NotApproved int
}

// Approval counts the unit-months of a unit (or, with subtree, of the unit
// and every unit under it) in span s: those approved, and those with at
// least one figure that are not approved.
func (db *DB) Approval(ctx context.Context, unitID int64, subtree bool, s oversight.Span) (ApprovalCount, error) {
	var n ApprovalCount
	// A unit with children: its roll-up of approval counts, unless a write
	// left it stale (which inTx and Open prevent).
	if subtree {
		var inner, stale bool
		var approved, notApproved int
		err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM units WHERE parent_id = ?1), EXISTS (SELECT 1 FROM dash_dirty),
  COALESCE(SUM(approved), 0), COALESCE(SUM(figures - approved_figures), 0) FROM dash_months WHERE unit_id = ?1 AND period BETWEEN ?2 AND ?3`,
			unitID, int(s.From), int(s.To)).Scan(&inner, &stale, &approved, &notApproved)
		if err != nil {
			return n, fmt.Errorf("count approved months: %w", err)
		}
		if inner && !stale {
			return ApprovalCount{Approved: approved, NotApproved: notApproved}, nil
		}
	}
	// Numbered parameters throughout: a bare ? after ?3 would be ?4.
	scope := `SELECT ?1`
	if subtree {
		scope = `WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT c.id FROM units c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub`
	}
	err := db.read.QueryRowContext(ctx, `SELECT
  (SELECT COUNT(*) FROM entry_months WHERE status = 'approved' AND period BETWEEN ?2 AND ?3 AND unit_id IN (`+scope+`)),
  (SELECT COUNT(*) FROM (SELECT DISTINCT unit_id, period FROM metric_values
     WHERE unit_id IN (`+scope+`) AND period BETWEEN ?2 AND ?3) d
   WHERE NOT EXISTS (SELECT 1 FROM entry_months e WHERE e.unit_id = d.unit_id AND e.period = d.period AND e.status = 'approved'))`,
		unitID, int(s.From), int(s.To)).Scan(&n.Approved, &n.NotApproved)
	if err != nil {
		return n, fmt.Errorf("count approved months: %w", err)
	}
	return n, nil
}
