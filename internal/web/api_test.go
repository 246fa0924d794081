package web_test

import (
	"net/http"
	"strings"
	"testing"
)

type valuesResp struct {
	Values []struct {
		Unit, Metric, Period string
		Value                float64
		Source               string
	} `json:"values"`
}

func sumValues(r valuesResp, metric string) (sum float64) {
	for _, v := range r.Values {
		if v.Metric == metric {
			sum += v.Value
		}
	}
	return sum
}

// The demo totals, read back through the API, are the article's figures.
func TestAPIDemoTotalsEqualTheArticle(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	auth := []string{"Authorization", "Bearer " + env.token(t, "phantich")}
	q := "&from=2019-01&to=2019-10&metrics=dossiers_received,dossiers_on_time,dossiers_resolved"

	var own valuesResp
	status, body, _ := get(t, c, env.ts.URL+"/api/v1/values?unit=268"+q, auth...)
	if status != 200 {
		t.Fatalf("%d %s", status, body)
	}
	decode(t, body, &own)
	if got := sumValues(own, "dossiers_received"); got != 6538 {
		t.Errorf("district's own dossiers received = %v, want 6538", got)
	}
	if len(own.Values) != 30 || own.Values[0].Source != "demo" {
		t.Errorf("own values: %d rows (want 10 months x 3 metrics), first %+v", len(own.Values), own.Values[0])
	}

	var sub valuesResp
	_, body, _ = get(t, c, env.ts.URL+"/api/v1/values?unit=268&rollup=subtree"+q, auth...)
	decode(t, body, &sub)
	if got := sumValues(sub, "dossiers_received"); got != 6538+100565 {
		t.Errorf("subtree dossiers received = %v, want %d", got, 6538+100565)
	}
	if sumValues(sub, "dossiers_on_time") != sumValues(sub, "dossiers_resolved") {
		t.Error("not every dossier resolved on time")
	}

	// The 17 wards, each rolled up on its own, add up to 100,565; and each
	// month of the district's roll-up is its own figure plus its wards'.
	var units struct {
		Units []struct{ Code, Name, Kind, Parent, ValidFrom, ValidTo string } `json:"units"`
	}
	// The units of the session's day: 09538 is then Phường Nguyễn Trãi,
	// and the Phường Quang Trung of 2025 (also 09538) does not exist yet.
	_, body, _ = get(t, c, env.ts.URL+"/api/v1/units?on=2019-11-13", auth...)
	decode(t, body, &units)
	var wards float64
	wardCount := 0
	perMonth := map[string]float64{}
	for _, v := range own.Values {
		if v.Metric == "dossiers_received" {
			perMonth[v.Period] += v.Value
		}
	}
	for _, u := range units.Units {
		if u.Parent != "268" || u.Kind != "ward" {
			continue
		}
		wardCount++
		var w valuesResp
		_, body, _ = get(t, c, env.ts.URL+"/api/v1/values?unit="+u.Code+"&rollup=subtree"+q, auth...)
		decode(t, body, &w)
		wards += sumValues(w, "dossiers_received")
		for _, v := range w.Values {
			if v.Metric == "dossiers_received" {
				perMonth[v.Period] += v.Value
			}
		}
	}
	if wardCount != 17 || wards != 100565 {
		t.Errorf("%d wards with %v dossiers, want 17 and 100565", wardCount, wards)
	}
	for _, v := range sub.Values {
		if v.Metric == "dossiers_received" && perMonth[v.Period] != v.Value {
			t.Errorf("%s: roll-up %v, own + wards %v", v.Period, v.Value, perMonth[v.Period])
		}
	}
}

