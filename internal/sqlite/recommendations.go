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

// unitIDByCode resolves a unit code inside a transaction, with a message a
// user can act on when there is no such unit.
func unitIDByCode(ctx context.Context, tx *sql.Tx, code string) (int64, error) {
	u, err := pickUnitTx(ctx, tx, code, nil, nil, time.Now())
	return u.ID, err
}

// unitIDDuring resolves a unit code for a span inside a transaction: the
// unit of that code that existed during sp (a reused code names another
// unit in another period).
func unitIDDuring(ctx context.Context, tx *sql.Tx, code string, sp oversight.Span) (int64, error) {
	f, t := sp.From.FirstDay(), sp.To.LastDay()
	u, err := pickUnitTx(ctx, tx, code, &f, &t, time.Now())
	return u.ID, err
}

// UpdateSession rewrites the header of a session (everything but its
// figures and recommendations) and its search text.
func (db *DB) UpdateSession(ctx context.Context, s oversight.Session, actor Actor) (err error) {
	defer wrap(&err, "update session")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		uid, err := unitIDDuring(ctx, tx, s.UnitCode, s.Span)
		if err != nil {
			return err
		}
		if err := checkSessionUnitTx(ctx, tx, uid, s.Date, s.History); err != nil {
			return err
		}
		for _, code := range s.OtherUnits {
			if _, err := unitIDDuring(ctx, tx, code, s.Span); err != nil {
				return err
			}
		}
		_ = tx.QueryRowContext(ctx, `SELECT name FROM units WHERE id = ?`, uid).Scan(&s.UnitName)
		if err := checkProgramme(ctx, tx, s); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE supervision_sessions SET body = ?, term = ?, leader = ?, members = ?, guests = ?, form = ?,
  topic = ?, plan_doc = ?, plan_date = ?, held_on = ?, held_to = ?, unit_id = ?, other_units = ?, span_from = ?, span_to = ?, summary = ?,
  findings = ?, discussion = ?, conclusion = ?, report_no = ?, report_date = ?, published = ?, search_text = ?, updated_at = ?,
  supervised_body = ?, programme_id = ?, sitting_kind = ?, place = ? WHERE id = ?`, s.Body, s.Term, s.Leader, jsonList(s.Members), jsonList(s.Guests), s.Form, s.Topic, s.PlanDoc, dateStr(s.PlanDate),
			s.Date.Format(time.DateOnly), dateStr(s.DateTo), uid, jsonList(s.OtherUnits), int(s.Span.From), int(s.Span.To), s.Summary,
			s.Findings, jsonList(s.Discussion), s.Conclusion, s.ReportNo, dateStr(s.ReportDate), s.Published, s.SearchText(), nowStr(db), s.SupervisedBody,
			nullID(s.ProgrammeID), s.SittingKind, s.Place, s.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("err.there_no_supervision_session", s.ID)
		}
		if err := indexSession(ctx, tx, s.ID); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "session.update", fmt.Sprint(s.ID), s.Topic)
	})
}

// SearchSessions lists the sessions matching q, best matches first: each
// word must appear as a whole word and each "quoted phrase" as words in a
// row, anywhere in the session's text (discussion points, findings,
// recommendations and follow-ups included), ignoring case and Vietnamese
// diacritics. A match in the topic or the bodies counts more than one in a
// follow-up; ties go to the newest. An empty q lists every session, newest
// first.
func (db *DB) SearchSessions(ctx context.Context, q string) (_ []oversight.Session, err error) {
	defer wrap(&err, "search sessions")
	if err := db.indexMissing(ctx); err != nil {
		return nil, err
	}
	query := oversight.ParseQuery(q)
	from, order, args := "", "", []any{}
	if strings.TrimSpace(q) != "" {
		words := map[string]bool{}
		for _, w := range query.Words {
			words[w] = true
		}
		for _, p := range query.Phrases {
			for _, w := range p {
				words[w] = true
			}
		}
		if len(words) == 0 {
			return nil, nil // nothing searchable, e.g. only punctuation
		}
		in := strings.Repeat("?,", len(words))
		in = in[:len(in)-1]
		for w := range words {
			args = append(args, w)
		}
		args = append(args, len(words))
		from = ` JOIN (SELECT session_id, SUM(weight) AS score FROM session_words WHERE word IN (` + in + `)
  GROUP BY session_id HAVING COUNT(DISTINCT word) = ?) m ON m.session_id = s.id`
		where := ""
		for _, p := range query.Phrases {
			sub, subArgs := phraseSQL(p)
			where += ` AND s.id IN (` + sub + `)`
			args = append(args, subArgs...)
		}
		if where != "" {
			from += ` WHERE 1` + where
		}
		order = `m.score DESC, `
		if len(query.Words) > 1 {
			// Words typed without quotes that stand in a row in the text
			// match best: "chuyen doi so" before a session that has the
			// three words apart.
			sub, subArgs := phraseSQL(query.Words)
			order = `(s.id IN (` + sub + `)) DESC, ` + order
			args = append(args, subArgs...)
		}
	}
	return queryAll(ctx, db.read, scanSession, `SELECT `+sessionCols+` FROM supervision_sessions s JOIN units u ON u.id = s.unit_id`+from+
		` ORDER BY `+order+`s.held_on DESC, s.id DESC`, args...)
}

// AddFigure adds a reported figure to a session.
func (db *DB) AddFigure(ctx context.Context, sessionID int64, f oversight.Figure, actor Actor) (_ int64, err error) {
	defer wrap(&err, "add figure")
	metricIDs, err := db.metricIDs(ctx)
	if err != nil {
		return 0, err
	}
	mid, ok := metricIDs[f.Metric]
	if !ok {
		return 0, &oversight.Error{Code: oversight.EInvalid, Field: "metric", Key: "err.there_no_metric_with", Args: []any{f.Metric}}
	}
	if f.Scope == "" {
		f.Scope = oversight.ScopeUnit
	}
	var id int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if err := sessionExists(ctx, tx, sessionID); err != nil {
			return err
		}
		uid, err := unitIDDuring(ctx, tx, f.UnitCode, f.Span)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO session_figures (session_id, metric_id, unit_id, scope, span_from, span_to, value, value_max, verified, note, recorded, source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, sessionID, mid, uid, f.Scope, int(f.Span.From), int(f.Span.To), f.Value, f.ValueMax, f.Verified, f.Note, f.Recorded, f.Source)
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		if err := indexSession(ctx, tx, sessionID); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "session.figure.add", fmt.Sprint(sessionID), f.Metric)
	})
	return id, err
}

// PullFigures brings recorded values into a session in one transaction.
// A figure already reported for the same metric, unit, scope and span
// keeps its reported value and gets the recorded one beside it (the page
// flags a difference); a metric not yet reported is added with the
// recorded value, marked verified. It returns how many figures were added
// and how many were updated.
func (db *DB) PullFigures(ctx context.Context, sessionID int64, unitCode string, span oversight.Span, recorded map[string]float64, actor Actor) (added, updated int, err error) {
	defer wrap(&err, "pull figures")
	metricIDs, err := db.metricIDs(ctx)
	if err != nil {
		return 0, 0, err
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if err := sessionExists(ctx, tx, sessionID); err != nil {
			return err
		}
		uid, err := unitIDByCode(ctx, tx, unitCode)
		if err != nil {
			return err
		}
		// Catalogue order keeps the figures in the order people read them.
		for _, m := range oversight.Catalogue {
			v, ok := recorded[m.Code]
			if !ok {
				continue
			}
			res, err := tx.ExecContext(ctx, `UPDATE session_figures SET recorded = ? WHERE session_id = ? AND metric_id = ? AND unit_id = ?
  AND scope = 'unit' AND span_from = ? AND span_to = ? AND withdrawn_on IS NULL`, v, sessionID, metricIDs[m.Code], uid, int(span.From), int(span.To))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				updated += int(n)
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO session_figures (session_id, metric_id, unit_id, scope, span_from, span_to, value, verified, note, recorded)
VALUES (?, ?, ?, 'unit', ?, ?, ?, 1, '', ?)`, sessionID, metricIDs[m.Code], uid, int(span.From), int(span.To), v, v); err != nil {
				return err
			}
			added++
		}
		return audit(ctx, tx, db, actor, "session.figures.pull", fmt.Sprint(sessionID), fmt.Sprintf("added %d, updated %d", added, updated))
	})
	if err != nil {
		return 0, 0, err
	}
	return added, updated, nil
}

