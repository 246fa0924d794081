package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// What an export holds and how it is asked for: layout, format, separator,
// the approval statement, file names and the words of the "Thông tin" sheet.

// Layout is the shape of an export.
type Layout string

// Layouts: long is one row per unit × period × figure (tidy data for pandas
// and R); wide has units as rows and figures as columns, one sheet per period.
const (
	LayoutWide Layout = "wide"
	LayoutLong Layout = "long"
)

// Format is the file type of an export.
type Format string

// Formats.
const (
	FormatXLSX Format = "xlsx"
	FormatCSV  Format = "csv"
)

// ParseLayout reads wide or long; empty means wide.
func ParseLayout(s string) (Layout, error) {
	switch l := Layout(strings.TrimSpace(s)); l {
	case "":
		return LayoutWide, nil
	case LayoutWide, LayoutLong:
		return l, nil
	}
	return "", &oversight.Error{Code: oversight.EInvalid, Field: "layout",
		Key: "err.layout_not_valid_use", Args: []any{s}}
}

// ParseFormat reads xlsx or csv; empty means xlsx.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.TrimSpace(s)); f {
	case "":
		return FormatXLSX, nil
	case FormatXLSX, FormatCSV:
		return f, nil
	}
	return "", &oversight.Error{Code: oversight.EInvalid, Field: "format",
		Key: "err.format_not_valid_use", Args: []any{s}}
}

// ParseSep reads comma or semicolon (or the characters themselves); empty
// means comma.
func ParseSep(s string) (rune, error) {
	switch strings.TrimSpace(s) {
	case "", "comma", ",":
		return ',', nil
	case "semicolon", ";":
		return ';', nil
	}
	return 0, &oversight.Error{Code: oversight.EInvalid, Field: "sep",
		Key: "err.separator_not_valid_use", Args: []any{s}}
}

// MaxSheetRows is the most rows a worksheet holds (Excel's limit, less the
// header row).
const MaxSheetRows = 1048576 - 1

// Options describe an export besides its figures: what was asked for, and
// by whom, for the "Thông tin" sheet.
type Options struct {
	Root    oversight.Unit
	Subtree bool
	Span    oversight.Span
	By      oversight.Granularity
	Layout  Layout
	Format  Format
	Sep     rune
	MadeBy  string
	MadeAt  time.Time
	// Lang is the language of the sheet names, headings, kinds, periods
	// and figure names ("vi" or "en"; empty is Vietnamese). The figures,
	// the codes and the checksum are the same in every language.
	Lang string
	// Approval, when set, replaces the approval statement ApprovalText
	// makes from the three fields below.
	Approval string
	// ApprovedOnly is true when the file holds approved figures only.
	ApprovedOnly bool
	// ApprovedMonths counts the approved unit-months of the export's units
	// and span; PendingMonths those with figures not (yet) approved.
	ApprovedMonths, PendingMonths int
	// Reporting is the reporting completeness of the root unit, month by
	// month of the span (sqlite.Completeness, the code path of
	// GET /api/v1/completeness), listed at the end of the "Thông tin" sheet.
	Reporting []Reporting
	// Checksum and Rows are Checksum's results when the caller has them
	// already; WriteXLSX computes them when Checksum is empty.
	Checksum string
	Rows     int
}

// Reporting is how many of the units expected to report in a month did.
type Reporting struct {
	Month              oversight.Month
	Expected, Reported int
}

// ApprovalText states, in Vietnamese and English, which figures a file
// holds with regard to the entry workflow's approval, and how many
// unit-months of its units and span are approved or not.
func ApprovalText(o Options) string {
	if o.Approval != "" {
		return o.Approval
	}
	if o.ApprovedOnly {
		s := fmt.Sprintf("Chỉ số liệu đã duyệt: %d đơn vị-tháng đã duyệt được xuất; %d đơn vị-tháng có số liệu chưa duyệt không được xuất"+
			" / approved figures only: %d approved unit-months exported; %d unit-months with figures not yet approved left out",
			o.ApprovedMonths, o.PendingMonths, o.ApprovedMonths, o.PendingMonths)
		if o.ApprovedMonths == 0 {
			s += ". Chưa có tháng nào được duyệt: tệp không có số liệu / no month is approved: the file holds no figures"
		}
		return s
	}
	return fmt.Sprintf("Tất cả số liệu đã nhập, kể cả chưa duyệt: %d đơn vị-tháng đã duyệt, %d đơn vị-tháng có số liệu chưa duyệt"+
		" / every figure entered, approved or not: %d approved unit-months, %d unit-months with figures not yet approved",
		o.ApprovedMonths, o.PendingMonths, o.ApprovedMonths, o.PendingMonths)
}

// FiguresName names which figures an export holds in one word, "all" or
// "approved": in the file's "Thông tin" sheet, the X-Cchc-Figures header,
// the API's answers and the command's summary line.
func FiguresName(approvedOnly bool) string {
	if approvedOnly {
		return "approved"
	}
	return "all"
}

// Write writes the report in o.Format.
func Write(w io.Writer, r *oversight.Report, o Options) error {
	if o.Format == FormatCSV {
		return WriteCSV(w, r, o)
	}
	return WriteXLSX(w, r, o)
}

// FileName is the name an export is saved under, from what it holds:
// "cchc-268-cay-2019-01-2019-10-quarter-wide.xlsx".
func FileName(o Options) string {
	scope := text.T(o.Lang, "export.file.unit")
	if o.Subtree {
		scope = text.T(o.Lang, "export.file.subtree")
	}
	code := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, o.Root.Code)
	return fmt.Sprintf("cchc-%s-%s-%s-%s-%s-%s.%s", code, scope, o.Span.From, o.Span.To, o.By, o.Layout, o.Format)
}

// ContentType is the media type of a format.
func ContentType(f Format) string {
	if f == FormatCSV {
		return "text/csv; charset=utf-8"
	}
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

// byText, layoutText and metricKindText give the "Thông tin" sheet's values in
// Vietnamese with the code after, like its labels ("Quý / quarter"), so a
// Vietnamese reader finds no bare English word.
func byText(g oversight.Granularity) string {
	vi := map[oversight.Granularity]string{oversight.ByMonth: "Tháng", oversight.ByQuarter: "Quý", oversight.ByHalf: "6 tháng", oversight.ByYear: "Năm"}
	if s, ok := vi[g]; ok {
		return s + " / " + string(g)
	}
	return string(g)
}

func layoutText(l Layout) string {
	switch l {
	case LayoutWide:
		return "Ngang / wide"
	case LayoutLong:
		return "Dọc / long"
	}
	return string(l)
}

func metricKindText(k string) string {
	vi := map[string]string{"count": "số đếm", "percent": "tỷ lệ %", "flow": "cộng dồn", "stock": "lấy tháng gần nhất", "stock_start": "lấy tháng đầu kỳ"}
	if s, ok := vi[k]; ok {
		return s + " / " + k
	}
	return k
}
