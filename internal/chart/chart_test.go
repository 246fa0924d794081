package chart

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

// roundTrip marshals o the way the web layer does and decodes it again, so
// tests look at what the browser will see.
func roundTrip(t *testing.T, o Options) (string, map[string]any) {
	t.Helper()
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return string(b), m
}

func list(t *testing.T, v any, what string) []any {
	t.Helper()
	l, ok := v.([]any)
	if !ok {
		t.Fatalf("%s: got %T, want array", what, v)
	}
	return l
}

func object(t *testing.T, v any, what string) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s: got %T, want object", what, v)
	}
	return m
}

func floats(t *testing.T, v any) []float64 {
	t.Helper()
	var out []float64
	for _, x := range list(t, v, "series data") {
		f, ok := x.(float64)
		if !ok {
			t.Fatalf("series data item %v is %T, want number", x, x)
		}
		out = append(out, f)
	}
	return out
}

func strs(t *testing.T, v any) []string {
	t.Helper()
	var out []string
	for _, x := range list(t, v, "axis data") {
		out = append(out, x.(string))
	}
	return out
}

// checkCommon checks what every chart must have and must not have.
func checkCommon(t *testing.T, raw string, m map[string]any, title string) {
	t.Helper()
	if got := object(t, m["title"], "title")["text"]; got != title {
		t.Errorf("title = %v, want %q", got, title)
	}
	if got := object(t, m["tooltip"], "tooltip")["trigger"]; got != "axis" {
		t.Errorf("tooltip.trigger = %v, want axis", got)
	}
	if _, ok := m["legend"]; !ok {
		t.Error("no legend")
	}
	feature := object(t, object(t, m["toolbox"], "toolbox")["feature"], "toolbox.feature")
	if _, ok := feature["saveAsImage"]; !ok {
		t.Error("toolbox has no saveAsImage")
	}
	if ro := object(t, feature["dataView"], "dataView")["readOnly"]; ro != true {
		t.Errorf("dataView.readOnly = %v, want true", ro)
	}
	if m["animationDuration"] != float64(300) {
		t.Errorf("animationDuration = %v, want 300", m["animationDuration"])
	}
	for _, bad := range []string{"http", "function", "__f__", "<script", "AssetsHost", "jsdelivr"} {
		if strings.Contains(raw, bad) {
			t.Errorf("output contains %q:\n%s", bad, raw)
		}
	}
}

