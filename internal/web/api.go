package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
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
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	Parent    string `json:"parent"`
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

func (s *Server) apiUnits(c *gin.Context) {
	units, err := s.db.Units(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]apiUnit, 0, len(units))
	for _, u := range units {
		out = append(out, apiUnit{Code: u.Code, Name: u.Name, Kind: u.Kind, Parent: u.ParentCode,
			ValidFrom: isoDate(u.ValidFrom), ValidTo: isoDate(u.ValidTo), Official: u.Official})
	}
	c.JSON(http.StatusOK, gin.H{"units": out})
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

// apiValues answers the figures of one unit, or with rollup=subtree the
// sums over its whole subtree per month, by each metric's rules.
func (s *Server) apiValues(c *gin.Context) {
	ctx := c.Request.Context()
	code := c.Query("unit")
	if code == "" {
		s.fail(c, &oversight.Error{Code: oversight.EInvalid, Field: "unit",
			Message: "Thiếu tham số unit (mã đơn vị).", MessageEN: "The unit parameter (a unit code) is required."})
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
		s.fail(c, oversight.Bilingual(oversight.EInvalid, "rollup chỉ nhận giá trị subtree.", "rollup takes only the value subtree."))
		return
	}
	u, err := s.db.UnitByCode(ctx, code)
	if err != nil {
		s.fail(c, err)
		return
	}
	span, err := s.spanFromQuery(ctx, u.ID, c.Query("from"), c.Query("to"))
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
		pts, err := s.db.Points(ctx, u.ID, true, names, span)
		if err != nil {
			s.fail(c, err)
			return
		}
		byMonth := oversight.RollupByMonth(pts)
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

type apiSessionSummary struct {
	ID        int64  `json:"id"`
	Date      string `json:"date"`
	Body      string `json:"body"`
	Leader    string `json:"leader"`
	Topic     string `json:"topic"`
	Unit      string `json:"unit"`
	UnitName  string `json:"unit_name"`
	From      string `json:"span_from"`
	To        string `json:"span_to"`
	Published bool   `json:"published"`
}

func summarize(ss oversight.Session) apiSessionSummary {
	return apiSessionSummary{ID: ss.ID, Date: ss.Date.Format(time.DateOnly), Body: ss.Body, Leader: ss.Leader, Topic: ss.Topic,
		Unit: ss.UnitCode, UnitName: ss.UnitName, From: ss.Span.From.String(), To: ss.Span.To.String(), Published: ss.Published}
}

func (s *Server) apiSessions(c *gin.Context) {
	ss, err := s.db.Sessions(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]apiSessionSummary, 0, len(ss))
	for _, x := range ss {
		out = append(out, summarize(x))
	}
	c.JSON(http.StatusOK, gin.H{"sessions": out})
}

type apiFigure struct {
	Metric   string   `json:"metric"`
	Unit     string   `json:"unit"`
	Scope    string   `json:"scope"`
	From     string   `json:"span_from"`
	To       string   `json:"span_to"`
	Value    float64  `json:"value"`
	ValueMax *float64 `json:"value_max,omitempty"`
	Verified bool     `json:"verified"`
	Note     string   `json:"note,omitempty"`
}

type apiFollowUp struct {
	Date   string `json:"date"`
	Text   string `json:"text"`
	Author string `json:"author,omitempty"`
}

type apiRec struct {
	ID          int64         `json:"id"`
	Seq         int           `json:"seq"`
	Content     string        `json:"content"`
	Lead        string        `json:"lead_unit"`
	CoUnits     []string      `json:"co_units"`
	Responsible string        `json:"responsible,omitempty"`
	Output      string        `json:"output,omitempty"`
	Deadline    string        `json:"deadline,omitempty"`
	Status      string        `json:"status"`
	StatusNote  string        `json:"status_note,omitempty"`
	VerifiedOn  string        `json:"verified_on,omitempty"`
	Overdue     bool          `json:"overdue"`
	FollowUps   []apiFollowUp `json:"follow_ups"`
}

