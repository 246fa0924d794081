package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/xlsx"
)

// sessionsPDF is the start of a real PDF file: enough for content sniffing.
var sessionsPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// sessionsPNG is a PNG signature and header.
var sessionsPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

// sessionsUpload posts a multipart follow-up with one file.
func sessionsUpload(t *testing.T, c *http.Client, u string, fields map[string]string, fileName string, content []byte, header ...string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	if fileName != "" {
		fw, err := w.CreateFormFile("evidence", fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	w.Close()
	return send(t, c, http.MethodPost, u, w.FormDataContentType(), body.String(), header...)
}

func form(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v.Encode()
}

const formType = "application/x-www-form-urlencoded"

func TestSessionsSearchIgnoresDiacriticsAndCase(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "phantich")
	for _, q := range []string{"ha dong", "HÀ ĐÔNG", "to dai bieu so 10", "le cuong", "nang cao hieu luc"} {
		var got struct {
			Sessions []struct{ ID int64 } `json:"sessions"`
		}
		status, body, _ := get(t, c, env.ts.URL+"/api/v1/sessions?q="+url.QueryEscape(q))
		if status != 200 {
			t.Fatalf("q=%q: %d %s", q, status, body)
		}
		decode(t, body, &got)
		if len(got.Sessions) != 1 || got.Sessions[0].ID != 1 {
			t.Errorf("API q=%q found %+v, want session 1", q, got.Sessions)
		}
		_, page, _ := get(t, c, env.ts.URL+"/sessions?q="+url.QueryEscape(q))
		if !strings.Contains(page, `href="/sessions/1"`) {
			t.Errorf("page q=%q does not list session 1", q)
		}
	}
	_, body, _ := get(t, c, env.ts.URL+"/api/v1/sessions?q=ha+noi+2025")
	if !strings.Contains(body, `"sessions":[]`) {
		t.Errorf("q that matches nothing: %s", body)
	}
	_, page, _ := get(t, c, env.ts.URL+"/sessions?q=zzz")
	if !strings.Contains(page, `id="sessions-empty"`) {
		t.Error("page with no match does not say so")
	}
}

// sessionsCreate records a session as the delegate through the form and
// returns its id.
func sessionsCreate(t *testing.T, env *testEnv, c *http.Client, published bool) int64 {
	t.Helper()
	kv := []string{"body", "Ban Pháp chế HĐND TP", "term", "2021–2026", "leader", "Nguyễn Văn A", "members", "Trần B\nLê C",
		"form", "Giám sát chuyên đề", "topic", "Cải cách thủ tục hành chính ở Phường Nguyễn Trãi", "date", "2019-11-20",
		"unit", "09538", "span_from", "2019-01", "span_to", "2019-10", "findings", "Còn hồ sơ trễ hạn."}
	if published {
		kv = append(kv, "published", "1")
	}
	resp, err := c.Post(env.ts.URL+"/sessions", formType, strings.NewReader(form(kv...)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create session: %d", resp.StatusCode)
	}
	var id int64
	fmt.Sscanf(resp.Header.Get("Location"), "/sessions/%d", &id)
	if id == 0 {
		t.Fatalf("create session: location %q", resp.Header.Get("Location"))
	}
	return id
}

func TestSessionsCreateEditAndDrafts(t *testing.T) {
	env := newEnv(t)
	delegate := env.login(t, "daibieu")
	staff := env.login(t, "canbo")

	t.Run("StaffMayNotRecordSessions", func(t *testing.T) {
		status, _ := send(t, staff, http.MethodPost, env.ts.URL+"/sessions", formType, form("body", "x", "topic", "y", "date", "2020-01-01", "unit", "268", "span_from", "2019-01", "span_to", "2019-02"))
		if status != http.StatusForbidden {
			t.Fatalf("staff create: %d, want 403", status)
		}
		if status, _, _ := get(t, staff, env.ts.URL+"/sessions/new"); status != http.StatusForbidden {
			t.Fatalf("staff new form: %d, want 403", status)
		}
	})
	t.Run("RefusedFormKeepsWhatWasTyped", func(t *testing.T) {
		status, body := send(t, delegate, http.MethodPost, env.ts.URL+"/sessions", formType,
			form("body", "Tổ đại biểu số 7", "leader", "Phạm D", "date", "2019-13-45", "unit", "268", "span_from", "2019-05", "span_to", "2019-01"))
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("bad form: %d", status)
		}
		for _, want := range []string{`value="Tổ đại biểu số 7"`, `value="Phạm D"`, "Cần nội dung giám sát.", "Kỳ số liệu không hợp lệ"} {
			if !strings.Contains(body, want) {
				t.Errorf("refused form lacks %q", want)
			}
		}
	})
	id := sessionsCreate(t, env, delegate, false)
	t.Run("DraftHiddenFromStaff", func(t *testing.T) {
		if status, _, _ := get(t, staff, fmt.Sprintf("%s/sessions/%d", env.ts.URL, id)); status != http.StatusNotFound {
			t.Fatalf("staff sees draft: %d", status)
		}
		if status, body, _ := get(t, delegate, fmt.Sprintf("%s/sessions/%d", env.ts.URL, id)); status != 200 || !strings.Contains(body, `id="session-draft"`) {
			t.Fatalf("delegate's draft page: %d", status)
		}
		_, body, _ := get(t, staff, env.ts.URL+"/api/v1/sessions?q=nguyen+trai")
		if strings.Contains(body, fmt.Sprintf(`"id":%d`, id)) {
			t.Fatal("API lists a draft to staff")
		}
		if s, _ := send(t, delegate, http.MethodPost, fmt.Sprintf("%s/sessions/%d/recommendations", env.ts.URL, id), formType,
			form("content", "Kiến nghị trong bản nháp", "lead", "09538")); s != http.StatusSeeOther {
			t.Fatalf("recommendation on a draft: %d", s)
		}
		for _, u := range []string{"/units/09538@2024-12-31", "/recommendations", "/api/v1/recommendations"} {
			if _, body, _ := get(t, staff, env.ts.URL+u); strings.Contains(body, "Kiến nghị trong bản nháp") {
				t.Errorf("%s shows a draft's recommendation to staff", u)
			}
		}
		if _, body, _ := get(t, delegate, env.ts.URL+"/api/v1/recommendations"); !strings.Contains(body, "Kiến nghị trong bản nháp") {
			t.Error("the delegate's tracker leaves out the draft's recommendation")
		}
	})
	t.Run("EditPublishes", func(t *testing.T) {
		status, _ := send(t, delegate, http.MethodPost, fmt.Sprintf("%s/sessions/%d", env.ts.URL, id), formType,
			form("body", "Ban Pháp chế HĐND TP", "topic", "Thủ tục hành chính — Phường Nguyễn Trãi", "date", "2019-11-20", "unit", "09538",
				"span_from", "2019-01", "span_to", "2019-10", "published", "1", "report_no", "15/BC-HĐND"))
		if status != http.StatusSeeOther {
			t.Fatalf("edit: %d", status)
		}
		status, body, _ := get(t, staff, fmt.Sprintf("%s/api/v1/sessions/%d", env.ts.URL, id))
		if status != 200 || !strings.Contains(body, `"report_no":"15/BC-HĐND"`) || !strings.Contains(body, `"published":true`) {
			t.Fatalf("after edit: %d %s", status, body)
		}
		_, body, _ = get(t, staff, env.ts.URL+"/api/v1/sessions?q=THU+TUC+nguyen+trai")
		if !strings.Contains(body, fmt.Sprintf(`"id":%d`, id)) {
			t.Fatalf("edited session not found by its new topic: %s", body)
		}
	})
}

func TestSessionsFiguresPullKeepsReportedValue(t *testing.T) {
	env := newEnv(t)
	delegate := env.login(t, "daibieu")
	id := sessionsCreate(t, env, delegate, true)
	u := fmt.Sprintf("%s/sessions/%d", env.ts.URL, id)
	// The unit reported 1.000 dossiers received; cchc holds something else.
	if status, body := send(t, delegate, http.MethodPost, u+"/figures", formType, form("metric", "dossiers_received", "value", "1.000", "scope", "unit")); status != http.StatusSeeOther {
		t.Fatalf("add figure: %d %s", status, body)
	}
	if status, body := send(t, delegate, http.MethodPost, u+"/figures", formType, form("metric", "dossiers_received", "value", "abc")); status != http.StatusUnprocessableEntity || !strings.Contains(body, `value="abc"`) {
		t.Fatalf("bad figure: %d", status)
	}
	if status, _ := send(t, env.login(t, "canbo"), http.MethodPost, u+"/pull", formType, ""); status != http.StatusForbidden {
		t.Fatalf("staff pull: %d, want 403", status)
	}
	if status, _ := send(t, delegate, http.MethodPost, u+"/pull", formType, ""); status != http.StatusSeeOther {
		t.Fatalf("pull: %d", status)
	}
	var got struct {
		Figures []struct {
			Metric   string   `json:"metric"`
			Value    float64  `json:"value"`
			Recorded *float64 `json:"recorded"`
			Differs  bool     `json:"differs"`
			Verified bool     `json:"verified"`
		} `json:"figures"`
	}
	_, body, _ := get(t, delegate, fmt.Sprintf("%s/api/v1/sessions/%d", env.ts.URL, id))
	decode(t, body, &got)
	var received, others int
	for _, f := range got.Figures {
		if f.Metric == "dossiers_received" {
			received++
			if f.Value != 1000 || f.Recorded == nil || *f.Recorded == 1000 || !f.Differs {
				t.Errorf("reported figure after pull: %+v", f)
			}
		} else {
			others++
			if f.Recorded == nil || f.Value != *f.Recorded || f.Differs || !f.Verified {
				t.Errorf("pulled figure: %+v", f)
			}
		}
	}
	if received != 1 || others == 0 {
		t.Fatalf("figures after pull: %d received, %d others", received, others)
	}
	_, page, _ := get(t, delegate, u)
	if !strings.Contains(page, `class="differs"`) || !strings.Contains(page, "badge-differs") {
		t.Error("the page does not flag the differing figure")
	}
}

// TestSessionsRecommendationLifecycleOverHTTP walks a recommendation
// through its life with the real accounts, checking each refusal.
func TestSessionsRecommendationLifecycleOverHTTP(t *testing.T) {
	env := newEnv(t)
	delegate, admin := env.login(t, "daibieu"), env.login(t, "admin")
	ward, district, analyst := env.login(t, "canbophuong"), env.login(t, "canbo"), env.login(t, "phantich")
	sid := sessionsCreate(t, env, delegate, true)

	if status, _ := send(t, ward, http.MethodPost, fmt.Sprintf("%s/sessions/%d/recommendations", env.ts.URL, sid), formType, form("content", "x", "lead", "09538")); status != http.StatusForbidden {
		t.Fatalf("staff adds a recommendation: %d", status)
	}
	status, body := send(t, delegate, http.MethodPost, fmt.Sprintf("%s/api/v1/sessions/%d/recommendations", env.ts.URL, sid), "application/json",
		`{"content":"Không để hồ sơ trễ hạn","lead_unit":"09538","co_units":["268-VP"],"deadline":"2020-01-15"}`)
	if status != http.StatusCreated {
		t.Fatalf("add recommendation: %d %s", status, body)
	}
	var rec struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}
	decode(t, body, &rec)
	base := fmt.Sprintf("%s/recommendations/%d", env.ts.URL, rec.ID)
	act := func(c *http.Client, action, reason string) int {
		s, _ := send(t, c, http.MethodPost, base+"/actions", formType, form("action", action, "reason", reason))
		return s
	}
	steps := []struct {
		name string
		do   func() int
		want int
	}{
		{"analyst may not post a follow-up", func() int {
			s, _ := sessionsUpload(t, analyst, base+"/followups", map[string]string{"date": "2020-01-10", "text": "x"}, "", nil)
			return s
		}, 403},
		{"delegate records the lead body's report on its behalf", func() int {
			s, _ := sessionsUpload(t, delegate, base+"/followups", map[string]string{"date": "2020-01-10", "text": "Phường báo cáo tại kỳ họp"}, "", nil)
			return s
		}, 303},
		{"ward staff may not report done without evidence", func() int { return act(ward, "report_done", "") }, 422},
		{"ward staff posts a follow-up with a PDF", func() int {
			s, _ := sessionsUpload(t, ward, base+"/followups", map[string]string{"date": "2020-01-10", "text": "Đã rà soát 135 TTHC"}, "bien-ban.pdf", sessionsPDF)
			return s
		}, 303},
		{"district staff (above the lead unit) posts one too", func() int {
			s, _ := sessionsUpload(t, district, base+"/followups", map[string]string{"date": "2020-01-12", "text": "Quận đôn đốc"}, "", nil)
			return s
		}, 303},
		{"delegate may not report done", func() int { return act(delegate, "report_done", "") }, 403},
		{"ward staff reports done", func() int { return act(ward, "report_done", "") }, 303},
		{"ward staff may not verify", func() int { return act(ward, "verify", "") }, 403},
		{"analyst may not verify", func() int { return act(analyst, "verify", "") }, 403},
		{"delegate sends back without a reason: refused", func() int { return act(delegate, "send_back", "") }, 422},
		{"delegate sends back with a reason", func() int { return act(delegate, "send_back", "Thiếu số liệu tháng 12") }, 303},
		{"delegate may not verify what is in progress", func() int { return act(delegate, "verify", "") }, 409},
		{"ward staff reports done again", func() int { return act(ward, "report_done", "") }, 303},
		{"delegate verifies and closes", func() int { return act(delegate, "verify", "") }, 303},
		{"no follow-up on a closed recommendation", func() int {
			s, _ := sessionsUpload(t, ward, base+"/followups", map[string]string{"date": "2020-01-20", "text": "x"}, "", nil)
			return s
		}, 409},
		{"admin reopens with a reason", func() int { return act(admin, "reopen", "Kiểm tra lại") }, 303},
		{"delegate sets not feasible without a reason: refused", func() int { return act(delegate, "not_feasible", "") }, 422},
		{"delegate sets not feasible with a reason", func() int { return act(delegate, "not_feasible", "Vượt thẩm quyền của phường") }, 303},
	}
	for _, s := range steps {
		if got := s.do(); got != s.want {
			t.Fatalf("%s: status %d, want %d", s.name, got, s.want)
		}
	}
	_, body, _ = get(t, delegate, fmt.Sprintf("%s/api/v1/recommendations/%d", env.ts.URL, rec.ID))
	for _, want := range []string{`"status":"not_feasible"`, `"status_note":"Vượt thẩm quyền của phường"`, `"name":"bien-ban.pdf"`, `"author":"canbophuong"`} {
		if !strings.Contains(body, want) {
			t.Errorf("final recommendation lacks %s: %s", want, body)
		}
	}
	// The API follows the same rules.
	wardTok := env.token(t, "canbophuong")
	if s, b := send(t, http.DefaultClient, http.MethodPost, base[:len(env.ts.URL)]+fmt.Sprintf("/api/v1/recommendations/%d/actions", rec.ID), "application/json",
		`{"action":"verify"}`, "Authorization", "Bearer "+wardTok); s != http.StatusForbidden {
		t.Errorf("API verify by staff: %d %s", s, b)
	}
}

