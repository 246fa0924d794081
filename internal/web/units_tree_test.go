package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The tree of units starts collapsed: the root open with its children,
// nothing deeper; a unit's level opens by ?open= (without JavaScript) or
// arrives as a fragment by ?children= (the script), and a search sent
// without JavaScript lists what it finds.
func TestUnitsTreeStartsCollapsed(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "daibieu")
	ctx := context.Background()
	district, err := env.db.UnitByCode(ctx, "268")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("the first page shows the nation's provinces, nothing deeper", func(t *testing.T) {
		status, body, _ := get(t, c, env.ts.URL+"/units")
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		for _, want := range []string{"Thành phố Hà Nội", "Tỉnh Hoà Bình", `id="units-q"`} {
			if !strings.Contains(body, want) {
				t.Errorf("/units lacks %q", want)
			}
		}
		for _, absent := range []string{"Quận Hà Đông", "Phường Mộ Lao", "Phòng Nội vụ"} {
			if strings.Contains(body, absent) {
				t.Errorf("/units shows %q, under a level that should start closed", absent)
			}
		}
	})

	t.Run("open= shows the chain to that unit open", func(t *testing.T) {
		_, body, _ := get(t, c, fmt.Sprintf("%s/units?open=%d", env.ts.URL, district.ID))
		for _, want := range []string{"Phường Mộ Lao", "Phòng Nội vụ", fmt.Sprintf(`<details open data-children="%d" data-loaded>`, district.ID)} {
			if !strings.Contains(body, want) {
				t.Errorf("/units?open=Hà Đông lacks %q", want)
			}
		}
	})

	t.Run("children= answers one level as a fragment", func(t *testing.T) {
		status, body, hdr := get(t, c, fmt.Sprintf("%s/units?children=%d", env.ts.URL, district.ID))
		if status != http.StatusOK || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
			t.Fatalf("status %d, type %q", status, hdr.Get("Content-Type"))
		}
		if strings.Contains(body, "<html") || strings.Contains(body, "Quận Hà Đông") {
			t.Errorf("the fragment holds more than the level: %.200s", body)
		}
		if n := strings.Count(body, `<li id="u-`); n != 27 {
			t.Errorf("the fragment has %d units, want Hà Đông's 27 (the 17 wards of 2019, the Quang Trung of 2025, 9 departments)", n)
		}
		if !strings.Contains(body, `<a href="/units/09538@`) || !strings.Contains(body, `">Phường Nguyễn Trãi</a>`) {
			t.Errorf("the fragment lacks the ward's link: %.400s", body)
		}
	})

	t.Run("a search sent without JavaScript lists what it finds", func(t *testing.T) {
		_, body, _ := get(t, c, env.ts.URL+"/units?q="+url.QueryEscape("ha dong"))
		results := body[strings.Index(body, `id="units-results"`):strings.Index(body, `id="units-tree"`)]
		for _, want := range []string{"Quận Hà Đông", "Phường Hà Đông", "Thành phố Hà Nội"} {
			if !strings.Contains(results, want) {
				t.Errorf("results for \"ha dong\" lack %q", want)
			}
		}
		if strings.Contains(results, "Phường Mộ Lao") {
			t.Errorf("results for \"ha dong\" list Mộ Lao")
		}
		_, body, _ = get(t, c, env.ts.URL+"/units?q=zzzz")
		if !strings.Contains(body, `id="units-none"`) {
			t.Errorf("no \"nothing found\" for zzzz")
		}
	})

	for _, bad := range []string{"/units?children=abc", "/units?children=0", "/units?open=x", "/units?q=" + strings.Repeat("a", 101)} {
		t.Run("refused: "+bad[:min(len(bad), 30)], func(t *testing.T) {
			if status, _, _ := get(t, c, env.ts.URL+bad); status != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400", bad, status)
			}
		})
	}
	t.Run("children of a unit that does not exist: 404", func(t *testing.T) {
		if status, _, _ := get(t, c, env.ts.URL+"/units?children=999999"); status != http.StatusNotFound {
			t.Errorf("status %d, want 404", status)
		}
	})
}

