package chart

import (
	"strconv"
	"strings"
	"sync"
)

// A chart's options are go-echarts' output written to JSON and read back
// (toOptions) and then adjusted: a tenth of a commune dashboard's time,
// for options that are the same on every page but for the data. So each
// chart's options are built once without their data (a skeleton), kept by
// what shapes them (kind, title, series, layout), and each chart is a copy
// with its categories and values set in it.
var skeletons struct {
	sync.Mutex
	m map[string]Options
}

// maxSkeletons bounds the skeletons kept. The dashboard's keys are made of
// the words of the page (titles, series names in two languages), a few
// dozen; an indicator's chart carries the names its author typed. Past the
// bound the kept ones are dropped and kept again as charts are drawn, so
// that the shapes in use come back.
const maxSkeletons = 256

// skeleton answers a copy of the options build makes, built once per key.
func skeleton(key string, build func() Options) Options {
	skeletons.Lock()
	o, ok := skeletons.m[key]
	skeletons.Unlock()
	if !ok {
		o = build()
		skeletons.Lock()
		if skeletons.m == nil || len(skeletons.m) >= maxSkeletons {
			skeletons.m = map[string]Options{}
		}
		skeletons.m[key] = o
		skeletons.Unlock()
	}
	return deepCopy(o).(Options)
}

// deepCopy copies the maps and slices of options, so that no chart can
// change another's (or the kept skeleton).
func deepCopy(v any) any {
	switch x := v.(type) {
	case Options:
		out := make(Options, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	case []string:
		return append([]string(nil), x...)
	}
	return v // strings, numbers, booleans, nil: never changed in place
}

// seriesKey is what shapes a chart in its series: names and kinds.
func seriesKey(series []Series) string {
	var b strings.Builder
	for _, s := range series {
		b.WriteString("\x00")
		b.WriteString(s.Name)
		b.WriteString("\x00")
		b.WriteString(strconv.FormatBool(s.Percent))
		b.WriteString(strconv.FormatBool(s.Whole))
	}
	return b.String()
}

// setCategories sets the data of the first axis under key.
func (o Options) setCategories(key string, categories []string) {
	axes := o.axes(key)
	if len(axes) == 0 {
		return
	}
	data := make([]any, len(categories))
	for i, c := range categories {
		data[i] = c
	}
	axes[0]["data"] = data
}

// setSeriesData sets each series' data, in the order of the series in the
// options, as plain numbers ("-" for a missing one), not go-echarts'
// {"value": n} items: a ten-year trend stays small.
func (o Options) setSeriesData(values ...[]float64) {
	list, _ := o["series"].([]any)
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok || i >= len(values) {
			continue
		}
		data := make([]any, len(values[i]))
		for j, v := range values[i] {
			data[j] = value(v)
		}
		m["data"] = data
	}
}
