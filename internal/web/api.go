package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/xlsx"
)

func (s *Server) healthz(c *gin.Context) {
	if err := s.db.Ping(c.Request.Context()); err != nil {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "error": "database does not answer"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

type apiUnit struct {
	Code      string `json:"code"`
	Ref       string `json:"ref"` // names the unit alone: code, or code@YYYY-MM-DD where the code is reused
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	Parent    string `json:"parent"`     // the parent's code
	ParentRef string `json:"parent_ref"` // the parent's reference (its code may be reused)
	ValidFrom string `json:"valid_from"`
	ValidTo   string `json:"valid_to"`
	Official  bool   `json:"official_code"`
}

func isoDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// apiUnits lists every unit, or with ?on=YYYY-MM-DD the units in force
// that day; each carries its validity and a reference that names it alone.
func (s *Server) apiUnits(c *gin.Context) {
	var on *time.Time
	if q := c.Query("on"); q != "" {
		d, err := time.Parse(time.DateOnly, q)
		if err != nil {
			s.fail(c, &oversight.Error{Code: oversight.EInvalid, Field: "on",
				Key: "err.on_not_date_use", Args: []any{q}})
			return
		}
		on = &d
	}
	units, err := s.db.Units(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	byID := make(map[int64]oversight.Unit, len(units))
	for _, u := range units {
		byID[u.ID] = u
	}
	out := make([]apiUnit, 0, len(units))
	for _, u := range units {
		if on != nil && !u.InForce(*on) {
			continue
		}
		parentRef := u.ParentCode
		if p, ok := byID[u.ParentID]; ok {
			parentRef = p.Ref()
		}
		out = append(out, apiUnit{Code: u.Code, Ref: u.Ref(), Name: u.Name, Kind: u.Kind, Parent: u.ParentCode, ParentRef: parentRef,
			ValidFrom: isoDate(u.ValidFrom), ValidTo: isoDate(u.ValidTo), Official: u.Official})
	}
	res := gin.H{"units": out}
	if on != nil {
		res["on"] = on.Format(time.DateOnly)
	}
	c.JSON(http.StatusOK, res)
}

type apiMetric struct {
	Code   string `json:"code"`
	NameVI string `json:"name_vi"`
	NameEN string `json:"name_en"`
	Kind   string `json:"kind"`
	Agg    string `json:"aggregation"`
	Group  string `json:"group"`
	Weight string `json:"weight,omitempty"`
}

func (s *Server) apiMetrics(c *gin.Context) {
	out := make([]apiMetric, 0, len(oversight.Catalogue))
	for _, m := range oversight.Catalogue {
		out = append(out, apiMetric{m.Code, m.NameVI, m.NameEN, string(m.Kind), string(m.Agg), string(m.Group), m.Weight})
	}
	c.JSON(http.StatusOK, gin.H{"catalogue_version": oversight.CatalogueVersion, "metrics": out})
}

type apiValue struct {
	Unit      string  `json:"unit"`
	Metric    string  `json:"metric"`
	Period    string  `json:"period"`
	Value     float64 `json:"value"`
	Comment   string  `json:"comment,omitempty"`
	Source    string  `json:"source,omitempty"`
	EnteredBy string  `json:"entered_by,omitempty"`
	EnteredAt string  `json:"entered_at,omitempty"`
}

// subtreeByMonth is oversight.Monthly over a unit's subtree. For count
// metrics over every figure it reads the roll-ups, which hold exactly that
// (each month's sum of the values of the units that existed; a test checks
// the two agree on data with gaps) in a few rows instead of the whole
// subtree's figures; otherwise it runs the engine on the figures.
func (s *Server) subtreeByMonth(ctx context.Context, unitID int64, approved bool, span oversight.Span, metrics []string) (map[oversight.Month]oversight.Totals, error) {
	counts := !approved
	for _, code := range metrics {
		m, _ := oversight.MetricByCode(code)
		counts = counts && m.Kind == oversight.KindCount
	}
	if counts {
		by, err := s.db.SubtreeMonthly(ctx, []int64{unitID}, metrics, span)
		return by[unitID], err
	}
	f, err := s.figures(ctx, unitID, true, approved, span, metrics...)
	if err != nil {
		return nil, err
	}
	return f.Monthly(span), nil
}

// apiValues answers the figures of one unit, or with rollup=subtree its
// whole subtree's figure of each month by the one engine
// (oversight.AggregateIn), every figure or (figures=approved) approved
// ones only.
func (s *Server) apiValues(c *gin.Context) {
	ctx := c.Request.Context()
	code := c.Query("unit")
	if code == "" {
		s.fail(c, &oversight.Error{Code: oversight.EInvalid, Field: "unit",
			Key: "err.unit_parameter_unit_code"})
		return
	}
	var codes []string
	if m := strings.TrimSpace(c.Query("metrics")); m != "" {
		codes = strings.Split(m, ",")
		for i := range codes {
			codes[i] = strings.TrimSpace(codes[i])
		}
	}
	metrics, err := oversight.ParseMetricCodes(codes)
	if err != nil {
		s.fail(c, err)
		return
	}
	rollup := c.Query("rollup")
	if rollup != "" && rollup != "subtree" {
		s.fail(c, oversight.Errf(oversight.EInvalid, "err.rollup_takes_only_value"))
		return
	}
	u, span, err := s.unitSpanFromQuery(c, code)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []apiValue{}
	if rollup == "subtree" {
		names := make([]string, 0, len(metrics))
		want := map[string]bool{}
		for _, m := range metrics {
			names = append(names, m.Code)
			want[m.Code] = true
			if m.Weight != "" {
				names = append(names, m.Weight)
			}
		}
		approved, err := figuresApproved(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		byMonth, err := s.subtreeByMonth(ctx, u.ID, approved, span, names)
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, month := range oversight.SortedMonths(byMonth) {
			for _, m := range metrics {
				if v, ok := byMonth[month][m.Code]; ok && want[m.Code] {
					out = append(out, apiValue{Unit: u.Code, Metric: m.Code, Period: month.String(), Value: v})
				}
			}
		}
	} else {
		codes := make([]string, len(metrics))
		for i, m := range metrics {
			codes[i] = m.Code
		}
		vals, err := s.db.Values(ctx, u.ID, codes, span)
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, v := range vals {
			out = append(out, apiValue{Unit: v.UnitCode, Metric: v.Metric, Period: v.Month.String(), Value: v.Value,
				Comment: v.Comment, Source: v.Source, EnteredBy: v.EnteredBy, EnteredAt: v.EnteredAt})
		}
	}
	c.JSON(http.StatusOK, gin.H{"unit": u.Code, "from": span.From.String(), "to": span.To.String(), "rollup": rollup, "values": out})
}

type apiReporting struct {
	Unit     string `json:"unit"`
	Period   string `json:"period"`
	Expected int    `json:"expected"`
	Reported int    `json:"reported"`
}

// apiCompleteness answers the reporting completeness of a unit month by
// month: how many of the units expected to report under it did
// (sqlite.Completeness), for every figure or (figures=approved) approved
// ones only.
func (s *Server) apiCompleteness(c *gin.Context) {
	ctx := c.Request.Context()
	code := c.Query("unit")
	if code == "" {
		s.fail(c, &oversight.Error{Code: oversight.EInvalid, Field: "unit",
			Key: "err.unit_parameter_unit_code"})
		return
	}
	approved, err := figuresApproved(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	u, span, err := s.unitSpanFromQuery(c, code)
	if err != nil {
		s.fail(c, err)
		return
	}
	rs, err := s.db.Completeness(ctx, u.ID, approved, span)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]apiReporting, 0, len(rs))
	for _, r := range rs {
		out = append(out, apiReporting{Unit: u.Code, Period: r.Month.String(), Expected: r.Expected, Reported: r.Reported})
	}
	c.JSON(http.StatusOK, gin.H{"unit": u.Code, "from": span.From.String(), "to": span.To.String(), "figures": xlsx.FiguresName(approved), "completeness": out})
}

// unitSpanFromQuery resolves the unit code and the span (from, to) a read
// of the API asks for; the unit at the span's dates.
func (s *Server) unitSpanFromQuery(c *gin.Context, code string) (oversight.Unit, oversight.Span, error) {
	u, err := s.unitFromQuery(c, code)
	if err != nil {
		return u, oversight.Span{}, err
	}
	span, err := s.spanFromQuery(c.Request.Context(), u.ID, c.Query("from"), c.Query("to"))
	return u, span, err
}
