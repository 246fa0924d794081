package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
)

// Writing a checked batch of figures: the figures, their history and the
// roll-up marks, in multi-row statements.

func writeEntries(ctx context.Context, tx *sql.Tx, db *DB, rows []oversight.EntryRow, unitIDs map[oversight.UnitMonth]int64, metricIDs map[string]int64,
	mctx map[oversight.UnitMonth]oversight.MonthContext, source string, actor Actor) (int, error) {
	// The last row for a figure wins; rows go in primary-key order, which
	// SQLite inserts several times faster (NOTES.md).
	type item struct {
		mid, uid int64
		r        *oversight.EntryRow
		idx      int // in rows
	}
	items := make([]item, 0, len(rows))
	for i := range rows {
		r := &rows[i]
		// CheckBatch refused these already; this guards the table against
		// a caller that skipped it (nothing non-finite or unbounded is
		// ever stored, summed or exported).
		if m, ok := oversight.MetricByCode(r.Metric); !ok || !r.Clear && oversight.ValidateValue(m, r.Value) != nil {
			return 0, fmt.Errorf("store figures: %s of %s for %s = %v was not validated", r.Metric, r.Unit, r.Month, r.Value)
		}
		items = append(items, item{metricIDs[r.Metric], unitIDs[oversight.UnitMonth{Unit: r.Unit, Month: r.Month}], r, i})
	}
	// (Comparisons written out: cmp.Or would evaluate every key of every
	// comparison, about 1.5 million of them.)
	key := func(a, b item) int {
		if a.mid != b.mid {
			return cmp.Compare(a.mid, b.mid)
		}
		if a.r.Month != b.r.Month {
			return cmp.Compare(a.r.Month, b.r.Month)
		}
		return cmp.Compare(a.uid, b.uid)
	}
	slices.SortFunc(items, func(a, b item) int {
		if c := key(a, b); c != 0 {
			return c
		}
		return cmp.Compare(a.idx, b.idx)
	})
	// Of rows giving the same figure (SaveEntries refuses them; a guard,
	// without a map of 83,025 keys) the last is kept.
	kept := items[:0]
	for i, it := range items {
		if i+1 < len(items) && key(it, items[i+1]) == 0 {
			continue
		}
		kept = append(kept, it)
	}
	items = kept
	var uid any
	if actor.UserID != 0 {
		uid = actor.UserID
	}
	name := actorName(actor)
	now := nowStr(db)
	// Changed figures only: an unchanged one gets no write and no history.
	changed := make([]int, 0, len(items))
	olds := make([]any, len(items))
	var cleared []int
	for i, it := range items {
		k := oversight.UnitMonth{Unit: it.r.Unit, Month: it.r.Month}
		v, ok := mctx[k].Stored[it.r.Metric]
		if it.r.Clear {
			if ok { // clearing nothing is no change
				olds[i] = v
				cleared = append(cleared, i)
			}
			continue
		}
		if ok {
			if v == it.r.Value && it.r.Reason == "" && it.r.Comment == "" {
				continue
			}
			olds[i] = v
		}
		changed = append(changed, i)
	}
	for _, i := range cleared {
		it := items[i]
		if _, err := tx.ExecContext(ctx, `DELETE FROM metric_values WHERE metric_id = ? AND period = ? AND unit_id = ?`, it.mid, int(it.r.Month), it.uid); err != nil {
			return 0, fmt.Errorf("clear figure: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO value_history (unit_id, period, metric_id, old_value, new_value, reason, source, user_id, user_name, at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`,
			it.uid, int(it.r.Month), it.mid, olds[i], it.r.Reason, source, uid, name, now); err != nil {
			return 0, fmt.Errorf("record history: %w", err)
		}
		if err := audit(ctx, tx, db, Actor{UserID: actor.UserID, Name: name}, "values.clear", fmt.Sprintf("unit %s %s %s", it.r.Unit, it.r.Month, it.r.Metric),
			fmt.Sprintf("%v cleared (%s): %s", olds[i], source, it.r.Reason)); err != nil {
			return 0, err
		}
	}
	// Multi-row statements, built a chunk at a time: one Exec per figure
	// costs a cgo call each and made a 3,321-commune template take twice
	// its time budget. What every row shares (who, when, from where) is
	// bound once per statement, and an empty comment or reason as NULL:
	// each text bound costs go-sqlite3 a C copy.
	//
	// A figure the unit's month did not hold (mctx was read in this
	// transaction, which holds the write lock) is a plain INSERT: the
	// upsert's conflict search costs SQLite a second seek per row. Were it
	// there after all, the INSERT fails and the batch is rolled back.
	newStmt := chunkedStmt{head: `INSERT INTO metric_values (metric_id, period, unit_id, value, comment, entered_by, entered_at, source) VALUES `,
		row: `(#, #, #, #, COALESCE(#, ''), ?1, ?2, ?3)`, shared: []any{uid, now, source}}
	valueStmt := newStmt
	valueStmt.shared = slices.Clone(newStmt.shared)
	valueStmt.tail = ` ON CONFLICT (metric_id, period, unit_id) DO UPDATE SET value=excluded.value, comment=excluded.comment,
  entered_by=excluded.entered_by, entered_at=excluded.entered_at, source=excluded.source`
	histStmt := chunkedStmt{head: `INSERT INTO value_history (unit_id, period, metric_id, old_value, new_value, reason, source, user_id, user_name, at) VALUES `,
		row: `(#, #, #, #, #, COALESCE(#, ''), ?1, ?2, ?3, ?4)`, shared: []any{source, uid, name, now}}
	defer newStmt.close()
	defer valueStmt.close()
	defer histStmt.close()
	textOrNil := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	for _, i := range changed {
		it := items[i]
		st := &valueStmt
		if olds[i] == nil {
			st = &newStmt
		}
		// int64, not int: database/sql converts any other type by
		// reflection, for each of 166,050 values.
		if err := st.add(ctx, tx, it.mid, int64(it.r.Month), it.uid, it.r.Value, textOrNil(it.r.Comment)); err != nil {
			return 0, fmt.Errorf("store figures: %w", err)
		}
	}
	for _, st := range []*chunkedStmt{&newStmt, &valueStmt} {
		if err := st.flush(ctx, tx); err != nil {
			return 0, fmt.Errorf("store figures: %w", err)
		}
	}
	// The roll-up slices these figures make stale: the triggers leave an
	// import's rows to this (migration 00018).
	stale := make([][2]int64, 0, 32)
	for _, i := range changed {
		it := items[i]
		if s := [2]int64{it.mid, int64(it.r.Month)}; len(stale) == 0 || stale[len(stale)-1] != s {
			stale = append(stale, s)
		}
	}
	if err := markStale(ctx, tx, stale); err != nil {
		return 0, err
	}
	// History rows go in (unit, period) order, the order of its index.
	// Then by metric: the order SliceStable kept from the figures' order.
	slices.SortFunc(changed, func(a, b int) int {
		x, y := &items[a], &items[b]
		if x.uid != y.uid {
			return cmp.Compare(x.uid, y.uid)
		}
		if x.r.Month != y.r.Month {
			return cmp.Compare(x.r.Month, y.r.Month)
		}
		return cmp.Compare(x.mid, y.mid)
	})
	for _, i := range changed {
		it := items[i]
		if err := histStmt.add(ctx, tx, it.uid, int64(it.r.Month), it.mid, olds[i], it.r.Value, textOrNil(it.r.Reason)); err != nil {
			return 0, fmt.Errorf("record history: %w", err)
		}
	}
	if err := histStmt.flush(ctx, tx); err != nil {
		return 0, fmt.Errorf("record history: %w", err)
	}
	return len(changed) + len(cleared), nil
}

// markStale marks the roll-up slices (metric id, period) that a write of
// figures made stale, one statement per distinct slice, for the refresh
// before commit (inTx). Writers of source 'import' must call it: the
// triggers skip their rows (migration 00018).
func markStale(ctx context.Context, tx *sql.Tx, slices [][2]int64) error {
	seen := make(map[[2]int64]bool, 32)
	var st *sql.Stmt
	for _, s := range slices {
		if seen[s] {
			continue
		}
		seen[s] = true
		if st == nil {
			var err error
			if st, err = tx.PrepareContext(ctx, `INSERT INTO dash_dirty (metric_id, period) SELECT ?1, ?2
WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = ?1 AND period = ?2)`); err != nil {
				return err
			}
			defer st.Close()
		}
		if _, err := st.ExecContext(ctx, s[0], s[1]); err != nil {
			return fmt.Errorf("mark roll-ups stale: %w", err)
		}
	}
	return nil
}

// stmtCache is a querier over a transaction that prepares each distinct
// query once and reuses it.
type stmtCache struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (c *stmtCache) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := c.stmts[q]; ok {
		return st, nil
	}
	st, err := c.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[q] = st
	return st, nil
}

