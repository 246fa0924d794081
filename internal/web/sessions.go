package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
)

func init() {
	registerRoutes(func(s *Server, g groups) {
		g.in.GET("/sessions", s.sessionsPage)
		g.in.GET("/sessions/:id", s.sessionPage)
		g.api.GET("/sessions", s.apiSessions)
		g.api.GET("/sessions/:id", s.apiSession)
	})
}

// figureView is a reported figure beside what the unit has recorded for
// the same span, so a delegate sees where the two differ.
type figureView struct {
	oversight.Figure
	Recorded    float64
	HasRecorded bool
	Differs     bool
}

type sessionData struct {
	Session   oversight.Session
	Figures   []figureView
	Today     time.Time
	UnitNames map[string]string // code -> name, for the co-units of recommendations
}

func (s *Server) sessionsPage(c *gin.Context) {
	ss, err := s.db.Sessions(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "sessions", translate(lang(c), "sessions.title"), ss)
}

func sessionID(c *gin.Context) (int64, error) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, oversight.Bilingual(oversight.ENotFound, "Không có buổi giám sát này.", "There is no such supervision session.")
	}
	return id, nil
}

func (s *Server) sessionPage(c *gin.Context) {
	ctx := c.Request.Context()
	id, err := sessionID(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	sess, err := s.db.Session(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	d := sessionData{Session: sess, Today: s.cfg.Now(), UnitNames: map[string]string{}}
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
	}
	for _, f := range sess.Figures {
		fv := figureView{Figure: f}
		if f.Scope != oversight.ScopeEachChild && f.ValueMax == nil {
			rec, ok, err := s.recordedFigure(c, f)
			if err != nil {
				s.fail(c, err)
				return
			}
			fv.Recorded, fv.HasRecorded = rec, ok
			fv.Differs = ok && rec != f.Value
		}
		d.Figures = append(d.Figures, fv)
	}
	s.render(c, http.StatusOK, "session", sess.Topic, d)
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
	kids, err := s.db.Children(ctx, f.UnitID)
	if err != nil {
		return 0, false, err
	}
	var pts []oversight.Point
	for _, k := range kids {
		p, err := s.db.Points(ctx, k.ID, true, []string{f.Metric, weightOf(f.Metric)}, f.Span)
		if err != nil {
			return 0, false, err
		}
		pts = append(pts, p...)
	}
	t := oversight.Aggregate(pts, f.Span)
	v, ok := t[f.Metric]
	return v, ok, nil
}

func weightOf(code string) string {
	m, _ := oversight.MetricByCode(code)
	if m.Weight == "" {
		return code
	}
	return m.Weight
}
