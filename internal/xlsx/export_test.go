package xlsx

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
)

func TestNeutralize(t *testing.T) {
	cases := map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\t=1": "'\t=1", "\r=1": "'\r=1",
		"Phường Mộ Lao": "Phường Mộ Lao", "": "", "a=b": "a=b", " =1": " =1",
	}
	for in, want := range cases {
		if got := Neutralize(in); got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseOptionsRefuseUnknownValues(t *testing.T) {
	if _, err := ParseLayout("tall"); oversight.ErrorCode(err) != oversight.EInvalid {
		t.Errorf("layout tall: %v", err)
	}
	if _, err := ParseFormat("ods"); oversight.ErrorCode(err) != oversight.EInvalid {
		t.Errorf("format ods: %v", err)
	}
	if s, err := ParseSep("semicolon"); err != nil || s != ';' {
		t.Errorf("semicolon: %q %v", s, err)
	}
	if _, err := ParseSep("tab"); oversight.ErrorCode(err) != oversight.EInvalid {
		t.Errorf("sep tab: %v", err)
	}
}

// A report with nothing recorded still makes a readable workbook whose
// data sheet has its header and an empty totals row.
func TestEmptyReportMakesAWorkbook(t *testing.T) {
	unit := oversight.Unit{ID: 1, Code: "=X", Name: "@Đơn vị", Kind: "ward"}
	span := oversight.Span{From: oversight.NewMonth(2024, 1), To: oversight.NewMonth(2024, 2)}
	r := oversight.NewReport([]oversight.Unit{unit}, oversight.Buckets(span, oversight.ByQuarter), oversight.Catalogue[:3])
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, r, Options{Root: unit, Span: span, By: oversight.ByQuarter, Layout: LayoutWide}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), "|"); got != "Tổng hợp|Quý 1-2024|Thông tin" {
		t.Fatalf("sheets %q", got)
	}
	rows, _ := f.GetRows("Quý 1-2024")
	if len(rows) != 4 || rows[2][0] != "'=X" || rows[2][1] != "'@Đơn vị" {
		t.Errorf("rows %q", rows)
	}
	if sum, n := Checksum(r); n != 0 || len(sum) != 64 {
		t.Errorf("checksum of nothing: %q %d", sum, n)
	}
}

// Issue 10, item 7: every sheet of every workbook declares its true range.
// openpyxl's read-only mode (as pandas opens a file) trusts the declared
// <dimension ref>; it must read what the full load finds, sheet by sheet,
// for the wide and the long layout.
func TestEverySheetDeclaresItsTrueDimension(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import openpyxl").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must install python3-openpyxl: %v", err)
		}
		t.Skipf("no openpyxl: %v", err)
	}
	units := []oversight.Unit{{ID: 1, Code: "268", Name: "Quận Hà Đông", Kind: "district"}, {ID: 2, Code: "9538", Name: "Phường Nguyễn Trãi", Kind: "ward", ParentID: 1}}
	span := oversight.Span{From: oversight.NewMonth(2019, 1), To: oversight.NewMonth(2019, 6)}
	metrics, _ := oversight.ParseMetricCodes([]string{"dossiers_received", "dossiers_resolved", "dossiers_on_time", "procedures_listed"})
	buckets := oversight.Buckets(span, oversight.ByQuarter)
	r := oversight.NewReport(units, buckets, metrics)
	for b, bk := range buckets {
		var pts []oversight.Point
		for _, m := range bk.Span.Months() {
			for i, code := range []string{"dossiers_received", "dossiers_resolved", "dossiers_on_time", "procedures_listed"} {
				pts = append(pts, oversight.Point{Unit: int64(1 + (i+int(m))%2), Metric: code, Month: m, Value: float64(10 + i)})
			}
		}
		r.SetBucket(b, pts, nil)
	}
	script := `
import sys, openpyxl
full = openpyxl.load_workbook(sys.argv[1])
ro = openpyxl.load_workbook(sys.argv[1], read_only=True)
for name in full.sheetnames:
    rows = list(ro[name].iter_rows(values_only=True))
    cols = max((len(r) for r in rows), default=0)
    print(name, len(rows), cols, full[name].max_row, full[name].max_column, sep="|")
`
	for _, layout := range []Layout{LayoutWide, LayoutLong} {
		t.Run(string(layout), func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteXLSX(&buf, r, Options{Root: units[0], Subtree: true, Span: span, By: oversight.ByQuarter, Layout: layout}); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "x.xlsx")
			if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(py, "-c", script, path).CombinedOutput()
			if err != nil {
				t.Fatalf("openpyxl: %v\n%s", err, out)
			}
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			if len(lines) < 3 {
				t.Fatalf("openpyxl saw sheets %q", lines)
			}
			for _, line := range lines {
				f := strings.Split(line, "|")
				if len(f) != 5 || f[1] != f[3] || f[2] != f[4] || f[1] == "1" {
					t.Errorf("sheet %s: read-only mode reads %s rows × %s columns, the full load %s × %s", f[0], f[1], f[2], f[3], f[4])
				}
			}
		})
	}
}
