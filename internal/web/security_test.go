package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/web"
	"github.com/cchc/cchc/internal/xlsx"
	"github.com/xuri/excelize/v2"
)

// securityRoles are the callers of the authorization table: anonymous,
// then one demo account per role: admin, delegate, staff of district 268,
// staff of ward 09538 (inside 268), analyst.
var securityRoles = []string{"anon", "admin", "daibieu", "canbo", "canbophuong", "phantich"}

// securityExpect is one route's expected status for each caller, in the
// order of securityRoles.
type securityExpect [6]int

// Shorthands: loggedIn(st) is a page anyone logged in may use (anonymous
// visitors are sent to /login: 303); adminOnly(st) is a page only admins
// may use (others get 403); apiIn(st) is an API route for any logged-in
// caller (anonymous: 401).
func everyone(st int) securityExpect  { return securityExpect{st, st, st, st, st, st} }
func loggedIn(st int) securityExpect  { return securityExpect{303, st, st, st, st, st} }
func adminOnly(st int) securityExpect { return securityExpect{303, st, 403, 403, 403, 403} }
func apiIn(st int) securityExpect     { return securityExpect{401, st, st, st, st, st} }

// managers(st) is a page only delegates and admins may use (sessions,
// verifying recommendations); managersAPI(st) is the same in the API.
func managers(st int) securityExpect    { return securityExpect{303, st, st, 403, 403, 403} }
func managersAPI(st int) securityExpect { return securityExpect{401, st, st, 403, 403, 403} }

// writers(st) is a form that writes figures of ward 09541 (in district 268,
// not ward 09538): admins and staff of 268 pass the authorization decision
// and get st; the delegate, the staff of ward 09538 and the analyst get 403.
func writers(st int) securityExpect { return securityExpect{303, st, 403, st, 403, 403} }

