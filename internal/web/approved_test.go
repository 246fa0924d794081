package web_test

import (
	"database/sql"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// approvedMonth is the ward-month the tests approve.
var approvedMonth = oversight.NewMonth(2019, 10)

// approvedApprove sends 09538's October 2019 through the real workflow:
// the ward's staff submit it, the district's staff approve it. Another
// ward's October is submitted and left waiting: submitted is not approved.
func approvedApprove(t *testing.T, env *testEnv) {
	t.Helper()
	ward := env.login(t, "canbophuong")
	district := env.login(t, "canbo")
	for _, step := range []struct {
		c            *http.Client
		unit, action string
	}{{ward, "09538", "submit"}, {district, "09538", "approve"}, {district, "09541", "submit"}} {
		st, body, _ := entryPost(t, step.c, env.ts.URL+"/entry/status", url.Values{"unit": {step.unit}, "period": {"2019-10"}, "action": {step.action}})
		if st != http.StatusSeeOther {
			t.Fatalf("%s: status %d: %s", step.action, st, body)
		}
	}
}

// approvedWardFigures reads 09538's October 2019 figures straight from the
// file, by metric code, independently of the code under test.
func approvedWardFigures(t *testing.T, env *testEnv) map[string]float64 {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+env.db.Path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT m.code, v.value FROM metric_values v JOIN metrics m ON m.id = v.metric_id
JOIN units u ON u.id = v.unit_id WHERE u.code = '09538' AND v.period = ?`, int(approvedMonth))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var code string
		var v float64
		if err := rows.Scan(&code, &v); err != nil {
			t.Fatal(err)
		}
		out[code] = v
	}
	if out["dossiers_received"] == 0 || out["dossiers_resolved"] == 0 {
		t.Fatalf("the demo ward has no October 2019 dossiers: %v", out)
	}
	return out
}

var approvedValueRe = regexp.MustCompile(`(?s)<div class="value">(.*?)</div>`)

// approvedKPI is the value shown on the KPI card with the given id.
func approvedKPI(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no KPI card %s", id)
	}
	m := approvedValueRe.FindStringSubmatch(body[i:])
	if m == nil {
		t.Fatalf("KPI card %s has no value", id)
	}
	return html.UnescapeString(strings.TrimSpace(m[1]))
}

func approvedPage(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	st, body, _ := get(t, c, u)
	if st != http.StatusOK {
		t.Fatalf("GET %s: %d", u, st)
	}
	return body
}

func TestApprovedDashboardShowsApprovedFiguresOnly(t *testing.T) {
	env := newEnv(t)
	delegate := env.login(t, "daibieu")
	all := env.ts.URL + "/dashboard?unit=268"
	only := all + "&figures=approved"
	fig := approvedWardFigures(t, env)

	allBefore := approvedPage(t, delegate, all)
	if !strings.Contains(allBefore, `data-figures="all"`) || !strings.Contains(allBefore, "Đang hiển thị tất cả số liệu đã nhập") {
		t.Error("the dashboard does not say it shows every figure")
	}
	receivedAll := approvedKPI(t, allBefore, "kpi-received")
	if receivedAll == "—" {
		t.Fatal("the demo district shows no dossiers with all figures")
	}

	t.Run("NothingApprovedShowsNoFigures", func(t *testing.T) {
		body := approvedPage(t, delegate, only)
		if !strings.Contains(body, `id="figures-note" data-figures="approved"`) || !strings.Contains(body, "Chưa có tháng nào được duyệt") {
			t.Error("approved-only dashboard does not say that nothing is approved")
		}
		for _, id := range []string{"kpi-received", "kpi-ontime", "kpi-procedures"} {
			if v := approvedKPI(t, body, id); v != "—" {
				t.Errorf("%s = %q with nothing approved, want —", id, v)
			}
		}
		if strings.Contains(body, `id="chart-trend"`) {
			t.Error("a trend chart is drawn from no approved figure")
		}
	})

	approvedApprove(t, env)

	t.Run("OneApprovedMonthIsExactlyWhatIsShown", func(t *testing.T) {
		wantReceived := text.Number("vi", fig["dossiers_received"], 0)
		rate, _ := oversight.Ratio(fig["dossiers_on_time"], fig["dossiers_resolved"])
		wantRate := text.Percent("vi", rate)
		for _, u := range []string{only, only + "&from=2019-10&to=2019-10", env.ts.URL + "/dashboard?unit=09538&figures=approved",
			env.ts.URL + "/dashboard?figures=approved"} {
			body := approvedPage(t, delegate, u)
			if got := approvedKPI(t, body, "kpi-received"); got != wantReceived {
				t.Errorf("%s: dossiers received %q, want %q (09538, 10/2019)", u, got, wantReceived)
			}
			if got := approvedKPI(t, body, "kpi-ontime"); got != wantRate {
				t.Errorf("%s: on-time rate %q, want %q", u, got, wantRate)
			}
			if !strings.Contains(body, "Đang hiển thị chỉ số liệu đã duyệt: 1 đơn vị-tháng đã duyệt") {
				t.Errorf("%s: the note does not count the one approved unit-month", u)
			}
		}
		body := approvedPage(t, delegate, only)
		// Links keep the choice: presets, children, the briefing pack.
		for _, w := range []string{`figures=approved&amp;preset=quarter`, `href="/dashboard?figures=approved&amp;from=`} {
			if !strings.Contains(body, w) {
				t.Errorf("a link loses the figures choice: no %s", w)
			}
		}
		if !regexp.MustCompile(`id="brief-link" href="[^"]*figures=approved"`).MatchString(body) {
			t.Error("the briefing pack link loses the figures choice")
		}
		brief := approvedPage(t, delegate, env.ts.URL+"/dashboard/brief?unit=268&figures=approved")
		if got := approvedKPI(t, brief, "kpi-received"); got != wantReceived || !strings.Contains(brief, `data-figures="approved"`) {
			t.Errorf("briefing pack: received %q, want %q, and a note saying approved only", got, wantReceived)
		}
	})

	t.Run("AllFiguresAreUnchanged", func(t *testing.T) {
		body := approvedPage(t, delegate, all)
		if got := approvedKPI(t, body, "kpi-received"); got != receivedAll {
			t.Errorf("all figures after one approval: %q, before %q", got, receivedAll)
		}
	})

	t.Run("InEnglish", func(t *testing.T) {
		en := env.login(t, "daibieu")
		if st, _, _ := get(t, en, env.ts.URL+"/lang/en"); st != http.StatusSeeOther && st != http.StatusOK {
			t.Fatalf("switch to English: %d", st)
		}
		body := approvedPage(t, en, only)
		for _, w := range []string{"Showing approved figures only: 1 approved unit-months are counted", "Approved figures only", "Overdue recommendations"} {
			if !strings.Contains(body, w) {
				t.Errorf("English page lacks %q", w)
			}
		}
	})

	t.Run("AnUnknownChoiceIsRefused", func(t *testing.T) {
		st, body, _ := get(t, delegate, env.ts.URL+"/dashboard?unit=268&figures=maybe")
		if st != http.StatusBadRequest || !strings.Contains(body, "dùng all hoặc approved") {
			t.Errorf("figures=maybe: %d", st)
		}
	})

	t.Run("LoggedOutIsSentToLogin", func(t *testing.T) {
		st, _, h := get(t, env.client(), only)
		if st != http.StatusSeeOther || !strings.HasPrefix(h.Get("Location"), "/login") {
			t.Errorf("anonymous approved dashboard: %d %s", st, h.Get("Location"))
		}
	})
}

