package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// exportGet downloads an export through the API with a bearer token.
func exportGet(t *testing.T, e *testEnv, user string, q url.Values) (int, []byte, http.Header) {
	t.Helper()
	code, body, h := get(t, http.DefaultClient, e.ts.URL+"/api/v1/export?"+q.Encode(), "Authorization", "Bearer "+e.token(t, user))
	return code, []byte(body), h
}

func exportOpen(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func exportNumFmt(t *testing.T, f *excelize.File, sheet, cell string) (int, string) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	custom := ""
	if st.CustomNumFmt != nil {
		custom = *st.CustomNumFmt
	}
	return st.NumFmt, custom
}

func exportFloat(t *testing.T, f *excelize.File, sheet, cell string) float64 {
	t.Helper()
	s, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("%s!%s = %q, want a number", sheet, cell, s)
	}
	return v
}

var exportHaDong = url.Values{"unit": {"268"}, "subtree": {"true"}, "from": {"2019-01"}, "to": {"2019-10"}, "by": {"quarter"},
	"metrics": {"procedures_listed,procedures_time_cut_pct,dossiers_received,dossiers_resolved,dossiers_on_time"}}

func TestExportWideWorkbookReadBackCellByCell(t *testing.T) {
	e := newEnv(t)
	code, body, h := exportGet(t, e, "phantich", exportHaDong)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	if ct := h.Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := h.Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".xlsx") {
		t.Errorf("Content-Disposition %q", cd)
	}
	f := exportOpen(t, body)

	want := []string{"Tổng hợp", "Quý 1-2019", "Quý 2-2019", "Quý 3-2019", "Quý 4-2019", "Thông tin"}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %q, want %q", got, want)
	}

	t.Run("DataSheetsHaveFrozenHeadersAndUnitsAsRows", func(t *testing.T) {
		sh := "Quý 1-2019"
		p, err := f.GetPanes(sh)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.XSplit != 2 || p.YSplit != 2 || p.TopLeftCell != "C3" {
			t.Errorf("panes %+v, want frozen at C3", p)
		}
		head, _ := f.GetRows(sh)
		wantHead := []string{"Mã đơn vị", "Đơn vị", "Loại", "TTHC niêm yết công khai", "Tỷ lệ TTHC rút ngắn thời gian giải quyết",
			"Hồ sơ tiếp nhận", "Hồ sơ đã giải quyết", "Giải quyết trước và đúng hạn", "Tỷ lệ giải quyết đúng hạn"}
		if strings.Join(head[1], "|") != strings.Join(wantHead, "|") {
			t.Errorf("header %q, want %q", head[1], wantHead)
		}
		if head[2][0] != "268" || head[2][1] != "Quận Hà Đông" {
			t.Errorf("first data row %q, want the district", head[2])
		}
		// 1 district + 17 wards, then the totals row: the nine offices are
		// organisations, never rows beside the wards (issue 12).
		if len(head) != 2+18+1 || !strings.HasPrefix(head[len(head)-1][1], "Tổng cộng (18") {
			t.Errorf("%d rows, last %q", len(head), head[len(head)-1])
		}
		if n, _ := exportNumFmt(t, f, sh, "F3"); n != 3 {
			t.Errorf("dossiers received number format %d, want 3 (#,##0)", n)
		}
		if _, c := exportNumFmt(t, f, sh, "E3"); c != "0.0%" {
			t.Errorf("percent format %q, want 0.0%%", c)
		}
		if v := exportFloat(t, f, sh, "E3"); v != 0.74 {
			t.Errorf("district procedures shortened %v, want 0.74 (74%% as a number)", v)
		}
		if v := exportFloat(t, f, sh, "D3"); v != 246 {
			t.Errorf("district procedures listed %v, want 246", v)
		}
		if typ, _ := f.GetCellType(sh, "F3"); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
			t.Errorf("a figure is stored as text (%v)", typ)
		}
	})

	t.Run("TotalsMatchTheDashboardAndTheAPI", func(t *testing.T) {
		var own, total, resolved, onTime float64
		for _, sh := range want[1:5] {
			rows, _ := f.GetRows(sh)
			last := len(rows)
			own += exportFloat(t, f, sh, "F3")
			total += exportFloat(t, f, sh, "F"+strconv.Itoa(last))
			resolved += exportFloat(t, f, sh, "G"+strconv.Itoa(last))
			onTime += exportFloat(t, f, sh, "H"+strconv.Itoa(last))
			rate := exportFloat(t, f, sh, "I"+strconv.Itoa(last))
			if got := exportFloat(t, f, sh, "H"+strconv.Itoa(last)) / exportFloat(t, f, sh, "G"+strconv.Itoa(last)); math.Abs(got-rate) > 1e-12 {
				t.Errorf("%s: on-time rate %v, want on time / resolved = %v", sh, rate, got)
			}
		}
		if total != 107103 || own != 6538 {
			t.Errorf("dossiers received: subtree %v, district own %v; want 107,103 and 6,538", total, own)
		}
		// The same figure from the JSON API, month by month.
		c := e.login(t, "phantich")
		_, js, _ := get(t, c, e.ts.URL+"/api/v1/values?unit=268&rollup=subtree&from=2019-01&to=2019-10&metrics=dossiers_received,dossiers_resolved,dossiers_on_time")
		var out struct {
			Values []struct {
				Metric string
				Value  float64
			}
		}
		decode(t, js, &out)
		sums := map[string]float64{}
		for _, v := range out.Values {
			sums[v.Metric] += v.Value
		}
		if sums["dossiers_received"] != total || sums["dossiers_resolved"] != resolved || sums["dossiers_on_time"] != onTime {
			t.Errorf("API sums %v; workbook %v %v %v", sums, total, resolved, onTime)
		}
		// And the dashboard's KPI card for the same unit and span.
		_, page, _ := get(t, c, e.ts.URL+"/dashboard?unit=268&from=2019-01&to=2019-10")
		if !strings.Contains(page, "107.103") {
			t.Error("the dashboard does not show 107.103 dossiers received")
		}
		// The weighted share of shortened procedures over the subtree, as
		// the domain computes it: 74% of 246 and 91% of 17 × 135.
		wantPct := (74*246 + 91*17*135) / float64(246+17*135) / 100
		if got := exportFloat(t, f, "Quý 4-2019", "E"+strconv.Itoa(2+18+1)); math.Abs(got-wantPct) > 1e-9 {
			t.Errorf("weighted share %v, want %v", got, wantPct)
		}
	})

	t.Run("SummaryHasDatesTotalsAndANativeChart", func(t *testing.T) {
		sh := "Tổng hợp"
		if v := exportFloat(t, f, sh, "B4"); v != 43466 { // 01/01/2019 as an Excel date
			t.Errorf("B4 = %v, want the date 2019-01-01 (43466)", v)
		}
		if _, c := exportNumFmt(t, f, sh, "B4"); c != "dd/mm/yyyy" {
			t.Errorf("date format %q", c)
		}
		if a, _ := f.GetCellValue(sh, "A7"); a != "Quý 4/2019 (10/2019)" {
			t.Errorf("A7 = %q, want the cut quarter", a)
		}
		var sum float64
		for r := 4; r <= 7; r++ {
			sum += exportFloat(t, f, sh, "F"+strconv.Itoa(r))
		}
		if sum != 107103 {
			t.Errorf("summary dossiers received %v, want 107,103", sum)
		}
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil {
			t.Fatal(err)
		}
		var chart, rels bool
		for _, zf := range zr.File {
			if strings.HasPrefix(zf.Name, "xl/charts/chart") {
				chart = true
			}
			if zf.Name == "xl/worksheets/_rels/sheet1.xml.rels" {
				rc, _ := zf.Open()
				var b bytes.Buffer
				b.ReadFrom(rc)
				rc.Close()
				rels = strings.Contains(b.String(), "drawing")
			}
		}
		if !chart || !rels {
			t.Errorf("chart part %v, summary sheet linked to a drawing %v", chart, rels)
		}
	})

	t.Run("InfoSheetSaysWhatTheFileHolds", func(t *testing.T) {
		rows, _ := f.GetRows("Thông tin")
		info := map[string]string{}
		for _, r := range rows {
			if len(r) >= 2 {
				info[strings.SplitN(r[0], " / ", 2)[0]] = r[1]
			}
		}
		checks := map[string]string{
			"Đơn vị":                      "268 — Quận Hà Đông",
			"Phạm vi":                     "Đơn vị và các đơn vị trực thuộc / the unit and its subtree",
			"Gộp theo":                    "Quý / quarter",
			"Người lập":                   "phantich (Phân tích)",
			"Phiên bản danh mục chỉ tiêu": strconv.Itoa(oversight.CatalogueVersion),
			"SHA-256 dữ liệu":             h.Get("X-Cchc-Checksum"),
		}
		for k, v := range checks {
			if info[k] != v {
				t.Errorf("%s = %q, want %q", k, info[k], v)
			}
		}
		if len(h.Get("X-Cchc-Checksum")) != 64 {
			t.Errorf("checksum header %q", h.Get("X-Cchc-Checksum"))
		}
		// The demo data has no approved month (see approved_test.go for one).
		if !strings.Contains(info["Trạng thái phê duyệt"], "Tất cả số liệu đã nhập, kể cả chưa duyệt: 0 đơn vị-tháng đã duyệt") {
			t.Errorf("approval %q", info["Trạng thái phê duyệt"])
		}
		if v := exportFloat(t, f, "Thông tin", "B4"); v != 43466 {
			t.Errorf("from date %v, want 43466", v)
		}
		if v := exportFloat(t, f, "Thông tin", "B5"); v != 43769 { // 31/10/2019
			t.Errorf("to date %v, want 43769", v)
		}
		if v := exportFloat(t, f, "Thông tin", "B12"); v < 43862 || v > 43863 { // made at 01/02/2020 (the test clock)
			t.Errorf("made at %v, want 01/02/2020", v)
		}
	})

	t.Run("TheExportIsAudited", func(t *testing.T) {
		log, err := e.db.AuditLog(context.Background(), 20)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, a := range log {
			if a.Action == "export" && a.UserName == "phantich" && strings.Contains(a.Detail, h.Get("X-Cchc-Checksum")) {
				found = true
			}
		}
		if !found {
			t.Errorf("no audit entry for the export in %+v", log)
		}
	})
}

