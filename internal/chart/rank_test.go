package chart

import (
	"fmt"
	"math"
	"testing"
)

func TestRanked(t *testing.T) {
	t.Run("past twice n only the first and last n are drawn, with a gap row", func(t *testing.T) {
		var cats, links []string
		var vals []float64
		for i := 0; i < 98; i++ {
			cats = append(cats, fmt.Sprintf("Xã %d", i+1))
			links = append(links, fmt.Sprintf("/dashboard?unit=C%d", i+1))
			vals = append(vals, 98.8-float64(i)*0.004)
		}
		o := Ranked("Đúng hạn", cats, Series{Name: "Đúng hạn", Values: vals, Percent: true}, links, 10, "… 78 đơn vị khác")
		_, m := roundTrip(t, o)
		yAxis := object(t, list(t, m["yAxis"], "yAxis")[0], "yAxis[0]")
		names := strs(t, yAxis["data"])
		if len(names) != 21 || names[0] != "Xã 1" || names[10] != "… 78 đơn vị khác" || names[20] != "Xã 98" {
			t.Fatalf("categories = %v, want Xã 1–10, the gap, Xã 89–98", names)
		}
		data := list(t, object(t, list(t, m["series"], "series")[0], "series[0]")["data"], "data")
		if data[10] != missing {
			t.Errorf("the gap row's value = %v, want missing", data[10])
		}
		l := object(t, m["cchcLinks"], "cchcLinks")
		if l["Xã 98"] != "/dashboard?unit=C98" || l["… 78 đơn vị khác"] != nil || l["Xã 50"] != nil {
			t.Errorf("links = %v, want the drawn units only", l)
		}
		x := object(t, list(t, m["xAxis"], "xAxis")[0], "xAxis[0]")
		lo, hi := x["min"].(float64), x["max"].(float64)
		if lo < 97 || lo >= 98.4 || hi <= 98.8 || hi > 100 {
			t.Errorf("axis %v..%v, want fitted around 98,4–98,8%%, not 0..100", lo, hi)
		}
		if iv, ok := x["interval"].(float64); !ok || math.Abs(math.Remainder(hi-lo, iv)) > 1e-9 {
			t.Errorf("interval %v does not divide the axis %v..%v", x["interval"], lo, hi)
		}
		label := object(t, x["axisLabel"], "axisLabel")
		if label["alignMaxLabel"] != "right" {
			t.Errorf("the last value label is not kept inside the chart: %v", label)
		}
	})
	t.Run("a few units are all drawn", func(t *testing.T) {
		o := Ranked("Đúng hạn", []string{"A", "B", "C"}, Series{Values: []float64{99, 98.5, 98}, Percent: true}, nil, 10, "…")
		_, m := roundTrip(t, o)
		x := object(t, list(t, m["xAxis"], "xAxis")[0], "xAxis[0]")
		if n := len(strs(t, x["data"])); n != 3 {
			t.Errorf("%d categories, want 3", n)
		}
		y := object(t, list(t, m["yAxis"], "yAxis")[0], "yAxis[0]")
		if y["min"].(float64) == 0 || y["max"].(float64) > 100 {
			t.Errorf("axis %v..%v, want fitted", y["min"], y["max"])
		}
	})
	t.Run("widely spread rates keep 0..100 and counts start at zero", func(t *testing.T) {
		_, m := roundTrip(t, Ranked("Đúng hạn", []string{"A", "B"}, Series{Values: []float64{95, 20}, Percent: true}, nil, 10, "…"))
		y := object(t, list(t, m["yAxis"], "yAxis")[0], "yAxis[0]")
		if y["min"] != 0.0 || y["max"] != 100.0 {
			t.Errorf("axis %v..%v, want 0..100", y["min"], y["max"])
		}
		_, m = roundTrip(t, Ranked("Hồ sơ", []string{"A", "B"}, Series{Values: []float64{950, 900}}, nil, 10, "…"))
		y = object(t, list(t, m["yAxis"], "yAxis")[0], "yAxis[0]")
		if _, ok := y["min"]; ok {
			t.Errorf("a count axis has min %v, want ECharts' zero", y["min"])
		}
	})
}

func TestFitPercent(t *testing.T) {
	for _, c := range [][2]float64{{98.4, 98.8}, {99.9, 100}, {60, 99}, {90, 90.05}, {40, 41}} {
		lo, hi, step := fitPercent(c[0], c[1])
		if lo > c[0] || hi < c[1] || lo < 0 || hi > 100 || step <= 0 || (hi-lo)/step > 12 {
			t.Errorf("fitPercent(%v, %v) = %v..%v step %v", c[0], c[1], lo, hi, step)
		}
		if n := (hi - lo) / step; math.Abs(n-math.Round(n)) > 1e-6 {
			t.Errorf("fitPercent(%v, %v) = %v..%v: step %v does not divide it", c[0], c[1], lo, hi, step)
		}
	}
}

func TestFitPercentAllEqual(t *testing.T) {
	if lo, hi, _ := fitPercent(100, 100); lo != 0 || hi != 100 {
		t.Errorf("all 100%%: axis %v..%v, want 0..100", lo, hi)
	}
}

func TestWholeCounts(t *testing.T) {
	_, m := roundTrip(t, Bars("Kiến nghị", []string{"Mới", "Xong"}, Series{Values: []float64{1, 2}, Whole: true}, nil))
	y := object(t, list(t, m["yAxis"], "yAxis")[0], "yAxis[0]")
	if y["minInterval"] != 1.0 {
		t.Errorf("minInterval = %v, want 1: no 0,2 ticks for counts", y["minInterval"])
	}
}

func TestSetSubtitleAndNoLegendForOneSeries(t *testing.T) {
	o := Bars("Đúng hạn", []string{"A", "B"}, Series{Values: []float64{1, 2}}, nil)
	o.SetSubtitle("10 cao nhất, 10 thấp nhất / 98 đơn vị")
	_, m := roundTrip(t, o)
	title := object(t, m["title"], "title")
	if title["text"] != "Đúng hạn" || title["subtext"] != "10 cao nhất, 10 thấp nhất / 98 đơn vị" {
		t.Errorf("title %v", title)
	}
	if g := object(t, m["grid"], "grid"); g["top"].(float64) < 70 {
		t.Errorf("grid top %v leaves no room for the subtitle", g["top"])
	}
	if lg := object(t, m["legend"], "legend"); lg["show"] != false {
		t.Errorf("a one-series bar chart shows a legend repeating its title: %v", lg)
	}
}
