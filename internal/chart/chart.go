// Package chart turns plain series of numbers into ECharts option objects.
//
// It uses go-echarts to build the options but never renders HTML or
// JavaScript: the result is plain data (maps, slices, strings, numbers) that
// the web layer marshals to JSON inside <script type="application/json">,
// where static/app.js picks it up. Number formatting, percent axes and
// drill-down links are flagged in the data with "cchc"-prefixed keys that
// ECharts ignores and app.js interprets:
//
//   - an axis with "cchcPercent": true shows 0..100 values as percentages;
//   - a series with "cchcPercent": true is formatted as a percentage in tooltips;
//   - a top-level "cchcLinks" object maps a category name to the URL opened
//     when that category's data point is clicked.
package chart

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Options is an ECharts option object ready to be marshalled to JSON.
type Options map[string]any

// Series is one named line or bar series.
type Series struct {
	Name   string
	Values []float64
	// Percent means the values are 0..100 shares, plotted on a percent axis.
	Percent bool
	// Whole means the values are counts of things (recommendations): the
	// value axis has whole-number ticks only, never 0,2 or 0,4.
	Whole bool
}

// horizontalAbove is the number of categories beyond which Bars lays its
// bars out horizontally, so that long unit names stay readable.
const horizontalAbove = 8

// animationMS keeps ECharts' entry animation short: pages are often printed
// or screenshotted right after load.
const animationMS = 300

// Trend builds a monthly trend: categories are month labels (e.g. "01/2019").
// Count series are bars on the left axis; percent series are lines on a
// second, right-hand axis flagged "cchcPercent": true and bounded to 0..100.
// The right axis exists only when at least one series is a percent series.
func Trend(title string, categories []string, series []Series) Options {
	o := skeleton("trend\x00"+title+seriesKey(series), func() Options { return trend(title, series) })
	o.setCategories("xAxis", categories)
	// go-echarts puts the bars before the lines.
	var values [][]float64
	for _, percent := range []bool{false, true} {
		for _, s := range series {
			if s.Percent == percent {
				values = append(values, s.Values)
			}
		}
	}
	o.setSeriesData(values...)
	return o
}

// trend is Trend's options without categories or data.
func trend(title string, series []Series) Options {
	bar := charts.NewBar()
	bar.SetGlobalOptions(commonOpts(title)...)
	bar.SetXAxis([]string{})

	counts, percents := 0, 0
	for _, s := range series {
		if s.Percent {
			percents++
		} else {
			counts++
		}
	}
	// With no count series the percent axis is the only one, on the left.
	percentAxis := 1
	if counts == 0 {
		percentAxis = 0
	} else if percents > 0 {
		bar.ExtendYAxis(opts.YAxis{})
	}

	var lines *charts.Line
	for _, s := range series {
		if !s.Percent {
			bar.AddSeries(s.Name, []opts.BarData{})
			continue
		}
		if lines == nil {
			lines = charts.NewLine()
		}
		lines.AddSeries(s.Name, []opts.LineData{},
			charts.WithLineChartOpts(opts.LineChart{YAxisIndex: percentAxis}))
	}
	if lines != nil {
		bar.Overlap(lines)
	}
	bar.Validate()

	o := toOptions(bar.JSON())
	if axes := o.axes("xAxis"); len(axes) > 0 {
		axes[0]["type"] = "category"
	}
	axes := o.axes("yAxis")
	for _, a := range axes {
		a["type"] = "value"
	}
	if percents > 0 && percentAxis < len(axes) {
		a := axes[percentAxis]
		a["cchcPercent"] = true
		a["min"] = 0
		a["max"] = 100
		if percentAxis == 1 {
			a["position"] = "right"
			// Two sets of grid lines that do not align are noise.
			a["splitLine"] = map[string]any{"show": false}
		}
	}
	o["grid"] = grid(percentAxis == 1 && percents > 0)
	o.flagPercentSeries(series)
	return o
}

// Bars builds a bar chart of one value per category (e.g. dossiers per
// ward). It is horizontal when there are more than eight categories, first
// category on top. links is optional: links[i] is the URL opened when
// category i is clicked; empty entries, and entries beyond len(categories),
// are ignored. The links end up in a top-level "cchcLinks" object keyed by
// category name.
func Bars(title string, categories []string, s Series, links []string) Options {
	horizontal := len(categories) > horizontalAbove
	o := skeleton("bars\x00"+title+seriesKey([]Series{s})+strconv.FormatBool(horizontal), func() Options { return bars(title, s, horizontal) })
	if horizontal {
		o.setCategories("yAxis", categories)
	} else {
		o.setCategories("xAxis", categories)
	}
	o.setSeriesData(s.Values)
	if m := linkMap(categories, links); len(m) > 0 {
		o["cchcLinks"] = m
	}
	return o
}