func TestExportLongLayoutAndCSV(t *testing.T) {
	e := newEnv(t)
	q := url.Values{"unit": {"268"}, "from": {"2019-01"}, "to": {"2019-10"}, "by": {"year"}, "layout": {"long"},
		"metrics": {"procedures_time_cut_pct,dossiers_received"}}
	code, body, h := exportGet(t, e, "daibieu", q)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	f := exportOpen(t, body)
	rows, err := f.GetRows("Dữ liệu")
	if err != nil {
		t.Fatal(err)
	}
	// The district alone: two figures for one period, then the same two as the total.
	if len(rows) != 1+4 {
		t.Fatalf("rows %q", rows)
	}
	if rows[1][0] != "unit" || rows[1][1] != "268" || rows[1][3] != "district" || rows[1][7] != "procedures_time_cut_pct" || rows[3][0] != "total" {
		t.Errorf("rows %q", rows)
	}
	if v := exportFloat(t, f, "Dữ liệu", "J3"); v != 6538 {
		t.Errorf("J3 %v, want 6538", v)
	}
	if _, c := exportNumFmt(t, f, "Dữ liệu", "F2"); c != "dd/mm/yyyy" {
		t.Errorf("date format %q", c)
	}
	if p, _ := f.GetPanes("Dữ liệu"); !p.Freeze || p.YSplit != 1 {
		t.Errorf("panes %+v", p)
	}

	q.Set("format", "csv")
	q.Set("sep", "semicolon")
	code, csvBody, ch := exportGet(t, e, "daibieu", q)
	if code != http.StatusOK || !strings.HasPrefix(ch.Get("Content-Type"), "text/csv") {
		t.Fatalf("status %d %q", code, ch.Get("Content-Type"))
	}
	if !bytes.HasPrefix(csvBody, []byte("\uFEFF")) {
		t.Fatal("no byte-order mark")
	}
	r := csv.NewReader(bytes.NewReader(csvBody[3:]))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Percents in CSV are 0-100, as the API gives them, so the two join.
	if len(recs) != 5 || recs[1][9] != "74" || recs[2][9] != "6538" {
		t.Errorf("CSV %q", recs)
	}
	if ch.Get("X-Cchc-Checksum") != h.Get("X-Cchc-Checksum") {
		t.Error("the same figures in another format have another checksum")
	}
}