// The demo's one overdue recommendation (the 2019 session's third, lead
// 268-VP, deadline 31/12/2019, in progress) is counted on the dashboard
// of every unit above its lead, and the card leads to exactly it.
func TestApprovedOverdueCountOnTheDashboard(t *testing.T) {
	env := newEnv(t)
	delegate := env.login(t, "daibieu")
	const overdue = "Không để các thủ tục hành chính bị chậm, muộn."
	for unit, want := range map[string]string{"268": "1", "268-VP": "1", "268-NV": "0", "09538": "0"} {
		body := approvedPage(t, delegate, env.ts.URL+"/dashboard?unit="+url.QueryEscape(unit))
		if got := approvedKPI(t, body, "kpi-overdue"); got != want {
			t.Errorf("%s: overdue %q, want %s", unit, got, want)
		}
		if !strings.Contains(body, `href="/recommendations?overdue=1&amp;unit=`+url.QueryEscape(unit)+`"`) {
			t.Errorf("%s: the overdue card does not link to the filtered tracker", unit)
		}
	}

	list := approvedPage(t, delegate, env.ts.URL+"/recommendations?overdue=1&unit=268")
	if approvedKPI(t, list, "rec-overdue") != "1" || approvedKPI(t, list, "rec-open") != "1" {
		t.Errorf("tracker for overdue in 268: overdue %s open %s, want 1 and 1", approvedKPI(t, list, "rec-overdue"), approvedKPI(t, list, "rec-open"))
	}
	if !strings.Contains(list, overdue) || strings.Contains(list, "Quan tâm đến thái độ phục vụ") || !strings.Contains(list, `id="rec-filter"`) {
		t.Error("the filtered tracker does not list exactly the overdue recommendation, or does not say it is filtered")
	}
}