func TestTrend(t *testing.T) {
	months := []string{"01/2019", "02/2019", "03/2019"}
	received := Series{Name: "Hồ sơ tiếp nhận", Values: []float64{120, 0, 98.5}}
	onTime := Series{Name: "Tỷ lệ đúng hạn", Values: []float64{74, 74.5, 100}, Percent: true}

	t.Run("counts are bars on the left axis and percents are lines on a flagged right axis", func(t *testing.T) {
		raw, m := roundTrip(t, Trend("Xu hướng", months, []Series{onTime, received}))
		checkCommon(t, raw, m, "Xu hướng")

		x := list(t, m["xAxis"], "xAxis")
		if got := strs(t, object(t, x[0], "xAxis[0]")["data"]); !reflect.DeepEqual(got, months) {
			t.Errorf("categories = %v, want %v", got, months)
		}
		y := list(t, m["yAxis"], "yAxis")
		if len(y) != 2 {
			t.Fatalf("got %d y axes, want 2", len(y))
		}
		if _, ok := object(t, y[0], "yAxis[0]")["cchcPercent"]; ok {
			t.Error("count axis is flagged as percent")
		}
		right := object(t, y[1], "yAxis[1]")
		if right["cchcPercent"] != true || right["position"] != "right" || right["max"] != float64(100) {
			t.Errorf("percent axis = %v, want cchcPercent, right, max 100", right)
		}

		series := list(t, m["series"], "series")
		if len(series) != 2 {
			t.Fatalf("got %d series, want 2", len(series))
		}
		byName := map[string]map[string]any{}
		for _, s := range series {
			o := object(t, s, "series item")
			byName[o["name"].(string)] = o
		}
		bar, line := byName[received.Name], byName[onTime.Name]
		if bar == nil || line == nil {
			t.Fatalf("series names = %v", byName)
		}
		if bar["type"] != "bar" || bar["yAxisIndex"] != nil {
			t.Errorf("count series = %v, want a bar on axis 0", bar)
		}
		if line["type"] != "line" || line["yAxisIndex"] != float64(1) || line["cchcPercent"] != true {
			t.Errorf("percent series = %v, want a flagged line on axis 1", line)
		}
		if got := floats(t, bar["data"]); !reflect.DeepEqual(got, received.Values) {
			t.Errorf("bar data = %v, want %v", got, received.Values)
		}
		if got := floats(t, line["data"]); !reflect.DeepEqual(got, onTime.Values) {
			t.Errorf("line data = %v, want %v", got, onTime.Values)
		}
	})

	t.Run("only percent series use a single flagged left axis", func(t *testing.T) {
		_, m := roundTrip(t, Trend("T", months, []Series{onTime}))
		y := list(t, m["yAxis"], "yAxis")
		if len(y) != 1 || object(t, y[0], "yAxis[0]")["cchcPercent"] != true {
			t.Errorf("yAxis = %v, want one percent axis", y)
		}
		s := object(t, list(t, m["series"], "series")[0], "series[0]")
		if s["yAxisIndex"] != nil {
			t.Errorf("yAxisIndex = %v, want 0", s["yAxisIndex"])
		}
	})

	t.Run("only count series have no percent axis", func(t *testing.T) {
		_, m := roundTrip(t, Trend("T", months, []Series{received}))
		if y := list(t, m["yAxis"], "yAxis"); len(y) != 1 {
			t.Errorf("got %d y axes, want 1", len(y))
		}
		if strings.Contains(mustJSON(t, m), "cchcPercent") {
			t.Error("percent flag set without percent series")
		}
	})

	t.Run("missing values become gaps instead of failing to marshal", func(t *testing.T) {
		_, m := roundTrip(t, Trend("T", months, []Series{{Name: "x", Values: []float64{1, math.NaN(), math.Inf(1)}}}))
		data := list(t, object(t, list(t, m["series"], "series")[0], "s")["data"], "data")
		if !reflect.DeepEqual(data, []any{1.0, "-", "-"}) {
			t.Errorf("data = %v, want [1 - -]", data)
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBars(t *testing.T) {
	t.Run("few categories are vertical bars with links by category name", func(t *testing.T) {
		cats := []string{"Phường Bến Nghé", "Phường Đa Kao", "Xã Tân Phú"}
		s := Series{Name: "Hồ sơ", Values: []float64{10, 20.5, 0}}
		links := []string{"/units/1", "", "/units/3?period=2019-01"}
		raw, m := roundTrip(t, Bars("Theo đơn vị", cats, s, links))
		checkCommon(t, raw, m, "Theo đơn vị")

		x := object(t, list(t, m["xAxis"], "xAxis")[0], "xAxis[0]")
		if x["type"] != "category" || !reflect.DeepEqual(strs(t, x["data"]), cats) {
			t.Errorf("xAxis = %v, want category axis %v", x, cats)
		}
		series := list(t, m["series"], "series")
		if got := floats(t, object(t, series[0], "series[0]")["data"]); !reflect.DeepEqual(got, s.Values) {
			t.Errorf("data = %v, want %v", got, s.Values)
		}
		want := map[string]any{"Phường Bến Nghé": "/units/1", "Xã Tân Phú": "/units/3?period=2019-01"}
		if got := m["cchcLinks"]; !reflect.DeepEqual(got, want) {
			t.Errorf("cchcLinks = %v, want %v", got, want)
		}
	})

	t.Run("more than eight categories are horizontal, first on top", func(t *testing.T) {
		cats := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i"}
		vals := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9}
		_, m := roundTrip(t, Bars("T", cats, Series{Name: "n", Values: vals}, nil))
		y := object(t, list(t, m["yAxis"], "yAxis")[0], "yAxis[0]")
		if y["type"] != "category" || y["inverse"] != true || !reflect.DeepEqual(strs(t, y["data"]), cats) {
			t.Errorf("yAxis = %v, want inverse category axis", y)
		}
		x := object(t, list(t, m["xAxis"], "xAxis")[0], "xAxis[0]")
		if x["type"] != "value" || x["data"] != nil {
			t.Errorf("xAxis = %v, want value axis", x)
		}
		if got := floats(t, object(t, list(t, m["series"], "series")[0], "s")["data"]); !reflect.DeepEqual(got, vals) {
			t.Errorf("data = %v, want %v", got, vals)
		}
		if _, ok := m["cchcLinks"]; ok {
			t.Error("cchcLinks present without links")
		}
	})

	t.Run("a percent series flags the value axis", func(t *testing.T) {
		_, m := roundTrip(t, Bars("T", []string{"a"}, Series{Name: "%", Values: []float64{74.5}, Percent: true}, nil))
		y := object(t, list(t, m["yAxis"], "yAxis")[0], "yAxis[0]")
		if y["cchcPercent"] != true || y["max"] != float64(100) {
			t.Errorf("value axis = %v, want percent axis", y)
		}
	})

	t.Run("links beyond the categories are ignored", func(t *testing.T) {
		_, m := roundTrip(t, Bars("T", []string{"a"}, Series{Values: []float64{1}}, []string{"/a", "/b"}))
		if got := m["cchcLinks"]; !reflect.DeepEqual(got, map[string]any{"a": "/a"}) {
			t.Errorf("cchcLinks = %v", got)
		}
	})

	t.Run("no categories still give a valid chart", func(t *testing.T) {
		raw, _ := roundTrip(t, Bars("T", nil, Series{}, nil))
		if !json.Valid([]byte(raw)) {
			t.Error("invalid JSON")
		}
	})
}

func TestHostileNamesStayData(t *testing.T) {
	const evil = `</script><script>alert(1)</script>`
	charts := map[string]Options{
		"trend": Trend(evil, []string{evil}, []Series{{Name: evil, Values: []float64{1}}, {Name: evil + "%", Values: []float64{50}, Percent: true}}),
		"bars":  Bars(evil, []string{evil}, Series{Name: evil, Values: []float64{1}}, []string{"/x"}),
	}
	for name, o := range charts {
		t.Run(name, func(t *testing.T) {
			raw, m := roundTrip(t, o)
			if strings.Contains(raw, "</script") || strings.Contains(raw, "<script") {
				t.Errorf("raw markup in JSON: %s", raw)
			}
			if !strings.Contains(raw, `\u003c/script\u003e`) {
				t.Errorf("escaped form missing: %s", raw)
			}
			if got := object(t, m["title"], "title")["text"]; got != evil {
				t.Errorf("title round trip = %q, want %q", got, evil)
			}
			s := object(t, list(t, m["series"], "series")[0], "series[0]")
			if s["name"] != evil {
				t.Errorf("series name round trip = %q", s["name"])
			}
			if !strings.Contains(raw, "alert(1)") {
				t.Error("hostile text was dropped instead of kept as data")
			}
		})
	}
	if got := charts["bars"]["cchcLinks"]; !reflect.DeepEqual(got, map[string]any{evil: "/x"}) {
		t.Errorf("cchcLinks = %v", got)
	}
}
