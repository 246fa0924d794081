package chart

import (
	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Stacked builds a vertical bar chart whose series are stacked, one stack
// per category (e.g. staff by evaluation category, month by month).
func Stacked(title string, categories []string, series []Series) Options {
	o := skeleton("stacked\x00"+title+seriesKey(series), func() Options { return stacked(title, series) })
	o.setCategories("xAxis", categories)
	values := make([][]float64, len(series))
	for i, s := range series {
		values[i] = s.Values
	}
	o.setSeriesData(values...)
	return o
}

// stacked is Stacked's options without categories or data.
func stacked(title string, series []Series) Options {
	bar := charts.NewBar()
	bar.SetGlobalOptions(commonOpts(title)...)
	bar.SetXAxis([]string{})
	for _, s := range series {
		bar.AddSeries(s.Name, []opts.BarData{}, charts.WithBarChartOpts(opts.BarChart{Stack: "total"}))
	}
	bar.Validate()
	o := toOptions(bar.JSON())
	if axes := o.axes("xAxis"); len(axes) > 0 {
		axes[0]["type"] = "category"
	}
	if axes := o.axes("yAxis"); len(axes) > 0 {
		axes[0]["type"] = "value"
	}
	o["grid"] = grid(false)
	if tt, ok := o["tooltip"].(map[string]any); ok {
		tt["axisPointer"] = map[string]any{"type": "shadow"}
	}
	return o
}

// Heatmap builds a grid of percent values: columns are months, rows are
// units (first row on top). values[row][col] is NaN where nothing is
// recorded, which stays blank. links[row] is the URL opened when any cell
// of that row, or its name, is clicked.
func Heatmap(title string, columns, rows []string, values [][]float64, links []string) Options {
	// The cells as the page sends them, [col, row, value] with the row's
	// link alongside, made here rather than passed through go-echarts:
	// its items would be written to JSON and read back (toOptions) only to
	// be rewritten, a millisecond and a half of the national dashboard's
	// 340 cells and far more of a province's thousands.
	cells := []any{}
	lo, hi := 100.0, 0.0
	for r := range rows {
		for c := range columns {
			if r >= len(values) || c >= len(values[r]) {
				continue
			}
			f, ok := value(values[r][c]).(float64)
			if !ok {
				continue
			}
			lo, hi = min(lo, f), max(hi, f)
			cell := map[string]any{"value": []any{float64(c), float64(r), f}}
			if r < len(links) && links[r] != "" {
				cell["url"] = links[r]
			}
			cells = append(cells, cell)
		}
	}
	o := skeleton("heat\x00"+title, func() Options { return heatmap(title) })
	if lo > hi {
		lo, hi = 0, 100
	}
	// The colour scale spans the values present, at least 20 points wide:
	// rates are usually all above 90%, and a 0-100 scale would paint them
	// one colour, while a 99-100 scale would paint 99% red.
	if hi-lo < 20 {
		lo = max(0, hi-20)
	}
	o["visualMap"] = map[string]any{"min": lo, "max": hi, "calculable": true, "orient": "horizontal",
		"left": "center", "bottom": 0, "cchcPercent": true, "inRange": map[string]any{"color": []string{"#c0392b", "#f1c40f", "#1e8449"}}}
	o["xAxis"] = []any{map[string]any{"type": "category", "data": columns, "splitArea": map[string]any{"show": true}}}
	o["yAxis"] = []any{map[string]any{"type": "category", "data": rows, "inverse": true, "splitArea": map[string]any{"show": true},
		"axisLabel": map[string]any{"width": 200, "overflow": "truncate", "ellipsis": "…"}}}
	if list, ok := o["series"].([]any); ok {
		for _, item := range list {
			if m, ok := item.(map[string]any); ok {
				m["data"] = cells
			}
		}
	}
	if m := linkMap(rows, links); len(m) > 0 {
		o["cchcLinks"] = m
	}
	return o
}

// heatmap is Heatmap's options without axes, cells or colour scale.
func heatmap(title string) Options {
	hm := charts.NewHeatMap()
	hm.SetGlobalOptions(commonOpts(title)...)
	hm.SetGlobalOptions(charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}))
	hm.SetXAxis([]string{})
	hm.AddSeries(title, []opts.HeatMapData{})
	hm.Validate()
	o := toOptions(hm.JSON())
	o["grid"] = map[string]any{"left": 16, "right": 16, "top": 56, "bottom": 64, "containLabel": true}
	delete(o, "legend")
	if list, ok := o["series"].([]any); ok {
		for _, item := range list {
			if m, ok := item.(map[string]any); ok {
				m["cchcPercent"] = true
				// ECharts paints a series of more than progressiveThreshold
				// items a chunk per frame; a heat map of a province over
				// three years stayed part-painted in screenshots and prints.
				// Drawn whole, in one pass.
				m["progressive"] = 0
				// The tooltip shows the rate alone, not the cell's column and
				// row numbers formatted as percentages.
				m["encode"] = map[string]any{"x": 0, "y": 1, "value": 2, "tooltip": 2}
			}
		}
	}
	return o
}
