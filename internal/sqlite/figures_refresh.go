package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cchc/cchc/internal/oversight"
)

// Bringing the roll-ups (figures.go) up to date: the slices a write
// marked stale, or everything after a change to the unit tree.

// rollSlice is one (what, month) to recompute: a metric's sums and gaps,
// or an indicator's pairs and gaps, in one scope.
type rollSlice struct {
	scope  rollScope
	code   string // metric or indicator code
	period int
}

// refreshStale brings every roll-up that dash_dirty marks up to date in
// tx, then clears the marks, and rebuilds the expected leaves when a
// change to the unit tree emptied them. It costs two look-ups when nothing
// is stale.
func refreshStale(ctx context.Context, tx *sql.Tx) error {
	if err := refreshLeaves(ctx, tx); err != nil {
		return err
	}
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
// dash_gap and dash_months from the figures, and dash_leaves from the
// units.
func rebuildDerived(ctx context.Context, tx *sql.Tx, keepApproved bool) error {
	if err := rebuildLeaves(ctx, tx); err != nil {
		return err
	}
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

// metricIDsTx maps each metric's code to its id, read through q (a
// transaction or the read pool).
func metricIDsTx(ctx context.Context, q queryer) (map[string]int64, error) {
	return queryMap[string, int64](ctx, q, `SELECT code, id FROM metrics`)
}
