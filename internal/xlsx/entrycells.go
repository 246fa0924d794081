package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
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
type xlsxParts struct {
	z     *zip.Reader
	limit int64
}

func (p xlsxParts) open(name string) (io.ReadCloser, error) {
	name = strings.TrimPrefix(name, "/")
	for _, f := range p.z.File {
		if strings.EqualFold(f.Name, name) {
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			return struct {
				io.Reader
				io.Closer
			}{io.LimitReader(rc, p.limit), rc}, nil
		}
	}
	return nil, fmt.Errorf("%s: %w", name, errMissingPart)
}

var errMissingPart = errors.New("part missing")

func (p xlsxParts) decode(name string, v any) error {
	rc, err := p.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

// sheetPath finds the part of the sheet named name through the workbook
// and its relationships.
func (p xlsxParts) sheetPath(name string) (string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			// r:id, in the relationships namespace.
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := p.decode("xl/workbook.xml", &wb); err != nil {
		return "", err
	}
	rid := ""
	for _, s := range wb.Sheets {
		if s.Name != name {
			continue
		}
		for _, a := range s.Attrs {
			if a.Name.Local == "id" {
				rid = a.Value
			}
		}
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := p.decode("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return "", err
	}
	for _, r := range rels.Rels {
		if r.ID == rid && rid != "" {
			if strings.HasPrefix(r.Target, "/") {
				return strings.TrimPrefix(r.Target, "/"), nil
			}
			return path.Join("xl", r.Target), nil
		}
	}
	return "", fmt.Errorf("sheet %s: %w", name, errMissingPart)
}

// numFmts returns, for each cell style index, whether numbers in it are
// shown as percentages or as dates.
func (p xlsxParts) numFmts() (percent, date []bool, err error) {
	var st struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := p.decode("xl/styles.xml", &st); err != nil {
		if errors.Is(err, errMissingPart) {
			return nil, nil, nil // no styles: every number is General
		}
		return nil, nil, err
	}
	custom := map[int]string{}
	for _, f := range st.NumFmts {
		custom[f.ID] = f.Code
	}
	percent, date = make([]bool, len(st.Xfs)), make([]bool, len(st.Xfs))
	for i, x := range st.Xfs {
		if code, ok := custom[x.NumFmtID]; ok {
			percent[i], date[i] = formatIsPercent(code), formatIsDate(code)
			continue
		}
		percent[i] = x.NumFmtID == 9 || x.NumFmtID == 10
		date[i] = builtinDate(x.NumFmtID)
	}
	return percent, date, nil
}

// builtinDate reports whether a built-in number format shows a date or a
// time (ECMA-376 18.8.30, and the East Asian ones).
func builtinDate(id int) bool {
	return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58
}

// formatCodeLiterals drops what a format code shows as is: quoted text,
// escaped characters and bracketed parts ([Red], [$-42A], [h]).
func formatCodeLiterals(code string) string {
	var b strings.Builder
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			for i++; i < len(code) && code[i] != '"'; i++ {
			}
		case '\\', '_', '*':
			i++ // the next character is literal (or padding)
		case '[':
			for i++; i < len(code) && code[i] != ']'; i++ {
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func formatIsPercent(code string) bool { return strings.Contains(formatCodeLiterals(code), "%") }

func formatIsDate(code string) bool {
	s := strings.ToLower(formatCodeLiterals(code))
	if strings.Contains(s, "general") {
		return false
	}
	return strings.ContainsAny(s, "dmyhs")
}

// sharedStrings reads the workbook's shared strings (rich text runs
// joined, phonetic hints left out).
func (p xlsxParts) sharedStrings() ([]string, error) {
	var sst struct {
		SI []xmlString `xml:"si"`
	}
	if err := p.decode("xl/sharedStrings.xml", &sst); err != nil {
		if errors.Is(err, errMissingPart) {
			return nil, nil
		}
		return nil, err
	}
	out := make([]string, len(sst.SI))
	for i, si := range sst.SI {
		out[i] = si.String()
	}
	return out, nil
}

// xmlString is a shared or inline string: plain text or rich-text runs.
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

// readSheetCells streams the sheet's cells to fn, row by row; fn returning
// an error stops the reading. Empty cells (no value, no formula) are not
// passed on.
func readSheetCells(p xlsxParts, sheet string, fn func(rawCell) error) error {
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
	rc, err := p.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	row, col := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "row":
			row++
			for _, a := range se.Attr {
				if a.Name.Local == "r" {
					if n, err := strconv.Atoi(a.Value); err == nil && n > 0 {
						row = n
					}
				}
			}
			col = 0
		case "c":
			var c xmlCell
			if err := d.DecodeElement(&c, &se); err != nil {
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
func newParts(b []byte, limit int64) (xlsxParts, error) {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return xlsxParts{}, err
	}
	return xlsxParts{z: z, limit: limit}, nil
}
