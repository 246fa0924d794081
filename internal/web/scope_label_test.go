package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestScopeLabelFollowsTheUnitsKind: a city's own figure is labelled
// "cấp thành phố" on the page and in the print view, a district's "cấp
// quận/huyện"; neither says "cấp quận" for the city (issue 13, item 6).
func TestScopeLabelFollowsTheUnitsKind(t *testing.T) {
	env := newEnv(t)
	delegate := env.login(t, "daibieu")
	st, body := send(t, delegate, http.MethodPost, env.ts.URL+"/api/v1/sessions", "application/json",
		`{"body":"Thường trực HĐND TP Hà Nội","leader":"Nguyễn Ngọc Tuấn","topic":"Chuyển đổi số","date":"2024-11-20","unit":"01",
		  "supervised_body":"UBND TP Hà Nội","span_from":"2024-01","span_to":"2024-10","published":true}`)
	if st != http.StatusCreated {
		t.Fatalf("create session: %d %s", st, body)
	}
	var sess struct {
		ID int64 `json:"id"`
	}
	decode(t, body, &sess)
	for _, unit := range []string{"01", "268"} {
		in := fmt.Sprintf(`{"metric":"dossiers_received","unit":%q,"scope":"unit","span_from":"2024-01","span_to":"2024-10","value":1200}`, unit)
		if st, body := send(t, delegate, http.MethodPost, fmt.Sprintf("%s/api/v1/sessions/%d/figures", env.ts.URL, sess.ID), "application/json", in); st != http.StatusCreated {
			t.Fatalf("add figure of %s: %d %s", unit, st, body)
		}
	}
	for _, page := range []string{"", "/print"} {
		_, html, _ := get(t, delegate, fmt.Sprintf("%s/sessions/%d%s", env.ts.URL, sess.ID, page))
		if !strings.Contains(html, "Thành phố Hà Nội <small class=\"muted scope\">(cấp thành phố)") && !strings.Contains(html, "Thành phố Hà Nội <span class=\"scope\">(cấp thành phố)") {
			t.Errorf("page %q: the city's figure is not labelled cấp thành phố", page)
		}
		if !strings.Contains(html, "(cấp quận/huyện)") {
			t.Errorf("page %q: the district's figure is not labelled cấp quận/huyện", page)
		}
		if strings.Contains(html, "cấp quận (") {
			t.Errorf("page %q still says cấp quận (đơn vị)", page)
		}
	}
}
