package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/web"
)

// Months that can never be entered (not ended yet, or outside the unit's
// life) are refused by the template download with the reason, and their
// form is read-only and says why, with dates as dd/mm/yyyy (issue 11,
// items 4 and 8).
func TestEntryClosedMonths(t *testing.T) {
	// The server's clock is the store's: today.
	env := newEnvWith(t, web.Config{Demo: true, Now: time.Now})
	district, ward := env.login(t, "canbo"), env.login(t, "canbophuong")
	now := oversight.MonthOf(time.Now())
	cases := []struct {
		name, unit, period, want string
	}{
		{"CurrentMonth", "268", now.String(), "Tháng " + now.Label() + " chưa kết thúc"},
		{"NextYear", "268", now.Add(12).String(), "Tháng " + now.Add(12).Label() + " chưa kết thúc"},
		{"DistrictAfterItWasDissolved", "268", "2025-10", "Quận Hà Đông không tồn tại trong tháng 10/2025 (giải thể sau ngày 30/06/2025)"},
		{"WardAfterItWasDissolved", "09541", "2025-10", "Phường Mộ Lao không tồn tại trong tháng 10/2025 (giải thể sau ngày 30/06/2025)"},
		// 09538 alone names two units, neither in 10/2025; its reference
		// names Nguyễn Trãi, merged into Phường Quang Trung on 01/01/2025.
		{"WardMergedIn2025", "09538@2024-12-31", "2025-10", "Phường Nguyễn Trãi không tồn tại trong tháng 10/2025 (giải thể sau ngày 31/12/2024)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := get(t, district, env.ts.URL+"/entry/template.xlsx?unit="+tc.unit+"&period="+tc.period)
			if status != http.StatusConflict || !strings.Contains(body, tc.want) {
				t.Errorf("template: %d, want 409 saying %q:\n%.1500s", status, tc.want, body)
			}
			status, body, _ = get(t, district, env.ts.URL+"/entry?unit="+tc.unit+"&period="+tc.period)
			if status != 200 || !strings.Contains(body, `id="entry-closed"`) || !strings.Contains(body, tc.want) ||
				strings.Contains(body, `id="entry-save"`) || strings.Contains(body, `id="entry-submit"`) || strings.Contains(body, `id="entry-template"`) ||
				!strings.Contains(body, `name="v.inspections" value="" inputmode="decimal" autocomplete="off" readonly`) {
				t.Errorf("form: %d, want read-only saying %q", status, tc.want)
			}
			if strings.Contains(body, "2025-06-30") {
				t.Error("the form shows a date in ISO form")
			}
			// Saving anyway is refused with the same reason.
			st, body, _ := entryPost(t, district, env.ts.URL+"/entry", url.Values{"unit": {tc.unit}, "period": {tc.period}, "v.inspections": {"1"}})
			if st != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
				t.Errorf("save: %d, want 422 saying %q", st, tc.want)
			}
		})
	}
	// The grid of a month that has not ended is read-only too.
	_, body, _ := get(t, district, env.ts.URL+"/entry/grid?unit=268&period="+now.String())
	if !strings.Contains(body, `id="entry-closed"`) || strings.Contains(body, `id="grid-save"`) {
		t.Error("the grid of the current month is editable")
	}
	// A ward merged away on 01/01/2025 opens on its last month, December
	// 2024, which can be entered.
	_, body, _ = get(t, ward, env.ts.URL+"/entry")
	if !strings.Contains(body, "Phường Nguyễn Trãi · 12/2024") || strings.Contains(body, `id="entry-closed"`) || !strings.Contains(body, `id="entry-save"`) {
		t.Errorf("the ward's entry page does not open on 12/2024, editable:\n%.1500s", body)
	}
}
