package oversight_test

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

func TestParseNumber(t *testing.T) {
	cases := []struct {
		in   string
		want float64
	}{
		{"6.538", 6538}, {"100.565", 100565}, {"1.234.567", 1234567}, {"74,5", 74.5}, {"74,5%", 74.5},
		{" 74 % ", 74}, {"6538", 6538}, {"74.5", 74.5}, {"0", 0}, {"1.234,5", 1234.5}, {"1,234.5", 1234.5},
		{"6 538", 6538}, {"-3", -3}, {"12.34", 12.34},
	}
	for _, tc := range cases {
		got, err := oversight.ParseNumber(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "abc", "1,2,3", "%", "NaN", "Inf", "1e400"} {
		if _, err := oversight.ParseNumber(bad); err == nil {
			t.Errorf("ParseNumber(%q) accepted", bad)
		} else if oversight.ErrorCode(err) != oversight.EInvalid {
			t.Errorf("ParseNumber(%q): error code %q", bad, oversight.ErrorCode(err))
		}
	}
}

// thousandsText matches a whole number written with Vietnamese grouping.
var thousandsText = regexp.MustCompile(`^[1-9][0-9]{0,2}(\.[0-9]{3})+$`)

// FuzzParseNumber checks values against oracles that do not use the
// parser: a Vietnamese-grouped whole number reads as its digits; a number
// written the Vietnamese way with up to three decimals reads back as
// strconv rounds it; a number cell's own text ("12.345", "0.745") is not
// Vietnamese and is read by the template reader, not here (see
// xlsx.FuzzImportCellText), so it only has to give a finite number.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"6.538", "74,5%", "1.234,5", "-0", "1e3", "12.345", "0.745", "100.565", "0,9"} {
		f.Add(s, 0.0)
	}
	f.Add("", 12.345)
	f.Add("", 6538.0)
	f.Fuzz(func(t *testing.T, s string, n float64) {
		v, err := oversight.ParseNumber(s)
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Errorf("ParseNumber(%q) = %v", s, v)
		}
		if thousandsText.MatchString(s) {
			want, _ := strconv.ParseFloat(strings.ReplaceAll(s, ".", ""), 64)
			if err != nil || v != want {
				t.Errorf("ParseNumber(%q) = %v, %v; want %v", s, v, err, want)
			}
		}
		if err == nil && v >= 0 && v < 1e15 && v == math.Trunc(v) {
			// A whole number written the Vietnamese way reads back the same.
			back, err := oversight.ParseNumber(text.Number("vi", v, 0))
			if err != nil || back != v {
				t.Errorf("round trip of %v: %v %v", v, back, err)
			}
		}
		if !math.IsNaN(n) && math.Abs(n) < 1e12 {
			text := text.Number("vi", n, 3)
			want, _ := strconv.ParseFloat(strconv.FormatFloat(n, 'f', 3, 64), 64)
			got, err := oversight.ParseNumber(text)
			if err != nil || got != want && !(got == 0 && want == 0) {
				t.Errorf("ParseNumber(%q) (the Vietnamese text of %v) = %v, %v; want %v", text, n, got, err, want)
			}
		}
	})
}

func TestFormatNumber(t *testing.T) {
	cases := []struct {
		v    float64
		dec  int
		lang string
		want string
	}{
		{6538, 0, "vi", "6.538"}, {100565, 0, "vi", "100.565"}, {107103, 0, "en", "107,103"}, {74, 1, "vi", "74"},
		{74.5, 1, "vi", "74,5"}, {74.5, 1, "en", "74.5"}, {999, 0, "vi", "999"}, {1000, 0, "vi", "1.000"}, {-1234.5, 1, "vi", "-1.234,5"},
	}
	for _, tc := range cases {
		if got := text.Number(tc.lang, tc.v, tc.dec); got != tc.want {
			t.Errorf("FormatNumber(%v, %d, %s) = %q, want %q", tc.v, tc.dec, tc.lang, got, tc.want)
		}
	}
	if got := text.Percent("vi", 74); got != "74%" {
		t.Errorf("FormatPercent = %q", got)
	}
}

