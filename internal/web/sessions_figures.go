package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// A session's reported figures: add, correct, withdraw, and pull what cchc
// recorded for the unit.

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
		return &oversight.Error{Code: oversight.EInvalid, Field: "metric", Key: "err.choose_metric"}
	}
	if is := oversight.ValidateValue(m, v); is != nil {
		return &oversight.Error{Code: oversight.EInvalid, Field: "value", Key: is.Key, Args: is.Args}
	}
	return nil
}

// parseFigureValue reads a value typed in a form and checks it.
func parseFigureValue(code, text, field string) (float64, error) {
	v, err := oversight.ParseNumber(text)
	if err != nil {
		return 0, oversight.AtField(err, field)
	}
	if err := figureValue(code, v); err != nil {
		if e, ok := err.(*oversight.Error); ok && e.Field == "value" {
			e.Field = field
		}
		return 0, err
	}
	return v, nil
}

// checkFigureValues checks a figure's value, the top of its range when it
// has one, and the range itself: the one check of a figure sent whole
// (the API's add and correction). The error names its field.
func checkFigureValues(fig oversight.Figure) error {
	if err := figureValue(fig.Metric, fig.Value); err != nil {
		return err
	}
	if fig.ValueMax != nil {
		if err := figureValue(fig.Metric, *fig.ValueMax); err != nil {
			if e, ok := err.(*oversight.Error); ok && e.Field == "value" {
				e.Field = "value_max"
			}
			return err
		}
	}
	return valueRange(fig.Value, fig.ValueMax)
}

// valueRange checks the top of a range against its bottom.
func valueRange(v float64, max *float64) error {
	if max != nil && *max < v {
		return &oversight.Error{Code: oversight.EInvalid, Field: "value_max", Key: "err.top_range_below_its"}
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
		return fig, &oversight.Error{Code: oversight.EInvalid, Field: "metric", Key: "err.choose_metric"}
	}
	if from != "" || to != "" {
		f, err1 := oversight.ParseMonth(from)
		t, err2 := oversight.ParseMonth(to)
		if err1 != nil || err2 != nil || t < f {
			return fig, &oversight.Error{Code: oversight.EInvalid, Field: "span", Key: "err.span_not_valid_yyyy"}
		}
		fig.Span = oversight.Span{From: f, To: t}
	}
	return fig, nil
}

func (s *Server) addFigure(c *gin.Context) {
	sess, ok := managerLoads(s, c, s.loadSession)
	if !ok {
		return
	}
	l := lang(c)
	p := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	f := figureForm{Metric: p("metric"), Unit: p("unit"), Scope: p("scope"), From: monthInput(p("span_from")), To: monthInput(p("span_to")), Value: p("value"), Note: p("note"),
		Source: p("source"), Errors: map[string]string{}}
	fig, err := newFigure(sess, f.Metric, f.Unit, f.Scope, f.From, f.To, f.Note, f.Source)
	if err != nil {
		f.Errors[fieldOf(err, "metric")] = text.Error(err, l)
	}
	if _, done := f.Errors["metric"]; !done {
		if fig.Value, err = parseFigureValue(f.Metric, f.Value, "value"); err != nil {
			f.Errors["value"] = text.Error(err, l)
		}
	}
	s.sessionPageChange(c, sessionChange{sess: sess, errs: f.Errors, field: under("metric"),
		write: func() error { _, err := s.db.AddFigure(c.Request.Context(), sess.ID, fig, actor(c)); return err },
		mend:  func(d *sessionData) { d.FigForm = f }, flash: "sessions.saved", anchor: "figures-table"})
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
	return sess, oversight.Figure{}, oversight.Errf(oversight.ENotFound, "err.session_has_no_such")
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
	sf, ok := managerLoads(s, c, s.loadSessionFigure)
	if !ok {
		return
	}
	sess, old := sf.sess, sf.fig
	l := lang(c)
	p := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	f := figureFormOf(old)
	f.Value, f.ValueMax, f.Note, f.Source, f.Reason = p("value"), p("value_max"), p("note"), p("source"), p("reason")
	fig, err := correctedFigure(old, f.Value, f.ValueMax, f.Note, f.Source)
	if err != nil {
		f.Errors[fieldOf(err, "value")] = text.Error(err, l)
	}
	if err := oversight.CheckCorrection(f.Reason); err != nil {
		f.Errors["reason"] = text.Error(err, l)
	}
	s.sessionPageChange(c, sessionChange{sess: sess, errs: f.Errors, field: fieldOr("value"),
		write: func() error { return s.db.UpdateFigure(c.Request.Context(), sess.ID, fig, f.Reason, actor(c)) },
		mend: func(d *sessionData) {
			if v := d.figAt(old.ID); v != nil {
				v.Edit = f
			}
		}, flash: "fix.saved", anchor: fmt.Sprintf("fig-%d", old.ID)})
}

// withdrawFigure withdraws a reported figure; the reason is required.
func (s *Server) withdrawFigure(c *gin.Context) {
	sf, ok := managerLoads(s, c, s.loadSessionFigure)
	if !ok {
		return
	}
	sess, old := sf.sess, sf.fig
	reason := strings.TrimSpace(c.PostForm("reason"))
	errs := map[string]string{}
	s.sessionPageChange(c, sessionChange{sess: sess, errs: errs, field: under("withdraw"),
		write: func() error {
			return s.db.WithdrawFigure(c.Request.Context(), sess.ID, old.ID, reason, s.cfg.Now(), actor(c))
		},
		mend: func(d *sessionData) {
			if v := d.figAt(old.ID); v != nil {
				v.Edit.WReason, v.Edit.Errors = reason, errs
			}
		}, flash: "fix.withdrawn.saved", anchor: fmt.Sprintf("fig-%d", old.ID)})
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
	sess, ok := managerLoads(s, c, s.loadSession)
	if !ok {
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
