package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/web"
)

// A dashboard is rendered once and then served from the cache until a write
// commits: a figure saved shows on the very next page, which is the page a
// server that never cached anything renders from the same file.
func TestPageCacheShowsASavedFigureOnTheNextPage(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	c := env.login(t, "daibieu")
	page := env.ts.URL + "/dashboard?unit=268"

	_, before, h1 := get(t, c, page)
	_, again, h2 := get(t, c, page)
	if h1.Get("X-Page-Cache") != "miss" || h2.Get("X-Page-Cache") != "hit" {
		t.Fatalf("first visit %q, second %q: want a miss, then a hit", h1.Get("X-Page-Cache"), h2.Get("X-Page-Cache"))
	}
	if again != before {
		t.Fatal("the cached page differs from the page rendered")
	}
	// Hà Đông's dossiers received, January–October 2019: 6.538 + 100.565.
	if !strings.Contains(before, "107.103") {
		t.Fatal("the dashboard does not show Hà Đông's 107.103 dossiers received")
	}

	// A ward's October gets 1,000 more dossiers, saved through the store's
	// write path (one transaction), as the entry form and the API save.
	hd, err := env.db.UnitByCode(ctx, "268")
	if err != nil {
		t.Fatal(err)
	}
	wards, err := env.db.Children(ctx, hd.ID)
	if err != nil || len(wards) == 0 {
		t.Fatalf("children of 268: %v %v", wards, err)
	}
	oct := oversight.NewMonth(2019, 10)
	var ward oversight.Unit
	var old float64
	for _, w := range wards {
		vs, err := env.db.Values(ctx, w.ID, []string{"dossiers_received"}, oversight.Span{From: oct, To: oct})
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) == 1 {
			ward, old = w, vs[0].Value
			break
		}
	}
	if ward.Code == "" {
		t.Fatal("no ward of 268 has dossiers received in October 2019")
	}
	if err := env.db.PutValues(ctx, []sqlite.ValueInput{{UnitCode: ward.Code, Metric: "dossiers_received", Month: oct, Value: old + 1000}},
		"api", sqlite.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}

	_, after, h3 := get(t, c, page)
	if h3.Get("X-Page-Cache") != "miss" {
		t.Errorf("after a write the page came %q from the cache, want rendered again", h3.Get("X-Page-Cache"))
	}
	if strings.Contains(after, "107.103") || !strings.Contains(after, "108.103") {
		t.Errorf("after 1.000 more dossiers at %s the page does not show 108.103 (or still shows 107.103)", ward.Name)
	}

	// The oracle: a second server on the same file, with an empty cache.
	fresh, err := web.New(env.db, web.Config{Demo: true, Now: func() time.Time { return time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC) }},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(fresh)
	defer ts.Close()
	env2 := &testEnv{ts: ts, db: env.db}
	_, want, _ := get(t, env2.login(t, "daibieu"), ts.URL+"/dashboard?unit=268")
	if after != want {
		t.Error("the page after the write differs from the page a server without a cache renders")
	}
}

// A cached page is never shown to another user, role or language: each
// sees their own name, role and words, whoever asked first.
func TestPageCacheNeverSharesAPageBetweenRolesOrLanguages(t *testing.T) {
	env := newEnv(t)
	type visitor struct {
		name, lang string
		client     *http.Client
		wantWords  string // the skip link, in the page's language
	}
	var vs []visitor
	for _, name := range []string{"daibieu", "canbo", "canbophuong", "phantich"} { // two staff: same role, other names
		for _, l := range []string{"vi", "en"} {
			c := env.login(t, name)
			if status, _, _ := get(t, c, env.ts.URL+"/lang/"+l+"?next=/units"); status != http.StatusSeeOther {
				t.Fatalf("switch %s to %s: %d", name, l, status)
			}
			words := "Bỏ qua, đến nội dung chính"
			if l == "en" {
				words = "Skip to the content"
			}
			vs = append(vs, visitor{name, l, c, words})
		}
	}
	for _, page := range []string{"/dashboard?unit=268", "/dashboard/brief?unit=268", "/dashboard?unit=268&figures=approved"} {
		// Twice round, so every visitor is served from the cache once at least.
		for round := 0; round < 2; round++ {
			for _, v := range vs {
				status, body, h := get(t, v.client, env.ts.URL+page)
				if status != http.StatusOK {
					t.Fatalf("%s (%s) %s: status %d", v.name, v.lang, page, status)
				}
				if round == 1 && h.Get("X-Page-Cache") != "hit" {
					t.Errorf("%s (%s) %s, second visit: %q, want a hit", v.name, v.lang, page, h.Get("X-Page-Cache"))
				}
				if !strings.Contains(body, `<span class="who">`+v.name+` (`) {
					t.Errorf("%s (%s) %s: the page does not name its own user", v.name, v.lang, page)
				}
				if !strings.Contains(body, `<html lang="`+v.lang+`">`) || !strings.Contains(body, v.wantWords) {
					t.Errorf("%s (%s) %s: the page is not in %s", v.name, v.lang, page, v.lang)
				}
				for _, other := range vs {
					if other.name != v.name && strings.Contains(body, `<span class="who">`+other.name+` (`) {
						t.Errorf("%s (%s) %s: shows %s's page", v.name, v.lang, page, other.name)
					}
				}
			}
		}
	}
}

// A browser that holds the current page gets 304 and no body; gzip is sent
// to clients that ask for it, the same page as the plain one.
func TestPageCacheRevalidatesAndCompresses(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "daibieu")
	page := env.ts.URL + "/dashboard?unit=268"
	_, plain, h := get(t, c, page)
	etag := h.Get("ETag")
	if etag == "" || h.Get("Cache-Control") != "private, no-cache" {
		t.Fatalf("ETag %q, Cache-Control %q", etag, h.Get("Cache-Control"))
	}
	status, body, _ := get(t, c, page, "If-None-Match", etag)
	if status != http.StatusNotModified || body != "" {
		t.Errorf("revalidation: status %d, %d bytes; want 304 and nothing", status, len(body))
	}
	// The transport unpacks gzip it asked for itself.
	resp, err := c.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !resp.Uncompressed || string(b) != plain {
		t.Errorf("gzipped page: uncompressed=%v, same as plain=%v", resp.Uncompressed, string(b) == plain)
	}
	// A write makes a new version: the old tag no longer matches.
	if err := env.db.RenameUnit(context.Background(), mustUnit(t, env, "268").ID, "Quận Hà Đông (mới)", sqlite.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	status, body, _ = get(t, c, page, "If-None-Match", etag)
	if status != http.StatusOK || !strings.Contains(body, "Quận Hà Đông (mới)") {
		t.Errorf("after a rename: status %d, new name shown %v", status, strings.Contains(body, "Quận Hà Đông (mới)"))
	}
}

func mustUnit(t *testing.T, env *testEnv, code string) oversight.Unit {
	t.Helper()
	u, err := env.db.UnitByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