func TestSessionsEvidenceLimits(t *testing.T) {
	env := newEnv(t)
	delegate, ward := env.login(t, "daibieu"), env.login(t, "canbophuong")
	sid := sessionsCreate(t, env, delegate, true)
	send(t, delegate, http.MethodPost, fmt.Sprintf("%s/sessions/%d/recommendations", env.ts.URL, sid), formType, form("content", "Niêm yết TTHC", "lead", "09538", "deadline", "2020-03-01"))
	u := env.ts.URL + "/recommendations/"
	var rid int64
	{
		var got struct {
			Recommendations []struct{ ID int64 } `json:"recommendations"`
		}
		_, body, _ := get(t, delegate, fmt.Sprintf("%s/api/v1/sessions/%d", env.ts.URL, sid))
		decode(t, body, &got)
		rid = got.Recommendations[0].ID
	}
	u += fmt.Sprint(rid) + "/followups"
	fields := map[string]string{"date": "2020-01-10", "text": "Đã niêm yết"}
	big := append(append([]byte{}, sessionsPDF...), bytes.Repeat([]byte{' '}, 10<<20)...)
	cases := []struct {
		name, file string
		content    []byte
		want       int
		msg        string
	}{
		{"too large", "lon.pdf", big, 422, "quá lớn"},
		{"wrong type", "virus.exe", []byte("MZ\x90\x00"), 422, "không được nhận"},
		{"text file", "ghi-chu.txt", []byte("hello"), 422, "không được nhận"},
		{"PNG named .pdf", "anh.pdf", sessionsPNG, 422, "không khớp"},
		{"PDF named .docx", "van-ban.docx", sessionsPDF, 422, "không khớp"},
		{"empty", "rong.pdf", []byte{}, 422, "rỗng"},
		{"PNG", "anh.png", sessionsPNG, 303, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := sessionsUpload(t, ward, u, fields, c.file, c.content)
			if status != c.want {
				t.Fatalf("%s: %d, want %d", c.file, status, c.want)
			}
			if c.msg != "" && (!strings.Contains(body, c.msg) || !strings.Contains(body, "Đã niêm yết")) {
				t.Errorf("%s: the page lacks %q or lost the typed text", c.file, c.msg)
			}
		})
	}
	// Only the accepted file is on record, and only logged-in users get it.
	_, body, _ := get(t, ward, fmt.Sprintf("%s/api/v1/recommendations/%d", env.ts.URL, rid))
	if strings.Count(body, `"sha256"`) != 1 {
		t.Fatalf("evidence on record: %s", body)
	}
	i := strings.Index(body, `"sha256":"`) + len(`"sha256":"`)
	sha := body[i : i+64]
	status, content, hdr := get(t, env.login(t, "phantich"), env.ts.URL+"/evidence/"+sha)
	if status != 200 || content != string(sessionsPNG) || hdr.Get("Content-Type") != "image/png" {
		t.Fatalf("evidence for a logged-in user: %d %q", status, hdr.Get("Content-Type"))
	}
	if status, _, _ := get(t, env.client(), env.ts.URL+"/evidence/"+sha); status != http.StatusSeeOther {
		t.Fatalf("evidence for an anonymous visitor: %d, want a redirect to login", status)
	}
	if status, _, _ := get(t, ward, env.ts.URL+"/evidence/"+strings.Repeat("0", 64)); status != http.StatusNotFound {
		t.Fatalf("unknown evidence: %d", status)
	}
}

