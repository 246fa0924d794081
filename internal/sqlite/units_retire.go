package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// RetireUnit ends a unit's validity on day to, handing its open
// recommendations to its one successor if it has any (RetireUnitHanding).
func (db *DB) RetireUnit(ctx context.Context, id int64, to time.Time, actor Actor) error {
	return db.RetireUnitHanding(ctx, id, to, "", actor)
}

// RetireUnitHanding ends a unit's validity on day to, in one transaction:
//   - refused while the unit holds figures for months after to (they would
//     count nowhere: a unit counts only for months it existed); the
//     refusal names those months;
//   - its open recommendations, as lead or co-unit, go to a successor: the
//     unit successor names (a code or code@date, resolved the day after
//     to), else the one unit its succession links lead to
//     (oversight.PickSuccessor says why neither will do); each hand-over
//     is written in the recommendation's history and the audit log;
//   - the retirement is recorded (unit_retirements): the unit's staff can
//     no longer write.
func (db *DB) RetireUnitHanding(ctx context.Context, id int64, to time.Time, successor string, actor Actor) error {
	today := db.Now()
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := noFiguresAfter(ctx, tx, id, to); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE units SET valid_to = ? WHERE id = ?`, to.Format(time.DateOnly), id)
		if err != nil {
			if isCheck(err) {
				return oversight.Errf(oversight.EInvalid, "err.end_date_before_unit")
			}
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("err.unit_not_found")
		}
		u, err := unitByIDTx(ctx, tx, id)
		if err != nil {
			return err
		}
		recs, err := openRecsOf(ctx, tx, u, today)
		if err != nil {
			return err
		}
		var chosen *oversight.Unit
		if s := strings.TrimSpace(successor); s != "" {
			next := to.AddDate(0, 0, 1)
			c, err := pickUnitTx(ctx, tx, s, &next, &next, today)
			if err == nil && !c.InForce(next) {
				err = oversight.Errf(oversight.EInvalid, "err.does_not_exist_on", c.Name, next.Format("02/01/2006"), c.Validity())
			}
			if err != nil {
				return oversight.AtField(err, "successor")
			}
			chosen = &c
		}
		links, err := successorsTx(ctx, tx, id)
		if err != nil {
			return err
		}
		heir, err := oversight.PickSuccessor(u, links, chosen, len(recs))
		if err != nil {
			return err
		}
		for _, r := range recs {
			if err := handOver(ctx, tx, db, actor, r, u, heir, to); err != nil {
				return err
			}
		}
		var heirID any
		if heir.ID != 0 {
			heirID = heir.ID
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO unit_retirements (unit_id, valid_to, successor_id, at, user_name) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (unit_id) DO UPDATE SET valid_to = excluded.valid_to, successor_id = COALESCE(excluded.successor_id, successor_id), at = excluded.at, user_name = excluded.user_name`,
			id, to.Format(time.DateOnly), heirID, nowStr(db), actorName(actor)); err != nil {
			return err
		}
		// The roll-ups count a unit only for months it existed.
		if _, err := tx.ExecContext(ctx, `INSERT INTO dash_dirty (metric_id, period) SELECT 0, 0
WHERE NOT EXISTS (SELECT 1 FROM dash_dirty WHERE metric_id = 0 AND period = 0)`); err != nil {
			return err
		}
		detail := to.Format(time.DateOnly)
		if heir.ID != 0 {
			detail += fmt.Sprintf("; %d recommendations to %s", len(recs), heir.Ref())
		}
		return audit(ctx, tx, db, actor, "unit.retire", fmt.Sprint(id), detail)
	})
}

// noFiguresAfter refuses to end a unit on day to while it holds figures
// for later months, naming them.
func noFiguresAfter(ctx context.Context, tx *sql.Tx, id int64, to time.Time) error {
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
	if len(later) == 0 {
		return nil
	}
	months := strings.Join(later, ", ")
	return oversight.Errf(oversight.EConflict, "err.unit_cannot_end_on", to.Format("02/01/2006"), months)
}

