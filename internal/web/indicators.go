package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/chart"
	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// Reported figures of any kind: index figures (PAR Index, SIPAS, PAPI,
// PCI, the 766 index), ranks, scores, shares, amounts, cited at a session.

// indicatorForm is a reported figure as typed.
type indicatorForm struct {
	Label, Family, Kind, Value, PeriodKind, Period string
	Unit, ScopeName, Metric, Source                string
	Errors                                         map[string]string
}

// indicatorView is a reported figure with cchc's own figure beside it,
// when it is linked to a catalogue metric.
type indicatorView struct {
	oversight.ReportedFigure
	Recorded    float64
	HasRecorded bool
}

// RecordedText shows cchc's figure the way the metric is shown.
func (v indicatorView) RecordedText(l string) string {
	if !v.HasRecorded {
		return "—"
	}
	if m, ok := oversight.MetricByCode(v.Metric); ok && m.Kind == oversight.KindPercent {
		return text.Percent(l, v.Recorded)
	}
	return text.Number(l, v.Recorded, 2)
}

func readIndicatorForm(get func(string) string) indicatorForm {
	p := func(k string) string { return strings.TrimSpace(get(k)) }
	return indicatorForm{Label: p("label"), Family: p("family"), Kind: p("kind"), Value: p("value"), PeriodKind: p("period_kind"),
		Period: p("period"), Unit: p("unit"), ScopeName: p("scope_name"), Metric: p("metric"), Source: p("source"), Errors: map[string]string{}}
}

// figure checks the form and turns it into a reported figure, noting each
// field at fault in the user's language.
func (f *indicatorForm) figure(l string) oversight.ReportedFigure {
	r := oversight.ReportedFigure{Label: f.Label, Family: f.Family, Kind: f.Kind, ValueText: f.Value, PeriodKind: f.PeriodKind,
		UnitCode: f.Unit, ScopeName: f.ScopeName, Metric: f.Metric, Source: f.Source}
	var err error
	if r.Value, r.RankOf, err = oversight.ParseIndicatorValue(f.Kind, f.Value); err != nil {
		f.Errors[fieldOf(err, "value")] = text.Error(err, l)
	}
	if r.Span, err = oversight.ParseIndicatorPeriod(f.PeriodKind, f.Period); err != nil {
		f.Errors[fieldOf(err, "period")] = text.Error(err, l)
	}
	if r.Metric == "" {
		r.Metric = oversight.MatchMetric(r.Label)
	}
	for k, err := range oversight.CheckIndicator(r) {
		if _, done := f.Errors[k]; !done {
			f.Errors[k] = text.Error(err, l)
		}
	}
	return r
}

