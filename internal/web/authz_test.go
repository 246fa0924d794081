package web_test

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
)

// authzMonth is a draft month with no figures in the demo data, so any
// write shows.
var authzMonth = oversight.NewMonth(2020, 1)

// authzFigures is what the database holds for the units in authzMonth:
// every stored figure and the length of each unit's history, so a refused
// request can be shown to have written nothing at all.
func authzFigures(t *testing.T, env *testEnv, codes ...string) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	for _, code := range codes {
		id := entryUnitID(t, env, code)
		mc, err := env.db.EntryContext(ctx, id, authzMonth)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range mc.Stored {
			out[code+"."+k] = fmt.Sprint(v)
		}
		h, err := env.db.ValueHistory(ctx, id, authzMonth)
		if err != nil {
			t.Fatal(err)
		}
		out[code+".history"] = fmt.Sprint(len(h))
	}
	return out
}

func authzUnchanged(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	if !reflect.DeepEqual(before, after) {
		t.Errorf("%s wrote figures: before %v, after %v", what, before, after)
	}
}

var authzToken = regexp.MustCompile(`name="token" value="([0-9a-f]+)"`)

// Issue 7: staff bound to a unit (canbophuong, ward 09538 in district 268)
// cannot change anything outside its subtree through the entry form, the
// grid, the template import (upload and confirmation) or the API. Each
// refusal is 403 and leaves the figures of ward 09541 and district 268
// exactly as they were; the same request inside the subtree is accepted,
// so the refusals are the authorization decision and nothing else.
func TestAuthzStaffCannotWriteOutsideItsSubtree(t *testing.T) {
	env := newEnv(t)
	ward := env.login(t, "canbophuong")
	wardTok := env.token(t, "canbophuong")
	period := authzMonth.String()
	foreign := []string{"09541", "268"}

	t.Run("entry form", func(t *testing.T) {
		body := "v.inspections=3&r.inspections=authz+test"
		for _, unit := range foreign {
			before := authzFigures(t, env, foreign...)
			st, _ := send(t, ward, http.MethodPost, env.ts.URL+"/entry?unit="+unit+"&period="+period, formType, body)
			if st != http.StatusForbidden {
				t.Errorf("form for %s: status %d, want 403", unit, st)
			}
			authzUnchanged(t, "form for "+unit, before, authzFigures(t, env, foreign...))
		}
		st, _ := send(t, ward, http.MethodPost, env.ts.URL+"/entry?unit=09538&period="+period, formType, body)
		if got := authzFigures(t, env, "09538")["09538.inspections"]; st != http.StatusSeeOther || got != "3" {
			t.Errorf("form for its own ward: status %d, inspections %q; want 303 and 3", st, got)
		}
	})

	t.Run("grid", func(t *testing.T) {
		before := authzFigures(t, env, "09538", "09541", "268")
		// The district's grid, even for the ward's own row.
		st, _ := send(t, ward, http.MethodPost, env.ts.URL+"/entry/grid?unit=268&period="+period, formType,
			"v.09538.dossiers_received=40&r.09538.dossiers_received=x&v.09541.dossiers_received=40&r.09541.dossiers_received=x")
		if st != http.StatusForbidden {
			t.Errorf("district grid: status %d, want 403", st)
		}
		authzUnchanged(t, "district grid", before, authzFigures(t, env, "09538", "09541", "268"))
		// Its own ward's grid with a cell smuggled in for a sibling: the
		// grid only reads cells of the unit's own children.
		st, _ = send(t, ward, http.MethodPost, env.ts.URL+"/entry/grid?unit=09538&period="+period, formType,
			"v.09541.dossiers_received=40&r.09541.dossiers_received=x")
		if st >= 500 {
			t.Errorf("own grid with a sibling's cell: status %d", st)
		}
		authzUnchanged(t, "own grid with a sibling's cell", before, authzFigures(t, env, "09538", "09541", "268"))
		// The same district grid posted by the district's staff is saved.
		st, _ = send(t, env.login(t, "canbo"), http.MethodPost, env.ts.URL+"/entry/grid?unit=268&period="+period, formType,
			"v.09541.dossiers_received=40&r.09541.dossiers_received=x")
		if got := authzFigures(t, env, "09541")["09541.dossiers_received"]; st != http.StatusSeeOther || got != "40" {
			t.Errorf("district staff saves the grid: status %d, 09541 dossiers_received %q; want 303 and 40", st, got)
		}
	})

	t.Run("template import", func(t *testing.T) {
		admin := env.login(t, "admin")
		both := securityTemplate(t, env, admin, "268", period, "trainees", 7, "09538", "09541")
		own := securityTemplate(t, env, admin, "09538", period, "trainees", 7, "09538") // the ward's own template
		before := authzFigures(t, env, "09538", "09541", "268")

		// Upload: a file naming a sibling ward is refused whole, the cell
		// named, and no confirmation offered.
		st, page := send(t, ward, http.MethodPost, env.ts.URL+"/entry/import", both[0], both[1])
		if st != http.StatusForbidden || !strings.Contains(page, "không được nhập số liệu cho đơn vị 09541") || authzToken.MatchString(page) {
			t.Errorf("upload naming 09541: status %d, want 403 naming 09541 without a confirm token: %.300s", st, page)
		}
		authzUnchanged(t, "refused upload", before, authzFigures(t, env, "09538", "09541", "268"))

		// Confirm: another login's preview cannot be confirmed by the ward.
		district := env.login(t, "canbo")
		st, page = send(t, district, http.MethodPost, env.ts.URL+"/entry/import", both[0], both[1])
		m := authzToken.FindStringSubmatch(page)
		if st != http.StatusOK || m == nil {
			t.Fatalf("district staff preview: status %d, token %v", st, m)
		}
		st, _ = send(t, ward, http.MethodPost, env.ts.URL+"/entry/import/confirm", formType, "token="+m[1]+"&reason=x")
		if st != http.StatusConflict {
			t.Errorf("ward confirms the district's upload: status %d, want 409", st)
		}
		authzUnchanged(t, "confirm with another login's token", before, authzFigures(t, env, "09538", "09541", "268"))

		// Confirm: rights are checked again. The ward previews a file of
		// its own ward (accepted), is then moved to ward 09541 by an
		// admin, and confirms: 09538 is no longer its subtree.
		st, page = send(t, ward, http.MethodPost, env.ts.URL+"/entry/import", own[0], own[1])
		m = authzToken.FindStringSubmatch(page)
		if st != http.StatusOK || m == nil {
			t.Fatalf("ward previews its own ward's figures: status %d, token %v: %.300s", st, m, page)
		}
		u, _, err := env.db.UserCredentials(context.Background(), "canbophuong")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.db.UpdateUser(context.Background(), u.ID, sqlite.UserUpdate{Role: oversight.RoleStaff, UnitCode: "09541"}, sqlite.Actor{}); err != nil {
			t.Fatal(err)
		}
		st, _ = send(t, ward, http.MethodPost, env.ts.URL+"/entry/import/confirm", formType, "token="+m[1]+"&reason=x")
		if st != http.StatusForbidden {
			t.Errorf("confirm after losing the unit: status %d, want 403", st)
		}
		authzUnchanged(t, "confirm after losing the unit", before, authzFigures(t, env, "09538", "09541", "268"))
		// Bound to 09538 again, the same preview and confirmation save it.
		if _, err := env.db.UpdateUser(context.Background(), u.ID, sqlite.UserUpdate{Role: oversight.RoleStaff, UnitCode: seed.DemoAccounts[3].Unit}, sqlite.Actor{}); err != nil {
			t.Fatal(err)
		}
		_, page = send(t, ward, http.MethodPost, env.ts.URL+"/entry/import", own[0], own[1])
		if m = authzToken.FindStringSubmatch(page); m == nil {
			t.Fatalf("no token on the second preview: %.300s", page)
		}
		st, _ = send(t, ward, http.MethodPost, env.ts.URL+"/entry/import/confirm", formType, "token="+m[1]+"&reason=x")
		if got := authzFigures(t, env, "09538")["09538.trainees"]; st != http.StatusSeeOther || got != "7" {
			t.Errorf("confirm in its own ward: status %d, 09538 trainees %q; want 303 and 7", st, got)
		}
	})

	t.Run("API", func(t *testing.T) {
		auth := []string{"Authorization", "Bearer " + wardTok}
		before := authzFigures(t, env, "09538", "09541", "268")
		for _, unit := range foreign {
			// A valid row of its own ward first: the batch is refused whole.
			body := fmt.Sprintf(`{"values":[{"unit":"09538","period":%q,"metric":"inspections","value":5,"reason":"x"},`+
				`{"unit":%q,"period":%q,"metric":"inspections","value":5,"reason":"x"}]}`, period, unit, period)
			st, resp := send(t, env.client(), http.MethodPost, env.ts.URL+"/api/v1/values", "application/json", body, auth...)
			if st != http.StatusForbidden || !strings.Contains(resp, unit) {
				t.Errorf("API batch naming %s: status %d, want 403 naming it: %.300s", unit, st, resp)
			}
			authzUnchanged(t, "API batch naming "+unit, before, authzFigures(t, env, "09538", "09541", "268"))
		}
		body := fmt.Sprintf(`{"values":[{"unit":"09538","period":%q,"metric":"inspections","value":5,"reason":"x"}]}`, period)
		st, resp := send(t, env.client(), http.MethodPost, env.ts.URL+"/api/v1/values", "application/json", body, auth...)
		if got := authzFigures(t, env, "09538")["09538.inspections"]; st != http.StatusOK || got != "5" {
			t.Errorf("API for its own ward: status %d, inspections %q: %.300s", st, got, resp)
		}
	})
}
