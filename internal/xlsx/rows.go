// Package xlsx reads and writes the spreadsheets cchc exchanges with
// people: unit lists today; entry templates and reports build on it.
package xlsx

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// MaxRows bounds how many rows ReadRows accepts, so an oversized or
// hostile workbook is refused instead of filling memory.
const MaxRows = 100000

// ReadRows returns the cells of the first sheet of a workbook as text, one
// slice per row, trailing empty cells dropped (as excelize gives them).
func ReadRows(r io.Reader) ([][]string, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, fmt.Errorf("not a readable .xlsx workbook: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("the workbook has no sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("read sheet %s: %w", sheets[0], err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		if len(out) >= MaxRows {
			return nil, fmt.Errorf("sheet %s has more than %d rows", sheets[0], MaxRows)
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("read sheet %s row %d: %w", sheets[0], len(out)+1, err)
		}
		out = append(out, cols)
	}
	return out, rows.Error()
}
