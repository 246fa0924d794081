package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/web"
)

// gzipGet asks for u with the given Accept-Encoding and returns the body
// as sent (not decompressed) and the headers.
func gzipGet(t *testing.T, c *http.Client, u, accept string) (int, []byte, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	// Set by hand, so the transport neither adds gzip nor decompresses.
	req.Header.Set("Accept-Encoding", accept)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b, resp.Header
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("broken gzip: %v", err)
	}
	return out
}

// TestGzipNationalDashboardShrinks loads a national-shaped synthetic set
// (34 provinces, 340 communes) and checks its dashboard HTML comes
// compressed to a small part of its size, and whole once decompressed.
func TestGzipNationalDashboardShrinks(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "national.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := seed.Synthetic(ctx, db, seed.SyntheticOptions{Provinces: 34, Units: 340, Months: 12, End: oversight.NewMonth(2026, 10), Seed: 1}); err != nil {
		t.Fatal(err)
	}
	const name, pass = "gzip-delegate", "gzip-delegate-password"
	if _, err := db.CreateUser(ctx, name, oversight.RoleDelegate, "", demoHash(t, pass), sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(db, web.Config{Now: func() time.Time { return time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC) }},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if resp, err := c.PostForm(ts.URL+"/login", url.Values{"username": {name}, "password": {pass}}); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}

	u := ts.URL + "/dashboard?unit=" + seed.SyntheticRootCode
	code, plain, h := gzipGet(t, c, u, "identity")
	if code != http.StatusOK || h.Get("Content-Encoding") != "" || !bytes.Contains(plain, []byte("<html")) {
		t.Fatalf("plain: status %d, encoding %q", code, h.Get("Content-Encoding"))
	}
	code, zipped, h := gzipGet(t, c, u, "gzip, deflate, br")
	if code != http.StatusOK || h.Get("Content-Encoding") != "gzip" {
		t.Fatalf("gzip asked: status %d, encoding %q", code, h.Get("Content-Encoding"))
	}
	if vary := strings.Join(h.Values("Vary"), ", "); !strings.Contains(vary, "Accept-Encoding") {
		t.Errorf("Vary %q does not name Accept-Encoding", vary)
	}
	if h.Get("Content-Length") != "" && h.Get("Content-Length") != strconv.Itoa(len(zipped)) {
		t.Errorf("Content-Length %s for %d bytes sent", h.Get("Content-Length"), len(zipped))
	}
	html := gunzip(t, zipped)
	if len(html) != len(plain) || !bytes.HasSuffix(bytes.TrimSpace(html), []byte("</html>")) {
		t.Errorf("decompressed page %d bytes, plain %d bytes", len(html), len(plain))
	}
	if len(zipped)*4 > len(plain) {
		t.Errorf("national dashboard %d bytes, %d gzipped: less than 4 times smaller", len(plain), len(zipped))
	}
	t.Logf("national dashboard: %d bytes, %d gzipped", len(plain), len(zipped))
}

// TestGzipOnlyWhereItHelps checks JSON is compressed, a refusal of gzip
// (q=0) is honoured, exports stream uncompressed, and static assets keep
// their own gzip with Content-Length, ETag and 304.
func TestGzipOnlyWhereItHelps(t *testing.T) {
	e := newEnv(t)
	c := e.login(t, "phantich")

	code, b, h := gzipGet(t, c, e.ts.URL+"/api/v1/units", "gzip")
	if code != http.StatusOK || h.Get("Content-Encoding") != "gzip" || !bytes.HasPrefix(bytes.TrimSpace(gunzip(t, b)), []byte("{")) && !bytes.HasPrefix(bytes.TrimSpace(gunzip(t, b)), []byte("[")) {
		t.Errorf("JSON: status %d, encoding %q", code, h.Get("Content-Encoding"))
	}
	if _, _, h := gzipGet(t, c, e.ts.URL+"/units", "gzip;q=0, identity"); h.Get("Content-Encoding") != "" {
		t.Errorf("gzip refused with q=0, sent %q", h.Get("Content-Encoding"))
	}

	for _, q := range []string{exportHaDong.Encode(), exportHaDong.Encode() + "&format=csv"} {
		code, b, h := gzipGet(t, c, e.ts.URL+"/export/file?"+q, "gzip")
		if code != http.StatusOK || h.Get("Content-Encoding") != "" || !strings.HasPrefix(h.Get("Content-Disposition"), "attachment") {
			t.Errorf("export %s: status %d, encoding %q, disposition %q", q, code, h.Get("Content-Encoding"), h.Get("Content-Disposition"))
		}
		if strings.Contains(q, "csv") == bytes.HasPrefix(b, []byte("PK")) {
			t.Errorf("export %s: body starts %q", q, b[:min(8, len(b))])
		}
	}

	_, page, _ := gzipGet(t, c, e.ts.URL+"/export", "identity")
	m := regexp.MustCompile(`"(/static/[^"]*/css/app\.css)"`).FindSubmatch(page)
	if m == nil {
		t.Fatal("no stylesheet link")
	}
	css := e.ts.URL + string(m[1])
	_, raw, h := gzipGet(t, c, css, "identity")
	if h.Get("Content-Length") != strconv.Itoa(len(raw)) || h.Get("Content-Encoding") != "" {
		t.Errorf("plain asset: Content-Length %q for %d bytes, encoding %q", h.Get("Content-Length"), len(raw), h.Get("Content-Encoding"))
	}
	_, zipped, h := gzipGet(t, c, css, "gzip")
	if h.Get("Content-Encoding") != "gzip" || h.Get("Content-Length") != strconv.Itoa(len(zipped)) || !bytes.Equal(gunzip(t, zipped), raw) {
		t.Errorf("gzipped asset: encoding %q, Content-Length %q for %d bytes", h.Get("Content-Encoding"), h.Get("Content-Length"), len(zipped))
	}
	etag := h.Get("ETag")
	if etag == "" {
		t.Fatal("asset without ETag")
	}
	req, _ := http.NewRequest(http.MethodGet, css, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("If-None-Match", etag)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("If-None-Match: status %d, %d bytes, encoding %q", resp.StatusCode, len(body), resp.Header.Get("Content-Encoding"))
	}
}

// TestGzipSkipsTinyBodies checks a redirect's few bytes go out as they
// are: gzip would make them larger.
func TestGzipSkipsTinyBodies(t *testing.T) {
	e := newEnv(t)
	code, b, h := gzipGet(t, e.client(), e.ts.URL+"/units", "gzip")
	if code != http.StatusSeeOther || h.Get("Content-Encoding") != "" || len(b) >= 512 {
		t.Errorf("redirect to login: status %d, encoding %q, %d bytes", code, h.Get("Content-Encoding"), len(b))
	}
}
