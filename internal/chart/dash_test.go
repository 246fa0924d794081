package chart

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestStacked(t *testing.T) {
	o := Stacked("Cán bộ", []string{"01/2019", "02/2019"}, []Series{
		{Name: "Xuất sắc", Values: []float64{1, 2}}, {Name: "Tốt", Values: []float64{3, math.NaN()}}})
	series := o["series"].([]any)
	if len(series) != 2 {
		t.Fatalf("%d series, want 2", len(series))
	}
	for _, s := range series {
		if s.(map[string]any)["stack"] != "total" {
			t.Errorf("series %v not stacked", s)
		}
	}
	if d := series[1].(map[string]any)["data"].([]any); d[1] != missing {
		t.Errorf("a missing month is %v, want %q", d[1], missing)
	}
	if _, ok := o["toolbox"].(map[string]any)["feature"].(map[string]any)["dataView"]; !ok {
		t.Error("no data view")
	}
}

func TestHeatmap(t *testing.T) {
	o := Heatmap("Đúng hạn", []string{"01/2019", "02/2019"}, []string{"Phường A", "</script><b>B"},
		[][]float64{{90, math.NaN()}, {95, 99}}, []string{"/dashboard?unit=A", "/dashboard?unit=B"})
	data := o["series"].([]any)[0].(map[string]any)["data"].([]any)
	if len(data) != 3 {
		t.Fatalf("%d cells, want 3 (the missing one left out)", len(data))
	}
	cell := data[2].(map[string]any)
	v := cell["value"].([]any)
	if v[0] != 1.0 || v[1] != 1.0 || v[2] != 99.0 || cell["url"] != "/dashboard?unit=B" {
		t.Errorf("last cell = %v, want [1 1 99] linking to B", cell)
	}
	vm := o["visualMap"].(map[string]any)
	if vm["min"] != 79.0 || vm["max"] != 99.0 || vm["cchcPercent"] != true {
		t.Errorf("visualMap = %v, want 79..99 (at least 20 points wide) flagged percent", vm)
	}
	if o["cchcLinks"].(map[string]any)["Phường A"] != "/dashboard?unit=A" {
		t.Error("row names do not drill down")
	}
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	// html/template escapes the JSON in the page; here it must simply stay data.
	if !strings.Contains(string(b), `\u003c/script\u003e`) {
		t.Error("a hostile unit name is not escaped in the JSON")
	}
}

// A heat map of more cells than ECharts paints per frame is drawn whole,
// in one pass, so that a screenshot or a print shows every cell.
func TestHeatmapDrawnInOnePass(t *testing.T) {
	cols := make([]string, 36)
	rows := make([]string, 100)
	vals := make([][]float64, len(rows))
	for r := range rows {
		rows[r] = "Xã " + string(rune('A'+r%26)) + strings.Repeat("x", r/26)
		vals[r] = make([]float64, len(cols))
		for c := range cols {
			cols[c] = "m" + strings.Repeat("i", c)
			vals[r][c] = 90 + float64((r+c)%10)
		}
	}
	o := Heatmap("Đúng hạn", cols, rows, vals, nil)
	raw, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	s := back["series"].([]any)[0].(map[string]any)
	if n := len(s["data"].([]any)); n != 3600 {
		t.Fatalf("%d cells, want 3600", n)
	}
	if p, ok := s["progressive"]; !ok || p != 0.0 {
		t.Errorf("progressive = %v (set %v), want 0: drawn in one pass", p, ok)
	}
}

// The title is anchored left and cut before the toolbox, never run off
// the chart's left edge; the legend sits at the bottom (app.js makes room
// for as many lines as it needs).
func TestTitleAnchoredLeft(t *testing.T) {
	o := Stacked("Kết quả đánh giá cán bộ, công chức, viên chức theo tháng", []string{"01/2019"}, []Series{{Name: "Hoàn thành xuất sắc nhiệm vụ", Values: []float64{1}}})
	raw, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	title := m["title"].(map[string]any)
	if title["left"] != 8.0 || title["right"] != nil {
		t.Errorf("title placed at left %v right %v, want left 8", title["left"], title["right"])
	}
	if ts := title["textStyle"].(map[string]any); ts["overflow"] != "truncate" {
		t.Errorf("a long title is not cut: %v", ts)
	}
	if lg := m["legend"].(map[string]any); lg["top"] != "bottom" {
		t.Errorf("legend at %v, want bottom", lg["top"])
	}
}
