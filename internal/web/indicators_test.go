package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestReportedFiguresOfAnyKind records, through the session page's form,
// index figures as a city council's report cites them (PAR Index rank
// 3/63, SIPAS 87,11%, a 766-index score 86,537), a refused one, a figure
// linked to a catalogue metric compared with what cchc recorded, and a
// withdrawal; then lists them across sessions and charts the PAR Index over
// the years for Hà Nội.
func TestReportedFiguresOfAnyKind(t *testing.T) {
	env := newEnv(t)
	delegate := env.login(t, "daibieu")
	newSession := func(date string) int64 {
		st, body := send(t, delegate, http.MethodPost, env.ts.URL+"/api/v1/sessions", "application/json", fmt.Sprintf(
			`{"body":"Thường trực HĐND TP Hà Nội","leader":"Nguyễn Ngọc Tuấn","topic":"Cải cách hành chính","date":%q,"unit":"01",
			  "span_from":"2019-01","span_to":"2019-10","published":true}`, date))
		if st != http.StatusCreated {
			t.Fatalf("create session: %d %s", st, body)
		}
		var s struct {
			ID int64 `json:"id"`
		}
		decode(t, body, &s)
		return s.ID
	}
	s1, s2 := newSession("2023-12-05"), newSession("2024-12-05")
	add := func(sid int64, kv ...string) (int, string) {
		return send(t, delegate, http.MethodPost, fmt.Sprintf("%s/sessions/%d/indicators", env.ts.URL, sid), formType, form(kv...))
	}
	for _, x := range []struct {
		sid int64
		kv  []string
	}{
		{s1, []string{"label", "Chỉ số PAR Index", "family", "par_index", "kind", "rank", "value", "5/63", "period_kind", "year", "period", "2022", "unit", "01", "source", "Báo cáo 120/BC-UBND"}},
		{s2, []string{"label", "Chỉ số PAR Index", "family", "par_index", "kind", "rank", "value", "3/63", "period_kind", "year", "period", "2023", "unit", "01", "source", "Báo cáo 98/BC-UBND"}},
		{s2, []string{"label", "Chỉ số SIPAS", "family", "sipas", "kind", "percent", "value", "87,11%", "period_kind", "year", "period", "2023", "unit", "01"}},
		{s2, []string{"label", "Điểm Bộ chỉ số 766", "family", "index766", "kind", "score", "value", "86,537", "period_kind", "quarter", "period", "Q3/2024", "unit", "01"}},
		{s2, []string{"label", "Hồ sơ tiếp nhận", "kind", "count", "value", "107.000", "period_kind", "year", "period", "2019", "unit", "268"}},
		{s2, []string{"label", "Xếp hạng của Sở Nội vụ", "kind", "rank", "value", "2/20", "period_kind", "year", "period", "2023", "scope_name", "Sở Nội vụ"}},
	} {
		if st, body := add(x.sid, x.kv...); st != http.StatusSeeOther {
			t.Fatalf("add %v: %d %.400s", x.kv[1], st, body)
		}
	}
	st, body := add(s2, "label", "Chỉ số PAPI", "family", "papi", "kind", "rank", "value", "64/63", "period_kind", "year", "period", "2023", "unit", "01")
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Thứ hạng &#34;64/63&#34; không hợp lệ: hạng phải từ 1 đến 63.") || !strings.Contains(body, `value="64/63"`) {
		t.Fatalf("rank 64/63: %d", st)
	}

	_, page, _ := get(t, delegate, fmt.Sprintf("%s/sessions/%d", env.ts.URL, s2))
	row := func(label string) string {
		t.Helper()
		re := regexp.MustCompile(`(?s)<tr id="ind-\d+"[^>]*>\s*<td>` + regexp.QuoteMeta(label) + `.*?</tr>`)
		m := re.FindString(page)
		if m == "" {
			t.Fatalf("no row for %s", label)
		}
		return html.UnescapeString(m)
	}
	if r := row("Chỉ số SIPAS"); !strings.Contains(r, `<td class="num ind-value">87,11%</td>`) || !strings.Contains(r, "tỷ lệ %") {
		t.Errorf("SIPAS row: %s", r)
	}
	if r := row("Điểm Bộ chỉ số 766"); !strings.Contains(r, "86,537") || !strings.Contains(r, "Quý 3/2024") || !strings.Contains(r, "điểm") {
		t.Errorf("766 row (unrounded, its quarter): %s", r)
	}
	// Linked by its name to dossiers_received; cchc's figure for Hà Đông's
	// whole subtree in 2019 is the district's 6.538 and the wards' 100.565.
	if r := row("Hồ sơ tiếp nhận"); !strings.Contains(r, "107.000") || !strings.Contains(r, `<td class="num ind-recorded">107.103`) {
		t.Errorf("linked row: %s", r)
	}
	if r := row("Xếp hạng của Sở Nội vụ"); !strings.Contains(r, "<td>Sở Nội vụ</td>") || !strings.Contains(r, `<td class="num ind-recorded">—</td>`) {
		t.Errorf("organisation row: %s", r)
	}
	m := regexp.MustCompile(`<tr id="ind-(\d+)"[^>]*>\s*<td>Chỉ số SIPAS`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no SIPAS id")
	}
	withdraw := fmt.Sprintf("%s/sessions/%d/indicators/%s/withdraw", env.ts.URL, s2, m[1])
	if st, body := send(t, delegate, http.MethodPost, withdraw, formType, form("reason", "")); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Cần nêu lý do") {
		t.Errorf("withdraw without a reason: %d", st)
	}
	if st, _ := send(t, delegate, http.MethodPost, withdraw, formType, form("reason", "Số liệu của năm 2022, không phải 2023")); st != http.StatusSeeOther {
		t.Errorf("withdraw: %d", st)
	}
	_, page, _ = get(t, delegate, fmt.Sprintf("%s/sessions/%d", env.ts.URL, s2))
	if r := row("Chỉ số SIPAS"); !strings.Contains(r, "<del>87,11%</del>") || !strings.Contains(r, "Số liệu của năm 2022, không phải 2023") {
		t.Errorf("withdrawn SIPAS row: %s", r)
	}
	_, print, _ := get(t, delegate, fmt.Sprintf("%s/sessions/%d/print", env.ts.URL, s2))
	if !strings.Contains(print, `<td>Chỉ số PAR Index</td><td>Thành phố Hà Nội</td><td>2023</td><td class="num">3/63</td><td class="source">Báo cáo 98/BC-UBND</td>`) ||
		strings.Contains(print, "87,11%") {
		t.Error("print view: the PAR Index is not printed with its source, or the withdrawn SIPAS is")
	}
	if st, _ := send(t, env.login(t, "canbo"), http.MethodPost, fmt.Sprintf("%s/sessions/%d/indicators", env.ts.URL, s2), formType,
		form("label", "x", "kind", "score", "value", "1", "period_kind", "year", "period", "2023", "unit", "268")); st != http.StatusForbidden {
		t.Errorf("staff adds a reported figure: %d", st)
	}

	// Across sessions, for Hà Nội, the PAR Index by year.
	analyst := env.login(t, "phantich")
	_, list, _ := get(t, analyst, env.ts.URL+"/indicators?unit=01&family=par_index")
	if strings.Count(list, `data-family="par_index"`) != 2 || strings.Contains(list, `data-family="sipas"`) {
		t.Errorf("PAR Index list:\n%s", list)
	}
	cm := regexp.MustCompile(`(?s)<script type="application/json" id="chart-indicators">(.*?)</script>`).FindStringSubmatch(list)
	if cm == nil {
		t.Fatal("no PAR Index chart")
	}
	var opts struct {
		XAxis []struct {
			Data []string `json:"data"`
		} `json:"xAxis"`
		Series []struct {
			Name string `json:"name"`
			Data []any  `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal([]byte(cm[1]), &opts); err != nil {
		t.Fatalf("chart JSON: %v", err)
	}
	if len(opts.XAxis) == 0 || strings.Join(opts.XAxis[0].Data, ",") != "2022,2023" || len(opts.Series) != 1 || fmt.Sprint(opts.Series[0].Data) != "[map[value:5] map[value:3]]" && fmt.Sprint(opts.Series[0].Data) != "[5 3]" {
		t.Errorf("chart: %+v", opts)
	}

	var api struct {
		Indicators []struct {
			Label     string  `json:"label"`
			ValueText string  `json:"value_text"`
			Value     float64 `json:"value"`
			RankOf    *int    `json:"rank_of"`
			Period    string  `json:"period"`
		} `json:"indicators"`
	}
	_, out, _ := get(t, analyst, env.ts.URL+"/api/v1/indicators?unit=01")
	decode(t, out, &api)
	var got []string
	for _, i := range api.Indicators {
		of := 0
		if i.RankOf != nil {
			of = *i.RankOf
		}
		got = append(got, fmt.Sprintf("%s %s %s %v/%d", i.Period, i.Label, i.ValueText, i.Value, of))
	}
	want := "2022 Chỉ số PAR Index 5/63 5/63|2023 Chỉ số PAR Index 3/63 3/63|Quý 3/2024 Điểm Bộ chỉ số 766 86,537 86.537/0"
	if strings.Join(got, "|") != want {
		t.Errorf("API indicators:\n got %s\nwant %s", strings.Join(got, "|"), want)
	}
	st, out = send(t, delegate, http.MethodPost, fmt.Sprintf("%s/api/v1/sessions/%d/indicators", env.ts.URL, s1), "application/json",
		`{"label":"Chỉ số PCI","family":"pci","kind":"rank","value":"9/63","period_kind":"year","period":"2023","unit":"01","source":"VCCI"}`)
	if st != http.StatusCreated || !strings.Contains(out, `"rank_of":63`) || !strings.Contains(out, `"value_text":"9/63"`) {
		t.Errorf("API add: %d %s", st, out)
	}
	if st, out := send(t, delegate, http.MethodPost, fmt.Sprintf("%s/api/v1/sessions/%d/indicators", env.ts.URL, s1), "application/json",
		`{"label":"Chỉ số PCI","kind":"percent","value":"120%","period_kind":"year","period":"2023","unit":"01"}`); st != http.StatusBadRequest || !strings.Contains(out, `Tỷ lệ \"120%\" cần là số từ 0 đến 100`) {
		t.Errorf("API add 120%%: %d %s", st, out)
	}
}
