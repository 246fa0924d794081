package web

import (
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

func TestMonthChoices(t *testing.T) {
	d := dashboardData{Span: oversight.Span{From: oversight.NewMonth(2019, 1), To: oversight.NewMonth(2019, 10)}}
	ms := d.MonthChoices()
	if len(ms) != 60 || ms[0] != (monthChoice{"2015-01", "01/2015"}) || ms[len(ms)-1] != (monthChoice{"2019-12", "12/2019"}) {
		t.Errorf("choices %d, from %v to %v; want 01/2015 to 12/2019", len(ms), ms[0], ms[len(ms)-1])
	}
}
