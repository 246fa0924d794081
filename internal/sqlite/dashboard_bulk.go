package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
)

// Bulk loads for generated data sets (the synthetic seed), with their
// roll-ups computed by the loader (dashboard.go).

// BulkUnit is a unit for a bulk load; IDs are chosen by the loader so that
// values can refer to them without a look-up.
type BulkUnit struct {
	ID       int64
	Code     string
	Name     string
	Kind     string
	ParentID int64 // 0 for a root
}

// BulkValue is one monthly figure for a bulk load.
type BulkValue struct {
	MetricID int64
	Period   int
	UnitID   int64
	Value    float64
}

// BulkLoad is a writer for generated data sets (the synthetic seed): units,
// values and roll-ups in one transaction with multi-row inserts. Everyday
// writes go through PutValues and the triggers keep roll-ups in step.
type BulkLoad struct {
	db      *DB
	tx      *sql.Tx
	ctx     context.Context
	now     string
	stmts   map[string]*sql.Stmt
	pending []any
	derived bool   // the loader gave pairs, gaps and months (Derived, bulk_tree.go)
	noWAL   bool   // the load runs with an in-memory journal (leaveWAL)
	trigger string // dash_values_insert's SQL, dropped during the load
	ids     []any  // unit ids boxed once (MonthValues)
	values  []any  // whole figures boxed once (MonthValues)

	valueRows int  // figures inserted into metric_values
	image     bool // the loader gives metric_values_unit's rows (UnitValues, bulk_index_image.go)
	imageRows int  // figures given for the index
}

// BeginBulk starts a bulk load into an empty database (apart from the
// metric catalogue). Call Commit, or Rollback on error.
func (db *DB) BeginBulk(ctx context.Context) (*BulkLoad, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM units) + (SELECT COUNT(*) FROM metric_values)`).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, oversight.Errf(oversight.EInvalid, "err.database_already_holds_units_2")
	}
	// A bigger page cache for the load (the write pool's one connection
	// keeps it; Commit puts it back).
	// Foreign keys are checked by the generator (it numbers the units
	// itself); checking 10 million rows one by one would double the time.
	// No fsync during the load: a crash leaves a file to delete, not data
	// to save.
	// The CHECK constraints too (the generator writes valid months; they
	// are a dozen opcodes per row); and a helper thread for the sorts that
	// build the indexes at the end.
	for _, q := range []string{`PRAGMA cache_size = -262144`, `PRAGMA foreign_keys = OFF`, `PRAGMA synchronous = OFF`,
		`PRAGMA ignore_check_constraints = ON`, `PRAGMA threads = 2`} {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			return nil, err
		}
	}
	b := &BulkLoad{db: db, ctx: ctx, now: nowStr(db), stmts: map[string]*sql.Stmt{}}
	b.leaveWAL()
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		b.restore()
		return nil, err
	}
	b.tx = tx
	// Indexes other than the primary keys would take their inserts in random
	// order; built again at the end from sorted data they cost seconds
	// instead of minutes (dash_rollup_slice alone was half the roll-ups' time).
	// The insert trigger skips source 'seed' in its WHEN, but SQLite still
	// runs the trigger's program for every row to test it; it is dropped for
	// the load and made again from its own text (schema unchanged).
	if err := tx.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'dash_values_insert'`).Scan(&b.trigger); err != nil {
		b.Rollback()
		return nil, fmt.Errorf("read the trigger dash_values_insert: %w", err)
	}
	for _, q := range []string{`DROP INDEX metric_values_unit`, `DROP INDEX dash_rollup_slice`, `DROP TRIGGER dash_values_insert`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			b.Rollback()
			return nil, err
		}
	}
	return b, nil
}

// leaveWAL switches the empty file to an in-memory rollback journal for the
// load. In WAL mode every page of the load is written twice (to the WAL,
// then by the checkpoint into the file); a rollback journal only keeps the
// pages a transaction changes that already existed, which for a new file is
// the schema's few pages, so rollback still works. Leaving WAL needs no
// other connection open: the read pool's idle ones are closed (no reader
// runs during a load). If the switch is refused the load stays in WAL,
// slower but correct.
func (b *BulkLoad) leaveWAL() {
	b.db.read.SetMaxIdleConns(0)
	var mode string
	if err := b.db.write.QueryRowContext(b.ctx, `PRAGMA journal_mode = MEMORY`).Scan(&mode); err == nil && mode == "memory" {
		b.noWAL = true
	}
}

// Units inserts units, parents before children.
func (b *BulkLoad) Units(us []BulkUnit) error {
	rows := make([]any, 0, 5*len(us))
	for _, u := range us {
		var parent any
		if u.ParentID != 0 {
			parent = u.ParentID
		}
		rows = append(rows, u.ID, u.Code, u.Name, u.Kind, parent)
	}
	return b.insert(`units (id, code, name, kind, parent_id)`, 5, rows)
}

// Values inserts figures, which must come in primary-key order (metric,
// period, unit) across calls: out of order SQLite is twenty times slower.
// They are stored with source "seed", which the roll-up triggers skip:
// the loader supplies roll-ups through Rollups.
func (b *BulkLoad) Values(vs []BulkValue) error {
	rows := make([]any, 0, 5*len(vs))
	for _, v := range vs {
		rows = append(rows, v.MetricID, v.Period, v.UnitID, v.Value, b.now)
	}
	b.valueRows += len(vs)
	return b.insertRaw(`metric_values (metric_id, period, unit_id, value, entered_at, source)`, 5, `'seed'`, rows)
}

