package xlsx

import (
	"encoding/xml"
	"strings"
	"testing"
)

// Tests of the small readers behind a number cell (issue 17: mutation
// testing of template reading), each against a table written by hand.

// builtinDate against ECMA-376's list, written out number by number, with
// the ids on each side of every range.
func TestBuiltinDateFormatsByHand(t *testing.T) {
	dates := map[int]bool{}
	for _, id := range []int{14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58} {
		dates[id] = true
	}
	for id := 0; id <= 60; id++ {
		if got := builtinDate(id); got != dates[id] {
			t.Errorf("builtinDate(%d) = %v, want %v", id, got, dates[id])
		}
	}
}

func TestFormatCodeLiteralsByHand(t *testing.T) {
	for _, c := range []struct{ code, want string }{
		{`0.0%`, `0.0%`},
		{`0"%"`, `0`},     // quoted text
		{`0" %"0`, `00`},  // the quote ends where its pair is
		{`"abc`, ``},      // an unclosed quote runs to the end
		{`0\%`, `0`},      // an escaped character
		{`0\%0`, `00`},    // only the next character
		{`0_%0`, `00`},    // padding the width of the next character
		{`0*%0`, `00`},    // filling with the next character
		{`[Red]0%`, `0%`}, // a colour
		{`[$-42A]dd/mm`, `dd/mm`},
		{`[h]:mm`, `:mm`},
		{`[abc`, ``}, // an unclosed bracket runs to the end
		{`#,##0`, `#,##0`},
		{``, ``},
	} {
		if got := formatCodeLiterals(c.code); got != c.want {
			t.Errorf("formatCodeLiterals(%q) = %q, want %q", c.code, got, c.want)
		}
	}
}

func TestFormatIsPercentOrDateByHand(t *testing.T) {
	for _, c := range []struct {
		code          string
		percent, date bool
	}{
		{`0%`, true, false},
		{`0.0%`, true, false},
		{`#,##0.00" %"`, false, false}, // the % is text
		{`0\%`, false, false},
		{`General`, false, false},
		{`[$-42A]General`, false, false},
		{`general`, false, false},
		{`General" d"`, false, false},
		{`dd/mm/yyyy`, false, true},
		{`DD/MM/YYYY`, false, true},
		{`m/d/yy`, false, true},
		{`yyyy`, false, true},
		{`h:mm`, false, true},
		{`ss`, false, true},
		{`[h]:mm:ss`, false, true},
		{`#,##0`, false, false},
		{`0" ngày"`, false, false}, // a number with a word after it
		{`"Tháng "0`, false, false},
		{`[Red]#,##0`, false, false},
	} {
		if got := formatIsPercent(c.code); got != c.percent {
			t.Errorf("formatIsPercent(%q) = %v, want %v", c.code, got, c.percent)
		}
		if got := formatIsDate(c.code); got != c.date {
			t.Errorf("formatIsDate(%q) = %v, want %v", c.code, got, c.date)
		}
	}
}

func TestSplitRefByHand(t *testing.T) {
	for _, c := range []struct {
		ref      string
		col, row int
	}{
		{"A1", 1, 1},
		{"a1", 1, 1}, // lower case, from the first letter
		{"Z9", 26, 9},
		{"z9", 26, 9},
		{"AA10", 27, 10},
		{"AB12", 28, 12},
		{"ab12", 28, 12},
		{"BA3", 53, 3},
		{"XFD1048576", 16384, 1048576}, // the last cell of a sheet
		{"xfd2", 16384, 2},
	} {
		col, row, err := splitRef(c.ref)
		if err != nil || col != c.col || row != c.row {
			t.Errorf("splitRef(%q) = %d, %d, %v; want %d, %d", c.ref, col, row, err, c.col, c.row)
		}
	}
	for _, ref := range []string{"", "A", "1", "12", "A0", "A-1", "A1048577", "XFE1", "AAAA1", "A1x", "Ä1", "@1", "[1"} {
		if col, row, err := splitRef(ref); err == nil {
			t.Errorf("splitRef(%q) = %d, %d, want an error", ref, col, row)
		}
	}
}