func TestMonthsAndSpans(t *testing.T) {
	m, err := oversight.ParseMonth("2019-11")
	if err != nil || m != 201911 || m.Label() != "11/2019" || m.Add(2).String() != "2020-01" || m.Add(-11).String() != "2018-12" {
		t.Errorf("ParseMonth: %v %v", m, err)
	}
	for _, bad := range []string{"2019-13", "2019-00", "201911", "19-11", "2019/11", "abcd-ef"} {
		if _, err := oversight.ParseMonth(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("ParseMonth(%q): %v", bad, err)
		}
	}
	if s := oversight.Quarter(2019, 4); s.String() != "2019-10..2019-12" || s.Len() != 3 {
		t.Errorf("Quarter = %s", s)
	}
	if s := oversight.Half(2019, 2); s.From.String() != "2019-07" || s.To.String() != "2019-12" {
		t.Errorf("Half = %s", s)
	}
	if s := oversight.NineMonths(2019); s.Len() != 9 {
		t.Errorf("NineMonths = %s", s)
	}
	if s := oversight.YearToDate(201910); s.Len() != 10 || len(s.Months()) != 10 {
		t.Errorf("YearToDate = %s", s)
	}
	if _, err := oversight.ParseSpan("2019-10", "2019-01"); err == nil {
		t.Error("a backwards span was accepted")
	}
	if _, err := oversight.ParseSpan("1990-01", "2019-01"); err == nil {
		t.Error("a span longer than the limit was accepted")
	}
	if m.LastDay().Day() != 30 || oversight.Month(202002).LastDay().Day() != 29 {
		t.Error("LastDay is wrong")
	}
}

func pts(unit int64, metric string, vals map[oversight.Month]float64) []oversight.Point {
	var out []oversight.Point
	for m, v := range vals {
		out = append(out, oversight.Point{Unit: unit, Metric: metric, Month: m, Value: v})
	}
	return out
}

func TestAggregate(t *testing.T) {
	q4 := oversight.Quarter(2019, 4)
	var p []oversight.Point
	p = append(p, pts(1, "dossiers_received", map[oversight.Month]float64{201910: 10, 201911: 20, 201912: 30, 202001: 99})...)
	p = append(p, pts(2, "dossiers_received", map[oversight.Month]float64{201910: 1, 201912: 2})...)
	p = append(p, pts(1, "dossiers_on_time", map[oversight.Month]float64{201910: 10, 201911: 15, 201912: 30})...)
	p = append(p, pts(1, "dossiers_resolved", map[oversight.Month]float64{201910: 10, 201911: 20, 201912: 30})...)
	p = append(p, pts(1, "procedures_listed", map[oversight.Month]float64{201910: 100, 201911: 110})...) // unit 1 skipped December
	p = append(p, pts(2, "procedures_listed", map[oversight.Month]float64{201910: 50, 201912: 60})...)
	p = append(p, pts(1, "procedures_time_cut_pct", map[oversight.Month]float64{201911: 50})...)
	p = append(p, pts(2, "procedures_time_cut_pct", map[oversight.Month]float64{201912: 80})...)
	p = append(p, pts(1, "dossiers_carried_over", map[oversight.Month]float64{201910: 7, 201911: 8, 201912: 9})...)
	tot := oversight.Aggregate(p, q4)
	check := func(code string, want float64) {
		t.Helper()
		if got, ok := tot[code]; !ok || math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v (%v), want %v", code, got, ok, want)
		}
	}
	check("dossiers_received", 63)    // flows summed over months and units; January 2020 is outside
	check("procedures_listed", 170)   // stocks: each unit's latest month, then summed
	check("dossiers_carried_over", 7) // carried over: the first month of the span
	check("procedures_time_cut_pct", (50*110+80*60)/170.0)
	rate, ok := tot["on_time_rate"]
	if !ok || math.Abs(rate-55.0/60*100) > 1e-9 {
		t.Errorf("on-time rate %v, want the rate of the sums, %v", rate, 55.0/60*100)
	}
	if _, ok := tot["staff_evaluated"]; ok {
		t.Error("a metric with no figures shows as present")
	}
	if _, ok := oversight.Aggregate(p, oversight.Span{From: 202002, To: 202002})["on_time_rate"]; ok {
		t.Error("a rate in a month without its counts")
	}
	byMonth := oversight.Monthly(p, oversight.Span{From: 201910, To: 202001}, nil)
	if byMonth[201910]["dossiers_received"] != 11 || byMonth[201912]["procedures_listed"] != 60 {
		t.Errorf("Monthly: %v", byMonth[201910])
	}
	if got := oversight.SortedMonths(byMonth); len(got) != 4 || got[0] != 201910 || got[3] != 202001 {
		t.Errorf("SortedMonths = %v", got)
	}
}

