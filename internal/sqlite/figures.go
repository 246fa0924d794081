package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

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
// (organisations excepted: territorial) that existed that month hold a figure for it.
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

// stockCodes are the stock count metrics: those dash_gap follows.
var stockCodes = func() []string {
	var out []string
	for _, m := range oversight.Catalogue {
		if m.Kind == oversight.KindCount && m.Agg == oversight.AggStock {
			out = append(out, m.Code)
		}
	}
	return out
}()

func isStockCode(code string) bool {
	for _, c := range stockCodes {
		if c == code {
			return true
		}
	}
	return false
}

// rollSlice is one (what, month) to recompute: a metric's sums and gaps,
// or an indicator's pairs and gaps, in one scope.
type rollSlice struct {
	scope  rollScope
	code   string // metric or indicator code
	period int
}

// refreshStale brings every roll-up that dash_dirty marks up to date in
// tx, then clears the marks. It costs one look-up when nothing is stale.
func refreshStale(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT metric_id, period FROM dash_dirty ORDER BY metric_id, period`)
	if err != nil {
		return err
	}
	type mark struct{ metric, period int64 }
	var marks []mark
	all := false
	for rows.Next() {
		var m mark
		if err := rows.Scan(&m.metric, &m.period); err != nil {
			rows.Close()
			return err
		}
		all = all || m.metric == 0
		marks = append(marks, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(marks) == 0 {
		return nil
	}
	// Past a few hundred slices (a bulk approval, a direct load) one pass
	// over the figures is cheaper than a statement per slice.
	if all || len(marks) > 200 {
		return rebuildAll(ctx, tx)
	}
	ids, err := metricIDsTx(ctx, tx)
	if err != nil {
		return err
	}
	drop, err := fillAncestors(ctx, tx)
	if err != nil {
		return err
	}
	codeOf := map[int64]string{}
	for c, id := range ids {
		codeOf[id] = c
	}
	// What a changed figure of metric code in period p makes stale in sc:
	// its sums, the pairs of the indicators it feeds, and the gaps of p and
	// of the month before (whose "next month" it is).
	todo := map[rollSlice]bool{}
	sums := map[rollSlice]bool{}
	touch := func(sc rollScope, code string, p int) {
		m, ok := oversight.MetricByCode(code)
		if !ok || m.Kind != oversight.KindCount {
			return
		}
		sums[rollSlice{sc, code, p}] = true
		if isStockCode(code) {
			todo[rollSlice{sc, code, p}] = true
			todo[rollSlice{sc, code, prevMonth(p)}] = true
		}
		for _, in := range oversight.Indicators {
			if in.Needs[0] != code && in.Needs[1] != code {
				continue
			}
			todo[rollSlice{sc, in.Code, p}] = true
			if in.Stock() {
				todo[rollSlice{sc, in.Code, prevMonth(p)}] = true
			}
		}
	}
	for _, mk := range marks {
		if mk.metric == -1 { // a unit-month's approval changed
			for _, m := range oversight.Catalogue {
				touch(scopeApproved, m.Code, int(mk.period))
			}
			continue
		}
		for _, sc := range rollScopes {
			touch(sc, codeOf[mk.metric], int(mk.period))
		}
	}
	// A scope's month is summed in one statement for all its stale metrics
	// (an import marks every metric of its month): one walk of the unit
	// tree instead of one per metric.
	type scopeMonth struct {
		scope  rollScope
		period int
	}
	stale := map[scopeMonth][]any{}
	for s := range sums {
		k := scopeMonth{s.scope, s.period}
		stale[k] = append(stale[k], ids[s.code])
	}
	for k, mids := range stale {
		in := placeholders(len(mids))
		args := append(append([]any{}, mids...), k.period)
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+k.scope.sums+` WHERE metric_id IN (`+in+`) AND period = ?`, args...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, sumsInsert(k.scope)+`v.metric_id IN (`+in+`) AND v.period = ? GROUP BY 1, 2, 3`, args...); err != nil {
			return fmt.Errorf("refresh roll-ups %s %d: %w", k.scope.name, k.period, err)
		}
	}
	for s := range todo {
		if err := refreshDerived(ctx, tx, ids, s.scope, s.code, `v.period = ?`, s.period); err != nil {
			return err
		}
	}
	periods := map[int64]bool{}
	for _, mk := range marks {
		periods[mk.period] = true
	}
	for p := range periods {
		if _, err := tx.ExecContext(ctx, `DELETE FROM dash_months WHERE period = ?`, p); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, monthsInsert(`period = ?`), p, p); err != nil {
			return fmt.Errorf("refresh approval counts %d: %w", p, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM dash_reported WHERE period = ?`, p); err != nil {
			return err
		}
		for _, sc := range rollScopes {
			if _, err := tx.ExecContext(ctx, reportedInsert(sc, `r.period = ?`), p); err != nil {
				return fmt.Errorf("refresh completeness %d: %w", p, err)
			}
		}
	}
	if err := drop(); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM dash_dirty`)
	return err
}

// refreshDerived recomputes the pairs and gaps of code (an indicator or a
// stock metric) in scope sc for the months that filter (on v.period, with
// its arguments) selects.
func refreshDerived(ctx context.Context, tx *sql.Tx, ids map[string]int64, sc rollScope, code, filter string, args ...any) error {
	del := func(table, col string) error {
		q := `DELETE FROM ` + table + ` WHERE scope = ? AND ` + col + ` = ?`
		if len(args) > 0 {
			q += ` AND period = ?`
		}
		_, err := tx.ExecContext(ctx, q, append([]any{sc.name, code}, args...)...)
		return err
	}
	if in, ok := indicatorByCode(code); ok {
		if err := del("dash_pair", "indicator"); err != nil {
			return err
		}
		a, b := ids[in.Needs[0]], ids[in.Needs[1]]
		if _, err := tx.ExecContext(ctx, pairInsert(sc)+filter+` GROUP BY a.anc_id, v.period`, append([]any{sc.name, code, b, a}, args...)...); err != nil {
			return fmt.Errorf("refresh pairs %s: %w", code, err)
		}
		if !in.Stock() {
			return nil
		}
		if err := del("dash_gap", "code"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, gapInsert(sc, true)+filter+` GROUP BY a.anc_id, v.period`, append([]any{sc.name, code, b, a}, args...)...); err != nil {
			return fmt.Errorf("refresh gaps %s: %w", code, err)
		}
		return nil
	}
	if err := del("dash_gap", "code"); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, gapInsert(sc, false)+filter+` GROUP BY a.anc_id, v.period`, append([]any{sc.name, code, ids[code]}, args...)...); err != nil {
		return fmt.Errorf("refresh gaps %s: %w", code, err)
	}
	return nil
}

// rebuildAll recomputes every roll-up of every scope.
func rebuildAll(ctx context.Context, tx *sql.Tx) error {
	if err := rebuildRollups(ctx, tx); err != nil {
		return err
	}
	return rebuildDerived(ctx, tx, false)
}

// rebuildDerived recomputes dash_approved (unless keepApproved), dash_pair,
// dash_gap and dash_months from the figures.
func rebuildDerived(ctx context.Context, tx *sql.Tx, keepApproved bool) error {
	drop, err := fillAncestors(ctx, tx)
	if err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM dash_pair`, `DELETE FROM dash_gap`, `DELETE FROM dash_months`, monthsInsert(`1`),
		`DELETE FROM dash_reported`, reportedInsert(scopeAll, `1`), reportedInsert(scopeApproved, `1`)} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	if !keepApproved {
		if _, err := tx.ExecContext(ctx, `DELETE FROM dash_approved`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, sumsInsert(scopeApproved)+`1 GROUP BY 1, 2, 3`); err != nil {
			return fmt.Errorf("rebuild approved roll-ups: %w", err)
		}
	}
	ids, err := metricIDsTx(ctx, tx)
	if err != nil {
		return err
	}
	for _, sc := range rollScopes {
		for _, in := range oversight.Indicators {
			if err := refreshDerived(ctx, tx, ids, sc, in.Code, `1`); err != nil {
				return err
			}
		}
		for _, code := range stockCodes {
			if err := refreshDerived(ctx, tx, ids, sc, code, `1`); err != nil {
				return err
			}
		}
	}
	if err := drop(); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM dash_dirty`)
	return err
}

func indicatorByCode(code string) (oversight.Indicator, bool) {
	for _, in := range oversight.Indicators {
		if in.Code == code {
			return in, true
		}
	}
	return oversight.Indicator{}, false
}

func metricIDsTx(ctx context.Context, tx *sql.Tx) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT code, id FROM metrics`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var c string
		var id int64
		if err := rows.Scan(&c, &id); err != nil {
			return nil, err
		}
		out[c] = id
	}
	return out, rows.Err()
}