func TestExportNeutralisesFormulas(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	hd, err := e.db.UnitByCode(ctx, "268")
	if err != nil {
		t.Fatal(err)
	}
	hostile := map[string]string{
		"X1": `=HYPERLINK("http://evil.example/","bấm")`,
		"X2": "+cmd|' /C calc'!A0",
		"X3": "-2+3",
		"X4": "@SUM(A1:A2)",
		"X5": "\t=1+1",
		"X6": "\r=1+1",
		"X7": "＝HYPERLINK(\"http://evil.example/\",\"bấm\")", // full-width, issue 15
		"X8": "－2+3",
	}
	var in []sqlite.ValueInput
	for code, name := range hostile {
		if _, err := e.db.CreateUnit(ctx, oversight.Unit{Code: code, Name: name, Kind: "ward", ParentID: hd.ID}, sqlite.Actor{}); err != nil {
			t.Fatal(err)
		}
		in = append(in, sqlite.ValueInput{UnitCode: code, Metric: "dossiers_received", Month: oversight.NewMonth(2019, 3), Value: 12})
	}
	if err := e.db.PutValues(ctx, in, "api", sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	q := url.Values{"unit": {"268"}, "subtree": {"1"}, "from": {"2019-03"}, "to": {"2019-03"}, "metrics": {"dossiers_received"}}

	t.Run("Workbook", func(t *testing.T) {
		_, body, _ := exportGet(t, e, "phantich", q)
		f := exportOpen(t, body)
		rows, err := f.GetRows("Tháng 03-2019")
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		for i, r := range rows {
			want, ok := hostile[r[0]]
			if !ok {
				continue
			}
			seen++
			cell := "B" + strconv.Itoa(i+1)
			if r[1] != "'"+want {
				t.Errorf("%s = %q, want %q behind an apostrophe", cell, r[1], want)
			}
			if fm, _ := f.GetCellFormula("Tháng 03-2019", cell); fm != "" {
				t.Errorf("%s holds a formula %q", cell, fm)
			}
			if v := exportFloat(t, f, "Tháng 03-2019", "D"+strconv.Itoa(i+1)); v != 12 {
				t.Errorf("the figure beside %q is %v, want the number 12", want, v)
			}
		}
		if seen != len(hostile) {
			t.Errorf("found %d hostile units of %d", seen, len(hostile))
		}
	})

	t.Run("CSV", func(t *testing.T) {
		q2 := url.Values{"unit": {"268"}, "subtree": {"1"}, "from": {"2019-03"}, "to": {"2019-03"}, "metrics": {"dossiers_received"}, "format": {"csv"}, "layout": {"long"}}
		_, body, _ := exportGet(t, e, "phantich", q2)
		recs, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		for _, r := range recs {
			want, ok := hostile[r[1]]
			if !ok {
				continue
			}
			seen++
			if r[2] != "'"+want {
				t.Errorf("name %q, want %q behind an apostrophe", r[2], want)
			}
			if r[9] != "12" {
				t.Errorf("value %q, want 12", r[9])
			}
		}
		if seen != len(hostile) {
			t.Errorf("found %d hostile units of %d", seen, len(hostile))
		}
	})
}

func TestExportAuthorizationAndBadInput(t *testing.T) {
	e := newEnv(t)
	anon := e.client()
	if code, _, h := get(t, anon, e.ts.URL+"/export"); code != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login") {
		t.Errorf("anonymous /export: %d %q", code, h.Get("Location"))
	}
	if code, _, _ := get(t, anon, e.ts.URL+"/api/v1/export?"+exportHaDong.Encode()); code != http.StatusUnauthorized {
		t.Errorf("anonymous API export: %d, want 401", code)
	}
	if code, _, _ := get(t, anon, e.ts.URL+"/export/file?"+exportHaDong.Encode()); code != http.StatusSeeOther {
		t.Errorf("anonymous page export: %d, want a redirect to login", code)
	}
	for _, user := range []string{"admin", "daibieu", "canbo", "canbophuong", "phantich"} {
		c := e.login(t, user)
		code, page, _ := get(t, c, e.ts.URL+"/export")
		if code != http.StatusOK || !strings.Contains(page, `id="export-form"`) || !strings.Contains(page, "js/export.js") {
			t.Errorf("%s /export: %d", user, code)
		}
		code, body, h := get(t, c, e.ts.URL+"/export/file?"+exportHaDong.Encode())
		if code != http.StatusOK || !strings.HasPrefix(body, "PK") || h.Get("X-Cchc-Checksum") == "" {
			t.Errorf("%s download: %d", user, code)
		}
	}

	c := e.login(t, "phantich")
	bad := []struct {
		name, query, want string
	}{
		{"UnknownUnit", "unit=NOPE&from=2019-01&to=2019-10", "NOPE"},
		{"BackwardsSpan", "unit=268&from=2019-10&to=2019-01", "2019-01"},
		{"BadGrouping", "unit=268&from=2019-01&to=2019-10&by=week", "week"},
		{"UnknownMetric", "unit=268&from=2019-01&to=2019-10&metrics=nope", "nope"},
		{"BadLayout", "unit=268&from=2019-01&to=2019-10&layout=tall", "tall"},
		{"BadSeparator", "unit=268&from=2019-01&to=2019-10&format=csv&sep=tab", "tab"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			code, page, _ := get(t, c, e.ts.URL+"/export/file?"+tc.query)
			if code != http.StatusUnprocessableEntity || !strings.Contains(page, tc.want) || !strings.Contains(page, `class="error"`) {
				t.Errorf("page: %d, want 422 naming %q", code, tc.want)
			}
			code, js, _ := get(t, c, e.ts.URL+"/api/v1/export?"+tc.query)
			if (code != http.StatusBadRequest && code != http.StatusNotFound) || !strings.Contains(js, tc.want) {
				t.Errorf("API: %d %s", code, js)
			}
		})
	}
	// What was typed comes back.
	_, page, _ := get(t, c, e.ts.URL+"/export/file?unit=268&from=2019-10&to=2019-01&by=half&layout=long&metrics=dossiers_received")
	for _, s := range []string{`value="10/2019"`, `value="half" selected`, `value="long" checked`, `value="dossiers_received" checked`} {
		if !strings.Contains(page, s) {
			t.Errorf("the refused form lost %s", s)
		}
	}
}