func unitByIDTx(ctx context.Context, tx *sql.Tx, id int64) (oversight.Unit, error) {
	var u oversight.Unit
	var f, t sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT id, code, name, kind, valid_from, valid_to,
  EXISTS (SELECT 1 FROM units r WHERE r.code = units.code AND r.id <> units.id) FROM units WHERE id = ?`, id).
		Scan(&u.ID, &u.Code, &u.Name, &u.Kind, &f, &t, &u.Reused)
	u.ValidFrom, u.ValidTo = parseDatePtr(f), parseDatePtr(t)
	return u, err
}

// successorsTx lists the units the succession links of unit id lead to.
func successorsTx(ctx context.Context, tx *sql.Tx, id int64) ([]oversight.Unit, error) {
	rows, err := tx.QueryContext(ctx, `SELECT to_id FROM unit_successions WHERE from_id = ? ORDER BY to_id`, id)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var x int64
		if err := rows.Scan(&x); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]oversight.Unit, 0, len(ids))
	for _, x := range ids {
		u, err := unitByIDTx(ctx, tx, x)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// openRec is an open recommendation that names a retiring unit: as its
// lead, or in its co-units (at index co).
type openRec struct {
	id, sessionID int64
	lead          bool
	co            []string
	coAt          []int
}

// openRecsOf lists the open recommendations (oversight.Recommendation.Open)
// that u leads or shares. Co-units are stored as references; one names u
// when it resolves to u the way AddRecommendation resolved it.
func openRecsOf(ctx context.Context, tx *sql.Tx, u oversight.Unit, today time.Time) ([]openRec, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, session_id, lead_unit_id, co_units FROM recommendations
WHERE withdrawn_on IS NULL AND status NOT IN (?, ?) AND (lead_unit_id = ? OR co_units LIKE ?) ORDER BY id`,
		oversight.RecVerifiedClosed, oversight.RecNotFeasible, u.ID, "%\""+u.Code+"%")
	if err != nil {
		return nil, err
	}
	var out []openRec
	for rows.Next() {
		var r openRec
		var lead int64
		var co string
		if err := rows.Scan(&r.id, &r.sessionID, &lead, &co); err != nil {
			rows.Close()
			return nil, err
		}
		r.lead = lead == u.ID
		_ = json.Unmarshal([]byte(co), &r.co)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	keep := out[:0]
	for _, r := range out {
		for i, ref := range r.co {
			if code, _, _ := oversight.SplitUnitRef(ref); code != u.Code {
				continue
			}
			if c, err := pickUnitTx(ctx, tx, ref, nil, nil, today); err == nil && c.ID == u.ID {
				r.coAt = append(r.coAt, i)
			}
		}
		if r.lead || len(r.coAt) > 0 {
			keep = append(keep, r)
		}
	}
	return keep, nil
}

// handOver moves one recommendation from unit from to unit to and writes
// why in its history.
func handOver(ctx context.Context, tx *sql.Tx, db *DB, actor Actor, r openRec, from, to oversight.Unit, ended time.Time) error {
	var changes []string
	if r.lead {
		if _, err := tx.ExecContext(ctx, `UPDATE recommendations SET lead_unit_id = ? WHERE id = ?`, to.ID, r.id); err != nil {
			return err
		}
		changes = append(changes, fmt.Sprintf("chủ trì / lead: %s → %s", from.Ref(), to.Ref()))
	}
	if len(r.coAt) > 0 {
		for _, i := range r.coAt {
			r.co[i] = to.Ref()
		}
		if _, err := tx.ExecContext(ctx, `UPDATE recommendations SET co_units = ? WHERE id = ?`, jsonList(dedupe(r.co)), r.id); err != nil {
			return err
		}
		changes = append(changes, fmt.Sprintf("phối hợp / co-unit: %s → %s", from.Ref(), to.Ref()))
	}
	if err := indexSession(ctx, tx, r.sessionID); err != nil {
		return err
	}
	return correct(ctx, tx, db, actor, r.sessionID, oversight.Correction{Kind: oversight.CorrRecommendation, ItemID: r.id, Action: oversight.CorrEdit,
		Reason: oversight.HandoverReason(from, to, ended), Detail: strings.Join(changes, "; ")})
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	out := xs[:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