// The dashboard's "by status" chart links to /recommendations?unit=&status=;
// the tracker filters by both.
func TestApprovedTrackerFilters(t *testing.T) {
	env := newEnv(t)
	delegate := env.login(t, "daibieu")
	body := approvedPage(t, delegate, env.ts.URL+"/dashboard?unit=268")
	if !regexp.MustCompile(`/recommendations\?status=in_progress(\\u0026|&amp;|&)unit=268\b`).MatchString(body) {
		t.Fatal("the recommendations chart does not link to the tracker by status")
	}
	for _, tc := range []struct {
		query     string
		total     string // open recommendations shown
		has, hasn string
	}{
		{"status=in_progress&unit=268", "1", "Không để các thủ tục hành chính", "Quan tâm đến thái độ"},
		{"status=partly_done&unit=268", "1", "", "Không để các thủ tục hành chính"},
		{"status=in_progress&unit=268-NV", "0", "", "Không để các thủ tục hành chính"},
		{"unit=268-NV", "1", "", "Không để các thủ tục hành chính"},
	} {
		page := approvedPage(t, delegate, env.ts.URL+"/recommendations?"+tc.query)
		if !strings.Contains(page, `id="rec-filter"`) {
			t.Errorf("%s: no note that the list is filtered", tc.query)
		}
		if tc.total == "0" {
			if !strings.Contains(page, "Chưa có kiến nghị nào.") {
				t.Errorf("%s: want no recommendation", tc.query)
			}
			continue
		}
		if got := approvedKPI(t, page, "rec-open"); got != tc.total {
			t.Errorf("%s: open %s, want %s", tc.query, got, tc.total)
		}
		if tc.has != "" && !strings.Contains(page, tc.has) {
			t.Errorf("%s: %q missing", tc.query, tc.has)
		}
		if strings.Contains(page, tc.hasn) {
			t.Errorf("%s: %q should be filtered out", tc.query, tc.hasn)
		}
	}
	for _, q := range []string{"status=nope", "unit=NOPE", "overdue=maybe"} {
		if st, _, _ := get(t, delegate, env.ts.URL+"/recommendations?"+q); st == http.StatusOK {
			t.Errorf("%s: 200, want a refusal", q)
		}
	}
	// Unfiltered, the tracker still shows everything and no filter note.
	if page := approvedPage(t, delegate, env.ts.URL+"/recommendations"); strings.Contains(page, `id="rec-filter"`) || approvedKPI(t, page, "rec-overdue") != "1" {
		t.Error("the unfiltered tracker changed")
	}
}

// approvedExportQuery asks for 268's subtree, month by month.
func approvedExportQuery(figures string) url.Values {
	return url.Values{"unit": {"268"}, "subtree": {"true"}, "from": {"2019-09"}, "to": {"2019-10"}, "by": {"month"},
		"metrics": {"dossiers_received,dossiers_resolved,dossiers_on_time"}, "figures": {figures}}
}