func sessionExists(ctx context.Context, tx *sql.Tx, id int64) error {
	var x int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM supervision_sessions WHERE id = ?`, id).Scan(&x)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("err.there_no_supervision_session", id)
	}
	return err
}

// AddRecommendation adds a recommendation to a session, numbered after
// the last one, with status issued.
func (db *DB) AddRecommendation(ctx context.Context, sessionID int64, r oversight.Recommendation, actor Actor) (_ int64, err error) {
	defer wrap(&err, "add recommendation")
	var id int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if err := sessionExists(ctx, tx, sessionID); err != nil {
			return err
		}
		lu, err := unitIDByCode(ctx, tx, r.LeadCode)
		if err != nil {
			return oversight.AtField(err, "lead")
		}
		if err := checkLeadTx(ctx, tx, sessionID, lu, db.Now(), r.History); err != nil {
			return err
		}
		for _, code := range r.CoUnits {
			if _, err := unitIDByCode(ctx, tx, code); err != nil {
				return oversight.AtField(err, "co_units")
			}
		}
		var seq int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM recommendations WHERE session_id = ?`, sessionID).Scan(&seq); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO recommendations (session_id, seq, content, lead_unit_id, co_units, responsible, output, deadline, status, status_note,
  deadline_text, deadline_to)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)`, sessionID, seq, r.Content, lu, jsonList(r.CoUnits), r.Responsible, r.Output, dateStr(r.Deadline), oversight.RecIssued,
			r.DeadlineText, dateStr(r.DeadlineTo))
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		if err := indexSession(ctx, tx, sessionID); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "rec.create", fmt.Sprint(id), r.Content)
	})
	return id, err
}

// Recommendation returns one recommendation with its follow-ups and their
// evidence.
func (db *DB) Recommendation(ctx context.Context, id int64) (_ oversight.Recommendation, err error) {
	defer wrap(&err, "recommendation")
	rs, err := db.recommendations(ctx, `WHERE r.id = ?`, id)
	if err != nil {
		return oversight.Recommendation{}, err
	}
	if len(rs) == 0 {
		return oversight.Recommendation{}, notFound("err.there_no_recommendation", id)
	}
	return rs[0], nil
}

// AllRecommendations lists every recommendation not withdrawn, by
// deadline, for the tracker.
func (db *DB) AllRecommendations(ctx context.Context) (_ []oversight.Recommendation, err error) {
	defer wrap(&err, "all recommendations")
	return db.recommendations(ctx, `WHERE r.withdrawn_on IS NULL ORDER BY r.deadline IS NULL, r.deadline, r.session_id, r.seq`)
}

// SaveRecStatus stores the status of r after an action, provided the
// recommendation is still in status from: two people acting at once do
// not overwrite each other (the second gets a conflict).
func (db *DB) SaveRecStatus(ctx context.Context, r oversight.Recommendation, from string, action oversight.RecAction, actor Actor) (err error) {
	defer wrap(&err, "save rec status")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE recommendations SET status = ?, status_note = ?, verified_on = ? WHERE id = ? AND status = ?
  AND withdrawn_on IS NULL`,
			r.Status, r.StatusNote, dateStr(r.VerifiedOn), r.ID, from)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return oversight.Errf(oversight.EConflict, "err.someone_else_has_just")
		}
		return audit(ctx, tx, db, actor, "rec."+string(action), fmt.Sprint(r.ID), r.Status+" "+r.StatusNote)
	})
}

