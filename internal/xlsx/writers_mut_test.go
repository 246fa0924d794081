package xlsx

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
)

// Issue 17: the workbook writers checked cell by cell against values worked
// out by hand from mutFixture (Nguyễn Trãi 10/4/3 in January and
// 1,234,567/4/3 in February, Mộ Lao 7 received in January only, the
// district itself nothing; resolved 4 with 3 on time is a 75% on-time
// rate), never by reading the report back through the code that wrote it.

// mutFixture is checksumFixture's figures with the report's units as
// sqlite.ReportUnits lists them: the root first, then its wards.
func mutFixture(t *testing.T) (*oversight.Report, Options) {
	t.Helper()
	root := oversight.Unit{ID: 1, Code: "268", Name: "Quận Hà Đông", Kind: "district"}
	units := []oversight.Unit{root,
		{ID: 2, Code: "9538", Name: "Phường Nguyễn Trãi", Kind: "ward", ParentID: 1},
		{ID: 3, Code: "9541", Name: "Phường Mộ Lao", Kind: "ward", ParentID: 1},
	}
	span := oversight.Span{From: oversight.NewMonth(2019, 1), To: oversight.NewMonth(2019, 2)}
	metrics, err := oversight.ParseMetricCodes([]string{"dossiers_received", "dossiers_resolved", "dossiers_on_time"})
	if err != nil {
		t.Fatal(err)
	}
	buckets := oversight.Buckets(span, oversight.ByMonth)
	r := oversight.NewReport(units, buckets, metrics)
	pts := []oversight.Point{
		{Unit: 2, Metric: "dossiers_received", Month: span.From, Value: 10},
		{Unit: 2, Metric: "dossiers_resolved", Month: span.From, Value: 4},
		{Unit: 2, Metric: "dossiers_on_time", Month: span.From, Value: 3},
		{Unit: 2, Metric: "dossiers_received", Month: span.To, Value: 1234567},
		{Unit: 2, Metric: "dossiers_resolved", Month: span.To, Value: 4},
		{Unit: 2, Metric: "dossiers_on_time", Month: span.To, Value: 3},
		{Unit: 3, Metric: "dossiers_received", Month: span.From, Value: 7},
	}
	for b, bk := range buckets {
		var in []oversight.Point
		for _, p := range pts {
			if bk.Span.Contains(p.Month) {
				in = append(in, p)
			}
		}
		r.SetBucket(b, in, nil)
	}
	return r, Options{Root: root, Subtree: true, Span: span, By: oversight.ByMonth}
}

func mutWorkbook(t *testing.T, layout Layout) (*excelize.File, map[string]string) {
	t.Helper()
	r, o := mutFixture(t)
	o.Layout = layout
	o.MadeAt = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	o.MadeBy = "=cán bộ"
	o.ApprovedMonths, o.PendingMonths = 2, 1
	o.Reporting = []Reporting{{Month: o.Span.From, Expected: 2, Reported: 2}, {Month: o.Span.To, Expected: 4, Reported: 1},
		{Month: oversight.NewMonth(2019, 3), Expected: 0, Reported: 0}}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, r, o); err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range z.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[zf.Name] = html.UnescapeString(string(b))
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, parts
}

// checkRows compares a sheet's raw cell values with want, row by row.
func checkRows(t *testing.T, f *excelize.File, sheet string, want [][]string) {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s: %v", sheet, err)
	}
	if len(rows) != len(want) {
		t.Errorf("%s: %d rows, want %d: %q", sheet, len(rows), len(want), rows)
	}
	for i := range min(len(rows), len(want)) {
		// A number is compared as a number: the rows spliced in write
		// 1234567 as 1.234567e+06, which every reader takes as the same.
		for j, v := range rows[i] {
			if x, err := strconv.ParseFloat(v, 64); err == nil {
				rows[i][j] = strconv.FormatFloat(x, 'f', -1, 64)
			}
		}
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("%s row %d = %q, want %q", sheet, i+1, rows[i], want[i])
		}
	}
}

// numFmt names a cell's number format: "3" (#,##0) or the custom code.
func numFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	if st.NumFmt != 0 {
		return string(rune('0' + st.NumFmt))
	}
	if st.Font != nil && st.Font.Bold {
		return "bold"
	}
	return ""
}