func TestAPIUnitsMetricsSessions(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "daibieu") // the login session works for the API too
	var units struct {
		Units []struct {
			Code, Ref, Name, Kind, Parent string
			ParentRef                     string `json:"parent_ref"`
			ValidFrom                     string `json:"valid_from"`
			ValidTo                       string `json:"valid_to"`
		} `json:"units"`
	}
	_, body, _ := get(t, c, env.ts.URL+"/api/v1/units")
	decode(t, body, &units)
	byRef := map[string]int{}
	for i, u := range units.Units {
		byRef[u.Ref] = i
	}
	// Codes reused across periods: each unit carries its validity and a
	// reference that names it alone.
	hn, hd, nw := units.Units[byRef["01@2025-06-30"]], units.Units[byRef["268"]], units.Units[byRef["09556@2025-07-01"]]
	if hn.Parent != "VN" || hn.Name != "Thành phố Hà Nội" || hn.ValidTo != "2025-06-30" || hd.Parent != "01" || hd.ParentRef != "01@2025-06-30" ||
		hd.ValidTo != "2025-06-30" || nw.ValidFrom != "2025-07-01" || nw.Name != "Phường Hà Đông" || nw.ParentRef != "01@2025-07-01" {
		t.Errorf("units: Hà Nội %+v, Hà Đông %+v, new ward %+v", hn, hd, nw)
	}
	if old := units.Units[byRef["09556@2025-06-30"]]; old.Name != "Phường Hà Cầu" || old.ValidTo != "2025-06-30" || old.ValidFrom != "" {
		t.Errorf("09556 until 30/06/2025: %+v, want Phường Hà Cầu", old)
	}
	// ?on= lists the units in force that day.
	var on2026 struct {
		On    string                             `json:"on"`
		Units []struct{ Code, Ref, Name string } `json:"units"`
	}
	_, body, _ = get(t, c, env.ts.URL+"/api/v1/units?on=2026-01-01")
	decode(t, body, &on2026)
	if len(on2026.Units) != 1+34+3321 || on2026.On != "2026-01-01" {
		t.Errorf("units on 2026-01-01: %d, want 3,356 (nation, 34 provinces, 3,321 communes)", len(on2026.Units))
	}
	for _, u := range on2026.Units {
		if u.Code == "09552" && u.Name != "Phường Kiến Hưng" {
			t.Errorf("09552 in 2026 = %s", u.Name)
		}
	}
	if st, _, _ := get(t, c, env.ts.URL+"/api/v1/units?on=2026-13-01"); st != http.StatusUnprocessableEntity && st != http.StatusBadRequest {
		t.Errorf("on=2026-13-01: status %d, want a 4xx", st)
	}
	var metrics struct {
		Metrics []struct{ Code, Kind string } `json:"metrics"`
	}
	_, body, _ = get(t, c, env.ts.URL+"/api/v1/metrics")
	decode(t, body, &metrics)
	if len(metrics.Metrics) != 25 {
		t.Errorf("%d metrics, want the 25 of the catalogue", len(metrics.Metrics))
	}
	var sessions struct {
		Sessions []struct {
			ID   int64
			Date string
		} `json:"sessions"`
	}
	_, body, _ = get(t, c, env.ts.URL+"/api/v1/sessions")
	decode(t, body, &sessions)
	if len(sessions.Sessions) != 1 || sessions.Sessions[0].Date != "2019-11-13" {
		t.Fatalf("sessions: %s", body)
	}
	var s struct {
		Leader          string
		Recommendations []struct {
			LeadUnit string `json:"lead_unit"`
			Deadline string
			Status   string
		} `json:"recommendations"`
		Figures []struct {
			Metric string
			Value  float64
		} `json:"figures"`
	}
	_, body, _ = get(t, c, env.ts.URL+"/api/v1/sessions/1")
	decode(t, body, &s)
	if len(s.Recommendations) != 5 || len(s.Figures) < 18 || s.Leader == "" {
		t.Errorf("session: %d recommendations, %d figures", len(s.Recommendations), len(s.Figures))
	}
	for _, r := range s.Recommendations {
		if r.LeadUnit == "" || len(r.Deadline) != 10 || r.Status == "" {
			t.Errorf("recommendation lacks lead, ISO deadline or status: %+v", r)
		}
	}
}

