package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestProgrammeGroupsItsSittingsReportAndRecommendations records a city
// council's thematic programme through the form, three sittings of it and
// one session on its own through the API, and checks the programme's page,
// print view and API: the sittings in date order with their kind, place
// and body, the final report, one set of recommendations from its
// sittings only; a draft stays hidden from analysts; a search without
// diacritics finds it, and a sitting of a programme that does not exist is
// refused.
func TestProgrammeGroupsItsSittingsReportAndRecommendations(t *testing.T) {
	env := newEnv(t)
	delegate := env.login(t, "daibieu")
	st, body := send(t, delegate, http.MethodPost, env.ts.URL+"/programmes", formType, form(
		"body", "Thường trực HĐND TP Hà Nội", "topic", "Cải cách hành chính, chính quyền điện tử và chuyển đổi số",
		"plan_doc", "Kế hoạch 45/KH-HĐND", "plan_date", "05/09/2024", "members", "Nguyễn Ngọc Tuấn\nPhùng Thị Hồng Hà",
		"supervised", "UBND TP Hà Nội\nSở Nội vụ", "unit", "01", "date_from", "16/09/2024", "date_to", "30/09/2024",
		"report_no", "120/BC-HĐND", "report_date", "10/10/2024", "report", "Chỉ số PAR Index xếp thứ 3/63.", "published", "1"))
	if st != http.StatusSeeOther {
		t.Fatalf("create programme: %d %.300s", st, body)
	}
	var pid int64
	if _, err := fmt.Sscanf(strings.TrimPrefix(locationOf(t, delegate, env.ts.URL+"/programmes"), "/programmes/"), "%d", &pid); err != nil || pid == 0 {
		t.Fatalf("programme id: %v", err)
	}
	if st, body := send(t, delegate, http.MethodPost, env.ts.URL+"/programmes", formType, form("body", "x", "date_from", "30/09/2024", "date_to", "16/09/2024")); st != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Cần nội dung (chuyên đề) giám sát.") || !strings.Contains(body, "Ngày kết thúc trước ngày bắt đầu.") || !strings.Contains(body, `value="30/09/2024"`) {
		t.Fatalf("refused programme form: %d", st)
	}
	sitting := func(date, kind, place, body, unit string, prog int64) int64 {
		t.Helper()
		in := fmt.Sprintf(`{"body":"Thường trực HĐND TP Hà Nội","leader":"Nguyễn Ngọc Tuấn","topic":"Cải cách hành chính","date":%q,"unit":%q,
		  "supervised_body":%q,"span_from":"2024-01","span_to":"2024-08","published":true,"programme_id":%d,"sitting_kind":%q,"place":%q}`, date, unit, body, prog, kind, place)
		st, out := send(t, delegate, http.MethodPost, env.ts.URL+"/api/v1/sessions", "application/json", in)
		if st != http.StatusCreated {
			t.Fatalf("sitting %s: %d %s", date, st, out)
		}
		var s struct {
			ID int64 `json:"id"`
		}
		decode(t, out, &s)
		return s.ID
	}
	plenary := sitting("2024-09-30", "plenary", "Trụ sở HĐND TP, 18B Lê Thánh Tông", "UBND TP Hà Nội", "01", pid)
	visit := sitting("2024-09-16", "field_visit", "Bộ phận một cửa quận Hà Đông", "UBND quận Hà Đông", "268", pid)
	working := sitting("2024-09-20", "working", "Sở Nội vụ", "Sở Nội vụ", "01", pid)
	alone := sitting("2024-10-02", "", "", "UBND quận Hà Đông", "268", 0)
	for _, x := range []struct {
		sid  int64
		text string
	}{{plenary, "Công bố kết quả PAR Index"}, {visit, "Giảm thời gian chờ tại một cửa"}, {alone, "Không thuộc đợt"}} {
		if st, out := send(t, delegate, http.MethodPost, fmt.Sprintf("%s/api/v1/sessions/%d/recommendations", env.ts.URL, x.sid), "application/json",
			fmt.Sprintf(`{"content":%q,"lead_unit":"268","deadline":"2025-06-30"}`, x.text)); st != http.StatusCreated {
			t.Fatalf("recommendation: %d %s", st, out)
		}
	}
	if st, out := send(t, delegate, http.MethodPost, env.ts.URL+"/api/v1/sessions", "application/json",
		`{"body":"x","topic":"y","date":"2024-09-30","unit":"01","span_from":"2024-01","span_to":"2024-08","programme_id":999}`); st != http.StatusBadRequest || !strings.Contains(out, "Không có đợt giám sát số 999") {
		t.Fatalf("sitting of a missing programme: %d %s", st, out)
	}

	_, page, _ := get(t, delegate, fmt.Sprintf("%s/programmes/%d", env.ts.URL, pid))
	order := []string{fmt.Sprintf(`data-session="%d"`, visit), fmt.Sprintf(`data-session="%d"`, working), fmt.Sprintf(`data-session="%d"`, plenary)}
	at := 0
	for _, o := range order {
		i := strings.Index(page[at:], o)
		if i < 0 {
			t.Fatalf("programme page: sittings not in date order (missing %s after byte %d)", o, at)
		}
		at += i
	}
	for _, want := range []string{"Kế hoạch 45/KH-HĐND (05/09/2024)", "UBND TP Hà Nội; Sở Nội vụ", "Khảo sát thực tế", "Phiên họp toàn thể",
		"Bộ phận một cửa quận Hà Đông", "120/BC-HĐND", "Chỉ số PAR Index xếp thứ 3/63.", "Công bố kết quả PAR Index", "Giảm thời gian chờ tại một cửa"} {
		if !strings.Contains(page, want) {
			t.Errorf("programme page lacks %q", want)
		}
	}
	if strings.Contains(page, "Không thuộc đợt") || strings.Contains(page, fmt.Sprintf(`data-session="%d"`, alone)) {
		t.Error("a session on its own is listed in the programme")
	}
	_, print, _ := get(t, delegate, fmt.Sprintf("%s/programmes/%d/print", env.ts.URL, pid))
	if !strings.Contains(print, `<span id="print-supervised">UBND TP Hà Nội; Sở Nội vụ</span>`) || !strings.Contains(print, "Công bố kết quả PAR Index") {
		t.Error("print view lacks the bodies supervised or the recommendations")
	}
	_, sess, _ := get(t, delegate, fmt.Sprintf("%s/sessions/%d", env.ts.URL, visit))
	if !strings.Contains(sess, fmt.Sprintf(`<a href="/programmes/%d">Cải cách hành chính, chính quyền điện tử và chuyển đổi số</a> · Khảo sát thực tế`, pid)) {
		t.Error("the sitting's page does not name its programme and kind")
	}

	var api struct {
		Sittings []struct {
			ID          int64  `json:"id"`
			SittingKind string `json:"sitting_kind"`
			Place       string `json:"place"`
		} `json:"sittings"`
		Recommendations []struct {
			Content string `json:"content"`
		} `json:"recommendations"`
		Supervised []string `json:"supervised"`
		PlanDate   string   `json:"plan_date"`
	}
	_, out, _ := get(t, delegate, fmt.Sprintf("%s/api/v1/programmes/%d", env.ts.URL, pid))
	decode(t, out, &api)
	if len(api.Sittings) != 3 || api.Sittings[0].ID != visit || api.Sittings[0].SittingKind != "field_visit" || api.Sittings[2].Place != "Trụ sở HĐND TP, 18B Lê Thánh Tông" ||
		len(api.Recommendations) != 2 || api.PlanDate != "2024-09-05" || len(api.Supervised) != 2 {
		t.Errorf("API programme = %+v", api)
	}

	// Search without diacritics, by a phrase of the topic and by a word
	// only a sitting's place holds.
	for _, q := range []string{`"chuyen doi so"`, "le thanh tong", "PAR index"} {
		_, list, _ := get(t, delegate, env.ts.URL+"/programmes?q="+strings.ReplaceAll(q, " ", "+"))
		if !strings.Contains(list, fmt.Sprintf(`data-programme="%d"`, pid)) {
			t.Errorf("search %s does not find the programme", q)
		}
	}
	if _, list, _ := get(t, delegate, env.ts.URL+"/programmes?q=%22doi+chuyen%22"); strings.Contains(list, "data-programme=") {
		t.Error("a phrase in the wrong order finds the programme")
	}
	if _, list, _ := get(t, delegate, env.ts.URL+"/sessions?q=chuyen+doi+so"); !strings.Contains(list, fmt.Sprintf(`<li data-programme="%d">`, pid)) {
		t.Error("the sessions search does not list the programme found")
	}

	// PUT replaces the programme's fields; its sittings stay.
	if st, out := send(t, delegate, http.MethodPut, fmt.Sprintf("%s/api/v1/programmes/%d", env.ts.URL, pid), "application/json",
		`{"body":"Thường trực HĐND TP Hà Nội","topic":"Cải cách hành chính, chính quyền điện tử và chuyển đổi số","report_no":"121/BC-HĐND","published":true}`); st != http.StatusOK ||
		!strings.Contains(out, `"report_no":"121/BC-HĐND"`) || strings.Count(out, `"sitting_kind"`) != 3 {
		t.Errorf("PUT programme: %d %s", st, out)
	}
	if st, out := send(t, delegate, http.MethodPut, env.ts.URL+"/api/v1/programmes/999", "application/json", `{"body":"x","topic":"y"}`); st != http.StatusNotFound {
		t.Errorf("PUT a missing programme: %d %s", st, out)
	}

	// A draft programme is hidden from an analyst.
	st, body = send(t, delegate, http.MethodPost, env.ts.URL+"/api/v1/programmes", "application/json",
		`{"body":"Ban Pháp chế","topic":"Dự thảo kế hoạch","unit":"268"}`)
	if st != http.StatusCreated {
		t.Fatalf("API create: %d %s", st, body)
	}
	var draft struct {
		ID int64 `json:"id"`
	}
	decode(t, body, &draft)
	analyst := env.login(t, "phantich")
	if st, _, _ := get(t, analyst, fmt.Sprintf("%s/programmes/%d", env.ts.URL, draft.ID)); st != http.StatusNotFound {
		t.Errorf("analyst opens a draft programme: %d", st)
	}
	if st, _, _ := get(t, analyst, fmt.Sprintf("%s/programmes/%d", env.ts.URL, pid)); st != http.StatusOK {
		t.Errorf("analyst opens a published programme: %d", st)
	}
	if _, list, _ := get(t, analyst, env.ts.URL+"/programmes"); strings.Contains(list, "Dự thảo kế hoạch") {
		t.Error("the programme list shows a draft to an analyst")
	}
}

// locationOf returns where the newest programme's page is, from the list.
func locationOf(t *testing.T, c *http.Client, list string) string {
	t.Helper()
	_, body, _ := get(t, c, list)
	i := strings.Index(body, `<a href="/programmes/`)
	if i < 0 {
		t.Fatal("no programme in the list")
	}
	rest := body[i+len(`<a href="`):]
	return rest[:strings.Index(rest, `"`)]
}
