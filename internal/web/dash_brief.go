package web

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// briefFlag is one figure flagged as unusual in the briefing pack.
type briefFlag struct {
	What     string // the metric or indicator
	Unit     oversight.Unit
	Month    string // empty for a figure over the whole span
	Value    float64
	Percent  bool
	Lo, Hi   float64 // the usual range
	Against  string  // what it is compared with
	Severity string  // "low" or "high"
}

type briefData struct {
	dashboardData
	Flags   []briefFlag
	History oversight.Span
}

// briefHistoryMonths is how far back the unit's own history reaches when
// judging whether a month is unusual.
const briefHistoryMonths = 24

// dashBrief renders the printable briefing pack of a unit before a
// supervision visit: key figures with their change, unusual values and
// overdue recommendations, laid out for A4 by the print CSS.
func (s *Server) dashBrief(c *gin.Context) {
	ctx := c.Request.Context()
	l := lang(c)
	code := c.Query("unit")
	var u oversight.Unit
	var err error
	if code == "" {
		roots, rerr := s.db.Roots(ctx)
		if rerr != nil || len(roots) == 0 {
			s.fail(c, oversight.Errf(oversight.ENotFound, "err.no_units_yet"))
			return
		}
		u = roots[0]
	} else if u, err = s.unitFromQuery(c, code); err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.buildDashboard(c, u)
	if err != nil {
		s.fail(c, err)
		return
	}
	b := briefData{dashboardData: d}
	b.History = oversight.Span{From: d.Span.From.Add(-briefHistoryMonths), To: d.Span.From.Add(-1)}

	// Months of the span far outside the unit's own previous two years.
	whole := oversight.Span{From: b.History.From, To: d.Span.To}
	fig, err := s.figures(ctx, u.ID, true, d.Approved, whole, dashMetrics...)
	if err != nil {
		s.fail(c, err)
		return
	}
	mine := fig.Monthly(whole)
	series := func(code string, in oversight.Span) (vals []float64) {
		for _, m := range in.Months() {
			if v, ok := mine[m][code]; ok {
				vals = append(vals, v)
			}
		}
		return vals
	}
	for _, code := range []string{"dossiers_received", "dossiers_resolved", "staff_evaluated"} {
		hist := series(code, b.History)
		lo, hi, ok := oversight.Fences(hist)
		if !ok {
			continue
		}
		m, _ := oversight.MetricByCode(code)
		for _, mo := range d.Span.Months() {
			v, has := mine[mo][code]
			if has && (v < lo || v > hi) {
				b.Flags = append(b.Flags, briefFlag{What: text.MetricName(l, m), Unit: u, Month: mo.Label(), Value: v, Lo: lo, Hi: hi,
					Against: translate(l, "dash.brief_own_history"), Severity: severity(v, lo)})
			}
		}
	}
	// Children whose on-time rate is far from their siblings'.
	var rates []float64
	for _, ch := range d.Children {
		if ch.HasOnTime {
			rates = append(rates, ch.OnTime)
		}
	}
	if lo, hi, ok := oversight.Fences(rates); ok {
		for _, ch := range d.Children {
			if ch.HasOnTime && (ch.OnTime < lo || ch.OnTime > hi) {
				b.Flags = append(b.Flags, briefFlag{What: translate(l, "kpi.ontime"), Unit: ch.Unit, Value: ch.OnTime, Percent: true,
					Lo: lo, Hi: hi, Against: translate(l, "dash.brief_siblings"), Severity: severity(ch.OnTime, lo)})
			}
		}
	}
	s.render(c, http.StatusOK, "dashbrief", fmt.Sprintf("%s — %s", translate(l, "dash.brief_title"), u.Name), b)
}

func severity(v, lo float64) string {
	if v < lo {
		return "low"
	}
	return "high"
}
