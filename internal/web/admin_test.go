package web_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

func adminForm(t *testing.T, c *http.Client, u string, v url.Values) (int, string) {
	t.Helper()
	return send(t, c, http.MethodPost, u, "application/x-www-form-urlencoded", v.Encode())
}

func adminUserID(t *testing.T, env *testEnv, name string) string {
	t.Helper()
	u, _, err := env.db.UserCredentials(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return adminItoa(u.ID)
}

func adminItoa(n int64) string { return strconv.FormatInt(n, 10) }

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// sqliteExec runs a statement on its own connection to the database file,
// as anyone with the file could.
func sqliteExec(db *sqlite.DB, q string) error {
	conn, err := sql.Open("sqlite3", db.Path)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.Exec(q)
	return err
}

func TestAdminUsers(t *testing.T) {
	env := newEnv(t)
	admin := env.login(t, "admin")
	base := env.ts.URL

	t.Run("a short password is refused with 422 and everything typed kept", func(t *testing.T) {
		st, body := adminForm(t, admin, base+"/admin/users", url.Values{"name": {"nguyenvana"}, "role": {"staff"}, "unit": {"09538"}, "password": {"short"}})
		if st != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", st)
		}
		for _, w := range []string{`value="nguyenvana"`, `<input id="new-unit" name="unit" value="09538"`, `value="staff" selected`, "Mật khẩu cần ít nhất 10 ký tự."} {
			if !strings.Contains(body, w) {
				t.Errorf("page lacks %q", w)
			}
		}
		if _, _, err := env.db.UserCredentials(context.Background(), "nguyenvana"); err == nil {
			t.Error("the refused user was created")
		}
	})
	t.Run("a staff account without a unit is refused", func(t *testing.T) {
		st, body := adminForm(t, admin, base+"/admin/users", url.Values{"name": {"nounit"}, "role": {"staff"}, "password": {"long-enough-pass"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "phải gắn với một đơn vị") {
			t.Fatalf("status %d: %.300s", st, body)
		}
	})
	t.Run("a taken name is refused beside the name field", func(t *testing.T) {
		st, body := adminForm(t, admin, base+"/admin/users", url.Values{"name": {"canbo"}, "role": {"analyst"}, "password": {"long-enough-pass"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "đã có") {
			t.Fatalf("status %d: %.300s", st, body)
		}
	})
	t.Run("a new user can log in and appears in the list", func(t *testing.T) {
		st, _ := adminForm(t, admin, base+"/admin/users", url.Values{"name": {"nguyenvanb"}, "role": {"staff"}, "unit": {"09538"}, "password": {"mat-khau-moi-123"}})
		if st != http.StatusSeeOther {
			t.Fatalf("status %d", st)
		}
		_, body, _ := get(t, admin, base+"/admin/users")
		if !strings.Contains(body, `id="user-nguyenvanb"`) || !strings.Contains(body, "Đã tạo người dùng nguyenvanb.") {
			t.Errorf("list lacks the new user or the flash")
		}
		if st, _, _ := securityLogin(t, env, env.client(), "nguyenvanb", "mat-khau-moi-123"); st != http.StatusSeeOther {
			t.Errorf("login of the new user: status %d", st)
		}
	})
	t.Run("changing role and unit takes effect at the next request", func(t *testing.T) {
		c := env.login(t, "phantich")
		id := adminUserID(t, env, "phantich")
		st, _ := adminForm(t, admin, base+"/admin/users/"+id, url.Values{"role": {"staff"}, "unit": {"09538"}})
		if st != http.StatusSeeOther {
			t.Fatalf("status %d", st)
		}
		u, _ := env.db.UserByID(context.Background(), mustID(t, id))
		if u.Role != oversight.RoleStaff || u.UnitCode != "09538" {
			t.Fatalf("user is now %+v", u)
		}
		_, body, _ := get(t, c, base+"/")
		if !strings.Contains(body, "Cán bộ nhập liệu") {
			t.Errorf("the logged-in user's role did not change on the page")
		}
	})
	t.Run("an unknown unit is refused with 422 beside the unit", func(t *testing.T) {
		id := adminUserID(t, env, "phantich")
		st, body := adminForm(t, admin, base+"/admin/users/"+id, url.Values{"role": {"staff"}, "unit": {"NO-SUCH"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `Không có đơn vị mã &#34;NO-SUCH&#34;`) {
			t.Fatalf("status %d: %.500s", st, body)
		}
	})
	t.Run("disabling ends the user's sessions and API tokens", func(t *testing.T) {
		c := env.login(t, "daibieu")
		tok := env.token(t, "daibieu")
		id := adminUserID(t, env, "daibieu")
		if st, _ := adminForm(t, admin, base+"/admin/users/"+id, url.Values{"role": {"delegate"}, "disabled": {"1"}}); st != http.StatusSeeOther {
			t.Fatalf("status %d", st)
		}
		if st, _, hdr := get(t, c, base+"/units"); st != http.StatusSeeOther || !strings.HasPrefix(hdr.Get("Location"), "/login") {
			t.Errorf("disabled user's session still works: %d %s", st, hdr.Get("Location"))
		}
		if st, _, _ := get(t, env.client(), base+"/api/v1/units", "Authorization", "Bearer "+tok); st != http.StatusUnauthorized {
			t.Errorf("disabled user's token: status %d, want 401", st)
		}
		if st, _, _ := securityLogin(t, env, env.client(), "daibieu", "demo-daibieu-2019"); st != http.StatusUnauthorized {
			t.Errorf("disabled user logs in: status %d", st)
		}
		// Enabling again lets the user log in.
		adminForm(t, admin, base+"/admin/users/"+id, url.Values{"role": {"delegate"}})
		env.login(t, "daibieu")
	})
	t.Run("an admin cannot disable or demote themselves", func(t *testing.T) {
		id := adminUserID(t, env, "admin")
		st, body := adminForm(t, admin, base+"/admin/users/"+id, url.Values{"role": {"analyst"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "không thể tự khóa") {
			t.Fatalf("status %d", st)
		}
	})
	t.Run("a password reset enforces the policy and ends old sessions", func(t *testing.T) {
		old := env.login(t, "canbo")
		id := adminUserID(t, env, "canbo")
		if st, body := adminForm(t, admin, base+"/admin/users/"+id+"/password", url.Values{"password": {"123"}, "confirm": {"123"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "ít nhất 10") {
			t.Fatalf("short password: status %d", st)
		}
		if st, body := adminForm(t, admin, base+"/admin/users/"+id+"/password", url.Values{"password": {"new-password-1"}, "confirm": {"new-password-2"}}); st != http.StatusUnprocessableEntity || !strings.Contains(body, "không khớp") {
			t.Fatalf("mismatch: status %d", st)
		}
		if st, _ := adminForm(t, admin, base+"/admin/users/"+id+"/password", url.Values{"password": {"new-password-1"}, "confirm": {"new-password-1"}}); st != http.StatusSeeOther {
			t.Fatalf("reset: status %d", st)
		}
		if st, _, _ := get(t, old, base+"/units"); st != http.StatusSeeOther {
			t.Errorf("old session still works after the reset: %d", st)
		}
		if st, _, _ := securityLogin(t, env, env.client(), "canbo", "demo-canbo-2019"); st != http.StatusUnauthorized {
			t.Errorf("old password works: %d", st)
		}
		if st, _, _ := securityLogin(t, env, env.client(), "canbo", "new-password-1"); st != http.StatusSeeOther {
			t.Errorf("new password refused: %d", st)
		}
	})
	t.Run("an admin resetting their own password stays logged in", func(t *testing.T) {
		id := adminUserID(t, env, "admin")
		if st, _ := adminForm(t, admin, base+"/admin/users/"+id+"/password", url.Values{"password": {"admin-new-pass"}, "confirm": {"admin-new-pass"}}); st != http.StatusSeeOther {
			t.Fatalf("status %d", st)
		}
		if st, _, _ := get(t, admin, base+"/admin/users"); st != http.StatusOK {
			t.Errorf("admin logged out by their own reset: %d", st)
		}
	})
}

func TestAdminTokens(t *testing.T) {
	env := newEnv(t)
	admin := env.login(t, "admin")
	tok := env.token(t, "canbo")
	toks, err := env.db.Tokens(context.Background())
	if err != nil || len(toks) != 1 {
		t.Fatalf("tokens %v %v", toks, err)
	}
	id := adminItoa(toks[0].ID)
	_, body, _ := get(t, admin, env.ts.URL+"/admin/tokens")
	if !strings.Contains(body, `id="token-`+id+`"`) || !strings.Contains(body, "canbo") {
		t.Fatalf("token list lacks the token: %.500s", body)
	}
	if strings.Contains(body, tok) || strings.Contains(body, tok[5:20]) {
		t.Fatal("the token list shows the token itself")
	}
	if st, _, _ := get(t, env.client(), env.ts.URL+"/api/v1/units", "Authorization", "Bearer "+tok); st != http.StatusOK {
		t.Fatalf("token before revoking: %d", st)
	}
	if st, _ := adminForm(t, admin, env.ts.URL+"/admin/tokens/"+id+"/revoke", nil); st != http.StatusSeeOther {
		t.Fatalf("revoke: %d", st)
	}
	if st, _, _ := get(t, env.client(), env.ts.URL+"/api/v1/units", "Authorization", "Bearer "+tok); st != http.StatusUnauthorized {
		t.Errorf("revoked token: status %d, want 401", st)
	}
	if st, _ := adminForm(t, admin, env.ts.URL+"/admin/tokens/"+id+"/revoke", nil); st != http.StatusConflict {
		t.Errorf("second revoke: status %d, want 409", st)
	}
	_, body, _ = get(t, admin, env.ts.URL+"/admin/tokens")
	if !strings.Contains(body, "thu hồi lúc") {
		t.Errorf("list does not show the token as revoked")
	}
}

func TestAdminAuditLog(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	securityLogin(t, env, env.client(), "canbo", "wrong-password")
	admin := env.login(t, "admin")
	adminForm(t, admin, env.ts.URL+"/admin/users", url.Values{"name": {"auditme"}, "role": {"analyst"}, "password": {"long-enough-pass"}})
	tok := env.token(t, "canbo")
	st, _ := send(t, http.DefaultClient, http.MethodPost, env.ts.URL+"/api/v1/values", "application/json",
		`{"values":[{"unit":"09538","period":"2019-11","metric":"inspections","value":2}]}`, "Authorization", "Bearer "+tok)
	if st != http.StatusOK {
		t.Fatalf("put values: %d", st)
	}
	// Actions other features write show up too, even without a name.
	if err := env.db.Audit(ctx, sqlite.Actor{Name: "phantich"}, "export.xlsx", "268", "2019-01..2019-10"); err != nil {
		t.Fatal(err)
	}
	_, body, _ := get(t, admin, env.ts.URL+"/admin/audit")
	for _, w := range []string{`class="audit-login.failed"`, "Đăng nhập sai", `class="audit-login"`, `class="audit-user.create"`, "auditme",
		`class="audit-values.put"`, `class="audit-export.xlsx"`, "2019-01..2019-10", `<option value="export.xlsx"`} {
		if !strings.Contains(body, w) {
			t.Errorf("audit page lacks %q", w)
		}
	}
	t.Run("filter by action", func(t *testing.T) {
		_, body, _ := get(t, admin, env.ts.URL+"/admin/audit?action=login.failed")
		n := strings.Count(body, `class="audit-`)
		if n != 1 || !strings.Contains(body, `class="audit-login.failed"`) {
			t.Errorf("%d rows, want only the failed login", n)
		}
		_, body, _ = get(t, admin, env.ts.URL+"/admin/audit?action=user")
		if strings.Contains(body, `class="audit-login`) || !strings.Contains(body, `class="audit-user.create"`) {
			t.Errorf("action=user should keep user.* only")
		}
	})
	t.Run("pages of 100, newest first", func(t *testing.T) {
		for i := 0; i < 120; i++ {
			env.db.Audit(ctx, sqlite.Actor{Name: "bulk"}, "bulk.test", adminItoa(int64(i)), "")
		}
		_, body, _ := get(t, admin, env.ts.URL+"/admin/audit?user=bulk")
		if n := strings.Count(body, `class="audit-bulk.test"`); n != 100 {
			t.Fatalf("first page has %d rows, want 100", n)
		}
		m := regexp.MustCompile(`href="(/admin/audit\?before=[^"]+)" id="audit-older"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no link to older entries")
		}
		_, body, _ = get(t, admin, env.ts.URL+strings.ReplaceAll(m[1], "&amp;", "&"))
		if n := strings.Count(body, `class="audit-bulk.test"`); n != 20 || strings.Contains(body, `id="audit-older"`) {
			t.Errorf("second page has %d rows, want the 20 oldest and no further link", n)
		}
	})
	t.Run("the log refuses changes", func(t *testing.T) {
		if err := sqliteExec(env.db, `UPDATE audit_log SET action = 'x'`); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("update: %v", err)
		}
		if err := sqliteExec(env.db, `DELETE FROM audit_log`); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("delete: %v", err)
		}
	})
}

// Every admin page renders in both languages with no missing translation.
func TestAdminPagesRenderInBothLanguages(t *testing.T) {
	env := newEnv(t)
	admin := env.login(t, "admin")
	env.token(t, "canbo")
	missingKey := regexp.MustCompile(`>\s*(?:[a-z_]+\.)+[a-z_]+\s*<`)
	for _, p := range []struct{ path, vi, en string }{
		{"/admin/users", "Quản lý người dùng", "Create user"},
		{"/admin/users/1", "Đặt lại mật khẩu", "Reset password"},
		{"/admin/tokens", "Thu hồi", "Revoke"},
		{"/admin/audit", "Nhật ký hoạt động", "Audit log"},
	} {
		for _, l := range []string{"vi", "en"} {
			st, body, _ := get(t, admin, env.ts.URL+p.path+"?lang="+l)
			want := p.vi
			if l == "en" {
				want = p.en
			}
			if st != http.StatusOK || !strings.Contains(body, want) {
				t.Errorf("%s in %s: status %d, lacks %q", p.path, l, st, want)
			}
			if m := missingKey.FindString(body); m != "" {
				t.Errorf("%s in %s: untranslated key %s", p.path, l, m)
			}
		}
	}
	if st, _, _ := get(t, admin, env.ts.URL+"/admin/users/999"); st != http.StatusNotFound {
		t.Errorf("unknown user: %d", st)
	}
	if st, _, _ := get(t, admin, env.ts.URL+"/admin/audit?before=abc"); st != http.StatusBadRequest {
		t.Errorf("bad before: %d", st)
	}
}
