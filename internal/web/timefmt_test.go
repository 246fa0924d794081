package web

import (
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

func TestShowDateTime(t *testing.T) {
	for _, c := range []struct {
		in   any
		want string
	}{
		{"2026-11-29T22:10:24Z", "30/11/2026 05:10"},
		{"2026-11-29T10:10:24.123456Z", "29/11/2026 17:10"},
		{"2026-11-29 22:10:24", "30/11/2026 05:10"},
		{time.Date(2019, 11, 13, 1, 30, 0, 0, time.UTC), "13/11/2019 08:30"},
		{"", ""},
		{"hôm qua", "hôm qua"},
		{(*time.Time)(nil), ""},
	} {
		if got := showDateTime(c.in); got != c.want {
			t.Errorf("showDateTime(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMonthOptions(t *testing.T) {
	d := dashboardData{Span: oversight.Span{From: oversight.NewMonth(2019, 1), To: oversight.NewMonth(2019, 10)}}
	got := string(d.MonthOptions(oversight.NewMonth(2019, 10)))
	if n := strings.Count(got, "<option "); n != 60 {
		t.Errorf("%d options, want 60 (01/2015 to 12/2019)", n)
	}
	if !strings.Contains(got, `<option value="2019-10" selected>10/2019</option>`) || strings.Count(got, "selected") != 1 {
		t.Errorf("options %s: want 10/2019 and only it selected", got)
	}
	if !strings.HasPrefix(got, `<option value="2015-01">01/2015</option>`) || !strings.HasSuffix(got, `<option value="2019-12">12/2019</option>`) {
		t.Errorf("options %s: want 01/2015 first and 12/2019 last", got)
	}
	if (dashboardData{}).MonthOptions(oversight.NewMonth(2019, 10)) != "" {
		t.Error("a dashboard without a span offers months")
	}
}
