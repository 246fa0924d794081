package web

import (
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
)

// vietnamTime is Asia/Ho_Chi_Minh: UTC+7 all year (Vietnam has kept no
// daylight saving time since 1975). A fixed zone needs no time zone
// database on the server.
var vietnamTime = time.FixedZone("ICT", 7*60*60)

// showDateTime shows a moment as Vietnamese readers write it, in
// Vietnam's time: "30/11/2026 05:10". It takes a time.Time or the text the
// store keeps (RFC 3339 in UTC, "2026-11-29T22:10:24Z", or SQLite's
// "2026-11-29 22:10:24", taken as UTC); other text is shown as it is.
func showDateTime(v any) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x == nil {
			return ""
		}
		t = *x
	case string:
		s := strings.TrimSpace(x)
		if s == "" {
			return ""
		}
		var err error
		if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
			if t, err = time.ParseInLocation(time.DateTime, s, time.UTC); err != nil {
				return x
			}
		}
	default:
		return ""
	}
	return t.In(vietnamTime).Format("02/01/2006 15:04")
}

// monthChoice is one month in a list to choose from, labelled "10/2019".
type monthChoice struct {
	Value, Label string
}

// MonthChoices are the months the dashboard's from and to lists offer,
// labelled mm/yyyy whatever the browser's language (a month input shows
// "October 2019" or "tháng 10 năm 2019" as the browser likes): four years
// before the span's through the end of its last year.
func (d dashboardData) MonthChoices() []monthChoice {
	if !d.Span.From.Valid() || !d.Span.To.Valid() {
		return nil
	}
	var out []monthChoice
	for m := oversight.NewMonth(d.Span.From.Year()-4, 1); m <= oversight.NewMonth(d.Span.To.Year(), 12); m = m.Add(1) {
		out = append(out, monthChoice{Value: m.String(), Label: m.Label()})
	}
	return out
}
