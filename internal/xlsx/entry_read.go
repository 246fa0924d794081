package xlsx

import (
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
)

// Cell is one filled input cell of a template.
type Cell struct {
	Ref      string // "Sheet1!D7"
	Unit     string
	UnitName string // column B of its row, as the file holds it
	Metric   string
	// Text is what the cell holds: the text typed, the stored number as
	// the file writes it ("0.745"), or the formula without a result.
	Text string
	kind cellKind
	row  int
}

// Filled is what an uploaded template holds.
type Filled struct {
	Unit      string
	Month     oversight.Month
	Catalogue int
	Cells     []Cell
	// Problems are cells that cannot be read at all (a value in a row
	// without a unit code), with their reference.
	Problems []CellIssue
}

// CellIssue is an issue located by cell reference.
type CellIssue struct {
	Ref      string
	Severity string
	// Key and Args are the message, written in the reader's language
	// where it is shown.
	Key  string
	Args []any
	// Row is the index into Entries' rows (-1 when none).
	Row int
}

// prefix puts who (a cell's unit) before the issue's message, with the
// separator of key ("%s: %s").
func (is *CellIssue) prefix(key, who string) {
	is.Key, is.Args = key, []any{who, oversight.Errf("", is.Key, is.Args...)}
}

func notTemplate(key string, args ...any) error {
	return oversight.Errf(oversight.EInvalid, key, args...)
}

