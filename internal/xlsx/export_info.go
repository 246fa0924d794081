package xlsx

import (
	"fmt"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/xuri/excelize/v2"
)

// writeInfo writes the "Thông tin" sheet: the filters, the approval state,
// who made the file and when, the catalogue version, the checksum of the
// data rows, and the catalogue of the figures exported.
func writeInfo(f *excelize.File, st styles, r *oversight.Report, o Options) error {
	sh := SheetName(o.Lang, SheetInfo)
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	sum, rows := o.Checksum, o.Rows
	if sum == "" {
		sum, rows = Checksum(r)
	}
	scope := "Chỉ riêng đơn vị / the unit only"
	if o.Subtree {
		scope = "Đơn vị và các đơn vị trực thuộc / the unit and its subtree"
	}
	codes := make([]string, 0, len(r.Metrics))
	for _, m := range r.Metrics {
		codes = append(codes, m.Code)
	}
	approval := ApprovalText(o)
	madeAt := o.MadeAt
	if madeAt.IsZero() {
		madeAt = time.Now()
	}
	kv := [][2]any{
		{"Nội dung / contents", "Số liệu CCHC xuất từ cchc / administrative reform figures exported from cchc"},
		{"Đơn vị / unit", Neutralize(o.Root.Code + " — " + o.Root.Name)},
		{"Phạm vi / scope", scope},
		{"Từ ngày / from", o.Span.From.FirstDay()},
		{"Đến ngày / to", o.Span.To.LastDay()},
		{"Gộp theo / by", byText(o.By)},
		{"Chỉ tiêu / metrics", strings.Join(codes, ", ")},
		{"Bố cục / layout", layoutText(o.Layout)},
		{"Trạng thái phê duyệt / approval", approval},
		{"Quy tắc tổng hợp / aggregation", "Chỉ tiêu lưu lượng cộng dồn; chỉ tiêu tồn lấy giá trị báo cáo gần nhất của từng đơn vị trong kỳ rồi cộng các đơn vị; tỷ lệ % bình quân gia quyền; tỷ lệ dẫn xuất chỉ tính từ các đơn vị-tháng có đủ số đếm; số liệu chưa báo cáo để trống, không tính là 0; đơn vị chỉ được tính trong các tháng còn hiệu lực / flows summed; stocks take each unit's last reported value in the span, then are summed across units; percents weighted; rates computed only from unit-months with all their counts; figures not reported are left blank, never 0; a unit counts only for months it existed"},
		{"Người lập / made by", Neutralize(o.MadeBy)},
		{"Thời điểm lập (UTC) / made at (UTC)", madeAt.UTC()},
		{"Phiên bản danh mục chỉ tiêu / catalogue version", oversight.CatalogueVersion},
		{"Số dòng dữ liệu / data rows", rows},
		{"SHA-256 dữ liệu / data checksum", sum},
		{"Cách tính SHA-256 / checksum rule", ChecksumRule},
		// Appended, not inserted: rows above keep their place for readers.
		{"Số liệu xuất / figures", FiguresName(o.ApprovedOnly)},
		{"Đơn vị-tháng đã duyệt / approved unit-months", o.ApprovedMonths},
		{"Đơn vị-tháng chưa duyệt / unit-months not approved", o.PendingMonths},
	}
	for i, p := range kv {
		a, _ := excelize.CoordinatesToCellName(1, i+1)
		b, _ := excelize.CoordinatesToCellName(2, i+1)
		if err := f.SetCellValue(sh, a, p[0]); err != nil {
			return err
		}
		if err := f.SetCellValue(sh, b, p[1]); err != nil {
			return err
		}
		_ = f.SetCellStyle(sh, a, a, st.header)
		switch p[1].(type) {
		case time.Time:
			style := st.date
			if i == 11 {
				style = st.datetime
			}
			_ = f.SetCellStyle(sh, b, b, style)
		}
	}
	start := len(kv) + 2
	head := []any{"Mã / code", "Tên / name (vi)", "Name (en)", "Loại / kind", "Tổng hợp / aggregation"}
	cell, _ := excelize.CoordinatesToCellName(1, start)
	if err := f.SetSheetRow(sh, cell, &head); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(head), start)
	_ = f.SetCellStyle(sh, cell, last, st.header)
	row := start
	for _, m := range r.Metrics {
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		vals := []any{m.Code, m.NameVI, m.NameEN, metricKindText(string(m.Kind)), metricKindText(string(m.Agg))}
		if err := f.SetSheetRow(sh, cell, &vals); err != nil {
			return err
		}
	}
	for _, in := range r.Indicators {
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		vals := []any{in.Code, in.NameVI, in.NameEN, metricKindText("percent"), "tính từ / computed from " + strings.Join(in.Needs, ", ")}
		if err := f.SetSheetRow(sh, cell, &vals); err != nil {
			return err
		}
	}
	// Reporting completeness, month by month: blank where nobody was
	// expected (never a rate of 0 out of 0).
	if len(o.Reporting) > 0 {
		row += 2
		head := []any{"Tháng / month", "Đơn vị phải báo cáo / units expected", "Đơn vị đã báo cáo / units reported", "Tỷ lệ báo cáo / reporting rate"}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(sh, cell, &head); err != nil {
			return err
		}
		last, _ := excelize.CoordinatesToCellName(len(head), row)
		_ = f.SetCellStyle(sh, cell, last, st.header)
		for _, rp := range o.Reporting {
			row++
			cell, _ := excelize.CoordinatesToCellName(1, row)
			vals := []any{rp.Month.Label(), rp.Expected, rp.Reported}
			if rp.Expected > 0 {
				vals = append(vals, float64(rp.Reported)/float64(rp.Expected))
			}
			if err := f.SetSheetRow(sh, cell, &vals); err != nil {
				return err
			}
			if rp.Expected > 0 {
				d, _ := excelize.CoordinatesToCellName(4, row)
				_ = f.SetCellStyle(sh, d, d, st.pct)
			}
		}
	}
	if err := f.SetSheetDimension(sh, fmt.Sprintf("A1:E%d", row)); err != nil {
		return err
	}
	_ = f.SetColWidth(sh, "A", "A", 44)
	_ = f.SetColWidth(sh, "B", "B", 70)
	_ = f.SetColWidth(sh, "C", "C", 40)
	_ = f.SetColWidth(sh, "D", "E", 22)
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 1, TopLeftCell: "B1", ActivePane: "topRight"})
}