// securityRouteTable is the authorization decision of every route, as
// "METHOD /path" (the path as registered) -> the status each caller gets
// for the request in securityRequests (no body unless given there). A route
// registered on the engine but missing here fails the test: whoever adds a
// route adds its row.
var securityRouteTable = map[string]securityExpect{
	"GET /healthz":               everyone(200),
	"GET /static/:hash/*name":    everyone(200),
	"GET /login":                 {200, 303, 303, 303, 303, 303}, // logged in: on to the app
	"POST /login":                everyone(401),                  // wrong password
	"GET /lang/:lang":            everyone(303),
	"POST /logout":               loggedIn(303),
	"GET /":                      loggedIn(200),
	"GET /dashboard":             loggedIn(200),
	"GET /units":                 loggedIn(200),
	"GET /units/:code":           loggedIn(200),
	"POST /units/:code/children": adminOnly(422), // empty form: refused, nothing written
	"POST /units/:code/rename":   adminOnly(422),
	"POST /units/:code/retire":   adminOnly(422),
	"GET /sessions":              loggedIn(200),
	"GET /sessions/:id":          loggedIn(200),
	"GET /api/v1/units":          apiIn(200),
	"GET /api/v1/units/search":   apiIn(200),
	"GET /api/v1/metrics":        apiIn(200),
	"GET /api/v1/values":         apiIn(200),
	"GET /api/v1/completeness":   apiIn(200),
	"GET /api/v1/sessions":       apiIn(200),
	"GET /api/v1/sessions/:id":   apiIn(200),
	// Staff canbo (268) may write Hà Đông's figures; others may not.
	"POST /api/v1/values":            {401, 200, 403, 200, 403, 403},
	"GET /admin":                     adminOnly(303),
	"GET /admin/users":               adminOnly(200),
	"POST /admin/users":              adminOnly(422),
	"GET /admin/users/:id":           adminOnly(200),
	"POST /admin/users/:id":          adminOnly(422),
	"POST /admin/users/:id/password": adminOnly(422),
	"GET /admin/tokens":              adminOnly(200),
	"POST /admin/tokens/:id/revoke":  adminOnly(404),
	"GET /admin/audit":               adminOnly(200),

	// Data entry (issue 3): everyone reads; figures of ward 09541 are
	// written by admins and staff of district 268 only, never by the staff
	// of ward 09538 (another ward), the delegate or the analyst.
	"GET /entry":               loggedIn(200),
	"POST /entry":              writers(303),
	"GET /entry/grid":          loggedIn(200),
	"POST /entry/grid":         writers(303), // the grid of 268: 09538's staff may not write its siblings
	"GET /entry/template.xlsx": writers(200), // the template is a tool for writing, not a report
	"GET /entry/import":        loggedIn(200),
	// The district's filled template (every ward of 268): a preview for
	// those who may write it all, 403 for everyone else (ward 09538's
	// staff included: the file names other wards).
	"POST /entry/import": writers(200),
	// Confirmation is bound to the login that uploaded the file: without
	// its token every caller who may import gets 409, the others 403.
	// authz_test.go checks that another login's token, or a foreign file,
	// is refused at this step.
	"POST /entry/import/confirm": {303, 409, 403, 409, 409, 403},
	// Cancelling without a token of one's own cancels nothing and goes
	// back to the upload page.
	"POST /entry/import/cancel": {303, 303, 403, 303, 303, 403},
	// Approving needs staff of a unit above 09541 (268) or an admin; the
	// month is a draft, so those who may approve get 409, not a change.
	"POST /entry/status": {303, 409, 403, 409, 403, 403},

	// Dashboards (issue 4) and exports (issue 6): every logged-in role
	// reads and exports everything.
	"GET /dashboard/brief": loggedIn(200),
	"GET /export":          loggedIn(200),
	"GET /export/file":     loggedIn(200),
	"GET /api/v1/export":   apiIn(200),

	// Sessions (issue 5): read by all; written by delegates and admins.
	// Empty forms and bodies: refused (422 / 400) after the decision,
	// nothing written.
	"GET /sessions/new":                         managers(200),
	"POST /sessions":                            managers(422),
	"GET /sessions/:id/edit":                    managers(200),
	"POST /sessions/:id":                        managers(422),
	"POST /sessions/:id/figures":                managers(422),
	"POST /sessions/:id/pull":                   managers(303),
	"POST /sessions/:id/recommendations":        managers(422),
	"GET /sessions/:id/print":                   loggedIn(200),
	"GET /sessions/:id/xlsx":                    loggedIn(200),
	"POST /api/v1/sessions":                     managersAPI(400),
	"PUT /api/v1/sessions/:id":                  managersAPI(400),
	"POST /api/v1/sessions/:id/recommendations": managersAPI(400),
	// Corrections: a figure of session 1 and recommendation 3; without a
	// reason (or a body) each is refused after the decision, nothing written.
	"POST /sessions/:id/figures/:fid":          managers(422),
	"POST /sessions/:id/figures/:fid/withdraw": managers(422),
	"POST /recommendations/:rid/edit":          managers(422),
	"POST /recommendations/:rid/withdraw":      managers(422),
	"POST /api/v1/sessions/:id/figures":        managersAPI(400),
	"PUT /api/v1/sessions/:id/figures/:fid":    managersAPI(400),
	"DELETE /api/v1/sessions/:id/figures/:fid": managersAPI(400),
	"PUT /api/v1/recommendations/:rid":         managersAPI(400),
	"DELETE /api/v1/recommendations/:rid":      managersAPI(400),

	// Supervision programmes (issue 13): everyone reads a published one
	// (programme 1, made before the table runs); delegates and admins
	// record them (an empty form is refused: 422; an empty body: 400).
	"GET /programmes":            loggedIn(200),
	"GET /programmes/new":        managers(200),
	"POST /programmes":           managers(422),
	"GET /programmes/:id":        loggedIn(200),
	"GET /programmes/:id/edit":   managers(200),
	"POST /programmes/:id":       managers(422),
	"GET /programmes/:id/print":  loggedIn(200),
	"GET /api/v1/programmes":     apiIn(200),
	"POST /api/v1/programmes":    managersAPI(400),
	"GET /api/v1/programmes/:id": apiIn(200),
	"PUT /api/v1/programmes/:id": managersAPI(400),
	// Reported figures of any kind (issue 13): everyone reads; delegates
	// and admins record and withdraw (an empty form: 422; no reason: 422).
	"GET /indicators":                             loggedIn(200),
	"GET /api/v1/indicators":                      apiIn(200),
	"POST /sessions/:id/indicators":               managers(422),
	"POST /sessions/:id/indicators/:iid/withdraw": managers(422),
	"POST /api/v1/sessions/:id/indicators":        managersAPI(400),

	// Recommendations: recommendation 3 (lead unit 268-VP, in progress).
	// Staff of the lead unit or above (canbo, 268) and admins post
	// follow-ups; only delegates and admins verify: it is not reported
	// done, so they get 409 and nothing changes.
	"GET /recommendations":             loggedIn(200),
	"GET /recommendations/digest":      loggedIn(200),
	"GET /recommendations/digest.xlsx": loggedIn(200),
	// Follow-ups: staff of the lead unit for themselves; delegates and
	// admins (the secretariat) on the lead body's behalf (issue 13).
	"POST /recommendations/:rid/followups":        {303, 303, 303, 303, 403, 403},
	"POST /recommendations/:rid/actions":          {303, 409, 409, 403, 403, 403},
	"GET /api/v1/recommendations":                 apiIn(200),
	"GET /api/v1/recommendations/:rid":            apiIn(200),
	"POST /api/v1/recommendations/:rid/followups": {401, 201, 201, 201, 403, 403},
	"POST /api/v1/recommendations/:rid/actions":   {401, 409, 409, 403, 403, 403},
	// Evidence files are served to logged-in users only (the file is
	// uploaded before the table runs: see securityEvidence).
	"GET /evidence/:sha": loggedIn(200),

	// organisations (issue 12)
	"POST /units/:code/organisations": adminOnly(422), // empty form: refused, nothing written
}