// Bad input gets a 4xx with a JSON error that says what is wrong.
func TestAPIBadInput(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	auth := []string{"Authorization", "Bearer " + env.token(t, "phantich")}
	cases := []struct {
		path, status, want string
	}{
		{"/api/v1/values", "400", "unit"},
		{"/api/v1/values?unit=NOPE", "404", "NOPE"},
		{"/api/v1/values?unit=268&metrics=dossiers,inspections", "400", "dossiers"},
		{"/api/v1/values?unit=268&from=2019-13&to=2019-10", "400", "2019-13"},
		{"/api/v1/values?unit=268&from=201901&to=2019-10", "400", "201901"},
		{"/api/v1/values?unit=268&from=2019-10&to=2019-01", "400", "2019-01"},
		{"/api/v1/values?unit=268&rollup=tree", "400", "subtree"},
		{"/api/v1/sessions/999", "404", "999"},
		{"/api/v1/sessions/x", "404", "giám sát"},
		{"/api/v1/nothing", "404", "/api/v1/nothing"},
	}
	for _, tc := range cases {
		status, body, hdr := get(t, c, env.ts.URL+tc.path, auth...)
		if http.StatusText(status) == "" || tc.status != itoa(status) {
			t.Errorf("%s: status %d, want %s", tc.path, status, tc.status)
		}
		if !strings.HasPrefix(hdr.Get("Content-Type"), "application/json") || !strings.Contains(body, `"error"`) || !strings.Contains(body, tc.want) {
			t.Errorf("%s: body %s, want a JSON error mentioning %q", tc.path, body, tc.want)
		}
	}
	// English on request.
	_, body, _ := get(t, c, env.ts.URL+"/api/v1/values?unit=NOPE&lang=en", auth...)
	if !strings.Contains(body, "There is no unit") {
		t.Errorf("English error: %s", body)
	}
}

func itoa(i int) string {
	const digits = "0123456789"
	return string([]byte{digits[i/100], digits[i/10%10], digits[i%10]})
}

