package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
)

// ValueInput is one figure to store.
type ValueInput struct {
	UnitCode string
	Metric   string
	Month    oversight.Month
	Value    float64
	Comment  string
}

// Value is a stored figure with where it came from.
type Value struct {
	UnitCode  string
	UnitName  string
	Metric    string
	Month     oversight.Month
	Value     float64
	Comment   string
	EnteredBy string
	EnteredAt string
	Source    string
}

// PutValues stores a batch of figures in one transaction: all of them or
// none. Each is checked against its metric's kind; unknown units and
// metrics are refused. source says how they arrived (form, grid, import,
// api, demo).
func (db *DB) PutValues(ctx context.Context, in []ValueInput, source string, actor Actor) (err error) {
	defer wrap(&err, "store %d figures (%s)", len(in), source)
	metricIDs, err := db.metricIDs(ctx)
	if err != nil {
		return err
	}
	// Rows in primary-key order: SQLite inserts several times faster so.
	sorted := make([]ValueInput, len(in))
	copy(sorted, in)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.Metric != b.Metric {
			return metricIDs[a.Metric] < metricIDs[b.Metric]
		}
		return a.Month < b.Month
	})
	var uid any
	if actor.UserID != 0 {
		uid = actor.UserID
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		unitIDs := map[string]int64{}
		var slices [][2]int64
		stmt, err := tx.PrepareContext(ctx, `
INSERT INTO metric_values (metric_id, period, unit_id, value, comment, entered_by, entered_at, source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (metric_id, period, unit_id) DO UPDATE SET value=excluded.value, comment=excluded.comment,
  entered_by=excluded.entered_by, entered_at=excluded.entered_at, source=excluded.source`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		now := nowStr(db)
		for i, v := range sorted {
			mid, ok := metricIDs[v.Metric]
			if !ok {
				return oversight.Errf(oversight.EInvalid, "err.there_no_metric_with", v.Metric)
			}
			m, _ := oversight.MetricByCode(v.Metric)
			if is := oversight.ValidateValue(m, v.Value); is != nil {
				return oversight.Errf(oversight.EInvalid, is.Key, is.Args...)
			}
			if !v.Month.Valid() {
				return oversight.Errf(oversight.EInvalid, "err.invalid_period")
			}
			// A code is resolved at the month of the figure (a reused
			// code names another unit in another period).
			key := v.UnitCode + "|" + v.Month.String()
			unit, ok := unitIDs[key]
			if !ok {
				f, t := monthSpan(v.Month)
				u, err := pickUnitTx(ctx, tx, v.UnitCode, f, t, db.Now())
				if err != nil {
					return err
				}
				unit = u.ID
				unitIDs[key] = unit
			}
			if _, err := stmt.ExecContext(ctx, mid, int(v.Month), unit, v.Value, v.Comment, uid, now, source); err != nil {
				return fmt.Errorf("store value %d (%s %s %s): %w", i, v.UnitCode, v.Metric, v.Month, err)
			}
			if s := [2]int64{mid, int64(v.Month)}; len(slices) == 0 || slices[len(slices)-1] != s {
				slices = append(slices, s)
			}
		}
		// The triggers leave rows of source 'import' to the writer (00018).
		if err := markStale(ctx, tx, slices); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "values.put", source, fmt.Sprintf("%d values", len(in)))
	})
}

// metricIDs answers each metric's id by code. The catalogue is written
// only by Open (syncCatalogue), so the ids are read once and kept: every
// read of figures needs them, and a statement costs more than the map.
// Callers must not change the map.
func (db *DB) metricIDs(ctx context.Context) (_ map[string]int64, err error) {
	defer wrap(&err, "load the metric ids")
	db.metricIDsMu.Lock()
	defer db.metricIDsMu.Unlock()
	if db.metricIDs_ == nil {
		ids, err := metricIDsTx(ctx, db.read)
		if err != nil {
			return nil, err
		}
		db.metricIDs_ = ids
	}
	return db.metricIDs_, nil
}

func metricFilter(metrics []string) (string, []any) {
	if len(metrics) == 0 {
		return "", nil
	}
	args := make([]any, len(metrics))
	for i, m := range metrics {
		args[i] = m
	}
	return ` AND m.code IN (` + placeholders(len(metrics)) + `)`, args
}

