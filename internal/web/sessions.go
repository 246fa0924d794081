package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
)

// figureView is a reported figure beside what the unit has recorded for
// the same span, so a delegate sees where the two differ.
type figureView struct {
	oversight.Figure
	Recorded    float64
	HasRecorded bool
	Differs     bool
	Edit        figureForm // the correction form, or what was typed in it when refused
}

// correctionView is a correction with the item it is about, in words.
type correctionView struct {
	oversight.Correction
	Item string
	When string
}

type sessionData struct {
	Session   oversight.Session
	Figures   []figureView
	Today     time.Time
	UnitNames map[string]string // code -> name, for the co-units of recommendations
	Recs      []recView
	Manage    bool
	Units     []oversight.Unit
	Metrics   []oversight.Metric
	FigForm   figureForm
	Scopes    []string
	RecForm   recForm
	Fixes     []correctionView
	// Illustrative: the demo's session, whose recorded figures are the
	// demo's illustrative ones; only there is the notice shown.
	Illustrative bool
}

// recView is a recommendation with what the current user may do with it.
type recView struct {
	oversight.Recommendation
	CanFollowUp bool
	Actions     []oversight.RecAction
	Form        followForm
	Edit        recForm // the correction form, or what was typed in it when refused
	Secretariat bool    // the user may record the lead body's report on its behalf
}

type sessionsList struct {
	Q        string
	Sessions []oversight.Session
	Manage   bool
}

func canManage(c *gin.Context) bool {
	u := currentUser(c)
	return u != nil && u.CanManageSessions()
}

// visibleSessions hides drafts from those who cannot manage sessions.
func visibleSessions(c *gin.Context, ss []oversight.Session) []oversight.Session {
	if canManage(c) {
		return ss
	}
	out := ss[:0:0]
	for _, x := range ss {
		if x.Published {
			out = append(out, x)
		}
	}
	return out
}

func (s *Server) sessionsPage(c *gin.Context) {
	q := strings.TrimSpace(c.Query("q"))
	ss, err := s.db.SearchSessions(c.Request.Context(), q)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "sessions", translate(lang(c), "sessions.title"), sessionsList{Q: q, Sessions: visibleSessions(c, ss), Manage: canManage(c)})
}

func sessionID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, oversight.Bilingual(oversight.ENotFound, "Không có buổi giám sát này.", "There is no such supervision session.")
	}
	return id, nil
}

// loadSession reads a session the current user may see: a draft is
// shown only to delegates and administrators.
func (s *Server) loadSession(c *gin.Context) (oversight.Session, error) {
	id, err := sessionID(c)
	if err != nil {
		return oversight.Session{}, err
	}
	sess, err := s.db.Session(c.Request.Context(), id)
	if err != nil {
		return sess, err
	}
	if !sess.Published && !canManage(c) {
		return sess, oversight.Bilingual(oversight.ENotFound, "Không có buổi giám sát này.", "There is no such supervision session.")
	}
	return sess, nil
}

// requireManager refuses users who may not record sessions.
func requireManager(c *gin.Context) error {
	if !canManage(c) {
		return oversight.Bilingual(oversight.EForbidden, "Chỉ đại biểu HĐND và quản trị được ghi buổi giám sát.",
			"Only council delegates and administrators may record supervision sessions.")
	}
	return nil
}

