package xlsx

import (
	"fmt"
	"io"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
)

// SaveFunc checks (dryRun) or checks and stores a batch of rows, returning
// the domain's issues, whether it was stored and how many figures changed.
// The web server and the command line wrap the store's SaveEntries in it.
type SaveFunc func(rows []oversight.EntryRow, dryRun bool) (issues []oversight.RowIssue, saved bool, changed int, err error)

// ImportReport is the outcome of an import: the preview and, on commit,
// what was stored.
type ImportReport struct {
	Unit    string
	Month   oversight.Month
	Values  int         // figures read from the file
	Issues  []CellIssue // every refusal and unconfirmed warning, by cell
	Errors  int         // issues that block the import whatever the user says
	Saved   bool
	Changed int
}

// RowUnits says which units a template of unit for month m was made for
// (code -> name: the unit's children that existed that month, or the unit
// itself when it has none) and the unit's own name. It refuses a template
// for a unit that does not exist with an *oversight.Error.
type RowUnits func(unit string, m oversight.Month) (rows map[string]string, name string, err error)

// RestrictUnits turns the cells of rows whose unit code the template was
// not made for (the template's own unit, a unit elsewhere in the tree, an
// unknown code) into issues, one per row, located at the code's cell.
func (fl *Filled) RestrictUnits(rows map[string]string, name string) {
	kept := fl.Cells[:0]
	reported := map[int]bool{}
	for _, c := range fl.Cells {
		if _, ok := rows[c.Unit]; ok {
			kept = append(kept, c)
			continue
		}
		if reported[c.row] {
			continue
		}
		reported[c.row] = true
		who := c.Unit
		if c.UnitName != "" {
			who += " (" + c.UnitName + ")"
		}
		is := CellIssue{Ref: fmt.Sprintf("%s!A%d", EntrySheet, c.row), Severity: oversight.SevError, Row: -1,
			Key: "cell.unit_not_in_template", Args: []any{name, fl.Month.Label(), who}}
		if c.Unit == fl.Unit {
			is.Key, is.Args = "cell.template_own_unit", []any{name}
		}
		fl.Problems = append(fl.Problems, is)
	}
	fl.Cells = kept
}

// Import reads an entry template and checks every figure through save
// with the same rules as the form. units, when not nil, names the rows the
// template may hold (see RowUnits); figures of any other unit are refused
// by cell. With commit false it only previews.
// With commit true it stores all figures or none: when reason is given it
// confirms every warning with it (the user saw them in the preview), and
// any error refuses the whole file.
func Import(r io.Reader, units RowUnits, save SaveFunc, reason string, commit bool) (ImportReport, error) {
	fl, err := ReadTemplate(r)
	if err != nil {
		return ImportReport{}, err
	}
	if units != nil {
		rows, name, err := units(fl.Unit, fl.Month)
		if err != nil {
			return ImportReport{Unit: fl.Unit, Month: fl.Month}, err
		}
		fl.RestrictUnits(rows, name)
	}
	rep := ImportReport{Unit: fl.Unit, Month: fl.Month}
	rows, refs, issues := fl.Entries()
	rep.Values = len(rows) + len(issues)
	if len(rows) == 0 && len(issues) == 0 {
		return rep, notTemplate("err.template_holds_no_figures")
	}
	if len(rows) == 0 {
		rep.Issues, rep.Errors = issues, len(issues)
		return rep, nil
	}
	// The domain's messages name the figure, not the unit: the row's unit
	// goes first, as the sheet names it. Kept by sheet row, so that the
	// cells (a national template has 83,025) are let go while the store
	// works.
	whoOnRow := map[int]string{}
	for _, c := range fl.Cells {
		if _, ok := whoOnRow[c.row]; !ok {
			whoOnRow[c.row] = c.who()
		}
	}
	fl.Cells = nil
	// Committing a file whose cells all read well checks and stores it in
	// one call (the store refuses it whole on any blocking issue); a
	// preview, a file with unreadable cells, or warnings confirmed with a
	// reason need a check first.
	direct := commit && reason == "" && len(issues) == 0
	found, saved, changed, err := save(rows, !direct)
	if err != nil {
		return rep, err
	}
	if reason != "" {
		for _, is := range found {
			if is.Severity == oversight.SevWarning {
				rows[is.Row].Reason = reason
			}
		}
		// Re-check with the reasons set, so confirmed warnings no longer
		// show as blocking.
		if found, _, _, err = save(rows, true); err != nil {
			return rep, err
		}
	}
	located := Locate(found, refs)
	for i := range located {
		_, row, err := splitRef(strings.TrimPrefix(located[i].Ref, EntrySheet+"!"))
		if w := whoOnRow[row]; err == nil && w != "" {
			located[i].prefix("cell.who_colon", w)
		}
	}
	rep.Issues = append(issues, located...)
	for _, is := range rep.Issues {
		if is.Severity == oversight.SevError {
			rep.Errors++
		}
	}
	if direct || !commit || len(rep.Issues) > 0 {
		rep.Saved, rep.Changed = saved && direct, changed
		return rep, nil
	}
	_, rep.Saved, rep.Changed, err = save(rows, false)
	return rep, err
}
