package chart

import "math"

// Ranked builds a ranking of units, categories in rank order (best first):
// a bar chart like Bars, but past 2n categories only the first n and the
// last n are drawn, with a row named gap between them (e.g. "… 78 đơn vị
// khác"), so a province of a hundred communes stays one screen high; the
// table beside the chart lists them all. A percent series gets a value
// axis fitted to the values drawn (see fitPercent) instead of 0..100, so
// that 98,4% and 98,8% do not give bars of the same length.
func Ranked(title string, categories []string, s Series, links []string, n int, gap string) Options {
	if n > 0 && len(categories) > 2*n {
		cats := append(append(append([]string{}, categories[:n]...), gap), categories[len(categories)-n:]...)
		vals := append(append(append([]float64{}, s.Values[:n]...), math.NaN()), s.Values[len(s.Values)-n:]...)
		var ls []string
		if len(links) >= len(categories) {
			ls = append(append(append([]string{}, links[:n]...), ""), links[len(links)-n:]...)
		}
		categories, links = cats, ls
		s.Values = vals
	}
	o := Bars(title, categories, s, links)
	if !s.Percent {
		return o
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range s.Values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if lo > hi {
		return o
	}
	axis := "yAxis"
	if len(categories) > horizontalAbove {
		axis = "xAxis"
	}
	if axes := o.axes(axis); len(axes) > 0 {
		min, max, step := fitPercent(lo, hi)
		axes[0]["min"], axes[0]["max"] = min, max
		if step > 0 {
			axes[0]["interval"] = step
		}
	}
	return o
}

// fitPercent chooses a percent axis for values lo..hi: 0..100 when the
// values spread widely (lo below 40) or are all equal, otherwise a range around them with
// some room on either side, bounded by 0 and 100, whose ends fall on a
// round step of at most about six intervals (0 when ECharts may choose).
func fitPercent(lo, hi float64) (min, max, step float64) {
	// All equal (often all 100%): nothing to tell apart, and an axis
	// starting at 99,4% would only mislead.
	if lo < 40 || hi-lo < 0.01 {
		return 0, 100, 0
	}
	pad := math.Max((hi-lo)*0.25, 0.5)
	r := hi - lo + 2*pad
	step = 25
	for _, c := range []float64{0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 25} {
		if r/c <= 6 {
			step = c
			break
		}
	}
	min = math.Max(0, math.Floor((lo-pad)/step)*step)
	max = math.Min(100, math.Ceil((hi+pad)/step)*step)
	// Rounded to the step's precision: 97.50000000000001 is not a label.
	min, max = math.Round(min*10)/10, math.Round(max*10)/10
	if max <= min {
		min = math.Max(0, max-step)
	}
	return min, max, step
}

// SetSubtitle puts text under the title, in a smaller grey line (e.g. "10
// cao nhất, 10 thấp nhất / 98 đơn vị"), and moves the plotting area down
// to make room: appended to the title it was cut off in a half-width chart.
func (o Options) SetSubtitle(text string) {
	t, ok := o["title"].(map[string]any)
	if !ok || text == "" {
		return
	}
	t["subtext"] = text
	t["subtextStyle"] = map[string]any{"overflow": "truncate", "width": 600, "fontSize": 12}
	if g, ok := o["grid"].(map[string]any); ok {
		g["top"] = 76
	}
}
