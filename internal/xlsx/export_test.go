package xlsx

import (
	"bytes"
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
