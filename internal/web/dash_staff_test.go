package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// A month in which a unit reported some staff categories and not others:
// the dashboard's staff table shows the ones reported and "—" for the
// rest, never 0 (a missing figure is unknown). It printed 0 before.
func TestDashboardStaffTableLeavesUnreportedCategoriesBlank(t *testing.T) {
	e := figEnv(t)
	figPut(t, e, fv("09556", "staff_excellent", 2025, 9, 5), fv("09556", "staff_good", 2025, 9, 0))
	r := newFigReader(t, e)
	st, body, _ := get(t, r.page, e.ts.URL+"/dashboard?unit=09556&from=2025-09&to=2025-09")
	if st != http.StatusOK {
		t.Fatalf("dashboard: status %d", st)
	}
	table := regexp.MustCompile(`(?s)<table class="table" id="staff-table".*?</table>`).FindString(body)
	row := regexp.MustCompile(`(?s)<tr><td>09/2025</td>(.*?)</tr>`).FindStringSubmatch(table)
	if row == nil {
		t.Fatalf("no 09/2025 row in the staff table:\n%s", table)
	}
	var cells []string
	for _, m := range regexp.MustCompile(`<td class="num">([^<]*)</td>`).FindAllStringSubmatch(row[1], -1) {
		cells = append(cells, m[1])
	}
	// excellent 5, good 0 (reported as 0), completed and not completed
	// not reported.
	if got := strings.Join(cells, " | "); got != "5 | 0 | — | —" {
		t.Errorf("staff row 09/2025 = %q, want %q", got, "5 | 0 | — | —")
	}
}
