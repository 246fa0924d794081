package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
)

// Issue 10, case 1, as a regression test: after one ward of Hà Đông enters
// 11/2019 and three enter 12/2019, the default span still ends at 10/2019
// (the latest month at least 80% of the 17 wards reported), the headline
// figures are the full ones (2.541 procedures, 4.321 staff, as in the 2019
// report), and the page says how many wards reported; choosing 01–12/2019
// marks November and December as incomplete in the trend.
func TestDashboardDefaultSpanEndsAtTheLastMonthEnoughWardsReported(t *testing.T) {
	e := figEnv(t)
	ctx := context.Background()
	hd, err := e.db.UnitByCode(ctx, "268")
	if err != nil {
		t.Fatal(err)
	}
	kids, err := e.db.Children(ctx, hd.ID)
	if err != nil {
		t.Fatal(err)
	}
	var wards []string
	for _, k := range kids {
		if k.Kind == oversight.UnitWard && k.ExistedDuring(oversight.Span{From: oversight.NewMonth(2019, 12), To: oversight.NewMonth(2019, 12)}) {
			wards = append(wards, k.Code)
		}
	}
	if len(wards) != 17 {
		t.Fatalf("Hà Đông has %d wards in 12/2019, want 17", len(wards))
	}
	figPut(t, e, fv(wards[0], "procedures_listed", 2019, 11, 135))
	for _, w := range wards[:3] {
		figPut(t, e, fv(w, "procedures_listed", 2019, 12, 135))
	}
	r := newFigReader(t, e)

	st, body, _ := get(t, r.page, e.ts.URL+"/dashboard?unit=268")
	if st != http.StatusOK {
		t.Fatalf("dashboard: status %d", st)
	}
	if span := figText(t, body, `id="span-label">([^<]*)<`); !strings.HasSuffix(span, "–10/2019") {
		t.Errorf("default span %q, want it to end at 10/2019", span)
	}
	for k, want := range map[string]string{"procedures": "2.541", "staff": "4.321"} {
		if got := figText(t, body, `(?s)id="kpi-`+k+`">.*?<div class="value">([^<]*)<`); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if got := figText(t, body, `(?s)id="kpi-completeness"><strong>([^<]*)<`); got != "17/17 đơn vị đã báo cáo tháng 10/2019" {
		t.Errorf("completeness beside the cards = %q, want 17/17 for 10/2019", got)
	}
	if !strings.Contains(body, "ít nhất 80% đơn vị báo cáo") {
		t.Error("the page does not state the 80% rule of the default span")
	}
	// The briefing pack says the same.
	st, brief, _ := get(t, r.page, e.ts.URL+"/dashboard/brief?unit=268")
	if st != http.StatusOK {
		t.Fatalf("brief: status %d", st)
	}
	if got := figText(t, brief, `(?s)id="kpi-completeness"><strong>([^<]*)<`); got != "17/17 đơn vị đã báo cáo tháng 10/2019" {
		t.Errorf("briefing pack completeness = %q, want 17/17 for 10/2019", got)
	}
	// A preset follows the same end: the month preset is 10/2019.
	st, body, _ = get(t, r.page, e.ts.URL+"/dashboard?unit=268&preset=month")
	if st != http.StatusOK {
		t.Fatalf("month preset: status %d", st)
	}
	if span := figText(t, body, `id="span-label">([^<]*)<`); !strings.Contains(span, "10/2019") || strings.Contains(span, "12/2019") {
		t.Errorf("month preset span %q, want 10/2019", span)
	}

	// The whole year asked for: December's figures are partial, and said so.
	st, body, _ = get(t, r.page, e.ts.URL+"/dashboard?unit=268&from=2019-01&to=2019-12")
	if st != http.StatusOK {
		t.Fatalf("dashboard 2019: status %d", st)
	}
	if got := figText(t, body, `(?s)id="kpi-completeness"><strong>([^<]*)<`); got != "3/17 đơn vị đã báo cáo tháng 12/2019" {
		t.Errorf("completeness beside the cards = %q, want 3/17 for 12/2019", got)
	}
	rows := regexp.MustCompile(`<tr><td>(\d\d/\d{4})</td><td class="num">[^<]*</td><td class="num">[^<]*</td><td class="num( incomplete)?"[^>]*>(?:<strong>)?([^<*]*?)(?: \*</strong>)?</td></tr>`).FindAllStringSubmatch(figText(t, body, `(?s)id="trend-table"(.*?)</table>`), -1)
	if len(rows) != 12 {
		t.Fatalf("trend table has %d rows, want 12", len(rows))
	}
	for _, row := range rows {
		month, marked, reported := row[1], row[2] != "", row[3]
		want, wantMarked := "17/17", false
		switch month {
		case "11/2019":
			want, wantMarked = "1/17", true
		case "12/2019":
			want, wantMarked = "3/17", true
		}
		if reported != want || marked != wantMarked {
			t.Errorf("trend %s: reported %q marked %v, want %q marked %v", month, reported, marked, want, wantMarked)
		}
	}
	// The chart shades the same two months.
	if !strings.Contains(body, `"cchcMarked":["11/2019","12/2019"]`) {
		t.Error("the trend chart does not mark 11/2019 and 12/2019 as incomplete")
	}
}

// The export's "Thông tin" sheet lists the same completeness, month by
// month, read back cell by cell: 17/17 in October, 1/17 in November,
// 3/17 in December 2019 for Hà Đông; with approved figures only, the
// approved months alone.
func TestExportInfoSheetListsReportingCompleteness(t *testing.T) {
	e := figEnv(t)
	ctx := context.Background()
	hd, err := e.db.UnitByCode(ctx, "268")
	if err != nil {
		t.Fatal(err)
	}
	kids, err := e.db.Children(ctx, hd.ID)
	if err != nil {
		t.Fatal(err)
	}
	var wards []string
	for _, k := range kids {
		if k.Kind == oversight.UnitWard {
			wards = append(wards, k.Code)
		}
	}
	figPut(t, e, fv(wards[0], "dossiers_received", 2019, 11, 5))
	for _, w := range wards[:3] {
		figPut(t, e, fv(w, "dossiers_received", 2019, 12, 5))
	}
	figApprove(t, e, map[string][]oversight.Month{wards[1]: {oversight.NewMonth(2019, 12)}})
	r := newFigReader(t, e)
	for _, tc := range []struct {
		approved bool
		want     [][]string // month, expected, reported, rate as stored (15 digits)
	}{
		{false, [][]string{{"10/2019", "17", "17", "1"}, {"11/2019", "17", "1", "0.0588235294117647"}, {"12/2019", "17", "3", "0.176470588235294"}}},
		{true, [][]string{{"10/2019", "17", "0", "0"}, {"11/2019", "17", "0", "0"}, {"12/2019", "17", "1", "0.0588235294117647"}}},
	} {
		q := url.Values{"unit": {"268"}, "from": {"2019-10"}, "to": {"2019-12"}, "subtree": {"true"}, "by": {"month"}, "format": {"xlsx"}}
		if tc.approved {
			q.Set("figures", "approved")
		}
		f := exportOpen(t, r.export(t, q))
		rows, err := f.GetRows("Thông tin", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		head := -1
		for i, row := range rows {
			if len(row) > 0 && row[0] == "Tháng / month" {
				head = i
			}
		}
		if head < 0 {
			t.Fatalf("approved=%v: no completeness table in the Thông tin sheet", tc.approved)
		}
		if got := strings.Join(rows[head], "|"); got != "Tháng / month|Đơn vị phải báo cáo / units expected|Đơn vị đã báo cáo / units reported|Tỷ lệ báo cáo / reporting rate" {
			t.Errorf("header %q", got)
		}
		if len(rows) != head+1+len(tc.want) {
			t.Fatalf("approved=%v: %d rows after the header, want %d", tc.approved, len(rows)-head-1, len(tc.want))
		}
		for i, want := range tc.want {
			for j, w := range want {
				cell := fmt.Sprintf("%c%d", 'A'+j, head+2+i)
				got, err := f.GetCellValue("Thông tin", cell, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				if got != w {
					t.Errorf("approved=%v: %s = %q, want %q", tc.approved, cell, got, w)
				}
			}
		}
		if dim, err := f.GetSheetDimension("Thông tin"); err != nil || !strings.HasSuffix(dim, fmt.Sprint(head+1+len(tc.want))) {
			t.Errorf("approved=%v: dimension %q (%v), want it to end at row %d", tc.approved, dim, err, head+1+len(tc.want))
		}
	}
}

// When the default span reaches back past the months read to choose its
// end (a ward entered 01/2020, so the span is 01–10/2019 while the
// look-back read 02/2019–01/2020), every month of the trend still shows
// its completeness, and the cards that of the span's last month, all
// figures and approved ones alike.
func TestDashboardCompletenessOfASpanBeforeTheLookBack(t *testing.T) {
	e := figEnv(t)
	figPut(t, e, fv("09538", "procedures_listed", 2020, 1, 135))
	r := newFigReader(t, e)
	for _, approved := range []bool{false, true} {
		q := url.Values{"unit": {"268"}}
		want := "17/17"
		if approved {
			q.Set("figures", "approved")
			want = "0/17"
		}
		body := r.html(t, "/dashboard", q)
		if span := figText(t, body, `id="span-label">([^<]*)<`); span != "01/2019–10/2019" {
			t.Fatalf("approved=%v: default span %q, want 01/2019–10/2019", approved, span)
		}
		if got := figText(t, body, `(?s)id="kpi-completeness"><strong>([^<]*)<`); got != want+" đơn vị đã báo cáo tháng 10/2019" {
			t.Errorf("approved=%v: completeness beside the cards %q, want %s for 10/2019", approved, got, want)
		}
		if approved {
			continue // nothing approved: no trend
		}
		rows := regexp.MustCompile(`<tr><td>(\d\d/\d{4})</td><td class="num">[^<]*</td><td class="num">[^<]*</td><td class="num( incomplete)?"[^>]*>(?:<strong>)?([^<*]*?)(?: \*</strong>)?</td></tr>`).FindAllStringSubmatch(figText(t, body, `(?s)id="trend-table"(.*?)</table>`), -1)
		if len(rows) != 10 {
			t.Fatalf("approved=%v: trend table has %d rows, want 10", approved, len(rows))
		}
		for _, row := range rows {
			if row[3] != want {
				t.Errorf("approved=%v: trend %s reported %q, want %s", approved, row[1], row[3], want)
			}
		}
	}
}
