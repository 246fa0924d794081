package web_test

import (
	"context"
	"encoding/json"
	"html"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

// dashChartJSON returns the option object of the chart with id on a page.
func dashChartJSON(t *testing.T, body, id string) map[string]any {
	t.Helper()
	re := regexp.MustCompile(`<script type="application/json" id="` + regexp.QuoteMeta(id) + `">([\s\S]*?)</script>`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no chart %s on the page", id)
	}
	var o map[string]any
	if err := json.Unmarshal([]byte(m[1]), &o); err != nil {
		t.Fatalf("chart %s: %v", id, err)
	}
	return o
}

// dashCategoryValues maps each category of a one-series bar chart to its value.
func dashCategoryValues(t *testing.T, o map[string]any) map[string]float64 {
	t.Helper()
	var cats []any
	for _, key := range []string{"yAxis", "xAxis"} {
		for _, a := range o[key].([]any) {
			if d, ok := a.(map[string]any)["data"].([]any); ok && len(d) > 0 {
				cats = d
			}
		}
	}
	data := o["series"].([]any)[0].(map[string]any)["data"].([]any)
	if len(cats) != len(data) {
		t.Fatalf("%d categories, %d values", len(cats), len(data))
	}
	out := map[string]float64{}
	for i, c := range cats {
		out[c.(string)] = data[i].(float64)
	}
	return out
}

// Every chart of Hà Đông's dashboard against the figures read independently
// through the store's raw points and the domain's Aggregate.
func TestDashChartsMatchFigures(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "daibieu")
	ctx := context.Background()
	status, body, _ := get(t, c, env.ts.URL+"/dashboard?unit=268")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	hd, err := env.db.UnitByCode(ctx, seed.DistrictCode)
	if err != nil {
		t.Fatal(err)
	}
	kids, err := env.db.Children(ctx, hd.ID)
	if err != nil {
		t.Fatal(err)
	}
	span := seed.DemoSpan
	wantReceived, wantRate := map[string]float64{}, map[string]float64{}
	for _, k := range kids {
		pts, err := env.db.Points(ctx, k.ID, true, nil, span)
		if err != nil {
			t.Fatal(err)
		}
		tot := oversight.Aggregate(pts, span)
		if v, ok := tot["dossiers_received"]; ok {
			wantReceived[k.Name] = v
		}
		if r, ok := dashOnTimeRate(tot); ok {
			wantRate[k.Name] = r
		}
	}
	for id, want := range map[string]map[string]float64{"chart-children": wantReceived, "chart-rank-ontime": wantRate} {
		got := dashCategoryValues(t, dashChartJSON(t, body, id))
		if len(got) != len(want) || len(got) == 0 {
			t.Errorf("%s: %d units, want %d", id, len(got), len(want))
		}
		prev := math.Inf(1)
		o := dashChartJSON(t, body, id)
		cats := o["yAxis"].([]any)[0].(map[string]any)["data"].([]any)
		for _, cat := range cats {
			v := got[cat.(string)]
			if math.Abs(v-want[cat.(string)]) > 1e-9 {
				t.Errorf("%s %s = %v, want %v", id, cat, v, want[cat.(string)])
			}
			if v > prev {
				t.Errorf("%s is not ranked: %s (%v) after %v", id, cat, v, prev)
			}
			prev = v
		}
		links := o["cchcLinks"].(map[string]any)
		if len(links) != len(got) {
			t.Errorf("%s: %d drill-down links for %d units", id, len(links), len(got))
		}
	}

	// Trend: each month's bar against the month's raw figures.
	trend := dashChartJSON(t, body, "chart-trend")
	months := trend["xAxis"].([]any)[0].(map[string]any)["data"].([]any)
	bars := trend["series"].([]any)[0].(map[string]any)["data"].([]any)
	line := trend["series"].([]any)[1].(map[string]any)["data"].([]any)
	for i, m := range span.Months() {
		if months[i] != m.Label() {
			t.Fatalf("trend month %d = %v, want %s", i, months[i], m.Label())
		}
		one := oversight.Span{From: m, To: m}
		pts, err := env.db.Points(ctx, hd.ID, true, nil, one)
		if err != nil {
			t.Fatal(err)
		}
		tot := oversight.Aggregate(pts, one)
		r, _ := dashOnTimeRate(tot)
		if bars[i].(float64) != tot["dossiers_received"] || math.Abs(line[i].(float64)-r) > 1e-9 {
			t.Errorf("trend %s = %v / %v, want %v / %v", m.Label(), bars[i], line[i], tot["dossiers_received"], r)
		}
	}

	// Staff by category: stacked, month by month, the district's own figures.
	staff := dashChartJSON(t, body, "chart-staff")
	series := staff["series"].([]any)
	if len(series) != 4 {
		t.Fatalf("staff chart has %d series, want the 4 categories", len(series))
	}
	for si, code := range []string{"staff_excellent", "staff_good", "staff_completed", "staff_not_completed"} {
		s := series[si].(map[string]any)
		if s["stack"] != "total" {
			t.Errorf("staff series %s is not stacked", code)
		}
		data := s["data"].([]any)
		for i, m := range span.Months() {
			pts, err := env.db.Points(ctx, hd.ID, true, []string{code}, oversight.Span{From: m, To: m})
			if err != nil {
				t.Fatal(err)
			}
			tot := oversight.Aggregate(pts, oversight.Span{From: m, To: m})
			want, ok := tot[code]
			got, isNum := data[i].(float64)
			if ok != isNum || (ok && got != want) {
				t.Errorf("staff %s %s = %v, want %v (recorded %v)", code, m.Label(), data[i], want, ok)
			}
		}
	}

	// Heat map: one cell per ward and month with figures, each the month's rate.
	heat := dashChartJSON(t, body, "chart-heat")
	rows := heat["yAxis"].([]any)[0].(map[string]any)["data"].([]any)
	cells := heat["series"].([]any)[0].(map[string]any)["data"].([]any)
	byName := map[string]oversight.Unit{}
	for _, k := range kids {
		byName[k.Name] = k
	}
	if len(cells) == 0 {
		t.Fatal("empty heat map")
	}
	for _, cell := range cells {
		cm := cell.(map[string]any)
		v := cm["value"].([]any)
		col, row, rate := int(v[0].(float64)), int(v[1].(float64)), v[2].(float64)
		u := byName[rows[row].(string)]
		m := span.Months()[col]
		pts, err := env.db.Points(ctx, u.ID, true, nil, oversight.Span{From: m, To: m})
		if err != nil {
			t.Fatal(err)
		}
		want, _ := dashOnTimeRate(oversight.Aggregate(pts, oversight.Span{From: m, To: m}))
		if math.Abs(rate-want) > 1e-9 {
			t.Errorf("heat %s %s = %v, want %v", u.Name, m.Label(), rate, want)
		}
		if !strings.Contains(cm["url"].(string), "unit="+u.Code) {
			t.Errorf("heat cell of %s links to %v", u.Name, cm["url"])
		}
	}

	// Recommendations by status against the store's own list.
	recs, err := env.db.RecommendationsByLead(ctx, hd.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]float64{}
	for _, r := range recs {
		n[text.RecStatus("vi", r.Status)]++
	}
	got := dashCategoryValuesX(t, dashChartJSON(t, body, "chart-recs"))
	if len(got) != len(n) || len(recs) == 0 {
		t.Errorf("recommendations chart %v, want %v", got, n)
	}
	for k, v := range n {
		if got[k] != v {
			t.Errorf("recommendations %s = %v, want %v", k, got[k], v)
		}
	}
}

