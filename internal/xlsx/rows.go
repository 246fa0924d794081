// Package xlsx reads and writes the spreadsheets cchc exchanges with
// people: unit lists today; entry templates and reports build on it.
package xlsx

import (
	"fmt"
	"io"

	"github.com/cchc/cchc/internal/oversight"
)

// MaxRows bounds how many rows ReadRows accepts, so an oversized or
// hostile workbook is refused instead of filling memory.
const MaxRows = 100000

// ReadRows returns the cells of the first sheet of a workbook as text, one
// slice per row, trailing empty cells dropped (as excelize gives them),
// within DefaultLimits.
func ReadRows(r io.Reader) ([][]string, error) { return ReadRowsLimited(r, DefaultLimits) }

// ReadRowsLimited is ReadRows within l, opened through OpenWorkbook.
func ReadRowsLimited(r io.Reader, l Limits) ([][]string, error) {
	f, err := OpenWorkbook(r, l, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, oversight.Errf(oversight.EInvalid, "err.workbook_has_no_sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("read sheet %s: %w", sheets[0], err)
	}
	defer rows.Close()
	var out [][]string
	cells := 0
	for rows.Next() {
		if len(out) >= l.MaxRows {
			return nil, tooLarge("err.sheet_has_more_than_2", sheets[0], l.MaxRows, l.MaxRows)
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("read sheet %s row %d: %w", sheets[0], len(out)+1, err)
		}
		cells += len(cols)
		if cells > l.MaxCells {
			return nil, tooLarge("err.sheet_has_more_than_3", sheets[0], l.MaxCells, l.MaxCells)
		}
		out = append(out, cols)
	}
	return out, rows.Error()
}
