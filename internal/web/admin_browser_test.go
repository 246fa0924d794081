package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestAdminBrowserUsersAndAudit drives headless Chromium through the admin
// pages: from the nav to the user list, a refused form that keeps what was
// typed, a created user, a password reset, and the audit log showing both.
// The page must log no error or Content-Security-Policy violation, and the
// browser's own same-origin form posts must pass the CSRF protection.
func TestAdminBrowserUsersAndAudit(t *testing.T) {
	base := browserServer(t)
	bctx, rec := browserStart(t, base, 60*time.Second)
	browserLogin(t, bctx, base, "admin")
	browserLoad(t, bctx, "open administration from the nav", chromedp.Click(chromedp.CSS(`nav a[href="/admin"]`)))
	browserWantPath(t, bctx, "/admin/users", "")
	if got := browserText(t, bctx, `#users-table`); !strings.Contains(got, "canbophuong") {
		t.Fatalf("user list lacks canbophuong: %q", got)
	}
	rec.check(t, "user list")

	// A short password: the browser's own minlength check would stop the
	// form, so it is lifted to see the server's refusal.
	if err := chromedp.Do(bctx, chromedp.Evaluate[chromedp.Void](`document.getElementById('new-password').removeAttribute('minlength')`)); err != nil {
		t.Fatal(err)
	}
	resp, err := chromedp.RunResponse(bctx,
		chromedp.SendKeys(chromedp.CSS(`#new-name`), "tranthic"),
		chromedp.SetValue(chromedp.CSS(`#new-role`), "staff"),
		chromedp.SetValue(chromedp.CSS(`#new-unit`), "09538"),
		chromedp.SendKeys(chromedp.CSS(`#new-password`), "ngan"),
		chromedp.Click(chromedp.CSS(`#create-user button[type="submit"]`)),
	)
	if err != nil || resp == nil || resp.Status != 422 {
		t.Fatalf("short password: %v %+v", err, resp)
	}
	if got := browserText(t, bctx, `#create-user`); !strings.Contains(got, "ít nhất 10 ký tự") {
		t.Errorf("refused form lacks the message: %q", got)
	}
	if v, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.getElementById('new-name').value + '|' + document.getElementById('new-unit').value`)); v != "tranthic|09538" {
		t.Errorf("refused form kept %q, want tranthic|09538", v)
	}
	// The browser logs the 422 it was meant to get; nothing else.
	for _, p := range rec.take() {
		if !strings.Contains(p, "422") {
			t.Errorf("refused form: %s", p)
		}
	}
	browserLoad(t, bctx, "create the user",
		chromedp.SendKeys(chromedp.CSS(`#new-password`), "mat-khau-du-dai"),
		chromedp.Click(chromedp.CSS(`#create-user button[type="submit"]`)),
	)
	if got := browserText(t, bctx, `#user-tranthic`); !strings.Contains(got, "09538") {
		t.Fatalf("new user row = %q", got)
	}
	browserLoad(t, bctx, "open the user", chromedp.Click(chromedp.CSS(`#user-tranthic a`)))
	browserLoad(t, bctx, "reset the password",
		chromedp.SendKeys(chromedp.CSS(`#password`), "mat-khau-thu-hai"),
		chromedp.SendKeys(chromedp.CSS(`#confirm`), "mat-khau-thu-hai"),
		chromedp.Click(chromedp.CSS(`#reset-password button[type="submit"]`)),
	)
	if got := browserText(t, bctx, `.flash`); !strings.Contains(got, "Đã đặt lại mật khẩu") {
		t.Errorf("flash after reset = %q", got)
	}
	rec.check(t, "user pages")

	browserLoad(t, bctx, "open the audit log", chromedp.Click(chromedp.CSS(`#admin-nav-audit`)))
	got := browserText(t, bctx, `#audit-table`)
	for _, w := range []string{"Tạo người dùng", "tranthic", "Đặt lại mật khẩu", "Đăng nhập"} {
		if !strings.Contains(got, w) {
			t.Errorf("audit log lacks %q", w)
		}
	}
	browserLoad(t, bctx, "filter the audit log",
		chromedp.SetValue(chromedp.CSS(`#action`), "user.password_reset"),
		chromedp.Click(chromedp.CSS(`#audit-filter button`)),
	)
	if n, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`document.querySelectorAll('#audit-table tbody tr').length`)); n != 1 {
		t.Errorf("filtered audit log has %d rows, want 1", n)
	}
	rec.check(t, "audit log")
}
