package xlsx

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// Session sheet names, in Vietnamese as the council files them.
const (
	SheetSession = "Buoi giam sat"
	SheetFigures = "So lieu"
	SheetRecs    = "Kien nghi"
)

// WriteSession writes a supervision session as a workbook: the session and
// its findings, its figures (reported beside recorded, with their source),
// and its recommendations with their lead body, status and follow-ups.
// Cells are typed: dates are dates (shown dd/mm/yyyy), percents are
// fractions shown as percents (74 is 0.74, "74%"), counts are whole
// numbers ("6,538"), and other values keep their decimals (87.11); text
// is neutralised against formulas.
func WriteSession(w io.Writer, s oversight.Session, lang string, today time.Time) error {
	f := excelize.NewFile()
	defer f.Close()
	d := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format("02/01/2006")
	}
	if err := f.SetSheetName("Sheet1", SheetSession); err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	wrap, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	style := func(format string) int {
		id, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
		return id
	}
	dateStyle := style("dd/mm/yyyy")
	styles := map[string]int{}
	for _, k := range []string{"#,##0", "#,##0.0", "#,##0.00", "#,##0.000", "0%", "0.0%", "0.00%", "0.000%"} {
		styles[k] = style(k)
	}
	// setDate writes a date cell, or nothing for no date.
	setDate := func(sheet, ref string, t *time.Time) error {
		if t == nil {
			return nil
		}
		if err := f.SetCellValue(sheet, ref, time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, ref, ref, dateStyle)
	}
	// setValue writes a figure's value as the number it is, formatted for
	// its metric's kind.
	setValue := func(sheet, ref, metric string, v *float64) error {
		if v == nil {
			return nil
		}
		x, format := valueCell(metric, *v)
		if err := f.SetCellFloat(sheet, ref, x, -1, 64); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, ref, ref, styles[format])
	}
	sessionDate := s.Date

	rows := [][2]string{
		{text.T(lang, "sessionxlsx.supervising_body"), s.Body},
		{text.T(lang, "sessionxlsx.term"), s.Term},
		{text.T(lang, "sessionxlsx.leader"), s.Leader},
		{text.T(lang, "sessionxlsx.members"), strings.Join(s.Members, "; ")},
		{text.T(lang, "sessionxlsx.guests"), strings.Join(s.Guests, "; ")},
		{text.T(lang, "sessionxlsx.form"), s.Form},
		{text.T(lang, "sessionxlsx.topic"), s.Topic},
		{text.T(lang, "sessionxlsx.plan"), s.PlanDoc},
		{text.T(lang, "sessionxlsx.date"), ""},
		{text.T(lang, "sessionxlsx.body_supervised"), s.Supervised()},
		{text.T(lang, "sessionxlsx.unit_territory"), s.UnitName + " (" + s.UnitCode + ")"},
		{text.T(lang, "sessionxlsx.span"), s.Span.Label()},
		{text.T(lang, "sessionxlsx.results"), s.Summary},
		{text.T(lang, "sessionxlsx.findings"), s.Findings},
		{text.T(lang, "sessionxlsx.discussion"), strings.Join(s.Discussion, "\n")},
		{text.T(lang, "sessionxlsx.conclusion"), s.Conclusion},
		{text.T(lang, "sessionxlsx.report_no"), s.ReportNo},
		{text.T(lang, "sessionxlsx.report_date"), ""},
		{text.T(lang, "sessionxlsx.plan_date"), ""},
		{text.T(lang, "sessionxlsx.until"), ""},
		{text.T(lang, "sessionxlsx.status"), map[bool]string{true: text.T(lang, "sessionxlsx.published"), false: text.T(lang, "sessionxlsx.draft")}[s.Published]},
		{text.T(lang, "sessionxlsx.source"), s.Source},
	}
	dates := map[int]*time.Time{9: &sessionDate, 18: s.ReportDate, 19: s.PlanDate, 20: s.DateTo} // row -> date
	for i, r := range rows {
		a, _ := excelize.CoordinatesToCellName(1, i+1)
		b, _ := excelize.CoordinatesToCellName(2, i+1)
		if err := f.SetCellStr(SheetSession, a, r[0]); err != nil {
			return err
		}
		if t, ok := dates[i+1]; ok {
			if err := setDate(SheetSession, b, t); err != nil {
				return err
			}
			continue
		}
		if err := f.SetCellStr(SheetSession, b, Neutralize(r[1])); err != nil {
			return err
		}
	}
	_ = f.SetCellStyle(SheetSession, "A1", fmt.Sprintf("A%d", len(rows)), bold)
	for i := range rows {
		if _, ok := dates[i+1]; !ok {
			_ = f.SetCellStyle(SheetSession, fmt.Sprintf("B%d", i+1), fmt.Sprintf("B%d", i+1), wrap)
		}
	}
	_ = f.SetColWidth(SheetSession, "A", "A", 24)
	_ = f.SetColWidth(SheetSession, "B", "B", 90)

	if _, err := f.NewSheet(SheetFigures); err != nil {
		return err
	}
	head := []any{text.T(lang, "sessionxlsx.metric"), text.T(lang, "sessionxlsx.code"), text.T(lang, "sessionxlsx.unit"), text.T(lang, "sessionxlsx.span_2"),
		text.T(lang, "sessionxlsx.reported"), text.T(lang, "sessionxlsx.up_to"), text.T(lang, "sessionxlsx.recorded"), text.T(lang, "sessionxlsx.differs"), text.T(lang, "sessionxlsx.note"),
		text.T(lang, "sessionxlsx.source"), text.T(lang, "sessionxlsx.withdrawn")}
	if err := f.SetSheetRow(SheetFigures, "A1", &head); err != nil {
		return err
	}
	_ = f.SetRowStyle(SheetFigures, 1, 1, bold)
	for i, fg := range s.Figures {
		m, _ := oversight.MetricByCode(fg.Metric)
		unit := fg.UnitName
		switch fg.Scope {
		case oversight.ScopeChildrenTotal:
			unit += text.T(lang, "sessionxlsx.all_subordinate_units_together")
		case oversight.ScopeEachChild:
			unit += text.T(lang, "sessionxlsx.each_subordinate_unit")
		}
		row := []any{text.MetricName(lang, m), fg.Metric, unit, fg.Span.Label(), nil, nil, nil, "", fg.Note, fg.Source, ""}
		if fg.Differs() && !fg.Withdrawn() {
			row[7] = text.T(lang, "sessionxlsx.yes")
		}
		if fg.Withdrawn() {
			row[10] = d(fg.WithdrawnOn) + ": " + fg.WithdrawnReason
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		row = neutralRow(row)
		if err := f.SetSheetRow(SheetFigures, cell, &row); err != nil {
			return err
		}
		value := fg.Value
		for col, v := range map[string]*float64{"E": &value, "F": fg.ValueMax, "G": fg.Recorded} {
			if err := setValue(SheetFigures, fmt.Sprintf("%s%d", col, i+2), fg.Metric, v); err != nil {
				return err
			}
		}
	}
	_ = f.SetColWidth(SheetFigures, "A", "A", 40)

	if _, err := f.NewSheet(SheetRecs); err != nil {
		return err
	}
	head = []any{"#", text.T(lang, "sessionxlsx.content"), text.T(lang, "sessionxlsx.lead_unit"), text.T(lang, "sessionxlsx.co_units"),
		text.T(lang, "sessionxlsx.responsible"), text.T(lang, "sessionxlsx.output"), text.T(lang, "sessionxlsx.deadline"), text.T(lang, "sessionxlsx.status"),
		text.T(lang, "sessionxlsx.overdue"), text.T(lang, "sessionxlsx.verified_on"), text.T(lang, "sessionxlsx.note"), text.T(lang, "sessionxlsx.follow_ups"),
		text.T(lang, "sessionxlsx.deadline_sitting"), text.T(lang, "sessionxlsx.final_date"), text.T(lang, "sessionxlsx.withdrawn")}
	if err := f.SetSheetRow(SheetRecs, "A1", &head); err != nil {
		return err
	}
	_ = f.SetRowStyle(SheetRecs, 1, 1, bold)
	for i, r := range s.Recommendations {
		var fus []string
		for _, fu := range r.FollowUps {
			line := fu.Date.Format("02/01/2006") + ": " + fu.Text
			if fu.Author != "" {
				line += " (" + fu.Author + ")"
			}
			if fu.OnBehalf {
				line += text.T(lang, "sessionxlsx.recorded_by_secretariat_lead")
			}
			for _, e := range fu.Evidence {
				line += " [" + e.Name + "]"
			}
			fus = append(fus, line)
		}
		overdue := ""
		if r.Overdue(today) {
			overdue = text.T(lang, "sessionxlsx.overdue_2")
		}
		withdrawn := ""
		if r.Withdrawn() {
			withdrawn = d(r.WithdrawnOn) + ": " + r.WithdrawnReason
		}
		row := []any{r.Seq, r.Content, r.LeadName, strings.Join(r.CoUnits, ", "), r.Responsible, r.Output, nil,
			text.RecStatus(lang, r.Status), overdue, nil, r.StatusNote, strings.Join(fus, "\n"), r.DeadlineText, nil, withdrawn}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		row = neutralRow(row)
		if err := f.SetSheetRow(SheetRecs, cell, &row); err != nil {
			return err
		}
		for col, t := range map[string]*time.Time{"G": r.Deadline, "J": r.VerifiedOn, "N": r.DeadlineTo} {
			if err := setDate(SheetRecs, fmt.Sprintf("%s%d", col, i+2), t); err != nil {
				return err
			}
		}
	}
	_ = f.SetColWidth(SheetRecs, "B", "B", 60)
	_ = f.SetColWidth(SheetRecs, "L", "L", 60)
	return f.Write(w)
}