// A staff account writes figures in its own subtree and nowhere else; a
// refused batch writes nothing.
func TestAPIPutValuesRespectsSubtree(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	ward := []string{"Authorization", "Bearer " + env.token(t, "canbophuong")} // bound to ward 09538
	district := []string{"Authorization", "Bearer " + env.token(t, "canbo")}   // bound to district 268
	delegate := []string{"Authorization", "Bearer " + env.token(t, "daibieu")}
	post := func(auth []string, body string) (int, string) {
		return send(t, c, "POST", env.ts.URL+"/api/v1/values", "application/json", body, auth...)
	}
	readInspections := func(unit string) float64 {
		var r valuesResp
		_, body, _ := get(t, c, env.ts.URL+"/api/v1/values?unit="+unit+"&from=2019-11&to=2019-11&metrics=inspections", district...)
		decode(t, body, &r)
		return sumValues(r, "inspections")
	}

	status, body := post(ward, `{"values":[{"unit":"09538","period":"2019-11","metric":"inspections","value":3}]}`)
	if status != 200 {
		t.Fatalf("ward staff writes its own ward: %d %s", status, body)
	}
	status, body = post(ward, `{"values":[{"unit":"09538","period":"2019-11","metric":"inspections","value":5},
		{"unit":"09541","period":"2019-11","metric":"inspections","value":4}]}`)
	if status != http.StatusForbidden || !strings.Contains(body, `"row":2`) {
		t.Errorf("ward staff writes a neighbouring ward: %d %s, want 403 naming row 2", status, body)
	}
	if got := readInspections("09538"); got != 3 {
		t.Errorf("after a refused batch ward 09538 has %v, want the 3 written before", got)
	}
	status, _ = post(ward, `{"values":[{"unit":"268","period":"2019-11","metric":"inspections","value":1}]}`)
	if status != http.StatusForbidden {
		t.Errorf("ward staff writes its parent district: %d, want 403", status)
	}
	status, _ = post(district, `{"values":[{"unit":"09541","period":"2019-11","metric":"inspections","value":4}]}`)
	if status != 200 {
		t.Errorf("district staff writes a ward of its district: %d, want 200", status)
	}
	status, _ = post(delegate, `{"values":[{"unit":"09541","period":"2019-11","metric":"inspections","value":9}]}`)
	if status != http.StatusForbidden {
		t.Errorf("delegate writes figures: %d, want 403", status)
	}
	if got := readInspections("09541"); got != 4 {
		t.Errorf("ward 09541 has %v, want 4", got)
	}

	// Every refused row is named, and nothing of the batch is written.
	status, body = post(district, `{"values":[
		{"unit":"09541","period":"2019-11","metric":"inspections","value":7},
		{"unit":"09541","period":"2019-11","metric":"nope","value":1},
		{"unit":"09541","period":"2019-13","metric":"inspections","value":1},
		{"unit":"09541","period":"2019-11","metric":"trainees","value":-2},
		{"unit":"09541","period":"2019-11","metric":"procedures_time_cut_pct","value":120},
		{"unit":"XX","period":"2019-11","metric":"inspections","value":1}]}`)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("bad batch: %d %s", status, body)
	}
	for _, want := range []string{`"row":2`, `"row":3`, `"row":4`, `"row":5`, `"row":6`, "nope", "2019-13", "XX"} {
		if !strings.Contains(body, want) {
			t.Errorf("bad batch answer lacks %s: %s", want, body)
		}
	}
	if strings.Contains(body, `"row":1,`) {
		t.Errorf("row 1 is fine but was refused: %s", body)
	}
	if got := readInspections("09541"); got != 4 {
		t.Errorf("after a refused batch ward 09541 has %v, want 4", got)
	}
	// Rules across metrics: on time + late must equal resolved.
	status, body = post(district, `{"values":[
		{"unit":"09541","period":"2019-11","metric":"dossiers_resolved","value":10},
		{"unit":"09541","period":"2019-11","metric":"dossiers_on_time","value":8},
		{"unit":"09541","period":"2019-11","metric":"dossiers_late","value":1}]}`)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "phải bằng") {
		t.Errorf("inconsistent dossiers: %d %s", status, body)
	}
	status, _ = send(t, c, "POST", env.ts.URL+"/api/v1/values", "application/json", `{"values": [`, district...)
	if status != http.StatusBadRequest {
		t.Errorf("malformed JSON: %d, want 400", status)
	}
}

func TestAPIEdges(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	tok := env.token(t, "phantich")
	if status, _, _ := get(t, c, env.ts.URL+"/healthz", "Authorization", "Bearer nope"); status != 200 {
		t.Errorf("healthz with a bad token: %d, want 200 (it needs no login)", status)
	}
	if status, body, _ := get(t, c, env.ts.URL+"/api/v1/units", "Authorization", "Bearer nope"); status != 401 || !strings.Contains(body, "thu hồi") {
		t.Errorf("bad token: %d %s", status, body)
	}
	if status, _, _ := get(t, c, env.ts.URL+"/api/v1/units", "Authorization", "bearer "+tok); status != 200 {
		t.Errorf("lower-case bearer scheme: %d, want 200", status)
	}
	status, body := send(t, c, "DELETE", env.ts.URL+"/api/v1/units", "application/json", "", "Authorization", "Bearer "+tok)
	if status != http.StatusMethodNotAllowed || !strings.Contains(body, `"method_not_allowed"`) {
		t.Errorf("wrong method: %d %s, want 405 JSON", status, body)
	}
	var r valuesResp
	status, body, _ = get(t, c, env.ts.URL+"/api/v1/values?unit=268&to=2018-12", "Authorization", "Bearer "+tok)
	if status != 200 || !strings.Contains(body, `"from":"2018-01"`) {
		t.Errorf("only to=2018-12: %d %s, want the span 2018-01..2018-12", status, body)
	}
	_, body, _ = get(t, c, env.ts.URL+"/api/v1/values?unit=268&metrics=,&rollup=subtree&from=2019-10&to=2019-10", "Authorization", "Bearer "+tok)
	decode(t, body, &r)
	if sumValues(r, "dossiers_received") == 0 {
		t.Errorf("metrics=, with rollup should mean every metric: %s", body)
	}
}

