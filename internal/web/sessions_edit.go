package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// The session form: record a new supervision session or edit one.

// sessionForm is what a delegate typed, kept as text so a refused form
// comes back exactly as it was.
type sessionForm struct {
	ID                                                        int64
	Body, Term, Leader, Members, Guests, Form, Topic, PlanDoc string
	PlanDate, Date, DateTo, Unit, OtherUnits, From, To        string
	Summary, Findings, Discussion, Conclusion                 string
	ReportNo, ReportDate                                      string
	SupervisedBody                                            string
	History                                                   bool // "record history" ticked
	Programme, SittingKind, Place                             string
	Published                                                 bool
	Errors                                                    map[string]string
}

type sessionFormData struct {
	Form         sessionForm
	Programmes   []oversight.Programme
	SittingKinds []string
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func codesList(s string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
		out = append(out, x)
	}
	return out
}

func formOf(sess oversight.Session) sessionForm {
	d := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return formDate(*t)
	}
	f := sessionForm{ID: sess.ID, Body: sess.Body, Term: sess.Term, Leader: sess.Leader, Members: strings.Join(sess.Members, "\n"),
		Guests: strings.Join(sess.Guests, "\n"), Form: sess.Form, Topic: sess.Topic, PlanDoc: sess.PlanDoc, PlanDate: d(sess.PlanDate),
		DateTo: d(sess.DateTo), Unit: sess.UnitCode, OtherUnits: strings.Join(sess.OtherUnits, ", "),
		Summary: sess.Summary, Findings: sess.Findings, Discussion: strings.Join(sess.Discussion, "\n"), Conclusion: sess.Conclusion,
		ReportNo: sess.ReportNo, ReportDate: d(sess.ReportDate), Published: sess.Published, SupervisedBody: sess.SupervisedBody, Errors: map[string]string{},
		SittingKind: sess.SittingKind, Place: sess.Place}
	if sess.ProgrammeID != 0 {
		f.Programme = fmt.Sprint(sess.ProgrammeID)
	}
	if !sess.Date.IsZero() {
		f.Date = formDate(sess.Date)
	}
	if sess.Span.From != 0 {
		f.From, f.To = sess.Span.From.String(), sess.Span.To.String()
	}
	return f
}

func readSessionForm(c *gin.Context) sessionForm {
	p := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	return sessionForm{Body: p("body"), Term: p("term"), Leader: p("leader"), Members: p("members"), Guests: p("guests"), Form: p("form"),
		Topic: p("topic"), PlanDoc: p("plan_doc"), PlanDate: p("plan_date"), Date: p("date"), DateTo: p("date_to"), Unit: p("unit"),
		OtherUnits: p("other_units"), From: monthInput(p("span_from")), To: monthInput(p("span_to")), Summary: p("summary"), Findings: p("findings"),
		Discussion: p("discussion"), Conclusion: p("conclusion"), ReportNo: p("report_no"), ReportDate: p("report_date"),
		SupervisedBody: p("supervised_body"), Published: c.PostForm("published") != "", History: c.PostForm("history") != "", Errors: map[string]string{},
		Programme: p("programme"), SittingKind: p("sitting_kind"), Place: p("place")}
}

// session turns the form into a session, noting each field at fault.
func (f *sessionForm) session(l string) oversight.Session {
	s := oversight.Session{ID: f.ID, Body: f.Body, Term: f.Term, Leader: f.Leader, Members: lines(f.Members), Guests: lines(f.Guests),
		Form: f.Form, Topic: f.Topic, PlanDoc: f.PlanDoc, UnitCode: f.Unit, OtherUnits: codesList(f.OtherUnits), Summary: f.Summary,
		Findings: f.Findings, Discussion: lines(f.Discussion), Conclusion: f.Conclusion, ReportNo: f.ReportNo, Published: f.Published,
		SupervisedBody: f.SupervisedBody, SittingKind: f.SittingKind, Place: f.Place}
	if f.Programme != "" {
		id, err := strconv.ParseInt(f.Programme, 10, 64)
		if err != nil || id <= 0 {
			f.Errors["programme"] = translate(l, "prog.invalid")
		}
		s.ProgrammeID = id
	}
	if err := oversight.CheckSittingKind(f.SittingKind); err != nil {
		f.Errors["sitting_kind"] = text.Error(err, l)
	}
	date := formDates(f.Errors, l)
	if t := date("date", f.Date); t != nil {
		s.Date = *t
	}
	s.PlanDate, s.DateTo, s.ReportDate = date("plan_date", f.PlanDate), date("date_to", f.DateTo), date("report_date", f.ReportDate)
	if f.From != "" || f.To != "" {
		from, err1 := oversight.ParseMonth(f.From)
		to, err2 := oversight.ParseMonth(f.To)
		if err1 == nil && err2 == nil {
			s.Span = oversight.Span{From: from, To: to}
		}
	}
	for k, err := range s.Validate() {
		if _, done := f.Errors[k]; !done {
			f.Errors[k] = text.Error(err, l)
		}
	}
	return s
}

func (s *Server) newSessionPage(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	f := sessionForm{Errors: map[string]string{}, Date: formDate(s.cfg.Now())}
	if pid, err := strconv.ParseInt(c.Query("programme"), 10, 64); err == nil && pid > 0 {
		// A new sitting of a programme starts from the programme's plan.
		if p, err := s.db.Programme(c.Request.Context(), pid); err == nil {
			f.Programme, f.Body, f.Term, f.Leader, f.Topic = fmt.Sprint(p.ID), p.Body, p.Term, p.Leader, p.Topic
			f.PlanDoc, f.Members, f.Unit = p.PlanDoc, strings.Join(p.Members, "\n"), p.UnitCode
			if p.PlanDate != nil {
				f.PlanDate = formDate(*p.PlanDate)
			}
			if len(p.Supervised) > 0 {
				f.SupervisedBody = p.Supervised[0]
			}
			f.SittingKind = c.Query("kind")
		}
	}
	s.renderSessionForm(c, http.StatusOK, f)
}

func (s *Server) editSessionPage(c *gin.Context) {
	sess, ok := managerLoads(s, c, s.loadSession)
	if !ok {
		return
	}
	s.renderSessionForm(c, http.StatusOK, formOf(sess))
}

func (s *Server) renderSessionForm(c *gin.Context, status int, f sessionForm) {
	progs, err := s.db.Programmes(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	title := translate(lang(c), "sessions.new")
	if f.ID != 0 {
		title = translate(lang(c), "sessions.edit")
	}
	s.render(c, status, "sessions_form", title, sessionFormData{Form: f, Programmes: progs, SittingKinds: oversight.SittingKinds})
}

func (s *Server) createSession(c *gin.Context) { s.saveSession(c, 0) }

func (s *Server) updateSession(c *gin.Context) { s.withID(c, sessionID, s.saveSession) }

func (s *Server) saveSession(c *gin.Context, id int64) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	f := readSessionForm(c)
	f.ID = id
	sess := f.session(lang(c))
	sess.History = recordsHistory(c)
	formSave(s, c, id, sess, f.Errors, s.sessionStore(),
		func(err error) bool {
			code := oversight.ErrorCode(err)
			return code != oversight.EInternal && code != oversight.ENotFound
		},
		func(status int) { s.renderSessionForm(c, status, f) }, "/sessions")
}