// bars is Bars' options without categories, data or links.
func bars(title string, s Series, horizontal bool) Options {
	bar := charts.NewBar()
	bar.SetGlobalOptions(commonOpts(title)...)
	bar.SetXAxis([]string{})
	bar.AddSeries(s.Name, []opts.BarData{})

	if horizontal {
		bar.XYReversal()
	}
	bar.Validate()

	o := toOptions(bar.JSON())
	valueAxis, categoryAxis := "yAxis", "xAxis"
	if horizontal {
		valueAxis, categoryAxis = "xAxis", "yAxis"
	}
	if axes := o.axes(categoryAxis); len(axes) > 0 {
		axes[0]["type"] = "category"
		if horizontal {
			axes[0]["inverse"] = true
			axes[0]["axisLabel"] = map[string]any{"width": 200, "overflow": "truncate", "ellipsis": "…"}
		} else {
			// Show every label, shortening long names (the tooltip has them
			// in full); app.js sets the width from the chart's size.
			axes[0]["axisLabel"] = map[string]any{"interval": 0, "overflow": "truncate", "ellipsis": "…"}
		}
	}
	if axes := o.axes(valueAxis); len(axes) > 0 {
		axes[0]["type"] = "value"
		delete(axes[0], "data")
		if s.Percent {
			axes[0]["cchcPercent"] = true
			axes[0]["min"] = 0
			axes[0]["max"] = 100
		}
		if s.Whole {
			axes[0]["minInterval"] = 1
		}
		if horizontal {
			// The last label centred on the chart's right edge was cut
			// ("600.00" for 1.600.000): end it at the edge instead.
			axes[0]["axisLabel"] = map[string]any{"alignMaxLabel": "right", "alignMinLabel": "left"}
		}
	}
	o["grid"] = grid(false)
	// One series: its legend would only repeat the title, and take room a
	// phone needs for the bars.
	if lg, ok := o["legend"].(map[string]any); ok {
		lg["show"] = false
		o["grid"].(map[string]any)["bottom"] = 12
	}
	if tt, ok := o["tooltip"].(map[string]any); ok {
		tt["axisPointer"] = map[string]any{"type": "shadow"}
	}
	// One or two bars must not fill the whole width.
	if list, ok := o["series"].([]any); ok {
		for _, item := range list {
			if m, ok := item.(map[string]any); ok {
				m["barMaxWidth"] = 48
			}
		}
	}
	o.flagPercentSeries([]Series{s})
	return o
}

// commonOpts are the options shared by every chart: title, axis tooltip,
// legend, and a toolbox to save the picture or read the numbers.
func commonOpts(title string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithTitleOpts(opts.Title{Title: title}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Top: "bottom"}),
		charts.WithToolboxOpts(opts.Toolbox{
			Show: opts.Bool(true),
			Feature: &opts.ToolBoxFeature{
				SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Type: "png"},
				DataView:    &opts.ToolBoxFeatureDataView{Show: opts.Bool(true)},
			},
		}),
		charts.WithAnimation(true),
	}
}

// toOptions turns go-echarts' option map, which holds go-echarts structs,
// into plain JSON values so callers can adjust any key and so nothing but
// data can reach the page. It then sets what go-echarts cannot express.
func toOptions(m map[string]any) Options {
	b, err := json.Marshal(m)
	if err != nil {
		// Only non-finite floats could fail, and skeletons hold no data.
		panic(fmt.Sprintf("chart: marshal options: %v", err))
	}
	var o Options
	if err := json.Unmarshal(b, &o); err != nil {
		panic(fmt.Sprintf("chart: unmarshal options: %v", err))
	}
	// The title starts at the left edge and is cut with "…" before the
	// toolbox icons at the top right: set from the right, a long title ran
	// off the left edge of a phone's chart. app.js fits the width to the
	// chart; 600 is for a chart drawn without it.
	if t, ok := o["title"].(map[string]any); ok {
		t["left"] = 8
		t["textStyle"] = map[string]any{"overflow": "truncate", "width": 600, "fontSize": 15}
	}
	o["animation"] = true
	o["animationDuration"] = animationMS
	o["animationDurationUpdate"] = animationMS

	if tb, ok := o["toolbox"].(map[string]any); ok {
		if f, ok := tb["feature"].(map[string]any); ok {
			if dv, ok := f["dataView"].(map[string]any); ok {
				dv["readOnly"] = true
				// go-echarts always writes these keys; null or "" would
				// override ECharts' own defaults.
				delete(dv, "lang")
				delete(dv, "backgroundColor")
			}
		}
	}
	return o
}

// axes returns the axis objects under key ("xAxis" or "yAxis"), which
// go-echarts always writes as an array.
func (o Options) axes(key string) []map[string]any {
	list, _ := o[key].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, a := range list {
		if m, ok := a.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// flagPercentSeries marks, by position, the series built from percent
// inputs, so app.js formats their tooltip values as percentages. Trend adds
// bars before lines, so the order is bars then lines.
func (o Options) flagPercentSeries(in []Series) {
	list, _ := o["series"].([]any)
	ordered := make([]Series, 0, len(in))
	for _, s := range in {
		if !s.Percent {
			ordered = append(ordered, s)
		}
	}
	for _, s := range in {
		if s.Percent {
			ordered = append(ordered, s)
		}
	}
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok || i >= len(ordered) {
			continue
		}
		if ordered[i].Percent {
			m["cchcPercent"] = true
		}
	}
}

// grid leaves room for the title and toolbox above, the legend below, and
// lets ECharts fit axis labels (long unit names) inside the chart.
func grid(rightAxis bool) map[string]any {
	right := 16
	if rightAxis {
		right = 24
	}
	return map[string]any{"left": 16, "right": right, "top": 56, "bottom": 36, "containLabel": true}
}

// missing is ECharts' marker for an absent data point; JSON has no NaN.
const missing = "-"

func value(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return missing
	}
	return v
}

func linkMap(categories, links []string) map[string]any {
	m := map[string]any{}
	for i, u := range links {
		if i >= len(categories) || u == "" {
			continue
		}
		m[categories[i]] = u
	}
	return m
}