// shiftPercent moves the decimal point of the stored text two places:
// the expected values are decimals written by hand, compared exactly.
func TestShiftPercentByHand(t *testing.T) {
	for _, c := range []struct {
		stored string
		want   float64
	}{
		{"0.745", 74.5},
		{"0.1", 10},
		{"0.7", 70},
		{"1", 100},
		{"0", 0},
		{"12.345", 1234.5},
		{"-0.25", -25},
		{"1.5E-3", 0.15},
		{"2.5e-7", 0.000025},
		{"0.0001", 0.01},
		{"123456789", 12345678900},
		{"0.07", 7},
		{"0.29", 29}, // 0.29*100 is 28.999999999999996 in binary
	} {
		got, err := shiftPercent(c.stored)
		if err != nil || got != c.want {
			t.Errorf("shiftPercent(%q) = %v, %v; want %v", c.stored, got, err, c.want)
		}
	}
	for _, s := range []string{"", "abc", "1,5", "0.5%"} {
		if v, err := shiftPercent(s); err == nil {
			t.Errorf("shiftPercent(%q) = %v, want an error", s, v)
		}
	}
}

// A shared string is its plain text, or its rich-text runs joined (after
// any plain text before them), decoded from the XML a program writes.
func TestSharedStringTextByHand(t *testing.T) {
	for _, c := range []struct{ xml, want string }{
		{`<si><t>1.250</t></si>`, "1.250"},
		{`<si><r><t>1.</t></r><r><t>250</t></r></si>`, "1.250"},
		{`<si><t>12</t><r><t>,5</t></r></si>`, "12,5"},
		{`<si></si>`, ""},
	} {
		var s xmlString
		if err := xml.Unmarshal([]byte(c.xml), &s); err != nil {
			t.Fatal(err)
		}
		if got := s.String(); got != c.want {
			t.Errorf("%s reads %q, want %q", c.xml, got, c.want)
		}
	}
}

// decodeCell keeps a cell's value, formula and inline text, and leaves out
// the phonetic hints (<rPh>) Japanese Excel writes inside a string.
func TestDecodeCellByHand(t *testing.T) {
	for _, c := range []struct {
		xml                  string
		ref, typ, v, f, text string
		style                int
	}{
		{`<c r="B7" s="3"><v>0.745</v></c>`, "B7", "", "0.745", "-", "-", 3},
		{`<c r="C2" t="str"><f>SUM(A1:A2)</f><v>12</v></c>`, "C2", "str", "12", "SUM(A1:A2)", "-", 0},
		{`<c r="D4" t="inlineStr"><is><t>1.250</t></is></c>`, "D4", "inlineStr", "-", "-", "1.250", 0},
		{`<c r="D5" t="inlineStr"><is><r><t>12</t></r><r><t>,5</t></r><rPh sb="0" eb="1"><t>ジュウニ</t></rPh></is></c>`, "D5", "inlineStr", "-", "-", "12,5", 0},
		{`<c r="D6" t="inlineStr"><is><t>7</t><rPh sb="0" eb="1"><t>ナナ</t></rPh><phoneticPr fontId="1"/></is></c>`, "D6", "inlineStr", "-", "-", "7", 0},
	} {
		d := xml.NewDecoder(strings.NewReader(c.xml))
		tok, err := d.Token()
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeCell(d, tok.(xml.StartElement))
		if err != nil {
			t.Fatalf("%s: %v", c.xml, err)
		}
		str := func(p *string) string {
			if p == nil {
				return "-"
			}
			return *p
		}
		text := "-"
		if got.IS != nil {
			text = got.IS.String()
		}
		if got.R != c.ref || got.T != c.typ || got.S != c.style || str(got.V) != c.v || str(got.F) != c.f || text != c.text {
			t.Errorf("%s = r %q t %q s %d v %q f %q text %q", c.xml, got.R, got.T, got.S, str(got.V), str(got.F), text)
		}
	}
}
