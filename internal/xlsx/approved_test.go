package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
)

func TestApprovalTextStatesTheChoiceAndTheCounts(t *testing.T) {
	cases := []struct {
		name string
		o    Options
		want []string
		not  []string
	}{
		{"all", Options{ApprovedMonths: 1, PendingMonths: 29},
			[]string{"Tất cả số liệu đã nhập, kể cả chưa duyệt: 1 đơn vị-tháng đã duyệt, 29 đơn vị-tháng", "every figure entered, approved or not"},
			[]string{"Chỉ số liệu đã duyệt", "not yet available"}},
		{"approved", Options{ApprovedOnly: true, ApprovedMonths: 3, PendingMonths: 7},
			[]string{"Chỉ số liệu đã duyệt: 3 đơn vị-tháng đã duyệt được xuất; 7 đơn vị-tháng", "approved figures only: 3 approved unit-months exported; 7"},
			[]string{"tệp không có số liệu"}},
		{"nothing approved", Options{ApprovedOnly: true, PendingMonths: 7},
			[]string{"Chỉ số liệu đã duyệt: 0", "tệp không có số liệu", "the file holds no figures"}, nil},
		{"override", Options{Approval: "x", ApprovedOnly: true}, []string{"x"}, []string{"Chỉ số liệu"}},
	}
	for _, c := range cases {
		got := ApprovalText(c.o)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", c.name, got, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(got, w) {
				t.Errorf("%s: %q says %q", c.name, got, w)
			}
		}
	}
}

// The choice and the counts are on the "Thông tin" sheet, as numbers, and
// the statement on the summary sheet's second line.
func TestApprovalOnTheInfoAndSummarySheets(t *testing.T) {
	unit := oversight.Unit{ID: 1, Code: "P", Name: "Phường", Kind: "ward"}
	span := oversight.Span{From: oversight.NewMonth(2024, 1), To: oversight.NewMonth(2024, 2)}
	r := oversight.NewReport([]oversight.Unit{unit}, oversight.Buckets(span, oversight.ByMonth), oversight.Catalogue[:3])
	o := Options{Root: unit, Span: span, By: oversight.ByMonth, Layout: LayoutWide, ApprovedOnly: true, ApprovedMonths: 0, PendingMonths: 2}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, r, o); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(SheetInfo, excelize.Options{RawCellValue: true})
	info := map[string]string{}
	for _, row := range rows {
		if len(row) >= 2 {
			info[row[0]] = row[1]
		}
	}
	if info["Số liệu xuất / figures"] != "approved" || info["Đơn vị-tháng đã duyệt / approved unit-months"] != "0" ||
		info["Đơn vị-tháng chưa duyệt / unit-months not approved"] != "2" || info["Trạng thái phê duyệt / approval"] != ApprovalText(o) {
		t.Errorf("info %q", info)
	}
	if a2, _ := f.GetCellValue(SheetSummary, "A2"); a2 != ApprovalText(o) {
		t.Errorf("summary A2 %q", a2)
	}
	// Appended rows: the rows above keep their place (row 12 is when the
	// file was made, styled as a date and time by its index).
	if a12, _ := f.GetCellValue(SheetInfo, "A12"); !strings.HasPrefix(a12, "Thời điểm lập") {
		t.Errorf("row 12 is %q, want the time the file was made", a12)
	}
}
