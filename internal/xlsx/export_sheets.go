package xlsx

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// The sheets of an export workbook: summary, wide, long and "Thông tin".

// writeSummary fills the summary sheet with the totals of every period
// and adds a column chart of the first count. It is written cell by cell
// (it is small) and the chart is added to it, never to a streamed sheet:
// excelize drops a chart added to a streamed sheet after Flush.
func writeSummary(f *excelize.File, st styles, r *oversight.Report, o Options) error {
	sh := SheetName(o.Lang, SheetSummary)
	scope := text.T(o.Lang, "export.scope.unit")
	if o.Subtree {
		scope = text.T(o.Lang, "export.scope.subtree")
	}
	if err := f.SetCellValue(sh, "A1", Neutralize(fmt.Sprintf("%s (%s) — %s, %s", o.Root.Name, o.Root.Code, o.Span.Label(), scope))); err != nil {
		return err
	}
	_ = f.SetCellStyle(sh, "A1", "A1", st.title)
	// Which figures the totals below are made of, where nobody misses it.
	if err := f.SetCellValue(sh, "A2", ApprovalText(o)); err != nil {
		return err
	}
	h := heads(o.Lang)
	head := []any{h.period, h.from, h.to}
	widths := []float64{textWidth(h.period), 12, 12}
	for c := 0; c < r.Columns(); c++ {
		head = append(head, text.ColumnName(o.Lang, r, c))
		widths = append(widths, headerWidth(text.ColumnName(o.Lang, r, c)))
	}
	if err := f.SetSheetRow(sh, "A3", &head); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(head), 3)
	_ = f.SetCellStyle(sh, "A3", last, st.header)
	for b, bk := range r.Buckets {
		row := 4 + b
		label := text.BucketLabel(o.Lang, bk)
		widths[0] = max(widths[0], textWidth(label))
		cells := []any{Neutralize(label), bk.Span.From.FirstDay(), bk.Span.To.LastDay()}
		for c := 0; c < r.Columns(); c++ {
			if v, ok := r.Total(b, c); ok {
				cells = append(cells, cellValue(r, c, v))
				widths[3+c] = max(widths[3+c], numberWidth(v, r.ColumnIsPercent(c)))
			} else {
				cells = append(cells, nil)
			}
		}
		a, _ := excelize.CoordinatesToCellName(1, row)
		if err := f.SetSheetRow(sh, a, &cells); err != nil {
			return err
		}
		b2, _ := excelize.CoordinatesToCellName(2, row)
		c3, _ := excelize.CoordinatesToCellName(3, row)
		_ = f.SetCellStyle(sh, b2, c3, st.date)
		for c := 0; c < r.Columns(); c++ {
			cell, _ := excelize.CoordinatesToCellName(4+c, row)
			style := st.count
			if r.ColumnIsPercent(c) {
				style = st.pct
			}
			_ = f.SetCellStyle(sh, cell, cell, style)
		}
	}
	for i, wd := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sh, col, col, wd); err != nil {
			return err
		}
	}
	lastRow := 3 + len(r.Buckets)
	lastCell, _ := excelize.CoordinatesToCellName(len(head), lastRow)
	if err := f.AutoFilter(sh, "A3:"+lastCell, nil); err != nil {
		return err
	}
	// excelize leaves the declared range at A1; readers that trust it
	// (openpyxl's read-only mode) would read one cell.
	if err := f.SetSheetDimension(sh, "A1:"+lastCell); err != nil {
		return err
	}
	if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 3, TopLeftCell: "B4", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	// The chart shows the first count that has figures: dossiers received
	// when it is exported, as on the dashboard.
	chartCol := -1
	for c, m := range r.Metrics {
		if m.Code == "dossiers_received" {
			chartCol = c
			break
		}
	}
	if chartCol < 0 {
		for c := range r.Metrics {
			if !r.ColumnIsPercent(c) {
				chartCol = c
				break
			}
		}
	}
	if chartCol < 0 || len(r.Buckets) == 0 {
		return nil
	}
	colName, _ := excelize.ColumnNumberToName(4 + chartCol)
	ref := "'" + sh + "'!"
	anchor, _ := excelize.CoordinatesToCellName(1, lastRow+3)
	return f.AddChart(sh, anchor, &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{
			Name:       ref + "$" + colName + "$3",
			Categories: fmt.Sprintf("%s$A$4:$A$%d", ref, lastRow),
			Values:     fmt.Sprintf("%s$%s$4:$%s$%d", ref, colName, colName, lastRow),
		}},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: Neutralize(text.ColumnName(o.Lang, r, chartCol) + " — " + o.Root.Name)}}},
		Legend: excelize.ChartLegend{Position: "none"},
		Dimension: excelize.ChartDimension{
			Width: 720, Height: 360,
		},
	})
}

// unitWidths fits the code, name and kind columns to the units listed.
func unitWidths(r *oversight.Report, o Options) (code, name, kind float64) {
	h := heads(o.Lang)
	code, name, kind = textWidth(h.unitCode), textWidth(h.total), textWidth(h.kind)
	for _, u := range r.Units {
		code = max(code, textWidth(Neutralize(u.Code)))
		name = max(name, textWidth(Neutralize(u.Name)))
		kind = max(kind, textWidth(text.UnitKind(o.Lang, u.Kind)))
	}
	return code, min(name, 60), kind
}

