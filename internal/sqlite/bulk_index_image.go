package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The index metric_values_unit, written by the loader instead of sorted by
// SQLite, on the second core.
//
// CREATE INDEX reads every figure, sorts them by (unit, period, metric,
// value) and writes the index: at 27 million figures that sort was as much
// work as the load itself. A loader that holds its figures in memory can
// give them again in the index's order. They go into a WITHOUT ROWID table
// keyed (unit_id, period, metric_id, value): its B-tree is an index B-tree
// whose records are exactly the index's (an index on a WITHOUT ROWID table
// holds its columns and the primary-key columns not among them: none
// here), filled by appends. That table is written by its own connection
// into a file of its own (an IndexImage), so a second goroutine fills it
// while the load writes the figures. After the load's transaction, the
// table is copied into the database (INSERT … SELECT between identical
// tables: SQLite copies the records without decoding them) and its schema
// row becomes the index's (PRAGMA writable_schema, as SQLite's "other
// schema changes" procedure does). The file is then the one CREATE INDEX
// would have made: PRAGMA integrity_check compares every figure with its
// index entry (the seed's tests run it), and a copy whose count differs
// from the figures' is refused.

// imageTable is the table that becomes metric_values_unit.
const imageTable = `bulk_metric_values_unit`

// imageTableSQL creates it, in the image's file and then in the database.
const imageTableSQL = ` (unit_id INTEGER NOT NULL, period INTEGER NOT NULL,
 metric_id INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (unit_id, period, metric_id, value)) WITHOUT ROWID`

// indexSQL is metric_values_unit's definition, as in 00005_dashboard.sql.
const indexSQL = `CREATE INDEX metric_values_unit ON metric_values(unit_id, period, metric_id, value)`

// IndexImage receives a bulk load's figures in the order of the index
// metric_values_unit, in a temporary file beside the database. One
// goroutine may fill it (UnitValues) while another loads the figures;
// Close removes the file.
type IndexImage struct {
	path    string
	conn    *sql.DB
	tx      *sql.Tx
	ctx     context.Context
	stmts   map[int]*sql.Stmt
	pending []any
	boxes
	metricIDs []int64
	rows      int
}

// NewIndexImage starts an index image for the bulk load b (UnitValues), in
// a new file beside the database.
func (b *BulkLoad) NewIndexImage() (*IndexImage, error) {
	f, err := os.CreateTemp(filepath.Dir(b.db.Path), filepath.Base(b.db.Path)+".index-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("bulk load: create a temporary file for the index beside the database: %w", err)
	}
	im := &IndexImage{path: f.Name(), ctx: b.ctx, stmts: map[int]*sql.Stmt{}}
	f.Close()
	// A scratch file: no journal on disk, no fsync.
	if im.conn, err = sql.Open("sqlite3", "file:"+im.path+"?_journal_mode=MEMORY&_synchronous=OFF"); err != nil {
		im.Close()
		return nil, err
	}
	im.conn.SetMaxOpenConns(1)
	for _, q := range []string{`PRAGMA cache_size = -65536`, `CREATE TABLE ` + imageTable + imageTableSQL} {
		if _, err := im.conn.ExecContext(b.ctx, q); err != nil {
			im.Close()
			return nil, fmt.Errorf("bulk load: start the index image: %w", err)
		}
	}
	if im.tx, err = im.conn.BeginTx(b.ctx, nil); err != nil {
		im.Close()
		return nil, err
	}
	b.image = im
	return im, nil
}

// UnitValues gives one unit's figures again, for metric_values_unit: for
// each period, the value of each of metricIDs (ascending), periods
// ascending; calls in ascending unit order. values holds len(periods) ×
// len(metricIDs) figures, period by period. Every figure of the load must
// come here once, and metricIDs must be the same in every call.
func (im *IndexImage) UnitValues(unitID int64, periods []int, metricIDs []int64, values []float32) error {
	nm := len(metricIDs)
	if len(values) != len(periods)*nm {
		return fmt.Errorf("bulk load: %d values for %d periods × %d metrics", len(values), len(periods), nm)
	}
	if im.metricIDs == nil {
		im.metricIDs = metricIDs
	} else if !slices.Equal(im.metricIDs, metricIDs) {
		return fmt.Errorf("bulk load: the index image's metrics changed from %v to %v", im.metricIDs, metricIDs)
	}
	// Periods per statement: 20 × 25 metrics is 500 rows, 521 parameters.
	per := max(1, 500/max(nm, 1))
	for start := 0; start < len(periods); start += per {
		end := min(start+per, len(periods))
		st, err := im.stmt(end - start)
		if err != nil {
			return err
		}
		args := append(im.pending[:0], im.boxed(unitID))
		for _, p := range periods[start:end] {
			args = append(args, p)
		}
		for _, v := range values[start*nm : end*nm] {
			args = append(args, im.boxedValue(v))
		}
		im.pending = args
		if _, err := st.ExecContext(im.ctx, args...); err != nil {
			return fmt.Errorf("bulk insert into the index image: %w", err)
		}
		im.rows += (end - start) * nm
	}
	return nil
}