func (s *Server) sessionPage(c *gin.Context) {
	sess, err := s.loadSession(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showSession(c, http.StatusOK, "session", sess, nil)
}

func (s *Server) sessionPrintPage(c *gin.Context) {
	sess, err := s.loadSession(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showSession(c, http.StatusOK, "sessions_print", sess, nil)
}

// showSession renders a session page; edit carries a refused form back.
func (s *Server) showSession(c *gin.Context, status int, page string, sess oversight.Session, edit func(*sessionData)) {
	d, err := s.sessionView(c, sess)
	if err != nil {
		s.fail(c, err)
		return
	}
	if edit != nil {
		edit(&d)
	}
	s.render(c, status, page, sess.Topic, d)
}

func (s *Server) sessionView(c *gin.Context, sess oversight.Session) (sessionData, error) {
	ctx := c.Request.Context()
	d := sessionData{Session: sess, Today: s.cfg.Now(), UnitNames: map[string]string{}, Manage: canManage(c), Metrics: oversight.Catalogue,
		Scopes: []string{oversight.ScopeUnit, oversight.ScopeChildrenTotal, oversight.ScopeEachChild}}
	d.FigForm = figureForm{Unit: sess.UnitCode, From: sess.Span.From.String(), To: sess.Span.To.String(), Scope: oversight.ScopeUnit}
	var err error
	if d.Manage {
		if d.Units, err = s.db.Units(ctx); err != nil {
			return d, err
		}
	}
	u := currentUser(c)
	for _, r := range sess.Recommendations {
		for _, code := range r.CoUnits {
			if _, done := d.UnitNames[code]; done {
				continue
			}
			d.UnitNames[code] = code
			if u, err := s.db.UnitByCode(ctx, code); err == nil {
				d.UnitNames[code] = u.Name
			}
		}
		rv := recView{Recommendation: r, Form: followForm{Date: d.Today.Format(time.DateOnly)}, Edit: recFormOf(r)}
		if u != nil && !r.Withdrawn() {
			chain, err := s.db.AncestorIDs(ctx, r.LeadUnitID)
			if err != nil {
				return d, err
			}
			_, refused := u.FollowUpOnBehalf(chain, false)
			rv.CanFollowUp = refused == nil && r.Open()
			rv.Secretariat = u.CanManageSessions()
			for _, a := range oversight.RecActions {
				if _, err := r.Apply(*u, chain, a, "reason", d.Today); err == nil || (oversight.ErrorCode(err) == oversight.EInvalid && u.CanAct(a, chain) && a == oversight.ActReportDone) {
					rv.Actions = append(rv.Actions, a)
				}
			}
		}
		d.Recs = append(d.Recs, rv)
	}
	if err := s.fillRecorded(c, &sess); err != nil {
		return d, err
	}
	for _, f := range sess.Figures {
		fv := figureView{Figure: f, Edit: figureFormOf(f)}
		if f.Recorded != nil {
			fv.Recorded, fv.HasRecorded = *f.Recorded, true
		}
		fv.Differs = fv.HasRecorded && f.ValueMax == nil && fv.Recorded != f.Value && !f.Withdrawn()
		d.Figures = append(d.Figures, fv)
	}
	d.Fixes = correctionViews(sess, lang(c))
	d.Illustrative = s.demoSession(sess)
	return d, nil
}

// demoSession reports whether sess is the demo's session (Hà Đông,
// 13/11/2019) in a demo instance.
func (s *Server) demoSession(sess oversight.Session) bool {
	return s.cfg.Demo && sess.UnitCode == seed.DistrictCode && sess.Date.Format(time.DateOnly) == "2019-11-13"
}

// correctionViews names the item of each correction: the figure's metric
// or the recommendation's number.
func correctionViews(sess oversight.Session, l string) []correctionView {
	var out []correctionView
	for _, x := range sess.Corrections {
		v := correctionView{Correction: x, When: x.At}
		if t, err := time.Parse(time.RFC3339, x.At); err == nil {
			v.When = t.Format("02/01/2006 15:04")
		}
		switch x.Kind {
		case oversight.CorrFigure:
			v.Item = fmt.Sprintf(translate(l, "fix.item.figure"), x.ItemID)
			for _, f := range sess.Figures {
				if f.ID == x.ItemID {
					if m, ok := oversight.MetricByCode(f.Metric); ok {
						v.Item = m.Name(l) + " — " + f.UnitName
					}
				}
			}
		case oversight.CorrRecommendation:
			v.Item = fmt.Sprintf(translate(l, "fix.item.rec"), x.ItemID)
			for _, r := range sess.Recommendations {
				if r.ID == x.ItemID {
					v.Item = fmt.Sprintf(translate(l, "fix.item.rec"), r.Seq)
				}
			}
		}
		out = append(out, v)
	}
	return out
}

// fillRecorded sets, for each reported figure that was never pulled, what
// cchc holds now for the same metric, unit and span, so the page, the API
// and the workbook all show the same "recorded" beside "reported". A
// pulled figure keeps the value it was pulled with.
func (s *Server) fillRecorded(c *gin.Context, sess *oversight.Session) error {
	for i, f := range sess.Figures {
		if f.Recorded != nil || f.Scope == oversight.ScopeEachChild || f.ValueMax != nil || f.Withdrawn() {
			continue
		}
		rec, ok, err := s.recordedFigure(c, f)
		if err != nil {
			return err
		}
		if ok {
			sess.Figures[i].Recorded = &rec
		}
	}
	return nil
}

// recordedFigure computes what cchc holds for a reported figure: the
// unit's own values, or the sum over its children, for the figure's span.
func (s *Server) recordedFigure(c *gin.Context, f oversight.Figure) (float64, bool, error) {
	ctx := c.Request.Context()
	if f.Scope == oversight.ScopeUnit {
		t, err := s.totals(ctx, f.UnitID, false, f.Span, f.Metric)
		v, ok := t[f.Metric]
		return v, ok, err
	}
	// The children's subtrees: the unit's subtree without its own figures.
	fig, err := s.figures(ctx, f.UnitID, true, false, f.Span, f.Metric, weightOf(f.Metric))
	if err != nil {
		return 0, false, err
	}
	kids := fig.Points[:0:0]
	for _, p := range fig.Points {
		if p.Unit != f.UnitID {
			kids = append(kids, p)
		}
	}
	fig.Points = kids
	v, ok := fig.Totals(f.Span)[f.Metric]
	return v, ok, nil
}

func weightOf(code string) string {
	m, _ := oversight.MetricByCode(code)
	if m.Weight == "" {
		return code
	}
	return m.Weight
}

// sessionForm is what a delegate typed, kept as text so a refused form
// comes back exactly as it was.
type sessionForm struct {
	ID                                                        int64
	Body, Term, Leader, Members, Guests, Form, Topic, PlanDoc string
	PlanDate, Date, DateTo, Unit, OtherUnits, From, To        string
	Summary, Findings, Discussion, Conclusion                 string
	ReportNo, ReportDate                                      string
	SupervisedBody                                            string
	Published                                                 bool
	Errors                                                    map[string]string
}

type sessionFormData struct {
	Form  sessionForm
	Units []oversight.Unit
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
		return t.Format(time.DateOnly)
	}
	f := sessionForm{ID: sess.ID, Body: sess.Body, Term: sess.Term, Leader: sess.Leader, Members: strings.Join(sess.Members, "\n"),
		Guests: strings.Join(sess.Guests, "\n"), Form: sess.Form, Topic: sess.Topic, PlanDoc: sess.PlanDoc, PlanDate: d(sess.PlanDate),
		DateTo: d(sess.DateTo), Unit: sess.UnitCode, OtherUnits: strings.Join(sess.OtherUnits, ", "),
		Summary: sess.Summary, Findings: sess.Findings, Discussion: strings.Join(sess.Discussion, "\n"), Conclusion: sess.Conclusion,
		ReportNo: sess.ReportNo, ReportDate: d(sess.ReportDate), Published: sess.Published, SupervisedBody: sess.SupervisedBody, Errors: map[string]string{}}
	if !sess.Date.IsZero() {
		f.Date = sess.Date.Format(time.DateOnly)
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
		OtherUnits: p("other_units"), From: p("span_from"), To: p("span_to"), Summary: p("summary"), Findings: p("findings"),
		Discussion: p("discussion"), Conclusion: p("conclusion"), ReportNo: p("report_no"), ReportDate: p("report_date"),
		SupervisedBody: p("supervised_body"), Published: c.PostForm("published") != "", Errors: map[string]string{}}
}

// session turns the form into a session, noting each field at fault.
func (f *sessionForm) session(l string) oversight.Session {
	s := oversight.Session{ID: f.ID, Body: f.Body, Term: f.Term, Leader: f.Leader, Members: lines(f.Members), Guests: lines(f.Guests),
		Form: f.Form, Topic: f.Topic, PlanDoc: f.PlanDoc, UnitCode: f.Unit, OtherUnits: codesList(f.OtherUnits), Summary: f.Summary,
		Findings: f.Findings, Discussion: lines(f.Discussion), Conclusion: f.Conclusion, ReportNo: f.ReportNo, Published: f.Published,
		SupervisedBody: f.SupervisedBody}
	date := func(field, v string) *time.Time {
		if v == "" {
			return nil
		}
		t, err := oversight.ParseDate(v)
		if err != nil {
			f.Errors[field] = oversight.ErrorMessage(err, l)
			return nil
		}
		return &t
	}
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
			f.Errors[k] = oversight.ErrorMessage(err, l)
		}
	}
	return s
}