// neutralRow passes every text of a row through Neutralize, as the
// exports do: typed text (a note, a recommendation, a name) that begins
// like a formula stays text when the cell is edited. Numbers stay numbers.
func neutralRow(row []any) []any {
	for i, v := range row {
		if s, ok := v.(string); ok {
			row[i] = Neutralize(s)
		}
	}
	return row
}

// valueCell is how a figure's value goes into a cell: a percent as its
// fraction (74 -> 0.74) with a percent format, a count as a whole number,
// anything else with as many decimals as it has (up to three), never with
// a trailing decimal point.
func valueCell(metric string, v float64) (float64, string) {
	m, _ := oversight.MetricByCode(metric)
	decimals := func(x float64) int {
		for n := 0; n < 3; n++ {
			p := math.Pow(10, float64(n))
			if math.Abs(x*p-math.Round(x*p)) < 1e-9*p {
				return n
			}
		}
		return 3
	}
	if m.Kind == oversight.KindPercent {
		n := decimals(v)
		// Rounded to the digits the value has, so 87.11 is 0.8711, not 0.87110000000000001.
		return math.Round(v*math.Pow(10, float64(n))) / math.Pow(10, float64(n+2)), map[int]string{0: "0%", 1: "0.0%", 2: "0.00%", 3: "0.000%"}[n]
	}
	if m.Kind == oversight.KindCount && v == math.Trunc(v) {
		return v, "#,##0"
	}
	return v, map[int]string{0: "#,##0", 1: "#,##0.0", 2: "#,##0.00", 3: "#,##0.000"}[decimals(v)]
}
