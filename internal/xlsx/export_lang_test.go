package xlsx

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// An export asked in English: the sheet names, headings, kinds, periods
// and figure names are English; the figures, the codes and the checksum
// are the Vietnamese export's.

const headEN = "Dossiers received|Dossiers resolved|Resolved early or on time|On-time rate"

func workbookIn(t *testing.T, layout Layout, lang string) *excelize.File {
	t.Helper()
	r, o := mutFixture(t)
	o.Layout, o.Lang = layout, lang
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, r, o); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWideWorkbookInEnglishCellByCell(t *testing.T) {
	f := workbookIn(t, LayoutWide, "en")
	if got := strings.Join(f.GetSheetList(), "|"); got != "Summary|Month 01-2019|Month 02-2019|About" {
		t.Fatalf("sheets %q", got)
	}
	checkRows(t, f, "Summary", [][]string{
		{"Quận Hà Đông (268) — 01/2019–02/2019, the unit and the units under it"},
		{ApprovalText(Options{})},
		split("Period|From|To|" + headEN),
		{"01/2019", jan1, jan31, "17", "4", "3", "0.75"},
		{"02/2019", feb1, feb28, "1234567", "4", "3", "0.75"},
	})
	checkRows(t, f, "Month 01-2019", [][]string{
		{"Quận Hà Đông — 01/2019 (01/2019)"},
		split("Unit code|Unit|Kind|" + headEN),
		{"268", "Quận Hà Đông", "District"},
		{"9538", "Phường Nguyễn Trãi", "Ward", "10", "4", "3", "0.75"},
		{"9541", "Phường Mộ Lao", "Ward", "7"},
		{"268", "Total (3 units)", "", "17", "4", "3", "0.75"},
	})
	checkRows(t, f, "Month 02-2019", [][]string{
		{"Quận Hà Đông — 02/2019 (02/2019)"},
		split("Unit code|Unit|Kind|" + headEN),
		{"268", "Quận Hà Đông", "District"},
		{"9538", "Phường Nguyễn Trãi", "Ward", "1234567", "4", "3", "0.75"},
		{"9541", "Phường Mộ Lao", "Ward"},
		{"268", "Total (3 units)", "", "1234567", "4", "3", "0.75"},
	})
	// The same figures as the Vietnamese workbook, cell by cell.
	vi := workbookIn(t, LayoutWide, "vi")
	for en, viSheet := range map[string]string{"Summary": "Tổng hợp", "Month 01-2019": "Tháng 01-2019", "Month 02-2019": "Tháng 02-2019"} {
		a, _ := f.GetRows(en, excelize.Options{RawCellValue: true})
		b, _ := vi.GetRows(viSheet, excelize.Options{RawCellValue: true})
		if len(a) != len(b) {
			t.Fatalf("%s has %d rows, %s %d", en, len(a), viSheet, len(b))
		}
		for i := 3; i < len(a); i++ { // below the title and the headings
			for j := 3; j < len(a[i]); j++ {
				if a[i][j] != b[i][j] {
					t.Errorf("%s row %d column %d: %q, Vietnamese %q", en, i+1, j+1, a[i][j], b[i][j])
				}
			}
		}
	}
}

func TestLongWorkbookInEnglishCellByCell(t *testing.T) {
	f := workbookIn(t, LayoutLong, "en")
	if got := strings.Join(f.GetSheetList(), "|"); got != "Summary|Data|About" {
		t.Fatalf("sheets %q", got)
	}
	rows, err := f.GetRows("Data", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], "|"); got != "Scope|Unit code|Unit|Kind|Period|From|To|Metric code|Metric|Value" {
		t.Errorf("headings %q", got)
	}
	want := map[int][]string{
		1:  {"unit", "9538", "Phường Nguyễn Trãi", "ward", "01/2019", jan1, jan31, "dossiers_received", "Dossiers received", "10"},
		4:  {"unit", "9538", "Phường Nguyễn Trãi", "ward", "01/2019", jan1, jan31, "on_time_rate", "On-time rate", "0.75"},
		10: {"total", "268", "Total", "", "01/2019", jan1, jan31, "dossiers_received", "Dossiers received", "17"},
	}
	for i, w := range want {
		if !reflect.DeepEqual(rows[i], w) {
			t.Errorf("row %d = %q, want %q", i+1, rows[i], w)
		}
	}
	vi := workbookIn(t, LayoutLong, "vi")
	viRows, _ := vi.GetRows("Dữ liệu", excelize.Options{RawCellValue: true})
	if len(viRows) != len(rows) || len(rows) != 18 {
		t.Fatalf("%d rows in English, %d in Vietnamese, want 18", len(rows), len(viRows))
	}
	for i := 1; i < len(rows); i++ {
		// Scope, codes, dates and the value are the same in both languages.
		for _, j := range []int{0, 1, 5, 6, 7, 9} {
			if rows[i][j] != viRows[i][j] {
				t.Errorf("row %d column %d: %q, Vietnamese %q", i+1, j+1, rows[i][j], viRows[i][j])
			}
		}
	}
}

func TestCSVInEnglishCellByCell(t *testing.T) {
	read := func(layout Layout, lang string) [][]string {
		r, o := mutFixture(t)
		o.Format, o.Layout, o.Lang = FormatCSV, layout, lang
		var buf bytes.Buffer
		if err := WriteCSV(&buf, r, o); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	long := read(LayoutLong, "en")
	if got := strings.Join(long[1], "|"); got != "unit|9538|Phường Nguyễn Trãi|ward|01/2019|2019-01-01|2019-01-31|dossiers_received|Dossiers received|10" {
		t.Errorf("first long row %q", got)
	}
	viLong := read(LayoutLong, "vi")
	if got := strings.Join(viLong[1], "|"); got != "unit|9538|Phường Nguyễn Trãi|ward|01/2019|2019-01-01|2019-01-31|dossiers_received|Hồ sơ tiếp nhận|10" {
		t.Errorf("first Vietnamese long row %q", got)
	}
	// The wide CSV's header is codes in every language; the rows are the same.
	if en, vi := read(LayoutWide, "en"), read(LayoutWide, "vi"); !reflect.DeepEqual(en, vi) {
		t.Errorf("the wide CSV differs by language:\n%q\n%q", en, vi)
	}
}

func TestChecksumAndFileNameByLanguage(t *testing.T) {
	r, o := mutFixture(t)
	sum, rows := Checksum(r)
	// The checksum is of codes and values only (ChecksumRule): nothing in
	// it depends on the language the file is written in.
	for _, word := range []string{"Tổng", "Total", "Hồ sơ", "Dossiers"} {
		if strings.Contains(ChecksumRule, word) {
			t.Errorf("the checksum rule mentions %q", word)
		}
	}
	if sum == "" || rows != 17 { // the long sheet's 17 data rows
		t.Errorf("checksum %q over %d rows", sum, rows)
	}
	o.Layout, o.Format = LayoutWide, FormatXLSX
	if got := FileName(o); got != "cchc-268-cay-2019-01-2019-02-month-wide.xlsx" {
		t.Errorf("Vietnamese file name %q", got)
	}
	o.Lang = "en"
	if got := FileName(o); got != "cchc-268-subtree-2019-01-2019-02-month-wide.xlsx" {
		t.Errorf("English file name %q", got)
	}
}
