package xlsx

import (
	"archive/zip"
	"bytes"
	"testing"
)

// handWorkbook is an .xlsx written part by part by hand: styles 0 General,
// 1 built-in percent (9), 2 built-in date (14), 3 custom percent with a
// colour, 4 custom "0\" ngày\"" (a number with a word, not a date), 5 custom
// date; two shared strings.
func handWorkbook(t *testing.T, sheet string) xlsxParts {
	t.Helper()
	parts := map[string]string{
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Khác" sheetId="1" r:id="rId1"/><sheet name="Nhập liệu" sheetId="2" r:id="rId2"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>`,
		"xl/styles.xml": `<styleSheet><numFmts count="3"><numFmt numFmtId="164" formatCode="[Red]0.0%"/><numFmt numFmtId="165" formatCode="0&quot; ngày&quot;"/><numFmt numFmtId="166" formatCode="dd/mm/yyyy"/></numFmts>
<cellXfs><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>`,
		"xl/sharedStrings.xml":     `<sst><si><t>1.250</t></si><si><r><t>74,</t></r><r><t>5%</t></r></si></sst>`,
		"xl/worksheets/sheet1.xml": `<worksheet><sheetData><row r="1"><c r="A1"><v>999</v></c></row></sheetData></worksheet>`,
		"xl/worksheets/sheet2.xml": sheet,
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, body := range parts {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	p, err := newParts(buf.Bytes(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Every kind of cell a person's spreadsheet holds, and where it is, read
// from a sheet written by hand: what each must read as is worked out from
// the XML, not from the reader.
func TestReadSheetCellsEveryKindByHand(t *testing.T) {
	sheet := `<worksheet><sheetData>
<row r="2">
 <c r="A2"><v>12.345</v></c>
 <c r="B2" s="1"><v>0.745</v></c>
 <c r="C2" s="2"><v>45000</v></c>
 <c r="D2" s="3"><v>0.5</v></c>
 <c r="E2" s="4"><v>7</v></c>
 <c r="F2" s="5"><v>45001</v></c>
 <c r="G2" t="s"><v>0</v></c>
 <c r="H2" t="s"><v>1</v></c>
</row>
<row r="3">
 <c r="A3" t="inlineStr"><is><t>6.538</t></is></c>
 <c r="B3" t="str"><f>"1"&amp;"2"</f><v>12</v></c>
 <c r="C3"><f>SUM(A2:B2)</f></c>
 <c r="D3"><f>SUM(A2:B2)</f><v>13.09</v></c>
 <c r="E3" t="b"><v>1</v></c>
 <c r="F3" t="e"><v>#DIV/0!</v></c>
 <c r="G3" t="d"><v>2024-03-01</v></c>
 <c r="H3"/>
 <c r="I3" t="inlineStr"/>
 <c r="J3" s="9"><v>5</v></c>
</row>
<row><c><v>1</v></c><c t="n"><v> 2 </v></c></row>
<row r="9"><c r="c9"><v>3</v></c><c><v>4</v></c></row>
</sheetData></worksheet>`
	want := []rawCell{
		{1, 2, kindNumber, "12.345"}, // twelve point three, as stored
		{2, 2, kindPercent, "0.745"},
		{3, 2, kindDate, "45000"},
		{4, 2, kindPercent, "0.5"},
		{5, 2, kindNumber, "7"},
		{6, 2, kindDate, "45001"},
		{7, 2, kindText, "1.250"},
		{8, 2, kindText, "74,5%"},
		{1, 3, kindText, "6.538"},
		{2, 3, kindText, "12"},
		{3, 3, kindNoCachedFormula, "SUM(A2:B2)"},
		{4, 3, kindNumber, "13.09"}, // a formula with its cached result
		{5, 3, kindBool, "1"},
		{6, 3, kindError, "#DIV/0!"},
		{7, 3, kindDate, "2024-03-01"},
		{10, 3, kindNumber, "5"}, // a style the file does not define: General
		{1, 4, kindNumber, "1"},  // no r: the row after the last, columns counted
		{2, 4, kindNumber, "2"},
		{3, 9, kindNumber, "3"}, // a lower-case reference
		{4, 9, kindNumber, "4"},
	}
	var got []rawCell
	if err := readSheetCells(handWorkbook(t, sheet), "Nhập liệu", func(c rawCell) error {
		got = append(got, c)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("%d cells, want %d: %+v", len(got), len(want), got)
	}
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			t.Errorf("cell %d = %+v, want %+v", i, got[i], want[i])
		}
	}

	t.Run("a shared string that does not exist is refused", func(t *testing.T) {
		for _, v := range []string{"2", "-1", "x"} {
			err := readSheetCells(handWorkbook(t, `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>`+v+`</v></c></row></sheetData></worksheet>`), "Nhập liệu", func(rawCell) error { return nil })
			if err == nil {
				t.Errorf("shared string %s read", v)
			}
		}
	})
	t.Run("a sheet that is not in the workbook is refused", func(t *testing.T) {
		if err := readSheetCells(handWorkbook(t, sheet), "Không có", func(rawCell) error { return nil }); err == nil {
			t.Error("read a missing sheet")
		}
	})
}