// GET /api/v1/units/search: names without diacritics, a day, a subtree,
// the limit, and clear refusals.
func TestAPIUnitSearch(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "phantich")
	type hit struct {
		Code, Name, Kind, KindName, Parent, ParentName, ValidFrom, ValidTo, URL string
	}
	search := func(t *testing.T, query string) (int, []hit, string) {
		t.Helper()
		status, body, _ := get(t, c, env.ts.URL+"/api/v1/units/search?"+query)
		var out struct {
			Units []struct {
				Code       string `json:"code"`
				Name       string `json:"name"`
				Kind       string `json:"kind"`
				KindName   string `json:"kind_name"`
				Parent     string `json:"parent"`
				ParentName string `json:"parent_name"`
				ValidFrom  string `json:"valid_from"`
				ValidTo    string `json:"valid_to"`
				URL        string `json:"url"`
			} `json:"units"`
		}
		if status == http.StatusOK {
			decode(t, body, &out)
		}
		var hs []hit
		for _, u := range out.Units {
			hs = append(hs, hit(u))
		}
		return status, hs, body
	}
	names := func(hs []hit) string {
		var out []string
		for _, h := range hs {
			out = append(out, h.Name)
		}
		return strings.Join(out, "; ")
	}

	t.Run("ha dong finds Hà Đông, the district and the 2025 ward", func(t *testing.T) {
		_, hs, _ := search(t, "q=ha+dong")
		got := names(hs)
		if !strings.Contains(got, "Quận Hà Đông") || !strings.Contains(got, "Phường Hà Đông") {
			t.Fatalf("ha dong found %q", got)
		}
		for _, h := range hs {
			if h.Name == "Quận Hà Đông" && (h.ParentName != "Thành phố Hà Nội" || h.KindName != "Quận/huyện" || h.URL == "") {
				t.Errorf("district hit %+v", h)
			}
			if h.Name == "Phường Hà Đông" && (h.ValidFrom != "2025-07-01" || !strings.Contains(h.URL, "09556@2025-07-01")) {
				t.Errorf("2025 ward hit %+v: its validity and a link that names it", h)
			}
		}
	})
	t.Run("đ folds to d in the text typed too", func(t *testing.T) {
		_, hs, _ := search(t, "q="+url.QueryEscape("ĐỒNG MAI"))
		// Every hit holds both words without diacritics ("Đông Mai", "Mai
		// Động" too: the words may come in any order); Hà Đông's ward is one.
		for _, h := range hs {
			if f := strings.ToLower(foldForTest(h.Name)); !strings.Contains(f, "dong") || !strings.Contains(f, "mai") {
				t.Errorf("ĐỒNG MAI found %q", h.Name)
			}
		}
		if !strings.Contains(names(hs), "Phường Đồng Mai") {
			t.Errorf("ĐỒNG MAI found %q", names(hs))
		}
	})
	t.Run("on a day: only units in force", func(t *testing.T) {
		_, hs, _ := search(t, "q=ha+dong&on=2019-11-13")
		if got := names(hs); strings.Contains(got, "Phường Hà Đông") || !strings.Contains(got, "Quận Hà Đông") {
			t.Errorf("on 13/11/2019 ha dong found %q", got)
		}
		_, hs, _ = search(t, "q=ha+dong&on=01/07/2025")
		if got := names(hs); !strings.Contains(got, "Phường Hà Đông") || strings.Contains(got, "Quận Hà Đông") {
			t.Errorf("on 01/07/2025 ha dong found %q", got)
		}
	})
	t.Run("under a unit: only its subtree", func(t *testing.T) {
		_, hs, _ := search(t, "q=phong&under=268&limit=100")
		if len(hs) != 9 {
			t.Errorf("departments of Hà Đông: %d hits (%s), want 9", len(hs), names(hs))
		}
		_, hs, _ = search(t, "q=ha+dong&under=09538")
		if len(hs) != 0 {
			t.Errorf("ha dong under a ward found %q", names(hs))
		}
	})
	t.Run("the limit holds", func(t *testing.T) {
		_, hs, _ := search(t, "q=phuong&limit=3")
		if len(hs) != 3 {
			t.Errorf("%d hits, want 3", len(hs))
		}
	})
	t.Run("English names the kind in English", func(t *testing.T) {
		_, body, _ := get(t, c, env.ts.URL+"/api/v1/units/search?q=ha+dong&lang=en")
		if !strings.Contains(body, `"kind_name":"District"`) || strings.Contains(body, `"kind_name":"Quận/huyện"`) {
			t.Errorf("kind names in English: %.300s", body)
		}
	})
	for _, bad := range []struct{ query, want string }{
		{"q=ha&limit=0", "limit"},
		{"q=ha&limit=101", "limit"},
		{"q=ha&on=2025-13-01", "2025-13-01"},
		{"q=" + strings.Repeat("a", 101), "100"},
	} {
		t.Run("refused: "+bad.query[:min(len(bad.query), 24)], func(t *testing.T) {
			status, _, body := search(t, bad.query)
			if status != http.StatusBadRequest || !strings.Contains(body, bad.want) {
				t.Errorf("status %d, body %.200s; want 400 naming %q", status, body, bad.want)
			}
		})
	}
	t.Run("a unit that does not exist under: 404", func(t *testing.T) {
		if status, _, body := search(t, "q=ha&under=NOPE"); status != http.StatusNotFound || !strings.Contains(body, "NOPE") {
			t.Errorf("status %d, body %.200s", status, body)
		}
	})
	t.Run("without a login: 401", func(t *testing.T) {
		if status, _, _ := get(t, env.client(), env.ts.URL+"/api/v1/units/search?q=ha"); status != http.StatusUnauthorized {
			t.Errorf("status %d", status)
		}
	})
}

