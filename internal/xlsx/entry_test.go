package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/xlsx"
)

func entrySpec() xlsx.TemplateSpec {
	return xlsx.TemplateSpec{UnitCode: "268", UnitName: "Quận Hà Đông", Month: oversight.NewMonth(2019, 11),
		Metrics: oversight.Catalogue,
		Rows: []xlsx.TemplateUnit{
			{Code: "9538", Name: "Phường Nguyễn Trãi", Values: map[string]float64{"dossiers_received": 6538}},
			{Code: "9541", Name: "Phường Mộ Lao"},
		}}
}

// The written template is checked cell by cell: headers, codes, locked
// identifiers, unlocked inputs, validation and the hidden sheet.
func TestWriteTemplate(t *testing.T) {
	var buf bytes.Buffer
	if err := xlsx.WriteTemplate(&buf, entrySpec()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cell := func(sheet, ref string) string {
		v, err := f.GetCellValue(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	want := map[string]string{"A2": "Mã đơn vị", "B2": "Tên đơn vị", "C2": "TTHC niêm yết công khai", "C3": "procedures_listed",
		"A4": "9538", "B4": "Phường Nguyễn Trãi", "A5": "9541", "B5": "Phường Mộ Lao"}
	for ref, w := range want {
		if got := cell(xlsx.EntrySheet, ref); got != w {
			t.Errorf("%s = %q, want %q", ref, got, w)
		}
	}
	recv := 3 + 4 // dossiers_received is the 5th metric -> column G
	col, _ := excelize.ColumnNumberToName(recv)
	if got := cell(xlsx.EntrySheet, col+"3"); got != "dossiers_received" {
		t.Fatalf("%s3 = %q", col, got)
	}
	raw, _ := f.GetCellValue(xlsx.EntrySheet, col+"4", excelize.Options{RawCellValue: true})
	if raw != "6538" {
		t.Errorf("stored value %s4 = %q, want 6538", col, raw)
	}
	if v, _ := f.GetSheetVisible(xlsx.MetaSheet); v {
		t.Error("the identifying sheet is visible")
	}
	for ref, w := range map[string]string{"A1": "cchc-entry-template", "B2": "268", "B3": "2019-11", "B4": fmt.Sprint(oversight.CatalogueVersion)} {
		if got := cell(xlsx.MetaSheet, ref); got != w {
			t.Errorf("%s!%s = %q, want %q", xlsx.MetaSheet, ref, got, w)
		}
	}
	dvs, err := f.GetDataValidations(xlsx.EntrySheet)
	if err != nil || len(dvs) != 1 || dvs[0].Type != "decimal" || !strings.HasPrefix(dvs[0].Sqref, "C4:") {
		t.Errorf("data validation: %+v %v, want one decimal rule from C4", dvs, err)
	}
	locked := func(ref string) bool {
		id, _ := f.GetCellStyle(xlsx.EntrySheet, ref)
		st, _ := f.GetStyle(id)
		return st.Protection == nil || st.Protection.Locked
	}
	if !locked("A4") || !locked("B4") || !locked("C3") || locked("C4") || locked(col+"5") {
		t.Error("identifier cells must be locked and input cells unlocked")
	}
}

func saveNothing(rows []oversight.EntryRow, dryRun bool) ([]oversight.RowIssue, bool, int, error) {
	return oversight.CheckBatch(rows, nil), !dryRun, len(rows), nil
}

func TestReadOwnTemplateRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := xlsx.WriteTemplate(&buf, entrySpec()); err != nil {
		t.Fatal(err)
	}
	fl, err := xlsx.ReadTemplate(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if fl.Unit != "268" || fl.Month != oversight.NewMonth(2019, 11) || len(fl.Cells) != 1 {
		t.Fatalf("read %+v", fl)
	}
	if c := fl.Cells[0]; c.Unit != "9538" || c.Metric != "dossiers_received" || c.Text != "6538" || c.Ref != "Sheet1!G4" {
		t.Errorf("cell %+v", c)
	}
}

// foreignTemplate builds, by hand, a workbook the way other programs
// write one: inline strings for the codes, shared strings elsewhere, a
// formula with a cached value, numbers typed as text (Vietnamese style),
// blank rows and a unit code stored as a number.
func foreignTemplate(t testing.TB, sheetRows string) []byte {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	add := func(name, body string) {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/><sheet name="cchc" sheetId="2" state="veryHidden" r:id="rId2"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)
	add("xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
<si><t>cchc-entry-template</t></si><si><t>268</t></si><si><t>2019-11</t></si><si><t>Phường Nguyễn Trãi</t></si></sst>`)
	add("xl/worksheets/sheet2.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>unit</t></is></c><c r="B2" t="s"><v>1</v></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>period</t></is></c><c r="B3" t="s"><v>2</v></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>catalogue</t></is></c><c r="B4"><v>1</v></c></row>
</sheetData></worksheet>`)
	add("xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="2"><c r="A2" t="inlineStr"><is><t>Mã đơn vị</t></is></c></row>
<row r="3"><c r="C3" t="inlineStr"><is><t>dossiers_received</t></is></c><c r="D3" t="inlineStr"><is><t>dossiers_resolved</t></is></c><c r="E3" t="inlineStr"><is><t>dossiers_on_time</t></is></c><c r="F3" t="inlineStr"><is><t>dossiers_late</t></is></c></row>
`+sheetRows+`
</sheetData></worksheet>`)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Row 4: code as a number, figures as Vietnamese text, a formula with its
// cached value; rows 5-6 blank; row 7: code as a shared string.
const foreignRows = `<row r="4"><c r="A4"><v>9538</v></c><c r="B4" t="s"><v>3</v></c><c r="C4" t="str"><v>6.538</v></c><c r="D4" t="inlineStr"><is><t>6538</t></is></c><c r="E4"><f>D4-F4</f><v>6530</v></c><c r="F4"><v>8</v></c></row>
<row r="7"><c r="A7" t="inlineStr"><is><t>9541</t></is></c><c r="C7"><v>12</v></c></row>`

func TestReadForeignTemplate(t *testing.T) {
	rep, err := xlsx.Import(bytes.NewReader(foreignTemplate(t, foreignRows)), saveNothing, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Unit != "268" || rep.Values != 5 || len(rep.Issues) != 0 || !rep.Saved {
		t.Fatalf("report %+v", rep)
	}
	fl, err := xlsx.ReadTemplate(bytes.NewReader(foreignTemplate(t, foreignRows)))
	if err != nil {
		t.Fatal(err)
	}
	rows, refs, issues := fl.Entries()
	if len(issues) != 0 {
		t.Fatalf("issues %+v", issues)
	}
	got := map[string]float64{}
	for i, r := range rows {
		got[refs[i]+"/"+r.Unit] = r.Value
	}
	want := map[string]float64{"Sheet1!C4/9538": 6538, "Sheet1!D4/9538": 6538, "Sheet1!E4/9538": 6530, "Sheet1!F4/9538": 8, "Sheet1!C7/9541": 12}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v (all: %v)", k, got[k], v, got)
		}
	}
}

func TestImportReportsEveryCell(t *testing.T) {
	rows := `<row r="4"><c r="A4" t="inlineStr"><is><t>9538</t></is></c><c r="C4"><v>10</v></c><c r="D4"><v>5</v></c><c r="E4"><v>7</v></c></row>
<row r="5"><c r="A5" t="inlineStr"><is><t>9541</t></is></c><c r="C5" t="inlineStr"><is><t>mười</t></is></c></row>
<row r="6"><c r="C6"><v>3</v></c></row>`
	rep, err := xlsx.Import(bytes.NewReader(foreignTemplate(t, rows)), saveNothing, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Saved || rep.Errors < 3 {
		t.Fatalf("report %+v: want refused with 3 or more errors", rep)
	}
	var all []string
	for _, is := range rep.Issues {
		all = append(all, is.Ref+": "+is.Message)
	}
	text := strings.Join(all, "\n")
	for _, w := range []string{"Sheet1!E4: Số hồ sơ giải quyết đúng hạn lớn hơn số đã giải quyết", "Sheet1!C5: \"mười\" không phải là số", "Sheet1!C6: Dòng có số liệu nhưng thiếu mã đơn vị"} {
		if !strings.Contains(text, w) {
			t.Errorf("issues lack %q:\n%s", w, text)
		}
	}
}

func TestReadTemplateRefusesOtherFiles(t *testing.T) {
	plain := excelize.NewFile()
	plain.SetCellValue("Sheet1", "A1", "code")
	var pb bytes.Buffer
	plain.WriteTo(&pb)
	var own bytes.Buffer
	xlsx.WriteTemplate(&own, entrySpec())
	truncated := own.Bytes()[:own.Len()/2]
	cases := map[string][]byte{
		"NotOurTemplate": pb.Bytes(),
		"Corrupt":        truncated,
		"NotAZip":        []byte("code,name\n1,a\n"),
		"TooLarge":       bytes.Repeat([]byte{'x'}, xlsx.MaxTemplateBytes+10),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := xlsx.ReadTemplate(bytes.NewReader(b))
			var e *oversight.Error
			want := oversight.EInvalid
			if name == "TooLarge" {
				want = oversight.ETooLarge
			}
			if !errors.As(err, &e) || e.Code != want || e.Message == "" || e.MessageEN == "" {
				t.Fatalf("err = %v, want a bilingual %s error", err, want)
			}
		})
	}
}

// FuzzReadTemplate: whatever the bytes, reading never panics and either
// fails with a user-facing error or yields cells with references.
func FuzzReadTemplate(f *testing.F) {
	var own bytes.Buffer
	xlsx.WriteTemplate(&own, entrySpec())
	f.Add(own.Bytes())
	f.Add(foreignTemplate(f, foreignRows))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		fl, err := xlsx.ReadTemplate(bytes.NewReader(b))
		if err != nil {
			if oversight.ErrorCode(err) != oversight.EInvalid {
				t.Fatalf("non-user error %v", err)
			}
			return
		}
		rows, refs, issues := fl.Entries()
		if len(rows) != len(refs) {
			t.Fatalf("%d rows, %d refs", len(rows), len(refs))
		}
		for _, is := range issues {
			if !strings.HasPrefix(is.Ref, xlsx.EntrySheet+"!") {
				t.Fatalf("issue without a cell reference: %+v", is)
			}
		}
	})
}

// testdata/libreoffice-268-2019-11.xlsx is a template written by cchc,
// filled (a formula J19 = I19-K19, "1.200" and "74,5" typed as text) and
// re-saved by LibreOffice Calc 7 (`soffice --convert-to xlsx`), which
// rewrites every string as a shared string, caches the formula's value and
// turns the very hidden sheet into a hidden one.
func TestReadTemplateResavedByLibreOffice(t *testing.T) {
	f, err := os.Open("testdata/libreoffice-268-2019-11.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fl, err := xlsx.ReadTemplate(f)
	if err != nil {
		t.Fatal(err)
	}
	rows, refs, issues := fl.Entries()
	if len(issues) != 0 || fl.Unit != "268" || fl.Month != oversight.NewMonth(2019, 11) {
		t.Fatalf("read %+v, issues %+v", fl, issues)
	}
	got := map[string]string{}
	for i, r := range rows {
		got[refs[i]] = fmt.Sprintf("%s %s %v", r.Unit, r.Metric, r.Value)
	}
	want := map[string]string{
		"Sheet1!J19": "9538 dossiers_on_time 9", "Sheet1!I19": "9538 dossiers_resolved 10", "Sheet1!K19": "9538 dossiers_late 1",
		"Sheet1!V19": "9538 trainees 1200", "Sheet1!D18": "9541 procedures_time_cut_pct 74.5",
	}
	for ref, w := range want {
		if got[ref] != w {
			t.Errorf("%s = %q, want %q", ref, got[ref], w)
		}
	}
	if len(rows) != 6 {
		t.Errorf("%d figures, want 6: %v", len(rows), got)
	}
}

// FuzzImportCellText puts arbitrary text into a figure cell of a foreign
// template: the import either reads it as a number or reports that very
// cell, and never panics.
func FuzzImportCellText(f *testing.F) {
	for _, s := range []string{"6.538", "74,5%", "1.234,5", " 12 ", "-3", "1e309", "NaN", "0x10", "mười", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var esc strings.Builder
		if err := xml.EscapeText(&esc, []byte(text)); err != nil {
			t.Skip()
		}
		rows := `<row r="4"><c r="A4" t="inlineStr"><is><t>9538</t></is></c><c r="C4" t="inlineStr"><is><t>` + esc.String() + `</t></is></c></row>`
		rep, err := xlsx.Import(bytes.NewReader(foreignTemplate(t, rows)), saveNothing, "", false)
		if err != nil {
			if oversight.ErrorCode(err) != oversight.EInvalid {
				t.Fatalf("%q: non-user error %v", text, err)
			}
			return
		}
		for _, is := range rep.Issues {
			if is.Ref != "Sheet1!C4" {
				t.Fatalf("%q: issue at %q, want Sheet1!C4", text, is.Ref)
			}
		}
		if rep.Values > 1 {
			t.Fatalf("%q: %d values from one cell", text, rep.Values)
		}
	})
}