// dashCategoryValuesX is dashCategoryValues for vertical bars.
func dashCategoryValuesX(t *testing.T, o map[string]any) map[string]float64 {
	t.Helper()
	return dashCategoryValues(t, o)
}

func TestDashPresetsAndComparison(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "daibieu")
	for _, tc := range []struct {
		url  string
		want []string
	}{
		{"/dashboard?unit=268&preset=month", []string{"10/2019", `data-preset="month" class="active"`, "10/2018"}},
		{"/dashboard?unit=268&preset=quarter", []string{"07/2019–09/2019", "(Quý 3/2019)", "07/2018–09/2018", `data-preset="quarter" class="active"`}},
		{"/dashboard?unit=268&preset=half", []string{"01/2019–06/2019", "(6 tháng đầu năm 2019)", "01/2018–06/2018"}},
		{"/dashboard?unit=268&preset=nine", []string{"01/2019–09/2019", "(9 tháng đầu năm 2019)"}},
		{"/dashboard?unit=268&preset=year", []string{"01/2019–10/2019", "01/2018–10/2018", "chưa có số liệu để so sánh"}},
		{"/dashboard?unit=268&from=2019-02&to=2019-03", []string{"02/2019–03/2019", `data-preset="custom" class="active"`}},
		// 01 over a 2025 span is the new Thành phố Hà Nội, whose wards were
		// formed from the old ones ("then and now").
		{"/dashboard?unit=01&from=2025-08&to=2025-09", []string{`id="then-now"`, "Phường Hà Đông", "Phường Vạn Phúc"}},
		// A 2019 span of Hà Đông: its 17 wards.
		{"/dashboard?unit=268&from=2019-01&to=2019-10", []string{"Phường Nguyễn Trãi", "Phường Yết Kiêu"}},
		// 09556 today is Phường Hà Đông (formed from Vạn Phúc, Phúc La, …);
		// 09538 alone names Nguyễn Trãi, which went into the new Phường
		// Quang Trung on 01/01/2025.
		{"/dashboard?unit=09556", []string{`id="predecessors"`, "Phường Vạn Phúc", "Phường Phúc La"}},
		{"/dashboard?unit=09538", []string{`id="successors"`, "Phường Quang Trung"}},
		{"/dashboard?unit=09538@2025-01-01", []string{`id="successors"`, "Phường Hà Đông", "Phường Kiến Hưng"}},
	} {
		status, body, _ := get(t, c, env.ts.URL+tc.url)
		if status != http.StatusOK {
			t.Errorf("%s: status %d", tc.url, status)
			continue
		}
		body = html.UnescapeString(body)
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %q", tc.url, w)
			}
		}
	}
	status, body, _ := get(t, c, env.ts.URL+"/dashboard?unit=268&preset=fortnight")
	if status != http.StatusBadRequest && status != http.StatusUnprocessableEntity || !strings.Contains(body, "fortnight") {
		t.Errorf("unknown preset: status %d, want 400/422 naming it", status)
	}
}

