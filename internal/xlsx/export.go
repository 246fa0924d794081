package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
)

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
		Message:   fmt.Sprintf("Bố cục %q không hợp lệ: dùng wide hoặc long.", s),
		MessageEN: fmt.Sprintf("Layout %q is not valid: use wide or long.", s)}
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
		Message:   fmt.Sprintf("Định dạng %q không hợp lệ: dùng xlsx hoặc csv.", s),
		MessageEN: fmt.Sprintf("Format %q is not valid: use xlsx or csv.", s)}
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
		Message:   fmt.Sprintf("Dấu phân cách %q không hợp lệ: dùng comma hoặc semicolon.", s),
		MessageEN: fmt.Sprintf("Separator %q is not valid: use comma or semicolon.", s)}
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
	// Approval, when set, replaces the approval statement ApprovalText
	// makes from the three fields below.
	Approval string
	// ApprovedOnly is true when the file holds approved figures only.
	ApprovedOnly bool
	// ApprovedMonths counts the approved unit-months of the export's units
	// and span; PendingMonths those with figures not (yet) approved.
	ApprovedMonths, PendingMonths int
	// Checksum and Rows are Checksum's results when the caller has them
	// already; WriteXLSX computes them when Checksum is empty.
	Checksum string
	Rows     int
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

// figuresChoice names the choice in one word, for readers of the file.
func figuresChoice(o Options) string {
	if o.ApprovedOnly {
		return "approved"
	}
	return "all"
}

// Neutralize makes a text safe to put into a spreadsheet cell: a text that
// begins with =, +, -, @, a tab or a carriage return, or with a full-width
// or small look-alike of those signs (which some spreadsheet programs and
// input methods turn into the real ones), would be run as a formula by
// some programs (CSV into Excel or LibreOffice, or a cell edited later),
// so it gets a leading apostrophe, which shows the text as typed. Numbers
// are never passed through here: they stay numbers.
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫', '−':
		return "'" + s
	}
	return s
}

// scope values of the long layout and of CSV rows.
const (
	scopeUnit  = "unit"  // the unit's own figures
	scopeTotal = "total" // all the exported units together
)

