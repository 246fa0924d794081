package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// sessionsSearchIDs answers the ids the API finds for q, in its order.
func sessionsSearchIDs(t *testing.T, env *testEnv, c *http.Client, q string) []int64 {
	t.Helper()
	var got struct {
		Sessions []struct{ ID int64 } `json:"sessions"`
	}
	status, body, _ := get(t, c, env.ts.URL+"/api/v1/sessions?q="+url.QueryEscape(q))
	if status != 200 {
		t.Fatalf("q=%q: %d %s", q, status, body)
	}
	decode(t, body, &got)
	var ids []int64
	for _, s := range got.Sessions {
		ids = append(ids, s.ID)
	}
	return ids
}

// Search finds sessions by their discussion points, findings,
// recommendations and follow-ups, without diacritics, by whole words and
// quoted phrases, best matches first.
func TestSessionsSearchWordsPhrasesAndRank(t *testing.T) {
	env := newEnv(t)
	delegate, ward := env.login(t, "daibieu"), env.login(t, "canbophuong")
	mk := func(topic, discussion, findings string) int64 {
		t.Helper()
		s, _ := send(t, delegate, http.MethodPost, env.ts.URL+"/sessions", formType, form("body", "Ban Pháp chế HĐND TP", "topic", topic,
			"date", "2019-11-20", "unit", "09538", "span_from", "2019-01", "span_to", "2019-10", "published", "1",
			"discussion", discussion, "findings", findings))
		if s != http.StatusSeeOther {
			t.Fatalf("create session: %d", s)
		}
		ss := sessionsSearchIDs(t, env, delegate, "")
		return ss[0] // newest first; same day: the highest id
	}
	digital := mk("Cải cách hành chính năm 2019", "Đơn giản hóa khâu thủ tục cấp phép xây dựng", "Còn chậm")
	// The unrelated session has "chuyển", "đổi" and "số" apart.
	apart := mk("Chuyển giao hồ sơ", "Đổi mới lề lối làm việc", "Số hồ sơ tồn còn nhiều")
	if digital == apart || digital == 0 {
		t.Fatalf("sessions %d and %d", digital, apart)
	}
	s, body := send(t, delegate, http.MethodPost, fmt.Sprintf("%s/api/v1/sessions/%d/recommendations", env.ts.URL, digital), "application/json",
		`{"content":"Đẩy mạnh chuyển đổi số trong giải quyết TTHC","lead_unit":"09538"}`)
	if s != http.StatusCreated {
		t.Fatalf("add recommendation: %d %s", s, body)
	}
	var rec struct {
		ID int64 `json:"id"`
	}
	decode(t, body, &rec)
	if s, _ := sessionsUpload(t, ward, fmt.Sprintf("%s/recommendations/%d/followups", env.ts.URL, rec.ID),
		map[string]string{"date": "2020-01-10", "text": "Đã triển khai dịch vụ công trực tuyến toàn trình"}, "", nil); s != http.StatusSeeOther {
		t.Fatalf("follow-up: %d", s)
	}

	cases := []struct {
		q    string
		want []int64
	}{
		{"khau thu tuc", []int64{digital}},           // a discussion point, without diacritics
		{"KHÂU THỦ TỤC", []int64{digital}},           // with them, in capitals
		{"truc tuyen toan trinh", []int64{digital}},  // a follow-up
		{`"chuyen doi so"`, []int64{digital}},        // a phrase, from a recommendation
		{"chuyen doi so", []int64{digital, apart}},   // words: in a row first
		{`"doi so"`, []int64{digital}},               // not across "Đổi mới … Số hồ sơ"
		{"chuyen doi so xay dung", []int64{digital}}, // every word must be there
		{"thu tu", nil},                     // whole words only: not "thủ tục"
		{"khau", []int64{digital}},          // one word
		{"kha", nil},                        // no prefix matching
		{`"ho so ton"`, []int64{apart}},     // a phrase in the findings
		{`"ton ho so"`, nil},                // phrases keep their order
		{"chuyen", []int64{apart, digital}}, // the topic weighs more than a recommendation
		{`"thu tuc" khau cap phep "xay dung"`, []int64{digital}},
	}
	for _, c := range cases {
		got := sessionsSearchIDs(t, env, delegate, c.q)
		var mine []int64 // the demo session may match some words too
		for _, id := range got {
			if id == digital || id == apart {
				mine = append(mine, id)
			}
		}
		if fmt.Sprint(mine) != fmt.Sprint(c.want) {
			t.Errorf("q=%s: found %v (all %v), want %v", c.q, mine, got, c.want)
		}
	}
	if ids := sessionsSearchIDs(t, env, delegate, `"chuyen doi so"`); len(ids) != 1 {
		t.Errorf(`"chuyen doi so" finds %v: the demo session matches too`, ids)
	}
	_, page, _ := get(t, delegate, env.ts.URL+"/sessions?q="+url.QueryEscape("khau thu tuc"))
	if !strings.Contains(page, fmt.Sprintf(`href="/sessions/%d"`, digital)) || strings.Contains(page, fmt.Sprintf(`href="/sessions/%d"`, apart)) {
		t.Error("the sessions page does not search the same way")
	}
}
