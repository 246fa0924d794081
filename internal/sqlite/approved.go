package sqlite

import (
	"context"
	"fmt"

	"github.com/cchc/cchc/internal/oversight"
)

// Approved figures: dashboards and exports may show only the figures of
// unit-months whose entry workflow reached "approved" (the view
// approved_metric_values of 00002_entry.sql). The roll-ups of dash_rollup
// hold every figure, approved or not, so approved figures are read from the
// view (PointsOf, ReportApproved) and go through the same engine as the
// others; see docs/PERFORMANCE.md, "## approved" and "## figures".

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
func (db *DB) Approval(ctx context.Context, unitID int64, subtree bool, s oversight.Span) (_ ApprovalCount, err error) {
	defer wrap(&err, "count the approved months of unit %d (subtree %t), %s", unitID, subtree, s)
	var n ApprovalCount
	// Numbered parameters throughout: a bare ? after ?3 would be ?4.
	count := func(scope string) string {
		return `(SELECT COUNT(*) FROM entry_months WHERE status = 'approved' AND period BETWEEN ?2 AND ?3 AND unit_id IN (` + scope + `)),
  (SELECT COUNT(*) FROM (SELECT DISTINCT unit_id, period FROM metric_values
     WHERE unit_id IN (` + scope + `) AND period BETWEEN ?2 AND ?3) d
   WHERE NOT EXISTS (SELECT 1 FROM entry_months e WHERE e.unit_id = d.unit_id AND e.period = d.period AND e.status = 'approved'))`
	}
	// A unit with children: its roll-up of approval counts, unless a write
	// left it stale (which inTx and Open prevent); a unit without: its own
	// counts, in the same statement.
	if subtree {
		var inner, stale bool
		var approved, notApproved int
		err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM units WHERE parent_id = ?1), EXISTS (SELECT 1 FROM dash_dirty),
  (SELECT COALESCE(SUM(approved), 0) FROM dash_months WHERE unit_id = ?1 AND period BETWEEN ?2 AND ?3),
  (SELECT COALESCE(SUM(figures - approved_figures), 0) FROM dash_months WHERE unit_id = ?1 AND period BETWEEN ?2 AND ?3),
  `+count(`SELECT ?1`),
			unitID, int(s.From), int(s.To)).Scan(&inner, &stale, &approved, &notApproved, &n.Approved, &n.NotApproved)
		if err != nil {
			return n, fmt.Errorf("read the roll-up: %w", err)
		}
		if !inner {
			return n, nil
		}
		if !stale {
			return ApprovalCount{Approved: approved, NotApproved: notApproved}, nil
		}
	}
	scope := `SELECT ?1`
	if subtree {
		scope = `WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT c.id FROM units c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub`
	}
	err = db.read.QueryRowContext(ctx, `SELECT `+count(scope),
		unitID, int(s.From), int(s.To)).Scan(&n.Approved, &n.NotApproved)
	if err != nil {
		return n, err
	}
	return n, nil
}
