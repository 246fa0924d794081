package web

import (
	"html"
	"html/template"
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

// MonthOptions are the <option> elements of the dashboard's from and to
// lists, the month sel selected: the months four years before the span's
// through the end of its last year, labelled mm/yyyy whatever the browser's
// language (a month input shows "October 2019" or "tháng 10 năm 2019" as the
// browser likes). Written here rather than ranged over in the template: two
// lists of 60 months were a third of a commune dashboard's template time,
// each option three escaped actions.
func (d dashboardData) MonthOptions(sel oversight.Month) template.HTML {
	if !d.Span.From.Valid() || !d.Span.To.Valid() {
		return ""
	}
	var b strings.Builder
	for m := oversight.NewMonth(d.Span.From.Year()-4, 1); m <= oversight.NewMonth(d.Span.To.Year(), 12); m = m.Add(1) {
		b.WriteString(`<option value="`)
		b.WriteString(html.EscapeString(m.String()))
		b.WriteString(`"`)
		if m == sel {
			b.WriteString(" selected")
		}
		b.WriteString(">")
		b.WriteString(html.EscapeString(m.Label()))
		b.WriteString("</option>")
	}
	return template.HTML(b.String())
}
