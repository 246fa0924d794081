package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
)

// Reading the roll-ups (figures.go): a subtree's figures for the one
// engine, and leaves' own figures (completeness: completeness_read.go).

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
	var gaps []string
	for _, c := range metrics {
		codeOf[mids[c]] = c
		if isStockCode(c) {
			gaps = append(gaps, c)
		}
	}
	var inds []string
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
	// A read of a subset selects its rows only.
	in := func(p part, codes []string) []string {
		if p.metrics == nil {
			return codes
		}
		var out []string
		for _, c := range codes {
			if p.metrics[c] {
				out = append(out, c)
			}
		}
		return out
	}
	// One statement, so one snapshot: the sums, pairs and gaps as they are
	// stored, a row per unit, month and metric or indicator, and whether
	// any of them is stale. Not pivoted into a row per unit and month in
	// SQL: the CASE per column and the grouping cost more than reading
	// three times the rows (2.1 against 0.75 ms for the country's provinces
	// over ten months, measured on the national set).
	var args []any
	var parts []string
	for _, p := range todo {
		up := placeholders(len(p.units))
		if pm := in(p, metrics); len(pm) > 0 {
			args = append(args, p.units...)
			for _, c := range pm {
				args = append(args, mids[c])
			}
			args = append(args, int(p.span.From), int(p.span.To))
			parts = append(parts, `SELECT 0, unit_id, period, metric_id, value, NULL, NULL FROM `+scope.sums+`
WHERE unit_id IN (`+up+`) AND metric_id IN (`+placeholders(len(pm))+`) AND period BETWEEN ? AND ?`)
		}
		// The pairs and the gaps, by indicator or metric code.
		byCode := func(codes []string, sel, table, col, extra string) {
			if len(codes) == 0 {
				return
			}
			args = append(append(args, scope.name), p.units...)
			for _, c := range codes {
				args = append(args, c)
			}
			args = append(args, int(p.span.From), int(p.span.To))
			parts = append(parts, sel+` FROM `+table+`
WHERE scope = ? AND unit_id IN (`+up+`) AND `+col+` IN (`+placeholders(len(codes))+`) AND period BETWEEN ? AND ?`+extra)
		}
		byCode(in(p, inds), `SELECT 1, unit_id, period, indicator, a, b, n`, "dash_pair", "indicator", "")
		byCode(in(p, gaps), `SELECT 2, unit_id, period, code, NULL, NULL, NULL`, "dash_gap", "code", " AND n > 0")
	}
	parts = append(parts, `SELECT 3, 0, COUNT(*), NULL, NULL, NULL, NULL FROM (SELECT 1 FROM dash_dirty LIMIT 1)`)
	rows, err := db.read.QueryContext(ctx, strings.Join(parts, "\nUNION ALL\n"), args...)
	if err != nil {
		return nil, false, fmt.Errorf("subtree roll-ups: %w", err)
	}
	defer rows.Close()
	fresh = true
	// Scanned into any: database/sql converts into a typed destination by
	// reflection, twice for a sql.Null type, which cost a millisecond of
	// the national dashboard.
	var vals [7]any
	dest := make([]any, len(vals))
	for i := range vals {
		dest[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, false, err
		}
		kind, unit, period := anyInt(vals[0]), anyInt(vals[1]), anyInt(vals[2])
		if kind == 3 {
			fresh = period == 0
			continue
		}
		r, mo := out[unit], oversight.Month(period)
		if r == nil {
			return nil, false, fmt.Errorf("subtree roll-ups: a row of unit %d, which was not asked for", unit)
		}
		switch kind {
		case 0:
			t := r.Sums[mo]
			if t == nil {
				t = oversight.Totals{}
				r.Sums[mo] = t
			}
			t[codeOf[anyInt(vals[3])]] = anyFloat(vals[4])
		case 1:
			ps := r.Pairs[mo]
			if ps == nil {
				ps = map[string]oversight.PairSum{}
				r.Pairs[mo] = ps
			}
			ps[anyText(vals[3])] = oversight.PairSum{A: anyFloat(vals[4]), B: anyFloat(vals[5]), N: int(anyInt(vals[6]))}
		case 2:
			g := r.Gaps[mo]
			if g == nil {
				g = map[string]bool{}
				r.Gaps[mo] = g
			}
			g[anyText(vals[3])] = true
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
	mids, err := db.metricIDs(ctx)
	if err != nil {
		return nil, err
	}
	codeOf := make(map[int64]string, len(mids))
	for c, id := range mids {
		codeOf[id] = c
	}
	// Through the (unit, period, ...) index: left to itself the planner
	// walks the primary key (metric, period, unit) across every unit of the
	// country (60 ms for a province's communes instead of a few).
	table := "metric_values v INDEXED BY metric_values_unit"
	if approved { // approved_metric_values, written out to keep the index
		table += " JOIN entry_months e ON e.unit_id = v.unit_id AND e.period = v.period AND e.status = 'approved'"
	}
	args := make([]any, 0, len(ids)+2+len(metrics))
	for _, id := range ids {
		args = append(args, id)
	}
	args = append(args, int(s.From), int(s.To))
	// By metric id, named here rather than joined to metrics in SQL, and
	// scanned into any (see SubtreeRollups): a third of the time (0.15
	// against 0.45 ms for a commune's two years).
	mf := ""
	if len(metrics) > 0 {
		n := 0
		for _, c := range metrics {
			if id, ok := mids[c]; ok { // a code of no metric has no figures
				args = append(args, id)
				n++
			}
		}
		if n == 0 {
			return nil, nil
		}
		mf = ` AND v.metric_id IN (` + placeholders(n) + `)`
	}
	rows, err := db.read.QueryContext(ctx, `SELECT v.unit_id, v.metric_id, v.period, v.value FROM `+table+`
WHERE v.unit_id IN (`+placeholders(len(ids))+`) AND v.period BETWEEN ? AND ?`+mf, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.Point
	var vals [4]any
	dest := []any{&vals[0], &vals[1], &vals[2], &vals[3]}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, oversight.Point{Unit: anyInt(vals[0]), Metric: codeOf[anyInt(vals[1])],
			Month: oversight.Month(anyInt(vals[2])), Value: anyFloat(vals[3])})
	}
	return out, rows.Err()
}