func (s *Server) apiSession(c *gin.Context) {
	id, err := sessionID(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ss, err := s.db.Session(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	figs := make([]apiFigure, 0, len(ss.Figures))
	for _, f := range ss.Figures {
		figs = append(figs, apiFigure{f.Metric, f.UnitCode, f.Scope, f.Span.From.String(), f.Span.To.String(), f.Value, f.ValueMax, f.Verified, f.Note})
	}
	today := s.cfg.Now()
	recs := make([]apiRec, 0, len(ss.Recommendations))
	for _, r := range ss.Recommendations {
		fus := make([]apiFollowUp, 0, len(r.FollowUps))
		for _, f := range r.FollowUps {
			fus = append(fus, apiFollowUp{f.Date.Format(time.DateOnly), f.Text, f.Author})
		}
		co := r.CoUnits
		if co == nil {
			co = []string{}
		}
		recs = append(recs, apiRec{ID: r.ID, Seq: r.Seq, Content: r.Content, Lead: r.LeadCode, CoUnits: co, Responsible: r.Responsible,
			Output: r.Output, Deadline: isoDate(r.Deadline), Status: r.Status, StatusNote: r.StatusNote, VerifiedOn: isoDate(r.VerifiedOn),
			Overdue: r.Overdue(today), FollowUps: fus})
	}
	c.JSON(http.StatusOK, gin.H{
		"id": ss.ID, "date": ss.Date.Format(time.DateOnly), "body": ss.Body, "term": ss.Term, "leader": ss.Leader,
		"members": nonNil(ss.Members), "guests": nonNil(ss.Guests), "form": ss.Form, "topic": ss.Topic,
		"unit": ss.UnitCode, "unit_name": ss.UnitName, "span_from": ss.Span.From.String(), "span_to": ss.Span.To.String(),
		"summary": ss.Summary, "findings": ss.Findings, "discussion": nonNil(ss.Discussion), "conclusion": ss.Conclusion,
		"report_no": ss.ReportNo, "published": ss.Published, "source": ss.Source,
		"figures": figs, "recommendations": recs,
	})
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

type apiValueIn struct {
	Unit    string   `json:"unit"`
	Period  string   `json:"period"`
	Metric  string   `json:"metric"`
	Value   *float64 `json:"value"`
	Comment string   `json:"comment"`
}

type apiRowError struct {
	Row     int    `json:"row"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// maxBatch bounds one POST /api/v1/values.
const maxBatch = 50000

// apiPutValues stores a batch of figures, all or nothing. Every row is
// checked before anything is written; a refused batch answers 422 with an
// error for each refused row. Staff may write only in their unit's subtree.
func (s *Server) apiPutValues(c *gin.Context) {
	ctx := c.Request.Context()
	l := lang(c)
	var body struct {
		Values []apiValueIn `json:"values"`
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 16<<20)
	if err := c.ShouldBindJSON(&body); err != nil {
		s.fail(c, oversight.Bilingual(oversight.EInvalid,
			"Nội dung gửi lên không phải JSON hợp lệ dạng {\"values\": [{\"unit\", \"period\", \"metric\", \"value\", \"comment\"}]}.",
			"The body is not valid JSON of the form {\"values\": [{\"unit\", \"period\", \"metric\", \"value\", \"comment\"}]}."))
		return
	}
	if len(body.Values) == 0 || len(body.Values) > maxBatch {
		s.fail(c, oversight.Bilingual(oversight.EInvalid,
			fmt.Sprintf("Cần từ 1 đến %d giá trị trong một lần gửi.", maxBatch), fmt.Sprintf("Send between 1 and %d values at a time.", maxBatch)))
		return
	}
	user := currentUser(c)
	var rowErrs []apiRowError
	in := make([]sqlite.ValueInput, 0, len(body.Values))
	chains := map[string][]int64{}
	forbiddenUnits := map[string]bool{}
	for i, v := range body.Values {
		row := i + 1
		bad := func(field string, err error) {
			rowErrs = append(rowErrs, apiRowError{row, field, oversight.ErrorMessage(err, l)})
		}
		m, ok := oversight.MetricByCode(v.Metric)
		if !ok {
			bad("metric", oversight.Bilingual(oversight.EInvalid, fmt.Sprintf("Không có chỉ tiêu mã %q.", v.Metric), fmt.Sprintf("There is no metric with code %q.", v.Metric)))
		}
		month, err := oversight.ParseMonth(v.Period)
		if err != nil {
			bad("period", err)
		}
		if v.Value == nil {
			bad("value", oversight.Bilingual(oversight.EInvalid, "Thiếu giá trị.", "The value is missing."))
		} else if ok {
			if is := oversight.ValidateValue(m, *v.Value); is != nil {
				bad("value", oversight.Bilingual(oversight.EInvalid, is.Message, is.MessageEN))
			}
		}
		chain, seen := chains[v.Unit]
		if !seen {
			u, err := s.db.UnitByCode(ctx, v.Unit)
			if err == nil {
				chain, err = s.db.AncestorIDs(ctx, u.ID)
			}
			if err != nil && oversight.ErrorCode(err) == oversight.EInternal {
				s.fail(c, err)
				return
			}
			chains[v.Unit] = chain
		}
		if chain == nil {
			bad("unit", oversight.Bilingual(oversight.EInvalid, fmt.Sprintf("Không có đơn vị mã %q.", v.Unit), fmt.Sprintf("There is no unit with code %q.", v.Unit)))
		} else if !user.CanWriteValues(chain) {
			forbiddenUnits[v.Unit] = true
			bad("unit", oversight.Bilingual(oversight.EForbidden,
				fmt.Sprintf("Bạn không được nhập số liệu cho đơn vị %s.", v.Unit), fmt.Sprintf("You may not enter figures for unit %s.", v.Unit)))
		}
		if v.Value != nil {
			in = append(in, sqlite.ValueInput{UnitCode: v.Unit, Metric: v.Metric, Month: month, Value: *v.Value, Comment: v.Comment})
		}
	}
	if len(rowErrs) == 0 {
		// Rules that tie metrics together are checked per unit and month.
		rowErrs = append(rowErrs, crossChecks(body.Values, l)...)
	}
	if len(rowErrs) > 0 {
		status := http.StatusUnprocessableEntity
		if len(forbiddenUnits) > 0 {
			status = http.StatusForbidden
		}
		c.JSON(status, gin.H{"error": gin.H{"code": map[bool]string{true: oversight.EForbidden, false: oversight.EInvalid}[status == http.StatusForbidden],
			"message": pick(l, "Không lưu giá trị nào: lô số liệu có lỗi.", "Nothing was saved: the batch has errors."), "rows": rowErrs}})
		return
	}
	if err := s.db.PutValues(ctx, in, "api", actor(c)); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"saved": len(in)})
}

// crossChecks applies the domain's month rules to the rows of each unit
// and month in a batch and ties each issue back to a row.
func crossChecks(rows []apiValueIn, l string) []apiRowError {
	type key struct{ unit, period string }
	groups := map[key]map[string]float64{}
	rowOf := map[key]map[string]int{}
	var order []key
	for i, r := range rows {
		k := key{r.Unit, r.Period}
		if groups[k] == nil {
			groups[k] = map[string]float64{}
			rowOf[k] = map[string]int{}
			order = append(order, k)
		}
		groups[k][r.Metric] = *r.Value
		rowOf[k][r.Metric] = i + 1
	}
	var out []apiRowError
	for _, k := range order {
		for _, is := range oversight.ValidateMonth(groups[k]) {
			if is.Severity != oversight.SevError {
				continue
			}
			msg := is.Message
			if l == "en" {
				msg = is.MessageEN
			}
			out = append(out, apiRowError{Row: rowOf[k][is.Metric], Field: "value", Message: k.unit + " " + k.period + ": " + msg})
		}
	}
	return out
}
