package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// BeginBulkTree is BeginBulk for a load on a given unit tree (the official
// one, with each unit's validity and the succession links): the units and
// links are written first, in the load's transaction.
func (db *DB) BeginBulkTree(ctx context.Context, units []oversight.Unit, links []oversight.Succession) (*BulkLoad, error) {
	b, err := db.BeginBulk(ctx)
	if err != nil {
		return nil, err
	}
	rows := make([]any, 0, 8*len(units))
	for _, u := range units {
		var parent any
		if u.ParentID != 0 {
			parent = u.ParentID
		}
		rows = append(rows, u.ID, u.Code, u.Official, u.Name, u.Kind, parent, dateStr(u.ValidFrom), dateStr(u.ValidTo))
	}
	if err := b.insert(`units (id, code, official, name, kind, parent_id, valid_from, valid_to)`, 8, rows); err != nil {
		b.Rollback()
		return nil, err
	}
	rows = rows[:0]
	for _, l := range links {
		rows = append(rows, l.FromID, l.ToID, l.On.Format(time.DateOnly), l.Note, l.Whole)
	}
	if err := b.insert(`unit_successions (from_id, to_id, on_date, note, whole)`, 5, rows); err != nil {
		b.Rollback()
		return nil, err
	}
	return b, nil
}

// MonthValues inserts one metric's figures for one month, units in
// ascending id order, calls in primary-key order (metric, period, unit) as
// for Values. The metric, month and time are bound once per statement
// rather than once per row: at 27 million rows the binding was most of the
// load's time.
func (b *BulkLoad) MonthValues(metricID int64, period int, units []int64, values []float32) error {
	const per = 500
	for start := 0; start < len(units); start += per {
		end := min(start+per, len(units))
		n := end - start
		key := fmt.Sprintf("mv/%d", n)
		st, ok := b.stmts[key]
		if !ok {
			var sb strings.Builder
			sb.WriteString(`INSERT OR FAIL INTO metric_values (metric_id, period, unit_id, value, entered_at, source) VALUES `)
			for i := 0; i < n; i++ {
				if i > 0 {
					sb.WriteByte(',')
				}
				fmt.Fprintf(&sb, "(?1, ?2, ?%d, ?%d, ?3, 'seed')", 4+2*i, 5+2*i)
			}
			var err error
			if st, err = b.tx.PrepareContext(b.ctx, sb.String()); err != nil {
				return err
			}
			b.stmts[key] = st
		}
		args := append(b.pending[:0], metricID, period, b.now)
		for i := start; i < end; i++ {
			args = append(args, b.boxed(units[i]), b.boxedValue(values[i]))
		}
		b.pending = args
		if _, err := st.ExecContext(b.ctx, args...); err != nil {
			return fmt.Errorf("bulk insert into metric_values: %w", err)
		}
		b.valueRows += n
	}
	return nil
}

// PairRow is one indicator's two count sums over a subtree in a month
// (dash_pair), n the units with both counts.
type PairRow struct {
	UnitID    int64
	Indicator string
	Period    int
	A, B      float64
	N         int
}

// GapRow counts the units of a subtree that had a stock (or both counts of
// a stock indicator) in a month and not in the next (dash_gap).
type GapRow struct {
	UnitID int64
	Code   string
	Period int
	N      int
}

// MonthRow counts, for a subtree and a month, the units with any figure
// (dash_months) and the leaf units, organisations excepted, that reported
// (dash_reported).
type MonthRow struct {
	UnitID            int64
	Period            int
	Figures, Reported int
}

// Derived stores the roll-ups that Commit would otherwise compute from
// the figures with SQL (pairs, gaps, months, completeness; nothing is
// approved in a bulk load), for the scope of every figure. The loader must
// give what that SQL gives; the seed's tests compare the two.
func (b *BulkLoad) Derived(pairs []PairRow, gaps []GapRow, months []MonthRow) error {
	rows := make([]any, 0, 6*len(pairs))
	for _, p := range pairs {
		rows = append(rows, p.UnitID, p.Indicator, p.Period, p.A, p.B, p.N)
	}
	if err := b.insertRaw(`dash_pair (unit_id, indicator, period, a, b, n, scope)`, 6, `'all'`, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, g := range gaps {
		rows = append(rows, g.UnitID, g.Code, g.Period, g.N)
	}
	if err := b.insertRaw(`dash_gap (unit_id, code, period, n, scope)`, 4, `'all'`, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, m := range months {
		rows = append(rows, m.UnitID, m.Period, m.Figures)
	}
	if err := b.insertRaw(`dash_months (unit_id, period, figures, approved, approved_figures)`, 3, `0, 0`, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, m := range months {
		if m.Reported > 0 {
			rows = append(rows, m.UnitID, m.Period, m.Reported)
		}
	}
	if err := b.insertRaw(`dash_reported (unit_id, period, n, scope)`, 3, `'all'`, rows); err != nil {
		return err
	}
	b.derived = true
	return nil
}

// boxed is a unit id as an interface value, made once per unit: boxing an
// int64 above 255 allocates, and at 27 million figures the allocations and
// the collector's work on them were a tenth of the load.
func (b *BulkLoad) boxed(id int64) any {
	if id < 0 || id >= 1<<20 {
		return id
	}
	if int(id) >= len(b.ids) {
		b.ids = append(b.ids, make([]any, int(id)+1-len(b.ids))...)
	}
	if b.ids[id] == nil {
		b.ids[id] = id
	}
	return b.ids[id]
}

// boxedValue is a figure as an interface value; the whole numbers below
// 65,536 (nearly all counts) are boxed once. float64 either way: the
// column is REAL.
func (b *BulkLoad) boxedValue(v float32) any {
	if v >= 0 && v < 1<<16 && v == float32(int32(v)) {
		if b.values == nil {
			b.values = make([]any, 1<<16)
		}
		i := int(v)
		if b.values[i] == nil {
			b.values[i] = float64(v)
		}
		return b.values[i]
	}
	return float64(v)
}
