package xlsx_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/xlsx"
)

// Texts that a spreadsheet program would run as a formula, with their
// full-width and small look-alikes (issue 15, item 8).
var formulaStarts = []string{"=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫", "−"}

func TestNeutralizeLookAlikes(t *testing.T) {
	for _, p := range formulaStarts {
		in := p + "HYPERLINK(\"http://evil.example\",\"x\")"
		if got := xlsx.Neutralize(in); got != "'"+in {
			t.Errorf("Neutralize(%q) = %q", in, got)
		}
	}
	for _, in := range []string{"", "Hà Đông", "12", "a=b", " =1", "'=1"} {
		if got := xlsx.Neutralize(in); got != in {
			t.Errorf("Neutralize(%q) = %q, want it unchanged", in, got)
		}
	}
}

// Issue 15, item 8: the session workbook wrote typed text starting with
// =, +, -, @ as plain strings, which Excel turns into formulas once the
// cell is edited. Every text cell is now neutralised as in the exports,
// in all three sheets, and numbers stay numbers.
func TestWriteSessionNeutralisesFormulas(t *testing.T) {
	day := time.Date(2019, 11, 13, 0, 0, 0, 0, time.UTC)
	for _, p := range formulaStarts {
		evil := p + "cmd|' /C calc'!A0"
		recorded := 5.0
		s := oversight.Session{Body: evil, Term: evil, Leader: evil, Members: []string{evil}, Guests: []string{evil}, Form: evil, Topic: evil,
			PlanDoc: evil, Date: day, UnitCode: "268", UnitName: "Hà Đông", Span: oversight.Span{From: oversight.NewMonth(2019, 1), To: oversight.NewMonth(2019, 10)},
			Summary: evil, Findings: evil, Discussion: []string{evil}, Conclusion: evil, ReportNo: evil,
			Figures: []oversight.Figure{{Metric: "inspections", UnitName: evil, Scope: oversight.ScopeUnit,
				Span: oversight.Span{From: oversight.NewMonth(2019, 1), To: oversight.NewMonth(2019, 10)}, Value: 57, Note: evil, Recorded: &recorded}},
			Recommendations: []oversight.Recommendation{{Seq: 1, Content: evil, LeadName: evil, CoUnits: []string{evil}, Responsible: evil, Output: evil,
				Status: oversight.RecIssued, StatusNote: evil, FollowUps: []oversight.FollowUp{{Date: day, Text: evil, Author: evil}}}}}
		var b bytes.Buffer
		if err := xlsx.WriteSession(&b, s, "vi", day); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		for _, sheet := range f.GetSheetList() {
			rows, _ := f.GetRows(sheet)
			for r, row := range rows {
				for c, v := range row {
					ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
					if strings.Contains(v, "calc'") {
						seen++
						if !strings.HasPrefix(v, "'") && strings.HasPrefix(v, p) {
							t.Errorf("%q: %s!%s = %q is not neutralised", p, sheet, ref, v)
						}
					}
				}
			}
		}
		if seen < 20 {
			t.Errorf("%q: found the hostile text in only %d cells", p, seen)
		}
		// The figures stay numbers.
		for _, ref := range []string{"E2", "G2"} {
			if typ, _ := f.GetCellType(xlsx.SheetFigures, ref); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s!%s has type %v, want a number", xlsx.SheetFigures, ref, typ)
			}
			if v, _ := f.GetCellValue(xlsx.SheetFigures, ref, excelize.Options{RawCellValue: true}); v != "57" && v != "5" {
				t.Errorf("%s!%s = %q", xlsx.SheetFigures, ref, v)
			}
		}
		f.Close()
	}
}

// TestWriteSessionTypesItsCells: counts show whole ("57", never "57."),
// percents are fractions shown as percents, decimals are kept, dates are
// dates; excelize renders each cell with its format.
func TestWriteSessionTypesItsCells(t *testing.T) {
	day := time.Date(2019, 11, 13, 0, 0, 0, 0, time.UTC)
	deadline := time.Date(2020, 3, 31, 0, 0, 0, 0, time.UTC)
	span := oversight.Span{From: oversight.NewMonth(2019, 1), To: oversight.NewMonth(2019, 10)}
	s := oversight.Session{Body: "Tổ đại biểu số 10", Topic: "CCHC", Date: day, UnitCode: "01", UnitName: "Thành phố Hà Nội", SupervisedBody: "UBND TP Hà Nội", Span: span,
		Figures: []oversight.Figure{
			{Metric: "inspections", Scope: oversight.ScopeUnit, Span: span, Value: 57, Source: "Báo cáo 15"},
			{Metric: "procedures_time_cut_pct", Scope: oversight.ScopeUnit, Span: span, Value: 74},
			{Metric: "procedures_time_cut_pct", Scope: oversight.ScopeUnit, Span: span, Value: 87.11},
			{Metric: "dossiers_received", Scope: oversight.ScopeUnit, Span: span, Value: 100565},
		},
		Recommendations: []oversight.Recommendation{{Seq: 1, Content: "x", LeadName: "Văn phòng UBND TP", Status: oversight.RecIssued, Deadline: &deadline}}}
	var b bytes.Buffer
	if err := xlsx.WriteSession(&b, s, "vi", day); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct{ sheet, ref, shown, raw string }{
		{xlsx.SheetSession, "B9", "13/11/2019", "43782"},
		{xlsx.SheetSession, "B10", "UBND TP Hà Nội", "UBND TP Hà Nội"},
		{xlsx.SheetFigures, "E2", "57", "57"},
		{xlsx.SheetFigures, "J2", "Báo cáo 15", "Báo cáo 15"},
		{xlsx.SheetFigures, "E3", "74%", "0.74"},
		{xlsx.SheetFigures, "E4", "87.11%", "0.8711"},
		{xlsx.SheetFigures, "E5", "100,565", "100565"},
		{xlsx.SheetRecs, "G2", "31/03/2020", "43921"},
	} {
		shown, _ := f.GetCellValue(c.sheet, c.ref)
		raw, _ := f.GetCellValue(c.sheet, c.ref, excelize.Options{RawCellValue: true})
		if shown != c.shown || raw != c.raw {
			t.Errorf("%s!%s shows %q (raw %q), want %q (raw %q)", c.sheet, c.ref, shown, raw, c.shown, c.raw)
		}
	}
}
