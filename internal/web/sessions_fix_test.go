package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// sessionsFixJSON is the part of a session's API answer the correction
// tests read.
type sessionsFixJSON struct {
	Figures []struct {
		ID              int64   `json:"id"`
		Metric          string  `json:"metric"`
		Value           float64 `json:"value"`
		Note            string  `json:"note"`
		Source          string  `json:"source"`
		Withdrawn       bool    `json:"withdrawn"`
		WithdrawnOn     string  `json:"withdrawn_on"`
		WithdrawnReason string  `json:"withdrawn_reason"`
	} `json:"figures"`
	Recommendations []struct {
		ID              int64  `json:"id"`
		Content         string `json:"content"`
		Deadline        string `json:"deadline"`
		Withdrawn       bool   `json:"withdrawn"`
		WithdrawnReason string `json:"withdrawn_reason"`
	} `json:"recommendations"`
	Corrections []struct {
		Kind   string `json:"kind"`
		ItemID int64  `json:"item_id"`
		Action string `json:"action"`
		By     string `json:"by"`
		Reason string `json:"reason"`
		Detail string `json:"detail"`
	} `json:"corrections"`
}

func sessionsFixRead(t *testing.T, env *testEnv, c *http.Client, id int64) sessionsFixJSON {
	t.Helper()
	var got sessionsFixJSON
	status, body, _ := get(t, c, fmt.Sprintf("%s/api/v1/sessions/%d", env.ts.URL, id))
	if status != 200 {
		t.Fatalf("read session %d: %d %s", id, status, body)
	}
	decode(t, body, &got)
	return got
}