// AddFollowUp records a follow-up and its evidence files (already stored
// on disk by the caller). When the recommendation is still issued, the
// first follow-up puts it in progress.
func (db *DB) AddFollowUp(ctx context.Context, recID int64, f oversight.FollowUp, actor Actor) (_ int64, err error) {
	defer wrap(&err, "add follow up")
	var id int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var status string
		var sessionID int64
		err := tx.QueryRowContext(ctx, `SELECT status, session_id FROM recommendations WHERE id = ?`, recID).Scan(&status, &sessionID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("err.there_no_recommendation", recID)
		}
		if err != nil {
			return err
		}
		var by any
		if actor.UserID != 0 {
			by = actor.UserID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO recommendation_followups (rec_id, on_date, text, author_id, author, on_behalf) VALUES (?, ?, ?, ?, ?, ?)`,
			recID, f.Date.Format(time.DateOnly), f.Text, by, f.Author, f.OnBehalf)
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		for _, e := range f.Evidence {
			if _, err := tx.ExecContext(ctx, `INSERT INTO recommendation_evidence (followup_id, sha256, name, content_type, size) VALUES (?, ?, ?, ?, ?)`,
				id, e.SHA256, e.Name, e.ContentType, e.Size); err != nil {
				return err
			}
		}
		if status == oversight.RecIssued {
			if _, err := tx.ExecContext(ctx, `UPDATE recommendations SET status = ? WHERE id = ?`, oversight.RecInProgress, recID); err != nil {
				return err
			}
		}
		if err := indexSession(ctx, tx, sessionID); err != nil {
			return err
		}
		detail := f.Text
		if f.OnBehalf {
			detail = "(on behalf of the lead body) " + detail
		}
		return audit(ctx, tx, db, actor, "rec.followup", fmt.Sprint(recID), detail)
	})
	return id, err
}

func (db *DB) evidenceOf(ctx context.Context, followupID int64) ([]oversight.Evidence, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT sha256, name, content_type, size FROM recommendation_evidence WHERE followup_id = ? ORDER BY id`, followupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.Evidence
	for rows.Next() {
		var e oversight.Evidence
		if err := rows.Scan(&e.SHA256, &e.Name, &e.ContentType, &e.Size); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// EvidenceBySHA returns an evidence file's record, so only files attached
// to a follow-up are served.
func (db *DB) EvidenceBySHA(ctx context.Context, sha string) (_ oversight.Evidence, err error) {
	defer wrap(&err, "evidence by s h a")
	var e oversight.Evidence
	err = db.read.QueryRowContext(ctx, `SELECT sha256, name, content_type, size FROM recommendation_evidence WHERE sha256 = ? ORDER BY id LIMIT 1`, sha).
		Scan(&e.SHA256, &e.Name, &e.ContentType, &e.Size)
	if errors.Is(err, sql.ErrNoRows) {
		return e, notFound("err.there_no_such_evidence")
	}
	return e, err
}

// EvidencePublished reports whether a file is evidence in at least one
// published session; a draft's evidence is for its delegates only.
func (db *DB) EvidencePublished(ctx context.Context, sha string) (_ bool, err error) {
	defer wrap(&err, "evidence published")
	var n int
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM recommendation_evidence e
JOIN recommendation_followups f ON f.id = e.followup_id
JOIN recommendations r ON r.id = f.rec_id
JOIN supervision_sessions s ON s.id = r.session_id
WHERE e.sha256 = ? AND s.published = 1`, sha).Scan(&n)
	return n > 0, err
}

// UpdateRecommendation corrects a recommendation's content, lead unit,
// co-units, responsible person, output and deadline; the reason is kept
// in the session's history and the audit log. Its status and follow-ups
// stay as they are; a withdrawn recommendation is not edited.
func (db *DB) UpdateRecommendation(ctx context.Context, r oversight.Recommendation, reason string, actor Actor) (err error) {
	defer wrap(&err, "update recommendation %d", r.ID)
	if err := oversight.CheckCorrection(reason); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := recIn(ctx, tx, r.ID)
		if err != nil {
			return err
		}
		if err := oversight.Withdrawable(old.withdrawn.Valid); err != nil {
			return err
		}
		lu, err := unitIDByCode(ctx, tx, r.LeadCode)
		if err != nil {
			return oversight.AtField(err, "lead")
		}
		if err := checkLeadTx(ctx, tx, old.sessionID, lu, db.Now(), r.History); err != nil {
			return err
		}
		for _, code := range r.CoUnits {
			if _, err := unitIDByCode(ctx, tx, code); err != nil {
				return oversight.AtField(err, "co_units")
			}
		}
		co := jsonList(r.CoUnits)
		if _, err := tx.ExecContext(ctx, `UPDATE recommendations SET content = ?, lead_unit_id = ?, co_units = ?, responsible = ?, output = ?, deadline = ?,
  deadline_text = ?, deadline_to = ? WHERE id = ?`, r.Content, lu, co, r.Responsible, r.Output, dateStr(r.Deadline), r.DeadlineText, dateStr(r.DeadlineTo), r.ID); err != nil {
			return err
		}
		var changes []string
		change := func(name, a, b string) {
			if a != b {
				changes = append(changes, fmt.Sprintf("%s: %q → %q", name, a, b))
			}
		}
		change("content", old.content, r.Content)
		change("lead_unit", old.lead, r.LeadCode)
		change("co_units", old.co, co)
		change("responsible", old.responsible, r.Responsible)
		change("output", old.output, r.Output)
		nd, _ := dateStr(r.Deadline).(string)
		change("deadline", old.deadline.String, nd)
		change("deadline_text", old.deadlineText, r.DeadlineText)
		nt, _ := dateStr(r.DeadlineTo).(string)
		change("deadline_to", old.deadlineTo.String, nt)
		if err := indexSession(ctx, tx, old.sessionID); err != nil {
			return err
		}
		return correct(ctx, tx, db, actor, old.sessionID, oversight.Correction{Kind: oversight.CorrRecommendation, ItemID: r.ID,
			Action: oversight.CorrEdit, Reason: strings.TrimSpace(reason), Detail: strings.Join(changes, "; ")})
	})
}

// WithdrawRecommendation withdraws a recommendation: it stays on the
// session's page, struck through with the reason and the day on, and
// leaves the tracker.
func (db *DB) WithdrawRecommendation(ctx context.Context, id int64, reason string, on time.Time, actor Actor) (err error) {
	defer wrap(&err, "withdraw recommendation %d", id)
	if err := oversight.CheckCorrection(reason); err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		old, err := recIn(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := oversight.Withdrawable(old.withdrawn.Valid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE recommendations SET withdrawn_on = ?, withdrawn_reason = ? WHERE id = ?`,
			on.Format(time.DateOnly), reason, id); err != nil {
			return err
		}
		return correct(ctx, tx, db, actor, old.sessionID, oversight.Correction{Kind: oversight.CorrRecommendation, ItemID: id,
			Action: oversight.CorrWithdraw, Reason: reason, Detail: old.content})
	})
}