// securityParams fills a route's parameters with values that exist in the
// demo data.
var securityParams = map[string]string{
	":code": "268", ":id": "1", ":lang": "en", ":hash": "", "*name": "", ":rid": "3", ":fid": "1", ":iid": "1",
	":sha": "", // set by securityEvidence
}

// securityRequests gives a route a body when an empty one would not test
// its authorization (content type, body).
var securityRequests = map[string][2]string{
	"POST /login":         {"application/x-www-form-urlencoded", "username=nobody&password=wrong-password"},
	"POST /api/v1/values": {"application/json", `{"values":[{"unit":"268","period":"2019-11","metric":"inspections","value":3}]}`},
	// A token id that does not exist: revoking is refused (404) after the
	// authorization decision, so the demo tokens stay valid.
	"POST /admin/tokens/:id/revoke": {"application/x-www-form-urlencoded", ""},
	// A valid figure with a reason (so an unusual value is confirmed): the
	// only thing between the caller and the save is the decision.
	"POST /entry":        {"application/x-www-form-urlencoded", "v.inspections=3&r.inspections=security+test"},
	"POST /entry/grid":   {"application/x-www-form-urlencoded", "v.09541.dossiers_received=400&r.09541.dossiers_received=security+test"},
	"POST /entry/status": {"application/x-www-form-urlencoded", "action=approve"},
	// POST /entry/import: the district template, set by securityTemplate.
	"POST /recommendations/:rid/followups":        {"application/x-www-form-urlencoded", "date=2020-01-15&text=security+test"},
	"POST /recommendations/:rid/actions":          {"application/x-www-form-urlencoded", "action=verify"},
	"POST /api/v1/recommendations/:rid/followups": {"application/json", `{"date":"2020-01-15","text":"security test"}`},
	"POST /api/v1/recommendations/:rid/actions":   {"application/json", `{"action":"verify"}`},
	"POST /api/v1/sessions":                       {"application/json", `{}`},
	"PUT /api/v1/sessions/:id":                    {"application/json", `{}`},
	"POST /api/v1/sessions/:id/recommendations":   {"application/json", `{}`},
	"POST /api/v1/sessions/:id/figures":           {"application/json", `{}`},
	"PUT /api/v1/sessions/:id/figures/:fid":       {"application/json", `{}`},
	"DELETE /api/v1/sessions/:id/figures/:fid":    {"application/json", `{}`},
	"PUT /api/v1/recommendations/:rid":            {"application/json", `{}`},
	"DELETE /api/v1/recommendations/:rid":         {"application/json", `{}`},
	"POST /api/v1/programmes":                     {"application/json", `{}`},
	"POST /api/v1/sessions/:id/indicators":        {"application/json", `{}`},
	"PUT /api/v1/programmes/:id":                  {"application/json", `{}`},
}

