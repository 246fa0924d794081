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
