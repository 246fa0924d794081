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

func jsonList(xs []string) string {
	if xs == nil {
		xs = []string{}
	}
	b, _ := json.Marshal(xs)
	return string(b)
}

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

func sessionExists(ctx context.Context, tx *sql.Tx, id int64) error {
	var x int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM supervision_sessions WHERE id = ?`, id).Scan(&x)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound("err.there_no_supervision_session", id)
	}
	return err
}
