package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
)

// Supervision programmes (đợt giám sát): a plan, its sittings (sessions
// pointing at it) and one final report. See migration 00015.

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// checkProgramme refuses a sitting of a programme that does not exist or
// a kind of sitting that is not one.
func checkProgramme(ctx context.Context, tx *sql.Tx, s oversight.Session) error {
	if err := oversight.CheckSittingKind(s.SittingKind); err != nil {
		return err
	}
	if s.ProgrammeID == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM supervision_programmes WHERE id = ?`, s.ProgrammeID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &oversight.Error{Code: oversight.EInvalid, Field: "programme",
			Key: "err.there_no_supervision_programme", Args: []any{s.ProgrammeID}}
	}
	return nil
}

// CreateProgramme stores a supervision programme; its unit, if any, is
// given by code.
func (db *DB) CreateProgramme(ctx context.Context, p oversight.Programme, actor Actor) (id int64, err error) {
	defer wrap(&err, "create programme")
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		uid, err := programmeUnit(ctx, tx, p.UnitCode)
		if err != nil {
			return err
		}
		var by any
		if actor.UserID != 0 {
			by = actor.UserID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO supervision_programmes (body, term, topic, plan_doc, plan_date, leader, members, supervised,
  unit_id, date_from, date_to, report_no, report_date, report, published, created_by, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.Body, p.Term, p.Topic, p.PlanDoc, dateStr(p.PlanDate), p.Leader,
			jsonList(p.Members), jsonList(p.Supervised), uid, dateStr(p.DateFrom), dateStr(p.DateTo), p.ReportNo, dateStr(p.ReportDate),
			p.Report, p.Published, by, nowStr(db))
		if err != nil {
			return err
		}
		id, _ = res.LastInsertId()
		if err := indexProgramme(ctx, tx, id); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "programme.create", fmt.Sprint(id), p.Topic)
	})
	return id, err
}

// UpdateProgramme rewrites a programme's plan, members, bodies and final
// report; its sittings stay.
func (db *DB) UpdateProgramme(ctx context.Context, p oversight.Programme, actor Actor) (err error) {
	defer wrap(&err, "update programme %d", p.ID)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		uid, err := programmeUnit(ctx, tx, p.UnitCode)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE supervision_programmes SET body = ?, term = ?, topic = ?, plan_doc = ?, plan_date = ?, leader = ?,
  members = ?, supervised = ?, unit_id = ?, date_from = ?, date_to = ?, report_no = ?, report_date = ?, report = ?, published = ?, updated_at = ?
WHERE id = ?`, p.Body, p.Term, p.Topic, p.PlanDoc, dateStr(p.PlanDate), p.Leader, jsonList(p.Members), jsonList(p.Supervised), uid,
			dateStr(p.DateFrom), dateStr(p.DateTo), p.ReportNo, dateStr(p.ReportDate), p.Report, p.Published, nowStr(db), p.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return programmeNotFound(p.ID)
		}
		if err := indexProgramme(ctx, tx, p.ID); err != nil {
			return err
		}
		return audit(ctx, tx, db, actor, "programme.update", fmt.Sprint(p.ID), p.Topic)
	})
}

func programmeNotFound(id int64) error {
	return notFound("err.there_no_supervision_programme", id)
}

func programmeUnit(ctx context.Context, tx *sql.Tx, code string) (any, error) {
	if strings.TrimSpace(code) == "" {
		return nil, nil
	}
	uid, err := unitIDByCode(ctx, tx, code)
	if err != nil {
		var oe *oversight.Error
		if errors.As(err, &oe) {
			oe.Field = "unit"
		}
		return nil, err
	}
	return uid, nil
}

const programmeCols = `p.id, p.body, p.term, p.topic, p.plan_doc, p.plan_date, p.leader, p.members, p.supervised,
  COALESCE(p.unit_id, 0), COALESCE(u.code, ''), COALESCE(u.name, ''), p.date_from, p.date_to, p.report_no, p.report_date, p.report, p.published`

const programmeFrom = ` FROM supervision_programmes p LEFT JOIN units u ON u.id = p.unit_id`

func scanProgramme(sc scanner) (oversight.Programme, error) {
	var p oversight.Programme
	var members, supervised string
	var planDate, from, to, reportDate sql.NullString
	err := sc.Scan(&p.ID, &p.Body, &p.Term, &p.Topic, &p.PlanDoc, &planDate, &p.Leader, &members, &supervised,
		&p.UnitID, &p.UnitCode, &p.UnitName, &from, &to, &p.ReportNo, &reportDate, &p.Report, &p.Published)
	if err != nil {
		return p, err
	}
	_ = json.Unmarshal([]byte(members), &p.Members)
	_ = json.Unmarshal([]byte(supervised), &p.Supervised)
	p.PlanDate, p.DateFrom, p.DateTo, p.ReportDate = parseDatePtr(planDate), parseDatePtr(from), parseDatePtr(to), parseDatePtr(reportDate)
	return p, nil
}

