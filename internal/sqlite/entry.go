package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cchc/cchc/internal/oversight"
)

// HistoryMonths is how many months before the one being entered make up a
// unit's own history for the usual-range warning.
const HistoryMonths = 24

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// MonthState is where one unit's month stands in the approval workflow.
type MonthState struct {
	Status     oversight.Status
	Comment    string
	UpdatedBy  string
	UpdatedAt  string
	ApprovedBy string
	ApprovedAt string
}

// HistoryEntry is one recorded change to a figure.
type HistoryEntry struct {
	Metric   string
	Month    oversight.Month
	Old      *float64
	New      float64 // 0 when Cleared
	Cleared  bool    // the figure was cleared (with Reason)
	Reason   string
	Source   string
	UserName string
	At       string
}

// SaveResult says what a SaveEntries call did.
type SaveResult struct {
	Issues  []oversight.RowIssue // every issue found, confirmed warnings included
	Saved   bool                 // false when an issue blocked it, or on a dry run
	Changed int                  // figures whose value or comment changed
}

// SaveEntries checks a batch of figures with the domain's rules (the same
// for the form, the grid, the template import and the API) and, when
// nothing blocks and dryRun is false, stores them in one transaction with a
// history row for every changed figure. Unknown units and months that are
// approved (locked) are refused per row. A refused or dry-run batch writes
// nothing. Authorization (which units the caller may write) is the
// caller's job.
func (db *DB) SaveEntries(ctx context.Context, rows []oversight.EntryRow, source string, actor Actor, dryRun bool) (SaveResult, error) {
	var res SaveResult
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		// A template asks the same three questions of each of its thousands
		// of unit-months: prepared once, not once per question.
		q := &stmtCache{tx: tx}
		defer q.close()
		metricIDs, codeOf, err := metricMaps(ctx, tx)
		if err != nil {
			return err
		}
		now := db.Now()
		units, err := newBatchUnits(ctx, tx, rows, now)
		if err != nil {
			return err
		}
		var firstRow firstRows
		seen := map[oversight.UnitMonth]bool{}
		mctx := map[oversight.UnitMonth]oversight.MonthContext{}
		var pre []oversight.RowIssue
		for i, r := range rows {
			k := oversight.UnitMonth{Unit: r.Unit, Month: r.Month}
			id, pickErr, err := units.at(r.Unit, r.Month)
			if err != nil {
				return err
			}
			if id == 0 {
				if pickErr == nil {
					pickErr = oversight.Errf(oversight.EInvalid, "err.there_no_unit_with", r.Unit)
				}
				pre = append(pre, oversight.RowIssue{Row: i, UnitMonth: k, Issue: oversight.IssueOf(r.Metric, oversight.SevError, pickErr)})
				continue
			}
			// Months that have not ended, and months when the unit did not
			// exist, take no figures (oversight.CheckEntryMonth says why).
			if err := oversight.CheckEntryMonth(units.units[id], r.Month, now); err != nil {
				pre = append(pre, oversight.RowIssue{Row: i, UnitMonth: k, Issue: oversight.IssueOf(r.Metric, oversight.SevError, err)})
				continue
			}
			// The same figure twice in one batch (a template with a unit on
			// two rows): which one is meant is the user's call, not ours.
			if first, dup := firstRow.add(k, r.Metric, i); dup {
				pre = append(pre, oversight.RowIssue{Row: i, UnitMonth: k, Issue: oversight.Issue{Metric: r.Metric, Severity: oversight.SevError,
					Key: "err.metric_unit_given_twice", Args: []any{r.Metric, r.Unit, r.Month.Label(), first + 1, i + 1}}})
				continue
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			st, err := monthState(ctx, q, id, r.Month)
			if err != nil {
				return err
			}
			switch st.Status {
			case oversight.StatusApproved:
				pre = append(pre, oversight.RowIssue{Row: i, UnitMonth: k, Issue: oversight.Issue{Metric: r.Metric, Severity: oversight.SevError,
					Key: "err.month_approved_locked", Args: []any{r.Month.Label(), r.Unit}}})
			case oversight.StatusSubmitted:
				pre = append(pre, oversight.RowIssue{Row: i, UnitMonth: k, Issue: oversight.Issue{Metric: r.Metric, Severity: oversight.SevError,
					Key: "err.month_submitted_locked", Args: []any{r.Month.Label(), r.Unit}}})
			}
			if mctx[k], err = monthContext(ctx, q, id, r.Month, codeOf); err != nil {
				return err
			}
		}
		if len(pre) > 0 {
			// Unknown units and locked months: the rules are not worth
			// running on figures that cannot be stored anyway.
			res.Issues = pre
			return nil
		}
		res.Issues = oversight.CheckBatch(rows, mctx)
		if oversight.Blocking(res.Issues) || dryRun {
			return nil
		}
		n, err := writeEntries(ctx, tx, db, rows, units.ids, metricIDs, mctx, source, actor)
		if err != nil {
			return err
		}
		res.Saved, res.Changed = true, n
		return audit(ctx, tx, db, actor, "values.save", source, fmt.Sprintf("%d values, %d changed", len(rows), n))
	})
	if err != nil {
		return SaveResult{}, err
	}
	return res, nil
}

