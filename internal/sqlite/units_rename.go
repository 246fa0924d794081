package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// Dated renames and changes of kind (issue 12, item 9). An official change
// keeps a unit's code but gives it a new name or kind from a day (Đồng Nai
// became Thành phố Đồng Nai on 30/04/2026). A unit is a code and a period,
// so the change ends the unit the day before and starts a new one of the
// same code on the day: figures, sessions and recommendations dated before
// stay with the old unit, those after resolve to the new one.

// renameNote is the note of the succession link a dated change makes.
const renameNote = "Đổi tên, loại đơn vị (giữ nguyên mã)"

// datedChange is a stored unit (old) that an imported row changes from day
// from; newID is the unit the row made.
type datedChange struct {
	old   oversight.Unit
	newID int64
	from  time.Time
}

// changedUnitTx finds the stored unit that a row starting later changes:
// the one of the row's code in force on the row's first day that began
// before it. ok is false when there is none (the row is a new unit).
func changedUnitTx(ctx context.Context, tx *sql.Tx, in oversight.UnitInput) (oversight.Unit, bool, error) {
	if in.ValidFrom == nil {
		return oversight.Unit{}, false, nil
	}
	from := in.ValidFrom.Format(time.DateOnly)
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM units WHERE code = ? AND COALESCE(valid_from, '0000-00-00') < ?
  AND COALESCE(valid_to, '9999-12-31') >= ?`, in.Code, from, from).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return oversight.Unit{}, false, nil
	}
	if err != nil {
		return oversight.Unit{}, false, err
	}
	u, err := unitByIDTx(ctx, tx, id)
	return u, err == nil, err
}

// endForChangeTx ends unit old the day before from, refused while it holds
// figures for the months after (they belong to the new unit: move or
// remove them first).
func endForChangeTx(ctx context.Context, tx *sql.Tx, old oversight.Unit, from time.Time) error {
	last := from.AddDate(0, 0, -1)
	if err := noFiguresAfter(ctx, tx, old.ID, last); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE units SET valid_to = ? WHERE id = ?`, last.Format(time.DateOnly), old.ID)
	return err
}

// finishChangeTx completes a dated change once the new unit has its
// parent: a whole succession link from the old unit, the old unit's open
// recommendations handed over and its staff accounts moved (a renamed
// body is the same body), and the old unit's children that go on past the
// day, and theirs, carried under the new unit the same way (the wards of
// Thành phố Đồng Nai that kept their name and kind).
func finishChangeTx(ctx context.Context, tx *sql.Tx, db *DB, actor Actor, ch datedChange, today time.Time) error {
	day := ch.from.Format(time.DateOnly)
	if _, err := tx.ExecContext(ctx, `INSERT INTO unit_successions (from_id, to_id, on_date, note, whole) VALUES (?, ?, ?, ?, 1)
ON CONFLICT DO NOTHING`, ch.old.ID, ch.newID, day, renameNote); err != nil {
		return err
	}
	heir, err := unitByIDTx(ctx, tx, ch.newID)
	if err != nil {
		return err
	}
	recs, err := openRecsOf(ctx, tx, ch.old, today)
	if err != nil {
		return err
	}
	for _, r := range recs {
		if err := handOver(ctx, tx, db, actor, r, ch.old, heir, ch.from.AddDate(0, 0, -1)); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET unit_id = ? WHERE unit_id = ?`, ch.newID, ch.old.ID); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, official FROM units WHERE parent_id = ?
  AND COALESCE(valid_from, '0000-00-00') < ? AND COALESCE(valid_to, '9999-12-31') >= ?`, ch.old.ID, day, day)
	if err != nil {
		return err
	}
	type kid struct {
		id       int64
		official bool
	}
	var kids []kid
	for rows.Next() {
		var k kid
		if err := rows.Scan(&k.id, &k.official); err != nil {
			rows.Close()
			return err
		}
		kids = append(kids, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, k := range kids {
		old, err := unitByIDTx(ctx, tx, k.id)
		if err != nil {
			return err
		}
		if err := endForChangeTx(ctx, tx, old, ch.from); err != nil {
			if code := oversight.ErrorCode(err); code != oversight.EInternal {
				// Said with the ward it is about: the change names its
				// parent, the refusal one of the units carried under it.
				return &oversight.Error{Code: code, Key: "err.in_unit", Args: []any{old.Name, old.Ref(), err}}
			}
			return fmt.Errorf("%s %s: %w", old.Code, old.Name, err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO units (code, official, name, kind, parent_id, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			old.Code, k.official, old.Name, old.Kind, ch.newID, day, dateStr(old.ValidTo))
		if err != nil {
			return fmt.Errorf("carry %s under the changed unit: %w", old.Code, err)
		}
		id, _ := res.LastInsertId()
		if err := finishChangeTx(ctx, tx, db, actor, datedChange{old: old, newID: id, from: ch.from}, today); err != nil {
			return err
		}
	}
	return nil
}