// securityQueries gives a GET route the query it needs to answer 200.
var securityQueries = map[string]string{
	"/api/v1/values":       "unit=268&metric=dossiers_received&from=2019-01&to=2019-10",
	"/api/v1/indicators":   "unit=01&family=par_index",
	"/api/v1/completeness": "unit=268&from=2019-01&to=2019-10",
	// Ward 09541 is in district 268 (canbo's) and is not ward 09538
	// (canbophuong's); January 2020 is a draft month.
	"/entry":               "unit=09541&period=2020-01",
	"/entry/status":        "unit=09541&period=2020-01",
	"/entry/template.xlsx": "unit=09541&period=2020-01",
	"/entry/grid":          "unit=268&period=2020-01",
	"/export/file":         "unit=268&from=2019-01&to=2019-03&format=csv",
	"/api/v1/export":       "unit=268&from=2019-01&to=2019-03&format=csv",
}

// securityLocation returns where a request is redirected.
func securityLocation(t *testing.T, c *http.Client, method, u string) string {
	t.Helper()
	req, _ := http.NewRequest(method, u, nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header.Get("Location")
}

func securityPath(t *testing.T, env *testEnv, route string) string {
	if strings.HasPrefix(route, "/static/") {
		// A real asset: its hashed URL from the login page.
		_, body, _ := get(t, env.client(), env.ts.URL+"/login")
		m := regexp.MustCompile(`/static/[^"]+\.css`).FindString(body)
		if m == "" {
			t.Fatal("no stylesheet link on the login page")
		}
		return m
	}
	parts := strings.Split(route, "/")
	for i, p := range parts {
		if v, ok := securityParams[p]; ok {
			parts[i] = v
		} else if strings.HasPrefix(p, ":") || strings.HasPrefix(p, "*") {
			t.Fatalf("route %s: no sample value for parameter %s: add it to securityParams", route, p)
		}
	}
	if q, ok := securityQueries[route]; ok {
		return strings.Join(parts, "/") + "?" + q
	}
	if route == "/admin/tokens/:id/revoke" {
		return "/admin/tokens/999999/revoke"
	}
	return strings.Join(parts, "/")
}

// Every route registered on the engine, for every role and for anonymous
// callers, answers the status the table expects; a route missing from the
// table fails the test.
func TestSecurityEveryRouteHasAnAuthorizationDecision(t *testing.T) {
	env := newEnv(t)
	srv := securityServer(t, env.db)
	var keys []string
	for _, r := range srv.Routes() {
		keys = append(keys, r.Method+" "+r.Path)
	}
	sort.Strings(keys)
	seen := map[string]bool{}
	for _, k := range keys {
		seen[k] = true
		if _, ok := securityRouteTable[k]; !ok {
			t.Errorf("route %s has no row in securityRouteTable: add its expected status per role", k)
		}
	}
	for k := range securityRouteTable {
		if !seen[k] {
			t.Errorf("securityRouteTable has %s, which is not a registered route", k)
		}
	}
	clients := map[string]*http.Client{"anon": env.client()}
	tokens := map[string]string{}
	for _, r := range securityRoles[1:] {
		clients[r] = env.login(t, r)
		tokens[r] = env.token(t, r)
	}
	securityParams[":sha"] = securityEvidence(t, env, tokens["admin"])
	securityProgramme(t, env)
	securityRequests["POST /entry/import"] = securityTemplate(t, env, clients["admin"], "268", "2020-01", "inspections", 2, "09538", "09541")
	for _, k := range keys {
		want, ok := securityRouteTable[k]
		if !ok {
			continue
		}
		method, route, _ := strings.Cut(k, " ")
		path := securityPath(t, env, route)
		for i, role := range securityRoles {
			t.Run(k+" as "+role, func(t *testing.T) {
				ct, body := "application/x-www-form-urlencoded", ""
				if b, ok := securityRequests[k]; ok {
					ct, body = b[0], b[1]
				}
				if k == "POST /login" {
					// One unknown name per caller: six failures for one
					// name would meet the per-account rate limit (429).
					body = strings.Replace(body, "nobody", "nobody-"+role, 1)
				}
				c := clients[role]
				var hdr []string
				if strings.HasPrefix(route, "/api/") && role != "anon" {
					// The API as a program uses it: with a bearer token.
					c, hdr = env.client(), []string{"Authorization", "Bearer " + tokens[role]}
				}
				var status int
				var resp string
				if method == http.MethodGet {
					status, resp, _ = get(t, c, env.ts.URL+path, hdr...)
				} else {
					status, resp = send(t, c, method, env.ts.URL+path, ct, body, hdr...)
				}
				if status != want[i] {
					t.Errorf("%s %s as %s: status %d, want %d: %.200s", method, path, role, status, want[i], resp)
				}
				if role == "anon" && want[0] == 303 && route != "/lang/:lang" {
					if loc := securityLocation(t, c, method, env.ts.URL+path); !strings.HasPrefix(loc, "/login") {
						t.Errorf("anonymous %s %s sent to %q, want /login", method, path, loc)
					}
				}
			})
		}
		if route == "/logout" {
			// Logging out ended those sessions: log in again.
			for _, r := range securityRoles[1:] {
				clients[r] = env.login(t, r)
			}
		}
	}
}

// securityEvidence stores an evidence file (a follow-up on recommendation
// 3, posted by an admin) and returns its checksum.
func securityEvidence(t *testing.T, env *testEnv, adminToken string) string {
	t.Helper()
	st, body := sessionsUpload(t, env.client(), env.ts.URL+"/api/v1/recommendations/3/followups",
		map[string]string{"date": "2020-01-10", "text": "evidence for the security table"}, "minutes.pdf", sessionsPDF,
		"Authorization", "Bearer "+adminToken)
	var rec struct {
		FollowUps []struct {
			Evidence []struct {
				SHA256 string `json:"sha256"`
			} `json:"evidence"`
		} `json:"follow_ups"`
	}
	if st != http.StatusCreated || json.Unmarshal([]byte(body), &rec) != nil {
		t.Fatalf("evidence upload: status %d: %.300s", st, body)
	}
	for _, f := range rec.FollowUps {
		for _, e := range f.Evidence {
			return e.SHA256
		}
	}
	t.Fatalf("no evidence in %.300s", body)
	return ""
}

// securityTemplate downloads a unit's entry template as c, types value
// into the metric's cell of each given child unit, and returns the file as
// a multipart upload (content type, body). The figures are valid, so only
// the authorization decision can refuse the file.
func securityTemplate(t *testing.T, env *testEnv, c *http.Client, unit, period, metric string, value int, children ...string) [2]string {
	t.Helper()
	st, data, _ := get(t, c, env.ts.URL+"/entry/template.xlsx?unit="+unit+"&period="+period)
	if st != http.StatusOK {
		t.Fatalf("template %s %s: status %d", unit, period, st)
	}
	f, err := excelize.OpenReader(strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(xlsx.EntrySheet)
	col := ""
	for j, code := range rows[2] {
		if code == metric {
			col, _ = excelize.ColumnNumberToName(j + 1)
		}
	}
	for _, child := range children {
		found := false
		for i, r := range rows[3:] {
			if len(r) > 0 && r[0] == child && col != "" {
				found = true
				if err := f.SetCellValue(xlsx.EntrySheet, fmt.Sprintf("%s%d", col, i+4), value); err != nil {
					t.Fatal(err)
				}
			}
		}
		if !found {
			t.Fatalf("template of %s has no cell for %s %s", unit, child, metric)
		}
	}
	var filled bytes.Buffer
	if err := f.Write(&filled); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	fw, _ := w.CreateFormFile("file", "cchc-"+unit+"-"+period+".xlsx")
	fw.Write(filled.Bytes())
	w.Close()
	return [2]string{w.FormDataContentType(), b.String()}
}

// securityServer builds a second server on the same database, to reach
// the exported Routes method (the test env keeps only the httptest server).
func securityServer(t *testing.T, db *sqlite.DB) *web.Server {
	t.Helper()
	srv, err := web.New(db, web.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func securityLogin(t *testing.T, env *testEnv, c *http.Client, name, pass string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, env.ts.URL+"/login", strings.NewReader(url.Values{"username": {name}, "password": {pass}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

// securityEnv is newEnv with a chosen web.Config.
func securityEnv(t *testing.T, cfg web.Config) *testEnv { t.Helper(); return newEnvWith(t, cfg) }

// securitySlowRefill keeps the default bursts but refills so slowly that
// the test's timing (bcrypt under the race detector takes about a second
// a login) cannot matter.
var securitySlowRefill = web.LoginLimits{AccountBurst: 5, AccountEvery: time.Hour, AddressBurst: 20, AddressEvery: time.Hour}

func TestSecurityLoginRateLimit(t *testing.T) {
	t.Run("the defaults are 5 per account and 20 per address", func(t *testing.T) {
		d := web.DefaultLoginLimits
		if d.AccountBurst != 5 || d.AddressBurst != 20 || d.AccountEvery != time.Minute || d.AddressEvery != 10*time.Second {
			t.Errorf("DefaultLoginLimits = %+v", d)
		}
	})
	t.Run("an account is locked after 5 failures, even for the right password", func(t *testing.T) {
		env := securityEnv(t, web.Config{LoginLimits: securitySlowRefill})
		c := env.client()
		for i := 0; i < 5; i++ {
			if st, _, _ := securityLogin(t, env, c, "daibieu", "wrong-password"); st != http.StatusUnauthorized {
				t.Fatalf("failure %d: status %d, want 401", i+1, st)
			}
		}
		st, body, hdr := securityLogin(t, env, c, "daibieu", "demo-daibieu-2019")
		if st != http.StatusTooManyRequests {
			t.Fatalf("6th attempt: status %d, want 429", st)
		}
		ra, err := strconv.Atoi(hdr.Get("Retry-After"))
		if err != nil || ra < 3500 || ra > 3600 {
			t.Errorf("Retry-After = %q, want about an hour", hdr.Get("Retry-After"))
		}
		if !strings.Contains(body, "Quá nhiều lần đăng nhập sai") || !strings.Contains(body, `value="daibieu"`) {
			t.Errorf("429 page lacks the message or the typed name: %.400s", body)
		}
		// Another account from the same address is not affected.
		if st, _, _ := securityLogin(t, env, env.client(), "phantich", "demo-phantich-2019"); st != http.StatusSeeOther {
			t.Errorf("other account: status %d, want 303", st)
		}
		// Names are matched without case, so DAIBIEU is the same account.
		if st, _, _ := securityLogin(t, env, c, "DAIBIEU", "x-wrong-password"); st != http.StatusTooManyRequests {
			t.Errorf("DAIBIEU: status %d, want 429", st)
		}
	})
	t.Run("an address is limited after 20 failures across names", func(t *testing.T) {
		env := securityEnv(t, web.Config{LoginLimits: securitySlowRefill})
		c := env.client()
		for i := 0; i < 20; i++ {
			if st, _, _ := securityLogin(t, env, c, fmt.Sprintf("guess%d", i), "wrong-password"); st != http.StatusUnauthorized {
				t.Fatalf("failure %d: status %d, want 401", i+1, st)
			}
		}
		st, _, hdr := securityLogin(t, env, c, "admin", "demo-admin-2019")
		if st != http.StatusTooManyRequests || hdr.Get("Retry-After") == "" {
			t.Fatalf("21st attempt from the address: status %d Retry-After %q, want 429 with Retry-After", st, hdr.Get("Retry-After"))
		}
	})
	t.Run("a success resets the account's count", func(t *testing.T) {
		env := securityEnv(t, web.Config{LoginLimits: securitySlowRefill})
		c := env.client()
		for round := 0; round < 2; round++ {
			for i := 0; i < 4; i++ {
				securityLogin(t, env, c, "canbo", "wrong-password")
			}
			if st, _, _ := securityLogin(t, env, env.client(), "canbo", "demo-canbo-2019"); st != http.StatusSeeOther {
				t.Fatalf("round %d: right password after 4 failures: status %d, want 303", round, st)
			}
		}
	})
}

func TestSecurityBodyLimits(t *testing.T) {
	env := newEnv(t)
	admin := env.login(t, "admin")
	tok := env.token(t, "admin")
	t.Run("a form larger than 1 MiB is refused with 413 and a message", func(t *testing.T) {
		body := "name=" + strings.Repeat("x", 2<<20)
		st, resp := send(t, admin, http.MethodPost, env.ts.URL+"/admin/users", "application/x-www-form-urlencoded", body)
		if st != http.StatusRequestEntityTooLarge || !strings.Contains(resp, "quá lớn") {
			t.Fatalf("status %d: %.300s", st, resp)
		}
	})
	t.Run("API JSON beyond 16 MiB is refused with 413 in JSON", func(t *testing.T) {
		body := `{"values":[` + strings.Repeat(`{"unit":"268","period":"2019-11","metric":"inspections","value":1},`, (17<<20)/70) + `]}`
		st, resp := send(t, http.DefaultClient, http.MethodPost, env.ts.URL+"/api/v1/values", "application/json", body, "Authorization", "Bearer "+tok)
		if st != http.StatusRequestEntityTooLarge || !strings.Contains(resp, `"too_large"`) {
			t.Fatalf("status %d: %.300s", st, resp)
		}
	})
	t.Run("a body without Content-Length is cut at the limit", func(t *testing.T) {
		pr, pw := io.Pipe()
		go func() {
			chunk := strings.Repeat("y", 64<<10)
			for i := 0; i < 40; i++ { // 2.5 MiB
				if _, err := pw.Write([]byte(chunk)); err != nil {
					return
				}
			}
			pw.Close()
		}()
		req, _ := http.NewRequest(http.MethodPost, env.ts.URL+"/admin/users", pr)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := admin.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Fatalf("status %d, want a refusal", resp.StatusCode)
		}
		users, _ := env.db.Users(context.Background())
		if len(users) != len(seed.DemoAccounts) {
			t.Errorf("%d users after a refused post, want %d", len(users), len(seed.DemoAccounts))
		}
	})
}

// A query may not cover more than oversight.MaxSpanMonths months: the API
// and the pages refuse a longer span with a message, before any work.
func TestSecuritySpanLimit(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "phantich")
	tok := env.token(t, "phantich")
	st, body, _ := get(t, env.client(), env.ts.URL+"/api/v1/values?unit=268&from=1990-01&to=2019-12", "Authorization", "Bearer "+tok)
	if st != http.StatusBadRequest || !strings.Contains(body, "vượt giới hạn 240 tháng") {
		t.Errorf("API: status %d: %.300s", st, body)
	}
	st, body, _ = get(t, c, env.ts.URL+"/dashboard?unit=268&from=1990-01&to=2019-12&lang=en")
	if st != http.StatusBadRequest || !strings.Contains(body, "more than the limit of 240") {
		t.Errorf("dashboard: status %d: %.300s", st, body)
	}
	if st, _, _ := get(t, c, env.ts.URL+"/dashboard?unit=268&from=2000-01&to=2019-12"); st != http.StatusOK {
		t.Errorf("a 240-month span: status %d, want 200", st)
	}
}

// A state-changing request from another site is refused before any
// handler runs, even with a valid session cookie; the same request from
// the app's own pages goes through. Every answer carries the security
// headers, and the session cookie is HttpOnly and SameSite=Lax.
func TestSecurityCrossSiteAndHeaders(t *testing.T) {
	env := newEnv(t)
	admin := env.login(t, "admin")
	form := url.Values{"name": {"csrf-victim"}, "role": {"analyst"}, "password": {"long-enough-pass"}}.Encode()
	st, _ := send(t, admin, http.MethodPost, env.ts.URL+"/admin/users", "application/x-www-form-urlencoded", form,
		"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
	if st != http.StatusForbidden {
		t.Errorf("cross-site post: status %d, want 403", st)
	}
	st, _ = send(t, admin, http.MethodPost, env.ts.URL+"/admin/users", "application/x-www-form-urlencoded", form,
		"Origin", "https://evil.example")
	if st != http.StatusForbidden {
		t.Errorf("post with a foreign Origin: status %d, want 403", st)
	}
	if _, _, err := env.db.UserCredentials(context.Background(), "csrf-victim"); err == nil {
		t.Fatal("a cross-site post created a user")
	}
	st, _ = send(t, admin, http.MethodPost, env.ts.URL+"/admin/users", "application/x-www-form-urlencoded", form,
		"Sec-Fetch-Site", "same-origin")
	if st != http.StatusSeeOther {
		t.Errorf("same-origin post: status %d, want 303", st)
	}
	for _, p := range []string{"/login", "/api/v1/units", "/no-such-page", "/healthz"} {
		_, _, hdr := get(t, env.client(), env.ts.URL+p)
		if !strings.Contains(hdr.Get("Content-Security-Policy"), "default-src 'self'") || !strings.Contains(hdr.Get("Content-Security-Policy"), "frame-ancestors 'none'") ||
			hdr.Get("X-Content-Type-Options") != "nosniff" || hdr.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", p, hdr)
		}
	}
	resp, err := env.client().PostForm(env.ts.URL+"/login", url.Values{"username": {"admin"}, "password": {"demo-admin-2019"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var found bool
	for _, ck := range resp.Cookies() {
		if ck.Name == "cchc_session" {
			found = true
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie %+v", ck)
			}
		}
	}
	if !found {
		t.Error("no session cookie at login")
	}
}

// securityProgramme records programme 1, published, for the routes that
// read one.
func securityProgramme(t *testing.T, env *testEnv) {
	t.Helper()
	id, err := env.db.CreateProgramme(context.Background(), oversight.Programme{Body: "Thường trực HĐND TP Hà Nội",
		Topic: "Cải cách hành chính", UnitCode: "01", Published: true}, sqlite.Actor{})
	if err != nil || fmt.Sprint(id) != securityParams[":id"] {
		t.Fatalf("programme for the table: %d (want %s), %v", id, securityParams[":id"], err)
	}
}
