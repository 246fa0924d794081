package oversight

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// Granularity is how a report cuts its span into periods.
type Granularity string

// Report granularities: the periods council reports use.
const (
	ByMonth   Granularity = "month"
	ByQuarter Granularity = "quarter"
	ByHalf    Granularity = "half"
	ByYear    Granularity = "year"
)

// ParseGranularity reads month, quarter, half or year; empty means month.
func ParseGranularity(s string) (Granularity, error) {
	switch g := Granularity(strings.TrimSpace(s)); g {
	case "":
		return ByMonth, nil
	case ByMonth, ByQuarter, ByHalf, ByYear:
		return g, nil
	}
	return "", &Error{Code: EInvalid, Field: "by",
		Key: "err.grouping_not_valid_use", Args: []any{s}}
}

// Bucket is one period of a report: a month, quarter, half-year or year,
// cut to the report's span when the span starts or ends inside it.
type Bucket struct {
	Span Span
	// Full is the whole calendar period the bucket belongs to; it differs
	// from Span when the report's span cuts it.
	Full Span
	By   Granularity
}

// Buckets cuts span s into periods of granularity g, using the calendar
// periods of Quarter, Half and Year; the first and last are cut to s.
func Buckets(s Span, g Granularity) []Bucket {
	var out []Bucket
	for m := s.From; m <= s.To; {
		var full Span
		switch g {
		case ByQuarter:
			full = Quarter(m.Year(), (m.MonthNum()-1)/3+1)
		case ByHalf:
			full = Half(m.Year(), (m.MonthNum()-1)/6+1)
		case ByYear:
			full = Year(m.Year())
		default:
			full = Span{From: m, To: m}
		}
		cut := full
		if cut.From < s.From {
			cut.From = s.From
		}
		if cut.To > s.To {
			cut.To = s.To
		}
		out = append(out, Bucket{Span: cut, Full: full, By: g})
		m = full.To.Add(1)
	}
	return out
}

// Indicator is a derived figure, computed from its counts and never
// entered or averaged: rates of a span come from the counts of the span,
// only where every count it needs was reported for the same unit and
// month (see AggregateIn).
type Indicator struct {
	Code   string
	NameVI string
	NameEN string
	// Needs are the metric codes it is computed from.
	Needs []string
	// Num and Den give its numerator and denominator from one unit-month's
	// figures; the indicator is 100 * sum(Num) / sum(Den).
	Num, Den func(get func(code string) float64) float64
}

// stock reports whether the indicator's counts are stocks (each unit's
// last month counts) rather than flows (every month counts).
func (in Indicator) stock() bool {
	m, _ := MetricByCode(in.Needs[0])
	return m.Agg != AggFlow
}

// Indicators are the derived indicators of DOMAIN.md, as percentages.
var Indicators = []Indicator{
	{"on_time_rate", "Tỷ lệ giải quyết đúng hạn", "On-time rate", []string{"dossiers_on_time", "dossiers_resolved"},
		func(v func(string) float64) float64 { return v("dossiers_on_time") },
		func(v func(string) float64) float64 { return v("dossiers_resolved") }},
	{"online_rate", "Tỷ lệ tiếp nhận trực tuyến", "Online rate", []string{"dossiers_received_online", "dossiers_received"},
		func(v func(string) float64) float64 { return v("dossiers_received_online") },
		func(v func(string) float64) float64 { return v("dossiers_received") }},
	{"staff_completed_or_above_rate", "Tỷ lệ CB, CC, VC hoàn thành nhiệm vụ trở lên", "Share of staff completed or above",
		[]string{"staff_evaluated", "staff_not_completed"},
		func(v func(string) float64) float64 { return v("staff_evaluated") - v("staff_not_completed") },
		func(v func(string) float64) float64 { return v("staff_evaluated") }},
}

// IndicatorsFor returns the indicators whose counts are all among metrics,
// so a report shows a rate only beside the figures it comes from.
func IndicatorsFor(metrics []Metric) []Indicator {
	have := map[string]bool{}
	for _, m := range metrics {
		have[m.Code] = true
	}
	var out []Indicator
	for _, in := range Indicators {
		ok := true
		for _, n := range in.Needs {
			ok = ok && have[n]
		}
		if ok {
			out = append(out, in)
		}
	}
	return out
}

