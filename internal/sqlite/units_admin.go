package sqlite

import (
	"context"
	"database/sql"
	"fmt"

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
				return oversight.Errf(oversight.EConflict, "err.unit_code_already_taken", u.Code)
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
			return notFound("err.unit_not_found")
		}
		return audit(ctx, tx, db, actor, "unit.rename", fmt.Sprint(id), name)
	})
}