// A reported figure is added through the API with its source, corrected
// on the page and through the API, and withdrawn: each correction needs a
// reason, a refused one keeps what was typed and changes nothing, and the
// history is on the page, in the API and in the audit log.
func TestSessionsFigureCorrectionsKeepHistory(t *testing.T) {
	env := newEnv(t)
	delegate := env.login(t, "daibieu")
	sid := sessionsCreate(t, env, delegate, true)
	api := fmt.Sprintf("%s/api/v1/sessions/%d/figures", env.ts.URL, sid)
	page := fmt.Sprintf("%s/sessions/%d", env.ts.URL, sid)
	bearer := func(name string) []string { return []string{"Authorization", "Bearer " + env.token(t, name)} }

	t.Run("StaffMayNotAddFigures", func(t *testing.T) {
		s, body := send(t, http.DefaultClient, http.MethodPost, api, "application/json", `{"metric":"inspections","value":5}`, bearer("canbo")...)
		if s != http.StatusForbidden {
			t.Fatalf("staff adds a figure: %d %s", s, body)
		}
	})
	t.Run("ValueRequired", func(t *testing.T) {
		s, body := send(t, http.DefaultClient, http.MethodPost, api, "application/json", `{"metric":"inspections"}`, bearer("daibieu")...)
		if s != http.StatusBadRequest || !strings.Contains(body, "Cần giá trị") {
			t.Fatalf("figure without a value: %d %s", s, body)
		}
	})
	t.Run("RangeTopCheckedOnAdd", func(t *testing.T) {
		before := len(sessionsFixRead(t, env, delegate, sid).Figures)
		// The top of a range obeys the metric's bounds on add as on a
		// correction: a percentage up to 150 is refused, nothing stored.
		s, body := send(t, http.DefaultClient, http.MethodPost, api, "application/json",
			`{"metric":"procedures_time_cut_pct","value":50,"value_max":150}`, bearer("daibieu")...)
		if s != http.StatusBadRequest || !strings.Contains(body, "100") {
			t.Fatalf("a range up to 150%%: %d %s", s, body)
		}
		if n := len(sessionsFixRead(t, env, delegate, sid).Figures); n != before {
			t.Fatalf("%d figures after a refused add, %d before", n, before)
		}
	})
	s, body := send(t, http.DefaultClient, http.MethodPost, api, "application/json",
		`{"metric":"inspections","value":57,"note":"57 lượt","source":"Báo cáo 15/BC-UBND"}`, bearer("daibieu")...)
	if s != http.StatusCreated || !strings.Contains(body, `"source":"Báo cáo 15/BC-UBND"`) {
		t.Fatalf("API adds a figure: %d %s", s, body)
	}
	var fig struct {
		ID int64 `json:"id"`
	}
	decode(t, body, &fig)
	figURL := fmt.Sprintf("%s/figures/%d", page, fig.ID)

	t.Run("EditWithoutReasonRefusedAndKeepsWhatWasTyped", func(t *testing.T) {
		s, body := send(t, delegate, http.MethodPost, figURL, formType, form("value", "58", "note", "đã sửa", "source", "Biên bản"))
		if s != http.StatusUnprocessableEntity {
			t.Fatalf("edit without a reason: %d", s)
		}
		for _, want := range []string{"Cần nêu lý do", `value="58"`, `value="đã sửa"`, `value="Biên bản"`} {
			if !strings.Contains(body, want) {
				t.Errorf("refused edit lacks %q", want)
			}
		}
		got := sessionsFixRead(t, env, delegate, sid)
		if f := got.Figures[0]; f.Value != 57 || f.Source != "Báo cáo 15/BC-UBND" || len(got.Corrections) != 0 {
			t.Fatalf("a refused edit changed something: %+v %+v", f, got.Corrections)
		}
	})
	t.Run("BadValueRefused", func(t *testing.T) {
		s, body := send(t, delegate, http.MethodPost, figURL, formType, form("value", "năm mươi", "reason", "Gõ nhầm"))
		if s != http.StatusUnprocessableEntity || !strings.Contains(body, "không phải là số") || !strings.Contains(body, `value="Gõ nhầm"`) {
			t.Fatalf("edit with a bad value: %d", s)
		}
	})
	t.Run("StaffMayNotEdit", func(t *testing.T) {
		if s, _ := send(t, env.login(t, "canbo"), http.MethodPost, figURL, formType, form("value", "58", "reason", "x")); s != http.StatusForbidden {
			t.Fatalf("staff edits: %d", s)
		}
	})
	t.Run("EditOnThePage", func(t *testing.T) {
		s, _ := send(t, delegate, http.MethodPost, figURL, formType, form("value", "58", "note", "57 lượt", "source", "Biên bản ngày 13/11/2019", "reason", "Báo cáo chính thức ghi 58"))
		if s != http.StatusSeeOther {
			t.Fatalf("edit: %d", s)
		}
		got := sessionsFixRead(t, env, delegate, sid)
		if f := got.Figures[0]; f.Value != 58 || f.Source != "Biên bản ngày 13/11/2019" {
			t.Fatalf("after the edit: %+v", f)
		}
		if len(got.Corrections) != 1 || got.Corrections[0].Reason != "Báo cáo chính thức ghi 58" || got.Corrections[0].Action != "edit" ||
			!strings.Contains(got.Corrections[0].Detail, "57 → 58") || got.Corrections[0].By != "daibieu" {
			t.Fatalf("history after the edit: %+v", got.Corrections)
		}
	})
	t.Run("EditThroughTheAPI", func(t *testing.T) {
		u := fmt.Sprintf("%s/%d", api, fig.ID)
		if s, body := send(t, http.DefaultClient, http.MethodPut, u, "application/json", `{"value":59}`, bearer("daibieu")...); s != http.StatusBadRequest || !strings.Contains(body, "lý do") {
			t.Fatalf("API edit without a reason: %d %s", s, body)
		}
		s, body := send(t, http.DefaultClient, http.MethodPut, u, "application/json", `{"source":"Nghị quyết 05/NQ-HĐND","reason":"Nguồn đúng"}`, bearer("admin")...)
		if s != http.StatusOK || !strings.Contains(body, `"source":"Nghị quyết 05/NQ-HĐND"`) || !strings.Contains(body, `"value":58`) {
			t.Fatalf("API edit: %d %s", s, body)
		}
	})
	t.Run("WithdrawWithoutReasonRefused", func(t *testing.T) {
		s, body := send(t, delegate, http.MethodPost, figURL+"/withdraw", formType, form("reason", "  "))
		if s != http.StatusUnprocessableEntity || !strings.Contains(body, "Cần nêu lý do") {
			t.Fatalf("withdraw without a reason: %d", s)
		}
		if s, _ := send(t, http.DefaultClient, http.MethodDelete, fmt.Sprintf("%s/%d", api, fig.ID), "application/json", `{}`, bearer("daibieu")...); s != http.StatusBadRequest {
			t.Fatalf("API withdraw without a reason: %d", s)
		}
		if got := sessionsFixRead(t, env, delegate, sid); got.Figures[0].Withdrawn {
			t.Fatal("a refused withdrawal withdrew the figure")
		}
	})
	t.Run("WithdrawKeepsTheFigureStruckThrough", func(t *testing.T) {
		if s, _ := send(t, delegate, http.MethodPost, figURL+"/withdraw", formType, form("reason", "Trùng với số liệu quận")); s != http.StatusSeeOther {
			t.Fatalf("withdraw: %d", s)
		}
		got := sessionsFixRead(t, env, delegate, sid)
		f := got.Figures[0]
		if !f.Withdrawn || f.WithdrawnReason != "Trùng với số liệu quận" || f.WithdrawnOn != "2020-02-01" || f.Value != 58 {
			t.Fatalf("withdrawn figure: %+v", f)
		}
		_, page, _ := get(t, env.login(t, "phantich"), page)
		row := page[strings.Index(page, fmt.Sprintf(`id="fig-%d"`, fig.ID)):]
		row = row[:strings.Index(row, "</tr>")]
		for _, want := range []string{`class="withdrawn"`, "<del>58</del>", "Trùng với số liệu quận", "Nghị quyết 05/NQ-HĐND"} {
			if !strings.Contains(row, want) {
				t.Errorf("withdrawn figure's row lacks %q: %s", want, row)
			}
		}
		for _, want := range []string{`id="corrections"`, "Báo cáo chính thức ghi 58", "Nguồn đúng", "Trùng với số liệu quận"} {
			if !strings.Contains(page, want) {
				t.Errorf("the page's history lacks %q", want)
			}
		}
		if s, _ := send(t, delegate, http.MethodPost, figURL, formType, form("value", "60", "reason", "x")); s != http.StatusConflict {
			t.Fatalf("edit of a withdrawn figure: %d, want 409", s)
		}
	})
	t.Run("AuditLog", func(t *testing.T) {
		log, err := env.db.AuditLog(context.Background(), 20)
		if err != nil {
			t.Fatal(err)
		}
		var seen []string
		for _, e := range log {
			if strings.HasPrefix(e.Action, "session.figure.") && e.Target == fmt.Sprint(sid) {
				seen = append(seen, e.Action+": "+e.Detail)
			}
		}
		joined := strings.Join(seen, "\n")
		for _, want := range []string{"session.figure.withdraw: figure", "Trùng với số liệu quận", "session.figure.edit: figure", "Báo cáo chính thức ghi 58"} {
			if !strings.Contains(joined, want) {
				t.Errorf("audit log lacks %q:\n%s", want, joined)
			}
		}
	})
}

