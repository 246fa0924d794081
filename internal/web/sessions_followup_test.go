package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// Follow-up in council terms, through the pages and the API: dates
// between the session and today (messages in dd/mm/yyyy), a verification
// dated on a chosen past day, the secretariat recording the lead body's
// answer on its behalf, a sitting as a deadline and a multi-year
// recommendation due at its final date.
func TestSessionsFollowUpInCouncilTerms(t *testing.T) {
	env := newEnv(t) // today: 01/02/2020; the session is on 20/11/2019
	delegate, ward := env.login(t, "daibieu"), env.login(t, "canbophuong")
	sid := sessionsCreate(t, env, delegate, true)
	addRec := func(body string) int64 {
		t.Helper()
		s, b := send(t, delegate, http.MethodPost, fmt.Sprintf("%s/api/v1/sessions/%d/recommendations", env.ts.URL, sid), "application/json", body)
		if s != http.StatusCreated {
			t.Fatalf("add recommendation: %d %s", s, b)
		}
		var r struct {
			ID int64 `json:"id"`
		}
		decode(t, b, &r)
		return r.ID
	}
	rid := addRec(`{"content":"Trả lời tại kỳ họp","lead_unit":"09538","deadline_text":"Kỳ họp thứ 12"}`)
	base := fmt.Sprintf("%s/recommendations/%d", env.ts.URL, rid)

	t.Run("FollowUpBeforeTheSessionRefused", func(t *testing.T) {
		s, body := sessionsUpload(t, ward, base+"/followups", map[string]string{"date": "2019-11-19", "text": "Đã rà soát"}, "", nil)
		if s != http.StatusUnprocessableEntity || !strings.Contains(body, "Ngày 19/11/2019 trước ngày giám sát (20/11/2019).") || !strings.Contains(body, "Đã rà soát") {
			t.Fatalf("follow-up before the session: %d", s)
		}
	})
	t.Run("FollowUpInTheFutureRefused", func(t *testing.T) {
		s, body := send(t, ward, http.MethodPost, fmt.Sprintf("%s/api/v1/recommendations/%d/followups", env.ts.URL, rid), "application/json",
			`{"date":"2020-02-02","text":"x"}`)
		if s != http.StatusBadRequest || !strings.Contains(body, "Ngày 02/02/2020 ở tương lai (hôm nay là 01/02/2020).") {
			t.Fatalf("follow-up in the future: %d %s", s, body)
		}
	})
	t.Run("SecretariatRecordsTheAnswerOnTheBodysBehalf", func(t *testing.T) {
		s, _ := sessionsUpload(t, delegate, base+"/followups", map[string]string{"date": "2020-01-15", "text": "UBND phường trả lời tại kỳ họp thứ 12"}, "bien-ban.pdf", sessionsPDF)
		if s != http.StatusSeeOther {
			t.Fatalf("delegate records the answer: %d", s)
		}
		s, body := send(t, env.login(t, "admin"), http.MethodPost, fmt.Sprintf("%s/api/v1/recommendations/%d/followups", env.ts.URL, rid), "application/json",
			`{"date":"2020-01-16","text":"Văn phòng ghi bổ sung","on_behalf":true}`)
		if s != http.StatusCreated || strings.Count(body, `"on_behalf":true`) != 2 {
			t.Fatalf("admin records on the body's behalf: %d %s", s, body)
		}
		if s, _ := sessionsUpload(t, env.login(t, "phantich"), base+"/followups", map[string]string{"date": "2020-01-15", "text": "x"}, "", nil); s != http.StatusForbidden {
			t.Fatalf("analyst records a follow-up: %d", s)
		}
		_, page, _ := get(t, ward, fmt.Sprintf("%s/sessions/%d", env.ts.URL, sid))
		if strings.Count(page, `class="on-behalf"`) != 2 || !strings.Contains(page, "Văn phòng HĐND ghi thay đơn vị chủ trì") {
			t.Error("the page does not mark the follow-ups recorded on the body's behalf")
		}
		if !strings.Contains(page, "Kỳ họp thứ 12") {
			t.Error("the page does not show the sitting as the deadline")
		}
	})
	t.Run("VerifiedOnAChosenPastDay", func(t *testing.T) {
		act := func(c *http.Client, kv ...string) (int, string) {
			return send(t, c, http.MethodPost, base+"/actions", formType, form(kv...))
		}
		if s, _ := act(ward, "action", "report_done"); s != http.StatusSeeOther {
			t.Fatalf("report done: %d", s)
		}
		if s, body := act(delegate, "action", "verify", "date", "2020-02-05"); s != http.StatusUnprocessableEntity || !strings.Contains(body, "Ngày 05/02/2020 ở tương lai") || !strings.Contains(body, `value="2020-02-05"`) {
			t.Fatalf("verify in the future: %d", s)
		}
		if s, body := act(delegate, "action", "verify", "date", "18/11/2019"); s != http.StatusUnprocessableEntity || !strings.Contains(body, "Ngày 18/11/2019 trước ngày giám sát (20/11/2019).") {
			t.Fatalf("verify before the session: %d", s)
		}
		if s, _ := act(delegate, "action", "verify", "date", "20/01/2020"); s != http.StatusSeeOther {
			t.Fatalf("verify on 20/01/2020: %d", s)
		}
		_, body, _ := get(t, delegate, fmt.Sprintf("%s/api/v1/recommendations/%d", env.ts.URL, rid))
		if !strings.Contains(body, `"verified_on":"2020-01-20"`) || !strings.Contains(body, `"status":"verified_closed"`) {
			t.Fatalf("after verification: %s", body)
		}
	})
	t.Run("OverdueOnlyFromADate", func(t *testing.T) {
		sitting := addRec(`{"content":"Báo cáo tại kỳ họp sau","lead_unit":"09538","deadline_text":"Kỳ họp thứ 13"}`)
		dated := addRec(`{"content":"Báo cáo tại kỳ họp giữa năm","lead_unit":"09538","deadline_text":"Kỳ họp thứ 11","deadline":"2020-01-10"}`)
		multi := addRec(`{"content":"Số hóa hồ sơ 2019–2025","lead_unit":"09538","deadline":"2020-01-01","deadline_to":"2025-12-31"}`)
		want := map[int64]string{sitting: `"overdue":false`, dated: `"overdue":true`, multi: `"due":"2025-12-31"`}
		for id, w := range want {
			_, body, _ := get(t, delegate, fmt.Sprintf("%s/api/v1/recommendations/%d", env.ts.URL, id))
			if !strings.Contains(body, w) {
				t.Errorf("recommendation %d lacks %s: %s", id, w, body)
			}
		}
		_, body, _ := get(t, delegate, fmt.Sprintf("%s/api/v1/recommendations/%d", env.ts.URL, multi))
		if !strings.Contains(body, `"overdue":false`) {
			t.Errorf("a multi-year recommendation is overdue from its first date: %s", body)
		}
		s, body := send(t, delegate, http.MethodPost, fmt.Sprintf("%s/api/v1/sessions/%d/recommendations", env.ts.URL, sid), "application/json",
			`{"content":"x","lead_unit":"09538","deadline":"2025-12-31","deadline_to":"2020-12-31"}`)
		if s != http.StatusBadRequest || !strings.Contains(body, "Hạn cuối 31/12/2020 trước thời hạn 31/12/2025.") {
			t.Fatalf("final date before the deadline: %d %s", s, body)
		}
		s, page := send(t, delegate, http.MethodPost, fmt.Sprintf("%s/sessions/%d/recommendations", env.ts.URL, sid), formType,
			form("content", "Trả lời chất vấn", "lead", "09538", "deadline_text", "Kỳ họp thứ 14", "deadline_to", "không phải ngày"))
		if s != http.StatusUnprocessableEntity || !strings.Contains(page, `value="Kỳ họp thứ 14"`) || !strings.Contains(page, "không hợp lệ") {
			t.Fatalf("page form with a bad final date: %d", s)
		}
	})
}
