package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
)

// Reading the roll-ups (figures.go): a subtree's figures for the one
// engine, leaves' own figures, and reporting completeness.

// RollupRead asks for the roll-ups of units over a span: of Metrics (a
// subset of the call's) and the indicators computed from them, or of all
// the call's metrics when Metrics is empty.
type RollupRead struct {
	Units   []int64
	Span    oversight.Span
	Metrics []string
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
		units   []any
		span    oversight.Span
		metrics map[string]bool // nil: all
	}
	var todo []part
	for _, r := range reads {
		p := part{span: r.Span}
		if len(r.Metrics) > 0 {
			p.metrics = map[string]bool{}
			for _, in := range oversight.IndicatorsFor(metricsOfCodes(r.Metrics)) {
				p.metrics[in.Code] = true
			}
			for _, c := range r.Metrics {
				p.metrics[c] = true
			}
		}
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
	codeOfArg := map[any]string{}
	for _, c := range metrics {
		codeOf[mids[c]] = c
		codeOfArg[mids[c]] = c
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
	// A read of a subset selects fewer rows; its columns stay where the
	// call's metrics put them (NULL for those it does not read).
	subset := func(p part, all []any, code func(any) string) []any {
		if p.metrics == nil {
			return all
		}
		var out []any
		for _, a := range all {
			if p.metrics[code(a)] {
				out = append(out, a)
			}
		}
		return out
	}
	str := func(a any) string { return a.(string) }
	var parts []string
	for _, p := range todo {
		up := placeholders(len(p.units))
		pm := subset(p, margs, func(a any) string { return codeOfArg[a] })
		pi, pg := subset(p, inds, str), subset(p, gaps, str)
		if len(pm) > 0 {
			sums := cols(len(margs), func(i int) (string, any) { return `MAX(CASE WHEN metric_id = ? THEN value END)`, margs[i] })
			args = append(append(append(args, p.units...), pm...), int(p.span.From), int(p.span.To))
			parts = append(parts, `SELECT 0, unit_id, period`+sums+` FROM `+scope.sums+`
WHERE unit_id IN (`+up+`) AND metric_id IN (`+placeholders(len(pm))+`) AND period BETWEEN ? AND ? GROUP BY unit_id, period`)
		}
		if len(pi) > 0 {
			pairs := cols(3*len(inds), func(i int) (string, any) {
				return `MAX(CASE WHEN indicator = ? THEN ` + []string{"a", "b", "n"}[i%3] + ` END)`, inds[i/3]
			})
			args = append(append(append(append(args, scope.name), p.units...), pi...), int(p.span.From), int(p.span.To))
			parts = append(parts, `SELECT 1, unit_id, period`+pairs+` FROM dash_pair
WHERE scope = ? AND unit_id IN (`+up+`) AND indicator IN (`+placeholders(len(pi))+`) AND period BETWEEN ? AND ? GROUP BY unit_id, period`)
		}
		if len(pg) > 0 {
			gs := cols(len(gaps), func(i int) (string, any) { return `MAX(CASE WHEN code = ? THEN n END)`, gaps[i] })
			args = append(append(append(append(args, scope.name), p.units...), pg...), int(p.span.From), int(p.span.To))
			parts = append(parts, `SELECT 2, unit_id, period`+gs+` FROM dash_gap
WHERE scope = ? AND unit_id IN (`+up+`) AND code IN (`+placeholders(len(pg))+`) AND period BETWEEN ? AND ? AND n > 0 GROUP BY unit_id, period`)
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

// completenessRollup answers Completeness: for a unit with children from
// dash_reported (reported) and dash_leaves (expected: its leaves counted by
// their dates of validity, so that each month is compared with a few
// groups), in one statement; a leaf (no units below it but organisations)
// from its own dates and figures in the same statement. ok is false when
// roll-ups are stale or the leaves not yet counted, and the caller then
// counts from the figures (completenessExact).
func (db *DB) completenessRollup(ctx context.Context, unitID int64, approved bool, s oversight.Span) (out []Reporting, ok bool, err error) {
	scope := scopeAll
	if approved {
		scope = scopeApproved
	}
	months := s.Months()
	vals := make([]string, len(months))
	var args []any
	for i, m := range months {
		vals[i] = "(?)"
		args = append(args, int(m))
	}
	args = append(args, unitID, unitID, scope.name, unitID, int(s.From), int(s.To), unitID, unitID, unitID, int(s.From), int(s.To))
	// The months a leaf holds a figure in (an approved one: its month
	// approved), through the (unit, period) index.
	own := `SELECT 6, period, 1 FROM metric_values INDEXED BY metric_values_unit WHERE unit_id = ? AND period BETWEEN ? AND ? GROUP BY period`
	if approved {
		own = `SELECT 6, e.period, 1 FROM entry_months e WHERE e.unit_id = ? AND e.period BETWEEN ? AND ? AND e.status = 'approved'
  AND EXISTS (SELECT 1 FROM metric_values v INDEXED BY metric_values_unit WHERE v.unit_id = e.unit_id AND v.period = e.period)`
	}
	q := `WITH months(p) AS (VALUES ` + strings.Join(vals, ", ") + `)
SELECT 0, months.p, COALESCE(SUM(vu.n), 0) FROM months LEFT JOIN dash_leaves vu ON vu.unit_id = ? AND ` + existedIn("vu", "months.p") + ` GROUP BY months.p
UNION ALL SELECT 1, 0, EXISTS (SELECT 1 FROM units c WHERE c.parent_id = ? AND ` + territorial("c") + `)
UNION ALL SELECT 2, period, n FROM dash_reported WHERE scope = ? AND unit_id = ? AND period BETWEEN ? AND ?
UNION ALL SELECT 3, 0, EXISTS (SELECT 1 FROM dash_dirty)
UNION ALL SELECT 4, 0, EXISTS (SELECT 1 FROM dash_leaves WHERE unit_id = ?)
UNION ALL SELECT 5, months.p, 1 FROM months JOIN units vu ON vu.id = ? AND ` + territorial("vu") + ` AND ` + existedIn("vu", "months.p") + `
UNION ALL ` + own
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, fmt.Errorf("completeness: %w", err)
	}
	defer rows.Close()
	expected, reported := map[oversight.Month]int{}, map[oversight.Month]int{}
	leafExpected, leafReported := map[oversight.Month]bool{}, map[oversight.Month]bool{}
	inner, stale, counted := false, false, false
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
		case 4:
			counted = n == 1
		case 5:
			leafExpected[oversight.Month(p)] = true
		case 6:
			leafReported[oversight.Month(p)] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	out = make([]Reporting, 0, len(months))
	if !inner {
		// A leaf expects itself, in the months it existed (not at all
		// when it is an organisation), and reported when it holds a
		// figure then.
		for _, m := range months {
			r := Reporting{Month: m}
			if leafExpected[m] {
				r.Expected = 1
				if leafReported[m] {
					r.Reported = 1
				}
			}
			out = append(out, r)
		}
		return out, true, nil
	}
	if stale || !counted {
		return nil, false, nil
	}
	for _, m := range months {
		out = append(out, Reporting{Month: m, Expected: expected[m], Reported: reported[m]})
	}
	return out, true, nil
}
