package web_test

import (
	"html"
	"net/http"
	"strings"
	"testing"
)

// Issue 10, item 3: an administrator retiring a ward as of a date before
// figures it holds is refused on the page, in Vietnamese, with the months.
func TestUnitRetireBeforeItsFiguresIsRefused(t *testing.T) {
	env := newEnv(t)
	a := env.login(t, "admin")
	status, body := send(t, a, "POST", env.ts.URL+"/units/09538@2024-12-31/retire", "application/x-www-form-urlencoded", "valid_to=30/09/2019")
	text := html.UnescapeString(body)
	if status != http.StatusUnprocessableEntity || !strings.Contains(text, "Không thể cho đơn vị hết hiệu lực từ ngày 30/09/2019") ||
		!strings.Contains(text, "10/2019") || strings.Contains(text, "09/2019,") {
		t.Fatalf("retire before figures: status %d; want 422 naming 10/2019 alone: %.2000s", status, text)
	}
	if st, page, _ := get(t, a, env.ts.URL+"/units/09538@2024-12-31"); st != http.StatusOK || strings.Contains(page, "30/09/2019") {
		t.Errorf("the refused date shows on the unit page (status %d)", st)
	}
}
