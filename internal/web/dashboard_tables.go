package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"
)

// The dashboard's tables of figures, written as HTML in Go rather than
// ranged over in the template (see heatCellsHTML for why).

// figureText shows a figure as the page's num and pct do: "—" when there
// is none (or it is not a finite number), never 0. The dashboard's tables
// hold their figures as text made here: each cell's test, format and
// escape as template actions cost more, through text/template's
// reflection, than the rest of the work of a commune's page.
func figureText(l string, v float64, has, percent bool) string {
	if !has {
		return "—"
	}
	if percent {
		return percentText(l, v)
	}
	return countText(l, v)
}

// numberCellsHTML writes a row of whole numbers as table cells ("—" for
// one not reported, NaN).
func numberCellsHTML(l string, vals []float64) template.HTML {
	var b strings.Builder
	for _, v := range vals {
		b.WriteString(`<td class="num">`)
		b.WriteString(html.EscapeString(countText(l, v)))
		b.WriteString("</td>")
	}
	return template.HTML(b.String())
}

// trendRowsHTML writes the trend table's rows: month (marked when its
// figures are the comparable sum of predecessors), dossiers received, the
// on-time rate and how many units reported (marked, with an asterisk, when
// not all). Written here rather than ranged over in the template for the
// reason heatCellsHTML gives: a ten-year span is 120 rows.
func trendRowsHTML(l string, rows []trendRow) template.HTML {
	var b strings.Builder
	cmpRow := html.EscapeString(translate(l, "cmp.row"))
	incomplete := html.EscapeString(translate(l, "dash.reporting_incomplete"))
	for _, r := range rows {
		if r.Comparable {
			b.WriteString(`<tr class="comparable"><td>`)
		} else {
			b.WriteString(`<tr><td>`)
		}
		b.WriteString(html.EscapeString(r.Month))
		if r.Comparable {
			b.WriteString(` <small class="muted">(` + cmpRow + `)</small>`)
		}
		b.WriteString(`</td><td class="num">` + html.EscapeString(figureText(l, r.Received, r.HasReceived, false)) +
			`</td><td class="num">` + html.EscapeString(figureText(l, r.OnTime, r.HasOnTime, true)) + `</td>`)
		reported := strconv.Itoa(r.Reporting.Reported) + "/" + strconv.Itoa(r.Reporting.Expected)
		switch {
		case r.Incomplete:
			b.WriteString(`<td class="num incomplete" title="` + incomplete + `"><strong>` + reported + ` *</strong></td>`)
		case r.Reporting.Expected != 0:
			b.WriteString(`<td class="num">` + reported + `</td>`)
		default:
			b.WriteString(`<td class="num">—</td>`)
		}
		b.WriteString("</tr>")
	}
	return template.HTML(b.String())
}

// heatCellsHTML writes a heat map row's cells for its table: the rate, or
// a dash marked "not reported", unlike a low rate. Written here rather than
// ranged over in the template: a province over three years is thousands of
// cells, and each cell's actions (the test, the format, the escaping) cost
// more in text/template's reflection than the rest of the page.
func heatCellsHTML(l string, cells []heatCell) template.HTML {
	missing := `<td class="num"><span class="not-reported" title="` + html.EscapeString(translate(l, "dash.not_reported")) + `">—</span></td>`
	var b strings.Builder
	for _, c := range cells {
		if !c.Has {
			b.WriteString(missing)
			continue
		}
		b.WriteString(`<td class="num">`)
		b.WriteString(html.EscapeString(percentText(l, c.Rate)))
		b.WriteString("</td>")
	}
	return template.HTML(b.String())
}