// A recommendation is corrected on the page and withdrawn through the API:
// it stays on the session's page struck through with the reason, leaves
// the tracker, and takes no more actions.
func TestSessionsRecommendationCorrections(t *testing.T) {
	env := newEnv(t)
	delegate := env.login(t, "daibieu")
	sid := sessionsCreate(t, env, delegate, true)
	s, body := send(t, delegate, http.MethodPost, fmt.Sprintf("%s/api/v1/sessions/%d/recommendations", env.ts.URL, sid), "application/json",
		`{"content":"Niêm yết đủ TTHC","lead_unit":"09538","deadline":"2020-06-30"}`)
	if s != http.StatusCreated {
		t.Fatalf("add recommendation: %d %s", s, body)
	}
	var rec struct {
		ID int64 `json:"id"`
	}
	decode(t, body, &rec)
	edit := fmt.Sprintf("%s/recommendations/%d/edit", env.ts.URL, rec.ID)

	if s, body := send(t, delegate, http.MethodPost, edit, formType, form("content", "Niêm yết đủ 135 TTHC", "lead", "09538", "deadline", "2020-09-30")); s != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Cần nêu lý do") || !strings.Contains(body, "Niêm yết đủ 135 TTHC") || !strings.Contains(body, `value="2020-09-30"`) {
		t.Fatalf("edit without a reason: %d", s)
	}
	if s, _ := send(t, env.login(t, "canbophuong"), http.MethodPost, edit, formType, form("content", "x", "lead", "09538", "reason", "x")); s != http.StatusForbidden {
		t.Fatalf("lead unit's staff edits: %d", s)
	}
	if s, _ := send(t, delegate, http.MethodPost, edit, formType, form("content", "Niêm yết đủ 135 TTHC", "lead", "09538", "deadline", "2020-09-30", "reason", "Sửa theo kết luận")); s != http.StatusSeeOther {
		t.Fatalf("edit: %d", s)
	}
	got := sessionsFixRead(t, env, delegate, sid)
	if r := got.Recommendations[0]; r.Content != "Niêm yết đủ 135 TTHC" || r.Deadline != "2020-09-30" {
		t.Fatalf("after the edit: %+v", r)
	}
	if len(got.Corrections) != 1 || got.Corrections[0].Kind != "recommendation" || !strings.Contains(got.Corrections[0].Detail, "2020-06-30") {
		t.Fatalf("history: %+v", got.Corrections)
	}

	api := fmt.Sprintf("%s/api/v1/recommendations/%d", env.ts.URL, rec.ID)
	if s, _ := send(t, delegate, http.MethodDelete, api, "application/json", `{"reason":""}`); s != http.StatusBadRequest {
		t.Fatalf("API withdraw without a reason: %d", s)
	}
	if s, body := send(t, delegate, http.MethodDelete, api, "application/json", `{"reason":"Đã gộp vào kiến nghị 1"}`); s != http.StatusOK || !strings.Contains(body, `"withdrawn":true`) {
		t.Fatalf("API withdraw: %d %s", s, body)
	}
	if _, body, _ := get(t, delegate, env.ts.URL+"/api/v1/recommendations"); strings.Contains(body, "Niêm yết đủ 135 TTHC") {
		t.Error("the tracker still lists the withdrawn recommendation")
	}
	_, page, _ := get(t, delegate, fmt.Sprintf("%s/sessions/%d", env.ts.URL, sid))
	for _, want := range []string{`class="withdrawn"`, "<del><strong>Niêm yết đủ 135 TTHC</strong></del>", "Đã gộp vào kiến nghị 1", "Sửa theo kết luận"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if s, _ := send(t, delegate, http.MethodPost, fmt.Sprintf("%s/recommendations/%d/actions", env.ts.URL, rec.ID), formType, form("action", "not_feasible", "reason", "x")); s != http.StatusConflict {
		t.Fatalf("action on a withdrawn recommendation: %d, want 409", s)
	}
	if s, _ := send(t, delegate, http.MethodPut, api, "application/json", `{"content":"x","lead_unit":"09538","reason":"x"}`); s != http.StatusConflict {
		t.Fatalf("edit of a withdrawn recommendation: %d, want 409", s)
	}
}