func (s *Server) newSessionPage(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	f := sessionForm{Errors: map[string]string{}, Date: s.cfg.Now().Format(time.DateOnly)}
	s.renderSessionForm(c, http.StatusOK, f)
}

func (s *Server) editSessionPage(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	sess, err := s.loadSession(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderSessionForm(c, http.StatusOK, formOf(sess))
}

func (s *Server) renderSessionForm(c *gin.Context, status int, f sessionForm) {
	units, err := s.db.Units(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	title := translate(lang(c), "sessions.new")
	if f.ID != 0 {
		title = translate(lang(c), "sessions.edit")
	}
	s.render(c, status, "sessions_form", title, sessionFormData{Form: f, Units: units})
}

func (s *Server) createSession(c *gin.Context) { s.saveSession(c, 0) }

func (s *Server) updateSession(c *gin.Context) {
	id, err := sessionID(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.saveSession(c, id)
}

func (s *Server) saveSession(c *gin.Context, id int64) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	l := lang(c)
	f := readSessionForm(c)
	f.ID = id
	sess := f.session(l)
	if len(f.Errors) == 0 {
		var err error
		if id == 0 {
			id, err = s.db.CreateSession(ctx, sess, actor(c))
		} else {
			err = s.db.UpdateSession(ctx, sess, actor(c))
		}
		if err != nil {
			if oversight.ErrorCode(err) == oversight.EInternal || oversight.ErrorCode(err) == oversight.ENotFound {
				s.fail(c, err)
				return
			}
			f.Errors["unit"] = oversight.ErrorMessage(err, l)
		}
	}
	if len(f.Errors) > 0 {
		c.Set(flashKey, translate(l, "sessions.fix"))
		s.renderSessionForm(c, http.StatusUnprocessableEntity, f)
		return
	}
	s.setFlash(c, translate(l, "sessions.saved"))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/sessions/%d", id))
}

// figureForm is a reported figure as typed; for a correction, ID is the
// figure's, Reason why it is corrected, and WReason why it is withdrawn.
type figureForm struct {
	ID                                                   int64
	Metric, Unit, Scope, From, To, Value, ValueMax, Note string
	Source, Reason, WReason                              string
	Errors                                               map[string]string
}

func figureFormOf(f oversight.Figure) figureForm {
	ff := figureForm{ID: f.ID, Metric: f.Metric, Unit: f.UnitCode, Scope: f.Scope, Value: numText(f.Value), Note: f.Note, Source: f.Source,
		Errors: map[string]string{}}
	if f.ValueMax != nil {
		ff.ValueMax = numText(*f.ValueMax)
	}
	return ff
}

// numText writes a stored value back into a form, unrounded, the way
// oversight.ParseNumber reads it (a comma before the decimals).
func numText(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}

// figureValue checks a value for a metric: the one rule for the page and
// the API. The error names its field.
func figureValue(code string, v float64) error {
	m, ok := oversight.MetricByCode(code)
	if !ok {
		return &oversight.Error{Code: oversight.EInvalid, Field: "metric", Message: "Chọn một chỉ tiêu.", MessageEN: "Choose a metric."}
	}
	if is := oversight.ValidateValue(m, v); is != nil {
		return &oversight.Error{Code: oversight.EInvalid, Field: "value", Message: is.Message, MessageEN: is.MessageEN}
	}
	return nil
}

// parseFigureValue reads a value typed in a form and checks it.
func parseFigureValue(code, text, field string) (float64, error) {
	v, err := oversight.ParseNumber(text)
	if err != nil {
		return 0, &oversight.Error{Code: oversight.EInvalid, Field: field, Message: oversight.ErrorMessage(err, "vi"), MessageEN: oversight.ErrorMessage(err, "en")}
	}
	if err := figureValue(code, v); err != nil {
		if e, ok := err.(*oversight.Error); ok && e.Field == "value" {
			e.Field = field
		}
		return 0, err
	}
	return v, nil
}

// valueRange checks the top of a range against its bottom.
func valueRange(v float64, max *float64) error {
	if max != nil && *max < v {
		return &oversight.Error{Code: oversight.EInvalid, Field: "value_max", Message: "Giá trị \"đến\" nhỏ hơn giá trị \"từ\".",
			MessageEN: "The top of the range is below its bottom."}
	}
	return nil
}

// newFigure checks a new figure of sess; the first fault found is
// returned, naming its field. Span and unit default to the session's.
func newFigure(sess oversight.Session, metric, unit, scope, from, to, note, source string) (oversight.Figure, error) {
	fig := oversight.Figure{Metric: metric, UnitCode: unit, Scope: scope, Note: note, Source: source, Span: sess.Span}
	if fig.UnitCode == "" {
		fig.UnitCode = sess.UnitCode
	}
	if fig.Scope != oversight.ScopeUnit && fig.Scope != oversight.ScopeChildrenTotal && fig.Scope != oversight.ScopeEachChild {
		fig.Scope = oversight.ScopeUnit
	}
	if _, ok := oversight.MetricByCode(metric); !ok {
		return fig, &oversight.Error{Code: oversight.EInvalid, Field: "metric", Message: "Chọn một chỉ tiêu.", MessageEN: "Choose a metric."}
	}
	if from != "" || to != "" {
		f, err1 := oversight.ParseMonth(from)
		t, err2 := oversight.ParseMonth(to)
		if err1 != nil || err2 != nil || t < f {
			return fig, &oversight.Error{Code: oversight.EInvalid, Field: "span", Message: "Kỳ không hợp lệ (YYYY-MM).", MessageEN: "The span is not valid (YYYY-MM)."}
		}
		fig.Span = oversight.Span{From: f, To: t}
	}
	return fig, nil
}

func (s *Server) addFigure(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	sess, err := s.loadSession(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := lang(c)
	p := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	f := figureForm{Metric: p("metric"), Unit: p("unit"), Scope: p("scope"), From: p("span_from"), To: p("span_to"), Value: p("value"), Note: p("note"),
		Source: p("source"), Errors: map[string]string{}}
	fig, err := newFigure(sess, f.Metric, f.Unit, f.Scope, f.From, f.To, f.Note, f.Source)
	if err != nil {
		f.Errors[fieldOf(err, "metric")] = oversight.ErrorMessage(err, l)
	}
	if _, done := f.Errors["metric"]; !done {
		if fig.Value, err = parseFigureValue(f.Metric, f.Value, "value"); err != nil {
			f.Errors["value"] = oversight.ErrorMessage(err, l)
		}
	}
	if len(f.Errors) == 0 {
		if _, err := s.db.AddFigure(c.Request.Context(), sess.ID, fig, actor(c)); err != nil {
			if oversight.ErrorCode(err) != oversight.EInvalid {
				s.fail(c, err)
				return
			}
			f.Errors["metric"] = oversight.ErrorMessage(err, l)
		}
	}
	if len(f.Errors) > 0 {
		s.showSession(c, http.StatusUnprocessableEntity, "session", sess, func(d *sessionData) { d.FigForm = f })
		return
	}
	s.setFlash(c, translate(l, "sessions.saved"))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/sessions/%d#figures-table", sess.ID))
}

// sessionFigure reads the session and the figure named in the path.
func (s *Server) sessionFigure(c *gin.Context) (oversight.Session, oversight.Figure, error) {
	sess, err := s.loadSession(c)
	if err != nil {
		return sess, oversight.Figure{}, err
	}
	fid, _ := strconv.ParseInt(c.Param("fid"), 10, 64)
	for _, f := range sess.Figures {
		if f.ID == fid && fid > 0 {
			return sess, f, nil
		}
	}
	return sess, oversight.Figure{}, oversight.Bilingual(oversight.ENotFound, "Buổi giám sát không có số liệu này.", "The session has no such figure.")
}

// correctedFigure applies a correction's new value, range, note and
// source to fig; the first fault found names its field.
func correctedFigure(fig oversight.Figure, value, valueMax, note, source string) (oversight.Figure, error) {
	v, err := parseFigureValue(fig.Metric, value, "value")
	if err != nil {
		return fig, err
	}
	fig.Value, fig.ValueMax, fig.Note, fig.Source = v, nil, note, source
	if valueMax != "" {
		m, err := parseFigureValue(fig.Metric, valueMax, "value_max")
		if err != nil {
			return fig, err
		}
		fig.ValueMax = &m
	}
	return fig, valueRange(fig.Value, fig.ValueMax)
}

// editFigure corrects a reported figure; the reason is required.
func (s *Server) editFigure(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	sess, old, err := s.sessionFigure(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := lang(c)
	p := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	f := figureFormOf(old)
	f.Value, f.ValueMax, f.Note, f.Source, f.Reason = p("value"), p("value_max"), p("note"), p("source"), p("reason")
	fig, err := correctedFigure(old, f.Value, f.ValueMax, f.Note, f.Source)
	if err != nil {
		f.Errors[fieldOf(err, "value")] = oversight.ErrorMessage(err, l)
	}
	if err := oversight.CheckCorrection(f.Reason); err != nil {
		f.Errors["reason"] = oversight.ErrorMessage(err, l)
	}
	if len(f.Errors) == 0 {
		if err := s.db.UpdateFigure(c.Request.Context(), sess.ID, fig, f.Reason, actor(c)); err != nil {
			if oversight.ErrorCode(err) != oversight.EInvalid {
				s.fail(c, err)
				return
			}
			f.Errors[fieldOf(err, "value")] = oversight.ErrorMessage(err, l)
		}
	}
	if len(f.Errors) > 0 {
		s.showSession(c, http.StatusUnprocessableEntity, "session", sess, func(d *sessionData) {
			for i := range d.Figures {
				if d.Figures[i].ID == old.ID {
					d.Figures[i].Edit = f
				}
			}
		})
		return
	}
	s.setFlash(c, translate(l, "fix.saved"))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/sessions/%d#fig-%d", sess.ID, old.ID))
}

// withdrawFigure withdraws a reported figure; the reason is required.
func (s *Server) withdrawFigure(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	sess, old, err := s.sessionFigure(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := lang(c)
	reason := strings.TrimSpace(c.PostForm("reason"))
	if err := s.db.WithdrawFigure(c.Request.Context(), sess.ID, old.ID, reason, s.cfg.Now(), actor(c)); err != nil {
		if oversight.ErrorCode(err) != oversight.EInvalid {
			s.fail(c, err)
			return
		}
		s.showSession(c, http.StatusUnprocessableEntity, "session", sess, func(d *sessionData) {
			for i := range d.Figures {
				if d.Figures[i].ID == old.ID {
					d.Figures[i].Edit.WReason = reason
					d.Figures[i].Edit.Errors["withdraw"] = oversight.ErrorMessage(err, l)
				}
			}
		})
		return
	}
	s.setFlash(c, translate(l, "fix.withdrawn.saved"))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/sessions/%d#fig-%d", sess.ID, old.ID))
}

// recordedTotals is what cchc holds for the supervised unit over the
// session's span, metric by metric (the unit's own figures).
func (s *Server) recordedTotals(ctx context.Context, sess oversight.Session) (map[string]float64, error) {
	t, err := s.totals(ctx, sess.UnitID, false, sess.Span)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for k, v := range t {
		if _, ok := oversight.MetricByCode(k); ok {
			out[k] = v
		}
	}
	return out, nil
}

func (s *Server) pullFigures(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	sess, err := s.loadSession(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	rec, err := s.recordedTotals(ctx, sess)
	if err != nil {
		s.fail(c, err)
		return
	}
	added, updated, err := s.db.PullFigures(ctx, sess.ID, sess.UnitCode, sess.Span, rec, actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.setFlash(c, fmt.Sprintf(translate(lang(c), "sessions.pulled"), added, updated))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/sessions/%d#figures-table", sess.ID))
}
