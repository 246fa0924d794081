package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// ImportUnits stores checked unit rows in one transaction. A unit is its
// code and its start (valid_from): a row whose code and start are stored
// updates that unit (name, kind, parent, end), any other row adds a unit,
// refused if its period overlaps another unit of the same code. A parent
// code is resolved on the unit's first day (else its last, else today),
// among the file's rows and the stored units. official marks the codes as
// official administrative codes. A row of a stored code that starts while
// that unit is in force is a dated rename or change of kind: the stored
// unit ends the day before, keeping its history (units_rename.go).
func (db *DB) ImportUnits(ctx context.Context, in []oversight.UnitInput, official bool, actor Actor) error {
	for _, u := range in {
		if err := oversight.CheckUnitCode(u.Code); err != nil {
			return oversight.LineErrors{{Line: u.Line, Err: err}}
		}
	}
	today := db.Now()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		ids := make([]int64, len(in))
		var changes []datedChange
		for i, u := range in {
			var id int64
			var storedEnd sql.NullString
			err := tx.QueryRowContext(ctx, `SELECT id, valid_to FROM units WHERE code = ? AND COALESCE(valid_from, '') = COALESCE(?, '')`,
				u.Code, dateStr(u.ValidFrom)).Scan(&id, &storedEnd)
			switch {
			case err == nil:
				// An end date brought before months the unit holds figures
				// for is refused, as retiring it is (units_retire.go): the
				// figures would drop out of every total unseen. An end the
				// file repeats is not checked again: a unit stored so
				// before this check must not block the file's other lines.
				if u.ValidTo != nil && (!storedEnd.Valid || u.ValidTo.Format(time.DateOnly) < storedEnd.String) {
					if err := noFiguresAfter(ctx, tx, id, *u.ValidTo); err != nil {
						return oversight.LineErrors{{Line: u.Line, Err: err}}
					}
				}
				_, err = tx.ExecContext(ctx, `UPDATE units SET name = ?, kind = ?, official = ?, valid_to = ? WHERE id = ?`,
					u.Name, u.Kind, official, dateStr(u.ValidTo), id)
			case errors.Is(err, sql.ErrNoRows):
				// A row of a stored code starting later is a dated
				// rename or change of kind (units_rename.go).
				end := u.ValidTo
				old, changed, cerr := changedUnitTx(ctx, tx, u)
				if cerr != nil {
					return cerr
				}
				if changed {
					if err := endForChangeTx(ctx, tx, old, *u.ValidFrom); err != nil {
						return oversight.LineErrors{{Line: u.Line, Err: err}}
					}
					if end == nil {
						end = old.ValidTo
					}
				}
				var res sql.Result
				res, err = tx.ExecContext(ctx, `INSERT INTO units (code, official, name, kind, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?)`,
					u.Code, official, u.Name, u.Kind, dateStr(u.ValidFrom), dateStr(end))
				if err == nil {
					id, err = res.LastInsertId()
				}
				if err == nil && changed {
					changes = append(changes, datedChange{old: old, newID: id, from: *u.ValidFrom})
				}
			}
			if err != nil {
				if isOverlap(err) {
					return oversight.LineErrors{{Line: u.Line, Err: overlapError(ctx, tx, u)}}
				}
				return fmt.Errorf("line %d (%s): %w", u.Line, u.Code, err)
			}
			ids[i] = id
		}
		for i, u := range in {
			var parent any
			if u.ParentCode != "" {
				day := today
				if u.ValidFrom != nil {
					day = *u.ValidFrom
				} else if u.ValidTo != nil {
					day = *u.ValidTo
				}
				p, err := pickUnitTx(ctx, tx, u.ParentCode, &day, &day, today)
				if err != nil {
					return oversight.LineErrors{{Line: u.Line, Err: oversight.Errf(oversight.EInvalid, "import.parent_error", u.ParentCode, err)}}
				}
				if err := oversight.CheckOrganisation(u.Kind, &p); err != nil {
					return oversight.LineErrors{{Line: u.Line, Err: err}}
				}
				parent = p.ID
			} else if err := oversight.CheckOrganisation(u.Kind, nil); err != nil {
				return oversight.LineErrors{{Line: u.Line, Err: err}}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE units SET parent_id = ? WHERE id = ?`, parent, ids[i]); err != nil {
				return fmt.Errorf("line %d (%s): %w", u.Line, u.Code, err)
			}
		}
		for _, ch := range changes {
			if err := finishChangeTx(ctx, tx, db, actor, ch, today); err != nil {
				return err
			}
		}
		if err := checkNoCycle(ctx, tx); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "units.import", "", fmt.Sprintf("%d units", len(in)))
	})
}

// unitOnTx resolves code on day inside a transaction (oversight.PickUnit).
func unitOnTx(ctx context.Context, tx *sql.Tx, code string, day, today time.Time) (int64, error) {
	u, err := pickUnitTx(ctx, tx, code, &day, &day, today)
	return u.ID, err
}

// pickUnitTx resolves a unit reference (code or code@YYYY-MM-DD) inside a
// transaction, for the span [from, to] (nil: no date, today's or the
// latest unit), as UnitDuring does outside one.
func pickUnitTx(ctx context.Context, tx *sql.Tx, ref string, from, to *time.Time, today time.Time) (oversight.Unit, error) {
	code, on, err := oversight.SplitUnitRef(ref)
	if err != nil {
		return oversight.Unit{}, err
	}
	if on != nil {
		from, to = on, on
	}
	cands, err := unitsByCodeTx(ctx, tx, code)
	for _, padded := range oversight.ZeroPadded(code) {
		if err != nil || len(cands) > 0 {
			break
		}
		code = padded
		cands, err = unitsByCodeTx(ctx, tx, code)
	}
	if err != nil {
		return oversight.Unit{}, err
	}
	if len(cands) > 1 {
		for i := range cands {
			cands[i].Reused = true
		}
	}
	u, err := oversight.PickUnit(code, cands, from, to, today)
	if err != nil {
		var oe *oversight.Error
		if errors.As(err, &oe) && oe.Code == oversight.ENotFound {
			// A code that names nothing is a mistake in the input.
			oe.Code = oversight.EInvalid
		}
	}
	return u, err
}

func unitsByCodeTx(ctx context.Context, tx *sql.Tx, code string) ([]oversight.Unit, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, code, name, kind, valid_from, valid_to FROM units WHERE code = ?`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cands []oversight.Unit
	for rows.Next() {
		var u oversight.Unit
		var f, t sql.NullString
		if err := rows.Scan(&u.ID, &u.Code, &u.Name, &u.Kind, &f, &t); err != nil {
			return nil, err
		}
		u.ValidFrom, u.ValidTo = parseDatePtr(f), parseDatePtr(t)
		cands = append(cands, u)
	}
	return cands, rows.Err()
}

// monthSpan is the first and last day of month m.
func monthSpan(m oversight.Month) (*time.Time, *time.Time) {
	f, t := m.FirstDay(), m.LastDay()
	return &f, &t
}

// isOverlap tells the refusal of units_no_overlap_* (00014).
func isOverlap(err error) bool {
	return err != nil && strings.Contains(err.Error(), "unit_period_overlap")
}

func overlapError(ctx context.Context, tx *sql.Tx, u oversight.UnitInput) error {
	var names []string
	rows, err := tx.QueryContext(ctx, `SELECT name, valid_from, valid_to FROM units WHERE code = ?`, u.Code)
	if err == nil {
		defer rows.Close()
		for rows.Next() {
			var o oversight.Unit
			var from, to sql.NullString
			if rows.Scan(&o.Name, &from, &to) == nil {
				o.ValidFrom, o.ValidTo = parseDatePtr(from), parseDatePtr(to)
				names = append(names, fmt.Sprintf("%s (%s)", o.Name, o.Validity()))
			}
		}
	}
	return oversight.Errf(oversight.EConflict, "import.code_overlaps", u.Code, strings.Join(names, "; "))
}

// checkNoCycle refuses a tree in which a unit is its own ancestor.
func checkNoCycle(ctx context.Context, tx *sql.Tx) error {
	var code string
	err := tx.QueryRowContext(ctx, `
WITH RECURSIVE walk(start, id, depth) AS (
  SELECT id, parent_id, 1 FROM units WHERE parent_id IS NOT NULL
  UNION ALL
  SELECT walk.start, u.parent_id, walk.depth + 1 FROM walk JOIN units u ON u.id = walk.id
  WHERE u.parent_id IS NOT NULL AND walk.id <> walk.start AND walk.depth < 64
)
SELECT u.code FROM walk JOIN units u ON u.id = walk.start WHERE walk.id = walk.start LIMIT 1`).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return oversight.Errf(oversight.EInvalid, "err.unit_would_become_its", code)
}
