package xlsx

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// Entry templates: one workbook per parent unit and month, its children
// as rows and the metrics as columns. A hidden sheet identifies it.
const (
	// EntrySheet is the sheet people fill in; cell references in error
	// messages name it ("Sheet1!D7").
	EntrySheet = "Sheet1"
	// MetaSheet is the hidden sheet that identifies a template.
	MetaSheet = "cchc"
	// templateMark is A1 of MetaSheet.
	templateMark = "cchc-entry-template"
	// codesRow holds the metric codes (locked); data starts below it.
	codesRow  = 3
	firstData = 4
	// MaxTemplateRows bounds the data rows of an uploaded template.
	MaxTemplateRows = 10000
	// MaxTemplateBytes bounds the size of an uploaded template file.
	MaxTemplateBytes = 20 << 20
	// maxUnzipped bounds the unpacked size, against zip bombs.
	maxUnzipped = 64 << 20
)

// TemplateUnit is one row of a template.
type TemplateUnit struct {
	Code, Name string
	// Values already stored, by metric code, written into the row so the
	// template shows what is there.
	Values map[string]float64
}

// TemplateSpec describes a template to write.
type TemplateSpec struct {
	UnitCode, UnitName string
	Month              oversight.Month
	Metrics            []oversight.Metric
	Rows               []TemplateUnit
	// Lang is the language of the headings, the figure names and the
	// spreadsheet's refusals ("vi" or "en"; empty is Vietnamese). The
	// reader goes by the codes in row 3, so a template in either language
	// imports alike.
	Lang string
}

// WriteTemplate writes an entry template: headers in spec.Lang, metric codes
// in a locked row, unit codes and names in locked columns, numeric data
// validation on the input cells and a hidden sheet naming the unit, month
// and catalogue version.
func WriteTemplate(w io.Writer, spec TemplateSpec) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", EntrySheet); err != nil {
		return err
	}
	set := func(cell string, v any) {
		if err := f.SetCellValue(EntrySheet, cell, v); err != nil {
			panic(err) // cell names are built here, never from input
		}
	}
	l := spec.Lang
	set("A1", text.T(l, "template.title", spec.UnitName, spec.Month.Label()))
	set("A2", text.T(l, "template.unit_code"))
	set("B2", text.T(l, "template.unit_name"))
	set("A3", text.T(l, "template.codes"))
	for j, m := range spec.Metrics {
		col, _ := excelize.ColumnNumberToName(j + 3)
		set(col+"2", text.MetricName(l, m))
		set(col+"3", m.Code)
	}
	for i, u := range spec.Rows {
		r := firstData + i
		set("A"+strconv.Itoa(r), u.Code)
		// Unit names are typed by people: neutralised like every text cchc
		// writes into a workbook, so "=HYPERLINK(…)" stays text.
		set("B"+strconv.Itoa(r), Neutralize(u.Name))
		for j, m := range spec.Metrics {
			if v, ok := u.Values[m.Code]; ok {
				col, _ := excelize.ColumnNumberToName(j + 3)
				set(col+strconv.Itoa(r), v)
			}
		}
	}
	last := firstData + len(spec.Rows) - 1
	lastCol, _ := excelize.ColumnNumberToName(len(spec.Metrics) + 2)
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}}})
	if err != nil {
		return err
	}
	codes, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "808080", Size: 8}})
	if err != nil {
		return err
	}
	// Input cells: unlocked, Vietnamese grouping shown ("6.538" in a
	// Vietnamese Excel, "6,538" in an English one: the format is the same).
	input, err := f.NewStyle(&excelize.Style{Protection: &excelize.Protection{Locked: false}, NumFmt: 4})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(EntrySheet, "A2", lastCol+"2", head); err != nil {
		return err
	}
	if err := f.SetCellStyle(EntrySheet, "A3", lastCol+"3", codes); err != nil {
		return err
	}
	if len(spec.Rows) > 0 && len(spec.Metrics) > 0 {
		if err := f.SetCellStyle(EntrySheet, "C"+strconv.Itoa(firstData), lastCol+strconv.Itoa(last), input); err != nil {
			return err
		}
		// Spreadsheet programs refuse, as it is typed, what cchc would
		// refuse on import: a fraction or more than oversight.MaxCount in a
		// count, a percentage outside 0-100 (typed as 74,5 or as 74,5%,
		// which is stored 0.745).
		for j, m := range spec.Metrics {
			col, _ := excelize.ColumnNumberToName(j + 3)
			dv := excelize.NewDataValidation(true)
			dv.Sqref = col + strconv.Itoa(firstData) + ":" + col + strconv.Itoa(last)
			typ, msg := excelize.DataValidationTypeWhole, text.T(l, "template.whole", oversight.Rounded{V: m.Max()})
			if m.Kind == oversight.KindPercent {
				typ, msg = excelize.DataValidationTypeDecimal, text.T(l, "template.percent")
			}
			if err := dv.SetRange(0, m.Max(), typ, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, text.T(l, "template.invalid"), msg)
			if err := f.AddDataValidation(EntrySheet, dv); err != nil {
				return err
			}
		}
	}
	_ = f.SetColWidth(EntrySheet, "A", "A", 12)
	_ = f.SetColWidth(EntrySheet, "B", "B", 28)
	_ = f.SetColWidth(EntrySheet, "C", lastCol, 16)
	_ = f.SetRowHeight(EntrySheet, 2, 60)
	if err := f.SetPanes(EntrySheet, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: codesRow, TopLeftCell: "C4", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	// Protection without a password: it keeps codes and names from being
	// typed over by accident, not from a determined user.
	if err := f.ProtectSheet(EntrySheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true}); err != nil {
		return err
	}
	if _, err := f.NewSheet(MetaSheet); err != nil {
		return err
	}
	for i, kv := range [][2]any{{templateMark, ""}, {"unit", spec.UnitCode}, {"period", spec.Month.String()}, {"catalogue", oversight.CatalogueVersion}} {
		_ = f.SetCellValue(MetaSheet, "A"+strconv.Itoa(i+1), kv[0])
		_ = f.SetCellValue(MetaSheet, "B"+strconv.Itoa(i+1), kv[1])
	}
	if err := f.SetSheetVisible(MetaSheet, false, true); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}