// rowsOf calls fn for every data row of the report in the long order
// (units, then the totals, each by period then column), skipping empty
// cells. unit is -1 for the totals.
func rowsOf(r *oversight.Report, fn func(unit, bucket, col int, v float64) error) error {
	for i := 0; i <= len(r.Units); i++ {
		u := i
		if i == len(r.Units) {
			u = -1
		}
		for b := range r.Buckets {
			for c := 0; c < r.Columns(); c++ {
				var v float64
				var ok bool
				if u < 0 {
					v, ok = r.Total(b, c)
				} else {
					v, ok = r.Value(u, b, c)
				}
				if ok {
					if err := fn(u, b, c, v); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// ChecksumRule tells how Checksum is computed, so anyone can check a file.
const ChecksumRule = "SHA-256 (hex) of one line per data row, in the order units then total, period, figure: " +
	"scope TAB unit code (empty for the total) TAB from YYYY-MM TAB to YYYY-MM TAB figure code TAB value (Go 'g' format, percents 0-100) LF"

// Checksum returns the SHA-256 of the report's data rows (see ChecksumRule)
// and how many rows there are. It depends on the figures only, not on the
// layout or format, so a wide and a long file of the same data agree.
func Checksum(r *oversight.Report) (string, int) {
	h := sha256.New()
	w := bufio.NewWriterSize(h, 64<<10)
	spans := make([]string, len(r.Buckets))
	for b, bk := range r.Buckets {
		spans[b] = bk.Span.From.String() + "\t" + bk.Span.To.String() + "\t"
	}
	n := 0
	var num []byte
	_ = rowsOf(r, func(u, b, c int, v float64) error {
		if u >= 0 {
			w.WriteString(scopeUnit + "\t" + r.Units[u].Code + "\t")
		} else {
			w.WriteString(scopeTotal + "\t\t")
		}
		w.WriteString(spans[b])
		w.WriteString(r.ColumnCode(c))
		w.WriteByte('\t')
		num = strconv.AppendFloat(num[:0], v, 'g', -1, 64)
		w.Write(num)
		w.WriteByte('\n')
		n++
		return nil
	})
	w.Flush()
	return hex.EncodeToString(h.Sum(nil)), n
}

// cellValue is a figure as a spreadsheet stores it: percents as fractions
// (shown as 0.0%), counts as they are.
func cellValue(r *oversight.Report, c int, v float64) float64 {
	if r.ColumnIsPercent(c) {
		return v / 100
	}
	return v
}

// WriteCSV writes the report as CSV: UTF-8 with a byte-order mark (so
// Excel reads Vietnamese correctly), header row of stable codes, dates as
// YYYY-MM-DD, percents from 0 to 100 as the API gives them (a CSV has no
// cell format to show a fraction as a percent). With the semicolon separator decimals
// take a comma, as spreadsheet programs set to Vietnamese expect.
func WriteCSV(w io.Writer, r *oversight.Report, o Options) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString("\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	if o.Sep != 0 {
		cw.Comma = o.Sep
	}
	num := func(v float64) string {
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if cw.Comma == ';' {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	unitCells := func(u int) []string {
		if u < 0 {
			return []string{scopeTotal, Neutralize(o.Root.Code), Neutralize(o.Root.Name), ""}
		}
		un := r.Units[u]
		return []string{scopeUnit, Neutralize(un.Code), Neutralize(un.Name), Neutralize(un.Kind)}
	}
	if o.Layout == LayoutLong {
		if err := cw.Write([]string{"scope", "unit_code", "unit_name", "unit_kind", "period", "from", "to", "metric", "metric_name", "value"}); err != nil {
			return err
		}
		err := rowsOf(r, func(u, b, c int, v float64) error {
			bk := r.Buckets[b]
			rec := append(unitCells(u), bk.Label("vi"), bk.Span.From.FirstDay().Format(time.DateOnly), bk.Span.To.LastDay().Format(time.DateOnly),
				r.ColumnCode(c), r.ColumnName(c, "vi"), num(v))
			return cw.Write(rec)
		})
		if err != nil {
			return err
		}
	} else {
		head := []string{"scope", "unit_code", "unit_name", "unit_kind", "period", "from", "to"}
		for c := 0; c < r.Columns(); c++ {
			head = append(head, r.ColumnCode(c))
		}
		if err := cw.Write(head); err != nil {
			return err
		}
		for b, bk := range r.Buckets {
			for u := 0; u <= len(r.Units); u++ {
				ui := u
				if u == len(r.Units) {
					ui = -1 // the totals row last, as in the workbook
				}
				rec := append(unitCells(ui), bk.Label("vi"), bk.Span.From.FirstDay().Format(time.DateOnly), bk.Span.To.LastDay().Format(time.DateOnly))
				for c := 0; c < r.Columns(); c++ {
					var v float64
					var ok bool
					if ui < 0 {
						v, ok = r.Total(b, c)
					} else {
						v, ok = r.Value(ui, b, c)
					}
					if ok {
						rec = append(rec, num(v))
					} else {
						rec = append(rec, "")
					}
				}
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// Sheet names of a workbook export.
const (
	SheetSummary = "Tổng hợp"
	SheetInfo    = "Thông tin"
	SheetLong    = "Dữ liệu"
)

// styles are the cell styles of a workbook export.
type styles struct {
	title, header, text, count, pct, date, datetime, totalText, totalCount, totalPct int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	pct := "0.0%"
	dmy := "dd/mm/yyyy"
	dmyhm := "dd/mm/yyyy hh:mm"
	border := []excelize.Border{{Type: "bottom", Color: "999999", Style: 1}}
	defs := []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}}},
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE7F0"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}, Border: border}},
		{&s.text, excelize.Style{}},
		{&s.count, excelize.Style{NumFmt: 3}}, // #,##0
		{&s.pct, excelize.Style{CustomNumFmt: &pct}},
		{&s.date, excelize.Style{CustomNumFmt: &dmy}},
		{&s.datetime, excelize.Style{CustomNumFmt: &dmyhm}},
		{&s.totalText, excelize.Style{Font: &excelize.Font{Bold: true}, Border: []excelize.Border{{Type: "top", Color: "333333", Style: 1}}}},
		{&s.totalCount, excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 3, Border: []excelize.Border{{Type: "top", Color: "333333", Style: 1}}}},
		{&s.totalPct, excelize.Style{Font: &excelize.Font{Bold: true}, CustomNumFmt: &pct, Border: []excelize.Border{{Type: "top", Color: "333333", Style: 1}}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(&d.st)
		if err != nil {
			return s, err
		}
		*d.dst = id
	}
	return s, nil
}

// textWidth is a column width that fits s (Excel widths count characters).
func textWidth(s string) float64 { return float64(utf8.RuneCountInString(s)) + 2 }

// headerWidth fits a wrapped header: its longest word, and at least a
// third of the whole so it wraps to three lines at most.
func headerWidth(s string) float64 {
	w := 0.0
	for _, word := range strings.Fields(s) {
		w = max(w, textWidth(word))
	}
	return min(max(w, textWidth(s)/3+2, 10), 40)
}

// numberWidth fits v shown with thousands separators (or as 0.0%).
func numberWidth(v float64, pct bool) float64 {
	if pct {
		return 8
	}
	digits := len(strconv.FormatFloat(max(v, -v), 'f', 0, 64))
	return float64(digits+digits/3) + 3
}

// Check tells whether the report fits the file asked for: a long layout
// in a workbook has one row per figure, and a worksheet holds at most
// MaxSheetRows of them.
func Check(r *oversight.Report, o Options) error {
	if o.Format == FormatCSV || o.Layout != LayoutLong {
		return nil
	}
	rows := 0
	_ = rowsOf(r, func(int, int, int, float64) error { rows++; return nil })
	if rows > MaxSheetRows {
		return &oversight.Error{Code: oversight.EInvalid, Field: "layout",
			Message:   fmt.Sprintf("Bố cục dọc có %d dòng, quá giới hạn %d dòng của một trang tính: chọn CSV, bố cục ngang hoặc ít đơn vị, chỉ tiêu hơn.", rows, MaxSheetRows),
			MessageEN: fmt.Sprintf("The long layout has %d rows, more than a worksheet's %d: choose CSV, the wide layout, or fewer units or metrics.", rows, MaxSheetRows)}
	}
	return nil
}

// WriteXLSX writes the report as a workbook: a summary sheet with the
// totals by period and a native chart, the data (one sheet per period for
// the wide layout, one "Dữ liệu" sheet for the long one, both streamed),
// and a "Thông tin" sheet saying what the file holds.
func WriteXLSX(w io.Writer, r *oversight.Report, o Options) error {
	if err := Check(r, o); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	if err := writeSummary(f, st, r, o); err != nil {
		return fmt.Errorf("summary sheet: %w", err)
	}
	if o.Layout == LayoutLong {
		err = writeLong(f, st, r)
	} else {
		err = writeWide(f, st, r, o)
	}
	if err != nil {
		return err
	}
	if err := writeInfo(f, st, r, o); err != nil {
		return fmt.Errorf("info sheet: %w", err)
	}
	// The summary, created first, is the active sheet already; calling
	// SetActiveSheet would read every streamed sheet back into memory.
	if o.Layout == LayoutLong {
		return f.Write(w)
	}
	var skeleton bytes.Buffer
	if err := f.Write(&skeleton); err != nil {
		return err
	}
	return spliceRows(w, skeleton.Bytes(), r, o, st)
}

// writeSummary fills the summary sheet with the totals of every period
// and adds a column chart of the first count. It is written cell by cell
// (it is small) and the chart is added to it, never to a streamed sheet:
// excelize drops a chart added to a streamed sheet after Flush.
func writeSummary(f *excelize.File, st styles, r *oversight.Report, o Options) error {
	sh := SheetSummary
	scope := "chỉ riêng đơn vị"
	if o.Subtree {
		scope = "đơn vị và các đơn vị trực thuộc"
	}
	if err := f.SetCellValue(sh, "A1", Neutralize(fmt.Sprintf("%s (%s) — %s, %s", o.Root.Name, o.Root.Code, o.Span.Label(), scope))); err != nil {
		return err
	}
	_ = f.SetCellStyle(sh, "A1", "A1", st.title)
	// Which figures the totals below are made of, where nobody misses it.
	if err := f.SetCellValue(sh, "A2", ApprovalText(o)); err != nil {
		return err
	}
	head := []any{"Kỳ", "Từ ngày", "Đến ngày"}
	widths := []float64{textWidth("Kỳ"), 12, 12}
	for c := 0; c < r.Columns(); c++ {
		head = append(head, r.ColumnName(c, "vi"))
		widths = append(widths, headerWidth(r.ColumnName(c, "vi")))
	}
	if err := f.SetSheetRow(sh, "A3", &head); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(head), 3)
	_ = f.SetCellStyle(sh, "A3", last, st.header)
	for b, bk := range r.Buckets {
		row := 4 + b
		label := bk.Label("vi")
		widths[0] = max(widths[0], textWidth(label))
		cells := []any{Neutralize(label), bk.Span.From.FirstDay(), bk.Span.To.LastDay()}
		for c := 0; c < r.Columns(); c++ {
			if v, ok := r.Total(b, c); ok {
				cells = append(cells, cellValue(r, c, v))
				widths[3+c] = max(widths[3+c], numberWidth(v, r.ColumnIsPercent(c)))
			} else {
				cells = append(cells, nil)
			}
		}
		a, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(sh, a, &cells); err != nil {
			return err
		}
		b2, _ := excelize.CoordinatesToCellName(2, row)
		c3, _ := excelize.CoordinatesToCellName(3, row)
		_ = f.SetCellStyle(sh, b2, c3, st.date)
		for c := 0; c < r.Columns(); c++ {
			cell, _ := excelize.CoordinatesToCellName(4+c, row)
			style := st.count
			if r.ColumnIsPercent(c) {
				style = st.pct
			}
			_ = f.SetCellStyle(sh, cell, cell, style)
		}
	}
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sh, col, col, wd); err != nil {
			return err
		}
	}
	lastRow := 3 + len(r.Buckets)
	lastCell, _ := excelize.CoordinatesToCellName(len(head), lastRow)
	if err := f.AutoFilter(sh, "A3:"+lastCell, nil); err != nil {
		return err
	}
	// excelize leaves the declared range at A1; readers that trust it
	// (openpyxl's read-only mode) would read one cell.
	if err := f.SetSheetDimension(sh, "A1:"+lastCell); err != nil {
		return err
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 3, TopLeftCell: "B4", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	// The chart shows the first count that has figures: dossiers received
	// when it is exported, as on the dashboard.
	chartCol := -1
	for c, m := range r.Metrics {
		if m.Code == "dossiers_received" {
			chartCol = c
			break
		}
	}
	if chartCol < 0 {
		for c := range r.Metrics {
			if !r.ColumnIsPercent(c) {
				chartCol = c
				break
			}
		}
	}
	if chartCol < 0 || len(r.Buckets) == 0 {
		return nil
	}
	colName, _ := excelize.ColumnNumberToName(4 + chartCol)
	ref := "'" + sh + "'!"
	anchor, _ := excelize.CoordinatesToCellName(1, lastRow+3)
	return f.AddChart(sh, anchor, &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name:       ref + "$" + colName + "$3",
			Categories: fmt.Sprintf("%s$A$4:$A$%d", ref, lastRow),
			Values:     fmt.Sprintf("%s$%s$4:$%s$%d", ref, colName, colName, lastRow),
		}},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: Neutralize(r.ColumnName(chartCol, "vi") + " — " + o.Root.Name)}}},
		Legend: excelize.ChartLegend{Position: "none"},
		Dimension: excelize.ChartDimension{
			Width: 720, Height: 360,
		},
	})
}

