package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/xlsx"
)

// TestDigestPageAndWorkbookListDueRecommendationsByLeadBody: on 01/02/2020
// (the test clock) a recommendation due 20/01/2020 is overdue by 12 days
// and one due 15/02/2020 is due in 14 days; one due 15/03/2020 (43 days)
// and a multi-year one due at its final date are not listed. The printable
// page and the workbook (read back cell by cell) say the same.
func TestDigestPageAndWorkbookListDueRecommendationsByLeadBody(t *testing.T) {
	env := newEnv(t)
	delegate := env.login(t, "daibieu")
	st, body := send(t, delegate, http.MethodPost, env.ts.URL+"/api/v1/sessions", "application/json",
		`{"body":"Thường trực HĐND TP Hà Nội","leader":"Nguyễn Ngọc Tuấn","topic":"Chuyển đổi số","date":"2019-12-20","unit":"01",
		  "span_from":"2019-01","span_to":"2019-11","published":true}`)
	if st != http.StatusCreated {
		t.Fatalf("create session: %d %s", st, body)
	}
	var sess struct {
		ID int64 `json:"id"`
	}
	decode(t, body, &sess)
	for _, r := range []string{
		`{"content":"Số hóa hồ sơ một cửa","lead_unit":"01","deadline":"2020-01-20"}`,
		`{"content":"Công khai thủ tục trực tuyến","lead_unit":"268","deadline":"2020-02-15"}`,
		`{"content":"Sắp xếp bộ máy","lead_unit":"268","deadline":"2020-03-15"}`,
		`{"content":"Đề án chính quyền số","lead_unit":"268","deadline":"2020-01-10","deadline_to":"2022-12-31"}`,
	} {
		if st, out := send(t, delegate, http.MethodPost, fmt.Sprintf("%s/api/v1/sessions/%d/recommendations", env.ts.URL, sess.ID), "application/json", r); st != http.StatusCreated {
			t.Fatalf("recommendation %s: %d %s", r, st, out)
		}
	}
	analyst := env.login(t, "phantich")
	_, page, _ := get(t, analyst, env.ts.URL+"/recommendations/digest")
	section := func(code string) string {
		i := strings.Index(page, `data-lead="`+code+`"`)
		if i < 0 {
			t.Fatalf("digest page has no section for %s", code)
		}
		rest := page[i:]
		if j := strings.Index(rest, "</section>"); j > 0 {
			rest = rest[:j]
		}
		return rest
	}
	hn, hd := section("01"), section("268")
	if !strings.Contains(hn, "Số hóa hồ sơ một cửa") || !strings.Contains(hn, `20/01/2020</td><td class="num">12</td>`) || strings.Contains(hn, "Công khai") {
		t.Errorf("Hà Nội's section:\n%s", hn)
	}
	if !strings.Contains(hd, "Công khai thủ tục trực tuyến") || !strings.Contains(hd, `15/02/2020</td><td class="num">14</td>`) {
		t.Errorf("Hà Đông's section:\n%s", hd)
	}
	for _, not := range []string{"Sắp xếp bộ máy", "Đề án chính quyền số"} {
		if strings.Contains(page, not) {
			t.Errorf("the digest lists %q", not)
		}
	}

	st, file, hdr := get(t, analyst, env.ts.URL+"/recommendations/digest.xlsx")
	if st != http.StatusOK || !strings.Contains(hdr.Get("Content-Disposition"), "kien-nghi-den-han-2020-02-01.xlsx") {
		t.Fatalf("digest.xlsx: %d %q", st, hdr.Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(strings.NewReader(file), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cell := func(ref string) string {
		v, err := f.GetCellValue(xlsx.SheetDigest, ref)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	typ := func(ref string) excelize.CellType {
		ct, _ := f.GetCellType(xlsx.SheetDigest, ref)
		return ct
	}
	// Rows of the demo's own recommendations may come first or between:
	// find ours by content.
	rows, _ := f.GetRows(xlsx.SheetDigest)
	find := func(content string) int {
		for i, r := range rows {
			if len(r) > 3 && r[3] == content {
				return i + 1
			}
		}
		t.Fatalf("workbook has no row for %q", content)
		return 0
	}
	for _, want := range []struct {
		content, lead, standing, due, days string
	}{
		{"Số hóa hồ sơ một cửa", "01", "Quá hạn", "43850", "-12"},             // 20/01/2020 as an Excel serial day
		{"Công khai thủ tục trực tuyến", "268", "Sắp đến hạn", "43876", "14"}, // 15/02/2020
	} {
		r := find(want.content)
		if got := cell(fmt.Sprintf("B%d", r)); got != want.lead {
			t.Errorf("%s: lead %q", want.content, got)
		}
		if got := cell(fmt.Sprintf("C%d", r)); got != want.standing {
			t.Errorf("%s: standing %q", want.content, got)
		}
		if got := cell(fmt.Sprintf("F%d", r)); got != want.due || typ(fmt.Sprintf("F%d", r)) == excelize.CellTypeSharedString {
			t.Errorf("%s: due cell %q (type %v), want the date %s", want.content, got, typ(fmt.Sprintf("F%d", r)), want.due)
		}
		if got := cell(fmt.Sprintf("G%d", r)); got != want.days {
			t.Errorf("%s: days %q, want %s", want.content, got, want.days)
		}
	}
	for _, r := range rows {
		if len(r) > 3 && (r[3] == "Sắp xếp bộ máy" || r[3] == "Đề án chính quyền số") {
			t.Errorf("workbook lists %q", r[3])
		}
	}
	styled, _ := excelize.OpenReader(strings.NewReader(file))
	defer styled.Close()
	if v, _ := styled.GetCellValue(xlsx.SheetDigest, fmt.Sprintf("F%d", find("Số hóa hồ sơ một cửa"))); v != "20/01/2020" {
		t.Errorf("due date shown as %q, want 20/01/2020", v)
	}
}