func TestSessionsTrackerFromDates(t *testing.T) {
	env := newEnv(t) // clock fixed at 01/02/2020
	c := env.login(t, "phantich")
	var got struct {
		AsOf    string         `json:"as_of"`
		Summary map[string]any `json:"summary"`
	}
	_, body, _ := get(t, c, env.ts.URL+"/api/v1/recommendations")
	decode(t, body, &got)
	// Demo: closed by 31/12/2019 (done), in progress due 31/12/2019
	// (overdue), reported done due 31/03/2020, and two due later.
	s := got.Summary
	if got.AsOf != "2020-02-01" || s["total"] != 5.0 || s["open"] != 4.0 || s["overdue"] != 1.0 || s["due_soon"] != 0.0 ||
		s["past_deadline"] != 2.0 || s["past_deadline_done"] != 1.0 || s["completion_rate"] != 50.0 {
		t.Fatalf("tracker summary: %v", s)
	}
	_, body, _ = get(t, c, env.ts.URL+"/api/v1/recommendations?filter=overdue")
	if strings.Count(body, `"seq"`) != 1 || !strings.Contains(body, `"seq":3`) {
		t.Fatalf("overdue filter: %s", body)
	}
	status, page, _ := get(t, c, env.ts.URL+"/recommendations")
	if status != 200 {
		t.Fatalf("tracker page: %d", status)
	}
	for _, want := range []string{`id="rec-rate"`, "50%", `id="rec-bylead"`, `id="rec-bysession"`, `id="rec-overdue-list"`} {
		if !strings.Contains(page, want) {
			t.Errorf("tracker page lacks %q", want)
		}
	}
	_, unit, _ := get(t, c, env.ts.URL+"/units/268-VP")
	if !strings.Contains(unit, `id="unit-overdue"`) {
		t.Error("the lead unit's page has no overdue list")
	}
	if status, _, _ := get(t, env.client(), env.ts.URL+"/recommendations"); status != http.StatusSeeOther {
		t.Errorf("anonymous tracker: %d", status)
	}
}

