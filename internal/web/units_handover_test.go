package web_test

import (
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

// Issue 12, item 5: retiring a unit hands its open recommendations (lead
// or co-unit) to a successor: the one it is linked to by default, the one
// the administrator types where it has several or none. Each hand-over is
// in the recommendation's history, and the retired unit's staff can no
// longer write.
func TestRetireHandsOverOpenRecommendations(t *testing.T) {
	env := newEnv(t)
	ctx := t.Context()
	a := env.login(t, "admin")
	retire := func(ref string, v url.Values) (int, string) {
		st, body := send(t, a, "POST", env.ts.URL+"/units/"+ref+"/retire", "application/x-www-form-urlencoded", v.Encode())
		return st, html.UnescapeString(body)
	}
	// The demo's third recommendation: led by 268-VP, shared with Nguyễn
	// Trãi (09538 until 2024), 09541 and 09542; the second, led by 268-VP.
	rec := func(seq int) (lead string, co []string) {
		t.Helper()
		sess, err := env.db.Session(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range sess.Recommendations {
			if r.Seq == seq {
				return r.LeadCode, r.CoUnits
			}
		}
		t.Fatalf("no recommendation %d", seq)
		return "", nil
	}
	wardWrite := func() int {
		tok := env.token(t, "canbophuong")
		st, body := send(t, env.client(), "POST", env.ts.URL+"/api/v1/values", "application/json",
			`{"values":[{"unit":"`+seed.NguyenTraiRef+`","period":"2019-06","metric":"procedures_listed","value":135,"reason":"kiểm tra"}]}`, "Authorization", "Bearer "+tok)
		t.Logf("write as Nguyễn Trãi's staff: %d %.300s", st, body)
		return st
	}
	if st := wardWrite(); st != http.StatusOK {
		t.Fatalf("Nguyễn Trãi's staff write before the retirement: %d, want 200", st)
	}

	t.Run("several successors: the administrator must choose", func(t *testing.T) {
		st, body := retire("09541", url.Values{"valid_to": {"30/06/2025"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "có 2 đơn vị kế thừa") || !strings.Contains(body, "00637") || !strings.Contains(body, "09556@2025-07-01") {
			t.Fatalf("retire 09541 without a choice: status %d, want 422 listing 00637 and 09556@2025-07-01: %.1500s", st, section(body, `id="unit-admin"`))
		}
		if _, co := rec(3); !slices.Contains(co, "09541") {
			t.Fatalf("a refused retirement moved the co-unit: %v", co)
		}
		if st, body := retire("09541", url.Values{"valid_to": {"30/06/2025"}, "successor": {"09556"}}); st != http.StatusSeeOther {
			t.Fatalf("retire 09541 to 09556: status %d: %.1500s", st, section(body, `id="unit-admin"`))
		}
		if _, co := rec(3); slices.Contains(co, "09541") || !slices.Contains(co, "09556@2025-07-01") {
			t.Errorf("co-units of recommendation 3 after the hand-over = %v, want 09541 replaced by 09556@2025-07-01", co)
		}
	})
	t.Run("one successor: the default", func(t *testing.T) {
		if st, body := retire(seed.NguyenTraiRef, url.Values{"valid_to": {"31/12/2024"}}); st != http.StatusSeeOther {
			t.Fatalf("retire Nguyễn Trãi: status %d: %.1500s", st, section(body, `id="unit-admin"`))
		}
		if _, co := rec(3); slices.Contains(co, seed.NguyenTraiRef) || !slices.Contains(co, "09538@2025-01-01") {
			t.Errorf("co-units after Nguyễn Trãi's retirement = %v, want the new Phường Quang Trung 09538@2025-01-01", co)
		}
		if st := wardWrite(); st != http.StatusForbidden {
			t.Errorf("Nguyễn Trãi's staff write after the retirement: %d, want 403", st)
		}
	})
	t.Run("no successor: the administrator types one, the lead moves", func(t *testing.T) {
		st, body := retire("268-VP", url.Values{"valid_to": {"31/12/2019"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "còn 2 kiến nghị chưa hoàn thành và chưa có đơn vị kế thừa") {
			t.Fatalf("retire 268-VP with no successor: status %d, want 422: %.1500s", st, section(body, `id="unit-admin"`))
		}
		if st, _ := send(t, a, "POST", env.ts.URL+"/units/268/organisations", "application/x-www-form-urlencoded",
			url.Values{"code": {"268-VPM"}, "name": {"Văn phòng UBND quận Hà Đông"}, "kind": {"office"}, "valid_from": {"01/01/2020"}}.Encode()); st != http.StatusSeeOther {
			t.Fatalf("add the new office: %d", st)
		}
		if st, body := retire("268-VP", url.Values{"valid_to": {"31/12/2019"}, "successor": {"268-VPM"}}); st != http.StatusSeeOther {
			t.Fatalf("retire 268-VP to 268-VPM: status %d: %.1500s", st, section(body, `id="unit-admin"`))
		}
		for _, seq := range []int{2, 3} {
			if lead, _ := rec(seq); lead != "268-VPM" {
				t.Errorf("recommendation %d is led by %s, want 268-VPM", seq, lead)
			}
		}
		_, page, _ := get(t, a, env.ts.URL+"/sessions/1")
		hist := section(html.UnescapeString(page), `id="corrections"`)
		for _, want := range []string{
			"Bàn giao do Văn phòng HĐND và UBND quận Hà Đông hết hiệu lực từ ngày 01/01/2020: Văn phòng UBND quận Hà Đông (268-VPM) tiếp nhận.",
			"chủ trì / lead: 268-VP → 268-VPM",
			"phối hợp / co-unit: 09541 → 09556@2025-07-01",
		} {
			if !strings.Contains(hist, want) {
				t.Errorf("the session's history lacks %q: %.3000s", want, hist)
			}
		}
	})
	t.Run("a closed recommendation stays where it was", func(t *testing.T) {
		// Recommendation 1 (verified closed) is led by the district.
		if st, body := retire("268", url.Values{"valid_to": {"30/06/2025"}, "successor": {"09556"}}); st != http.StatusSeeOther {
			t.Fatalf("retire 268: status %d: %.1500s", st, section(body, `id="unit-admin"`))
		}
		if lead, _ := rec(1); lead != "268" {
			t.Errorf("the closed recommendation 1 moved to %s", lead)
		}
		if lead, _ := rec(5); lead != "09556" {
			t.Errorf("the open recommendation 5 is led by %s, want 09556", lead)
		}
	})
}

// Issue 12, item 5: a session held on a day its unit did not exist, or a
// recommendation led by a unit that existed neither on the session's day
// nor today, is refused; an administrator recording history ticks "record
// history" and it is saved (a delegate's tick is ignored).
func TestDatedOutsideAUnitsLifeIsRefused(t *testing.T) {
	env := newEnv(t)
	ctx := t.Context()
	s := seed.Session2019()
	s.Figures, s.Recommendations = nil, nil
	s.Date = time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC) // Hà Đông district ended on 30/06/2025
	if _, err := env.db.CreateSession(ctx, s, sqlite.Actor{Name: "test"}); err == nil ||
		!strings.Contains(text.Error(err, "vi"), "không tồn tại ngày đó (hiệu lực … – 30/06/2025)") {
		t.Errorf("session of 268 held on 10/01/2026: %v, want a refusal naming its life", err)
	}
	s.History = true
	if _, err := env.db.CreateSession(ctx, s, sqlite.Actor{Name: "test"}); err != nil {
		t.Errorf("the same session recorded as history: %v", err)
	}

	// Phường Quang Trung of 2025 (09538 from 01/01/2025 to 30/06/2025)
	// existed neither on 13/11/2019 nor today.
	rec := url.Values{"content": {"Kiến nghị thử"}, "lead": {"09538@2025-01-01"}, "deadline": {"31/12/2019"}}
	for _, who := range []string{"daibieu", "admin"} {
		c := env.login(t, who)
		st, body := send(t, c, "POST", env.ts.URL+"/sessions/1/recommendations", "application/x-www-form-urlencoded", rec.Encode())
		if st != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(body), "Phường Quang Trung không tồn tại ngày đó") {
			t.Errorf("%s: a recommendation led by a unit of 2025 in a session of 2019: status %d, want 422", who, st)
		}
		withTick := url.Values{"history": {"1"}}
		for k, v := range rec {
			withTick[k] = v
		}
		st, _ = send(t, c, "POST", env.ts.URL+"/sessions/1/recommendations", "application/x-www-form-urlencoded", withTick.Encode())
		if want := map[string]int{"daibieu": http.StatusUnprocessableEntity, "admin": http.StatusSeeOther}[who]; st != want {
			t.Errorf("%s ticks record history: status %d, want %d", who, st, want)
		}
	}
}

// An administrator's "record history" tick is kept when the recommendation
// form comes back refused for another field, so the next save is not
// refused again for want of it; a correction offers the tick too.
func TestRecordHistoryTickKeptWhenTheFormComesBack(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "admin")
	form := url.Values{"content": {""}, "lead": {"09538@2025-01-01"}, "history": {"1"}}
	st, body := send(t, c, "POST", env.ts.URL+"/sessions/1/recommendations", "application/x-www-form-urlencoded", form.Encode())
	if st != http.StatusUnprocessableEntity {
		t.Fatalf("empty content: status %d, want 422", st)
	}
	add := body[strings.Index(body, `id="rec-form"`):]
	add = add[:strings.Index(add, "</form>")]
	if !strings.Contains(add, `name="history" value="1" checked`) {
		t.Errorf("the refused form lost the record-history tick:\n%s", add)
	}
	form.Del("history")
	_, body = send(t, c, "POST", env.ts.URL+"/sessions/1/recommendations", "application/x-www-form-urlencoded", form.Encode())
	add = body[strings.Index(body, `id="rec-form"`):]
	if add = add[:strings.Index(add, "</form>")]; strings.Contains(add, `checked`) {
		t.Error("an unticked form came back ticked")
	}
	_, page := send(t, c, "GET", env.ts.URL+"/sessions/1", "", "")
	edit := page[strings.Index(page, `class="form rec-edit-form"`):]
	if edit = edit[:strings.Index(edit, "</form>")]; !strings.Contains(edit, `name="history"`) {
		t.Error("a correction of a recommendation offers no record-history tick")
	}
}
