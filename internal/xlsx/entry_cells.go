package xlsx

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Reading an entry sheet cell by cell, with each cell's type and number
// format (NOTES.md, "Reading spreadsheets people typed"): excelize's row
// iterator gives only text, and the text of a number cell ("12.345",
// "0.745") is Go's, not Vietnamese. The parts are read straight from the
// archive: the workbook and its relationships (to find the sheet), the
// styles (number formats), the shared strings and the sheet itself,
// streamed.

// cellKind says what a cell holds, as far as a figure is concerned.
type cellKind int

const (
	kindEmpty           cellKind = iota
	kindText                     // shared, inline or formula string: the Vietnamese parser reads it
	kindNumber                   // a stored number
	kindPercent                  // a stored number shown with a percent format (0.745 shows 74,5%)
	kindDate                     // a number shown as a date, or an ISO date cell
	kindBool                     // TRUE/FALSE
	kindError                    // #DIV/0!, #REF! ...
	kindNoCachedFormula          // a formula nobody calculated: no stored result
)

// rawCell is one cell of a sheet as the file stores it.
type rawCell struct {
	Col, Row int
	Kind     cellKind
	Text     string // the string, the stored number's text, the error or the formula
}

// xlsxParts reads parts of an .xlsx archive, each bounded by limit bytes.
type xmlString struct {
	T *string `xml:"t"`
	R []struct {
		T string `xml:"t"`
	} `xml:"r"`
}

func (s xmlString) String() string {
	if s.T != nil && len(s.R) == 0 {
		return *s.T
	}
	var b strings.Builder
	if s.T != nil {
		b.WriteString(*s.T)
	}
	for _, r := range s.R {
		b.WriteString(r.T)
	}
	return b.String()
}

// xmlCell is a <c> element.
type xmlCell struct {
	R  string     `xml:"r,attr"`
	T  string     `xml:"t,attr"`
	S  int        `xml:"s,attr"`
	F  *string    `xml:"f"`
	V  *string    `xml:"v"`
	IS *xmlString `xml:"is"`
}

// decodeCellFrom reads a <c> element by hand: encoding/xml's reflection
// costs several allocations a cell, and a national template has 83,025
// cells. Text inside <v>, <f> and <is> (<t>, <r><t>; not the phonetic
// <rPh>) is kept; anything else is skipped.
func decodeCellFrom(l sheetLexer, start *sheetToken) (xmlCell, error) {
	var c xmlCell
	for _, a := range start.attrs {
		switch a.local {
		case "r":
			c.R = a.value
		case "t":
			c.T = a.value
		case "s":
			c.S, _ = strconv.Atoi(a.value)
		}
	}
	// The text of the child being read: most often one slice of the
	// sheet, joined only when it comes in several pieces.
	var text string
	var in string // the child element being read: v, f or is
	inPhonetic := 0
	cur := "" // the innermost open element below <is>
	for depth := 1; depth > 0; {
		t, err := l.next()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return c, err
		}
		switch t.kind {
		case tokStart:
			depth++
			cur = t.local
			switch {
			case depth == 2:
				in, text = t.local, ""
			case t.local == "rPh":
				inPhonetic++
			}
		case tokEnd:
			cur = ""
			if depth == 2 {
				v := text
				switch in {
				case "v":
					c.V = &v
				case "f":
					c.F = &v
				case "is":
					c.IS = &xmlString{T: &v}
				}
				in = ""
			} else if t.local == "rPh" {
				inPhonetic--
			}
			depth--
		case tokText:
			if inPhonetic == 0 && (depth == 2 && (in == "v" || in == "f") || in == "is" && depth >= 3 && cur == "t") {
				text += t.text
			}
		}
	}
	return c, nil
}

// fastSheetMax is the largest sheet part read whole, as one string, by
// the fast reader (a national template's is about 3 MB); a larger one is
// streamed through encoding/xml.
const fastSheetMax = 16 << 20