func TestValidateMonth(t *testing.T) {
	cases := []struct {
		name   string
		v      map[string]float64
		metric string
		sev    string
	}{
		{"NegativeCount", map[string]float64{"dossiers_received": -1}, "dossiers_received", oversight.SevError},
		{"FractionalCount", map[string]float64{"trainees": 2.5}, "trainees", oversight.SevError},
		{"PercentOver100", map[string]float64{"procedures_time_cut_pct": 101}, "procedures_time_cut_pct", oversight.SevError},
		{"OnTimePlusLate", map[string]float64{"dossiers_on_time": 5, "dossiers_late": 1, "dossiers_resolved": 7}, "dossiers_resolved", oversight.SevError},
		{"ResolvedExceedsInflow", map[string]float64{"dossiers_received": 5, "dossiers_carried_over": 1, "dossiers_resolved": 6, "dossiers_pending": 1}, "dossiers_resolved", oversight.SevError},
		{"PendingOverdue", map[string]float64{"dossiers_pending": 2, "dossiers_pending_overdue": 3}, "dossiers_pending_overdue", oversight.SevError},
		{"Online", map[string]float64{"dossiers_received": 2, "dossiers_received_online": 3}, "dossiers_received_online", oversight.SevError},
		{"StaffCategories", map[string]float64{"staff_evaluated": 10, "staff_excellent": 1, "staff_good": 5, "staff_completed": 3, "staff_not_completed": 0}, "staff_evaluated", oversight.SevError},
		{"OutstandingCap", map[string]float64{"staff_excellent": 3, "staff_good": 10}, "staff_excellent", oversight.SevWarning},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			issues := oversight.ValidateMonth(tc.v)
			found := false
			for _, is := range issues {
				if is.Metric == tc.metric && is.Severity == tc.sev && text.Issue("vi", is) != "" && text.Issue("en", is) != "" {
					found = true
				}
			}
			if !found {
				t.Errorf("issues %+v lack a %s on %s", issues, tc.sev, tc.metric)
			}
		})
	}
	ok := map[string]float64{"dossiers_carried_over": 2, "dossiers_received": 10, "dossiers_resolved": 11, "dossiers_on_time": 10,
		"dossiers_late": 1, "dossiers_pending": 1, "dossiers_pending_overdue": 0, "dossiers_received_online": 3,
		"staff_evaluated": 100, "staff_excellent": 10, "staff_good": 60, "staff_completed": 30, "staff_not_completed": 0,
		"procedures_time_cut_pct": 74.5}
	if issues := oversight.ValidateMonth(ok); len(issues) != 0 {
		t.Errorf("a consistent month raises %+v", issues)
	}
}

func TestParseUnitRows(t *testing.T) {
	known := map[string]bool{"01": true}
	rows := [][]string{{"code", "name", "kind", "parent_code", "valid_from", "valid_to"},
		{"268", "Quận Hà Đông", "district", "01", "", "2025-06-30"},
		{"9538", "Phường Nguyễn Trãi", "Ward", "268", "", "30/06/2025"},
		{"", "", "", "", "", ""}}
	in, err := oversight.ParseUnitRows(rows, known)
	if err != nil || len(in) != 2 || in[1].Kind != "ward" || in[1].ValidTo.Format(time.DateOnly) != "2025-06-30" {
		t.Fatalf("ParseUnitRows = %+v, %v", in, err)
	}
	bad := [][]string{{"code", "name", "kind", "parent"},
		{"1", "A", "ward", "404"},
		{"1", "B", "ward", ""},
		{"2", "", "", "2"}}
	_, err = oversight.ParseUnitRows(bad, known)
	le, ok := err.(oversight.LineErrors)
	if !ok || len(le) < 4 {
		t.Fatalf("errors = %v", err)
	}
	msg := text.Error(err, "vi")
	for _, want := range []string{"dòng 2", "404", "dòng 3", "đã có ở dòng 2", "dòng 4", "chính nó"} {
		if !strings.Contains(msg, want) {
			t.Errorf("errors lack %q: %s", want, msg)
		}
	}
	if _, err := oversight.ParseUnitRows([][]string{{"name", "kind"}}, nil); err == nil || !strings.Contains(err.Error(), "code") {
		t.Errorf("missing column: %v", err)
	}
}

