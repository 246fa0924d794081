package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Every page renders, as every role, with no missing translation and
// nothing loaded from outside the app.
func TestEveryPageRenders(t *testing.T) {
	env := newEnv(t)
	pages := []struct {
		path string
		want []string
	}{
		{"/", []string{"Thành phố Hà Nội", `id="kpi-received"`, "107.103"}},
		{"/dashboard?unit=268", []string{"Quận Hà Đông", "107.103", "100%", `data-chart="chart-trend"`, `data-chart="chart-children"`, "Phường Nguyễn Trãi"}},
		{"/dashboard?unit=268&from=2019-01&to=2019-03", []string{"01/2019–03/2019"}},
		{"/dashboard?unit=09556", []string{"Phường Hà Đông", "Hình thành từ", "Phường Vạn Phúc", "Chưa có số liệu"}},
		{"/units", []string{"Cây đơn vị hành chính", "Thành phố Hà Nội"}},
		{"/units?q=phong+noi+vu", []string{"Phòng Nội vụ"}},
		{"/units?q=kien+hung", []string{"Phường Kiến Hưng"}},
		{"/units/268", []string{"Quận Hà Đông", "6.538", "107.103", "Phường Biên Giang", "Không để các thủ tục hành chính bị chậm, muộn."}},
		{"/units/09538@2024-12-31", []string{"Phường Nguyễn Trãi", "Sáp nhập vào", "Phường Quang Trung", `id="parent-link">Quận Hà Đông<`}},
		{"/units/09538@2025-01-01", []string{"Phường Quang Trung", "Hình thành từ", "Phường Yết Kiêu", "Sáp nhập vào", "Phường Hà Đông", "Phường Kiến Hưng"}},
		{"/sessions", []string{"Tổ đại biểu số 10, HĐND TP Hà Nội", "13/11/2019"}},
		{"/sessions/1", []string{"Lê Cường, Bí thư Quận ủy Hà Đông", "Nâng cao hiệu lực, hiệu quả hệ thống chính trị",
			"100.565", "6.538", "6.760", "74%", "91%", "4.118–4.354", "Rà soát TTHC tại bộ phận một cửa",
			"Quan tâm đến thái độ phục vụ", "quá hạn", "minh họa", "Phường Mộ Lao"}},
		{"/sessions/1?lang=en", []string{"Supervised unit", "Recommendations", "6,538", "overdue"}},
	}
	missingKey := regexp.MustCompile(`>\s*(?:[a-z_]+\.)+[a-z_]+\s*<`)
	external := regexp.MustCompile(`(?i)(src|href|action)\s*=\s*"(https?:)?//`)
	for _, role := range []string{"admin", "daibieu", "canbo", "phantich"} {
		c := env.login(t, role)
		for _, p := range pages {
			t.Run(role+" "+p.path, func(t *testing.T) {
				status, body, hdr := get(t, c, env.ts.URL+p.path)
				if status != http.StatusOK {
					t.Fatalf("status %d: %.300s", status, body)
				}
				for _, w := range p.want {
					if !strings.Contains(body, w) {
						t.Errorf("page lacks %q", w)
					}
				}
				if m := missingKey.FindString(body); m != "" {
					t.Errorf("untranslated key on the page: %s", m)
				}
				if m := external.FindString(body); m != "" {
					t.Errorf("page loads something from outside the app: %s", m)
				}
				if strings.Contains(body, "cdn") || strings.Contains(body, "googleapis") {
					t.Errorf("page mentions a CDN")
				}
				if csp := hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
					t.Errorf("Content-Security-Policy = %q", csp)
				}
			})
		}
	}
}

