package xlsx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	textpkg "github.com/cchc/cchc/internal/text"
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
	if err != nil || len(dvs) != len(oversight.Catalogue) {
		t.Fatalf("data validation: %d rules %v, want one per metric", len(dvs), err)
	}
	// procedures_listed (C) is a count: whole, 0 to 10^9; the share of
	// procedures shortened (D) a percentage, 0 to 100.
	for _, w := range []struct{ sqref, typ, max string }{{"C4:C5", "whole", "1000000000"}, {"D4:D5", "decimal", "100"}} {
		found := false
		for _, dv := range dvs {
			if dv.Sqref == w.sqref {
				found = dv.Type == w.typ && dv.Formula1 == "0" && dv.Formula2 == w.max
				if !found {
					t.Errorf("%s: %+v", w.sqref, dv)
				}
			}
		}
		if !found {
			t.Errorf("no %s rule on %s", w.typ, w.sqref)
		}
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
// blank rows and a unit code stored as a number. Its styles are 0 General,
// 1 percent (built-in 10, 0.00%), 2 a date (built-in 14), 3 a custom
// "0.0%" and 4 a custom date; extraSST are shared strings 4, 5, ...
func foreignTemplate(t testing.TB, sheetRows string, extraSST ...string) []byte {
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
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/><sheet name="cchc" sheetId="2" state="veryHidden" r:id="rId2"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`)
	add("xl/styles.xml", `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="[$-42A]dd/mm/yyyy"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`)
	var sst strings.Builder
	for _, x := range append([]string{"cchc-entry-template", "268", "2019-11", "Phường Nguyễn Trãi"}, extraSST...) {
		sst.WriteString("<si><t xml:space=\"preserve\">")
		xml.EscapeText(&sst, []byte(x))
		sst.WriteString("</t></si>")
	}
	add("xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+sst.String()+`</sst>`)
	add("xl/worksheets/sheet2.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>unit</t></is></c><c r="B2" t="s"><v>1</v></c></row>
<row r="3"><c r="A3" t="inlineStr"><is><t>period</t></is></c><c r="B3" t="s"><v>2</v></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>catalogue</t></is></c><c r="B4"><v>1</v></c></row>
</sheetData></worksheet>`)
	add("xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="2"><c r="A2" t="inlineStr"><is><t>Mã đơn vị</t></is></c></row>
<row r="3"><c r="C3" t="inlineStr"><is><t>dossiers_received</t></is></c><c r="D3" t="inlineStr"><is><t>dossiers_resolved</t></is></c><c r="E3" t="inlineStr"><is><t>dossiers_on_time</t></is></c><c r="F3" t="inlineStr"><is><t>dossiers_late</t></is></c><c r="G3" t="inlineStr"><is><t>procedures_time_cut_pct</t></is></c></row>
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
	rep, err := xlsx.Import(bytes.NewReader(foreignTemplate(t, foreignRows)), nil, saveNothing, "", true)
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
	rep, err := xlsx.Import(bytes.NewReader(foreignTemplate(t, rows)), nil, saveNothing, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Saved || rep.Errors < 3 {
		t.Fatalf("report %+v: want refused with 3 or more errors", rep)
	}
	var all []string
	for _, is := range rep.Issues {
		all = append(all, is.Ref+": "+textpkg.T("vi", is.Key, is.Args...))
	}
	text := strings.Join(all, "\n")
	for _, w := range []string{"Sheet1!E4: 9538: Số hồ sơ giải quyết đúng hạn lớn hơn số đã giải quyết", "Sheet1!C5: 9541, Hồ sơ tiếp nhận: \"mười\" không phải là số", "Sheet1!C6: Dòng có số liệu nhưng thiếu mã đơn vị"} {
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
			if !errors.As(err, &e) || e.Code != want || textpkg.Error(e, "vi") == "" || textpkg.Error(e, "en") == "" {
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

// FuzzImportCellText puts a value into a figure cell of a foreign
// template, as each kind of cell a spreadsheet program writes, and checks
// the value read against an oracle that does not use the reader:
//
//	0 inline string, 1 shared string: what ParseNumber makes of the text,
//	  or a refusal of that cell;
//	2 a number cell holding Go's text of n: exactly n (never the
//	  Vietnamese reading of "12.345");
//	3, 4 a percent-formatted number (0.00% and a custom 0.0%) in the
//	  percent column: n × 100, to the last decimal digit;
//	5 the Vietnamese text of n with two decimals: n rounded to two
//	  decimals by strconv;
//	6 a formula with a cached number: n; 7 a formula without one, 8 a
//	  date, 9 TRUE/FALSE: refused at that cell, never dropped.
func FuzzImportCellText(f *testing.F) {
	for _, s := range []string{"6.538", "74,5%", "1.234,5", " 12 ", "-3", "1e309", "NaN", "0x10", "mười", ""} {
		f.Add(s, 0.0, uint8(0))
	}
	f.Add("", 12.345, uint8(2))
	f.Add("", 0.745, uint8(3))
	f.Add("", 0.9, uint8(4))
	f.Fuzz(func(t *testing.T, text string, n float64, kind uint8) {
		kind %= 10
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return // no program writes these into a number cell
		}
		num := strconv.FormatFloat(n, 'g', -1, 64)
		col, style, cell := "C", "0", ""
		var sst []string
		switch kind {
		case 0, 1:
			// Only text an XML file can carry: no control characters but
			// tab and line breaks (a spreadsheet program cannot write others).
			if !utf8.ValidString(text) || strings.ContainsFunc(text, func(r rune) bool {
				return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF
			}) {
				return
			}
			if kind == 1 {
				sst, cell = []string{text}, `t="s"><v>4</v>`
				break
			}
			var esc strings.Builder
			xml.EscapeText(&esc, []byte(text))
			cell = `t="inlineStr"><is><t xml:space="preserve">` + esc.String() + `</t></is>`
		case 2:
			cell = `><v>` + num + `</v>`
		case 3, 4:
			col, style, cell = "G", map[uint8]string{3: "1", 4: "3"}[kind], `><v>`+num+`</v>`
		case 5:
			text = textpkg.Number("vi", n, 2)
			cell = `t="inlineStr"><is><t>` + text + `</t></is>`
		case 6:
			cell = `><f>C5*2</f><v>` + num + `</v>`
		case 7:
			cell = `><f>C5*2</f>`
		case 8:
			style, cell = map[bool]string{true: "2", false: "4"}[n > 0], `><v>43782</v>`
		case 9:
			cell = `t="b"><v>1</v>`
		}
		ref := "Sheet1!" + col + "4"
		rows := `<row r="4"><c r="A4" t="inlineStr"><is><t>9538</t></is></c><c r="` + col + `4" s="` + style + `" ` + cell + `</c></row>`
		fl, err := xlsx.ReadTemplate(bytes.NewReader(foreignTemplate(t, rows, sst...)))
		if err != nil {
			t.Fatalf("kind %d %q %v: %v", kind, text, n, err)
		}
		got, _, issues := fl.Entries()
		if len(got)+len(issues) > 1 {
			t.Fatalf("kind %d: %d values and %d issues from one cell", kind, len(got), len(issues))
		}
		for _, is := range issues {
			if is.Ref != ref || textpkg.T("vi", is.Key, is.Args...) == is.Key || textpkg.T("en", is.Key, is.Args...) == is.Key {
				t.Fatalf("kind %d: issue %+v, want one at %s in both languages", kind, is, ref)
			}
		}
		refused := len(issues) == 1
		var v float64
		if len(got) == 1 {
			v = got[0].Value
		}
		switch kind {
		case 0, 1:
			want, err := oversight.ParseNumber(strings.TrimSpace(text))
			if strings.TrimSpace(text) == "" {
				if len(got)+len(issues) != 0 {
					t.Fatalf("blank text %q read as %v %v", text, got, issues)
				}
				return
			}
			if (err != nil) != refused || err == nil && v != want {
				t.Fatalf("text %q: read %v (refused %v), want %v (%v)", text, v, refused, want, err)
			}
		case 2, 6:
			if refused || v != n {
				t.Fatalf("number %s: read %v (refused %v), want %v", num, v, refused, n)
			}
		case 3, 4:
			want := n * 100
			if math.IsInf(want, 0) {
				if !refused {
					t.Fatalf("percent cell %s beyond any float read as %v", num, v)
				}
				return
			}
			if refused || math.Abs(v-want) > 1e-12*math.Max(1, math.Abs(want)) {
				t.Fatalf("percent cell %s: read %v (refused %v), want %v", num, v, refused, want)
			}
		case 5:
			want, _ := strconv.ParseFloat(strconv.FormatFloat(n, 'f', 2, 64), 64)
			if math.Abs(n) >= 1e15 {
				return // beyond float64's whole digits, formatting rounds differently
			}
			if refused || v != want && !(want == 0 && v == 0) {
				t.Fatalf("Vietnamese text %q of %v: read %v (refused %v), want %v", text, n, v, refused, want)
			}
		case 7, 8, 9:
			if !refused {
				t.Fatalf("kind %d read as %v, want a refusal", kind, got)
			}
		}
	})
}

// A stored fraction shown as a percentage reads as the percentage to the
// last digit (0.745 is 74.5, not 74.49999999999999).
func TestPercentCellsReadExactly(t *testing.T) {
	for stored, want := range map[string]float64{"0.745": 74.5, "0.9": 90, "0.123": 12.3, "1": 100, "0.0001": 0.01, "0.29": 29, "0.57": 57} {
		rows := `<row r="4"><c r="A4" t="inlineStr"><is><t>9538</t></is></c><c r="G4" s="1"><v>` + stored + `</v></c></row>`
		fl, err := xlsx.ReadTemplate(bytes.NewReader(foreignTemplate(t, rows)))
		if err != nil {
			t.Fatal(err)
		}
		got, _, issues := fl.Entries()
		if len(got) != 1 || got[0].Value != want {
			t.Errorf("%s shown as a percent read as %+v %+v, want %v", stored, got, issues, want)
		}
	}
}

// typedFixture reads a template filled by a spreadsheet program and
// returns, by "unit metric", the value read or the refusal's message.
func typedFixture(t *testing.T, name string) (values map[string]float64, refused map[string]string) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fl, err := xlsx.ReadTemplate(f)
	if err != nil {
		t.Fatal(err)
	}
	if fl.Unit != "268" || fl.Month != oversight.NewMonth(2019, 11) {
		t.Fatalf("read %+v", fl)
	}
	unitOf := map[string]string{}
	for _, c := range fl.Cells {
		unitOf[c.Ref] = c.Unit + " " + c.Metric
	}
	rows, _, issues := fl.Entries()
	values, refused = map[string]float64{}, map[string]string{}
	for _, r := range rows {
		values[r.Unit+" "+r.Metric] = r.Value
	}
	for _, is := range issues {
		refused[unitOf[is.Ref]] = textpkg.T("vi", is.Key, is.Args...)
	}
	return values, refused
}

// The fixtures are cchc's own template filled by openpyxl (numbers,
// percents formatted 0% and 0.0%, a formula without a cached value, a
// date, TRUE, Vietnamese text) and the same file re-saved by LibreOffice
// Calc 7.4 (which calculates the formula and turns TRUE into =TRUE(), 1);
// testdata/make_fixtures.py makes them and says what each cell holds.
func TestReadTypedCellsFromSpreadsheetPrograms(t *testing.T) {
	common := map[string]float64{
		"9538 dossiers_received": 6538, "9538 dossiers_resolved": 10, "9538 dossiers_late": 1,
		"9538 trainees":                12.345, // read as stored: the rules then refuse a fraction in a count
		"9538 procedures_time_cut_pct": 74.5, "9541 procedures_time_cut_pct": 90,
		"9541 dossiers_received": 6538, "9541 procedures_listed": 135,
		"9542 procedures_time_cut_pct": 74.5, "9542 staff_evaluated": 4118,
	}
	commonRefused := map[string]string{
		"9541 inspections":      "Lượt kiểm tra công vụ: ô chứa ngày tháng",
		"9542 training_classes": "Lớp bồi dưỡng: ô định dạng phần trăm (hiện 50%) nhưng chỉ tiêu là số đếm",
	}
	cases := []struct {
		file    string
		values  map[string]float64
		refused map[string]string
	}{
		{"openpyxl-typed-268-2019-11.xlsx", map[string]float64{}, map[string]string{
			"9538 dossiers_on_time": "ô có công thức =I20-K20 nhưng chưa có kết quả tính sẵn",
			"9541 heads_cut":        "Cấp trưởng giảm: ô chứa giá trị đúng/sai (TRUE/FALSE)",
		}},
		{"libreoffice-typed-268-2019-11.xlsx", map[string]float64{"9538 dossiers_on_time": 9, "9541 heads_cut": 1}, map[string]string{}},
		// The same file re-saved by LibreOffice Calc with a Vietnamese locale
		// (vi-VN: comma decimals, dot thousands on screen).
		{"libreoffice-vi-typed-268-2019-11.xlsx", map[string]float64{"9538 dossiers_on_time": 9, "9541 heads_cut": 1}, map[string]string{}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			for k, v := range common {
				tc.values[k] = v
			}
			for k, v := range commonRefused {
				tc.refused[k] = v
			}
			values, refused := typedFixture(t, tc.file)
			for k, want := range tc.values {
				if got, ok := values[k]; !ok || got != want {
					t.Errorf("%s = %v (read: %v), want %v; refused: %q", k, got, ok, want, refused[k])
				}
			}
			for k, want := range tc.refused {
				if !strings.Contains(refused[k], want) {
					t.Errorf("%s refused with %q, want %q", k, refused[k], want)
				}
			}
			if len(values) != len(tc.values) || len(refused) != len(tc.refused) {
				t.Errorf("read %d values, %d refusals; want %d, %d:\n%v\n%v", len(values), len(refused), len(tc.values), len(tc.refused), values, refused)
			}
		})
	}
}

// Through the import, a fraction in a count is refused by cell, saying
// what was typed the way the user reads it (12,345 is twelve point three).
func TestImportRefusesAFractionInACountCell(t *testing.T) {
	f, err := os.Open("testdata/libreoffice-typed-268-2019-11.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := xlsx.Import(f, nil, saveNothing, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Saved {
		t.Fatal("saved a file with refused cells")
	}
	var found bool
	for _, is := range rep.Issues {
		if is.Ref == "Sheet1!V20" {
			found = strings.Contains(textpkg.T("vi", is.Key, is.Args...), "phải là số nguyên không âm (đã nhập 12,345)")
		}
	}
	if !found {
		t.Errorf("no refusal of V20 as not whole: %+v", rep.Issues)
	}
}

// A unit on two rows gives a figure twice: refused at the second cell,
// naming both cells as the sheet shows them and the unit by its name
// (not by the batch's internal row numbers).
func TestImportNamesBothCellsOfADuplicate(t *testing.T) {
	rows := `<row r="4"><c r="A4" t="inlineStr"><is><t>9538</t></is></c><c r="B4" t="s"><v>3</v></c><c r="C4"><v>10</v></c></row>
<row r="9"><c r="A9" t="inlineStr"><is><t>9538</t></is></c><c r="B9" t="s"><v>3</v></c><c r="C9"><v>12</v></c><c r="D9"><v>5</v></c></row>`
	rep, err := xlsx.Import(bytes.NewReader(foreignTemplate(t, rows)), nil, saveNothing, "", true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Saved || rep.Errors != 1 || len(rep.Issues) != 1 {
		t.Fatalf("report %+v, want one refusal", rep)
	}
	is := rep.Issues[0]
	if is.Ref != "Sheet1!C9" || textpkg.T("vi", is.Key, is.Args...) != "Phường Nguyễn Trãi (9538), Hồ sơ tiếp nhận: có hai giá trị, ở ô Sheet1!C4 và Sheet1!C9; giữ lại một." {
		t.Errorf("issue %+v", is)
	}
}

// Inline strings in rich text are read run by run, phonetic hints left
// out, whitespace between elements ignored.
func TestReadInlineRichText(t *testing.T) {
	rows := `<row r="4"><c r="A4" t="inlineStr"><is><t>9538</t></is></c><c r="C4" t="inlineStr"><is>
  <r><rPr><b/></rPr><t>6.</t></r>
  <r><t>538</t></r><rPh sb="0" eb="1"><t>x</t></rPh>
</is></c></row>`
	fl, err := xlsx.ReadTemplate(bytes.NewReader(foreignTemplate(t, rows)))
	if err != nil {
		t.Fatal(err)
	}
	got, _, issues := fl.Entries()
	if len(got) != 1 || got[0].Value != 6538 {
		t.Fatalf("rich text read as %+v %+v, want 6538", got, issues)
	}
}