func monthState(ctx context.Context, q querier, unitID int64, m oversight.Month) (MonthState, error) {
	var s MonthState
	var status string
	var approvedAt sql.NullString
	err := q.QueryRowContext(ctx, `SELECT status, comment, updated_by, updated_at, approved_by, approved_at FROM entry_months WHERE unit_id = ? AND period = ?`,
		unitID, int(m)).Scan(&status, &s.Comment, &s.UpdatedBy, &s.UpdatedAt, &s.ApprovedBy, &approvedAt)
	if err == sql.ErrNoRows {
		return MonthState{Status: oversight.StatusDraft}, nil
	}
	s.Status, s.ApprovedAt = oversight.Status(status), approvedAt.String
	return s, err
}

// MonthState returns the workflow state of a unit's month (draft when
// nothing was recorded).
func (db *DB) MonthState(ctx context.Context, unitID int64, m oversight.Month) (MonthState, error) {
	return monthState(ctx, db.read, unitID, m)
}

// ChangeStatus applies a workflow action (submit, approve, return, reopen)
// to a unit's month on behalf of user, whose right to do it the domain
// decides from the unit's ancestor chain. Approving keeps a copy of the
// figures, so a later reopening can show what changed since approval.
func (db *DB) ChangeStatus(ctx context.Context, unitID int64, m oversight.Month, action, comment string, user oversight.User, actor Actor) (oversight.Status, error) {
	chain, err := db.AncestorIDs(ctx, unitID)
	if err != nil {
		return "", err
	}
	var to oversight.Status
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		st, err := monthState(ctx, tx, unitID, m)
		if err != nil {
			return err
		}
		if to, err = oversight.Transition(st.Status, action, user, chain, comment); err != nil {
			return err
		}
		switch to {
		case oversight.StatusSubmitted:
			stored, err := storedValues(ctx, tx, unitID, m)
			if err != nil {
				return err
			}
			if err := oversight.CheckSubmit(stored); err != nil {
				return err
			}
		case oversight.StatusApproved:
			writers, err := monthWriters(ctx, tx, unitID, m, st.ApprovedAt)
			if err != nil {
				return err
			}
			if err := oversight.CheckApprover(user, st.UpdatedBy, writers); err != nil {
				return err
			}
		}
		now := nowStr(db)
		approvedBy, approvedAt := st.ApprovedBy, sql.NullString{String: st.ApprovedAt, Valid: st.ApprovedAt != ""}
		if to == oversight.StatusApproved {
			approvedBy, approvedAt = user.Name, sql.NullString{String: now, Valid: true}
			if _, err := tx.ExecContext(ctx, `DELETE FROM entry_approved_values WHERE unit_id = ? AND period = ?`, unitID, int(m)); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO entry_approved_values (unit_id, period, metric_id, value)
SELECT unit_id, period, metric_id, value FROM metric_values WHERE unit_id = ? AND period = ?`, unitID, int(m)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `
INSERT INTO entry_months (unit_id, period, status, comment, updated_by, updated_at, approved_by, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (unit_id, period) DO UPDATE SET status=excluded.status, comment=excluded.comment, updated_by=excluded.updated_by,
  updated_at=excluded.updated_at, approved_by=excluded.approved_by, approved_at=excluded.approved_at`,
			unitID, int(m), string(to), comment, user.Name, now, approvedBy, approvedAt); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "entry."+action, fmt.Sprintf("unit %d %s", unitID, m), comment)
	})
	return to, err
}

// storedValues returns a unit's figures for month m by metric code.
func storedValues(ctx context.Context, q querier, unitID int64, m oversight.Month) (map[string]float64, error) {
	return queryMap[string, float64](ctx, q, `SELECT m.code, v.value FROM metric_values v JOIN metrics m ON m.id = v.metric_id
WHERE v.unit_id = ? AND v.period = ?`, unitID, int(m))
}

// monthWriters returns who wrote figures of a unit's month after since
// (every writer when since is empty), from the figures' history.
func monthWriters(ctx context.Context, q querier, unitID int64, m oversight.Month, since string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT user_name FROM value_history WHERE unit_id = ? AND period = ? AND at > ?`, unitID, int(m), since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// CheckApproval says why user may not approve a unit's month now (not
// submitted, not an approver of the unit, four eyes), or nil: the entry
// form shows the Approve button only when it is nil.
func (db *DB) CheckApproval(ctx context.Context, unitID int64, m oversight.Month, user oversight.User) error {
	chain, err := db.AncestorIDs(ctx, unitID)
	if err != nil {
		return err
	}
	st, err := monthState(ctx, db.read, unitID, m)
	if err != nil {
		return err
	}
	if _, err := oversight.Transition(st.Status, oversight.ActionApprove, user, chain, ""); err != nil {
		return err
	}
	writers, err := monthWriters(ctx, db.read, unitID, m, st.ApprovedAt)
	if err != nil {
		return err
	}
	return oversight.CheckApprover(user, st.UpdatedBy, writers)
}

// ApprovedValues returns the figures of a unit's month as last approved;
// empty when it never was.
func (db *DB) ApprovedValues(ctx context.Context, unitID int64, m oversight.Month) (map[string]float64, error) {
	return queryMap[string, float64](ctx, db.read, `SELECT m.code, a.value FROM entry_approved_values a JOIN metrics m ON m.id = a.metric_id
WHERE a.unit_id = ? AND a.period = ?`, unitID, int(m))
}

// ValueHistory returns every recorded change to a unit's figures for a
// month, newest first.
func (db *DB) ValueHistory(ctx context.Context, unitID int64, m oversight.Month) ([]HistoryEntry, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT m.code, h.period, h.old_value, h.new_value, h.reason, h.source, h.user_name, h.at
FROM value_history h JOIN metrics m ON m.id = h.metric_id WHERE h.unit_id = ? AND h.period = ? ORDER BY h.id DESC`, unitID, int(m))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HistoryEntry
	for rows.Next() {
		var e HistoryEntry
		var period int
		var old, nw sql.NullFloat64
		if err := rows.Scan(&e.Metric, &period, &old, &nw, &e.Reason, &e.Source, &e.UserName, &e.At); err != nil {
			return nil, err
		}
		e.New, e.Cleared = nw.Float64, !nw.Valid
		e.Month = oversight.Month(period)
		if old.Valid {
			e.Old = &old.Float64
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
