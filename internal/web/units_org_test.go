package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
)

// Issue 12, item 4: an administrator adds an organisation (Hà Đông's
// People's Committee) on the unit page; it is listed apart from the wards,
// takes no figures, changes no total, is never ranked, and can be the
// supervised body of a session, the lead of a recommendation and the unit
// of a staff account.
func TestOrganisationOfADistrict(t *testing.T) {
	env := newEnv(t)
	ctx := t.Context()
	a := env.login(t, "admin")
	form := func(v url.Values) (int, string) {
		st, body := send(t, a, "POST", env.ts.URL+"/units/268/organisations", "application/x-www-form-urlencoded", v.Encode())
		return st, html.UnescapeString(body)
	}
	const name = "Ủy ban nhân dân quận Hà Đông (thử)"
	dash := env.ts.URL + "/dashboard?unit=268&from=2019-01&to=2019-10"
	_, before, _ := get(t, a, dash)

	t.Run("a territorial kind is refused, what was typed kept", func(t *testing.T) {
		st, body := form(url.Values{"code": {"268-UBND"}, "name": {name}, "kind": {"ward"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Chọn loại cơ quan trong danh sách.") || !strings.Contains(body, `value="268-UBND"`) {
			t.Fatalf("kind ward: status %d, want 422 with the kind's message and the code kept: %.1500s", st, body)
		}
		if _, err := env.db.UnitByCode(ctx, "268-UBND"); err == nil {
			t.Error("a refused form stored the unit")
		}
	})
	t.Run("added, listed apart from the wards", func(t *testing.T) {
		st, _ := form(url.Values{"code": {"268-UBND"}, "name": {name}, "kind": {oversight.UnitPeopleCommittee}})
		if st != http.StatusSeeOther {
			t.Fatalf("add organisation: status %d, want 303", st)
		}
		org, err := env.db.UnitByCode(ctx, "268-UBND")
		if err != nil || org.Kind != oversight.UnitPeopleCommittee || org.ParentCode != "268" || org.ValidTo == nil || org.ValidTo.Format(time.DateOnly) != "2025-06-30" {
			t.Fatalf("stored organisation %+v (%v): want a people_committee of 268 ending with it on 2025-06-30", org, err)
		}
		_, page, _ := get(t, a, env.ts.URL+"/units/268?from=2019-01&to=2019-10")
		page = html.UnescapeString(page)
		orgs, kids := section(page, `id="orgs-table"`), section(page, `id="children-table"`)
		if !strings.Contains(orgs, name) || !strings.Contains(orgs, "Ủy ban nhân dân") || !strings.Contains(orgs, "Phòng Nội vụ") {
			t.Errorf("organisations table lacks the new committee or the demo's offices: %.1500s", orgs)
		}
		if strings.Contains(kids, name) || strings.Contains(kids, "Phòng Nội vụ") || !strings.Contains(kids, "Phường Vạn Phúc") {
			t.Errorf("children table lists organisations, or lacks the wards: %.3000s", kids)
		}
	})
	t.Run("never summed, ranked or offered on the dashboard", func(t *testing.T) {
		_, after, _ := get(t, a, dash)
		if strings.Contains(after, name) || strings.Contains(after, "268-UBND") {
			t.Error("the dashboard of Hà Đông shows the organisation (ranked or charted beside the wards)")
		}
		// The report's dossiers: 6,538 by the district and 100,565 by the
		// wards, before and after.
		for _, page := range []string{before, after} {
			if !strings.Contains(page, "107.103") {
				t.Errorf("the dashboard's dossiers received are not the report's 107.103")
			}
		}
	})
	t.Run("takes no figures", func(t *testing.T) {
		tok := env.token(t, "admin")
		st, body := send(t, env.client(), "POST", env.ts.URL+"/api/v1/values", "application/json",
			`{"values":[{"unit":"268-UBND","period":"2019-05","metric":"dossiers_received","value":10}]}`, "Authorization", "Bearer "+tok)
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "không phải đơn vị hành chính") {
			t.Errorf("a figure for an organisation: status %d, want 422 saying it is not an administrative unit: %.500s", st, body)
		}
		n, err := env.db.CountValues(ctx)
		if err != nil || n != int64(len(seed.DemoValues())) {
			t.Errorf("figures stored %d (%v), want the demo's %d", n, err, len(seed.DemoValues()))
		}
	})
	t.Run("lead of a recommendation", func(t *testing.T) {
		st, body := send(t, a, "POST", env.ts.URL+"/sessions/1/recommendations", "application/x-www-form-urlencoded",
			url.Values{"content": {"Ban hành quy chế tiếp công dân của UBND quận"}, "lead": {"268-UBND"}, "co_units": {"268-NV"}, "deadline": {"31/12/2019"}}.Encode())
		if st != http.StatusSeeOther {
			t.Fatalf("recommendation led by an organisation: status %d: %.1500s", st, html.UnescapeString(body))
		}
		_, page, _ := get(t, a, env.ts.URL+"/units/268-UBND")
		if !strings.Contains(section(html.UnescapeString(page), `id="recs-table"`), "Ban hành quy chế tiếp công dân") {
			t.Error("the organisation's page does not list the recommendation it leads")
		}
	})
	t.Run("supervised body of a session", func(t *testing.T) {
		s := seed.Session2019()
		s.Topic, s.UnitCode, s.Figures, s.Recommendations = "Giám sát việc tiếp công dân của UBND quận", "268-UBND", nil, nil
		id, err := env.db.CreateSession(ctx, s, sqlite.Actor{Name: "test"})
		if err != nil {
			t.Fatalf("session supervising an organisation: %v", err)
		}
		got, err := env.db.Session(ctx, id)
		if err != nil || got.UnitName != name {
			t.Errorf("session's unit %q (%v), want %q", got.UnitName, err, name)
		}
	})
	t.Run("staff of an organisation land on the district", func(t *testing.T) {
		if _, err := env.db.CreateUser(ctx, "canbo_ubnd", oversight.RoleStaff, "268-UBND", demoHash(t, "mat-khau-ubnd-2019"), sqlite.Actor{Name: "test"}); err != nil {
			t.Fatalf("staff account of an organisation: %v", err)
		}
		c := env.client()
		st, _ := send(t, c, "POST", env.ts.URL+"/login", "application/x-www-form-urlencoded", url.Values{"username": {"canbo_ubnd"}, "password": {"mat-khau-ubnd-2019"}}.Encode())
		if st != http.StatusSeeOther {
			t.Fatalf("login: %d", st)
		}
		_, home, _ := get(t, c, env.ts.URL+"/")
		if !strings.Contains(html.UnescapeString(home), "<h1>Quận Hà Đông</h1>") {
			t.Errorf("home of the committee's staff is not Hà Đông's dashboard: %.800s", home)
		}
	})
}

// An organisation cannot hold units: a ward under an office is refused.
func TestNothingBelongsToAnOrganisation(t *testing.T) {
	env := newEnv(t)
	a := env.login(t, "admin")
	st, body := send(t, a, "POST", env.ts.URL+"/units/268-NV/children", "application/x-www-form-urlencoded",
		url.Values{"code": {"99999"}, "name": {"Phường Thử"}, "kind": {"ward"}}.Encode())
	if st != http.StatusBadRequest || !strings.Contains(html.UnescapeString(body), "không đơn vị nào trực thuộc cơ quan") {
		t.Errorf("a ward under an office: status %d, want 400 saying nothing belongs to an organisation", st)
	}
	st, body = send(t, a, "POST", env.ts.URL+"/units/268-NV/organisations", "application/x-www-form-urlencoded",
		url.Values{"code": {"268-NV-1"}, "name": {"Tổ thử"}, "kind": {"agency"}}.Encode())
	if st != http.StatusBadRequest || !strings.Contains(html.UnescapeString(body), "không đơn vị nào trực thuộc cơ quan") {
		t.Errorf("an organisation under an office: status %d, want 400", st)
	}
}

// section is the part of page from marker to the end of its element's
// table or section (what a test reads of one table).
func section(page, marker string) string {
	i := strings.Index(page, marker)
	if i < 0 {
		return ""
	}
	rest := page[i:]
	if j := strings.Index(rest, "</table>"); j >= 0 {
		return rest[:j]
	}
	return rest
}