func TestSessionsXLSXReadsBack(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "phantich")
	resp, err := c.Get(env.ts.URL + "/sessions/1/xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("xlsx: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	b, _ := io.ReadAll(resp.Body)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cell := func(sheet, at string) string {
		v, err := f.GetCellValue(sheet, at)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	checks := []struct{ sheet, at, want string }{
		{xlsx.SheetSession, "A1", "Chủ thể giám sát"},
		{xlsx.SheetSession, "B1", "Tổ đại biểu số 10, HĐND TP Hà Nội"},
		{xlsx.SheetSession, "B3", "Lê Cường, Bí thư Quận ủy Hà Đông"},
		{xlsx.SheetSession, "B9", "13/11/2019"},
		{xlsx.SheetFigures, "A1", "Chỉ tiêu"},
		{xlsx.SheetFigures, "E1", "Báo cáo"},
		{xlsx.SheetRecs, "A2", "1"},
		{xlsx.SheetRecs, "H2", "Đã xác minh, kết thúc"},
		{xlsx.SheetRecs, "G3", "31/03/2020"},
		{xlsx.SheetRecs, "I4", "quá hạn"},
	}
	for _, ch := range checks {
		if got := cell(ch.sheet, ch.at); got != ch.want {
			t.Errorf("%s!%s = %q, want %q", ch.sheet, ch.at, got, ch.want)
		}
	}
	rows, _ := f.GetRows(xlsx.SheetFigures)
	found := false
	for _, r := range rows[1:] {
		if len(r) > 4 && r[1] == "dossiers_received" && strings.ReplaceAll(r[4], ",", "") == "6538" {
			found = true
		}
	}
	if !found {
		t.Errorf("no dossiers_received 6538 row in %v", rows)
	}
	if status, body, _ := get(t, c, env.ts.URL+"/sessions/1/print"); status != 200 || !strings.Contains(body, "BÁO CÁO KẾT QUẢ GIÁM SÁT") || !strings.Contains(body, "Lê Cường") {
		t.Errorf("print view: %d", status)
	}
}

func TestSessionsAPIWritesFollowThePageRules(t *testing.T) {
	env := newEnv(t)
	bearer := func(name string) []string { return []string{"Authorization", "Bearer " + env.token(t, name)} }
	c := http.DefaultClient
	body := `{"body":"Ban Kinh tế - Ngân sách","topic":"Chuyển đổi số ở Phường Mộ Lao","date":"2019-12-02","unit":"09538",
	  "span_from":"2019-01","span_to":"2019-10","members":["Trần B"],"discussion":["Tỷ lệ hồ sơ trực tuyến còn thấp"],"published":true}`
	for _, who := range []string{"canbo", "phantich"} {
		if s, b := send(t, c, http.MethodPost, env.ts.URL+"/api/v1/sessions", "application/json", body, bearer(who)...); s != http.StatusForbidden {
			t.Errorf("%s creates a session: %d %s", who, s, b)
		}
	}
	s, b := send(t, c, http.MethodPost, env.ts.URL+"/api/v1/sessions", "application/json", body, bearer("daibieu")...)
	if s != http.StatusCreated {
		t.Fatalf("delegate creates a session: %d %s", s, b)
	}
	var created struct{ ID int64 }
	decode(t, b, &created)
	u := fmt.Sprintf("%s/api/v1/sessions/%d", env.ts.URL, created.ID)
	bad := []struct{ name, body, want string }{
		{"no topic", `{"body":"x","date":"2019-12-02","unit":"09538","span_from":"2019-01","span_to":"2019-10"}`, "Cần nội dung giám sát."},
		{"unknown unit", `{"body":"x","topic":"y","date":"2019-12-02","unit":"NOPE","span_from":"2019-01","span_to":"2019-10"}`, "NOPE"},
		{"unknown field", `{"body":"x","topic":"y","colour":"red"}`, "colour"},
	}
	for _, x := range bad {
		if s, b := send(t, c, http.MethodPut, u, "application/json", x.body, bearer("admin")...); s != http.StatusBadRequest || !strings.Contains(b, x.want) {
			t.Errorf("%s: %d %s", x.name, s, b)
		}
	}
	if s, b := send(t, c, http.MethodPut, u, "application/json", strings.Replace(body, "Mộ Lao", "Nguyễn Trãi", 1), bearer("admin")...); s != 200 || !strings.Contains(b, "Nguyễn Trãi") {
		t.Fatalf("admin edits: %d %s", s, b)
	}
	if s, b := send(t, c, http.MethodPost, u+"/recommendations", "application/json", `{"content":"x","lead_unit":"09538"}`, bearer("canbophuong")...); s != http.StatusForbidden {
		t.Errorf("staff adds a recommendation: %d %s", s, b)
	}
	if s, b := send(t, c, http.MethodPost, u+"/recommendations", "application/json", `{"content":"","lead_unit":"09538"}`, bearer("daibieu")...); s != http.StatusBadRequest || !strings.Contains(b, "content") && !strings.Contains(b, "nội dung") {
		t.Errorf("empty recommendation: %d %s", s, b)
	}
	s, b = send(t, c, http.MethodPost, u+"/recommendations", "application/json", `{"content":"Tăng hồ sơ trực tuyến","lead_unit":"09538","deadline":"2020-06-30"}`, bearer("daibieu")...)
	if s != http.StatusCreated {
		t.Fatalf("delegate adds a recommendation: %d %s", s, b)
	}
	var rec struct{ ID int64 }
	decode(t, b, &rec)
	ru := fmt.Sprintf("%s/api/v1/recommendations/%d", env.ts.URL, rec.ID)
	if s, b := send(t, c, http.MethodPost, ru+"/followups", "application/json", `{"date":"2020-01-20","text":"Đã triển khai"}`, bearer("canbophuong")...); s != http.StatusCreated || !strings.Contains(b, `"status":"in_progress"`) {
		t.Errorf("staff JSON follow-up: %d %s", s, b)
	}
	if s, b := send(t, c, http.MethodPost, ru+"/followups", "application/json", `{"date":"2020-03-01","text":"tương lai"}`, bearer("canbophuong")...); s != http.StatusBadRequest {
		t.Errorf("follow-up dated after today (01/02/2020): %d %s", s, b)
	}
	if s, b := send(t, c, http.MethodPost, ru+"/actions", "application/json", `{"action":"fly"}`, bearer("daibieu")...); s != http.StatusBadRequest {
		t.Errorf("unknown action: %d %s", s, b)
	}
	if s, b := send(t, c, http.MethodPost, ru+"/actions", "application/json", `{"action":"multi_year"}`, bearer("daibieu")...); s != 200 || !strings.Contains(b, `"status":"multi_year"`) {
		t.Errorf("delegate sets multi-year: %d %s", s, b)
	}
	s, b, _ = get(t, c, u, bearer("phantich")...)
	if s != 200 || !strings.Contains(b, `"recommendations":[{`) || !strings.Contains(b, `"discussion":["Tỷ lệ hồ sơ trực tuyến còn thấp"]`) {
		t.Errorf("session with recommendations: %d %s", s, b)
	}
}

// TestSessionsXLSXOpensInOpenpyxl reads the session workbook with a reader
// that is not excelize (Debian's python3-openpyxl), as pandas would.
func TestSessionsXLSXOpensInOpenpyxl(t *testing.T) {
	const py = "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import openpyxl").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must install python3-openpyxl: %v", err)
		}
		t.Skipf("no python3-openpyxl: %v", err)
	}
	env := newEnv(t)
	c := env.login(t, "phantich")
	resp, err := c.Get(env.ts.URL + "/sessions/1/xlsx?lang=en")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	path := filepath.Join(t.TempDir(), "session.xlsx")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	script := `import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    out[ws.title] = [[c for c in row] for row in ws.iter_rows(values_only=True)]
print(json.dumps(out, default=str))`
	raw, err := exec.Command(py, "-c", script, path).Output()
	if err != nil {
		t.Fatalf("openpyxl: %v", err)
	}
	var sheets map[string][][]any
	decode(t, string(raw), &sheets)
	if got := sheets[xlsx.SheetSession][0][0]; got != "Supervising body" {
		t.Errorf("session sheet A1 = %v", got)
	}
	var found bool
	for _, r := range sheets[xlsx.SheetFigures][1:] {
		if r[1] == "dossiers_received" && r[4] == 6538.0 {
			found = true
		}
	}
	if !found {
		t.Errorf("openpyxl sees no dossiers_received = 6538 (a number): %v", sheets[xlsx.SheetFigures])
	}
	if recs := sheets[xlsx.SheetRecs]; len(recs) != 6 || recs[1][7] != "Verified and closed" {
		t.Errorf("recommendations sheet: %v", recs)
	}
}