// Points returns the monthly figures of one unit (subtree false) or of the
// unit and all its descendants (subtree true) over span s, for the given
// metric codes (all when empty).
func (db *DB) Points(ctx context.Context, unitID int64, subtree bool, metrics []string, s oversight.Span) ([]oversight.Point, error) {
	return db.PointsOf(ctx, unitID, subtree, false, metrics, s)
}

// PointsOf is Points over every figure or (approved) over the figures of
// approved unit-months only. Every reader of figures feeds what it reads
// here to oversight.AggregateIn: one subtree query, one engine.
func (db *DB) PointsOf(ctx context.Context, unitID int64, subtree, approved bool, metrics []string, s oversight.Span) (_ []oversight.Point, err error) {
	defer wrap(&err, "load the figures of unit %d (subtree %t, approved %t), %s", unitID, subtree, approved, s)
	table := "metric_values"
	if approved {
		table = "approved_metric_values"
	}
	ids, err := db.metricIDs(ctx)
	if err != nil {
		return nil, err
	}
	// Metric ids rather than a join on metrics: each row then scans two
	// integers, and its code is the catalogue's string, not a new one.
	codes := make(map[int64]string, len(ids))
	for c, id := range ids {
		if m, ok := oversight.MetricByCode(c); ok {
			codes[id] = m.Code
		}
	}
	mf := ""
	var margs []any
	if len(metrics) > 0 {
		for _, c := range metrics {
			if id, ok := ids[c]; ok {
				margs = append(margs, id)
			}
		}
		if len(margs) == 0 {
			return nil, nil
		}
		mf = ` AND v.metric_id IN (` + placeholders(len(margs)) + `)`
	}
	var q string
	if subtree {
		q = subtreeCTE + `SELECT v.unit_id, v.metric_id, v.period, v.value FROM sub JOIN ` + table + ` v ON v.unit_id = sub.id
WHERE v.period BETWEEN ? AND ?` + mf
	} else {
		q = `SELECT v.unit_id, v.metric_id, v.period, v.value FROM ` + table + ` v
WHERE v.unit_id = ? AND v.period BETWEEN ? AND ?` + mf
	}
	args := append([]any{unitID, int(s.From), int(s.To)}, margs...)
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.Point
	for rows.Next() {
		var p oversight.Point
		var period int
		var metric int64
		if err := rows.Scan(&p.Unit, &metric, &period, &p.Value); err != nil {
			return nil, err
		}
		code, ok := codes[metric]
		if !ok {
			continue
		}
		p.Metric, p.Month = code, oversight.Month(period)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Values lists the stored figures of one unit over span s with their
// provenance, ordered by period then catalogue order.
func (db *DB) Values(ctx context.Context, unitID int64, metrics []string, s oversight.Span) (_ []Value, err error) {
	defer wrap(&err, "load the stored figures of unit %d, %s", unitID, s)
	mf, margs := metricFilter(metrics)
	args := append([]any{unitID, int(s.From), int(s.To)}, margs...)
	rows, err := db.read.QueryContext(ctx, `
SELECT u.code, u.name, m.code, v.period, v.value, v.comment, COALESCE(us.name, ''), v.entered_at, v.source
FROM metric_values v JOIN metrics m ON m.id = v.metric_id JOIN units u ON u.id = v.unit_id
LEFT JOIN users us ON us.id = v.entered_by
WHERE v.unit_id = ? AND v.period BETWEEN ? AND ?`+mf+`
ORDER BY v.period, m.position`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Value
	for rows.Next() {
		var v Value
		var period int
		if err := rows.Scan(&v.UnitCode, &v.UnitName, &v.Metric, &period, &v.Value, &v.Comment, &v.EnteredBy, &v.EnteredAt, &v.Source); err != nil {
			return nil, err
		}
		v.Month = oversight.Month(period)
		out = append(out, v)
	}
	return out, rows.Err()
}

// CountValues returns how many figures are stored.
func (db *DB) CountValues(ctx context.Context) (_ int64, err error) {
	defer wrap(&err, "count the stored figures")
	var n int64
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM metric_values`).Scan(&n)
	return n, err
}

// DataMonths returns the first and last month with any figure for the
// subtree of a unit; ok is false when it has none.
func (db *DB) DataMonths(ctx context.Context, unitID int64) (s oversight.Span, ok bool, err error) {
	defer wrap(&err, "find the months with figures under unit %d", unitID)
	var from, to sql.NullInt64
	err = db.read.QueryRowContext(ctx, subtreeCTE+`SELECT MIN(v.period), MAX(v.period) FROM sub JOIN metric_values v ON v.unit_id = sub.id`, unitID).Scan(&from, &to)
	if err != nil || !from.Valid {
		return oversight.Span{}, false, err
	}
	return oversight.Span{From: oversight.Month(from.Int64), To: oversight.Month(to.Int64)}, true, nil
}

// Reporting is the reporting completeness of one month (DHIS2's reporting
// rate): how many units were expected to report and how many did.
type Reporting struct {
	Month              oversight.Month
	Expected, Reported int
}

// Completeness answers, for each month of span s, how many of the units
// expected to report under a unit did: the expected units are the leaves
// of its subtree (the unit itself when it has no children) that existed
// that month, departments and offices excepted (they are never summed into
// territorial totals); a unit reported when it holds at least one figure
// for the month (with approved, an approved one).
func (db *DB) Completeness(ctx context.Context, unitID int64, approved bool, s oversight.Span) (_ []Reporting, err error) {
	defer wrap(&err, "count the units reporting under unit %d (approved %t), %s", unitID, approved, s)
	// A unit with children reads its counts from roll-ups (figures.go).
	if out, ok, err := db.completenessRollup(ctx, unitID, s, approved); err != nil || ok {
		return out[approved], err
	}
	return db.completenessExact(ctx, unitID, approved, s)
}

// CompletenessBoth is Completeness of all figures and of approved ones, in
// one read: a dashboard of approved figures chooses its span from the
// first and shows the second.
func (db *DB) CompletenessBoth(ctx context.Context, unitID int64, s oversight.Span) (all, approved []Reporting, err error) {
	defer wrap(&err, "count the units reporting under unit %d, %s", unitID, s)
	out, ok, err := db.completenessRollup(ctx, unitID, s, false, true)
	if err != nil || ok {
		return out[false], out[true], err
	}
	if all, err = db.completenessExact(ctx, unitID, false, s); err != nil {
		return nil, nil, err
	}
	approved, err = db.completenessExact(ctx, unitID, true, s)
	return all, approved, err
}

// completenessExact is Completeness counted from the figures: every unit of
// the subtree probed for every month.
func (db *DB) completenessExact(ctx context.Context, unitID int64, approved bool, s oversight.Span) ([]Reporting, error) {
	units, err := db.SubtreeUnits(ctx, unitID)
	if err != nil {
		return nil, err
	}
	inner := map[int64]bool{}
	for _, u := range units {
		if u.ID != unitID && !u.IsOrganisation() {
			inner[u.ParentID] = true // a unit with only organisations under it is a leaf
		}
	}
	leaf := map[int64]oversight.Unit{}
	for _, u := range units {
		if !inner[u.ID] && !u.IsOrganisation() {
			leaf[u.ID] = u
		}
	}
	months := s.Months()
	table := "metric_values"
	if approved {
		table = "approved_metric_values"
	}
	// One index probe per unit and month rather than a scan of every
	// figure of the subtree.
	vals := make([]string, len(months))
	args := []any{unitID}
	for i, m := range months {
		vals[i] = "(?)"
		args = append(args, int(m))
	}
	q := subtreeCTE + `, months(p) AS (VALUES ` + strings.Join(vals, ", ") + `)
SELECT sub.id, months.p FROM sub CROSS JOIN months
WHERE EXISTS (SELECT 1 FROM ` + table + ` v WHERE v.unit_id = sub.id AND v.period = months.p)`
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	reported := map[oversight.Month]int{}
	for rows.Next() {
		var id int64
		var p int
		if err := rows.Scan(&id, &p); err != nil {
			return nil, err
		}
		m := oversight.Month(p)
		if u, ok := leaf[id]; ok && u.ExistedDuring(oversight.Span{From: m, To: m}) {
			reported[m]++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Reporting, 0, len(months))
	for _, m := range months {
		r := Reporting{Month: m, Reported: reported[m]}
		for _, u := range leaf {
			if u.ExistedDuring(oversight.Span{From: m, To: m}) {
				r.Expected++
			}
		}
		out = append(out, r)
	}
	return out, nil
}