// indicatorViews puts cchc's own figure beside each linked reported
// figure: the unit's whole subtree over the figure's span, through the one
// engine (oversight.AggregateIn, via totals).
func (s *Server) indicatorViews(c *gin.Context, rs []oversight.ReportedFigure) ([]indicatorView, error) {
	var out []indicatorView
	for _, r := range rs {
		v := indicatorView{ReportedFigure: r}
		if r.Metric != "" && r.UnitID != 0 && !r.Withdrawn() {
			t, err := s.totals(c.Request.Context(), r.UnitID, true, r.Span, r.Metric)
			if err != nil {
				return nil, err
			}
			v.Recorded, v.HasRecorded = t[r.Metric]
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *Server) addIndicator(c *gin.Context) {
	sess, ok := managerLoads(s, c, s.loadSession)
	if !ok {
		return
	}
	f := readIndicatorForm(c.PostForm)
	r := f.figure(lang(c))
	s.sessionPageChange(c, sessionChange{sess: sess, errs: f.Errors, field: fieldOr("unit"),
		write: func() error { _, err := s.db.AddIndicator(c.Request.Context(), sess.ID, r, actor(c)); return err },
		mend:  func(d *sessionData) { d.IndForm = f }, flash: "sessions.saved", anchor: "reported"})
}

func (s *Server) withdrawIndicator(c *gin.Context) {
	sess, ok := managerLoads(s, c, s.loadSession)
	if !ok {
		return
	}
	iid, err := pathID(c, "iid", oversight.Errf(oversight.ENotFound, "err.there_no_such_reported"))
	if err != nil {
		s.fail(c, err)
		return
	}
	errs := map[string]string{}
	s.sessionPageChange(c, sessionChange{sess: sess, errs: errs, field: under("withdraw"),
		write: func() error {
			return s.db.WithdrawIndicator(c.Request.Context(), sess.ID, iid, c.PostForm("reason"), s.cfg.Now(), actor(c))
		},
		mend: func(d *sessionData) { d.IndErr = map[int64]string{iid: errs["withdraw"]} }, flash: "fix.withdrawn.saved", anchor: "reported"})
}

// indicatorsData is the page of a unit's reported figures across sessions,
// with an index charted over the years.
type indicatorsData struct {
	Unit     oversight.Unit
	Family   string
	Families []string
	Units    []oversight.Unit
	Rows     []indicatorView
	Chart    chartView
	Years    []string
}

// indicatorChart plots, per year, the value of each label of the family's
// yearly figures (a rank by its position); a year without a figure is a
// gap, never 0.
func indicatorChart(l, title string, rows []indicatorView) (chartView, []string) {
	years := map[int]bool{}
	labels := []string{}
	seen := map[string]bool{}
	for _, r := range rows {
		if r.PeriodKind != "year" {
			continue
		}
		years[r.Span.From.Year()] = true
		if !seen[r.Label] {
			seen[r.Label] = true
			labels = append(labels, r.Label)
		}
	}
	if len(years) == 0 {
		return chartView{}, nil
	}
	lo, hi := math.MaxInt, 0
	for y := range years {
		lo, hi = min(lo, y), max(hi, y)
	}
	var cats []string
	for y := lo; y <= hi; y++ {
		cats = append(cats, strconv.Itoa(y))
	}
	var series []chart.Series
	for _, lab := range labels {
		vals := make([]float64, len(cats))
		for i := range vals {
			vals[i] = math.NaN()
		}
		percent := false
		for _, r := range rows {
			if r.Label == lab && r.PeriodKind == "year" {
				vals[r.Span.From.Year()-lo] = r.Value // the latest session's figure for the year wins
				percent = r.Kind == oversight.IndPercent
			}
		}
		series = append(series, chart.Series{Name: lab, Values: vals, Percent: percent})
	}
	return chartView{ID: "chart-indicators", Options: chart.Trend(title, cats, series)}, cats
}

func (s *Server) indicatorsPage(c *gin.Context) {
	ctx := c.Request.Context()
	l := lang(c)
	code := c.Query("unit")
	if code == "" {
		code = s.rootCode(c)
	}
	u, err := s.unitFromQuery(c, code)
	if err != nil {
		s.fail(c, err)
		return
	}
	family := c.Query("family")
	if family != "" && !contains(oversight.IndicatorFamilies, family) {
		s.fail(c, oversight.Errf(oversight.EInvalid, "err.there_no_index", family))
		return
	}
	rs, err := s.db.IndicatorsOf(ctx, u.ID, family, canManage(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	rows, err := s.indicatorViews(c, rs)
	if err != nil {
		s.fail(c, err)
		return
	}
	units, err := s.db.Units(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := indicatorsData{Unit: u, Family: family, Families: oversight.IndicatorFamilies, Units: units, Rows: rows}
	title := translate(l, "ind.chart") + " — " + u.Name
	if family != "" {
		title = translate(l, "ind.family."+family) + " — " + u.Name
	}
	d.Chart, d.Years = indicatorChart(l, title, rows)
	s.render(c, http.StatusOK, "indicators", translate(l, "ind.title"), d)
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// rootCode is the code of the top unit (the nation, Việt Nam).
func (s *Server) rootCode(c *gin.Context) string {
	roots, err := s.db.Roots(c.Request.Context())
	if err != nil || len(roots) == 0 {
		return ""
	}
	return roots[0].Code
}

// apiIndicatorIn is a reported figure as the API takes it: the value as
// reported, in text ("3/63", "87,11%").
type apiIndicatorIn struct {
	Label      string `json:"label"`
	Family     string `json:"family"`
	Kind       string `json:"kind"`
	Value      string `json:"value"`
	PeriodKind string `json:"period_kind"`
	Period     string `json:"period"`
	Unit       string `json:"unit"`
	ScopeName  string `json:"scope_name"`
	Metric     string `json:"metric"`
	Source     string `json:"source"`
}

func indicatorJSON(v indicatorView) gin.H {
	out := gin.H{"id": v.ID, "session_id": v.SessionID, "session_date": v.SessionDate.Format("2006-01-02"), "label": v.Label,
		"family": v.Family, "kind": v.Kind, "value_text": v.ValueText, "value": v.Value, "period_kind": v.PeriodKind,
		"period": v.PeriodLabel(), "span_from": v.Span.From.String(), "span_to": v.Span.To.String(), "unit": v.UnitCode,
		"unit_name": v.UnitName, "scope_name": v.ScopeName, "metric": v.Metric, "source": v.Source, "withdrawn": v.Withdrawn(),
		"rank_of": nil, "recorded": nil}
	if v.RankOf > 0 {
		out["rank_of"] = v.RankOf
	}
	if v.HasRecorded {
		out["recorded"] = v.Recorded
	}
	return out
}

func (s *Server) apiAddIndicator(c *gin.Context) {
	var id int64
	apiChange(s, c, s.loadSession, func(sess oversight.Session, in *apiIndicatorIn) error {
		get := func(k string) string {
			return map[string]string{"label": in.Label, "family": in.Family, "kind": in.Kind, "value": in.Value, "period_kind": in.PeriodKind,
				"period": in.Period, "unit": in.Unit, "scope_name": in.ScopeName, "metric": in.Metric, "source": in.Source}[k]
		}
		f, en := readIndicatorForm(get), readIndicatorForm(get)
		r := f.figure("vi")
		en.figure("en")
		for _, k := range []string{"label", "kind", "value", "period_kind", "period", "unit", "family", "metric"} {
			if msg, ok := f.Errors[k]; ok {
				return formError(k, msg, en.Errors[k])
			}
		}
		var err error
		id, err = s.db.AddIndicator(c.Request.Context(), sess.ID, r, actor(c))
		return err
	}, func(sess oversight.Session) { s.apiIndicatorAnswer(c, sess.ID, id) })
}

// apiIndicatorAnswer answers a reported figure as it is stored now.
func (s *Server) apiIndicatorAnswer(c *gin.Context, sessionID, id int64) {
	saved, err := s.db.Session(c.Request.Context(), sessionID)
	if err != nil {
		s.fail(c, err)
		return
	}
	views, err := s.indicatorViews(c, saved.Reported)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, v := range views {
		if v.ID == id {
			c.JSON(http.StatusCreated, indicatorJSON(v))
			return
		}
	}
	s.fail(c, fmt.Errorf("reported figure %d not found after saving", id))
}

// apiIndicators lists a unit's reported figures across sessions
// (?unit=CODE, &family=par_index...), oldest period first.
func (s *Server) apiIndicators(c *gin.Context) {
	ctx := c.Request.Context()
	u, err := s.unitFromQuery(c, c.Query("unit"))
	if err != nil {
		s.fail(c, err)
		return
	}
	family := c.Query("family")
	if family != "" && !contains(oversight.IndicatorFamilies, family) {
		s.fail(c, &oversight.Error{Code: oversight.EInvalid, Field: "family", Key: "err.there_no_index", Args: []any{family}})
		return
	}
	rs, err := s.db.IndicatorsOf(ctx, u.ID, family, canManage(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	views, err := s.indicatorViews(c, rs)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]gin.H, 0, len(views))
	for _, v := range views {
		out = append(out, indicatorJSON(v))
	}
	c.JSON(http.StatusOK, gin.H{"unit": u.Code, "family": family, "indicators": out})
}
