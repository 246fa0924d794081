package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// CreateSession stores a supervision session with its figures and
// recommendations in one transaction. Units are given by code.
func (db *DB) CreateSession(ctx context.Context, s oversight.Session, actor Actor) (_ int64, err error) {
	defer wrap(&err, "create session")
	metricIDs, err := db.metricIDs(ctx)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		// Codes are resolved at the span the session covers: a reused
		// code names another unit in another period.
		unitID := func(code string) (int64, error) { return unitIDDuring(ctx, tx, code, s.Span) }
		uid, err := unitID(s.UnitCode)
		if err != nil {
			return err
		}
		if err := checkSessionUnitTx(ctx, tx, uid, s.Date, s.History); err != nil {
			return err
		}
		if err := checkProgramme(ctx, tx, s); err != nil {
			return err
		}
		var by any
		if actor.UserID != 0 {
			by = actor.UserID
		}
		s.UnitName = ""
		_ = tx.QueryRowContext(ctx, `SELECT name FROM units WHERE id = ?`, uid).Scan(&s.UnitName)
		for _, code := range s.OtherUnits {
			if _, err := unitID(code); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `
INSERT INTO supervision_sessions (body, term, leader, members, guests, form, topic, plan_doc, held_on, unit_id,
  span_from, span_to, summary, findings, discussion, conclusion, report_no, published, source, created_by, created_at,
  plan_date, held_to, report_date, other_units, search_text, supervised_body, programme_id, sitting_kind, place)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			s.Body, s.Term, s.Leader, jsonList(s.Members), jsonList(s.Guests), s.Form, s.Topic, s.PlanDoc,
			s.Date.Format(time.DateOnly), uid, int(s.Span.From), int(s.Span.To), s.Summary, s.Findings,
			jsonList(s.Discussion), s.Conclusion, s.ReportNo, s.Published, s.Source, by, nowStr(db),
			dateStr(s.PlanDate), dateStr(s.DateTo), dateStr(s.ReportDate), jsonList(s.OtherUnits), s.SearchText(), s.SupervisedBody,
			nullID(s.ProgrammeID), s.SittingKind, s.Place)
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		for _, f := range s.Figures {
			mid, ok := metricIDs[f.Metric]
			if !ok {
				return oversight.Errf(oversight.EInvalid, "err.there_no_metric_with", f.Metric)
			}
			fu, err := unitID(f.UnitCode)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO session_figures (session_id, metric_id, unit_id, scope, span_from, span_to, value, value_max, verified, note, source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, mid, fu, f.Scope, int(f.Span.From), int(f.Span.To), f.Value, f.ValueMax, f.Verified, f.Note, f.Source); err != nil {
				return fmt.Errorf("figure %s: %w", f.Metric, err)
			}
		}
		for i, r := range s.Recommendations {
			lu, err := unitID(r.LeadCode)
			if err != nil {
				return err
			}
			if r.Status == "" {
				r.Status = oversight.RecIssued
			}
			if err := oversight.CheckRecStatus(r.Status); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO recommendations (session_id, seq, content, lead_unit_id, co_units, responsible, output, deadline, status, status_note, verified_on,
  deadline_text, deadline_to)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, i+1, r.Content, lu, jsonList(r.CoUnits), r.Responsible, r.Output,
				dateStr(r.Deadline), r.Status, r.StatusNote, dateStr(r.VerifiedOn), r.DeadlineText, dateStr(r.DeadlineTo))
			if err != nil {
				return fmt.Errorf("recommendation %d: %w", i+1, err)
			}
			rid, _ := res.LastInsertId()
			for _, f := range r.FollowUps {
				if _, err := tx.ExecContext(ctx, `INSERT INTO recommendation_followups (rec_id, on_date, text, author, on_behalf) VALUES (?, ?, ?, ?, ?)`,
					rid, f.Date.Format(time.DateOnly), f.Text, f.Author, f.OnBehalf); err != nil {
					return err
				}
			}
		}
		if err := indexSession(ctx, tx, id); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "session.create", fmt.Sprint(id), s.Topic)
	})
	return id, err
}

const sessionCols = `s.id, s.body, s.term, s.leader, s.members, s.guests, s.form, s.topic, s.plan_doc, s.held_on,
  s.unit_id, u.code, u.name, s.span_from, s.span_to, s.summary, s.findings, s.discussion, s.conclusion, s.report_no, s.published, s.source,
  s.plan_date, s.held_to, s.report_date, s.other_units, s.supervised_body,
  COALESCE(s.programme_id, 0), COALESCE((SELECT p.topic FROM supervision_programmes p WHERE p.id = s.programme_id), ''), s.sitting_kind, s.place`

func scanSession(sc scanner) (oversight.Session, error) {
	var s oversight.Session
	var members, guests, discussion, held, others string
	var planDate, heldTo, reportDate sql.NullString
	var from, to int
	err := sc.Scan(&s.ID, &s.Body, &s.Term, &s.Leader, &members, &guests, &s.Form, &s.Topic, &s.PlanDoc, &held,
		&s.UnitID, &s.UnitCode, &s.UnitName, &from, &to, &s.Summary, &s.Findings, &discussion, &s.Conclusion, &s.ReportNo, &s.Published, &s.Source,
		&planDate, &heldTo, &reportDate, &others, &s.SupervisedBody, &s.ProgrammeID, &s.ProgrammeTopic, &s.SittingKind, &s.Place)
	if err != nil {
		return s, err
	}
	s.PlanDate, s.DateTo, s.ReportDate = parseDatePtr(planDate), parseDatePtr(heldTo), parseDatePtr(reportDate)
	_ = json.Unmarshal([]byte(others), &s.OtherUnits)
	s.Date, _ = time.Parse(time.DateOnly, held)
	s.Span = oversight.Span{From: oversight.Month(from), To: oversight.Month(to)}
	_ = json.Unmarshal([]byte(members), &s.Members)
	_ = json.Unmarshal([]byte(guests), &s.Guests)
	_ = json.Unmarshal([]byte(discussion), &s.Discussion)
	return s, nil
}

// Sessions lists sessions, newest first, without figures or recommendations.
func (db *DB) Sessions(ctx context.Context) (_ []oversight.Session, err error) {
	defer wrap(&err, "sessions")
	return queryAll(ctx, db.read, scanSession, `SELECT `+sessionCols+` FROM supervision_sessions s JOIN units u ON u.id = s.unit_id ORDER BY s.held_on DESC, s.id DESC`)
}

// Session returns one session with its figures and recommendations.
func (db *DB) Session(ctx context.Context, id int64) (_ oversight.Session, err error) {
	defer wrap(&err, "session")
	s, err := scanSession(db.read.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM supervision_sessions s JOIN units u ON u.id = s.unit_id WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, notFound("err.there_no_supervision_session", id)
	}
	if err != nil {
		return s, err
	}
	if s.Figures, err = db.figures(ctx, `WHERE f.session_id = ? ORDER BY f.id`, id); err != nil {
		return s, err
	}
	if s.Recommendations, err = db.recommendations(ctx, `WHERE r.session_id = ? ORDER BY r.seq`, id); err != nil {
		return s, err
	}
	if s.Reported, err = db.indicators(ctx, `WHERE i.session_id = ? ORDER BY i.id`, id); err != nil {
		return s, err
	}
	s.Corrections, err = db.corrections(ctx, id)
	return s, err
}

func (db *DB) figures(ctx context.Context, where string, args ...any) ([]oversight.Figure, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT f.id, m.code, f.unit_id, u.code, u.name, f.scope, f.span_from, f.span_to, f.value, f.value_max,
  f.verified, f.note, f.recorded, f.source, f.withdrawn_on, f.withdrawn_reason, u.kind
FROM session_figures f JOIN metrics m ON m.id = f.metric_id JOIN units u ON u.id = f.unit_id `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.Figure
	for rows.Next() {
		var f oversight.Figure
		var from, to int
		var withdrawn sql.NullString
		if err := rows.Scan(&f.ID, &f.Metric, &f.UnitID, &f.UnitCode, &f.UnitName, &f.Scope, &from, &to, &f.Value, &f.ValueMax,
			&f.Verified, &f.Note, &f.Recorded, &f.Source, &withdrawn, &f.WithdrawnReason, &f.UnitKind); err != nil {
			return nil, err
		}
		f.Span = oversight.Span{From: oversight.Month(from), To: oversight.Month(to)}
		f.WithdrawnOn = parseDatePtr(withdrawn)
		out = append(out, f)
	}
	return out, rows.Err()
}

func (db *DB) corrections(ctx context.Context, sessionID int64) ([]oversight.Correction, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, kind, item_id, action, at, user_name, reason, detail FROM session_corrections
WHERE session_id = ? ORDER BY id`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []oversight.Correction
	for rows.Next() {
		var c oversight.Correction
		if err := rows.Scan(&c.ID, &c.Kind, &c.ItemID, &c.Action, &c.At, &c.By, &c.Reason, &c.Detail); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// correct records a correction of a session's item in the session's
// history and in the audit log, inside the caller's transaction.
func correct(ctx context.Context, tx *sql.Tx, db *DB, actor Actor, sessionID int64, c oversight.Correction) error {
	name := actor.Name
	if name == "" {
		name = "system"
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO session_corrections (session_id, kind, item_id, action, at, user_name, reason, detail)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, sessionID, c.Kind, c.ItemID, c.Action, nowStr(db), name, c.Reason, c.Detail); err != nil {
		return err
	}
	action := "session.figure." + c.Action
	if c.Kind == oversight.CorrRecommendation {
		action = "rec." + c.Action
	}
	detail := fmt.Sprintf("%s %d: %s", c.Kind, c.ItemID, c.Reason)
	if c.Detail != "" {
		detail += " (" + c.Detail + ")"
	}
	return audit(ctx, tx, db, actor, action, fmt.Sprint(sessionID), detail)
}

// RecommendationsByLead lists the recommendations of published sessions
// whose lead unit is in the subtree of a unit. A draft's recommendations
// are not issued yet, and the unit page is open to every role A withdrawn one is left out.
func (db *DB) RecommendationsByLead(ctx context.Context, unitID int64) (_ []oversight.Recommendation, err error) {
	defer wrap(&err, "recommendations by lead")
	// Up from each recommendation's lead unit rather than down the unit's
	// subtree: the national root's subtree is 14,000 units (25 ms), its
	// recommendations a few hundred walks of four steps.
	return db.recommendations(ctx, `WHERE r.id IN (WITH RECURSIVE up(rec, id) AS (
  SELECT r2.id, r2.lead_unit_id FROM recommendations r2
  WHERE r2.withdrawn_on IS NULL AND r2.session_id IN (SELECT id FROM supervision_sessions WHERE published)
  UNION ALL SELECT up.rec, u.parent_id FROM up JOIN units u ON u.id = up.id WHERE u.parent_id IS NOT NULL)
  SELECT rec FROM up WHERE id = ?) ORDER BY r.deadline, r.id`, unitID)
}

func (db *DB) recommendations(ctx context.Context, where string, args ...any) ([]oversight.Recommendation, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT r.id, r.session_id, r.seq, r.content, r.lead_unit_id, u.code, u.name, r.co_units, r.responsible, r.output,
  r.deadline, r.status, r.status_note, r.verified_on, r.withdrawn_on, r.withdrawn_reason, r.deadline_text, r.deadline_to FROM recommendations r JOIN units u ON u.id = r.lead_unit_id `+where, args...)
	if err != nil {
		return nil, err
	}
	var out []oversight.Recommendation
	for rows.Next() {
		var r oversight.Recommendation
		var co string
		var deadline, verified, withdrawn, deadlineTo sql.NullString
		if err := rows.Scan(&r.ID, &r.SessionID, &r.Seq, &r.Content, &r.LeadUnitID, &r.LeadCode, &r.LeadName, &co, &r.Responsible, &r.Output,
			&deadline, &r.Status, &r.StatusNote, &verified, &withdrawn, &r.WithdrawnReason, &r.DeadlineText, &deadlineTo); err != nil {
			rows.Close()
			return nil, err
		}
		_ = json.Unmarshal([]byte(co), &r.CoUnits)
		r.Deadline, r.VerifiedOn, r.WithdrawnOn, r.DeadlineTo = parseDatePtr(deadline), parseDatePtr(verified), parseDatePtr(withdrawn), parseDatePtr(deadlineTo)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		fr, err := db.read.QueryContext(ctx, `SELECT id, on_date, text, author, COALESCE(author_id, 0), on_behalf FROM recommendation_followups WHERE rec_id = ? ORDER BY on_date, id`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for fr.Next() {
			var f oversight.FollowUp
			var d string
			if err := fr.Scan(&f.ID, &d, &f.Text, &f.Author, &f.AuthorID, &f.OnBehalf); err != nil {
				fr.Close()
				return nil, err
			}
			f.Date, _ = time.Parse(time.DateOnly, d)
			out[i].FollowUps = append(out[i].FollowUps, f)
		}
		fr.Close()
		if err := fr.Err(); err != nil {
			return nil, err
		}
		for j := range out[i].FollowUps {
			if out[i].FollowUps[j].Evidence, err = db.evidenceOf(ctx, out[i].FollowUps[j].ID); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func jsonList(xs []string) string {
	if xs == nil {
		xs = []string{}
	}
	b, _ := json.Marshal(xs)
	return string(b)
}

// sessionTextTx reads, inside tx, the text a session is searched by.
func sessionTextTx(ctx context.Context, tx *sql.Tx, id int64) (oversight.Session, error) {
	s, err := scanSession(tx.QueryRowContext(ctx, `SELECT `+sessionCols+` FROM supervision_sessions s JOIN units u ON u.id = s.unit_id WHERE s.id = ?`, id))
	if err != nil {
		return s, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.content, u.name, r.responsible, r.output, r.deadline_text FROM recommendations r
JOIN units u ON u.id = r.lead_unit_id WHERE r.session_id = ? ORDER BY r.seq`, id)
	if err != nil {
		return s, err
	}
	for rows.Next() {
		var r oversight.Recommendation
		if err := rows.Scan(&r.ID, &r.Content, &r.LeadName, &r.Responsible, &r.Output, &r.DeadlineText); err != nil {
			rows.Close()
			return s, err
		}
		s.Recommendations = append(s.Recommendations, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return s, err
	}
	for i := range s.Recommendations {
		fr, err := tx.QueryContext(ctx, `SELECT text FROM recommendation_followups WHERE rec_id = ? ORDER BY on_date, id`, s.Recommendations[i].ID)
		if err != nil {
			return s, err
		}
		for fr.Next() {
			var f oversight.FollowUp
			if err := fr.Scan(&f.Text); err != nil {
				fr.Close()
				return s, err
			}
			s.Recommendations[i].FollowUps = append(s.Recommendations[i].FollowUps, f)
		}
		fr.Close()
		if err := fr.Err(); err != nil {
			return s, err
		}
	}
	fg, err := tx.QueryContext(ctx, `SELECT note, source FROM session_figures WHERE session_id = ? ORDER BY id`, id)
	if err != nil {
		return s, err
	}
	defer fg.Close()
	for fg.Next() {
		var f oversight.Figure
		if err := fg.Scan(&f.Note, &f.Source); err != nil {
			return s, err
		}
		s.Figures = append(s.Figures, f)
	}
	return s, fg.Err()
}

// indexSession rewrites a session's words inside tx. Fields are kept
// apart in positions, so a phrase never runs from one into the next.
func indexSession(ctx context.Context, tx *sql.Tx, id int64) error {
	s, err := sessionTextTx(ctx, tx, id)
	if err != nil {
		return fmt.Errorf("index session %d: %w", id, err)
	}
	return writeWords(ctx, tx, "session_words", "session_id", id, s.SearchFields())
}

// indexMissing indexes the sessions that have no words yet (written
// before migration 00009).
func (db *DB) indexMissing(ctx context.Context) error {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM supervision_sessions s
WHERE NOT EXISTS (SELECT 1 FROM session_words w WHERE w.session_id = s.id)`).Scan(&n); err != nil || n == 0 {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM supervision_sessions s WHERE NOT EXISTS (SELECT 1 FROM session_words w WHERE w.session_id = s.id)`)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if err := indexSession(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
}
