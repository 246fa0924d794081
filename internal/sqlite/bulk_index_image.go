package sqlite

import (
	"database/sql"
	"fmt"
	"strings"
)

// The index metric_values_unit, written by the loader instead of sorted by
// SQLite.
//
// CREATE INDEX reads every figure, sorts them by (unit, period, metric,
// value) and writes the index: at 27 million figures that sort was as much
// work as the load itself. A loader that holds its figures in memory can
// give them again in the index's order. They go into a WITHOUT ROWID table
// keyed (unit_id, period, metric_id, value): its B-tree is an index B-tree
// whose records are exactly the index's (an index on a WITHOUT ROWID table
// holds its columns and the primary-key columns not among them: none
// here), filled by appends. At commit the table's schema row becomes the
// index's (PRAGMA writable_schema, as SQLite's "other schema changes"
// procedure does). The index then holds the entries CREATE INDEX would
// have made (its appended pages are a little less full: about 80 MB more
// at national scale): PRAGMA integrity_check looks every figure up in it
// and counts its entries (the seed's tests run it), and Commit refuses an
// image whose count differs from the figures'.

// imageTable is the table that becomes metric_values_unit at commit.
const imageTable = `bulk_metric_values_unit`

// indexSQL is metric_values_unit's definition, as in 00005_dashboard.sql.
const indexSQL = `CREATE INDEX metric_values_unit ON metric_values(unit_id, period, metric_id, value)`

// UnitValues gives one unit's figures again for metric_values_unit: for
// each period, the value of each of metricIDs (ascending), periods
// ascending; calls in ascending unit order, after or between MonthValues
// calls. values holds len(periods) × len(metricIDs) figures, period by
// period. Every figure given to MonthValues must come here once, and
// metricIDs must be the same in every call.
func (b *BulkLoad) UnitValues(unitID int64, periods []int, metricIDs []int64, values []float32) error {
	if !b.image {
		if _, err := b.tx.ExecContext(b.ctx, `CREATE TABLE `+imageTable+` (unit_id INTEGER NOT NULL, period INTEGER NOT NULL,
 metric_id INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (unit_id, period, metric_id, value)) WITHOUT ROWID`); err != nil {
			return fmt.Errorf("bulk load: create the index image: %w", err)
		}
		b.image = true
	}
	nm := len(metricIDs)
	if len(values) != len(periods)*nm {
		return fmt.Errorf("bulk load: %d values for %d periods × %d metrics", len(values), len(periods), nm)
	}
	// Periods per statement: 20 × 25 metrics is 500 rows, 521 parameters.
	per := max(1, 500/max(nm, 1))
	for start := 0; start < len(periods); start += per {
		end := min(start+per, len(periods))
		st, err := b.imageStmt(end-start, metricIDs)
		if err != nil {
			return err
		}
		args := append(b.pending[:0], b.boxed(unitID))
		for _, p := range periods[start:end] {
			args = append(args, p)
		}
		for _, v := range values[start*nm : end*nm] {
			args = append(args, b.boxedValue(v))
		}
		b.pending = args
		if _, err := st.ExecContext(b.ctx, args...); err != nil {
			return fmt.Errorf("bulk insert into the index image: %w", err)
		}
		b.imageRows += (end - start) * nm
	}
	return nil
}

// imageStmt is the INSERT of n periods of one unit: ?1 the unit, ?2… the
// periods, then the values; the metric ids are constants of the statement.
func (b *BulkLoad) imageStmt(n int, metricIDs []int64) (*sql.Stmt, error) {
	key := fmt.Sprintf("image/%d/%v", n, metricIDs)
	if st, ok := b.stmts[key]; ok {
		return st, nil
	}
	var sb strings.Builder
	sb.WriteString(`INSERT OR FAIL INTO ` + imageTable + ` (unit_id, period, metric_id, value) VALUES `)
	arg := 2 + n
	for i := 0; i < n; i++ {
		for _, m := range metricIDs {
			if arg > 2+n {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, "(?1, ?%d, %d, ?%d)", 2+i, m, arg)
			arg++
		}
	}
	st, err := b.tx.PrepareContext(b.ctx, sb.String())
	if err != nil {
		return nil, err
	}
	b.stmts[key] = st
	return st, nil
}

// makeIndex makes metric_values_unit: from the loader's image when it gave
// one, else with CREATE INDEX.
func (b *BulkLoad) makeIndex() error {
	if !b.image {
		_, err := b.tx.ExecContext(b.ctx, indexSQL)
		return err
	}
	if b.imageRows != b.valueRows {
		return fmt.Errorf("bulk load: the index image has %d figures and metric_values %d: the loader must give every figure to both", b.imageRows, b.valueRows)
	}
	var version int
	if err := b.tx.QueryRowContext(b.ctx, `PRAGMA schema_version`).Scan(&version); err != nil {
		return err
	}
	// The new schema version makes every connection (this one after RESET)
	// read the schema again, with the index and without the table.
	for _, q := range []string{`PRAGMA writable_schema = ON`,
		fmt.Sprintf(`UPDATE sqlite_schema SET type = 'index', name = 'metric_values_unit', tbl_name = 'metric_values', sql = '%s' WHERE type = 'table' AND name = '%s'`, indexSQL, imageTable),
		fmt.Sprintf(`PRAGMA schema_version = %d`, version+1), `PRAGMA writable_schema = RESET`} {
		if _, err := b.tx.ExecContext(b.ctx, q); err != nil {
			return fmt.Errorf("bulk load: make the index from its image: %w", err)
		}
	}
	return nil
}