func checkFmts(t *testing.T, f *excelize.File, sheet string, want map[string]string) {
	t.Helper()
	for cell, w := range want {
		if got := numFmt(t, f, sheet, cell); got != w {
			t.Errorf("%s!%s format %q, want %q", sheet, cell, got, w)
		}
	}
}

func checkPanes(t *testing.T, f *excelize.File, sheet string, x, y int, topLeft string) {
	t.Helper()
	p, err := f.GetPanes(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Freeze || p.XSplit != x || p.YSplit != y || p.TopLeftCell != topLeft {
		t.Errorf("%s panes %+v, want frozen at %d,%d from %s", sheet, p, x, y, topLeft)
	}
}

func checkWidths(t *testing.T, f *excelize.File, sheet string, want map[string]float64) {
	t.Helper()
	for col, w := range want {
		got, err := f.GetColWidth(sheet, col)
		if err != nil {
			t.Fatal(err)
		}
		if got != w {
			t.Errorf("%s column %s width %v, want %v", sheet, col, got, w)
		}
	}
}

// allMatches lists the sorted values of re's first group in every part.
func allMatches(parts map[string]string, prefix string, re *regexp.Regexp) []string {
	var out []string
	for name, body := range parts {
		if strings.HasPrefix(name, prefix) {
			for _, m := range re.FindAllStringSubmatch(body, -1) {
				out = append(out, m[1])
			}
		}
	}
	sort.Strings(out)
	return out
}

var (
	autoFilterRef = regexp.MustCompile(`<autoFilter ref="([^"]*)"`)
	dimensionRefs = regexp.MustCompile(`<dimension ref="([^"]*)"`)
)

const (
	jan1, jan31, feb1, feb28 = "43466", "43496", "43497", "43524" // Excel serials of 1/1, 31/1, 1/2, 28/2/2019
	head4                    = "Hồ sơ tiếp nhận|Hồ sơ đã giải quyết|Giải quyết trước và đúng hạn|Tỷ lệ giải quyết đúng hạn"
)

func split(s string) []string { return strings.Split(s, "|") }

func TestWideWorkbookCellByCellByHand(t *testing.T) {
	f, parts := mutWorkbook(t, LayoutWide)
	if got := strings.Join(f.GetSheetList(), "|"); got != "Tổng hợp|Tháng 01-2019|Tháng 02-2019|Thông tin" {
		t.Fatalf("sheets %q", got)
	}
	checkRows(t, f, SheetSummary, [][]string{
		{"Quận Hà Đông (268) — 01/2019–02/2019, đơn vị và các đơn vị trực thuộc"},
		{ApprovalText(Options{ApprovedMonths: 2, PendingMonths: 1})},
		split("Kỳ|Từ ngày|Đến ngày|" + head4),
		{"01/2019", jan1, jan31, "17", "4", "3", "0.75"},
		{"02/2019", feb1, feb28, "1234567", "4", "3", "0.75"},
	})
	checkFmts(t, f, SheetSummary, map[string]string{"B4": "dd/mm/yyyy", "C5": "dd/mm/yyyy", "D4": "3", "F5": "3", "G4": "0.0%", "G5": "0.0%"})
	checkPanes(t, f, SheetSummary, 1, 3, "B4")
	// A: "01/2019" is 7 letters + 2; D: 1,234,567 is 7 digits + 2 separators + 3;
	// E: the header's width floor of 10; F and G: their 28- and 25-letter
	// headers /3 + 2.
	checkWidths(t, f, SheetSummary, map[string]float64{"A": 9, "B": 12, "C": 12, "D": 12, "E": 10, "F": 12, "G": 11})
	for _, s := range []string{"Tháng 01-2019", "Tháng 02-2019"} {
		checkPanes(t, f, s, 2, 2, "C3")
		// Codes "Mã đơn vị" 9+2, names "Phường Nguyễn Trãi" 18+2, kinds "Quận/huyện" 10+2.
		checkWidths(t, f, s, map[string]float64{"A": 11, "B": 20, "C": 12, "D": 12, "E": 10, "F": 12, "G": 11})
	}
	checkRows(t, f, "Tháng 01-2019", [][]string{
		{"Quận Hà Đông — 01/2019 (01/2019)"},
		split("Mã đơn vị|Đơn vị|Loại|" + head4),
		{"268", "Quận Hà Đông", "Quận/huyện"}, // the district reports nothing itself
		{"9538", "Phường Nguyễn Trãi", "Phường", "10", "4", "3", "0.75"},
		{"9541", "Phường Mộ Lao", "Phường", "7"},
		{"268", "Tổng cộng (3 đơn vị)", "", "17", "4", "3", "0.75"},
	})
	checkRows(t, f, "Tháng 02-2019", [][]string{
		{"Quận Hà Đông — 02/2019 (02/2019)"},
		split("Mã đơn vị|Đơn vị|Loại|" + head4),
		{"268", "Quận Hà Đông", "Quận/huyện"}, // the district reports nothing itself
		{"9538", "Phường Nguyễn Trãi", "Phường", "1234567", "4", "3", "0.75"},
		{"9541", "Phường Mộ Lao", "Phường"},
		{"268", "Tổng cộng (3 đơn vị)", "", "1234567", "4", "3", "0.75"},
	})
	checkFmts(t, f, "Tháng 01-2019", map[string]string{"D4": "3", "G4": "0.0%", "D5": "3", "D6": "3", "G6": "0.0%", "B6": "bold"})
	// Each data sheet's filter stops above its totals row (so sorting keeps it last).
	if got := strings.Join(allMatches(parts, "xl/worksheets/", autoFilterRef), " "); got != "$A$2:$G$5 $A$2:$G$5 $A$3:$G$5" {
		t.Errorf("filters %q", got)
	}
	if got := strings.Join(allMatches(parts, "xl/worksheets/", dimensionRefs), " "); got != "A1:E30 A1:G5 A1:G6 A1:G6" {
		t.Errorf("declared ranges %q", got)
	}
	// The chart: dossiers received (column D) of rows 4-5, named by D3.
	chart := parts["xl/charts/chart1.xml"]
	for _, ref := range []string{"'Tổng hợp'!$D$3", "'Tổng hợp'!$A$4:$A$5", "'Tổng hợp'!$D$4:$D$5"} {
		if !strings.Contains(chart, ref) {
			t.Errorf("chart does not refer to %s:\n%s", ref, chart)
		}
	}
	if !strings.Contains(chart, "Hồ sơ tiếp nhận — Quận Hà Đông") {
		t.Errorf("chart title:\n%s", chart)
	}

	checkRows(t, f, SheetInfo, [][]string{
		{"Nội dung / contents", "Số liệu CCHC xuất từ cchc / administrative reform figures exported from cchc"},
		{"Đơn vị / unit", "268 — Quận Hà Đông"},
		{"Phạm vi / scope", "Đơn vị và các đơn vị trực thuộc / the unit and its subtree"},
		{"Từ ngày / from", jan1},
		{"Đến ngày / to", feb28},
		{"Gộp theo / by", "Tháng / month"},
		{"Chỉ tiêu / metrics", "dossiers_received, dossiers_resolved, dossiers_on_time"},
		{"Bố cục / layout", "Ngang / wide"},
		{"Trạng thái phê duyệt / approval", ApprovalText(Options{ApprovedMonths: 2, PendingMonths: 1})},
		{"Quy tắc tổng hợp / aggregation", infoValue(t, f, 10)},
		{"Người lập / made by", "'=cán bộ"},
		// 6/5/2024 is day 45418; 07:08:09 is 25689 s of 86400.
		{"Thời điểm lập (UTC) / made at (UTC)", "45418.297326388885"},
		{"Phiên bản danh mục chỉ tiêu / catalogue version", "1"},
		// 9538: 4 figures in each month, 9541: 1, the totals 4 per month.
		{"Số dòng dữ liệu / data rows", "17"},
		{"SHA-256 dữ liệu / data checksum", infoValue(t, f, 15)},
		{"Cách tính SHA-256 / checksum rule", ChecksumRule},
		{"Số liệu xuất / figures", "all"},
		{"Đơn vị-tháng đã duyệt / approved unit-months", "2"},
		{"Đơn vị-tháng chưa duyệt / unit-months not approved", "1"},
		nil,
		{"Mã / code", "Tên / name (vi)", "Name (en)", "Loại / kind", "Tổng hợp / aggregation"},
		{"dossiers_received", "Hồ sơ tiếp nhận", "Dossiers received", "số đếm / count", "cộng dồn / flow"},
		{"dossiers_resolved", "Hồ sơ đã giải quyết", "Dossiers resolved", "số đếm / count", "cộng dồn / flow"},
		{"dossiers_on_time", "Giải quyết trước và đúng hạn", "Resolved early or on time", "số đếm / count", "cộng dồn / flow"},
		{"on_time_rate", "Tỷ lệ giải quyết đúng hạn", "On-time rate", "tỷ lệ % / percent", "tính từ / computed from dossiers_on_time, dossiers_resolved"},
		nil,
		{"Tháng / month", "Đơn vị phải báo cáo / units expected", "Đơn vị đã báo cáo / units reported", "Tỷ lệ báo cáo / reporting rate"},
		{"01/2019", "2", "2", "1"},
		{"02/2019", "4", "1", "0.25"},
		{"03/2019", "0", "0"}, // nobody expected: blank, not 0 out of 0
	})
	checkFmts(t, f, SheetInfo, map[string]string{"B4": "dd/mm/yyyy", "B5": "dd/mm/yyyy", "B12": "dd/mm/yyyy hh:mm", "D28": "0.0%", "D29": "0.0%", "D30": ""})
	checkPanes(t, f, SheetInfo, 1, 0, "B1")
}

func infoValue(t *testing.T, f *excelize.File, row int) string {
	t.Helper()
	v, err := f.GetCellValue(SheetInfo, "B"+string(rune('0'+row/10))+string(rune('0'+row%10)))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestLongWorkbookCellByCellByHand(t *testing.T) {
	f, parts := mutWorkbook(t, LayoutLong)
	if got := strings.Join(f.GetSheetList(), "|"); got != "Tổng hợp|Dữ liệu|Thông tin" {
		t.Fatalf("sheets %q", got)
	}
	row := func(scope, code, name, kind, label, from, to, metric, mname, v string) []string {
		return []string{scope, code, name, kind, label, from, to, metric, mname, v}
	}
	nt := func(label, from, to, metric, mname, v string) []string {
		return row("unit", "9538", "Phường Nguyễn Trãi", "ward", label, from, to, metric, mname, v)
	}
	tot := func(label, from, to, metric, mname, v string) []string {
		return row("total", "268", "Tổng cộng", "", label, from, to, metric, mname, v)
	}
	checkRows(t, f, SheetLong, [][]string{
		split("Phạm vi|Mã đơn vị|Đơn vị|Loại|Kỳ|Từ ngày|Đến ngày|Mã chỉ tiêu|Chỉ tiêu|Giá trị"),
		nt("01/2019", jan1, jan31, "dossiers_received", "Hồ sơ tiếp nhận", "10"),
		nt("01/2019", jan1, jan31, "dossiers_resolved", "Hồ sơ đã giải quyết", "4"),
		nt("01/2019", jan1, jan31, "dossiers_on_time", "Giải quyết trước và đúng hạn", "3"),
		nt("01/2019", jan1, jan31, "on_time_rate", "Tỷ lệ giải quyết đúng hạn", "0.75"),
		nt("02/2019", feb1, feb28, "dossiers_received", "Hồ sơ tiếp nhận", "1234567"),
		nt("02/2019", feb1, feb28, "dossiers_resolved", "Hồ sơ đã giải quyết", "4"),
		nt("02/2019", feb1, feb28, "dossiers_on_time", "Giải quyết trước và đúng hạn", "3"),
		nt("02/2019", feb1, feb28, "on_time_rate", "Tỷ lệ giải quyết đúng hạn", "0.75"),
		row("unit", "9541", "Phường Mộ Lao", "ward", "01/2019", jan1, jan31, "dossiers_received", "Hồ sơ tiếp nhận", "7"),
		tot("01/2019", jan1, jan31, "dossiers_received", "Hồ sơ tiếp nhận", "17"),
		tot("01/2019", jan1, jan31, "dossiers_resolved", "Hồ sơ đã giải quyết", "4"),
		tot("01/2019", jan1, jan31, "dossiers_on_time", "Giải quyết trước và đúng hạn", "3"),
		tot("01/2019", jan1, jan31, "on_time_rate", "Tỷ lệ giải quyết đúng hạn", "0.75"),
		tot("02/2019", feb1, feb28, "dossiers_received", "Hồ sơ tiếp nhận", "1234567"),
		tot("02/2019", feb1, feb28, "dossiers_resolved", "Hồ sơ đã giải quyết", "4"),
		tot("02/2019", feb1, feb28, "dossiers_on_time", "Giải quyết trước và đúng hạn", "3"),
		tot("02/2019", feb1, feb28, "on_time_rate", "Tỷ lệ giải quyết đúng hạn", "0.75"),
	})
	checkFmts(t, f, SheetLong, map[string]string{"F2": "dd/mm/yyyy", "G18": "dd/mm/yyyy", "J2": "3", "J5": "0.0%", "J11": "3", "J18": "0.0%"})
	checkPanes(t, f, SheetLong, 0, 1, "A2")
	// A "Phạm vi" 7+2, B "Mã đơn vị" 9+2, C "Phường Nguyễn Trãi" 18+2, D
	// "Quận/huyện" 10+2, E "Kỳ"/"01/2019" 7+2, F-G 12, H the longest code 29+2, I
	// "Giải quyết trước và đúng hạn" 28+2, J 14.
	checkWidths(t, f, SheetLong, map[string]float64{"A": 9, "B": 11, "C": 20, "D": 12, "E": 9, "F": 12, "G": 12, "H": 31, "I": 30, "J": 14})
	if got := strings.Join(allMatches(parts, "xl/worksheets/", autoFilterRef), " "); got != "$A$1:$J$18 $A$3:$G$5" {
		t.Errorf("filters %q", got)
	}
	if got := strings.Join(allMatches(parts, "xl/worksheets/", dimensionRefs), " "); got != "A1:E30 A1:G5 A1:J18" {
		t.Errorf("declared ranges %q", got)
	}
	if v, _ := f.GetCellValue(SheetInfo, "B8"); v != "Dọc / long" {
		t.Errorf("layout %q", v)
	}
}

// The chart shows dossiers received wherever that column is, else the
// first count: never a percent column.
func TestSummaryChartColumnByHand(t *testing.T) {
	root := oversight.Unit{ID: 1, Code: "268", Name: "Quận Hà Đông", Kind: "district"}
	span := oversight.Span{From: oversight.NewMonth(2019, 1), To: oversight.NewMonth(2019, 3)}
	for _, tc := range []struct {
		metrics []string
		col     string // the column charted, "" for no chart
	}{
		{[]string{"procedures_time_cut_pct", "procedures_listed", "dossiers_received"}, "F"},
		{[]string{"procedures_time_cut_pct", "procedures_listed", "procedure_reviews"}, "E"},
		{[]string{"procedures_listed", "procedure_reviews"}, "D"},
		{[]string{"procedures_time_cut_pct"}, ""},
	} {
		metrics, err := oversight.ParseMetricCodes(tc.metrics)
		if err != nil {
			t.Fatal(err)
		}
		buckets := oversight.Buckets(span, oversight.ByQuarter)
		r := oversight.NewReport([]oversight.Unit{root}, buckets, metrics)
		r.SetBucket(0, nil, nil)
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, r, Options{Root: root, Span: span, By: oversight.ByQuarter, Layout: LayoutWide}); err != nil {
			t.Fatal(err)
		}
		z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		var chart string
		for _, zf := range z.File {
			if strings.HasPrefix(zf.Name, "xl/charts/chart") {
				rc, _ := zf.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				chart += html.UnescapeString(string(b))
			}
		}
		want := "'Tổng hợp'!$" + tc.col + "$4:$" + tc.col + "$4"
		switch {
		case tc.col == "" && chart != "":
			t.Errorf("%v: a chart of a percent:\n%s", tc.metrics, chart)
		case tc.col != "" && !strings.Contains(chart, want):
			t.Errorf("%v: chart does not show %s:\n%s", tc.metrics, want, chart)
		}
	}
}
