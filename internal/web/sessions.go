package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/text"
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
	Metrics   []oversight.Metric
	FigForm   figureForm
	Scopes    []string
	RecForm   recForm
	Fixes     []correctionView
	// Illustrative: the demo's session, whose recorded figures are the
	// demo's illustrative ones; only there is the notice shown.
	Illustrative bool
	UnitKind     string // the session unit's kind, for the scope labels
	// Reported figures of any kind, their add form (or what was typed
	// when refused), the refusals of withdrawals by figure, the choices.
	Reported    []indicatorView
	IndForm     indicatorForm
	IndErr      map[int64]string
	IndKinds    []string
	Families    []string
	PeriodKinds []string
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
	Q          string
	Sessions   []oversight.Session
	Programmes []oversight.Programme // the programmes a search found
	Manage     bool
}

func canManage(c *gin.Context) bool {
	u := currentUser(c)
	return u != nil && u.CanManageSessions()
}

// visibleSessions hides drafts from those who cannot manage sessions.
func visibleSessions(c *gin.Context, ss []oversight.Session) []oversight.Session {
	return visible(c, ss, func(x oversight.Session) bool { return x.Published })
}

// visible keeps the published of xs for those who cannot manage sessions
// and programmes; managers see drafts too.
func visible[T any](c *gin.Context, xs []T, published func(T) bool) []T {
	if canManage(c) {
		return xs
	}
	out := xs[:0:0]
	for _, x := range xs {
		if published(x) {
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
	var ps []oversight.Programme
	if q != "" {
		if ps, err = s.db.SearchProgrammes(c.Request.Context(), q); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.render(c, http.StatusOK, "sessions", translate(lang(c), "sessions.title"),
		sessionsList{Q: q, Sessions: visibleSessions(c, ss), Programmes: visibleProgrammes(c, ps), Manage: canManage(c)})
}

func sessionID(c *gin.Context) (int64, error) {
	return pathID(c, "id", errNoSession())
}

func errNoSession() *oversight.Error {
	return oversight.Errf(oversight.ENotFound, "err.there_no_such_supervision")
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
		return sess, errNoSession()
	}
	return sess, nil
}

// requireManager refuses users who may not record sessions.
func requireManager(c *gin.Context) error {
	if !canManage(c) {
		return oversight.Errf(oversight.EForbidden, "err.only_council_delegates_and")
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
	u := currentUser(c)
	for _, r := range sess.Recommendations {
		for _, code := range r.CoUnits {
			if _, done := d.UnitNames[code]; done {
				continue
			}
			d.UnitNames[code] = code
			// A co-unit is a bare code: name the unit it meant during the
			// session's span (a code may name two units in two periods).
			if u, err := s.db.UnitDuring(ctx, code, sess.Span); err == nil {
				d.UnitNames[code] = u.Name
			}
		}
		rv := recView{Recommendation: r, Form: followForm{Date: formDate(d.Today)}, Edit: recFormOf(r)}
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
	var err error
	if d.Reported, err = s.indicatorViews(c, sess.Reported); err != nil {
		return d, err
	}
	d.IndForm = indicatorForm{Unit: sess.UnitCode, Kind: oversight.IndScore, PeriodKind: "year", Errors: map[string]string{}}
	d.IndKinds, d.Families, d.PeriodKinds = oversight.IndicatorKinds, oversight.IndicatorFamilies, oversight.IndicatorPeriods
	// The session's unit was resolved when it was saved: read it by id, not
	// again by its code (which may name another unit today).
	if u, err := s.db.UnitByID(ctx, sess.UnitID); err == nil {
		d.UnitKind = u.Kind
	}
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
						v.Item = text.MetricName(l, m) + " — " + f.UnitName
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

// scopeLabel names a figure's scope by its unit's actual kind: a city's
// own figure is "cấp thành phố", a district's "cấp quận/huyện", never a
// fixed level (issue 13, item 6).
func scopeLabel(l, scope, kind string) string {
	if scope != oversight.ScopeUnit {
		return translate(l, "scope."+scope)
	}
	if text.Has("scope.level." + kind) {
		return translate(l, "scope.level."+kind)
	}
	return translate(l, "scope.unit")
}

// ScopeLabel is the figure's scope in words for the page (scopeLabel).
func (f figureView) ScopeLabel(l string) string { return scopeLabel(l, f.Scope, f.UnitKind) }

// ScopeOption names a scope offered in the add-figure form for the
// session's unit.
func (d sessionData) ScopeOption(l, scope string) string {
	return scopeLabel(l, scope, d.UnitKind)
}
