package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// CreateUnit adds one unit under parent (0 for a root).
func (db *DB) CreateUnit(ctx context.Context, u oversight.Unit, actor Actor) (int64, error) {
	if err := oversight.CheckUnitCode(u.Code); err != nil {
		return 0, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var parent any
		var pu *oversight.Unit
		if u.ParentID != 0 {
			parent = u.ParentID
			p := oversight.Unit{ID: u.ParentID}
			if err := tx.QueryRowContext(ctx, `SELECT name, kind FROM units WHERE id = ?`, u.ParentID).Scan(&p.Name, &p.Kind); err != nil {
				return fmt.Errorf("parent unit %d: %w", u.ParentID, err)
			}
			pu = &p
		}
		if err := oversight.CheckOrganisation(u.Kind, pu); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO units (code, official, name, kind, parent_id, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			u.Code, u.Official, u.Name, u.Kind, parent, dateStr(u.ValidFrom), dateStr(u.ValidTo))
		if err != nil {
			if isUnique(err) || isOverlap(err) {
				return oversight.Bilingual(oversight.EConflict,
					fmt.Sprintf("Mã đơn vị %q đã được dùng cho một đơn vị khác trong cùng thời gian.", u.Code),
					fmt.Sprintf("Unit code %q is already taken by another unit in the same period.", u.Code))
			}
			return err
		}
		id, _ = res.LastInsertId()
		return audit(ctx, tx, db, actor, "unit.create", u.Code, u.Name)
	})
	return id, err
}

// RenameUnit changes a unit's name.
func (db *DB) RenameUnit(ctx context.Context, id int64, name string, actor Actor) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE units SET name = ? WHERE id = ?`, name, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Không tìm thấy đơn vị.", "Unit not found.")
		}
		return audit(ctx, tx, db, actor, "unit.rename", fmt.Sprint(id), name)
	})
}

// RetireUnit ends a unit's validity on day to. It is refused while the
// unit holds figures for months after to: they would count nowhere (a unit
// counts only for months it existed), so they must be moved or removed
// first; the refusal names those months.
func (db *DB) RetireUnit(ctx context.Context, id int64, to time.Time, actor Actor) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT period FROM metric_values
WHERE unit_id = ? AND period > ? ORDER BY period`, id, int(oversight.MonthOf(to)))
		if err != nil {
			return err
		}
		var later []string
		for rows.Next() {
			var p int
			if err := rows.Scan(&p); err != nil {
				rows.Close()
				return err
			}
			later = append(later, oversight.Month(p).Label())
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(later) > 0 {
			months := strings.Join(later, ", ")
			return oversight.Bilingual(oversight.EConflict,
				fmt.Sprintf("Không thể cho đơn vị hết hiệu lực từ ngày %s: đơn vị còn số liệu của tháng %s. Hãy chuyển hoặc xoá các số liệu đó trước.", to.Format("02/01/2006"), months),
				fmt.Sprintf("The unit cannot end on %s: it holds figures for %s. Move or remove those figures first.", to.Format("02/01/2006"), months))
		}
		res, err := tx.ExecContext(ctx, `UPDATE units SET valid_to = ? WHERE id = ?`, to.Format(time.DateOnly), id)
		if err != nil {
			if isCheck(err) {
				return oversight.Bilingual(oversight.EInvalid, "Ngày kết thúc đứng trước ngày bắt đầu hiệu lực của đơn vị.", "The end date is before the unit's start date.")
			}
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("Không tìm thấy đơn vị.", "Unit not found.")
		}
		// The roll-ups count a unit only for months it existed.
		if _, err := tx.ExecContext(ctx, `INSERT INTO dash_dirty (metric_id, period) SELECT 0, 0
WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = 0 AND period = 0)`); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "unit.retire", fmt.Sprint(id), to.Format(time.DateOnly))
	})
}