// ReadTemplate reads an uploaded entry template. Files re-saved by Excel or
// LibreOffice Calc, with formulas (their cached values are read), blank
// rows, shared or inline strings and numbers stored as text are accepted.
// A file that is not one of cchc's templates, is damaged or is too large is
// refused with an *oversight.Error.
func ReadTemplate(r io.Reader) (*Filled, error) {
	b, err := ReadWorkbook(r, TemplateLimits)
	if err != nil {
		return nil, err
	}
	f, err := OpenChecked(b, TemplateLimits, true)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	wrong := notTemplate("err.file_not_cchc_entry")
	if idx, _ := f.GetSheetIndex(MetaSheet); idx < 0 {
		return nil, wrong
	}
	if idx, _ := f.GetSheetIndex(EntrySheet); idx < 0 {
		return nil, wrong
	}
	meta := func(cell string) string { v, _ := f.GetCellValue(MetaSheet, cell); return strings.TrimSpace(v) }
	if meta("A1") != templateMark {
		return nil, wrong
	}
	out := &Filled{Unit: meta("B2")}
	if out.Month, err = oversight.ParseMonth(meta("B3")); err != nil {
		return nil, wrong
	}
	cat, err := strconv.ParseFloat(meta("B4"), 64)
	if err != nil {
		return nil, wrong
	}
	out.Catalogue = int(cat)
	if out.Catalogue != oversight.CatalogueVersion {
		return nil, notTemplate("err.template_was_made_metric", out.Catalogue, oversight.CatalogueVersion)
	}
	// Everything the cell pass needs is read from the archive below: let
	// the garbage collector have excelize's unpacked copy of every part
	// (a national template's sheet is tens of megabytes) before it starts.
	f.Pkg.Clear()
	f.Sheet.Clear()
	f.SharedStrings = nil
	parts, err := newParts(b, maxUnzipped)
	if err != nil {
		return nil, wrong
	}
	var refs cellRefs
	var metricOf []string // column (1-based) -> metric code
	var row []rawCell     // the cells of the row being read
	flush := func() {
		if len(row) == 0 {
			return
		}
		r := row[0].Row
		defer func() { row = row[:0] }()
		if r == codesRow {
			found := 0
			for _, c := range row {
				code := strings.TrimSpace(c.Text)
				if _, ok := oversight.MetricByCode(code); ok && c.Col >= 3 && c.Kind == kindText {
					for len(metricOf) <= c.Col {
						metricOf = append(metricOf, "")
					}
					metricOf[c.Col] = code
					found++
				}
			}
			if found == 0 {
				metricOf = nil
			}
			return
		}
		if r < firstData {
			return
		}
		var unit, name string
		for _, c := range row {
			switch c.Col {
			case 1:
				unit = strings.TrimSuffix(strings.TrimSpace(c.Text), ".0") // a code re-saved as a number
			case 2:
				name = strings.TrimSpace(c.Text)
			}
		}
		for _, c := range row {
			if c.Col < 3 {
				continue
			}
			if c.Kind == kindText && strings.TrimSpace(c.Text) == "" {
				continue
			}
			ref := refs.of(c.Col, c.Row)
			if c.Col >= len(metricOf) || metricOf[c.Col] == "" {
				out.Problems = append(out.Problems, CellIssue{Ref: ref, Severity: oversight.SevError, Row: -1,
					Key: "err.cell_outside_metric_columns"})
				continue
			}
			if unit == "" {
				out.Problems = append(out.Problems, CellIssue{Ref: ref, Severity: oversight.SevError, Row: -1,
					Key: "err.row_has_figures_but"})
				continue
			}
			text := c.Text
			if c.Kind == kindText {
				text = strings.TrimSpace(text)
			}
			out.Cells = append(out.Cells, Cell{Ref: ref, Unit: unit, UnitName: name, Metric: metricOf[c.Col], Text: text, kind: c.Kind, row: c.Row})
		}
	}
	tooMany := notTemplate("err.sheet_has_more_than", EntrySheet, MaxTemplateRows)
	sawCodes := false
	// Each filled cell becomes one Cell: sized once, from the sheet's count
	// of cells, rather than grown (a national template has 83,025).
	grow := func(n int) { out.Cells = make([]Cell, 0, n) }
	err = readSheetCellsHint(parts, EntrySheet, grow, func(c rawCell) error {
		if c.Row >= MaxTemplateRows+firstData {
			return tooMany
		}
		if len(row) > 0 && row[0].Row != c.Row {
			flush()
		}
		if c.Row == codesRow {
			sawCodes = true
		}
		if c.Row > codesRow && sawCodes && metricOf == nil && len(row) == 0 {
			// The codes row was flushed and named no metric.
			return notTemplate("err.row_sheet_holds_no", codesRow, EntrySheet)
		}
		row = append(row, c)
		return nil
	})
	if err == nil {
		flush()
	}
	if err != nil {
		if oversight.ErrorCode(err) == oversight.EInvalid {
			return nil, err
		}
		return nil, notTemplate("err.cannot_read_sheet", EntrySheet, err.Error())
	}
	if metricOf == nil {
		if sawCodes {
			return nil, notTemplate("err.row_sheet_holds_no", codesRow, EntrySheet)
		}
		return nil, wrong
	}
	return out, nil
}

// Entries turns the filled cells into rows to check and save, with each
// row's cell reference; cells that do not hold a figure become issues.
// A cell is read by its type: a number cell is the number stored (12.345
// stays twelve point three), a percent-formatted one the percentage it
// shows (0.745 shown as 74,5% is 74.5), a text cell goes through the
// Vietnamese number parser ("6.538", "74,5%"); dates, TRUE/FALSE, errors
// and formulas without a stored result are refused.
func (fl *Filled) Entries() (rows []oversight.EntryRow, refs []string, issues []CellIssue) {
	issues = append(issues, fl.Problems...)
	rows = make([]oversight.EntryRow, 0, len(fl.Cells))
	refs = make([]string, 0, len(fl.Cells))
	// A figure can be given twice only by a unit on two rows: only those
	// units' cells are remembered (a national template has 83,025 cells).
	rowOf, twice := map[string]int{}, map[string]bool{}
	for _, c := range fl.Cells {
		if r, ok := rowOf[c.Unit]; !ok {
			rowOf[c.Unit] = c.row
		} else if r != c.row {
			twice[c.Unit] = true
		}
	}
	first := map[[2]string]string{} // unit, metric -> the first cell giving it
	for _, c := range fl.Cells {
		v, is := c.value()
		if is != nil {
			is.Ref, is.Severity, is.Row = c.Ref, oversight.SevError, -1
			is.prefix("cell.who_comma", c.who())
			issues = append(issues, *is)
			continue
		}
		// The same figure twice (a unit on two rows): which one is meant
		// is the user's call; both cells are named as the sheet shows them.
		if twice[c.Unit] {
			k := [2]string{c.Unit, c.Metric}
			if ref, dup := first[k]; dup {
				m, _ := oversight.MetricByCode(c.Metric)
				issues = append(issues, CellIssue{Ref: c.Ref, Severity: oversight.SevError, Row: -1,
					Key: "cell.given_twice", Args: []any{c.who(), m, ref, c.Ref}})
				continue
			}
			first[k] = c.Ref
		}
		rows = append(rows, oversight.EntryRow{Unit: c.Unit, Month: fl.Month, Metric: c.Metric, Value: v})
		refs = append(refs, c.Ref)
	}
	return rows, refs, issues
}