// TestExportReadByOpenpyxl opens a produced workbook with openpyxl (what
// pandas.read_excel uses), a reader that is not excelize, and reads every row.
func TestExportReadByOpenpyxl(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import openpyxl").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must install python3-openpyxl: %v", err)
		}
		t.Skipf("no openpyxl: %v", err)
	}
	e := newEnv(t)
	_, body, _ := exportGet(t, e, "phantich", exportHaDong)
	path := filepath.Join(t.TempDir(), "hd.xlsx")
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	script := `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("|".join(wb.sheetnames))
ws = wb["Quý 1-2019"]
print(ws.freeze_panes, ws.auto_filter.ref, ws["F3"].number_format, ws["E3"].number_format, ws["F3"].value, ws["B3"].value)
total = 0
for name in ["Quý 1-2019", "Quý 2-2019", "Quý 3-2019", "Quý 4-2019"]:
    rows = list(wb[name].iter_rows(values_only=True))
    total += rows[-1][5]
print(total)
s = wb["Tổng hợp"]
print(type(s["B4"].value).__name__, s["B4"].value.date())
n = sum(1 for name in wb.sheetnames for _ in wb[name].iter_rows())
ro = openpyxl.load_workbook(sys.argv[1], read_only=True)  # as pandas.read_excel opens it
m = len(list(ro["Quý 4-2019"].iter_rows(values_only=True)))
print(n, m)
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	want := []string{
		"Tổng hợp|Quý 1-2019|Quý 2-2019|Quý 3-2019|Quý 4-2019|Thông tin",
		"C3 $A$2:$I$20 #,##0 0.0% " + strconv.FormatFloat(exportFloat(t, exportOpen(t, body), "Quý 1-2019", "F3"), 'f', -1, 64) + " Quận Hà Đông",
		"107103",
		"datetime 2019-01-01",
	}
	if len(lines) != 5 {
		t.Fatalf("openpyxl printed %q", lines)
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("openpyxl line %d = %q, want %q", i, lines[i], w)
		}
	}
	counts := strings.Fields(lines[4])
	if n, _ := strconv.Atoi(counts[0]); n < 4*21 {
		t.Errorf("openpyxl read %s rows", counts[0])
	}
	// Title, header, 18 units and the totals row, also in read-only mode.
	if len(counts) != 2 || counts[1] != "21" {
		t.Errorf("openpyxl read-only read %q rows of a period sheet, want 21", counts)
	}
}