// readSheetCellsHint streams the sheet's cells to fn, row by row; fn
// returning an error stops the reading. Empty cells (no value, no formula)
// are not passed on. It first tells hint, when it knows, how many cells at
// most the sheet holds.
func readSheetCellsHint(p xlsxParts, sheet string, hint func(cells int), fn func(rawCell) error) error {
	name, err := p.sheetPath(sheet)
	if err != nil {
		return err
	}
	percent, date, err := p.numFmts()
	if err != nil {
		return err
	}
	sst, err := p.sharedStrings()
	if err != nil {
		return err
	}
	if size, ok := p.size(name); ok && size <= fastSheetMax {
		rc, err := p.open(name)
		if err != nil {
			return err
		}
		var b strings.Builder
		b.Grow(int(size))
		_, err = io.Copy(&b, rc)
		rc.Close()
		if err != nil {
			return err
		}
		doc := b.String()
		if n, ok := plainSheetCells(doc); ok {
			if hint != nil {
				hint(n)
			}
			return sheetCells(&fastLexer{doc: doc}, percent, date, sst, fn)
		}
	}
	rc, err := p.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	return sheetCells(&xmlLexer{d: xml.NewDecoder(rc)}, percent, date, sst, fn)
}

// sheetCells passes the cells l reads to fn.
func sheetCells(l sheetLexer, percent, date []bool, sst []string, fn func(rawCell) error) error {
	row, col := 0, 0
	for {
		tok, err := l.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if tok.kind != tokStart {
			continue
		}
		switch tok.local {
		case "row":
			row++
			for _, a := range tok.attrs {
				if a.local == "r" {
					if n, err := strconv.Atoi(a.value); err == nil && n > 0 {
						row = n
					}
				}
			}
			col = 0
		case "c":
			c, err := decodeCellFrom(l, tok)
			if err != nil {
				return err
			}
			col++
			if c.R != "" {
				cc, rr, err := splitRef(c.R)
				if err != nil {
					return err
				}
				col, row = cc, rr
			}
			cell := rawCell{Col: col, Row: row}
			v := ""
			if c.V != nil {
				v = *c.V
			}
			switch {
			case c.T == "inlineStr":
				if c.IS != nil {
					cell.Kind, cell.Text = kindText, c.IS.String()
				}
			case c.T == "s":
				i, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil || i < 0 || i >= len(sst) {
					return fmt.Errorf("cell %s: shared string %q does not exist", c.R, v)
				}
				cell.Kind, cell.Text = kindText, sst[i]
			case c.F != nil && strings.TrimSpace(v) == "":
				cell.Kind, cell.Text = kindNoCachedFormula, strings.TrimSpace(*c.F)
			case c.T == "str":
				cell.Kind, cell.Text = kindText, v
			case c.T == "b":
				cell.Kind, cell.Text = kindBool, v
			case c.T == "e":
				cell.Kind, cell.Text = kindError, v
			case c.T == "d":
				cell.Kind, cell.Text = kindDate, v
			case strings.TrimSpace(v) == "":
				cell.Kind = kindEmpty
			default: // "n" or no type: a number
				cell.Kind, cell.Text = kindNumber, strings.TrimSpace(v)
				if c.S >= 0 && c.S < len(percent) {
					if date[c.S] {
						cell.Kind = kindDate
					} else if percent[c.S] {
						cell.Kind = kindPercent
					}
				}
			}
			if cell.Kind == kindEmpty || cell.Kind == kindText && cell.Text == "" {
				continue
			}
			if err := fn(cell); err != nil {
				return err
			}
		}
	}
}

// splitRef splits "AB12" into column 28 and row 12.
func splitRef(ref string) (col, row int, err error) {
	i := 0
	for i < len(ref) && (ref[i] >= 'A' && ref[i] <= 'Z' || ref[i] >= 'a' && ref[i] <= 'z') {
		c := ref[i]
		if c >= 'a' {
			c -= 'a' - 'A'
		}
		col = col*26 + int(c-'A'+1)
		i++
		if col > 16384 {
			return 0, 0, fmt.Errorf("cell reference %q", ref)
		}
	}
	row, err = strconv.Atoi(ref[i:])
	if i == 0 || err != nil || row < 1 || row > 1048576 {
		return 0, 0, fmt.Errorf("cell reference %q", ref)
	}
	return col, row, nil
}

// shiftPercent turns a stored fraction into the percentage it shows, in
// decimal (0.745 -> 74.5 exactly, not 74.49999999999999).
func shiftPercent(stored string) (float64, error) {
	v, err := strconv.ParseFloat(stored, 64)
	if err != nil {
		return 0, err
	}
	s := strconv.FormatFloat(v, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	return strconv.ParseFloat(mant+"e"+strconv.Itoa(e+2), 64)
}

// newParts opens the archive in b.