func (c *stmtCache) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := c.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (c *stmtCache) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := c.stmt(ctx, q)
	if err != nil { // the transaction's own query reports the same error
		return c.tx.QueryRowContext(ctx, q, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

func (c *stmtCache) close() {
	for _, st := range c.stmts {
		st.Close()
	}
}

// chunkRows is how many rows one multi-row statement carries (well under
// SQLite's limit of 32,766 parameters).
const chunkRows = 200

// chunkedStmt is a multi-row statement: head, then row once per row
// (each # in it is the row's next parameter; ?1, ?2, ... are the shared
// ones), then tail. The statement for a full chunk is prepared once.
type chunkedStmt struct {
	head, row, tail string
	shared          []any
	full            *sql.Stmt
	args            []any // shared, then the pending rows' own
	rows            int
}

// add queues one row's own parameters, running a full chunk.
func (c *chunkedStmt) add(ctx context.Context, tx *sql.Tx, own ...any) error {
	if c.args == nil {
		c.args = append(make([]any, 0, len(c.shared)+chunkRows*len(own)), c.shared...)
	}
	c.args = append(c.args, own...)
	if c.rows++; c.rows < chunkRows {
		return nil
	}
	if c.full == nil {
		var err error
		if c.full, err = tx.PrepareContext(ctx, c.build(chunkRows)); err != nil {
			return err
		}
	}
	_, err := c.full.ExecContext(ctx, c.args...)
	c.args, c.rows = c.args[:len(c.shared)], 0
	return err
}

// flush runs the rows queued since the last full chunk.
func (c *chunkedStmt) flush(ctx context.Context, tx *sql.Tx) error {
	if c.rows == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, c.build(c.rows), c.args...)
	c.args, c.rows = c.args[:len(c.shared)], 0
	return err
}

func (c *chunkedStmt) build(n int) string {
	var b strings.Builder
	b.WriteString(c.head)
	p := len(c.shared)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		for _, ch := range []byte(c.row) {
			if ch != '#' {
				b.WriteByte(ch)
				continue
			}
			p++
			b.WriteString("?" + strconv.Itoa(p))
		}
	}
	b.WriteString(c.tail)
	return b.String()
}

func (c *chunkedStmt) close() {
	if c.full != nil {
		c.full.Close()
	}
}
