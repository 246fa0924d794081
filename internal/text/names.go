package text

import (
	"errors"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
)

// MetricName returns the name of metric m in lang.
func MetricName(lang string, m oversight.Metric) string {
	if Lang(lang) == EN {
		return m.NameEN
	}
	return m.NameVI
}

// IndicatorName returns the name of indicator in in lang.
func IndicatorName(lang string, in oversight.Indicator) string {
	if Lang(lang) == EN {
		return in.NameEN
	}
	return in.NameVI
}

// ColumnName returns the name of column c of report r in lang.
func ColumnName(lang string, r *oversight.Report, c int) string {
	if m, in := r.Column(c); m != nil {
		return MetricName(lang, *m)
	} else {
		return IndicatorName(lang, *in)
	}
}

// Word returns the text of a word the domain names (a role, a status, a
// group: r.Key(), s.Key()) in lang.
func Word(lang string, w oversight.Word) string { return T(lang, string(w)) }

// UnitKind returns the name of a kind of unit in lang; a kind the
// catalogue lacks (brought by an import) shows as its code.
func UnitKind(lang, kind string) string { return orCode(lang, oversight.UnitKindKey(kind), kind) }

// RecStatus returns the name of a recommendation status in lang, or the
// status itself when the catalogue lacks it.
func RecStatus(lang, s string) string { return orCode(lang, oversight.RecStatusKey(s), s) }

func orCode(lang string, w oversight.Word, code string) string {
	if !Has(string(w)) {
		return code
	}
	return T(lang, string(w))
}

// Issue returns the message of a validation issue in lang.
func Issue(lang string, is oversight.Issue) string { return T(lang, is.Key, is.Args...) }

// BucketLabel names a bucket of an export in lang: "Quý 1/2019",
// "6 tháng đầu năm 2019", "Năm 2019", "10/2019"; a cut bucket adds its
// months.
func BucketLabel(lang string, b oversight.Bucket) string {
	y := b.Full.From.Year()
	var s string
	switch b.By {
	case oversight.ByQuarter:
		s = T(lang, "bucket.quarter", (b.Full.From.MonthNum()-1)/3+1, y)
	case oversight.ByHalf:
		key := "bucket.half1"
		if (b.Full.From.MonthNum()-1)/6 == 1 {
			key = "bucket.half2"
		}
		s = T(lang, key, y)
	case oversight.ByYear:
		s = T(lang, "bucket.year", y)
	default:
		return b.Span.From.Label()
	}
	if b.Span != b.Full {
		s += " (" + b.Span.Label() + ")"
	}
	return s
}

// BucketSheetName names the worksheet of a bucket in lang, in what a
// spreadsheet accepts as a sheet name (no '/', at most 31 characters):
// "Tháng 10-2019", "Quý 1-2019"; "Month 10-2019", "Q1-2019".
func BucketSheetName(lang string, b oversight.Bucket) string {
	y := b.Full.From.Year()
	switch b.By {
	case oversight.ByQuarter:
		return T(lang, "bucket.sheet.quarter", (b.Full.From.MonthNum()-1)/3+1, y)
	case oversight.ByHalf:
		return T(lang, "bucket.sheet.half", (b.Full.From.MonthNum()-1)/6+1, y)
	case oversight.ByYear:
		return T(lang, "bucket.sheet.year", y)
	}
	return T(lang, "bucket.sheet.month", b.Span.From.MonthNum(), y)
}

// LineErrors writes each problem of an imported file on its own line,
// "dòng 3: …", in lang; nil when err holds none.
func LineErrors(lang string, err error) []string {
	var le oversight.LineErrors
	if !errors.As(err, &le) {
		return nil
	}
	out := make([]string, len(le))
	for i, e := range le {
		out[i] = T(lang, "import.line", e.Line, e.Err)
	}
	return out
}

// joinLines is LineErrors as one message.
func joinLines(lines []string) string { return strings.Join(lines, "; ") }
