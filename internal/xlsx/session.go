package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
)

// Session sheet names, in Vietnamese as the council files them.
const (
	SheetSession = "Buoi giam sat"
	SheetFigures = "So lieu"
	SheetRecs    = "Kien nghi"
)

// WriteSession writes a supervision session as a workbook: the session and
// its findings, its figures (reported beside recorded), and its
// recommendations with status and follow-ups. Numbers are stored as
// numbers with a Vietnamese-looking format; dates as dd/mm/yyyy text.
func WriteSession(w io.Writer, s oversight.Session, lang string, today time.Time) error {
	f := excelize.NewFile()
	defer f.Close()
	name := func(vi, en string) string {
		if lang == "en" {
			return en
		}
		return vi
	}
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
	numFmt := "#,##0.##"
	num, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt})

	rows := [][2]string{
		{name("Chủ thể giám sát", "Supervising body"), s.Body},
		{name("Nhiệm kỳ", "Term"), s.Term},
		{name("Trưởng đoàn", "Leader"), s.Leader},
		{name("Thành viên", "Members"), strings.Join(s.Members, "; ")},
		{name("Khách mời", "Guests"), strings.Join(s.Guests, "; ")},
		{name("Hình thức", "Form"), s.Form},
		{name("Nội dung", "Topic"), s.Topic},
		{name("Kế hoạch", "Plan"), strings.TrimSpace(s.PlanDoc + " " + d(s.PlanDate))},
		{name("Ngày giám sát", "Date"), s.Date.Format("02/01/2006")},
		{name("Đơn vị chịu giám sát", "Supervised unit"), s.UnitName + " (" + s.UnitCode + ")"},
		{name("Kỳ số liệu", "Span"), s.Span.Label()},
		{name("Kết quả", "Results"), s.Summary},
		{name("Nhận xét", "Findings"), s.Findings},
		{name("Vấn đề trao đổi", "Discussion"), strings.Join(s.Discussion, "\n")},
		{name("Kết luận", "Conclusion"), s.Conclusion},
		{name("Số báo cáo", "Report no."), strings.TrimSpace(s.ReportNo + " " + d(s.ReportDate))},
		{name("Trạng thái", "Status"), map[bool]string{true: name("Đã công bố", "Published"), false: name("Bản nháp", "Draft")}[s.Published]},
	}
	for i, r := range rows {
		a, _ := excelize.CoordinatesToCellName(1, i+1)
		b, _ := excelize.CoordinatesToCellName(2, i+1)
		if err := f.SetCellStr(SheetSession, a, r[0]); err != nil {
			return err
		}
		if err := f.SetCellStr(SheetSession, b, Neutralize(r[1])); err != nil {
			return err
		}
	}
	_ = f.SetCellStyle(SheetSession, "A1", fmt.Sprintf("A%d", len(rows)), bold)
	_ = f.SetCellStyle(SheetSession, "B1", fmt.Sprintf("B%d", len(rows)), wrap)
	_ = f.SetColWidth(SheetSession, "A", "A", 24)
	_ = f.SetColWidth(SheetSession, "B", "B", 90)

	if _, err := f.NewSheet(SheetFigures); err != nil {
		return err
	}
	head := []any{name("Chỉ tiêu", "Metric"), name("Mã", "Code"), name("Đơn vị", "Unit"), name("Kỳ", "Span"),
		name("Báo cáo", "Reported"), name("Đến", "Up to"), name("Đã ghi nhận", "Recorded"), name("Khác nhau", "Differs"), name("Ghi chú", "Note")}
	if err := f.SetSheetRow(SheetFigures, "A1", &head); err != nil {
		return err
	}
	_ = f.SetRowStyle(SheetFigures, 1, 1, bold)
	for i, fg := range s.Figures {
		m, _ := oversight.MetricByCode(fg.Metric)
		unit := fg.UnitName
		switch fg.Scope {
		case oversight.ScopeChildrenTotal:
			unit += name(" (tổng các đơn vị trực thuộc)", " (all subordinate units together)")
		case oversight.ScopeEachChild:
			unit += name(" (mỗi đơn vị trực thuộc)", " (each subordinate unit)")
		}
		row := []any{m.Name(lang), fg.Metric, unit, fg.Span.Label(), fg.Value, nil, nil, "", fg.Note}
		if fg.ValueMax != nil {
			row[5] = *fg.ValueMax
		}
		if fg.Recorded != nil {
			row[6] = *fg.Recorded
		}
		if fg.Differs() {
			row[7] = name("có", "yes")
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		row = neutralRow(row)
		if err := f.SetSheetRow(SheetFigures, cell, &row); err != nil {
			return err
		}
	}
	if n := len(s.Figures); n > 0 {
		_ = f.SetCellStyle(SheetFigures, "E2", fmt.Sprintf("G%d", n+1), num)
	}
	_ = f.SetColWidth(SheetFigures, "A", "A", 40)

	if _, err := f.NewSheet(SheetRecs); err != nil {
		return err
	}
	head = []any{"#", name("Nội dung", "Content"), name("Đơn vị chủ trì", "Lead unit"), name("Phối hợp", "Co-units"),
		name("Người chịu trách nhiệm", "Responsible"), name("Sản phẩm", "Output"), name("Thời hạn", "Deadline"), name("Trạng thái", "Status"),
		name("Quá hạn", "Overdue"), name("Ngày xác minh", "Verified on"), name("Ghi chú", "Note"), name("Theo dõi thực hiện", "Follow-ups")}
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
			for _, e := range fu.Evidence {
				line += " [" + e.Name + "]"
			}
			fus = append(fus, line)
		}
		overdue := ""
		if r.Overdue(today) {
			overdue = name("quá hạn", "overdue")
		}
		row := []any{r.Seq, r.Content, r.LeadName, strings.Join(r.CoUnits, ", "), r.Responsible, r.Output, d(r.Deadline),
			oversight.RecStatusName(r.Status, lang), overdue, d(r.VerifiedOn), r.StatusNote, strings.Join(fus, "\n")}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		row = neutralRow(row)
		if err := f.SetSheetRow(SheetRecs, cell, &row); err != nil {
			return err
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
