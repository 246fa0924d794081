package xlsx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
)

// tokens lists what a lexer reads, then how it ended.
func tokens(l sheetLexer) (out []string, end error) {
	for {
		t, err := l.next()
		if err != nil {
			return out, err
		}
		s := fmt.Sprintf("%d %q %q", t.kind, t.local, t.text)
		for _, a := range t.attrs {
			s += fmt.Sprintf(" %q=%q", a.local, a.value)
		}
		out = append(out, s)
	}
}

// sheetSeeds are sheets as the programs people use write them, and the
// XML corners the fast reader must read as encoding/xml does or give up on.
var sheetSeeds = []string{
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac"><dimension ref="A1:C4"/><sheetData><row r="3" spans="1:3" x14ac:dyDescent="0.25"><c r="A3" t="s"><v>0</v></c><c r="B3" s="1"><v>0.745</v></c><c r="C3"><f>A1+1</f><v>13</v></c></row><row r="4"><c r="A4" t="inlineStr"><is><t xml:space="preserve"> 1.250 </t></is></c><c r="B4" t="str"><f t="shared" ref="B4:B9" si="0"/><v></v></c><c r="C4" t="e"><v>#DIV/0!</v></c></row></sheetData></worksheet>`,
	`<worksheet><sheetData><row><c><v>1</v></c><c/><c t='b'><v>1</v></c></row><row><c r = "B2" s = '2' ><v> 7 </v></c></row></sheetData></worksheet>`,
	`<worksheet><sheetData><row r="2"><c r="D5" t="inlineStr"><is><r><rPr><b/></rPr><t>12</t></r><r><t>,5</t></r><rPh sb="0" eb="1"><t>ジュウニ</t></rPh></is></c></row></sheetData></worksheet>`,
	"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a &amp; b &lt;&gt; &quot;&apos; &#65;&#x42;\r\nz\rq</t></is></c></row></sheetData></worksheet>",
	`<worksheet><sheetData><row r="1"><c r="A1"><v>1<!-- two -->2</v></c></row></sheetData></worksheet>`,
	`<worksheet><sheetData><row r="1"><c r="A1" t="str"><v><![CDATA[<12>]]></v></c></row></sheetData></worksheet>`,
	`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>5</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
	`<!DOCTYPE w [<!ENTITY e "9">]><worksheet><sheetData><row r="1"><c r="A1"><v>&e;</v></c></row></sheetData></worksheet>`,
	`<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData></worksheet>`,
	`<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>`,
	`<worksheet><sheetData><row r="1"><c r="A1" x:r="B2"><v>1</v></c></row></sheetData></worksheet>`,
	`<worksheet><sheetData><row r="1"><c r="A1"><v>a]]>b</v></c></row></sheetData></worksheet>`,
	`<?xml version="1.0" encoding="ISO-8859-1"?><worksheet/>`,
	`<worksheet><c r="A1"r="B1"><v>1</v></c></worksheet>`,
	`<worksheet><c r="A&#0;1"><v>1</v></c></worksheet>`,
	"<worksheet><c r=\"A1\"><v>1\x01</v></c></worksheet>",
	"<worksheet><c r=\"A1\"><v>\xff</v></c></worksheet>",
}

// Whatever the fast reader accepts, encoding/xml reads as the same tokens
// to the same end; what it gives up on is left to encoding/xml.
func FuzzSheetReadersAgree(f *testing.F) {
	for _, s := range sheetSeeds {
		f.Add(s)
	}
	var own bytes.Buffer
	if err := WriteTemplate(&own, TemplateSpec{UnitCode: "268", UnitName: "Hà Đông", Month: oversight.NewMonth(2019, 11), Metrics: oversight.Catalogue,
		Rows: []TemplateUnit{{Code: "9538", Name: "Nguyễn Trãi & <Yết Kiêu>", Values: map[string]float64{"dossiers_received": 12, "procedures_time_cut_pct": 74.5}}}}); err == nil {
		if p, err := newParts(own.Bytes(), 1<<20); err == nil {
			if name, err := p.sheetPath(EntrySheet); err == nil {
				if rc, err := p.open(name); err == nil {
					b, _ := io.ReadAll(rc)
					f.Add(string(b))
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, doc string) {
		if !plainSheet(doc) {
			return
		}
		fast, fastEnd := tokens(&fastLexer{doc: doc})
		slow, slowEnd := tokens(&xmlLexer{d: xml.NewDecoder(strings.NewReader(doc))})
		if fastEnd != io.EOF || slowEnd != io.EOF {
			t.Fatalf("accepted %q: fast ends %v, encoding/xml %v", doc, fastEnd, slowEnd)
		}
		if strings.Join(fast, "\n") != strings.Join(slow, "\n") {
			t.Fatalf("%q:\nfast:\n%s\nencoding/xml:\n%s", doc, strings.Join(fast, "\n"), strings.Join(slow, "\n"))
		}
	})
}

// What the fast reader must give up on (encoding/xml reads it, or says
// what is wrong), worked out by hand from the XML.
func TestFastSheetReaderGivesUpOnWhatItDoesNotRead(t *testing.T) {
	for i, plain := range []bool{true, true, true, true, false, false, false, false, false, false, true, false, false, false, false, false, false} {
		if got := plainSheet(sheetSeeds[i]); got != plain {
			t.Errorf("seed %d: plain = %v, want %v: %q", i, got, plain, sheetSeeds[i])
		}
	}
}

// The cells of a sheet with every kind of cell, and entities and line
// ends in an inline string, read the same by both readers; the expected
// cells are worked out by hand.
func TestSheetCellsSameByBothReaders(t *testing.T) {
	percent, date := []bool{false, true, false}, []bool{false, false, true}
	want := []rawCell{
		{1, 3, kindText, "một"}, {2, 3, kindPercent, "0.745"}, {3, 3, kindNumber, "13"},
		{1, 4, kindText, " 1.250 "}, {2, 4, kindNoCachedFormula, ""}, {3, 4, kindError, "#DIV/0!"},
	}
	for name, l := range map[string]sheetLexer{
		"fast":         &fastLexer{doc: sheetSeeds[0]},
		"encoding/xml": &xmlLexer{d: xml.NewDecoder(strings.NewReader(sheetSeeds[0]))},
	} {
		var got []rawCell
		if err := sheetCells(l, percent, date, []string{"một"}, func(c rawCell) error { got = append(got, c); return nil }); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s read %v, want %v", name, got, want)
		}
	}
	got, _ := tokens(&fastLexer{doc: sheetSeeds[3]})
	if wantText := `3 "" "a & b <> \"' AB\nz\nq"`; !strings.Contains(strings.Join(got, "\n"), wantText) {
		t.Errorf("inline string tokens %v, want one %s", got, wantText)
	}
}

// Cell references are built from a reused buffer: each stays what it was
// when made; the expected names are the spreadsheet's own.
func TestCellRefsByHand(t *testing.T) {
	var r cellRefs
	got := []string{r.of(1, 1), r.of(27, 12), r.of(3, 4), r.of(16384, 1048576), r.of(3, 5)}
	want := []string{EntrySheet + "!A1", EntrySheet + "!AA12", EntrySheet + "!C4", EntrySheet + "!XFD1048576", EntrySheet + "!C5"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("refs %v, want %v", got, want)
	}
}

// Seeded random edits of the seed sheets (a character changed, dropped or
// added, up to three times): every edited sheet the fast reader accepts
// reads as the same tokens as through encoding/xml. Unlike the fuzz
// target, this runs in every test run, the same each time.
func TestSheetReadersAgreeOnEditedSheets(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	alphabet := []byte("<>/=\"'&;#x:?! \r\n\tacrvtfis0123456789AB]")
	plain, total := 0, 0
	for _, seed := range sheetSeeds[:4] {
		for n := 0; n < 4000; n++ {
			b := []byte(seed)
			for k := 0; k < 1+r.Intn(3); k++ {
				i := r.Intn(len(b))
				switch r.Intn(3) {
				case 0:
					b[i] = alphabet[r.Intn(len(alphabet))]
				case 1:
					b = append(b[:i], b[i+1:]...)
				case 2:
					b = append(b[:i], append([]byte{alphabet[r.Intn(len(alphabet))]}, b[i:]...)...)
				}
			}
			doc := string(b)
			total++
			if !plainSheet(doc) {
				continue
			}
			plain++
			fast, fastEnd := tokens(&fastLexer{doc: doc})
			slow, slowEnd := tokens(&xmlLexer{d: xml.NewDecoder(strings.NewReader(doc))})
			if fastEnd != io.EOF || slowEnd != io.EOF || strings.Join(fast, "\n") != strings.Join(slow, "\n") {
				t.Fatalf("%q: %v %v\n%s\n--\n%s", doc, fastEnd, slowEnd, strings.Join(fast, "\n"), strings.Join(slow, "\n"))
			}
		}
	}
	if plain < total/20 {
		t.Errorf("only %d of %d edited sheets were read by the fast reader: the test compares too little", plain, total)
	}
}
