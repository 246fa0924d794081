package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// batchUnits resolves the unit codes of a batch, each at its row's month
// (a reused code names another unit in another period). The candidates of
// every plain code of the batch are read in one query, instead of one query
// per code (3,321 for a national template); a code given with a date, or
// one that names no unit as typed (pickUnitTx then tries it zero-padded),
// goes through pickUnitTx itself.
type batchUnits struct {
	ctx   context.Context
	tx    *sql.Tx
	today time.Time
	cands map[string][]oversight.Unit // plain code -> its units, as unitsByCodeTx lists them
	ids   map[oversight.UnitMonth]int64
	errs  map[oversight.UnitMonth]error // why a code names no unit that month
	units map[int64]oversight.Unit
}

func newBatchUnits(ctx context.Context, tx *sql.Tx, rows []oversight.EntryRow, today time.Time) (*batchUnits, error) {
	b := &batchUnits{ctx: ctx, tx: tx, today: today, cands: map[string][]oversight.Unit{},
		ids: map[oversight.UnitMonth]int64{}, errs: map[oversight.UnitMonth]error{}, units: map[int64]oversight.Unit{}}
	var codes []string
	seen := map[string]bool{}
	for _, r := range rows {
		if seen[r.Unit] {
			continue
		}
		seen[r.Unit] = true
		if code, on, err := oversight.SplitUnitRef(r.Unit); err == nil && on == nil {
			codes = append(codes, code)
		}
	}
	if len(codes) == 0 {
		return b, nil
	}
	list, err := json.Marshal(codes)
	if err != nil {
		return nil, err
	}
	// The order of unitsByCodeTx's answers (the units_code_from index):
	// PickUnit names ambiguous candidates in it.
	q, err := tx.QueryContext(ctx, `SELECT id, code, name, kind, valid_from, valid_to FROM units
WHERE code IN (SELECT value FROM json_each(?)) ORDER BY code, COALESCE(valid_from, '')`, string(list))
	if err != nil {
		return nil, err
	}
	defer q.Close()
	for q.Next() {
		var u oversight.Unit
		var f, t sql.NullString
		if err := q.Scan(&u.ID, &u.Code, &u.Name, &u.Kind, &f, &t); err != nil {
			return nil, err
		}
		u.ValidFrom, u.ValidTo = parseDatePtr(f), parseDatePtr(t)
		b.cands[u.Code] = append(b.cands[u.Code], u)
	}
	return b, q.Err()
}

// at returns the id of the unit ref names in month m, or 0 with the
// reason when it names none (an *oversight.Error, or nil when unknown).
func (b *batchUnits) at(ref string, m oversight.Month) (id int64, why, err error) {
	k := oversight.UnitMonth{Unit: ref, Month: m}
	if id, ok := b.ids[k]; ok {
		return id, b.errs[k], nil
	}
	u, perr := b.pick(ref, m)
	if perr != nil {
		var oe *oversight.Error
		if !errors.As(perr, &oe) {
			return 0, nil, perr
		}
		why = perr
	}
	b.ids[k], b.errs[k] = u.ID, why
	if u.ID != 0 {
		b.units[u.ID] = u
	}
	return u.ID, why, nil
}

// pick is pickUnitTx with the candidates read beforehand.
func (b *batchUnits) pick(ref string, m oversight.Month) (oversight.Unit, error) {
	from, to := monthSpan(m)
	code, on, err := oversight.SplitUnitRef(ref)
	cands := b.cands[code]
	if err != nil || on != nil || len(cands) == 0 {
		return pickUnitTx(b.ctx, b.tx, ref, from, to, b.today)
	}
	cands = append([]oversight.Unit(nil), cands...)
	if len(cands) > 1 {
		for i := range cands {
			cands[i].Reused = true
		}
	}
	u, err := oversight.PickUnit(code, cands, from, to, b.today)
	var oe *oversight.Error
	if err != nil && errors.As(err, &oe) && oe.Code == oversight.ENotFound {
		// A code that names nothing is a mistake in the input.
		oe.Code = oversight.EInvalid
	}
	return u, err
}