func TestWhoMayWrite(t *testing.T) {
	chain := []int64{30, 20, 10} // ward 30 in district 20 in city 10
	cases := []struct {
		u    oversight.User
		want bool
	}{
		{oversight.User{ID: 1, Role: oversight.RoleAdmin}, true},
		{oversight.User{ID: 2, Role: oversight.RoleStaff, UnitID: 20}, true},
		{oversight.User{ID: 3, Role: oversight.RoleStaff, UnitID: 30}, true},
		{oversight.User{ID: 4, Role: oversight.RoleStaff, UnitID: 31}, false},
		{oversight.User{ID: 5, Role: oversight.RoleStaff}, false},
		{oversight.User{ID: 6, Role: oversight.RoleDelegate}, false},
		{oversight.User{ID: 7, Role: oversight.RoleAnalyst}, false},
	}
	for _, tc := range cases {
		if got := tc.u.CanWriteValues(chain); got != tc.want {
			t.Errorf("%s on unit %d writes: %v, want %v", tc.u.Role, tc.u.UnitID, got, tc.want)
		}
	}
	if (oversight.User{Role: oversight.RoleDelegate}).CanManageSessions() != true || (oversight.User{Role: oversight.RoleStaff}).CanManageSessions() {
		t.Error("CanManageSessions")
	}
	if err := oversight.CheckPassword("short"); err == nil {
		t.Error("a short password was accepted")
	}
}

func TestRecommendationOverdue(t *testing.T) {
	d := time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC)
	r := oversight.Recommendation{Deadline: &d, Status: oversight.RecInProgress}
	if r.Overdue(d) || !r.Overdue(d.AddDate(0, 0, 1)) {
		t.Error("overdue is wrong around the deadline")
	}
	r.Status = oversight.RecVerifiedClosed
	if r.Overdue(d.AddDate(1, 0, 0)) {
		t.Error("a closed recommendation is overdue")
	}
}

func TestRatesNeedBothCounts(t *testing.T) {
	one := oversight.Span{From: 201910, To: 201910}
	rates := func(counts map[string]float64) oversight.Totals {
		var p []oversight.Point
		for code, v := range counts {
			p = append(p, oversight.Point{Unit: 1, Metric: code, Month: 201910, Value: v})
		}
		return oversight.Aggregate(p, one)
	}
	if r, ok := rates(map[string]float64{"dossiers_resolved": 10})["on_time_rate"]; ok {
		t.Errorf("an on-time rate without dossiers on time: %v", r)
	}
	if r, ok := rates(map[string]float64{"staff_evaluated": 10})["staff_completed_or_above_rate"]; ok {
		t.Errorf("a completed-or-above share without the not-completed count: %v", r)
	}
	if r, ok := rates(map[string]float64{"dossiers_resolved": 10, "dossiers_on_time": 0})["on_time_rate"]; !ok || r != 0 {
		t.Errorf("zero on time of ten: %v %v, want 0%%", r, ok)
	}
	if r, ok := rates(map[string]float64{"dossiers_received": 4, "dossiers_received_online": 1})["online_rate"]; !ok || r != 25 {
		t.Errorf("online rate %v %v, want 1/4 = 25", r, ok)
	}
}

func TestExistingDuring(t *testing.T) {
	end := time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	start := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	units := []oversight.Unit{{Code: "01"}, {Code: "old", ValidTo: &end}, {Code: "new", ValidFrom: &start}, {Code: "always"}}
	codes := func(us []oversight.Unit) string {
		var b strings.Builder
		for _, u := range us {
			b.WriteString(u.Code + " ")
		}
		return b.String()
	}
	if got := codes(oversight.ExistingDuring(units, oversight.Year(2019))); got != "01 old always " {
		t.Errorf("2019: %s", got)
	}
	if got := codes(oversight.ExistingDuring(units, oversight.Year(2026))); got != "01 new always " {
		t.Errorf("2026: %s", got)
	}
	if got := codes(oversight.ExistingDuring(units, oversight.Year(2025))); got != "01 old new always " {
		t.Errorf("2025, the year of the reorganisation: %s", got)
	}
}
