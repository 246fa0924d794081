package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// The parts of an entry workbook read straight from its archive: the
// workbook and its relationships (to find the sheet), the styles (number
// formats) and the shared strings. See entry_cells.go for why.

// xlsxParts is an opened workbook archive; limit bounds what any one part may
// inflate to, so a zip bomb is refused before it is read.
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

// size is what the archive's directory says the part unpacks to (the
// reader stops at it, and at the limit).
func (p xlsxParts) size(name string) (int64, bool) {
	name = strings.TrimPrefix(name, "/")
	for _, f := range p.z.File {
		if strings.EqualFold(f.Name, name) {
			if f.UncompressedSize64 > uint64(p.limit) {
				return p.limit, true
			}
			return int64(f.UncompressedSize64), true
		}
	}
	return 0, false
}

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

func newParts(b []byte, limit int64) (xlsxParts, error) {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return xlsxParts{}, err
	}
	return xlsxParts{z: z, limit: limit}, nil
}