// RollupRead asks for the roll-ups of units over a span.
type RollupRead struct {
	Units []int64
	Span  oversight.Span
}

// SubtreeRollups reads the roll-ups of the units of each read over its
// span, for those that have children (a leaf has none: its subtree's
// figures are its own), for count metrics and the indicators computed from
// them, of every figure or of approved ones only: in one statement, so all
// from one state of the database. fresh is false when a write has left
// roll-ups stale (which inTx and Open prevent): the caller then reads the
// figures.
func (db *DB) SubtreeRollups(ctx context.Context, approved bool, metrics []string, reads ...RollupRead) (out map[int64]*oversight.Rollup, fresh bool, err error) {
	for _, code := range metrics {
		m, ok := oversight.MetricByCode(code)
		if !ok || m.Kind != oversight.KindCount {
			return nil, false, fmt.Errorf("subtree roll-ups: %q is not a count metric", code)
		}
	}
	out = map[int64]*oversight.Rollup{}
	var ids []int64
	for _, r := range reads {
		ids = append(ids, r.Units...)
	}
	if len(ids) == 0 || len(metrics) == 0 {
		return out, true, nil
	}
	inner, err := db.withChildren(ctx, ids)
	if err != nil {
		return nil, false, err
	}
	type part struct {
		units []any
		span  oversight.Span
	}
	var todo []part
	for _, r := range reads {
		p := part{span: r.Span}
		for _, id := range r.Units {
			if inner[id] && out[id] == nil {
				out[id] = &oversight.Rollup{Sums: map[oversight.Month]oversight.Totals{},
					Pairs: map[oversight.Month]map[string]oversight.PairSum{}, Gaps: map[oversight.Month]map[string]bool{}}
				p.units = append(p.units, id)
			}
		}
		if len(p.units) > 0 {
			todo = append(todo, p)
		}
	}
	if len(todo) == 0 {
		return out, true, nil
	}
	mids, err := db.metricIDs(ctx)
	if err != nil {
		return nil, false, err
	}
	codeOf := map[int64]string{}
	var margs, inds, gaps []any
	for _, c := range metrics {
		codeOf[mids[c]] = c
		margs = append(margs, mids[c])
		if isStockCode(c) {
			gaps = append(gaps, c)
		}
	}
	for _, in := range oversight.IndicatorsFor(metricsOfCodes(metrics)) {
		inds = append(inds, in.Code)
		if in.Stock() {
			gaps = append(gaps, in.Code)
		}
	}
	scope := scopeAll
	if approved {
		scope = scopeApproved
	}
	// One statement, so one snapshot: the sums, pairs and gaps, one row per
	// unit and month and kind with one column per metric (a column per row
	// of the tables would mean ten times the rows to step through), and
	// whether any of them is stale. Absent figures are NULL.
	width := max(len(margs), 3*len(inds), len(gaps), 1)
	var args []any
	cols := func(n int, col func(i int) (string, any)) string {
		var b strings.Builder
		for i := 0; i < width; i++ {
			b.WriteString(", ")
			if i < n {
				c, arg := col(i)
				b.WriteString(c)
				args = append(args, arg)
			} else {
				b.WriteString("NULL")
			}
		}
		return b.String()
	}
	var parts []string
	for _, p := range todo {
		up := placeholders(len(p.units))
		sums := cols(len(margs), func(i int) (string, any) { return `MAX(CASE WHEN metric_id = ? THEN value END)`, margs[i] })
		args = append(append(append(args, p.units...), margs...), int(p.span.From), int(p.span.To))
		parts = append(parts, `SELECT 0, unit_id, period`+sums+` FROM `+scope.sums+`
WHERE unit_id IN (`+up+`) AND metric_id IN (`+placeholders(len(margs))+`) AND period BETWEEN ? AND ? GROUP BY unit_id, period`)
		if len(inds) > 0 {
			pairs := cols(3*len(inds), func(i int) (string, any) {
				return `MAX(CASE WHEN indicator = ? THEN ` + []string{"a", "b", "n"}[i%3] + ` END)`, inds[i/3]
			})
			args = append(append(append(append(args, scope.name), p.units...), inds...), int(p.span.From), int(p.span.To))
			parts = append(parts, `SELECT 1, unit_id, period`+pairs+` FROM dash_pair
WHERE scope = ? AND unit_id IN (`+up+`) AND indicator IN (`+placeholders(len(inds))+`) AND period BETWEEN ? AND ? GROUP BY unit_id, period`)
		}
		if len(gaps) > 0 {
			gs := cols(len(gaps), func(i int) (string, any) { return `MAX(CASE WHEN code = ? THEN n END)`, gaps[i] })
			args = append(append(append(append(args, scope.name), p.units...), gaps...), int(p.span.From), int(p.span.To))
			parts = append(parts, `SELECT 2, unit_id, period`+gs+` FROM dash_gap
WHERE scope = ? AND unit_id IN (`+up+`) AND code IN (`+placeholders(len(gaps))+`) AND period BETWEEN ? AND ? AND n > 0 GROUP BY unit_id, period`)
		}
	}
	parts = append(parts, `SELECT 3, 0, COUNT(*)`+strings.Repeat(", NULL", width)+` FROM (SELECT 1 FROM dash_dirty LIMIT 1)`)
	rows, err := db.read.QueryContext(ctx, strings.Join(parts, "\nUNION ALL\n"), args...)
	if err != nil {
		return nil, false, fmt.Errorf("subtree roll-ups: %w", err)
	}
	defer rows.Close()
	fresh = true
	var kind int
	var unit, period int64
	vals := make([]sql.NullFloat64, width)
	dest := []any{&kind, &unit, &period}
	for i := range vals {
		dest = append(dest, &vals[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, false, err
		}
		if kind == 3 {
			fresh = period == 0
			continue
		}
		r, mo := out[unit], oversight.Month(period)
		switch kind {
		case 0:
			t := oversight.Totals{}
			for i, id := range margs {
				if vals[i].Valid {
					t[codeOf[id.(int64)]] = vals[i].Float64
				}
			}
			r.Sums[mo] = t
		case 1:
			ps := map[string]oversight.PairSum{}
			for i, in := range inds {
				if n := vals[3*i+2]; n.Valid {
					ps[in.(string)] = oversight.PairSum{A: vals[3*i].Float64, B: vals[3*i+1].Float64, N: int(n.Float64)}
				}
			}
			r.Pairs[mo] = ps
		case 2:
			g := map[string]bool{}
			for i, code := range gaps {
				if vals[i].Valid {
					g[code.(string)] = true
				}
			}
			r.Gaps[mo] = g
		}
	}
	return out, fresh, rows.Err()
}

func metricsOfCodes(codes []string) []oversight.Metric {
	var out []oversight.Metric
	for _, c := range codes {
		if m, ok := oversight.MetricByCode(c); ok {
			out = append(out, m)
		}
	}
	return out
}

// PointsOfUnits is PointsOf for each of ids alone (not their subtrees).
func (db *DB) PointsOfUnits(ctx context.Context, ids []int64, approved bool, metrics []string, s oversight.Span) ([]oversight.Point, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	// Through the (unit, period, ...) index: left to itself the planner
	// walks the primary key (metric, period, unit) across every unit of the
	// country (60 ms for a province's communes instead of a few).
	table := "metric_values v INDEXED BY metric_values_unit"
	if approved { // approved_metric_values, written out to keep the index
		table += " JOIN entry_months e ON e.unit_id = v.unit_id AND e.period = v.period AND e.status = 'approved'"
	}
	mf, margs := metricFilter(metrics)
	args := make([]any, 0, len(ids)+2+len(margs))
	for _, id := range ids {
		args = append(args, id)
	}
	args = append(append(args, int(s.From), int(s.To)), margs...)
	rows, err := db.read.QueryContext(ctx, `SELECT v.unit_id, m.code, v.period, v.value FROM `+table+` JOIN metrics m ON m.id = v.metric_id
WHERE v.unit_id IN (`+placeholders(len(ids))+`) AND v.period BETWEEN ? AND ?`+mf, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.Point
	for rows.Next() {
		var p oversight.Point
		var period int
		if err := rows.Scan(&p.Unit, &p.Metric, &period, &p.Value); err != nil {
			return nil, err
		}
		p.Month = oversight.Month(period)
		out = append(out, p)
	}
	return out, rows.Err()
}

// completenessRollup answers Completeness for a unit with children from
// dash_reported (reported) and the subtree's leaves (expected), in one
// statement; ok is false for a leaf, or when roll-ups are stale, and the
// caller then counts from the figures (completenessExact).
func (db *DB) completenessRollup(ctx context.Context, unitID int64, approved bool, s oversight.Span) (out []Reporting, ok bool, err error) {
	scope := scopeAll
	if approved {
		scope = scopeApproved
	}
	months := s.Months()
	vals := make([]string, len(months))
	args := []any{unitID}
	for i, m := range months {
		vals[i] = "(?)"
		args = append(args, int(m))
	}
	args = append(args, unitID, scope.name, unitID, int(s.From), int(s.To))
	q := subtreeCTE + `, months(p) AS (VALUES ` + strings.Join(vals, ", ") + `),
leaf AS MATERIALIZED (SELECT 1 AS one, vu.valid_from, vu.valid_to FROM sub JOIN units vu ON vu.id = sub.id
  WHERE ` + territorial("vu") + ` AND NOT EXISTS (SELECT 1 FROM units c WHERE c.parent_id = vu.id AND ` + territorial("c") + `))
SELECT 0, months.p, COUNT(vu.one) FROM months LEFT JOIN leaf vu ON ` + existedIn("vu", "months.p") + ` GROUP BY months.p
UNION ALL SELECT 1, 0, EXISTS (SELECT 1 FROM units c WHERE c.parent_id = ? AND ` + territorial("c") + `)
UNION ALL SELECT 2, period, n FROM dash_reported WHERE scope = ? AND unit_id = ? AND period BETWEEN ? AND ?
UNION ALL SELECT 3, 0, EXISTS (SELECT 1 FROM dash_dirty)`
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, fmt.Errorf("completeness: %w", err)
	}
	defer rows.Close()
	expected, reported := map[oversight.Month]int{}, map[oversight.Month]int{}
	inner, stale := false, false
	for rows.Next() {
		var kind, p, n int
		if err := rows.Scan(&kind, &p, &n); err != nil {
			return nil, false, err
		}
		switch kind {
		case 0:
			expected[oversight.Month(p)] = n
		case 1:
			inner = n == 1
		case 2:
			reported[oversight.Month(p)] = n
		case 3:
			stale = n == 1
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	if !inner || stale {
		return nil, false, nil
	}
	out = make([]Reporting, 0, len(months))
	for _, m := range months {
		out = append(out, Reporting{Month: m, Expected: expected[m], Reported: reported[m]})
	}
	return out, true, nil
}
