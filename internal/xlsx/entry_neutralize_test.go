package xlsx_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/xlsx"
)

// Unit names are typed by people; in the entry template they stay text
// that a spreadsheet program never runs as a formula (issue 15, item 8),
// and the template still imports.
func TestWriteTemplateNeutralisesUnitNames(t *testing.T) {
	spec := entrySpec()
	spec.Rows[1].Name = "＝1+1"
	var buf bytes.Buffer
	if err := xlsx.WriteTemplate(&buf, spec); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct{ cell, want string }{
		{"B5", "'＝1+1"},
		{"B4", "Phường Nguyễn Trãi"},
	} {
		got, _ := f.GetCellValue(xlsx.EntrySheet, c.cell)
		if got != c.want {
			t.Errorf("%s = %q, want %q", c.cell, got, c.want)
		}
		if fml, _ := f.GetCellFormula(xlsx.EntrySheet, c.cell); fml != "" {
			t.Errorf("%s holds the formula %q", c.cell, fml)
		}
	}
	if fl, err := xlsx.ReadTemplate(bytes.NewReader(raw)); err != nil || len(fl.Cells) != 1 {
		t.Fatalf("the neutralised template does not import: %+v %v", fl, err)
	}
}
