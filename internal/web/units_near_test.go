package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// The nation has several wards and communes named Nguyễn Trãi; a user's
// search ranks those of their own province first: the province above a
// staff member's unit, else the province the home dashboard opens on
// (Hà Nội in the demo). Without that rule the names in force that day, the
// shortest first, come first whatever the province.
func TestUnitSearchRanksTheUsersProvinceFirst(t *testing.T) {
	env := newEnv(t)
	firsts := func(t *testing.T, c *http.Client) []string {
		t.Helper()
		status, body, _ := get(t, c, env.ts.URL+"/api/v1/units/search?q=nguyen+trai")
		if status != http.StatusOK {
			t.Fatalf("search: %d %s", status, body)
		}
		var out struct {
			Units []struct {
				Code   string `json:"code"`
				Parent string `json:"parent"`
			} `json:"units"`
		}
		decode(t, body, &out)
		if len(out.Units) < 5 {
			t.Fatalf("nguyen trai found %d units, want the nation's (at least 5): %s", len(out.Units), body)
		}
		var codes []string
		for _, u := range out.Units {
			codes = append(codes, u.Code+"<"+u.Parent)
		}
		return codes
	}

	t.Run("a delegate of the Hà Nội council", func(t *testing.T) {
		// Hà Nội has two: Xã Nguyễn Trãi of Thường Tín (279) and Phường
		// Nguyễn Trãi of Hà Đông (268); the shorter name first.
		if got := firsts(t, env.login(t, "daibieu")); strings.Join(got[:2], " ") != "10231<279 09538<268" {
			t.Errorf("hits %v, want Hà Nội's two first: 10231<279 09538<268", got)
		}
	})
	t.Run("a ward clerk in Hải Phòng", func(t *testing.T) {
		ctx := context.Background()
		if _, err := env.db.CreateUser(ctx, "hp-clerk", oversight.RoleStaff, "10552", demoHash(t, "hp-clerk-pass-1"), sqlite.Actor{}); err != nil {
			t.Fatal(err)
		}
		c := env.client()
		resp, err := c.PostForm(env.ts.URL+"/login", url.Values{"username": {"hp-clerk"}, "password": {"hp-clerk-pass-1"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := firsts(t, c); got[0] != "10552<31" {
			t.Errorf("hits %v, want Hải Phòng's Phường Nguyễn Trãi 10552<31 first", got)
		}
	})
}