// stmt is the INSERT of n periods of one unit: ?1 the unit, ?2… the
// periods, then the values; the metric ids are constants of the statement.
// OR FAIL: see insertRaw.
func (im *IndexImage) stmt(n int) (*sql.Stmt, error) {
	if st, ok := im.stmts[n]; ok {
		return st, nil
	}
	var sb strings.Builder
	sb.WriteString(`INSERT OR FAIL INTO ` + imageTable + ` (unit_id, period, metric_id, value) VALUES `)
	arg := 2 + n
	for i := 0; i < n; i++ {
		for _, m := range im.metricIDs {
			if arg > 2+n {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, "(?1, ?%d, %d, ?%d)", 2+i, m, arg)
			arg++
		}
	}
	st, err := im.tx.PrepareContext(im.ctx, sb.String())
	if err != nil {
		return nil, err
	}
	im.stmts[n] = st
	return st, nil
}

// finish commits the image and closes its connection; the file stays for
// the copy.
func (im *IndexImage) finish() error {
	if im.tx == nil {
		return errors.New("bulk load: the index image was already finished or closed")
	}
	for _, st := range im.stmts {
		st.Close()
	}
	im.stmts = map[int]*sql.Stmt{}
	err := im.tx.Commit()
	im.tx = nil
	if err2 := im.conn.Close(); err == nil {
		err = err2
	}
	im.conn = nil
	if err != nil {
		return fmt.Errorf("bulk load: finish the index image: %w", err)
	}
	return nil
}

// Close abandons the image if it is not finished and removes its file.
// Safe to call more than once.
func (im *IndexImage) Close() error {
	if im.tx != nil {
		im.tx.Rollback()
		im.tx = nil
	}
	if im.conn != nil {
		im.conn.Close()
		im.conn = nil
	}
	if im.path == "" {
		return nil
	}
	err := os.Remove(im.path)
	im.path = ""
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// indexFromImage copies the finished image into the database and makes it
// metric_values_unit, in a transaction of its own: ATTACH cannot run inside
// the load's, and the load's BEGIN IMMEDIATE would have locked the image's
// file against its writer.
func (b *BulkLoad) indexFromImage() error {
	im := b.image
	defer im.Close()
	if im.rows != b.valueRows {
		return fmt.Errorf("bulk load: the index image has %d figures and metric_values %d: the loader must give every figure to both", im.rows, b.valueRows)
	}
	conn, err := b.db.write.Conn(b.ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(b.ctx, `ATTACH DATABASE ? AS bulk_image`, im.path); err != nil {
		return fmt.Errorf("bulk load: attach the index image: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(b.ctx), `DETACH DATABASE bulk_image`)
	tx, err := conn.BeginTx(b.ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRowContext(b.ctx, `PRAGMA main.schema_version`).Scan(&version); err != nil {
		return err
	}
	// The new schema version makes every connection (this one after RESET)
	// read the schema again, with the index and without the table.
	for _, q := range []string{`CREATE TABLE main.` + imageTable + imageTableSQL,
		`INSERT INTO main.` + imageTable + ` SELECT * FROM bulk_image.` + imageTable,
		`PRAGMA writable_schema = ON`,
		fmt.Sprintf(`UPDATE main.sqlite_schema SET type = 'index', name = 'metric_values_unit', tbl_name = 'metric_values', sql = '%s' WHERE type = 'table' AND name = '%s'`, indexSQL, imageTable),
		fmt.Sprintf(`PRAGMA main.schema_version = %d`, version+1), `PRAGMA writable_schema = RESET`} {
		if _, err := tx.ExecContext(b.ctx, q); err != nil {
			return fmt.Errorf("bulk load: make the index from its image: %w", err)
		}
	}
	return tx.Commit()
}
