package web_test

// Second round of attacks (issue 15): each test replays one attack against
// a real server on a real SQLite file.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/web"
	"github.com/cchc/cchc/internal/xlsx/xlsxtest"
)

// security2Bomb is the template of district 268 with 199 extra parts of
// exactly 1 MiB of zeros, as a multipart upload (content type, body).
func security2Bomb(t *testing.T, env *testEnv) [2]string {
	t.Helper()
	_, tpl, _ := get(t, env.login(t, "admin"), env.ts.URL+"/entry/template.xlsx?unit=268&period=2019-11")
	bomb, err := xlsxtest.ZeroBomb([]byte(tpl), 199, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	fw, _ := w.CreateFormFile("file", "bomb.xlsx")
	fw.Write(bomb)
	w.Close()
	return [2]string{w.FormDataContentType(), b.String()}
}

// Issue 15, item 1: 199 parts of 1 MiB of zeros (about 230 KB on the wire)
// took the server to 1.25 GiB, six at once to 2.8 GiB, and an analyst could
// send it. Now the analyst is refused before the file is read, and staff
// who may import get the file refused from its zip directory with a
// message, six at once allocating a few MiB in all.
func TestSecurityImportZeroBomb(t *testing.T) {
	env := newEnv(t)
	up := security2Bomb(t, env)
	if len(up[1]) > 400<<10 {
		t.Fatalf("upload is %d bytes", len(up[1]))
	}
	t.Run("roles that may not import are refused before the file is parsed", func(t *testing.T) {
		for _, name := range []string{"phantich", "daibieu"} {
			st, body := send(t, env.login(t, name), http.MethodPost, env.ts.URL+"/entry/import", up[0], up[1])
			// Had the file been parsed first, the bomb's own refusal (422)
			// would answer.
			if st != http.StatusForbidden || strings.Contains(body, "giới hạn là 100") {
				t.Errorf("%s: status %d: %.300s", name, st, body)
			}
		}
	})
	t.Run("staff get the bomb refused with a message, six at once in little memory", func(t *testing.T) {
		clients := make([]*http.Client, 6)
		for i := range clients {
			clients[i] = env.login(t, "canbo")
		}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		var wg sync.WaitGroup
		status := make([]int, len(clients))
		bodies := make([]string, len(clients))
		for i, c := range clients {
			wg.Go(func() {
				req, _ := http.NewRequest(http.MethodPost, env.ts.URL+"/entry/import", strings.NewReader(up[1]))
				req.Header.Set("Content-Type", up[0])
				resp, err := c.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				defer resp.Body.Close()
				var b bytes.Buffer
				b.ReadFrom(resp.Body)
				status[i], bodies[i] = resp.StatusCode, b.String()
			})
		}
		wg.Wait()
		runtime.ReadMemStats(&after)
		for i := range clients {
			if status[i] != http.StatusUnprocessableEntity || !strings.Contains(bodies[i], "tệp con; giới hạn là 100") {
				t.Errorf("upload %d: status %d: %.500s", i, status[i], bodies[i])
			}
		}
		// Everything the server and the clients allocated meanwhile: the
		// uploads themselves (6 x 230 KB, copied a few times) and six
		// pages, against the 1.2 GB one bomb cost before.
		alloc := after.TotalAlloc - before.TotalAlloc
		if alloc > 64<<20 {
			t.Errorf("six bombs allocated %d MiB", alloc>>20)
		}
		t.Logf("six bombs refused with %.1f MiB allocated in all", float64(alloc)/(1<<20))
	})
}

// security2Hostile are next= values that would leave the site, each as the
// raw, already-encoded text of the query parameter.
var security2Hostile = map[string]string{
	"tab then slash (the reported attack)": "/%09/evil.example",
	"newline then slash":                   "/%0A/evil.example",
	"two slashes":                          "//evil.example",
	"slash backslash":                      "/%5Cevil.example",
	"backslash later":                      "/ok%5C..%5C/evil.example",
	"scheme":                               "https://evil.example/",
	"scheme without slashes":               "https:evil.example",
	"encoded second slash":                 "/%252F/evil.example",
	"encoded tab in the path":              "/%2509/evil.example",
	"relative":                             "evil.example",
	"javascript":                           "javascript:alert(1)",
	"DEL":                                  "/%7F/evil.example",
}

// Issue 15, item 2: /lang/en?next=/%09/evil.example answered
// "Location: /\t/evil.example", which browsers follow to another host; the
// same through /login?next= after a successful login. Every hostile next=
// now leads to "/", and a local path with its query is kept.
func TestSecurityRedirectStaysOnSite(t *testing.T) {
	env := newEnv(t)
	for name, raw := range security2Hostile {
		t.Run("lang switch: "+name, func(t *testing.T) {
			st, _, h := get(t, env.client(), env.ts.URL+"/lang/en?next="+raw)
			if st != http.StatusSeeOther || h.Get("Location") != "/" {
				t.Errorf("status %d, Location %q, want 303 to /", st, h.Get("Location"))
			}
		})
		t.Run("login: "+name, func(t *testing.T) {
			next, err := url.QueryUnescape(raw)
			if err != nil {
				t.Fatal(err)
			}
			c := env.client()
			st, _, h := securityLogin2(t, env, c, "phantich", "demo-phantich-2019", next)
			if st != http.StatusSeeOther || h.Get("Location") != "/" {
				t.Errorf("status %d, Location %q, want 303 to /", st, h.Get("Location"))
			}
			// Already logged in, the login page redirects at once.
			st, _, h = get(t, c, env.ts.URL+"/login?next="+raw)
			if st != http.StatusSeeOther || h.Get("Location") != "/" {
				t.Errorf("logged in: status %d, Location %q, want 303 to /", st, h.Get("Location"))
			}
		})
	}
	t.Run("a local path and its query are kept", func(t *testing.T) {
		local := "/dashboard?unit=268&period=2019-11"
		st, _, h := get(t, env.client(), env.ts.URL+"/lang/en?next="+url.QueryEscape(local))
		if st != http.StatusSeeOther || h.Get("Location") != local {
			t.Errorf("lang: status %d, Location %q", st, h.Get("Location"))
		}
		st, _, h = securityLogin2(t, env, env.client(), "phantich", "demo-phantich-2019", local)
		if st != http.StatusSeeOther || h.Get("Location") != local {
			t.Errorf("login: status %d, Location %q", st, h.Get("Location"))
		}
	})
}

// securityLogin2 posts the login form with a next field.
func securityLogin2(t *testing.T, env *testEnv, c *http.Client, name, pass, next string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, env.ts.URL+"/login", strings.NewReader(url.Values{"username": {name}, "password": {pass}, "next": {next}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String(), resp.Header
}

// security2Logins is a second server on env's database with the given
// login limits and a login clock the test moves; loginFrom posts the login
// form through its real handler chain from a chosen client address.
type security2Logins struct {
	h   http.Handler
	now time.Time
}

func newSecurity2Logins(t *testing.T, env *testEnv, l web.LoginLimits) *security2Logins {
	t.Helper()
	s := &security2Logins{now: time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)}
	srv, err := web.New(env.db, web.Config{LoginLimits: l, LoginClock: func() time.Time { return s.now }}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	s.h = srv
	return s
}

func (s *security2Logins) loginFrom(addr, name, pass string) int {
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"username": {name}, "password": {pass}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = addr + ":40000"
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	return rec.Code
}

// Issue 15, item 3: five wrong passwords for admin from one address, then
// one a minute, kept the real administrator at 429 from every other
// address. Now the attacker's address stays limited while the owner logs
// in from elsewhere; a guesser spread over many addresses is stopped by
// the account-wide limit, which still lets in an address that has not
// failed.
func TestSecurityLoginLimitCannotLockTheOwnerOut(t *testing.T) {
	env := newEnv(t)
	const attacker, owner = "203.0.113.7", "198.51.100.20"
	t.Run("five failures then one a minute from one address", func(t *testing.T) {
		s := newSecurity2Logins(t, env, web.DefaultLoginLimits)
		for i := range 5 {
			if st := s.loginFrom(attacker, "admin", "wrong-password"); st != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d", i+1, st)
			}
		}
		for minute := range 10 {
			if st := s.loginFrom(attacker, "admin", "wrong-password"); st != http.StatusTooManyRequests {
				t.Errorf("minute %d: an attempt before the refill: %d, want 429", minute, st)
			}
			s.now = s.now.Add(time.Minute)
			if st := s.loginFrom(attacker, "admin", "wrong-password"); st != http.StatusUnauthorized {
				t.Fatalf("minute %d: the refilled attempt got %d, want 401", minute, st)
			}
			// The right password from the attacker's own address is still
			// limited: its bucket is empty.
			if st := s.loginFrom(attacker, "admin", "demo-admin-2019"); st != http.StatusTooManyRequests {
				t.Errorf("minute %d: right password from the attacker's address: %d, want 429", minute, st)
			}
			if st := s.loginFrom(owner, "admin", "demo-admin-2019"); st != http.StatusSeeOther {
				t.Fatalf("minute %d: the owner from another address: %d, want 303", minute, st)
			}
		}
	})
	t.Run("many addresses exhaust the account-wide limit but not the owner's", func(t *testing.T) {
		l := web.DefaultLoginLimits
		l.AccountWideBurst, l.AccountWideEvery = 12, time.Hour
		s := newSecurity2Logins(t, env, l)
		// Three addresses, 4 failures each (under the per-pair 5): 12.
		for a := range 3 {
			for range 4 {
				if st := s.loginFrom(fmt.Sprintf("203.0.113.%d", a+10), "daibieu", "wrong-password"); st != http.StatusUnauthorized {
					t.Fatalf("address %d: %d", a, st)
				}
			}
		}
		// Each of those addresses has a try left for the pair, but the
		// account-wide bucket is empty and they have failed: refused.
		if st := s.loginFrom("203.0.113.10", "daibieu", "wrong-password"); st != http.StatusTooManyRequests {
			t.Errorf("a failing address after the account-wide limit: %d, want 429", st)
		}
		// A new address gets one try, then it has failed and is refused.
		if st := s.loginFrom("203.0.113.99", "daibieu", "wrong-password"); st != http.StatusUnauthorized {
			t.Errorf("a new address: %d, want 401", st)
		}
		if st := s.loginFrom("203.0.113.99", "daibieu", "wrong-password"); st != http.StatusTooManyRequests {
			t.Errorf("the new address again: %d, want 429", st)
		}
		// The owner, from an address that has not failed, gets in.
		if st := s.loginFrom(owner, "daibieu", "demo-daibieu-2019"); st != http.StatusSeeOther {
			t.Errorf("the owner: %d, want 303", st)
		}
	})
	t.Run("one address is still limited across names", func(t *testing.T) {
		s := newSecurity2Logins(t, env, web.DefaultLoginLimits)
		for i := range 20 {
			if st := s.loginFrom(attacker, fmt.Sprintf("guess%d", i), "wrong-password"); st != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d", i+1, st)
			}
		}
		if st := s.loginFrom(attacker, "canbo", "demo-canbo-2019"); st != http.StatusTooManyRequests {
			t.Errorf("21st attempt from the address: %d, want 429", st)
		}
		if st := s.loginFrom(owner, "canbo", "demo-canbo-2019"); st != http.StatusSeeOther {
			t.Errorf("another address: %d, want 303", st)
		}
	})
}

// Issue 15, item 4: API tokens survived a password reset, and disabling
// then enabling an account brought its old tokens back. Now both revoke
// them for good, and the admin's token list says so.
func TestSecurityTokensDieWithResetAndDisable(t *testing.T) {
	env := newEnv(t)
	admin := env.login(t, "admin")
	base := env.ts.URL
	apiStatus := func(tok string) int {
		st, _, _ := get(t, env.client(), base+"/api/v1/units", "Authorization", "Bearer "+tok)
		return st
	}
	t.Run("a password reset revokes the user's tokens", func(t *testing.T) {
		tok := env.token(t, "canbo")
		other := env.token(t, "daibieu")
		if st := apiStatus(tok); st != http.StatusOK {
			t.Fatalf("token before the reset: %d", st)
		}
		id := adminUserID(t, env, "canbo")
		if st, _ := adminForm(t, admin, base+"/admin/users/"+id+"/password", url.Values{"password": {"new-password-15"}, "confirm": {"new-password-15"}}); st != http.StatusSeeOther {
			t.Fatalf("reset: %d", st)
		}
		if st := apiStatus(tok); st != http.StatusUnauthorized {
			t.Errorf("token after the reset: %d, want 401", st)
		}
		if st := apiStatus(other); st != http.StatusOK {
			t.Errorf("another user's token: %d, want 200", st)
		}
	})
	t.Run("disabling revokes the tokens and enabling does not bring them back", func(t *testing.T) {
		tok := env.token(t, "phantich")
		id := adminUserID(t, env, "phantich")
		if st, _ := adminForm(t, admin, base+"/admin/users/"+id, url.Values{"role": {"analyst"}, "disabled": {"1"}}); st != http.StatusSeeOther {
			t.Fatalf("disable: %d", st)
		}
		if st := apiStatus(tok); st != http.StatusUnauthorized {
			t.Errorf("token of a disabled account: %d, want 401", st)
		}
		if st, _ := adminForm(t, admin, base+"/admin/users/"+id, url.Values{"role": {"analyst"}}); st != http.StatusSeeOther {
			t.Fatalf("enable: %d", st)
		}
		if st := apiStatus(tok); st != http.StatusUnauthorized {
			t.Errorf("old token after enabling again: %d, want 401", st)
		}
		// A token made after enabling works.
		if st := apiStatus(env.token(t, "phantich")); st != http.StatusOK {
			t.Errorf("new token: %d, want 200", st)
		}
		toks, err := env.db.Tokens(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		revoked := 0
		for _, tk := range toks {
			if tk.UserName == "phantich" && tk.RevokedAt != "" {
				revoked++
			}
		}
		if revoked != 1 {
			t.Errorf("%d revoked tokens of phantich listed, want 1", revoked)
		}
	})
}

// Issue 15, item 6: an 80-character password on the administrator's create
// or reset page gave a 500 (bcrypt reads at most 72 bytes; 25 accented
// Vietnamese letters reach it). Now it is a 422 naming the limit in bytes,
// with what was typed kept, and a password of exactly 72 bytes works.
func TestSecurityLongPasswordsAreRefusedWithAMessage(t *testing.T) {
	env := newEnv(t)
	admin := env.login(t, "admin")
	base := env.ts.URL
	long := strings.Repeat("ệ", 80) // 240 bytes
	t.Run("create page", func(t *testing.T) {
		st, body := adminForm(t, admin, base+"/admin/users", url.Values{"name": {"dainguoi"}, "role": {"analyst"}, "password": {long}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "tối đa là 72 byte") || !strings.Contains(body, `value="dainguoi"`) {
			t.Fatalf("status %d: %.600s", st, body)
		}
		if _, _, err := env.db.UserCredentials(context.Background(), "dainguoi"); err == nil {
			t.Error("the account was created")
		}
	})
	t.Run("reset page", func(t *testing.T) {
		id := adminUserID(t, env, "phantich")
		st, body := adminForm(t, admin, base+"/admin/users/"+id+"/password", url.Values{"password": {long}, "confirm": {long}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "tối đa là 72 byte") {
			t.Fatalf("status %d: %.600s", st, body)
		}
		if st, _, _ := securityLogin(t, env, env.client(), "phantich", "demo-phantich-2019"); st != http.StatusSeeOther {
			t.Errorf("the old password no longer works: %d", st)
		}
	})
	t.Run("exactly 72 bytes is accepted and logs in", func(t *testing.T) {
		pass := strings.Repeat("ệ", 24) // 72 bytes
		st, body := adminForm(t, admin, base+"/admin/users", url.Values{"name": {"vuadu"}, "role": {"analyst"}, "password": {pass}})
		if st != http.StatusSeeOther {
			t.Fatalf("status %d: %.400s", st, body)
		}
		if st, _, _ := securityLogin(t, env, env.client(), "vuadu", pass); st != http.StatusSeeOther {
			t.Errorf("login with the 72-byte password: %d", st)
		}
	})
}

// Issue 15, item 8: user names were case-sensitive (docs/SECURITY.md said
// otherwise) and unit codes accepted any characters. Through the pages:
// "ADMIN" logs in as admin, "CANBO" cannot be created beside canbo, and a
// unit code with a slash, a space or markup is refused beside the field.
func TestSecurityNamesWithoutCaseAndSaneUnitCodes(t *testing.T) {
	env := newEnv(t)
	if st, _, h := securityLogin(t, env, env.client(), "ADMIN", "demo-admin-2019"); st != http.StatusSeeOther || h.Get("Location") != "/" {
		t.Errorf("ADMIN with admin's password: %d", st)
	}
	admin := env.login(t, "admin")
	st, body := adminForm(t, admin, env.ts.URL+"/admin/users", url.Values{"name": {"CanBo"}, "role": {"analyst"}, "password": {"long-enough-pass"}})
	if st != http.StatusUnprocessableEntity || !strings.Contains(body, "đã có") {
		t.Errorf("CanBo beside canbo: %d: %.300s", st, body)
	}
	for _, code := range []string{"../x", "a b", "<b>x</b>", "=1+1", "x/y"} {
		st, body := adminForm(t, admin, env.ts.URL+"/units/268/children", url.Values{"code": {code}, "name": {"Phường thử"}, "kind": {"ward"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "không hợp lệ") {
			t.Errorf("code %q: %d: %.300s", code, st, body)
		}
	}
	if st, _ := adminForm(t, admin, env.ts.URL+"/units/268/children", url.Values{"code": {"268-TEST_1.a"}, "name": {"Phường thử"}, "kind": {"ward"}}); st != http.StatusSeeOther {
		t.Errorf("a good code: %d", st)
	}
}

// security2FollowUp posts a follow-up on recommendation rid with the given
// files (name -> content), as c.
func security2FollowUp(t *testing.T, env *testEnv, c *http.Client, rid int64, files [][2]string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("date", "2020-01-10")
	w.WriteField("text", "Đã niêm yết")
	for _, f := range files {
		fw, _ := w.CreateFormFile("evidence", f[0])
		fw.Write([]byte(f[1]))
	}
	w.Close()
	return send(t, c, http.MethodPost, fmt.Sprintf("%s/recommendations/%d/followups", env.ts.URL, rid), w.FormDataContentType(), body.String())
}

// security2EvidenceFiles lists every file under the evidence folder.
func security2EvidenceFiles(t *testing.T, env *testEnv) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(filepath.Join(filepath.Dir(env.db.Path), "evidence"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// Issue 15, item 7: evidence files were written before their database
// row, so a refused second file or a failed insert left the first files
// behind, never referenced. Now the files of a follow-up are staged and
// moved into place with the row: a failure leaves neither.
func TestSecurityEvidenceLeavesNoOrphans(t *testing.T) {
	env := newEnv(t)
	delegate, ward := env.login(t, "daibieu"), env.login(t, "canbophuong")
	sid := sessionsCreate(t, env, delegate, true)
	send(t, delegate, http.MethodPost, fmt.Sprintf("%s/sessions/%d/recommendations", env.ts.URL, sid), formType, form("content", "Niêm yết TTHC", "lead", "09538", "deadline", "2020-03-01"))
	var got struct {
		Recommendations []struct{ ID int64 } `json:"recommendations"`
	}
	_, body, _ := get(t, delegate, fmt.Sprintf("%s/api/v1/sessions/%d", env.ts.URL, sid))
	decode(t, body, &got)
	rid := got.Recommendations[0].ID
	t.Run("a good file beside a refused one is not kept", func(t *testing.T) {
		st, _ := security2FollowUp(t, env, ward, rid, [][2]string{{"anh.png", string(sessionsPNG)}, {"virus.exe", "MZ\x90\x00"}})
		if st != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", st)
		}
		if files := security2EvidenceFiles(t, env); len(files) != 0 {
			t.Errorf("files left behind: %v", files)
		}
	})
	t.Run("a failed insert removes the files it brought", func(t *testing.T) {
		if err := sqliteExec(env.db, `CREATE TRIGGER security2_fail BEFORE INSERT ON recommendation_evidence BEGIN SELECT RAISE(ABORT, 'disk says no'); END`); err != nil {
			t.Fatal(err)
		}
		st, _ := security2FollowUp(t, env, ward, rid, [][2]string{{"anh.png", string(sessionsPNG)}, {"bien-ban.pdf", string(sessionsPDF)}})
		if st != http.StatusInternalServerError {
			t.Fatalf("status %d, want 500", st)
		}
		if files := security2EvidenceFiles(t, env); len(files) != 0 {
			t.Errorf("files left behind: %v", files)
		}
		if err := sqliteExec(env.db, `DROP TRIGGER security2_fail`); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a follow-up that is recorded keeps its files, and a file stored before is kept when a later one fails", func(t *testing.T) {
		if st, _ := security2FollowUp(t, env, ward, rid, [][2]string{{"anh.png", string(sessionsPNG)}}); st != http.StatusSeeOther {
			t.Fatalf("status %d", st)
		}
		if files := security2EvidenceFiles(t, env); len(files) != 1 {
			t.Fatalf("files: %v, want the one recorded", files)
		}
		sqliteExec(env.db, `CREATE TRIGGER security2_fail BEFORE INSERT ON recommendation_evidence BEGIN SELECT RAISE(ABORT, 'disk says no'); END`)
		defer sqliteExec(env.db, `DROP TRIGGER security2_fail`)
		if st, _ := security2FollowUp(t, env, ward, rid, [][2]string{{"lai-anh.png", string(sessionsPNG)}, {"bien-ban.pdf", string(sessionsPDF)}}); st != http.StatusInternalServerError {
			t.Fatalf("status %d, want 500", st)
		}
		files := security2EvidenceFiles(t, env)
		if len(files) != 1 {
			t.Fatalf("files: %v, want only the one recorded before", files)
		}
		if b, err := os.ReadFile(files[0]); err != nil || string(b) != string(sessionsPNG) {
			t.Errorf("the recorded file changed: %v", err)
		}
	})
}

var security2TokenRe = regexp.MustCompile(`name="token" value="([0-9a-f]{32})"`)

// security2Preview uploads a valid template as c and returns the preview's
// token.
func security2Preview(t *testing.T, env *testEnv, c *http.Client, up [2]string) string {
	t.Helper()
	st, body := send(t, c, http.MethodPost, env.ts.URL+"/entry/import", up[0], up[1])
	m := security2TokenRe.FindStringSubmatch(body)
	if st != http.StatusOK || m == nil {
		t.Fatalf("upload: status %d: %.400s", st, body)
	}
	return m[1]
}

// Issue 15, item 7: upload previews piled up in a shared temporary folder
// for two hours, 20 MB each, without limit per user. Now they live beside
// the database, one folder per user, at most 3 each; a new upload in the
// same login replaces the last; confirmation, cancel, expiry and start-up
// remove them.
func TestSecurityPreviewsAreBoundedPerUser(t *testing.T) {
	env := newEnv(t)
	admin := env.login(t, "admin")
	up := securityTemplate(t, env, admin, "268", "2020-01", "inspections", 2, "09538", "09541")
	u, _, err := env.db.UserCredentials(context.Background(), "canbo")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(env.db.Path), "uploads", fmt.Sprint(u.ID))
	count := func() int {
		entries, _ := os.ReadDir(dir)
		return len(entries)
	}
	staff := env.login(t, "canbo")
	t.Run("one login's new upload replaces its last", func(t *testing.T) {
		for range 5 {
			security2Preview(t, env, staff, up)
		}
		if n := count(); n != 1 {
			t.Errorf("%d previews after 5 uploads in one login, want 1", n)
		}
	})
	t.Run("many logins of one user keep at most 3", func(t *testing.T) {
		for range 6 {
			security2Preview(t, env, env.login(t, "canbo"), up)
		}
		if n := count(); n != 3 {
			t.Errorf("%d previews after uploads from 7 logins, want 3", n)
		}
	})
	t.Run("cancel removes the preview and its token no longer confirms", func(t *testing.T) {
		c := env.login(t, "canbo")
		tok := security2Preview(t, env, c, up)
		if _, err := os.Stat(filepath.Join(dir, tok+".xlsx")); err != nil {
			t.Fatal(err)
		}
		if st, _ := send(t, c, http.MethodPost, env.ts.URL+"/entry/import/cancel", formType, form("token", tok)); st != http.StatusSeeOther {
			t.Fatalf("cancel: %d", st)
		}
		if _, err := os.Stat(filepath.Join(dir, tok+".xlsx")); !os.IsNotExist(err) {
			t.Errorf("the cancelled preview is still there: %v", err)
		}
		if st, _ := send(t, c, http.MethodPost, env.ts.URL+"/entry/import/confirm", formType, form("token", tok)); st != http.StatusConflict {
			t.Errorf("confirming a cancelled preview: %d, want 409", st)
		}
	})
	t.Run("confirmation removes the preview", func(t *testing.T) {
		c := env.login(t, "canbo")
		tok := security2Preview(t, env, c, up)
		if st, body := send(t, c, http.MethodPost, env.ts.URL+"/entry/import/confirm", formType, form("token", tok, "reason", "kiểm tra")); st != http.StatusSeeOther {
			t.Fatalf("confirm: %d: %.400s", st, body)
		}
		if _, err := os.Stat(filepath.Join(dir, tok+".xlsx")); !os.IsNotExist(err) {
			t.Errorf("the confirmed preview is still there: %v", err)
		}
	})
	t.Run("expired previews go at the next upload", func(t *testing.T) {
		old := time.Now().Add(-3 * time.Hour)
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			os.Chtimes(filepath.Join(dir, e.Name()), old, old)
		}
		before := len(entries)
		security2Preview(t, env, env.login(t, "admin"), up)
		if n := count(); before == 0 || n != 0 {
			t.Errorf("%d of canbo's %d expired previews left", n, before)
		}
	})
	t.Run("start-up removes every preview", func(t *testing.T) {
		security2Preview(t, env, staff, up)
		if count() == 0 {
			t.Fatal("no preview to remove")
		}
		if _, err := web.New(env.db, web.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 0 {
			t.Errorf("%d previews left after a start", n)
		}
	})
}