// The entry page's unit picker searches only where a staff member may
// write (data-unit-under, read by unitpicker.js); an administrator's
// searches everywhere; and no page with a picker sends a list of units.
func TestEntryPickerSearchesWithinTheStaffSubtree(t *testing.T) {
	env := newEnv(t)
	for _, c := range []struct{ role, want string }{
		{"canbo", `data-unit-under="268"`},
		{"canbophuong", `data-unit-under="09538"`},
		{"admin", ""},
	} {
		t.Run(c.role, func(t *testing.T) {
			_, body, _ := get(t, env.login(t, c.role), env.ts.URL+"/entry")
			if !strings.Contains(body, `id="entry-unit" name="unit"`) || !strings.Contains(body, "data-unit-picker") {
				t.Fatalf("no unit picker on the entry page")
			}
			if c.want != "" && !strings.Contains(body, c.want) {
				t.Errorf("entry page lacks %s", c.want)
			}
			if c.want == "" && strings.Contains(body, "data-unit-under") {
				t.Errorf("the administrator's picker is bounded")
			}
		})
	}
	admin := env.login(t, "admin")
	// (The tracker's "lead" filter keeps its short list of the units that
	// lead a recommendation; its "unit" filter is the picker.)
	for _, p := range []string{"/export", "/sessions/new", "/sessions/1", "/admin/users", "/entry", "/recommendations"} {
		t.Run("no list of units on "+p, func(t *testing.T) {
			_, body, _ := get(t, admin, env.ts.URL+p)
			if p != "/recommendations" && (strings.Contains(body, `<option value="09541">`) || strings.Contains(body, `<option value="268"`)) {
				t.Errorf("%s still lists units as options", p)
			}
			if !strings.Contains(body, "data-unit-picker") {
				t.Errorf("%s has no unit picker", p)
			}
		})
	}
}

// foldForTest drops Vietnamese diacritics the simple way, as an oracle
// independent of the store's search.
func foldForTest(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case strings.ContainsRune("àáảãạăằắẳẵặâầấẩẫậ", r):
			r = 'a'
		case strings.ContainsRune("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", r):
			r = 'A'
		case strings.ContainsRune("èéẻẽẹêềếểễệ", r):
			r = 'e'
		case strings.ContainsRune("ìíỉĩị", r):
			r = 'i'
		case strings.ContainsRune("òóỏõọôồốổỗộơờớởỡợ", r):
			r = 'o'
		case strings.ContainsRune("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", r):
			r = 'O'
		case strings.ContainsRune("ùúủũụưừứửữự", r):
			r = 'u'
		case strings.ContainsRune("ỳýỷỹỵ", r):
			r = 'y'
		case r == 'đ':
			r = 'd'
		case r == 'Đ':
			r = 'D'
		}
		b.WriteRune(r)
	}
	return b.String()
}
