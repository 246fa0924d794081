package sqlite

import (
	"context"
	"fmt"

	"github.com/cchc/cchc/internal/oversight"
)

// ReportUnits returns the unit alone, or (subtree) the unit and all its
// descendants depth-first, each unit's children by kind then name, the
// order a report lists them in.
func (db *DB) ReportUnits(ctx context.Context, root oversight.Unit, subtree bool) (_ []oversight.Unit, err error) {
	defer wrap(&err, "list the units of a report from %s", root.Code)
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

// ExportUnits is ReportUnits for an export: organisations (a district's
// offices, its People's Committee) are left out, as they are of every
// territorial total and ranking (issue 12): they hold no figures, and a
// blank row beside the communes reads as a unit that did not report. The
// root stays whatever it is, so an export asked of one is not empty.
func (db *DB) ExportUnits(ctx context.Context, root oversight.Unit, subtree bool) ([]oversight.Unit, error) {
	all, err := db.ReportUnits(ctx, root, subtree)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, u := range all {
		if u.ID == root.ID || !oversight.IsOrganisation(u.Kind) {
			out = append(out, u)
		}
	}
	return out, nil
}

// subtreeIDs selects the ids of a unit (the one ? argument) and all its
// descendants.
const subtreeIDs = `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT c.id FROM units c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub`

// Report builds the table of an export: every unit of units (as
// ReportUnits returns them), each with its own figures, and their total,
// each bucket computed by oversight.AggregateIn (Report.SetBucket), the
// engine every reader uses. It reads one bucket at a time, so memory
// holds at most one bucket's monthly figures besides the result.
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
func (db *DB) report(ctx context.Context, units []oversight.Unit, metrics []oversight.Metric, buckets []oversight.Bucket, table string) (_ *oversight.Report, err error) {
	defer wrap(&err, "build a report of %d units × %d buckets from %s", len(units), len(buckets), table)
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
	code := map[int64]string{}
	args := []any{}
	for _, m := range metrics {
		for _, c := range []string{m.Code, m.Weight} {
			if c == "" {
				continue
			}
			id, ok := ids[c]
			if !ok {
				return nil, fmt.Errorf("metric %s is not in the database", c)
			}
			if _, seen := code[id]; !seen {
				code[id] = c
				args = append(args, id)
			}
		}
	}
	unitFilter := `v.unit_id = ?`
	if len(units) > 1 {
		unitFilter = `v.unit_id IN (` + subtreeIDs + `)`
	}
	q := `SELECT v.unit_id, v.metric_id, v.period, v.value FROM ` + table + ` v
WHERE v.metric_id IN (` + placeholders(len(args)) + `) AND v.period BETWEEN ? AND ? AND ` + unitFilter
	existed := oversight.ExistenceOf(units)
	var pts []oversight.Point
	for b, bucket := range buckets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pts = pts[:0]
		a := append(append([]any{}, args...), int(bucket.Span.From), int(bucket.Span.To), units[0].ID)
		if err := db.scanCube(ctx, q, a, func(unit, metric int64, period int, v float64) {
			pts = append(pts, oversight.Point{Unit: unit, Metric: code[metric], Month: oversight.Month(period), Value: v})
		}); err != nil {
			return nil, err
		}
		rep.SetBucket(b, pts, existed)
	}
	return rep, nil
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