// A month compared with the same month a year earlier: the KPI card shows
// the change computed from both spans' counts.
func TestDashYearEarlierChange(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	if err := env.db.PutValues(ctx, []sqlite.ValueInput{
		{UnitCode: "09538", Metric: "dossiers_received", Month: oversight.NewMonth(2018, 3), Value: 800},
	}, "form", sqlite.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	c := env.login(t, "daibieu")
	var now float64
	pts, err := env.db.Points(ctx, dashUnitID(t, env, "09538"), true, []string{"dossiers_received"}, oversight.Span{From: oversight.NewMonth(2019, 3), To: oversight.NewMonth(2019, 3)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pts {
		now += p.Value
	}
	_, body, _ := get(t, c, env.ts.URL+"/dashboard?unit=09538&from=2019-03&to=2019-03")
	want := text.Number("vi", math.Abs((now-800)/800*100), 1) + "%"
	card := body[strings.Index(body, `id="kpi-received"`):]
	card = card[:strings.Index(card, `id="kpi-ontime"`)]
	if !strings.Contains(card, want) || !strings.Contains(card, "800") {
		t.Errorf("received card %q: want the change %s against 800", card, want)
	}
}

func TestDashBrief(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	// Two years of ordinary months for a ward, then one far out.
	var in []sqlite.ValueInput
	for m := oversight.NewMonth(2017, 1); m <= oversight.NewMonth(2018, 12); m = m.Add(1) {
		in = append(in, sqlite.ValueInput{UnitCode: "09538", Metric: "dossiers_received", Month: m, Value: float64(500 + m.MonthNum())})
	}
	if err := env.db.PutValues(ctx, in, "import", sqlite.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	c := env.login(t, "daibieu")
	status, body, _ := get(t, c, env.ts.URL+"/dashboard/brief?unit=09538")
	if status != http.StatusOK {
		t.Fatalf("brief: status %d", status)
	}
	for _, w := range []string{`id="brief"`, `id="kpi-received"`, `id="brief-flags"`, "cao bất thường", `id="brief-recs"`, "data-print"} {
		if !strings.Contains(body, w) {
			t.Errorf("brief: no %q", w)
		}
	}
	// Hà Đông's brief lists its overdue recommendations (the test clock is 01/02/2020).
	_, body, _ = get(t, c, env.ts.URL+"/dashboard/brief?unit=268")
	recs, err := env.db.RecommendationsByLead(ctx, dashUnitID(t, env, "268"))
	if err != nil {
		t.Fatal(err)
	}
	section := body[strings.Index(body, `id="brief-recs"`):]
	n := 0
	for _, r := range recs {
		if r.Overdue(time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)) { // newEnv's clock
			n++
			if !strings.Contains(html.UnescapeString(section), r.Content) {
				t.Errorf("overdue recommendation %q missing from the brief", r.Content)
			}
		}
	}
	if n == 0 && !strings.Contains(section, "Không có kiến nghị quá hạn.") {
		t.Error("no overdue recommendation and no message saying so")
	}
	anon := env.client()
	if status, _, hdr := get(t, anon, env.ts.URL+"/dashboard/brief?unit=268"); status != http.StatusSeeOther || !strings.HasPrefix(hdr.Get("Location"), "/login") {
		t.Errorf("anonymous brief: status %d, want a redirect to /login", status)
	}
}

func dashUnitID(t *testing.T, env *testEnv, code string) int64 {
	t.Helper()
	u, err := env.db.UnitByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// dashOnTimeRate is the test's own on-time rate: dossiers on time over
// dossiers resolved, as a percentage, only where both were reported and
// some were resolved (a second, deliberately simple implementation).
func dashOnTimeRate(tot oversight.Totals) (float64, bool) {
	on, okOn := tot["dossiers_on_time"]
	res, okRes := tot["dossiers_resolved"]
	if !okOn || !okRes || res == 0 {
		return 0, false
	}
	return on / res * 100, true
}

// The heat map's table shows each child's on-time rate by month, a month
// it did not report as a dash marked "not reported" (never a low rate),
// and leaves out a child that reported in none of the span's months, in
// both languages.
func TestDashHeatTableShowsRatesAndNotReported(t *testing.T) {
	e := figEnv(t)
	figPut(t, e, fv("09538", "dossiers_resolved", 2019, 11, 40), fv("09538", "dossiers_on_time", 2019, 11, 29))
	r := newFigReader(t, e)
	for l, want := range map[string]string{
		"vi": `<td class="num">72,5%</td><td class="num"><span class="not-reported" title="chưa báo cáo">—</span></td>`,
		"en": `<td class="num">72.5%</td><td class="num"><span class="not-reported" title="not reported">—</span></td>`,
	} {
		body := r.html(t, "/dashboard", url.Values{"unit": {"268"}, "from": {"2019-11"}, "to": {"2019-12"}, "lang": {l}})
		table := figText(t, body, `(?s)id="heat-table"(.*?)</table>`)
		rows := regexp.MustCompile(`(?s)<tr><td><a href="[^"]*">([^<]*)</a></td>(.*?)</tr>`).FindAllStringSubmatch(table, -1)
		if len(rows) != 1 {
			t.Fatalf("%s: heat table has %d rows, want the one ward that reported: %s", l, len(rows), table)
		}
		if rows[0][2] != want {
			t.Errorf("%s: heat row of %s = %s, want %s", l, rows[0][1], rows[0][2], want)
		}
	}
}