// Report is a table of figures ready for export: for each unit and each
// period, the selected metrics aggregated by their rules and the derived
// indicators computed from them, plus the total over all the units.
type Report struct {
	Units      []Unit
	Buckets    []Bucket
	Metrics    []Metric
	Indicators []Indicator
	cells      []float64 // [unit][bucket][column]; NaN means nothing recorded
	totals     []float64 // [bucket][column]
}

// NewReport makes an empty report table (every cell "nothing recorded").
func NewReport(units []Unit, buckets []Bucket, metrics []Metric) *Report {
	r := &Report{Units: units, Buckets: buckets, Metrics: metrics, Indicators: IndicatorsFor(metrics)}
	r.cells = make([]float64, len(units)*len(buckets)*r.Columns())
	r.totals = make([]float64, len(buckets)*r.Columns())
	for i := range r.cells {
		r.cells[i] = math.NaN()
	}
	for i := range r.totals {
		r.totals[i] = math.NaN()
	}
	return r
}

// Columns is the number of figures per unit and period: the metrics, then
// the indicators.
func (r *Report) Columns() int { return len(r.Metrics) + len(r.Indicators) }

// ColumnCode returns the code of column c (a metric or an indicator).
func (r *Report) ColumnCode(c int) string {
	if c < len(r.Metrics) {
		return r.Metrics[c].Code
	}
	return r.Indicators[c-len(r.Metrics)].Code
}

// Column returns the metric or the indicator of column c (one of the two
// is nil).
func (r *Report) Column(c int) (*Metric, *Indicator) {
	if c < len(r.Metrics) {
		return &r.Metrics[c], nil
	}
	return nil, &r.Indicators[c-len(r.Metrics)]
}

// ColumnIsPercent reports whether column c holds a percentage (0-100).
func (r *Report) ColumnIsPercent(c int) bool {
	return c >= len(r.Metrics) || r.Metrics[c].Kind == KindPercent
}

// Value returns the figure of unit u, bucket b, column c; ok is false when
// nothing is recorded.
func (r *Report) Value(u, b, c int) (float64, bool) {
	v := r.cells[(u*len(r.Buckets)+b)*r.Columns()+c]
	return v, !math.IsNaN(v)
}

// Total returns the figure of all units together for bucket b, column c.
func (r *Report) Total(b, c int) (float64, bool) {
	v := r.totals[b*r.Columns()+c]
	return v, !math.IsNaN(v)
}

// SetBucket fills bucket b from the monthly figures of the report's units
// (each point's Unit is the id of one of Units; others are ignored):
// each unit's row and the total over all of them are AggregateIn over the
// bucket's span, the same engine and rules as every other reader's. It
// reorders points (and drops those of other units) in place.
func (r *Report) SetBucket(b int, points []Point, existed Existence) {
	idx := make(map[int64]int, len(r.Units))
	for i, u := range r.Units {
		idx[u.ID] = i
	}
	n := 0
	for _, p := range points {
		if _, ok := idx[p.Unit]; ok {
			points[n] = p
			n++
		}
	}
	points = points[:n]
	slices.SortFunc(points, func(x, y Point) int { return cmp.Compare(x.Unit, y.Unit) })
	span := r.Buckets[b].Span
	var a aggregator
	for i := 0; i < len(points); {
		j := i
		for j < len(points) && points[j].Unit == points[i].Unit {
			j++
		}
		u := idx[points[i].Unit]
		r.fill(r.cells[(u*len(r.Buckets)+b)*r.Columns():], a.run(points[i:j], span, existed))
		i = j
	}
	r.fill(r.totals[b*r.Columns():], a.run(points, span, existed))
}

func (r *Report) fill(dst []float64, t Totals) {
	for c := range r.Columns() {
		if v, ok := t[r.ColumnCode(c)]; ok {
			dst[c] = v
		}
	}
}