// unitWidths fits the code, name and kind columns to the units listed.
func unitWidths(r *oversight.Report, o Options) (code, name, kind float64) {
	code, name, kind = textWidth("Mã đơn vị"), textWidth("Tổng cộng"), textWidth("Loại")
	for _, u := range r.Units {
		code = max(code, textWidth(Neutralize(u.Code)))
		name = max(name, textWidth(Neutralize(u.Name)))
		kind = max(kind, textWidth(oversight.UnitKindName(u.Kind, "vi")))
	}
	return code, min(name, 60), kind
}

// writeWide streams one sheet per period: units as rows, figures as
// columns, a totals row last (outside the filter, so sorting keeps it
// there), the header rows and the unit columns frozen.
func writeWide(f *excelize.File, st styles, r *oversight.Report, o Options) error {
	codeW, nameW, kindW := unitWidths(r, o)
	colW := make([]float64, r.Columns())
	for c := range colW {
		colW[c] = headerWidth(r.ColumnName(c, "vi"))
		for b := range r.Buckets {
			if v, ok := r.Total(b, c); ok {
				colW[c] = max(colW[c], numberWidth(v, r.ColumnIsPercent(c)))
			}
		}
	}
	nCols := 3 + r.Columns()
	used := map[string]bool{}
	for b, bk := range r.Buckets {
		name := bk.SheetName()
		for i := 2; used[name]; i++ {
			name = fmt.Sprintf("%s (%d)", bk.SheetName(), i)
		}
		used[name] = true
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		for i, wd := range append([]float64{codeW, nameW, kindW}, colW...) {
			if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: 2, TopLeftCell: "C3", ActivePane: "bottomRight"}); err != nil {
			return err
		}
		title := Neutralize(fmt.Sprintf("%s — %s (%s)", o.Root.Name, bk.Label("vi"), bk.Span.Label()))
		if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: title}}); err != nil {
			return err
		}
		head := []any{excelize.Cell{StyleID: st.header, Value: "Mã đơn vị"}, excelize.Cell{StyleID: st.header, Value: "Đơn vị"},
			excelize.Cell{StyleID: st.header, Value: "Loại"}}
		for c := 0; c < r.Columns(); c++ {
			head = append(head, excelize.Cell{StyleID: st.header, Value: r.ColumnName(c, "vi")})
		}
		if err := sw.SetRow("A2", head); err != nil {
			return err
		}
		// The unit rows and the totals row are spliced in for this marker
		// row when the zip is written (see spliceRows): excelize would keep
		// every sheet's rows in memory until the end.
		if err := sw.SetRow("A3", []any{fmt.Sprintf("%s%d%s", rowsMarker, b, rowsMarkerEnd)}); err != nil {
			return err
		}
		lastData := 2 + len(r.Units)
		// The filter is set on the sheet before Flush, which writes it out
		// with the sheet; set after Flush it would be lost like a chart.
		lastCell, _ := excelize.CoordinatesToCellName(nCols, lastData)
		if err := f.AutoFilter(name, "A2:"+lastCell, nil); err != nil {
			return err
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// writeLong streams the long layout: one row per unit × period × figure.
func writeLong(f *excelize.File, st styles, r *oversight.Report) error {
	sh := SheetLong
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	// The stream writes the declared range first: count the rows now, so
	// readers that trust it (openpyxl's read-only mode) read them all.
	rows := 1
	_ = rowsOf(r, func(int, int, int, float64) error { rows++; return nil })
	dim, _ := excelize.CoordinatesToCellName(10, rows)
	if err := f.SetSheetDimension(sh, "A1:"+dim); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	codeW, nameW, kindW := unitWidths(r, Options{})
	periodW, metricW := textWidth("Kỳ"), textWidth("Chỉ tiêu")
	for _, bk := range r.Buckets {
		periodW = max(periodW, textWidth(bk.Label("vi")))
	}
	for c := 0; c < r.Columns(); c++ {
		metricW = max(metricW, textWidth(r.ColumnName(c, "vi")))
	}
	widths := []float64{textWidth("Phạm vi"), codeW, nameW, kindW, periodW, 12, 12, textWidth("staff_completed_or_above_rate"), min(metricW, 50), 14}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := []string{"Phạm vi", "Mã đơn vị", "Đơn vị", "Loại", "Kỳ", "Từ ngày", "Đến ngày", "Mã chỉ tiêu", "Chỉ tiêu", "Giá trị"}
	hrow := make([]any, len(head))
	for i, h := range head {
		hrow[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", hrow); err != nil {
		return err
	}
	// Texts repeated on every row are neutralised and boxed once.
	type unitText struct{ scope, code, name, kind any }
	units := make([]unitText, len(r.Units))
	for i, u := range r.Units {
		units[i] = unitText{scopeUnit, Neutralize(u.Code), Neutralize(u.Name), Neutralize(u.Kind)}
	}
	total := unitText{scopeTotal, Neutralize(r.Units[0].Code), "Tổng cộng", ""}
	n := 1
	row := make([]any, len(head))
	err = rowsOf(r, func(u, b, c int, v float64) error {
		t := total
		if u >= 0 {
			t = units[u]
		}
		bk := r.Buckets[b]
		style := st.count
		if r.ColumnIsPercent(c) {
			style = st.pct
		}
		row[0], row[1], row[2], row[3] = t.scope, t.code, t.name, t.kind
		row[4] = bk.Label("vi")
		row[5] = excelize.Cell{StyleID: st.date, Value: bk.Span.From.FirstDay()}
		row[6] = excelize.Cell{StyleID: st.date, Value: bk.Span.To.LastDay()}
		row[7] = r.ColumnCode(c)
		row[8] = r.ColumnName(c, "vi")
		row[9] = excelize.Cell{StyleID: style, Value: cellValue(r, c, v)}
		n++
		cell, _ := excelize.CoordinatesToCellName(1, n)
		return sw.SetRow(cell, row)
	})
	if err != nil {
		return err
	}
	lastCell, _ := excelize.CoordinatesToCellName(len(head), max(n, 2))
	if err := f.AutoFilter(sh, "A1:"+lastCell, nil); err != nil {
		return err
	}
	return sw.Flush()
}

// writeInfo writes the "Thông tin" sheet: the filters, the approval state,
// who made the file and when, the catalogue version, the checksum of the
// data rows, and the catalogue of the figures exported.
func writeInfo(f *excelize.File, st styles, r *oversight.Report, o Options) error {
	sh := SheetInfo
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	sum, rows := o.Checksum, o.Rows
	if sum == "" {
		sum, rows = Checksum(r)
	}
	scope := "Chỉ riêng đơn vị / the unit only"
	if o.Subtree {
		scope = "Đơn vị và các đơn vị trực thuộc / the unit and its subtree"
	}
	codes := make([]string, 0, len(r.Metrics))
	for _, m := range r.Metrics {
		codes = append(codes, m.Code)
	}
	approval := ApprovalText(o)
	madeAt := o.MadeAt
	if madeAt.IsZero() {
		madeAt = time.Now()
	}
	kv := [][2]any{
		{"Nội dung / contents", "Số liệu CCHC xuất từ cchc / administrative reform figures exported from cchc"},
		{"Đơn vị / unit", Neutralize(o.Root.Code + " — " + o.Root.Name)},
		{"Phạm vi / scope", scope},
		{"Từ ngày / from", o.Span.From.FirstDay()},
		{"Đến ngày / to", o.Span.To.LastDay()},
		{"Gộp theo / by", byText(o.By)},
		{"Chỉ tiêu / metrics", strings.Join(codes, ", ")},
		{"Bố cục / layout", layoutText(o.Layout)},
		{"Trạng thái phê duyệt / approval", approval},
		{"Quy tắc tổng hợp / aggregation", "Chỉ tiêu lưu lượng cộng dồn; chỉ tiêu tồn lấy giá trị báo cáo gần nhất của từng đơn vị trong kỳ rồi cộng các đơn vị; tỷ lệ % bình quân gia quyền; tỷ lệ dẫn xuất chỉ tính từ các đơn vị-tháng có đủ số đếm; số liệu chưa báo cáo để trống, không tính là 0; đơn vị chỉ được tính trong các tháng còn hiệu lực / flows summed; stocks take each unit's last reported value in the span, then are summed across units; percents weighted; rates computed only from unit-months with all their counts; figures not reported are left blank, never 0; a unit counts only for months it existed"},
		{"Người lập / made by", Neutralize(o.MadeBy)},
		{"Thời điểm lập (UTC) / made at (UTC)", madeAt.UTC()},
		{"Phiên bản danh mục chỉ tiêu / catalogue version", oversight.CatalogueVersion},
		{"Số dòng dữ liệu / data rows", rows},
		{"SHA-256 dữ liệu / data checksum", sum},
		{"Cách tính SHA-256 / checksum rule", ChecksumRule},
		// Appended, not inserted: rows above keep their place for readers.
		{"Số liệu xuất / figures", figuresChoice(o)},
		{"Đơn vị-tháng đã duyệt / approved unit-months", o.ApprovedMonths},
		{"Đơn vị-tháng chưa duyệt / unit-months not approved", o.PendingMonths},
	}
	for i, p := range kv {
		a, _ := excelize.CoordinatesToCellName(1, i+1)
		b, _ := excelize.CoordinatesToCellName(2, i+1)
		if err := f.SetCellValue(sh, a, p[0]); err != nil {
			return err
		}
		if err := f.SetCellValue(sh, b, p[1]); err != nil {
			return err
		}
		_ = f.SetCellStyle(sh, a, a, st.header)
		switch p[1].(type) {
		case time.Time:
			style := st.date
			if i == 11 {
				style = st.datetime
			}
			_ = f.SetCellStyle(sh, b, b, style)
		}
	}
	start := len(kv) + 2
	head := []any{"Mã / code", "Tên / name (vi)", "Name (en)", "Loại / kind", "Tổng hợp / aggregation"}
	cell, _ := excelize.CoordinatesToCellName(1, start)
	if err := f.SetSheetRow(sh, cell, &head); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(head), start)
	_ = f.SetCellStyle(sh, cell, last, st.header)
	row := start
	for _, m := range r.Metrics {
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		vals := []any{m.Code, m.NameVI, m.NameEN, metricKindText(string(m.Kind)), metricKindText(string(m.Agg))}
		if err := f.SetSheetRow(sh, cell, &vals); err != nil {
			return err
		}
	}
	for _, in := range r.Indicators {
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		vals := []any{in.Code, in.NameVI, in.NameEN, metricKindText("percent"), "tính từ / computed from " + strings.Join(in.Needs, ", ")}
		if err := f.SetSheetRow(sh, cell, &vals); err != nil {
			return err
		}
	}
	if err := f.SetSheetDimension(sh, fmt.Sprintf("A1:E%d", row)); err != nil {
		return err
	}
	_ = f.SetColWidth(sh, "A", "A", 44)
	_ = f.SetColWidth(sh, "B", "B", 70)
	_ = f.SetColWidth(sh, "C", "C", 40)
	_ = f.SetColWidth(sh, "D", "E", 22)
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 1, TopLeftCell: "B1", ActivePane: "topRight"})
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
	scope := "rieng"
	if o.Subtree {
		scope = "cay"
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

// dimensionRef finds the used-range element of a sheet.
var dimensionRef = regexp.MustCompile(`<dimension ref="[^"]*"`)

// Markers of the row that spliceRows replaces with a period's unit rows.
const (
	rowsMarker    = "cchc-rows-7f3a9c-"
	rowsMarkerEnd = "-end"
)

// spliceRows copies the workbook skeleton (every sheet made by excelize,
// the wide data sheets with their title and header only) into the zip
// written to w, putting each period's unit rows and totals row in place of
// its marker row as they are generated. Nothing but the small skeleton is
// held in memory, and the bytes reach w as the rows are made, so a
// download starts at once and a national export stays small in memory.
func spliceRows(w io.Writer, skeleton []byte, r *oversight.Report, o Options, st styles) error {
	zr, err := zip.NewReader(bytes.NewReader(skeleton), int64(len(skeleton)))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			if err := zw.Copy(zf); err != nil {
				return err
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		m := bytes.Index(content, []byte(rowsMarker))
		if m < 0 {
			if err := zw.Copy(zf); err != nil {
				return err
			}
			continue
		}
		end := bytes.Index(content[m:], []byte(rowsMarkerEnd))
		if end < 0 {
			return fmt.Errorf("sheet %s: bad row marker", zf.Name)
		}
		b, err := strconv.Atoi(string(content[m+len(rowsMarker) : m+end]))
		if err != nil || b < 0 || b >= len(r.Buckets) {
			return fmt.Errorf("sheet %s: bad row marker", zf.Name)
		}
		start := bytes.LastIndex(content[:m], []byte("<row "))
		stop := bytes.Index(content[m:], []byte("</row>"))
		if start < 0 || stop < 0 {
			return fmt.Errorf("sheet %s: marker outside a row", zf.Name)
		}
		stop += m + len("</row>")
		out, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified})
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(out, 64<<10)
		// The skeleton's dimension covers its header only; readers that
		// trust it (openpyxl's read-only mode) would stop there.
		lastCell, _ := excelize.CoordinatesToCellName(3+r.Columns(), 3+len(r.Units))
		head := dimensionRef.ReplaceAll(content[:start], []byte(`<dimension ref="A1:`+lastCell+`"`))
		bw.Write(head)
		writeRows(bw, r, o, st, b)
		bw.Write(content[stop:])
		if err := bw.Flush(); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeRows writes the sheet XML of period b's unit rows (from row 3) and
// its totals row, as excelize's StreamWriter would: inline strings,
// numbers as numbers, the report's styles.
func writeRows(bw *bufio.Writer, r *oversight.Report, o Options, st styles, b int) {
	cols := make([]string, 3+r.Columns())
	for i := range cols {
		cols[i], _ = excelize.ColumnNumberToName(i + 1)
	}
	var num []byte
	rowNum := 2
	cell := func(col, style int) {
		bw.WriteString(`<c r="`)
		bw.WriteString(cols[col])
		bw.WriteString(strconv.Itoa(rowNum))
		bw.WriteString(`" s="`)
		bw.WriteString(strconv.Itoa(style))
		bw.WriteString(`"`)
	}
	text := func(col, style int, s string) {
		cell(col, style)
		bw.WriteString(` t="inlineStr"><is><t xml:space="preserve">`)
		_ = xml.EscapeText(bw, []byte(s))
		bw.WriteString(`</t></is></c>`)
	}
	number := func(col, style int, v float64) {
		cell(col, style)
		bw.WriteString(`><v>`)
		num = strconv.AppendFloat(num[:0], v, 'g', -1, 64)
		bw.Write(num)
		bw.WriteString(`</v></c>`)
	}
	for u := 0; u <= len(r.Units); u++ {
		rowNum++
		bw.WriteString(`<row r="`)
		bw.WriteString(strconv.Itoa(rowNum))
		bw.WriteString(`">`)
		count, pct := st.count, st.pct
		if u < len(r.Units) {
			un := r.Units[u]
			text(0, st.text, Neutralize(un.Code))
			text(1, st.text, Neutralize(un.Name))
			text(2, st.text, Neutralize(oversight.UnitKindName(un.Kind, "vi")))
		} else {
			count, pct = st.totalCount, st.totalPct
			text(0, st.totalText, Neutralize(o.Root.Code))
			text(1, st.totalText, fmt.Sprintf("Tổng cộng (%d đơn vị)", len(r.Units)))
			text(2, st.totalText, "")
		}
		for c := 0; c < r.Columns(); c++ {
			var v float64
			var ok bool
			if u < len(r.Units) {
				v, ok = r.Value(u, b, c)
			} else {
				v, ok = r.Total(b, c)
			}
			if !ok {
				continue
			}
			style := count
			if r.ColumnIsPercent(c) {
				style = pct
			}
			number(3+c, style, cellValue(r, c, v))
		}
		bw.WriteString(`</row>`)
	}
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