func TestLoginPageAndErrorsRender(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	status, body, _ := get(t, c, env.ts.URL+"/login")
	if status != 200 || !strings.Contains(body, `name="username"`) || !strings.Contains(body, `name="password"`) {
		t.Fatalf("login page: %d", status)
	}
	status, body = send(t, c, "POST", env.ts.URL+"/login", "application/x-www-form-urlencoded", "username=daibieu&password=wrong-password")
	if status != http.StatusUnauthorized || !strings.Contains(body, "Tên đăng nhập hoặc mật khẩu không đúng.") || !strings.Contains(body, `value="daibieu"`) {
		t.Errorf("wrong password: status %d, want 401 with the message and the user name kept", status)
	}
	a := env.login(t, "admin")
	for _, p := range []string{"/units/NOPE", "/sessions/999", "/sessions/abc", "/no/such/page", "/dashboard?unit=268&from=2019-13&to=2019-10"} {
		status, body, _ := get(t, a, env.ts.URL+p)
		if status != http.StatusNotFound && status != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 404 or 400", p, status)
		}
		if !strings.Contains(body, `id="error-message"`) {
			t.Errorf("%s: no error page", p)
		}
	}
}

func TestAnonymousIsRefused(t *testing.T) {
	env := newEnv(t)
	c := env.client()
	pages := []string{"/", "/dashboard", "/dashboard?unit=268", "/units", "/units/268", "/sessions", "/sessions/1"}
	for _, p := range pages {
		status, _, hdr := get(t, c, env.ts.URL+p)
		if status != http.StatusSeeOther || !strings.HasPrefix(hdr.Get("Location"), "/login?next=") {
			t.Errorf("GET %s anonymous: status %d location %q, want a redirect to /login", p, status, hdr.Get("Location"))
		}
	}
	posts := []string{"/logout", "/units/268/rename", "/units/268/retire", "/units/268/children"}
	for _, p := range posts {
		status, _ := send(t, c, "POST", env.ts.URL+p, "application/x-www-form-urlencoded", "name=x")
		if status != http.StatusSeeOther {
			t.Errorf("POST %s anonymous: status %d, want a redirect to /login", p, status)
		}
	}
	api := []string{"/api/v1/units", "/api/v1/metrics", "/api/v1/values?unit=268", "/api/v1/sessions", "/api/v1/sessions/1"}
	for _, p := range api {
		status, body, _ := get(t, c, env.ts.URL+p)
		if status != http.StatusUnauthorized || !strings.Contains(body, `"code":"unauthorized"`) {
			t.Errorf("GET %s anonymous: status %d %s, want 401 JSON", p, status, body)
		}
	}
	status, _ := send(t, c, "POST", env.ts.URL+"/api/v1/values", "application/json", `{"values":[]}`)
	if status != http.StatusUnauthorized {
		t.Errorf("POST /api/v1/values anonymous: %d, want 401", status)
	}
	status, _, _ = get(t, c, env.ts.URL+"/api/v1/units", "Authorization", "Bearer cchc_not_a_token")
	if status != http.StatusUnauthorized {
		t.Errorf("bad token: %d, want 401", status)
	}
	// Open to all: the login page, the health check and the static files.
	for _, p := range []string{"/login", "/healthz"} {
		if status, _, _ := get(t, c, env.ts.URL+p); status != http.StatusOK {
			t.Errorf("GET %s anonymous: %d, want 200", p, status)
		}
	}
	_, body, _ := get(t, c, env.ts.URL+"/login")
	css := regexp.MustCompile(`href="(/static/[^"]+\.css)"`).FindStringSubmatch(body)
	if css == nil {
		t.Fatal("no stylesheet link on the login page")
	}
	status, _, hdr := get(t, c, env.ts.URL+css[1])
	if status != 200 || !strings.Contains(hdr.Get("Cache-Control"), "immutable") {
		t.Errorf("static css: %d %q", status, hdr.Get("Cache-Control"))
	}
}

