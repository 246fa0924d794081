package oversight

import "testing"

func TestParseIndicatorValueKeepsWhatWasReported(t *testing.T) {
	for _, c := range []struct {
		kind, text string
		value      float64
		of         int
	}{
		{IndRank, "3/63", 3, 63}, {IndRank, " 12 / 34 ", 12, 34},
		{IndPercent, "87,11%", 87.11, 0}, {IndPercent, "74", 74, 0}, {IndPercent, "99,987%", 99.987, 0},
		{IndScore, "86,5", 86.5, 0}, {IndScore, "0.745", 0.745, 0},
		{IndCount, "6.538", 6538, 0}, {IndMoney, "1.250.000", 1250000, 0},
	} {
		v, of, err := ParseIndicatorValue(c.kind, c.text)
		if err != nil || v != c.value || of != c.of {
			t.Errorf("ParseIndicatorValue(%s, %q) = %v, %d, %v; want %v, %d", c.kind, c.text, v, of, err, c.value, c.of)
		}
	}
	for _, c := range []struct{ kind, text string }{
		{IndRank, "64/63"}, {IndRank, "0/63"}, {IndRank, "3"}, {IndPercent, "101%"}, {IndPercent, "-1"},
		{IndCount, "5,5"}, {IndScore, "abc"}, {"grade", "1"}, {IndScore, ""},
	} {
		if _, _, err := ParseIndicatorValue(c.kind, c.text); err == nil {
			t.Errorf("ParseIndicatorValue(%s, %q) accepted", c.kind, c.text)
		}
	}
}

func TestParseIndicatorPeriod(t *testing.T) {
	for _, c := range []struct {
		kind, text string
		from, to   Month
	}{
		{"year", "2024", NewMonth(2024, 1), NewMonth(2024, 12)},
		{"quarter", "Q3/2024", NewMonth(2024, 7), NewMonth(2024, 9)},
		{"quarter", "quý 1/2023", NewMonth(2023, 1), NewMonth(2023, 3)},
		{"quarter", "2024-Q4", NewMonth(2024, 10), NewMonth(2024, 12)},
		{"month", "05/2024", NewMonth(2024, 5), NewMonth(2024, 5)},
		{"month", "2024-11", NewMonth(2024, 11), NewMonth(2024, 11)},
	} {
		s, err := ParseIndicatorPeriod(c.kind, c.text)
		if err != nil || s.From != c.from || s.To != c.to {
			t.Errorf("ParseIndicatorPeriod(%s, %q) = %v, %v", c.kind, c.text, s, err)
			continue
		}
	}
	for _, c := range []struct{ kind, text string }{{"year", "24"}, {"quarter", "Q5/2024"}, {"month", "13/2024"}, {"week", "1"}} {
		if _, err := ParseIndicatorPeriod(c.kind, c.text); err == nil {
			t.Errorf("ParseIndicatorPeriod(%s, %q) accepted", c.kind, c.text)
		}
	}
}

func TestMatchMetricByNameWithoutDiacritics(t *testing.T) {
	if got := MatchMetric("Hồ sơ tiếp nhận trực tuyến"); got != "dossiers_received_online" {
		t.Errorf("MatchMetric = %q", got)
	}
	if got := MatchMetric("ho so tiep nhan"); got != "dossiers_received" {
		t.Errorf("MatchMetric folded = %q", got)
	}
	if got := MatchMetric("Chỉ số PAR Index"); got != "" {
		t.Errorf("PAR Index matched %q", got)
	}
}
