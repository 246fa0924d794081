package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cchc/cchc/internal/oversight"
)

// The roll-ups that let a subtree's figures be read without its units'
// figures (migrations 00005 and 00012): for every unit that has children,
// by month, each count metric's sum (dash_rollup, dash_approved for
// approved figures), each indicator's pair sums (dash_pair) and the gaps
// of stocks (dash_gap). oversight.Rollup turns them into AggregateIn's
// figures. Triggers mark what a write makes stale in dash_dirty; every
// write transaction (inTx) and Open bring them up to date before they
// commit, so readers never write and never see stale roll-ups.

// scopeOf names a roll-up scope and the figures it is made of.
type rollScope struct {
	name string // 'all' or 'approved'
	src  string // the table or view of its figures
	sums string // the table of its monthly sums
}

var (
	scopeAll      = rollScope{"all", "metric_values", "dash_rollup"}
	scopeApproved = rollScope{"approved", "approved_metric_values", "dash_approved"}
	rollScopes    = []rollScope{scopeAll, scopeApproved}
)

// nextPeriod is the month after period p (YYYYMM) in SQL.
func nextPeriod(p string) string {
	return `(CASE WHEN ` + p + ` % 100 = 12 THEN ` + p + ` + 89 ELSE ` + p + ` + 1 END)`
}

// prevMonth is the month before p.
func prevMonth(p int) int {
	if p%100 == 1 {
		return p - 89
	}
	return p - 1
}

// tempAncestors names the ancestor pairs that fillAncestors keeps in a
// temporary table for the statements of one refresh: a refresh runs dozens
// of statements, and the recursive walk of the unit tree (rollupAncestorsCTE,
// ~6,600 pairs nationally) was redone by each.
const tempAncestors = `WITH anc(unit_id, anc_id) AS (SELECT unit_id, anc_id FROM temp.dash_anc) `

// fillAncestors (re)builds temp.dash_anc, every unit paired with itself and
// each of its ancestors, on tx's connection; drop removes it before commit.
func fillAncestors(ctx context.Context, tx *sql.Tx) (drop func() error, err error) {
	for _, q := range []string{
		`CREATE TEMP TABLE IF NOT EXISTS dash_anc (unit_id INTEGER NOT NULL, anc_id INTEGER NOT NULL, PRIMARY KEY (unit_id, anc_id)) WITHOUT ROWID`,
		`DELETE FROM temp.dash_anc`,
		rollupAncestorsCTE + `INSERT INTO temp.dash_anc (unit_id, anc_id) SELECT DISTINCT unit_id, anc_id FROM anc`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("list ancestors: %w", err)
		}
	}
	return func() error {
		_, err := tx.ExecContext(ctx, `DROP TABLE temp.dash_anc`)
		return err
	}, nil
}

const rollInner = `a.anc_id IN (SELECT parent_id FROM units WHERE parent_id IS NOT NULL)`

// sumsInsert fills a scope's monthly sums; the caller appends a filter on v
// (or "1") and nothing else.
func sumsInsert(sc rollScope) string {
	return tempAncestors + `
INSERT INTO ` + sc.sums + ` (unit_id, metric_id, period, value, n)
SELECT a.anc_id, v.metric_id, v.period, SUM(v.value), COUNT(*)
FROM ` + sc.src + ` v JOIN anc a ON a.unit_id = v.unit_id
JOIN metrics m ON m.id = v.metric_id AND m.kind = 'count'
JOIN units vu ON vu.id = v.unit_id
WHERE ` + rollInner + ` AND ` + existedIn("vu", "v.period") + ` AND `
}

// pairInsert fills dash_pair for one indicator: parameters scope,
// indicator code, second count's id, first count's id, then the caller's
// filter on v.
func pairInsert(sc rollScope) string {
	return tempAncestors + `
INSERT INTO dash_pair (scope, unit_id, indicator, period, a, b, n)
SELECT ?, a.anc_id, ?, v.period, SUM(v.value), SUM(w.value), COUNT(*)
FROM ` + sc.src + ` v JOIN ` + sc.src + ` w ON w.unit_id = v.unit_id AND w.period = v.period AND w.metric_id = ?
JOIN units vu ON vu.id = v.unit_id JOIN anc a ON a.unit_id = v.unit_id
WHERE v.metric_id = ? AND ` + rollInner + ` AND ` + existedIn("vu", "v.period") + ` AND `
}

