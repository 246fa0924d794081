package chart

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"
)

// Charts built from one kept skeleton share nothing: changing every map
// and list of one chart (as MarkCategories and the pages do) leaves the next
// chart of the same shape as it was, and each carries its own data.
func TestSkeletonChartsShareNothing(t *testing.T) {
	build := map[string]func(vals []float64) Options{
		"trend": func(v []float64) Options {
			return Trend("Xu hướng", []string{"01/2019", "02/2019", "03/2019"}, []Series{{Name: "Nhận", Values: v}, {Name: "Đúng hạn", Values: v, Percent: true}})
		},
		"stacked": func(v []float64) Options {
			return Stacked("Cán bộ", []string{"01/2019", "02/2019", "03/2019"}, []Series{{Name: "A", Values: v}, {Name: "B", Values: v}})
		},
		"bars": func(v []float64) Options {
			return Bars("Hồ sơ", []string{"A", "B", "C"}, Series{Name: "Nhận", Values: v}, []string{"/a", "/b", "/c"})
		},
		"heat": func(v []float64) Options {
			return Heatmap("Nhiệt", []string{"01/2019", "02/2019", "03/2019"}, []string{"A"}, [][]float64{v}, []string{"/a"})
		},
	}
	for name, f := range build {
		first := f([]float64{1, 2, math.NaN()})
		want, err := json.Marshal(f([]float64{1, 2, math.NaN()}))
		if err != nil {
			t.Fatal(err)
		}
		var scramble func(v any)
		scramble = func(v any) {
			switch x := v.(type) {
			case Options:
				for k, e := range x {
					scramble(e)
					x[k] = "changed"
				}
			case map[string]any:
				for k, e := range x {
					scramble(e)
					x[k] = "changed"
				}
			case []any:
				for i, e := range x {
					scramble(e)
					x[i] = "changed"
				}
			}
		}
		scramble(first)
		got, err := json.Marshal(f([]float64{1, 2, math.NaN()}))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s: a chart changed after another of its shape was:\n got %s\nwant %s", name, got, want)
		}
		other, _ := json.Marshal(f([]float64{7, 8, 9}))
		if string(other) == string(want) {
			t.Errorf("%s: charts with other values are the same: %s", name, other)
		}
	}
}

// Charts of more shapes than are kept (an indicator's series carry the
// names its author typed) still come out right, and the kept skeletons stay
// within their bound.
func TestSkeletonsStayBounded(t *testing.T) {
	want, _ := json.Marshal(Trend("Xu hướng", []string{"01/2019"}, []Series{{Name: "Nhận", Values: []float64{5}}}))
	for i := 0; i < 3*maxSkeletons; i++ {
		Trend("Chỉ số", []string{"01/2019"}, []Series{{Name: "Chỉ số " + strconv.Itoa(i), Values: []float64{1}}})
		skeletons.Lock()
		n := len(skeletons.m)
		skeletons.Unlock()
		if n > maxSkeletons {
			t.Fatalf("%d skeletons kept, bound %d", n, maxSkeletons)
		}
	}
	got, _ := json.Marshal(Trend("Xu hướng", []string{"01/2019"}, []Series{{Name: "Nhận", Values: []float64{5}}}))
	if string(got) != string(want) {
		t.Errorf("a chart after the skeletons were dropped:\n got %s\nwant %s", got, want)
	}
}
