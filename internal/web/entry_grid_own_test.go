package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
)

// A ward clerk opening her district's grid enters her own ward's row and
// saves it; another ward's row changed in the same post refuses the whole
// post and names that ward.
func TestGridWardClerkSavesHerOwnRow(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	clerk, _, err := env.db.UserCredentials(ctx, "canbophuong")
	if err != nil {
		t.Fatal(err)
	}
	ward, err := env.db.UnitByID(ctx, clerk.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	district := mustUnit(t, env, "268")
	kids, err := env.db.Children(ctx, district.ID)
	if err != nil {
		t.Fatal(err)
	}
	var other oversight.Unit
	for _, k := range kids {
		if k.ID != ward.ID && k.Kind == ward.Kind {
			other = k
			break
		}
	}
	c := env.login(t, "canbophuong")
	const month = "2019-11"
	page := env.ts.URL + "/entry/grid?unit=268&period=" + month + "&group=inspections"
	status, body, _ := get(t, c, page)
	if status != http.StatusOK || !strings.Contains(body, `id="grid-save"`) {
		t.Fatalf("grid for the ward clerk: %d, save offered %v", status, strings.Contains(body, `id="grid-save"`))
	}
	own := "v." + ward.Code + ".inspections"
	if !strings.Contains(body, `name="`+own+`"`) {
		t.Fatalf("no box %s on the grid", own)
	}

	// Another ward's box changed: nothing is saved, and the page says which.
	form := url.Values{"unit": {"268"}, "period": {month}, "group": {"inspections"}, own: {"7"}, "v." + other.Code + ".inspections": {"9"}}
	status, body, _ = entryPost(t, c, env.ts.URL+"/entry/grid", form)
	if status != http.StatusForbidden || !strings.Contains(body, other.Name) {
		t.Errorf("another ward changed: %d, names %s: %v; want 403 naming it", status, other.Name, strings.Contains(body, other.Name))
	}
	m := oversight.NewMonth(2019, 11)
	if mc, _ := env.db.EntryContext(ctx, ward.ID, m); mc.Stored["inspections"] == 7 {
		t.Error("the refused post saved the clerk's own box")
	}

	// Her own ward alone: saved.
	form.Del("v." + other.Code + ".inspections")
	if status, _, _ = entryPost(t, c, env.ts.URL+"/entry/grid", form); status != http.StatusSeeOther {
		t.Fatalf("own row saved from the grid: %d, want 303", status)
	}
	if mc, _ := env.db.EntryContext(ctx, ward.ID, m); mc.Stored["inspections"] != 7 {
		t.Errorf("%s inspections = %v after the save, want 7", ward.Code, mc.Stored["inspections"])
	}
	if mc, _ := env.db.EntryContext(ctx, other.ID, m); mc.Stored["inspections"] == 9 {
		t.Errorf("%s got the other ward's 9", other.Code)
	}
	_, body, _ = get(t, c, page)
	if !strings.Contains(body, `name="`+own+`" id="g-`+ward.Code+`.inspections" value="7"`) {
		t.Error("the grid does not show the saved 7 in the clerk's row")
	}
}
