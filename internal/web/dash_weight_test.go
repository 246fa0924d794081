package web_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// dashGetGzip fetches u asking for gzip, as browsers do, and returns the
// bytes on the wire (the transport does not unpack what we asked for).
func dashGetGzip(t *testing.T, c *http.Client, u string) (int, http.Header) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d", u, resp.StatusCode)
	}
	return len(b), resp.Header
}

// A first visit of the dashboard takes at most 6 requests and under 500 KB
// on the wire; every static asset is content-addressed and cached for a
// year, so the next visit fetches only the page.
func TestDashPageWeight(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "daibieu")
	for _, page := range []string{"/", "/dashboard?unit=268"} {
		size, _ := dashGetGzip(t, c, env.ts.URL+page)
		total, requests := size, 1
		_, body, _ := get(t, c, env.ts.URL+page)
		assets := regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(body, -1)
		for _, a := range assets {
			n, h := dashGetGzip(t, c, env.ts.URL+a[1])
			total += n
			requests++
			if cc := h.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(cc, "max-age=31536000") {
				t.Errorf("%s: Cache-Control %q, want a year and immutable", a[1], cc)
			}
			t.Logf("%s: %d bytes", a[1], n)
		}
		t.Logf("%s: %d requests, %d bytes compressed (page %d)", page, requests, total, size)
		if requests > 6 {
			t.Errorf("%s: %d requests on a first visit, want at most 6", page, requests)
		}
		if total >= 500*1024 {
			t.Errorf("%s: %d bytes on a first visit, want under 500 KB", page, total)
		}
	}
}
