package xlsx

import (
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// SheetDigest is the digest workbook's one sheet.
const SheetDigest = "Kien nghi den han"

// WriteDigest writes the digest of recommendations overdue or due within
// oversight.DueSoonDays on day today, one row per recommendation grouped
// by lead body: the body, whether overdue or due soon, the content, the
// session, the due date (a date cell, dd/mm/yyyy), the days left (a whole
// number, negative when overdue) and the status. sessionLabel names a
// recommendation's session.
func WriteDigest(w io.Writer, groups []oversight.DigestGroup, lang string, today time.Time, sessionLabel func(int64) string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetDigest); err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	dateFmt, wholeFmt := "dd/mm/yyyy", "#,##0"
	dateStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	wholeStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &wholeFmt})
	title := []any{text.T(lang, "digestxlsx.recommendations_overdue_due_within", oversight.DueSoonDays), nil}
	if err := f.SetSheetRow(SheetDigest, "A1", &title); err != nil {
		return err
	}
	if err := f.SetCellValue(SheetDigest, "B1", time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)); err != nil {
		return err
	}
	_ = f.SetCellStyle(SheetDigest, "B1", "B1", dateStyle)
	head := []any{text.T(lang, "digestxlsx.lead_body"), text.T(lang, "digestxlsx.code"), text.T(lang, "digestxlsx.standing"), text.T(lang, "digestxlsx.recommendation"),
		text.T(lang, "digestxlsx.session"), text.T(lang, "digestxlsx.due"), text.T(lang, "digestxlsx.days_left"), text.T(lang, "digestxlsx.status")}
	if err := f.SetSheetRow(SheetDigest, "A3", &head); err != nil {
		return err
	}
	_ = f.SetRowStyle(SheetDigest, 3, 3, bold)
	row := 4
	write := func(g oversight.DigestGroup, r oversight.Recommendation, overdue bool) error {
		standing := text.T(lang, "digestxlsx.due_soon")
		if overdue {
			standing = text.T(lang, "digestxlsx.overdue")
		}
		cells := neutralRow([]any{g.LeadName, g.LeadCode, standing, r.Content, sessionLabel(r.SessionID), nil, r.DaysFrom(today),
			text.RecStatus(lang, r.Status)})
		ref, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(SheetDigest, ref, &cells); err != nil {
			return err
		}
		if due := r.Due(); due != nil {
			ref, _ := excelize.CoordinatesToCellName(6, row)
			if err := f.SetCellValue(SheetDigest, ref, time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC)); err != nil {
				return err
			}
			_ = f.SetCellStyle(SheetDigest, ref, ref, dateStyle)
		}
		ref, _ = excelize.CoordinatesToCellName(7, row)
		_ = f.SetCellStyle(SheetDigest, ref, ref, wholeStyle)
		row++
		return nil
	}
	for _, g := range groups {
		for _, r := range g.Overdue {
			if err := write(g, r, true); err != nil {
				return err
			}
		}
		for _, r := range g.DueSoon {
			if err := write(g, r, false); err != nil {
				return err
			}
		}
	}
	_ = f.SetColWidth(SheetDigest, "A", "A", 30)
	_ = f.SetColWidth(SheetDigest, "D", "D", 70)
	_ = f.SetColWidth(SheetDigest, "E", "E", 30)
	_ = f.SetColWidth(SheetDigest, "F", "H", 14)
	return f.Write(w)
}
