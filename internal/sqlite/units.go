package sqlite

import (
	"context"
	"database/sql"
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
	return queryAll(ctx, db.read, scanUnit, `SELECT `+unitCols+` FROM units u LEFT JOIN units p ON p.id = u.parent_id `+where, args...)
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
		return oversight.Unit{}, notFound("err.unit_did_not_exist", code, on.Format("02/01/2006"), cands[0].Validity())
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
		return oversight.Unit{}, notFound("err.unit_not_found")
	}
	return us[0], nil
}

// Children lists the direct territorial children of a unit, by kind then
// name: the units its figures are made of, ranked and charted beside one
// another. Its organisations are apart (Organisations).
func (db *DB) Children(ctx context.Context, id int64) ([]oversight.Unit, error) {
	us, err := db.queryUnits(ctx, `WHERE u.parent_id = ? AND `+territorial("u"), id)
	sortUnits(us)
	return us, err
}

// Roots lists the units without a parent.
func (db *DB) Roots(ctx context.Context) ([]oversight.Unit, error) {
	return db.queryUnits(ctx, `WHERE u.parent_id IS NULL ORDER BY u.name`)
}

// Ancestors returns the chain from the unit itself up to the root.
func (db *DB) Ancestors(ctx context.Context, id int64) ([]oversight.Unit, error) {
	return queryAll(ctx, db.read, scanUnit, `
WITH RECURSIVE chain(id, depth) AS (
  SELECT ?, 0
  UNION ALL
  SELECT u.parent_id, chain.depth + 1 FROM units u JOIN chain ON u.id = chain.id WHERE u.parent_id IS NOT NULL
)
SELECT `+unitCols+` FROM chain JOIN units u ON u.id = chain.id LEFT JOIN units p ON p.id = u.parent_id ORDER BY chain.depth`, id)
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

// SubtreeUnits returns a unit and all its descendants, organisations
// included (they hold no figures; counts of places skip them through
// territorial and oversight.IsOrganisation).
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
	return queryAll(ctx, db.read, scanSuccession, `SELECT `+successionCols+`
WHERE s.from_id = ? OR s.to_id = ?`, id, id)
}

// successionCols are the columns (and joins) scanSuccession reads.
const successionCols = `f.id, f.code, t.id, t.code, s.on_date, s.note, s.whole FROM unit_successions s
JOIN units f ON f.id = s.from_id JOIN units t ON t.id = s.to_id`

func scanSuccession(sc scanner) (oversight.Succession, error) {
	var s oversight.Succession
	var on string
	if err := sc.Scan(&s.FromID, &s.FromCode, &s.ToID, &s.ToCode, &on, &s.Note, &s.Whole); err != nil {
		return s, err
	}
	s.On, _ = time.Parse(time.DateOnly, on)
	return s, nil
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
