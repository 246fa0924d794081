package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
)

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
			Key: "err.long_layout_has_rows", Args: []any{rows, MaxSheetRows}}
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
	if err := f.SetSheetName("Sheet1", SheetName(o.Lang, SheetSummary)); err != nil {
		return err
	}
	if err := writeSummary(f, st, r, o); err != nil {
		return fmt.Errorf("summary sheet: %w", err)
	}
	if o.Layout == LayoutLong {
		err = writeLong(f, st, r, o)
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