// Evidence attached in a draft session is, like the draft, for delegates
// and administrators only.
func TestSessionsDraftEvidenceIsNotServedToOthers(t *testing.T) {
	env := newEnv(t)
	delegate := env.login(t, "daibieu")
	admin := env.login(t, "admin")
	analyst := env.login(t, "phantich")
	sid := sessionsCreate(t, env, delegate, false)
	status, body := send(t, delegate, http.MethodPost, fmt.Sprintf("%s/api/v1/sessions/%d/recommendations", env.ts.URL, sid), "application/json",
		`{"content":"Rà soát hồ sơ trễ hạn","lead_unit":"09538","deadline":"2020-01-15"}`)
	if status != http.StatusCreated {
		t.Fatalf("add recommendation: %d %s", status, body)
	}
	var rec struct {
		ID int64 `json:"id"`
	}
	decode(t, body, &rec)
	if s, b := sessionsUpload(t, admin, fmt.Sprintf("%s/recommendations/%d/followups", env.ts.URL, rec.ID),
		map[string]string{"date": "2020-01-10", "text": "Biên bản"}, "bien-ban.pdf", sessionsPDF); s != http.StatusSeeOther {
		t.Fatalf("follow-up with evidence: %d %.300s", s, b)
	}
	sum := sha256.Sum256(sessionsPDF)
	u := env.ts.URL + "/evidence/" + hex.EncodeToString(sum[:])
	if s, _, _ := get(t, delegate, u); s != http.StatusOK {
		t.Errorf("delegate reads a draft's evidence: %d, want 200", s)
	}
	if s, _, _ := get(t, analyst, u); s != http.StatusNotFound {
		t.Errorf("analyst reads a draft's evidence: %d, want 404", s)
	}
}