// who names a cell's unit the way its row does: "Phường Mộ Lao (9541)".
func (c Cell) who() string {
	if c.UnitName == "" {
		return c.Unit
	}
	return c.UnitName + " (" + c.Unit + ")"
}

// value reads the figure a cell holds, or says why it holds none.
func (c Cell) value() (float64, *CellIssue) {
	m, _ := oversight.MetricByCode(c.Metric)
	refuse := func(why error) (float64, *CellIssue) {
		return 0, &CellIssue{Key: "cell.refused", Args: []any{m, why}}
	}
	no := func(key string, args ...any) (float64, *CellIssue) {
		return refuse(oversight.Errf(oversight.EInvalid, key, args...))
	}
	switch c.kind {
	case kindText:
		v, err := oversight.ParseNumber(c.Text)
		if err != nil {
			return refuse(err)
		}
		return v, nil
	case kindNumber, kindPercent:
		v, err := strconv.ParseFloat(c.Text, 64)
		if err != nil {
			return no("cell.unreadable_number", c.Text)
		}
		if c.kind == kindNumber {
			return v, nil
		}
		shown, err := shiftPercent(c.Text)
		if err != nil {
			return no("cell.unreadable_number", c.Text)
		}
		if m.Kind != oversight.KindPercent {
			return no("cell.percent_for_count", shown)
		}
		return shown, nil
	case kindDate:
		return no("cell.date")
	case kindBool:
		return no("cell.bool")
	case kindError:
		return no("cell.formula_error", c.Text)
	case kindNoCachedFormula:
		return no("cell.no_cached_formula", c.Text)
	}
	return no("cell.no_number")
}

// Locate ties the issues the domain found on rows back to cells.
func Locate(issues []oversight.RowIssue, refs []string) []CellIssue {
	out := make([]CellIssue, 0, len(issues))
	for _, is := range issues {
		if is.Severity == oversight.SevWarning && is.Confirmed {
			continue
		}
		out = append(out, CellIssue{Ref: refs[is.Row], Severity: is.Severity, Key: is.Key, Args: is.Args, Row: is.Row})
	}
	return out
}

// cellRefs names cells of the entry sheet ("Sheet1!D7") with one
// allocation each, keeping each column's "Sheet1!D" once.
type cellRefs struct {
	cols []string
	buf  []byte
}

func (r *cellRefs) of(col, row int) string {
	if col < 1 || col > excelize.MaxColumns {
		ref, _ := excelize.CoordinatesToCellName(col, row)
		return EntrySheet + "!" + ref
	}
	for len(r.cols) <= col {
		r.cols = append(r.cols, "")
	}
	if r.cols[col] == "" {
		name, _ := excelize.ColumnNumberToName(col)
		r.cols[col] = EntrySheet + "!" + name
	}
	r.buf = strconv.AppendInt(append(r.buf[:0], r.cols[col]...), int64(row), 10)
	return string(r.buf)
}