// Rollups inserts precomputed subtree totals (see SubtreeMonthly), in
// (unit, metric, period) order.
func (b *BulkLoad) Rollups(rs []RollupRow) error {
	rows := make([]any, 0, 5*len(rs))
	for _, r := range rs {
		rows = append(rows, r.UnitID, r.MetricID, r.Period, r.Value, r.N)
	}
	return b.insert(`dash_rollup (unit_id, metric_id, period, value, n)`, 5, rows)
}

// RollupRow is one precomputed subtree total.
type RollupRow struct {
	UnitID   int64
	MetricID int64
	Period   int
	Value    float64
	N        int
}

func (b *BulkLoad) insert(into string, width int, rows []any) error {
	return b.insertRaw(into, width, "", rows)
}

// insertRaw batches rows of width parameters into multi-row INSERTs; extra
// is a constant SQL expression appended to every row.
//
// The bulk INSERTs say OR FAIL: a statement that may stop half-way with
// the default ABORT makes SQLite copy every page it touches into a
// statement journal first, to undo its own earlier rows (about 4 % of the
// seed's CPU). FAIL keeps those rows instead, and a failed statement still
// fails the whole load, which is then rolled back.
func (b *BulkLoad) insertRaw(into string, width int, extra string, rows []any) error {
	const per = 400 // rows per statement, well under SQLite's 32766 parameters
	one := "(" + placeholders(width)
	if extra != "" {
		one += ", " + extra
	}
	one += ")"
	stmtFor := func(n int) (*sql.Stmt, error) {
		key := fmt.Sprintf("%s/%d", into, n)
		if st, ok := b.stmts[key]; ok {
			return st, nil
		}
		st, err := b.tx.PrepareContext(b.ctx, `INSERT OR FAIL INTO `+into+` VALUES `+strings.Repeat(one+",", n-1)+one)
		if err != nil {
			return nil, err
		}
		b.stmts[key] = st
		return st, nil
	}
	for start := 0; start < len(rows); start += per * width {
		end := min(start+per*width, len(rows))
		st, err := stmtFor((end - start) / width)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(b.ctx, rows[start:end]...); err != nil {
			return fmt.Errorf("bulk insert into %s: %w", into, err)
		}
	}
	return nil
}

func (b *BulkLoad) closeStmts() {
	for _, st := range b.stmts {
		st.Close()
	}
	b.stmts = nil
}

// Commit ends the bulk load, marks the roll-ups fresh, refreshes the
// planner's statistics (without them it may scan the whole table) and
// checkpoints the WAL (which otherwise grows to the size of the load).
func (b *BulkLoad) Commit() error {
	b.closeStmts()
	defer b.restore()
	if err := b.makeIndex(); err != nil {
		b.tx.Rollback()
		return err
	}
	// The same definition as in 00005_dashboard.sql.
	for _, q := range []string{`CREATE INDEX dash_rollup_slice ON dash_rollup(metric_id, period)`, b.trigger, `DELETE FROM dash_dirty`} {
		if _, err := b.tx.ExecContext(b.ctx, q); err != nil {
			b.tx.Rollback()
			return err
		}
	}
	// The loader gave the sums; pairs, gaps, approved sums and approval
	// counts come from the figures, unless it gave them too (Derived).
	if !b.derived {
		if err := rebuildDerived(b.ctx, b.tx, false); err != nil {
			b.tx.Rollback()
			return fmt.Errorf("build roll-ups: %w", err)
		}
	}
	if err := b.tx.Commit(); err != nil {
		return err
	}
	// A sampled ANALYZE: the planner needs the shape, not exact counts.
	for _, q := range []string{`PRAGMA analysis_limit = 1000`, `ANALYZE`, `PRAGMA analysis_limit = 0`} {
		if _, err := b.db.write.ExecContext(b.ctx, q); err != nil {
			return err
		}
	}
	_, err := b.db.write.ExecContext(b.ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return err
}

// restore puts the write connection's settings back (those of Open).
func (b *BulkLoad) restore() {
	ctx := context.WithoutCancel(b.ctx)
	_, _ = b.db.write.ExecContext(ctx, `PRAGMA cache_size = -2000`)
	_, _ = b.db.write.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
	_, _ = b.db.write.ExecContext(ctx, `PRAGMA synchronous = NORMAL`)
	_, _ = b.db.write.ExecContext(ctx, `PRAGMA ignore_check_constraints = OFF`)
	_, _ = b.db.write.ExecContext(ctx, `PRAGMA threads = 0`)
	if b.noWAL {
		_, _ = b.db.write.ExecContext(ctx, `PRAGMA journal_mode = WAL`)
		b.noWAL = false
	}
	b.db.read.SetMaxIdleConns(2) // database/sql's default
}

// Rollback abandons the bulk load.
func (b *BulkLoad) Rollback() error {
	b.closeStmts()
	defer b.restore()
	return b.tx.Rollback()
}
