package sqlite

import (
	"context"
	"fmt"
	"math"

	"github.com/cchc/cchc/internal/oversight"
)

// ReportUnits returns the unit alone, or (subtree) the unit and all its
// descendants depth-first, each unit's children by kind then name, the
// order a report lists them in.
func (db *DB) ReportUnits(ctx context.Context, root oversight.Unit, subtree bool) ([]oversight.Unit, error) {
	if !subtree {
		return []oversight.Unit{root}, nil
	}
	all, err := db.queryUnits(ctx, `WHERE u.id IN (`+subtreeIDs+`) ORDER BY u.kind, u.name`, root.ID)
	if err != nil {
		return nil, err
	}
	kids := map[int64][]oversight.Unit{}
	for _, u := range all {
		if u.ID != root.ID {
			kids[u.ParentID] = append(kids[u.ParentID], u)
		}
	}
	out := make([]oversight.Unit, 0, len(all))
	var walk func(u oversight.Unit)
	walk = func(u oversight.Unit) {
		out = append(out, u)
		for _, k := range kids[u.ID] {
			walk(k)
		}
	}
	walk(root)
	return out, nil
}

// subtreeIDs selects the ids of a unit (the one ? argument) and all its
// descendants.
const subtreeIDs = `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT c.id FROM units c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub`

// Report builds the table of an export: every unit of units (as
// ReportUnits returns them), each of its own figures aggregated over each
// bucket by the rules of oversight.Aggregate (CombineMonths, then CombineRows
// for the totals: the same results, without a map per unit and period). It reads
// one bucket at a time in primary-key order, so memory holds at most one
// bucket's monthly figures (a bucket is at most a year) besides the result.
func (db *DB) Report(ctx context.Context, units []oversight.Unit, metrics []oversight.Metric, buckets []oversight.Bucket) (*oversight.Report, error) {
	return db.report(ctx, units, metrics, buckets, "metric_values")
}

// ReportApproved is Report over approved figures only: a unit-month whose
// entry workflow has not reached "approved" contributes nothing.
func (db *DB) ReportApproved(ctx context.Context, units []oversight.Unit, metrics []oversight.Metric, buckets []oversight.Bucket) (*oversight.Report, error) {
	return db.report(ctx, units, metrics, buckets, "approved_metric_values")
}

// report is Report reading from table, metric_values or the view
// approved_metric_values (the same columns).
func (db *DB) report(ctx context.Context, units []oversight.Unit, metrics []oversight.Metric, buckets []oversight.Bucket, table string) (*oversight.Report, error) {
	rep := oversight.NewReport(units, buckets, metrics)
	if len(units) == 0 {
		return rep, nil
	}
	ids, err := db.metricIDs(ctx)
	if err != nil {
		return nil, err
	}
	// Percents need their weights to be combined across units, even when
	// the weight itself is not exported.
	var cols []oversight.Metric
	seen := map[string]bool{}
	for _, m := range metrics {
		for _, c := range []string{m.Code, m.Weight} {
			if c != "" && !seen[c] {
				seen[c] = true
				cm, _ := oversight.MetricByCode(c)
				cols = append(cols, cm)
			}
		}
	}
	col := map[int64]int{} // metric id -> index in cols
	args := []any{}
	for i, c := range cols {
		id, ok := ids[c.Code]
		if !ok {
			return nil, fmt.Errorf("metric %s is not in the database", c.Code)
		}
		col[id] = i
		args = append(args, id)
	}
	unitIdx := make(map[int64]int, len(units))
	for i, u := range units {
		unitIdx[u.ID] = i
	}
	unitFilter := `v.unit_id = ?`
	if len(units) > 1 {
		unitFilter = `v.unit_id IN (` + subtreeIDs + `)`
	}
	q := `SELECT v.unit_id, v.metric_id, v.period, v.value FROM ` + table + ` v
WHERE v.metric_id IN (` + placeholders(len(cols)) + `) AND v.period BETWEEN ? AND ? AND ` + unitFilter

	nc := len(cols)
	rows := make([][]float64, len(units))
	flat := make([]float64, len(units)*nc)
	for u := range rows {
		rows[u] = flat[u*nc : (u+1)*nc]
	}
	var cube []float64 // [unit][column][month of the bucket]
	for b, bucket := range buckets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		months := bucket.Span.Len()
		size := len(units) * nc * months
		if cap(cube) < size {
			cube = make([]float64, size)
		}
		cube = cube[:size]
		for i := range cube {
			cube[i] = math.NaN()
		}
		a := append(append([]any{}, args...), int(bucket.Span.From), int(bucket.Span.To), units[0].ID)
		if err := db.scanCube(ctx, q, a, func(unit, metric int64, period int, v float64) {
			ui, ok := unitIdx[unit]
			if !ok {
				return
			}
			off := monthOffset(bucket.Span.From, oversight.Month(period))
			cube[(ui*nc+col[metric])*months+off] = v
		}); err != nil {
			return nil, err
		}
		for ui := range units {
			for c, m := range cols {
				v, ok := oversight.CombineMonths(m, cube[(ui*nc+c)*months:][:months])
				if !ok {
					v = math.NaN()
				}
				rows[ui][c] = v
			}
		}
		rep.SetBucket(b, cols, rows)
	}
	return rep, nil
}

func monthOffset(from, m oversight.Month) int {
	return (m.Year()*12 + m.MonthNum()) - (from.Year()*12 + from.MonthNum())
}

func (db *DB) scanCube(ctx context.Context, q string, args []any, fn func(unit, metric int64, period int, v float64)) error {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("report query: %w", err)
	}
	defer rows.Close()
	var unit, metric int64
	var period int
	var v float64
	for rows.Next() {
		if err := rows.Scan(&unit, &metric, &period, &v); err != nil {
			return err
		}
		fn(unit, metric, period, v)
	}
	return rows.Err()
}