// writeWide streams one sheet per period: units as rows, figures as
// columns, a totals row last (outside the filter, so sorting keeps it
// there), the header rows and the unit columns frozen.
func writeWide(f *excelize.File, st styles, r *oversight.Report, o Options) error {
	codeW, nameW, kindW := unitWidths(r, o)
	colW := make([]float64, r.Columns())
	for c := range colW {
		colW[c] = headerWidth(text.ColumnName(o.Lang, r, c))
		for b := range r.Buckets {
			if v, ok := r.Total(b, c); ok {
				colW[c] = max(colW[c], numberWidth(v, r.ColumnIsPercent(c)))
			}
		}
	}
	nCols := 3 + r.Columns()
	used := map[string]bool{}
	for b, bk := range r.Buckets {
		name := text.BucketSheetName(o.Lang, bk)
		for i := 2; used[name]; i++ {
			name = fmt.Sprintf("%s (%d)", text.BucketSheetName(o.Lang, bk), i)
		}
		used[name] = true
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		for i, wd := range append([]float64{codeW, nameW, kindW}, colW...) {
			if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: 2, TopLeftCell: "C3", ActivePane: "bottomRight"}); err != nil {
			return err
		}
		title := Neutralize(fmt.Sprintf("%s — %s (%s)", o.Root.Name, text.BucketLabel(o.Lang, bk), bk.Span.Label()))
		if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: title}}); err != nil {
			return err
		}
		h := heads(o.Lang)
		head := []any{excelize.Cell{StyleID: st.header, Value: h.unitCode}, excelize.Cell{StyleID: st.header, Value: h.unit},
			excelize.Cell{StyleID: st.header, Value: h.kind}}
		for c := 0; c < r.Columns(); c++ {
			head = append(head, excelize.Cell{StyleID: st.header, Value: text.ColumnName(o.Lang, r, c)})
		}
		if err := sw.SetRow("A2", head); err != nil {
			return err
		}
		// The unit rows and the totals row are spliced in for this marker
		// row when the zip is written (see spliceRows): excelize would keep
		// every sheet's rows in memory until the end.
		if err := sw.SetRow("A3", []any{fmt.Sprintf("%s%d%s", rowsMarker, b, rowsMarkerEnd)}); err != nil {
			return err
		}
		lastData := 2 + len(r.Units)
		// The filter is set on the sheet before Flush, which writes it out
		// with the sheet; set after Flush it would be lost like a chart.
		lastCell, _ := excelize.CoordinatesToCellName(nCols, lastData)
		if err := f.AutoFilter(name, "A2:"+lastCell, nil); err != nil {
			return err
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// writeLong streams the long layout: one row per unit × period × figure.
func writeLong(f *excelize.File, st styles, r *oversight.Report, o Options) error {
	sh := SheetName(o.Lang, SheetLong)
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	// The stream writes the declared range first: count the rows now, so
	// readers that trust it (openpyxl's read-only mode) read them all.
	rows := 1
	_ = rowsOf(r, func(int, int, int, float64) error { rows++; return nil })
	dim, _ := excelize.CoordinatesToCellName(10, rows)
	if err := f.SetSheetDimension(sh, "A1:"+dim); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	codeW, nameW, kindW := unitWidths(r, Options{Lang: o.Lang})
	h := heads(o.Lang)
	periodW, metricW := textWidth(h.period), textWidth(h.metric)
	for _, bk := range r.Buckets {
		periodW = max(periodW, textWidth(text.BucketLabel(o.Lang, bk)))
	}
	for c := 0; c < r.Columns(); c++ {
		metricW = max(metricW, textWidth(text.ColumnName(o.Lang, r, c)))
	}
	widths := []float64{textWidth(h.scope), codeW, nameW, kindW, periodW, 12, 12, textWidth("staff_completed_or_above_rate"), min(metricW, 50), 14}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := []string{h.scope, h.unitCode, h.unit, h.kind, h.period, h.from, h.to, h.metricCode, h.metric, h.value}
	hrow := make([]any, len(head))
	for i, h := range head {
		hrow[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A1", hrow); err != nil {
		return err
	}
	// Texts repeated on every row are neutralised and boxed once.
	type unitText struct{ scope, code, name, kind any }
	units := make([]unitText, len(r.Units))
	for i, u := range r.Units {
		units[i] = unitText{scopeUnit, Neutralize(u.Code), Neutralize(u.Name), Neutralize(u.Kind)}
	}
	// The totals carry the root's code, as the wide sheets and the CSV do.
	total := unitText{scopeTotal, Neutralize(o.Root.Code), h.total, ""}
	n := 1
	row := make([]any, len(head))
	err = rowsOf(r, func(u, b, c int, v float64) error {
		t := total
		if u >= 0 {
			t = units[u]
		}
		bk := r.Buckets[b]
		style := st.count
		if r.ColumnIsPercent(c) {
			style = st.pct
		}
		row[0], row[1], row[2], row[3] = t.scope, t.code, t.name, t.kind
		row[4] = text.BucketLabel(o.Lang, bk)
		row[5] = excelize.Cell{StyleID: st.date, Value: bk.Span.From.FirstDay()}
		row[6] = excelize.Cell{StyleID: st.date, Value: bk.Span.To.LastDay()}
		row[7] = r.ColumnCode(c)
		row[8] = text.ColumnName(o.Lang, r, c)
		row[9] = excelize.Cell{StyleID: style, Value: cellValue(r, c, v)}
		n++
		cell, _ := excelize.CoordinatesToCellName(1, n)
		return sw.SetRow(cell, row)
	})
	if err != nil {
		return err
	}
	lastCell, _ := excelize.CoordinatesToCellName(len(head), max(n, 2))
	if err := f.AutoFilter(sh, "A1:"+lastCell, nil); err != nil {
		return err
	}
	return sw.Flush()
}