// Programme returns a programme with its sittings (date order) and the
// recommendations they issued, as one set.
func (db *DB) Programme(ctx context.Context, id int64) (_ oversight.Programme, err error) {
	defer wrap(&err, "programme %d", id)
	p, err := scanProgramme(db.read.QueryRowContext(ctx, `SELECT `+programmeCols+programmeFrom+` WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, programmeNotFound(id)
	}
	if err != nil {
		return p, err
	}
	if p.Sittings, err = queryAll(ctx, db.read, scanSession, `SELECT `+sessionCols+` FROM supervision_sessions s JOIN units u ON u.id = s.unit_id
WHERE s.programme_id = ? ORDER BY s.held_on, s.id`, id); err != nil {
		return p, err
	}
	p.Recommendations, err = db.recommendations(ctx, `JOIN supervision_sessions ps ON ps.id = r.session_id
WHERE ps.programme_id = ? ORDER BY ps.held_on, ps.id, r.seq`, id)
	return p, err
}

// Programmes lists programmes, newest first, without sittings.
func (db *DB) Programmes(ctx context.Context) (_ []oversight.Programme, err error) {
	defer wrap(&err, "programmes")
	return db.programmes(ctx, ``, `COALESCE(p.date_from, p.plan_date, p.created_at) DESC, p.id DESC`)
}

func (db *DB) programmes(ctx context.Context, join, order string, args ...any) ([]oversight.Programme, error) {
	return queryAll(ctx, db.read, scanProgramme, `SELECT `+programmeCols+programmeFrom+join+` ORDER BY `+order, args...)
}

// SearchProgrammes lists the programmes matching q like SearchSessions:
// whole words and quoted phrases, without diacritics, best first. A
// programme is found by its own text or by any of its sittings'.
func (db *DB) SearchProgrammes(ctx context.Context, q string) (_ []oversight.Programme, err error) {
	defer wrap(&err, "search programmes")
	query := oversight.ParseQuery(q)
	if query.Empty() {
		if strings.TrimSpace(q) != "" {
			return nil, nil
		}
		return db.Programmes(ctx)
	}
	if err := db.indexMissing(ctx); err != nil {
		return nil, err
	}
	words := map[string]bool{}
	for _, w := range query.Words {
		words[w] = true
	}
	for _, ph := range query.Phrases {
		for _, w := range ph {
			words[w] = true
		}
	}
	in := strings.Repeat("?,", len(words))
	in = in[:len(in)-1]
	var wargs []any
	for w := range words {
		wargs = append(wargs, w)
	}
	// Each programme's own words, and each sitting's words under its
	// programme: a programme matches in either.
	words2 := `SELECT programme_id AS pid, pos, word, weight, 0 AS doc FROM programme_words
UNION ALL SELECT s.programme_id, w.pos, w.word, w.weight, w.session_id FROM session_words w JOIN supervision_sessions s ON s.id = w.session_id
  WHERE s.programme_id IS NOT NULL`
	var args []any
	cond := ``
	args = append(args, wargs...)
	args = append(args, len(words))
	sub := `SELECT pid, doc, SUM(weight) AS score FROM (` + words2 + `) WHERE word IN (` + in + `) GROUP BY pid, doc HAVING COUNT(DISTINCT word) = ?`
	for _, ph := range query.Phrases {
		psql, pargs := programmePhraseSQL(words2, ph)
		cond += ` AND (m.pid, m.doc) IN (` + psql + `)`
		args = append(args, pargs...)
	}
	join := ` JOIN (SELECT m.pid, MAX(m.score) AS score FROM (` + sub + `) m WHERE 1` + cond + ` GROUP BY m.pid) hit ON hit.pid = p.id`
	return db.programmes(ctx, join, `hit.score DESC, p.id DESC`, args...)
}

func programmePhraseSQL(words string, p []string) (string, []any) {
	sub := `SELECT w0.pid, w0.doc FROM (` + words + `) w0`
	var args []any
	for k := 1; k < len(p); k++ {
		sub += fmt.Sprintf(` JOIN (%s) w%d ON w%d.pid = w0.pid AND w%d.doc = w0.doc AND w%d.pos = w0.pos + %d AND w%d.word = ?`, words, k, k, k, k, k, k)
		args = append(args, p[k])
	}
	return sub + ` WHERE w0.word = ?`, append(args, p[0])
}

// indexProgramme rewrites a programme's words inside tx.
func indexProgramme(ctx context.Context, tx *sql.Tx, id int64) error {
	p, err := scanProgramme(tx.QueryRowContext(ctx, `SELECT `+programmeCols+programmeFrom+` WHERE p.id = ?`, id))
	if err != nil {
		return fmt.Errorf("index programme %d: %w", id, err)
	}
	return writeWords(ctx, tx, "programme_words", "programme_id", id, p.SearchFields())
}
