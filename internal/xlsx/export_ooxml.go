package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// Rows written as OOXML by hand and spliced into the sheet excelize wrote:
// see spliceRows for why and docs/PERFORMANCE.md for the measurements.

// dimensionRef finds the used-range element of a sheet.
var dimensionRef = regexp.MustCompile(`<dimension ref="[^"]*"`)

// Markers of the row that spliceRows replaces with a period's unit rows.
const (
	rowsMarker    = "cchc-rows-7f3a9c-"
	rowsMarkerEnd = "-end"
)

// spliceRows copies the workbook skeleton (every sheet made by excelize,
// the wide data sheets with their title and header only) into the zip
// written to w, putting each period's unit rows and totals row in place of
// its marker row as they are generated. Nothing but the small skeleton is
// held in memory, and the bytes reach w as the rows are made, so a
// download starts at once and a national export stays small in memory.
func spliceRows(w io.Writer, skeleton []byte, r *oversight.Report, o Options, st styles) error {
	zr, err := zip.NewReader(bytes.NewReader(skeleton), int64(len(skeleton)))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			if err := zw.Copy(zf); err != nil {
				return err
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		m := bytes.Index(content, []byte(rowsMarker))
		if m < 0 {
			if err := zw.Copy(zf); err != nil {
				return err
			}
			continue
		}
		end := bytes.Index(content[m:], []byte(rowsMarkerEnd))
		if end < 0 {
			return fmt.Errorf("sheet %s: bad row marker", zf.Name)
		}
		b, err := strconv.Atoi(string(content[m+len(rowsMarker) : m+end]))
		if err != nil || b < 0 || b >= len(r.Buckets) {
			return fmt.Errorf("sheet %s: bad row marker", zf.Name)
		}
		start := bytes.LastIndex(content[:m], []byte("<row "))
		stop := bytes.Index(content[m:], []byte("</row>"))
		if start < 0 || stop < 0 {
			return fmt.Errorf("sheet %s: marker outside a row", zf.Name)
		}
		stop += m + len("</row>")
		out, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified})
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(out, 64<<10)
		// The skeleton's dimension covers its header only; readers that
		// trust it (openpyxl's read-only mode) would stop there.
		lastCell, _ := excelize.CoordinatesToCellName(3+r.Columns(), 3+len(r.Units))
		head := dimensionRef.ReplaceAll(content[:start], []byte(`<dimension ref="A1:`+lastCell+`"`))
		bw.Write(head)
		writeRows(bw, r, o, st, b)
		bw.Write(content[stop:])
		if err := bw.Flush(); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeRows writes the sheet XML of period b's unit rows (from row 3) and
// its totals row, as excelize's StreamWriter would: inline strings,
// numbers as numbers, the report's styles.
func writeRows(bw *bufio.Writer, r *oversight.Report, o Options, st styles, b int) {
	cols := make([]string, 3+r.Columns())
	for i := range cols {
		cols[i], _ = excelize.ColumnNumberToName(i + 1)
	}
	var num []byte
	rowNum := 2
	cell := func(col, style int) {
		bw.WriteString(`<c r="`)
		bw.WriteString(cols[col])
		bw.WriteString(strconv.Itoa(rowNum))
		bw.WriteString(`" s="`)
		bw.WriteString(strconv.Itoa(style))
		bw.WriteString(`"`)
	}
	textCell := func(col, style int, s string) {
		cell(col, style)
		bw.WriteString(` t="inlineStr"><is><t xml:space="preserve">`)
		_ = xml.EscapeText(bw, []byte(s))
		bw.WriteString(`</t></is></c>`)
	}
	number := func(col, style int, v float64) {
		cell(col, style)
		bw.WriteString(`><v>`)
		num = strconv.AppendFloat(num[:0], v, 'g', -1, 64)
		bw.Write(num)
		bw.WriteString(`</v></c>`)
	}
	for u := 0; u <= len(r.Units); u++ {
		rowNum++
		bw.WriteString(`<row r="`)
		bw.WriteString(strconv.Itoa(rowNum))
		bw.WriteString(`">`)
		count, pct := st.count, st.pct
		if u < len(r.Units) {
			un := r.Units[u]
			textCell(0, st.text, Neutralize(un.Code))
			textCell(1, st.text, Neutralize(un.Name))
			textCell(2, st.text, Neutralize(text.UnitKind(o.Lang, un.Kind)))
		} else {
			count, pct = st.totalCount, st.totalPct
			textCell(0, st.totalText, Neutralize(o.Root.Code))
			textCell(1, st.totalText, text.T(o.Lang, "export.total_units", len(r.Units)))
			textCell(2, st.totalText, "")
		}
		for c := 0; c < r.Columns(); c++ {
			var v float64
			var ok bool
			if u < len(r.Units) {
				v, ok = r.Value(u, b, c)
			} else {
				v, ok = r.Total(b, c)
			}
			if !ok {
				continue
			}
			style := count
			if r.ColumnIsPercent(c) {
				style = pct
			}
			number(3+c, style, cellValue(r, c, v))
		}
		bw.WriteString(`</row>`)
	}
}
