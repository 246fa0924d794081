package oversight

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Kinds of reported figure (Indicator.Kind).
const (
	IndCount   = "count"
	IndPercent = "percent"
	IndScore   = "score"
	IndRank    = "rank" // "3/63": third of 63
	IndMoney   = "money"
)

// IndicatorKinds lists the kinds a reported figure may be.
var IndicatorKinds = []string{IndCount, IndPercent, IndScore, IndRank, IndMoney}

// IndicatorFamilies are the national indices a reported figure may belong
// to, so they can be listed and charted over the years: the PAR Index
// (Ministry of Home Affairs), SIPAS (satisfaction survey), PAPI, PCI and
// the public-service index of Quyết định 766/QĐ-TTg.
var IndicatorFamilies = []string{"par_index", "sipas", "papi", "pci", "index766"}

// Period kinds of a reported figure.
var IndicatorPeriods = []string{"month", "quarter", "year"}

// ReportedFigure is a figure of any kind cited at a session: a label, the
// value as reported (ValueText, never rounded) and as a number, its kind,
// period, scope (a unit, or an organisation by name) and source. Metric
// links it to the catalogue when one matches.
type ReportedFigure struct {
	ID              int64
	SessionID       int64
	SessionDate     time.Time
	Label           string
	Family          string
	Kind            string
	ValueText       string
	Value           float64
	RankOf          int // N of a rank "3/63"
	PeriodKind      string
	Span            Span
	UnitID          int64
	UnitCode        string
	UnitName        string
	ScopeName       string
	Metric          string
	Source          string
	WithdrawnOn     *time.Time
	WithdrawnReason string
	// Recorded is cchc's own figure for the metric, unit and span, when
	// the indicator is linked to a metric and cchc has one.
	Recorded *float64
}

// Withdrawn reports whether the indicator was withdrawn.
func (i ReportedFigure) Withdrawn() bool { return i.WithdrawnOn != nil }

// Scope names what the figure is about: the unit, or the organisation.
func (i ReportedFigure) Scope() string {
	if i.UnitName != "" {
		return i.UnitName
	}
	return i.ScopeName
}

// PeriodLabel shows the period as a council report writes it: "2024",
// "Quý 3/2024", "05/2024".
func (i ReportedFigure) PeriodLabel() string {
	switch i.PeriodKind {
	case "year":
		return strconv.Itoa(i.Span.From.Year())
	case "quarter":
		return fmt.Sprintf("Quý %d/%d", (i.Span.From.MonthNum()-1)/3+1, i.Span.From.Year())
	}
	return i.Span.From.Label()
}

func indErr(field, key string, args ...any) error {
	return &Error{Code: EInvalid, Field: field, Key: key, Args: args}
}

var rankRE = regexp.MustCompile(`^\s*(\d+)\s*/\s*(\d+)\s*$`)

// ParseIndicatorValue reads a value as reported for its kind: a rank
// "3/63" (3 of 63), a percent "87,11%" or "87,11" (0–100), a score, a
// count (whole, ≥ 0) or an amount of money, in Vietnamese or plain
// notation. The number keeps every decimal typed.
func ParseIndicatorValue(kind, text string) (value float64, rankOf int, err error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0, 0, indErr("value", "err.value_as_reported_required")
	}
	switch kind {
	case IndRank:
		m := rankRE.FindStringSubmatch(text)
		if m == nil {
			return 0, 0, indErr("value", "err.rank_must_read_position", text)
		}
		pos, _ := strconv.Atoi(m[1])
		of, _ := strconv.Atoi(m[2])
		if pos < 1 || pos > of {
			return 0, 0, indErr("value", "err.rank_not_valid_position", text, of)
		}
		return float64(pos), of, nil
	case IndPercent:
		v, err := ParseNumber(strings.TrimSuffix(strings.TrimSpace(text), "%"))
		if err != nil || v < 0 || v > 100 {
			return 0, 0, indErr("value", "err.percent_must_number_from", text)
		}
		return v, 0, nil
	case IndCount, IndScore, IndMoney:
		v, err := ParseNumber(text)
		if err != nil || v < 0 {
			return 0, 0, indErr("value", "err.not_number_zero_or", text)
		}
		if kind == IndCount && v != math.Trunc(v) {
			return 0, 0, indErr("value", "err.count_must_whole_number", text)
		}
		return v, 0, nil
	}
	return 0, 0, indErr("kind", "err.not_kind_figure_count")
}

var quarterRE = regexp.MustCompile(`(?i)^\s*(?:q|quý|quy)\s*([1-4])\s*[/ -]\s*(\d{4})\s*$|^\s*(\d{4})\s*-?\s*q([1-4])\s*$`)

// ParseIndicatorPeriod reads a period of its kind: a year "2024", a
// quarter "Q3/2024", "quý 3/2024" or "2024-Q3", a month "05/2024" or
// "2024-05", and answers its span of months.
func ParseIndicatorPeriod(kind, text string) (Span, error) {
	text = strings.TrimSpace(text)
	bad := indErr("period", "err.period_not_valid_year", text)
	switch kind {
	case "year":
		y, err := strconv.Atoi(text)
		if err != nil || y < 1990 || y > 2100 {
			return Span{}, bad
		}
		return Span{From: NewMonth(y, 1), To: NewMonth(y, 12)}, nil
	case "quarter":
		m := quarterRE.FindStringSubmatch(text)
		if m == nil {
			return Span{}, bad
		}
		q, y := m[1], m[2]
		if q == "" {
			q, y = m[4], m[3]
		}
		qn, _ := strconv.Atoi(q)
		yn, _ := strconv.Atoi(y)
		return Span{From: NewMonth(yn, 3*qn-2), To: NewMonth(yn, 3*qn)}, nil
	case "month":
		if mo, err := ParseMonth(text); err == nil {
			return Span{From: mo, To: mo}, nil
		}
		var m, y int
		if _, err := fmt.Sscanf(text, "%d/%d", &m, &y); err == nil && m >= 1 && m <= 12 && y >= 1990 {
			return Span{From: NewMonth(y, m), To: NewMonth(y, m)}, nil
		}
		return Span{}, bad
	}
	return Span{}, indErr("period_kind", "err.not_kind_period_month")
}

// CheckIndicator checks what ParseIndicatorValue and ParseIndicatorPeriod
// do not: a label, a scope, a known family and metric.
func CheckIndicator(i ReportedFigure) map[string]error {
	errs := map[string]error{}
	if strings.TrimSpace(i.Label) == "" {
		errs["label"] = indErr("label", "err.label_as_reported_required")
	}
	if i.UnitCode == "" && strings.TrimSpace(i.ScopeName) == "" {
		errs["unit"] = indErr("unit", "err.give_unit_or_organisation")
	}
	if i.Family != "" && !contains(IndicatorFamilies, i.Family) {
		errs["family"] = indErr("family", "err.there_no_index", i.Family)
	}
	if i.Metric != "" {
		if _, ok := MetricByCode(i.Metric); !ok {
			errs["metric"] = indErr("metric", "err.there_no_metric_with", i.Metric)
		}
	}
	return errs
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// MatchMetric finds the catalogue metric whose name (Vietnamese or
// English, without diacritics) is the label, for an indicator typed
// without one; "" when none matches.
func MatchMetric(label string) string {
	l := Fold(strings.TrimSpace(label))
	for _, m := range Catalogue {
		if Fold(m.NameVI) == l || Fold(m.NameEN) == l {
			return m.Code
		}
	}
	return ""
}
