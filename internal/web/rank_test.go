package web

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestChangeText(t *testing.T) {
	for _, c := range []struct {
		l           string
		change      float64
		points      bool
		text, trend string
	}{
		{"vi", 3.24, false, "+3,2%", "up"},
		{"vi", -1.5, true, "−1,5 điểm", "down"},
		{"vi", -0.04, false, "0%", "flat"},
		{"vi", 0.04, true, "không đổi", "flat"},
		{"vi", 0, true, "không đổi", "flat"},
		{"vi", 0, false, "0%", "flat"},
		{"en", -0.01, true, "unchanged", "flat"},
		{"en", 0.06, false, "+0.1%", "up"},
	} {
		text, trend := changeText(c.l, c.change, c.points)
		if text != c.text || trend != c.trend {
			t.Errorf("changeText(%s, %v, points %v) = %q %q, want %q %q", c.l, c.change, c.points, text, trend, c.text, c.trend)
		}
	}
}

func TestRankChartTopAndBottom(t *testing.T) {
	var names, links []string
	var vals []float64
	for i := 0; i < 98; i++ {
		names = append(names, fmt.Sprintf("Xã số %d", i+1))
		links = append(links, fmt.Sprintf("/dashboard?unit=C%d", i+1))
		vals = append(vals, 98.8-float64(i)*0.004)
	}
	b, err := json.Marshal(rankChart("vi", "Tỷ lệ đúng hạn", names, vals, links, true))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"Xã số 10"`, `"… 78 đơn vị khác"`, `"Xã số 89"`, `"subtext":"10 cao nhất, 10 thấp nhất / 98 đơn vị (bảng dưới có đủ)"`} {
		if !strings.Contains(s, want) {
			t.Errorf("ranking lacks %s", want)
		}
	}
	if strings.Contains(s, `"Xã số 11"`) {
		t.Error("the ranking draws the 11th unit")
	}
}