// gapInsert fills dash_gap for a stock metric (ids: its id) or a stock
// indicator (ids: its two counts): the units that had the figure in a month
// (both counts for an indicator) and not in the next, or no longer existed.
// Parameters: scope, code, then the ids (for an indicator, the second id
// comes first, as in pairInsert), then the caller's filter on v.
func gapInsert(sc rollScope, pair bool) string {
	next := nextPeriod("v.period")
	has := func(id string) string {
		return `EXISTS (SELECT 1 FROM ` + sc.src + ` x WHERE x.metric_id = ` + id + ` AND x.unit_id = v.unit_id AND x.period = ` + next + `)`
	}
	join, ids, nextHas := "", "?1", ""
	if pair {
		join = ` JOIN ` + sc.src + ` w ON w.unit_id = v.unit_id AND w.period = v.period AND w.metric_id = ?3`
		ids = "?4"
		nextHas = has("w.metric_id") + ` AND ` + has("v.metric_id")
	} else {
		ids = "?3"
		nextHas = has("v.metric_id")
	}
	return tempAncestors + `
INSERT INTO dash_gap (scope, unit_id, code, period, n)
SELECT ?1, a.anc_id, ?2, v.period, COUNT(*)
FROM ` + sc.src + ` v` + join + `
JOIN units vu ON vu.id = v.unit_id JOIN anc a ON a.unit_id = v.unit_id
WHERE v.metric_id = ` + ids + ` AND ` + rollInner + ` AND ` + existedIn("vu", "v.period") + `
  AND NOT (` + existedIn("vu", next) + ` AND ` + nextHas + `) AND `
}

// monthsInsert fills dash_months; filter selects the periods of the
// figures and approvals (on period, with the caller's arguments given twice).
func monthsInsert(filter string) string {
	return tempAncestors + `
INSERT INTO dash_months (unit_id, period, figures, approved, approved_figures)
SELECT a.anc_id, x.period, SUM(x.f), SUM(x.ap), SUM(x.f * x.ap) FROM (
  SELECT unit_id, period, MAX(f) AS f, MAX(ap) AS ap FROM (
    SELECT DISTINCT unit_id, period, 1 AS f, 0 AS ap FROM metric_values WHERE ` + filter + `
    UNION ALL
    SELECT unit_id, period, 0, 1 FROM entry_months WHERE status = 'approved' AND ` + filter + `)
  GROUP BY unit_id, period) x
JOIN anc a ON a.unit_id = x.unit_id
WHERE ` + rollInner + `
GROUP BY a.anc_id, x.period`
}

// reportedInsert fills dash_reported for scope sc (migration 00019): per
// unit with children and month, how many leaf units of its subtree
// (departments excepted) that existed that month hold a figure for it.
// filter selects the periods (on r.period).
func reportedInsert(sc rollScope, filter string) string {
	return tempAncestors + `
INSERT INTO dash_reported (scope, unit_id, period, n)
SELECT '` + sc.name + `', a.anc_id, r.period, COUNT(*)
FROM (SELECT DISTINCT unit_id, period FROM ` + sc.src + `) r
JOIN units vu ON vu.id = r.unit_id JOIN anc a ON a.unit_id = r.unit_id
WHERE ` + rollInner + ` AND a.anc_id <> r.unit_id
  AND ` + territorial("vu") + ` AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = vu.id AND ` + territorial("c") + `)
  AND ` + existedIn("vu", "r.period") + ` AND ` + filter + `
GROUP BY a.anc_id, r.period`
}

// leavesInsert fills dash_leaves (migration 00021): for every unit, the
// leaf units strictly below it (organisations excepted, as in
// reportedInsert), counted by their dates of validity: what
// completenessRollup compares with each month to know how many units were
// expected to report.
var leavesInsert = `WITH RECURSIVE anc(unit_id, anc_id) AS (
  SELECT vu.id, vu.parent_id FROM units vu
  WHERE vu.parent_id IS NOT NULL AND ` + territorial("vu") + ` AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = vu.id AND ` + territorial("c") + `)
  UNION ALL
  SELECT a.unit_id, u.parent_id FROM anc a JOIN units u ON u.id = a.anc_id WHERE u.parent_id IS NOT NULL
)
INSERT INTO dash_leaves (unit_id, valid_from, valid_to, n)
SELECT a.anc_id, vu.valid_from, vu.valid_to, COUNT(*) FROM anc a JOIN units vu ON vu.id = a.unit_id
GROUP BY 1, 2, 3`

// rebuildLeaves recomputes dash_leaves.
func rebuildLeaves(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM dash_leaves`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, leavesInsert); err != nil {
		return fmt.Errorf("count the units expected to report: %w", err)
	}
	return nil
}

// refreshLeaves rebuilds dash_leaves when a change to the unit tree has
// emptied it (its triggers do) and the tree has units with children.
func refreshLeaves(ctx context.Context, tx *sql.Tx) error {
	var stale bool
	err := tx.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM dash_leaves) AND EXISTS (SELECT 1 FROM units WHERE parent_id IS NOT NULL)`).Scan(&stale)
	if err != nil || !stale {
		return err
	}
	return rebuildLeaves(ctx, tx)
}

// stockCodes are the stock count metrics: those dash_gap follows.
var stockCodes = oversight.StockCountCodes()

func isStockCode(code string) bool {
	for _, c := range stockCodes {
		if c == code {
			return true
		}
	}
	return false
}