// approvedInfo reads the "Thông tin" sheet as key (Vietnamese part) -> value.
func approvedInfo(t *testing.T, f *excelize.File) map[string]string {
	t.Helper()
	rows, err := f.GetRows("Thông tin", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	info := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			info[strings.SplitN(r[0], " / ", 2)[0]] = r[1]
		}
	}
	return info
}

// approvedSheet reads a wide data sheet as unit code -> raw row; the
// totals row (which carries the root's code too) is "TOTAL".
func approvedSheet(t *testing.T, f *excelize.File, sheet string) map[string][]string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range rows[2:] {
		switch {
		case len(r) > 1 && strings.HasPrefix(r[1], "Tổng cộng"):
			out["TOTAL"] = r
		case len(r) > 0:
			out[r[0]] = r
		}
	}
	return out
}

func TestApprovedExport(t *testing.T) {
	env := newEnv(t)
	fig := approvedWardFigures(t, env)

	_, allBefore, hAll := exportGet(t, env, "phantich", approvedExportQuery("all"))

	t.Run("NothingApprovedIsAnEmptyFileThatSaysSo", func(t *testing.T) {
		st, b, h := exportGet(t, env, "phantich", approvedExportQuery("approved"))
		if st != http.StatusOK {
			t.Fatalf("status %d: %s", st, b)
		}
		if h.Get("X-Cchc-Rows") != "0" || h.Get("X-Cchc-Figures") != "approved" {
			t.Errorf("rows %s figures %s, want 0 and approved", h.Get("X-Cchc-Rows"), h.Get("X-Cchc-Figures"))
		}
		f := exportOpen(t, b)
		info := approvedInfo(t, f)
		if info["Số liệu xuất"] != "approved" || info["Đơn vị-tháng đã duyệt"] != "0" {
			t.Errorf("info: figures %q approved %q", info["Số liệu xuất"], info["Đơn vị-tháng đã duyệt"])
		}
		if n, _ := strconv.Atoi(info["Đơn vị-tháng chưa duyệt"]); n < 2 {
			t.Errorf("pending unit-months %q, want the demo's unapproved months", info["Đơn vị-tháng chưa duyệt"])
		}
		if s := info["Trạng thái phê duyệt"]; !strings.Contains(s, "Chỉ số liệu đã duyệt") || !strings.Contains(s, "tệp không có số liệu") || strings.Contains(s, "not yet available") {
			t.Errorf("approval statement %q", s)
		}
		if a2, _ := f.GetCellValue("Tổng hợp", "A2"); !strings.Contains(a2, "Chưa có tháng nào được duyệt") {
			t.Errorf("summary note %q", a2)
		}
		for code, r := range approvedSheet(t, f, "Tháng 10-2019") {
			for i, v := range approvedCells(r) {
				if v != "" {
					t.Errorf("unit %s column %d holds %q with nothing approved", code, i+4, v)
				}
			}
		}
	})

	approvedApprove(t, env)

	t.Run("OneApprovedMonthIsExactlyWhatIsExported", func(t *testing.T) {
		st, b, h := exportGet(t, env, "phantich", approvedExportQuery("approved"))
		if st != http.StatusOK {
			t.Fatalf("status %d: %s", st, b)
		}
		f := exportOpen(t, b)
		info := approvedInfo(t, f)
		if info["Đơn vị-tháng đã duyệt"] != "1" || !strings.Contains(info["Trạng thái phê duyệt"], "1 đơn vị-tháng đã duyệt được xuất") {
			t.Errorf("info: approved %q, statement %q", info["Đơn vị-tháng đã duyệt"], info["Trạng thái phê duyệt"])
		}
		oct := approvedSheet(t, f, "Tháng 10-2019")
		want := []string{strconv.FormatFloat(fig["dossiers_received"], 'f', -1, 64), strconv.FormatFloat(fig["dossiers_resolved"], 'f', -1, 64),
			strconv.FormatFloat(fig["dossiers_on_time"], 'f', -1, 64)}
		checked := 0
		for code, r := range oct {
			cells := approvedCells(r)
			switch {
			case code == "09538" || code == "TOTAL":
				for i, w := range want {
					if i >= len(cells) || cells[i] != w {
						t.Errorf("%s %q column %d = %q, want %s", code, r[1], i+4, approvedAt(cells, i), w)
					}
				}
				checked++
			default:
				for i, v := range cells {
					if v != "" {
						t.Errorf("unit %s column %d holds %q, but only 09538's October is approved", code, i+4, v)
					}
				}
			}
		}
		if checked != 2 {
			t.Errorf("found %d of the ward's row and the total row", checked)
		}
		for code, r := range approvedSheet(t, f, "Tháng 09-2019") {
			for i, v := range approvedCells(r) {
				if v != "" {
					t.Errorf("September: unit %s column %d holds %q, not approved", code, i+4, v)
				}
			}
		}
		if h.Get("X-Cchc-Rows") == "0" {
			t.Error("no data rows")
		}
	})

	t.Run("AllFiguresAreUnchanged", func(t *testing.T) {
		st, b, h := exportGet(t, env, "phantich", approvedExportQuery("all"))
		if st != http.StatusOK {
			t.Fatalf("status %d", st)
		}
		if h.Get("X-Cchc-Checksum") != hAll.Get("X-Cchc-Checksum") || h.Get("X-Cchc-Figures") != "all" {
			t.Errorf("all figures changed with an approval: checksum %s, before %s", h.Get("X-Cchc-Checksum"), hAll.Get("X-Cchc-Checksum"))
		}
		before, after := approvedSheet(t, exportOpen(t, allBefore), "Tháng 10-2019"), approvedSheet(t, exportOpen(t, b), "Tháng 10-2019")
		if strings.Join(after["09538"], "|") != strings.Join(before["09538"], "|") {
			t.Errorf("09538 row %q, before %q", after["09538"], before["09538"])
		}
		info := approvedInfo(t, exportOpen(t, b))
		if info["Số liệu xuất"] != "all" || info["Đơn vị-tháng đã duyệt"] != "1" || !strings.Contains(info["Trạng thái phê duyệt"], "kể cả chưa duyệt: 1 đơn vị-tháng đã duyệt") {
			t.Errorf("info of the all-figures file: %q %q %q", info["Số liệu xuất"], info["Đơn vị-tháng đã duyệt"], info["Trạng thái phê duyệt"])
		}
	})

	t.Run("TheBuilderOffersTheChoiceAndKeepsIt", func(t *testing.T) {
		c := env.login(t, "phantich")
		page := approvedPage(t, c, env.ts.URL+"/export")
		if !strings.Contains(page, `name="figures" value="approved"`) || strings.Contains(page, "chưa có") && strings.Contains(page, "phê duyệt số liệu chưa có") {
			t.Error("the builder page does not offer approved figures")
		}
		q := approvedExportQuery("approved")
		q.Set("from", "2019-13")
		st, body, _ := get(t, c, env.ts.URL+"/export/file?"+q.Encode())
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `name="figures" value="approved" checked`) {
			t.Errorf("refused form: %d, approved choice kept %v", st, strings.Contains(body, `value="approved" checked`))
		}
		q = approvedExportQuery("maybe")
		st, body, _ = get(t, c, env.ts.URL+"/export/file?"+q.Encode())
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "dùng all hoặc approved") {
			t.Errorf("figures=maybe: %d", st)
		}
		if st, _, _ := get(t, env.client(), env.ts.URL+"/api/v1/export?"+approvedExportQuery("approved").Encode()); st != http.StatusUnauthorized {
			t.Errorf("anonymous API export: %d, want 401", st)
		}
	})
}

func approvedAt(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

// approvedCells are a wide row's figure cells (a reader drops trailing
// empty cells, so a row without figures may be shorter than its header).
func approvedCells(r []string) []string { return r[min(3, len(r)):] }