// A ward dissolved on 30/06/2025 takes no figures for later months: they
// would be counted again in the ward that succeeded it.
func TestAPIRefusesMonthsOutsideAUnitsLife(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	auth := []string{"Authorization", "Bearer " + env.token(t, "admin")}
	status, body := send(t, c, "POST", env.ts.URL+"/api/v1/values", "application/json",
		`{"values":[{"unit":"09541","period":"2025-08","metric":"inspections","value":1}]}`, auth...)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "không tồn tại trong tháng 08/2025") {
		t.Errorf("dissolved ward: %d %s", status, body)
	}
	// A reused code that names no unit that month: the units it names.
	status, body = send(t, c, "POST", env.ts.URL+"/api/v1/values", "application/json",
		`{"values":[{"unit":"09538","period":"2025-08","metric":"inspections","value":1}]}`, auth...)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "09538@2024-12-31 Phường Nguyễn Trãi") || !strings.Contains(body, "09538@2025-01-01 Phường Quang Trung") {
		t.Errorf("09538 in 08/2025: %d %s, want the two units it named", status, body)
	}
	// 09556 in 06/2025 is Phường Hà Cầu; the new Phường Hà Đông is named
	// by its reference.
	status, body = send(t, c, "POST", env.ts.URL+"/api/v1/values", "application/json",
		`{"values":[{"unit":"09556@2025-07-01","period":"2025-06","metric":"inspections","value":1}]}`, auth...)
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "không tồn tại") {
		t.Errorf("new ward before it was formed: %d %s", status, body)
	}
	status, body = send(t, c, "POST", env.ts.URL+"/api/v1/values", "application/json",
		`{"values":[{"unit":"09556","period":"2025-07","metric":"inspections","value":1}]}`, auth...)
	if status != http.StatusOK {
		t.Errorf("new ward in its first month: %d %s", status, body)
	}
}

func TestAPIJSONErrorsSpeakVietnamese(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	auth := []string{"Authorization", "Bearer " + env.token(t, "daibieu")}
	cases := map[string]string{
		`{"topic": 5}`:    `Trường \"topic\" có kiểu sai`,
		`{"nonsense": 1}`: `Trường \"nonsense\" không có trong API`,
		`{"topic": `:      "Nội dung JSON",
	}
	for body, want := range cases {
		status, got := send(t, c, "POST", env.ts.URL+"/api/v1/sessions", "application/json", body, auth...)
		if status != http.StatusBadRequest || !strings.Contains(got, want) || strings.Contains(got, "json:") {
			t.Errorf("%s: %d %s, want 400 with %q", body, status, got, want)
		}
	}
}

// What cchc has recorded beside a reported figure is the same on the page
// and in the API.
func TestAPISessionShowsRecordedLikeThePage(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "phantich")
	var s struct {
		Figures []struct {
			Metric, Scope string
			Value         float64
			Recorded      *float64 `json:"recorded"`
			Differs       bool     `json:"differs"`
		} `json:"figures"`
	}
	_, body, _ := get(t, c, env.ts.URL+"/api/v1/sessions/1")
	decode(t, body, &s)
	found := 0
	for _, f := range s.Figures {
		if f.Metric == "dossiers_received" {
			found++
			if f.Recorded == nil || *f.Recorded != f.Value || f.Differs {
				t.Errorf("%s %s: reported %v, recorded %v, differs %v; want the demo's recorded figure, equal", f.Metric, f.Scope, f.Value, f.Recorded, f.Differs)
			}
		}
	}
	if found != 2 {
		t.Errorf("%d dossiers_received figures, want the district's and the wards'", found)
	}
}