type storedRec struct {
	sessionID                              int64
	content, lead, co, responsible, output string
	deadline, withdrawn, deadlineTo        sql.NullString
	deadlineText                           string
}

func recIn(ctx context.Context, tx *sql.Tx, id int64) (storedRec, error) {
	var r storedRec
	err := tx.QueryRowContext(ctx, `SELECT r.session_id, r.content, u.code, r.co_units, r.responsible, r.output, r.deadline, r.withdrawn_on, r.deadline_to, r.deadline_text
FROM recommendations r JOIN units u ON u.id = r.lead_unit_id WHERE r.id = ?`, id).
		Scan(&r.sessionID, &r.content, &r.lead, &r.co, &r.responsible, &r.output, &r.deadline, &r.withdrawn, &r.deadlineTo, &r.deadlineText)
	if errors.Is(err, sql.ErrNoRows) {
		return r, notFound("err.there_no_recommendation", id)
	}
	return r, err
}

// phraseSQL selects the sessions where the words of p stand in a row.
func phraseSQL(p []string) (string, []any) {
	sub := `SELECT w0.session_id FROM session_words w0`
	var args []any
	for k := 1; k < len(p); k++ {
		sub += fmt.Sprintf(` JOIN session_words w%d ON w%d.session_id = w0.session_id AND w%d.pos = w0.pos + %d AND w%d.word = ?`, k, k, k, k, k)
		args = append(args, p[k])
	}
	return sub + ` WHERE w0.word = ?`, append(args, p[0])
}
