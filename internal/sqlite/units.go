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

const unitCols = `u.id, u.code, u.official, u.name, u.kind, COALESCE(u.parent_id, 0), COALESCE(p.code, ''), u.valid_from, u.valid_to,
  EXISTS (SELECT 1 FROM units r WHERE r.code = u.code AND r.id <> u.id)`

type scanner interface{ Scan(...any) error }

func scanUnit(s scanner) (oversight.Unit, error) {
	var u oversight.Unit
	var from, to sql.NullString
	err := s.Scan(&u.ID, &u.Code, &u.Official, &u.Name, &u.Kind, &u.ParentID, &u.ParentCode, &from, &to, &u.Reused)
	u.ValidFrom, u.ValidTo = parseDatePtr(from), parseDatePtr(to)
	return u, err
}

func (db *DB) queryUnits(ctx context.Context, where string, args ...any) ([]oversight.Unit, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+unitCols+` FROM units u LEFT JOIN units p ON p.id = u.parent_id `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Units lists every unit, by kind then name (Vietnamese order).
func (db *DB) Units(ctx context.Context) ([]oversight.Unit, error) {
	us, err := db.queryUnits(ctx, ``)
	sortUnits(us)
	return us, err
}

// UnitsByCode lists every unit that carries code, in any period, oldest
// first.
func (db *DB) UnitsByCode(ctx context.Context, code string) ([]oversight.Unit, error) {
	return db.queryUnits(ctx, `WHERE u.code = ? ORDER BY COALESCE(u.valid_from, ''), COALESCE(u.valid_to, '9999')`, code)
}

// UnitByCode returns the unit a reference names when no date is known: a
// bare code gives the unit of that code in force today, else the first
// that carried it;
// code@YYYY-MM-DD the one in force that day (oversight.PickUnit).
func (db *DB) UnitByCode(ctx context.Context, ref string) (oversight.Unit, error) {
	return db.resolveUnit(ctx, ref, nil, nil)
}

// UnitDuring returns the unit a reference names for a span: a bare code
// gives the unit of that code that existed during the span; a code that
// names several then is refused with the list of candidates (409).
func (db *DB) UnitDuring(ctx context.Context, ref string, s oversight.Span) (oversight.Unit, error) {
	from, to := s.From.FirstDay(), s.To.LastDay()
	return db.resolveUnit(ctx, ref, &from, &to)
}

// UnitOn returns the unit a reference names on day.
func (db *DB) UnitOn(ctx context.Context, ref string, day time.Time) (oversight.Unit, error) {
	return db.resolveUnit(ctx, ref, &day, &day)
}

func (db *DB) resolveUnit(ctx context.Context, ref string, from, to *time.Time) (oversight.Unit, error) {
	code, on, err := oversight.SplitUnitRef(ref)
	if err != nil {
		return oversight.Unit{}, err
	}
	if on != nil {
		from, to = on, on
	}
	cands, err := db.UnitsByCode(ctx, code)
	for _, padded := range oversight.ZeroPadded(code) {
		if err != nil || len(cands) > 0 {
			break
		}
		code = padded
		cands, err = db.UnitsByCode(ctx, code)
	}
	if err != nil {
		return oversight.Unit{}, err
	}
	if on != nil && len(cands) == 1 && !cands[0].InForce(*on) {
		return oversight.Unit{}, notFound(
			fmt.Sprintf("Đơn vị mã %q không tồn tại ngày %s (hiệu lực %s).", code, on.Format("02/01/2006"), cands[0].Validity()),
			fmt.Sprintf("Unit %q did not exist on %s (in force %s).", code, on.Format("02/01/2006"), cands[0].Validity()))
	}
	return oversight.PickUnit(code, cands, from, to, db.Now())
}

// UnitByID returns the unit with the given id.
func (db *DB) UnitByID(ctx context.Context, id int64) (oversight.Unit, error) {
	us, err := db.queryUnits(ctx, `WHERE u.id = ?`, id)
	if err != nil {
		return oversight.Unit{}, err
	}
	if len(us) == 0 {
		return oversight.Unit{}, notFound("Không tìm thấy đơn vị.", "Unit not found.")
	}
	return us[0], nil
}

// Children lists the direct children of a unit, by kind then name.
func (db *DB) Children(ctx context.Context, id int64) ([]oversight.Unit, error) {
	us, err := db.queryUnits(ctx, `WHERE u.parent_id = ?`, id)
	sortUnits(us)
	return us, err
}

// Roots lists the units without a parent.
func (db *DB) Roots(ctx context.Context) ([]oversight.Unit, error) {
	return db.queryUnits(ctx, `WHERE u.parent_id IS NULL ORDER BY u.name`)
}

// Ancestors returns the chain from the unit itself up to the root.
func (db *DB) Ancestors(ctx context.Context, id int64) ([]oversight.Unit, error) {
	rows, err := db.read.QueryContext(ctx, `
WITH RECURSIVE chain(id, depth) AS (
  SELECT ?, 0
  UNION ALL
  SELECT u.parent_id, chain.depth + 1 FROM units u JOIN chain ON u.id = chain.id WHERE u.parent_id IS NOT NULL
)
SELECT `+unitCols+` FROM chain JOIN units u ON u.id = chain.id LEFT JOIN units p ON p.id = u.parent_id ORDER BY chain.depth`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// AncestorIDs returns the ids of the chain from the unit up to the root.
func (db *DB) AncestorIDs(ctx context.Context, id int64) ([]int64, error) {
	us, err := db.Ancestors(ctx, id)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(us))
	for i, u := range us {
		ids[i] = u.ID
	}
	return ids, nil
}

// SubtreeUnits returns a unit and all its descendants.
func (db *DB) SubtreeUnits(ctx context.Context, id int64) ([]oversight.Unit, error) {
	return db.queryUnits(ctx, `WHERE u.id IN (`+subtreeIDs+`)`, id)
}

// subtreeCTE selects the ids of a unit and all its descendants as sub(id).
const subtreeCTE = `WITH RECURSIVE sub(id) AS (
  SELECT ?
  UNION ALL
  SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id
) `

// Successions lists the links from and to a unit.
func (db *DB) Successions(ctx context.Context, id int64) (predecessors, successors []oversight.Unit, err error) {
	predecessors, err = db.queryUnits(ctx, `WHERE u.id IN (SELECT from_id FROM unit_successions WHERE to_id = ?)`, id)
	if err != nil {
		return nil, nil, err
	}
	successors, err = db.queryUnits(ctx, `WHERE u.id IN (SELECT to_id FROM unit_successions WHERE from_id = ?)`, id)
	sortUnits(predecessors)
	sortUnits(successors)
	return predecessors, successors, err
}

// SuccessionLinks lists the links into and out of a unit, with their
// notes and whether the old unit went whole.
func (db *DB) SuccessionLinks(ctx context.Context, id int64) ([]oversight.Succession, error) {
	rows, err := db.read.QueryContext(ctx, `
SELECT f.id, f.code, t.id, t.code, s.on_date, s.note, s.whole FROM unit_successions s
JOIN units f ON f.id = s.from_id JOIN units t ON t.id = s.to_id WHERE s.from_id = ? OR s.to_id = ?`, id, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.Succession
	for rows.Next() {
		var s oversight.Succession
		var on string
		if err := rows.Scan(&s.FromID, &s.FromCode, &s.ToID, &s.ToCode, &on, &s.Note, &s.Whole); err != nil {
			return nil, err
		}
		s.On, _ = time.Parse(time.DateOnly, on)
		out = append(out, s)
	}
	return out, rows.Err()
}

// AllSuccessions lists every succession link.
func (db *DB) AllSuccessions(ctx context.Context) ([]oversight.Succession, error) {
	rows, err := db.read.QueryContext(ctx, `
SELECT f.id, f.code, t.id, t.code, s.on_date, s.note, s.whole FROM unit_successions s
JOIN units f ON f.id = s.from_id JOIN units t ON t.id = s.to_id ORDER BY f.code, t.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.Succession
	for rows.Next() {
		var s oversight.Succession
		var on string
		if err := rows.Scan(&s.FromID, &s.FromCode, &s.ToID, &s.ToCode, &on, &s.Note, &s.Whole); err != nil {
			return nil, err
		}
		s.On, _ = time.Parse(time.DateOnly, on)
		out = append(out, s)
	}
	return out, rows.Err()
}

// UnitCodes returns the set of every stored unit code.
func (db *DB) UnitCodes(ctx context.Context) (map[string]bool, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT code FROM units`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out[c] = true
	}
	return out, rows.Err()
}

// ImportUnits stores checked unit rows in one transaction. A unit is its
// code and its start (valid_from): a row whose code and start are stored
// updates that unit (name, kind, parent, end), any other row adds a unit,
// refused if its period overlaps another unit of the same code. A parent
// code is resolved on the unit's first day (else its last, else today),
// among the file's rows and the stored units. official marks the codes as
// official administrative codes.
func (db *DB) ImportUnits(ctx context.Context, in []oversight.UnitInput, official bool, actor Actor) error {
	for _, u := range in {
		if err := oversight.CheckUnitCode(u.Code); err != nil {
			return oversight.LineErrors{{Line: u.Line, Message: oversight.ErrorMessage(err, "vi")}}
		}
	}
	today := db.Now()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		ids := make([]int64, len(in))
		for i, u := range in {
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM units WHERE code = ? AND COALESCE(valid_from, '') = COALESCE(?, '')`,
				u.Code, dateStr(u.ValidFrom)).Scan(&id)
			switch {
			case err == nil:
				_, err = tx.ExecContext(ctx, `UPDATE units SET name = ?, kind = ?, official = ?, valid_to = ? WHERE id = ?`,
					u.Name, u.Kind, official, dateStr(u.ValidTo), id)
			case errors.Is(err, sql.ErrNoRows):
				var res sql.Result
				res, err = tx.ExecContext(ctx, `INSERT INTO units (code, official, name, kind, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?)`,
					u.Code, official, u.Name, u.Kind, dateStr(u.ValidFrom), dateStr(u.ValidTo))
				if err == nil {
					id, err = res.LastInsertId()
				}
			}
			if err != nil {
				if isOverlap(err) {
					return oversight.LineErrors{{Line: u.Line, Message: overlapMessage(ctx, tx, u)}}
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
				p, err := unitOnTx(ctx, tx, u.ParentCode, day, today)
				if err != nil {
					return oversight.LineErrors{{Line: u.Line, Message: fmt.Sprintf("đơn vị cấp trên %q: %s", u.ParentCode, oversight.ErrorMessage(err, "vi"))}}
				}
				parent = p
			}
			if _, err := tx.ExecContext(ctx, `UPDATE units SET parent_id = ? WHERE id = ?`, parent, ids[i]); err != nil {
				return fmt.Errorf("line %d (%s): %w", u.Line, u.Code, err)
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
	rows, err := tx.QueryContext(ctx, `SELECT id, code, name, valid_from, valid_to FROM units WHERE code = ?`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cands []oversight.Unit
	for rows.Next() {
		var u oversight.Unit
		var f, t sql.NullString
		if err := rows.Scan(&u.ID, &u.Code, &u.Name, &f, &t); err != nil {
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

func overlapMessage(ctx context.Context, tx *sql.Tx, u oversight.UnitInput) string {
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
	return fmt.Sprintf("mã %q đã chỉ đơn vị khác trong thời gian trùng lặp: %s; hai đơn vị cùng mã phải có thời gian hiệu lực tách rời", u.Code, strings.Join(names, "; "))
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
	return oversight.Bilingual(oversight.EInvalid,
		fmt.Sprintf("Đơn vị %q sẽ trở thành cấp trên của chính nó: kiểm tra lại cột parent_code.", code),
		fmt.Sprintf("Unit %q would become its own ancestor: check the parent_code column.", code))
}

// AddSuccession links the unit FromCode in force the day before s.On to
// the unit ToCode in force on s.On.
func (db *DB) AddSuccession(ctx context.Context, s oversight.Succession) error {
	today := db.Now()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		from, err := unitOnTx(ctx, tx, s.FromCode, s.On.AddDate(0, 0, -1), today)
		if err != nil {
			return err
		}
		to, err := unitOnTx(ctx, tx, s.ToCode, s.On, today)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
INSERT INTO unit_successions (from_id, to_id, on_date, note, whole) VALUES (?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING`, from, to, s.On.Format(time.DateOnly), s.Note, s.Whole)
		return err
	})
}

// CreateUnit adds one unit under parent (0 for a root).
func (db *DB) CreateUnit(ctx context.Context, u oversight.Unit, actor Actor) (int64, error) {
	if err := oversight.CheckUnitCode(u.Code); err != nil {
		return 0, err
	}
	var id int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var parent any
		if u.ParentID != 0 {
			parent = u.ParentID
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
