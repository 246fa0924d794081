package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// An export asked by someone reading the pages in English is written in
// English, with the figures of the Vietnamese one.
func TestExportInTheUsersLanguage(t *testing.T) {
	e := newEnv(t)
	in := func(lang string) *excelize.File {
		q := url.Values{}
		for k, v := range exportHaDong {
			q[k] = v
		}
		q.Set("lang", lang)
		code, body, h := exportGet(t, e, "phantich", q)
		if code != http.StatusOK {
			t.Fatalf("%s: status %d: %s", lang, code, body)
		}
		if cd := h.Get("Content-Disposition"); lang == "en" && !strings.Contains(cd, "-subtree-") {
			t.Errorf("English file name %q", cd)
		}
		return exportOpen(t, body)
	}
	en, vi := in("en"), in("vi")
	if got := strings.Join(en.GetSheetList(), "|"); got != "Summary|Q1-2019|Q2-2019|Q3-2019|Q4-2019|About" {
		t.Fatalf("English sheets %q", got)
	}
	rows, _ := en.GetRows("Q1-2019", excelize.Options{RawCellValue: true})
	wantHead := "Unit code|Unit|Kind|Procedures publicly listed|Share of procedures with shortened time|Dossiers received|Dossiers resolved|Resolved early or on time|On-time rate"
	if got := strings.Join(rows[1], "|"); got != wantHead {
		t.Errorf("English headings %q", got)
	}
	viRows, _ := vi.GetRows("Quý 1-2019", excelize.Options{RawCellValue: true})
	if len(rows) != len(viRows) || len(rows) < 4 {
		t.Fatalf("%d rows in English, %d in Vietnamese", len(rows), len(viRows))
	}
	for i := 2; i < len(rows); i++ {
		if rows[i][0] != viRows[i][0] || strings.Join(rows[i][3:], "|") != strings.Join(viRows[i][3:], "|") {
			t.Errorf("row %d: %q, Vietnamese %q", i+1, rows[i], viRows[i])
		}
	}
	if rows[2][2] != "District" || viRows[2][2] != "Quận/huyện" {
		t.Errorf("kinds %q / %q", rows[2][2], viRows[2][2])
	}
}