// Only administrators manage units; a refused form keeps what was typed.
func TestUnitAdministration(t *testing.T) {
	env := newEnv(t)
	for _, role := range []string{"daibieu", "canbo", "phantich"} {
		c := env.login(t, role)
		status, _ := send(t, c, "POST", env.ts.URL+"/units/268/rename", "application/x-www-form-urlencoded", "name=Hacked")
		if status != http.StatusForbidden {
			t.Errorf("%s renames a unit: %d, want 403", role, status)
		}
	}
	a := env.login(t, "admin")
	status, body := send(t, a, "POST", env.ts.URL+"/units/268/children", "application/x-www-form-urlencoded",
		url.Values{"code": {"09538"}, "name": {"Phường Mới"}, "kind": {"ward"}}.Encode())
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "đã được dùng") || !strings.Contains(body, `value="Phường Mới"`) {
		t.Errorf("duplicate code: status %d; want 422 with the message and the typed name kept", status)
	}
	status, _ = send(t, a, "POST", env.ts.URL+"/units/268/children", "application/x-www-form-urlencoded",
		url.Values{"code": {"268-TEST"}, "name": {"Phòng Thử nghiệm"}, "kind": {"department"}}.Encode())
	if status != http.StatusSeeOther {
		t.Fatalf("add child: %d", status)
	}
	status, _ = send(t, a, "POST", env.ts.URL+"/units/268-TEST/rename", "application/x-www-form-urlencoded", "name=Phòng Đã đổi tên")
	if status != http.StatusSeeOther {
		t.Fatalf("rename: %d", status)
	}
	status, body = send(t, a, "POST", env.ts.URL+"/units/268-TEST/retire", "application/x-www-form-urlencoded", "valid_to=31/02/2025")
	if status != http.StatusUnprocessableEntity || !strings.Contains(body, "không hợp lệ") || !strings.Contains(body, `value="31/02/2025"`) {
		t.Errorf("retire with a bad date: %d, want 422 with a message and the date kept", status)
	}
	// Dates may be typed the Vietnamese way.
	status, _ = send(t, a, "POST", env.ts.URL+"/units/268-TEST/retire", "application/x-www-form-urlencoded", "valid_to=30/06/2025")
	if status != http.StatusSeeOther {
		t.Fatalf("retire: %d", status)
	}
	_, body, _ = get(t, a, env.ts.URL+"/units/268-TEST")
	if !strings.Contains(body, `class="flash">Đã lưu.<`) {
		t.Errorf("no confirmation after saving")
	}
	if !strings.Contains(body, "Phòng Đã đổi tên") || !strings.Contains(body, "30/06/2025") {
		t.Errorf("unit page does not show the new name and end date")
	}
	log, err := env.db.AuditLog(t.Context(), 20)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action+"/"+e.UserName)
	}
	for _, want := range []string{"unit.create/admin", "unit.rename/admin", "unit.retire/admin"} {
		if !strings.Contains(strings.Join(actions, " "), want) {
			t.Errorf("audit log %v lacks %s", actions, want)
		}
	}
}

func TestLanguageSwitchPersists(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "daibieu")
	status, _, hdr := get(t, c, env.ts.URL+"/lang/en?next=/units")
	if status != http.StatusSeeOther || hdr.Get("Location") != "/units" {
		t.Fatalf("switch: %d %q", status, hdr.Get("Location"))
	}
	_, body, _ := get(t, c, env.ts.URL+"/dashboard?unit=268")
	if !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "107,103") || !strings.Contains(body, "Dossiers received") {
		t.Errorf("English dashboard not shown after the switch")
	}
	_, _, hdr = get(t, c, env.ts.URL+"/lang/vi?next=//evil.example")
	if hdr.Get("Location") != "/" {
		t.Errorf("open redirect: Location %q", hdr.Get("Location"))
	}
}

func TestLogout(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "daibieu")
	status, _ := send(t, c, "POST", env.ts.URL+"/logout", "application/x-www-form-urlencoded", "")
	if status != http.StatusSeeOther {
		t.Fatalf("logout: %d", status)
	}
	if status, _, _ := get(t, c, env.ts.URL+"/"); status != http.StatusSeeOther {
		t.Errorf("after logout: %d, want a redirect to /login", status)
	}
}

func TestCrossSiteFormIsRefused(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "admin")
	status, _ := send(t, c, "POST", env.ts.URL+"/units/268/rename", "application/x-www-form-urlencoded", "name=X",
		"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if status != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", status)
	}
	status, body := send(t, c, "POST", env.ts.URL+"/units/268/rename", "application/x-www-form-urlencoded", "name=X",
		"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	if status != http.StatusForbidden || !strings.Contains(body, "gửi từ một trang web khác") {
		t.Errorf("cross-site refusal is not explained in Vietnamese: %d %.200s", status, body)
	}
	_, body, _ = get(t, c, env.ts.URL+"/units/268")
	if strings.Contains(body, ">X<") {
		t.Error("the cross-site rename went through")
	}
}
