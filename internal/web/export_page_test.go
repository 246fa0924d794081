package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestExportPageDownloadsThroughTheBrowser checks the builder is a plain
// GET form to /export/file (the browser's own download, straight to disk),
// its note hidden until then (and not shown by CSS), and the CSV separator
// defaulting to the user's language.
func TestExportPageDownloadsThroughTheBrowser(t *testing.T) {
	e := newEnv(t)
	c := e.login(t, "phantich")

	_, body, _ := get(t, c, e.ts.URL+"/export")
	if !strings.Contains(body, `<form method="get" action="/export/file"`) {
		t.Errorf("the builder is not a plain GET form to /export/file")
	}
	if !regexp.MustCompile(`id="export-progress"[^>]*\bhidden\b`).MatchString(body) {
		t.Errorf("the progress note is not hidden before a download starts")
	}
	if !regexp.MustCompile(`<option value="semicolon" selected>`).MatchString(body) {
		t.Errorf("a Vietnamese user's CSV separator does not default to semicolon")
	}

	asset := func(name string) string {
		m := regexp.MustCompile(`"(/static/[^"]*/` + regexp.QuoteMeta(name) + `)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("the page does not link %s", name)
		}
		_, b, _ := get(t, c, e.ts.URL+m[1])
		return b
	}
	js := asset("js/export.js")
	if !strings.Contains(js, "box.hidden = false") {
		t.Errorf("export.js does not show the note when the form is sent")
	}
	for _, bad := range []string{"fetch(", "Blob", "createObjectURL"} {
		if strings.Contains(js, bad) {
			t.Errorf("export.js still holds the file in memory (%s)", bad)
		}
	}
	css := asset("css/app.css")
	if !strings.Contains(css, ".export-progress[hidden] { display: none; }") {
		t.Errorf("app.css lets display: flex override the hidden attribute")
	}

	get(t, c, e.ts.URL+"/lang/en?next=/export")
	_, body, _ = get(t, c, e.ts.URL+"/export")
	if !regexp.MustCompile(`<option value="comma" selected>`).MatchString(body) {
		t.Errorf("an English user's CSV separator does not default to comma")
	}
	// A choice made is kept.
	_, body, _ = get(t, c, e.ts.URL+"/export?sep=semicolon")
	if !regexp.MustCompile(`<option value="semicolon" selected>`).MatchString(body) {
		t.Errorf("the chosen separator is not kept")
	}
}

// TestExportFileIsAnAttachmentInVietnamese checks the builder's download
// is an attachment and the workbook says unit kinds, grouping and layout
// in Vietnamese.
func TestExportFileIsAnAttachmentInVietnamese(t *testing.T) {
	e := newEnv(t)
	c := e.login(t, "phantich")
	code, body, h := get(t, c, e.ts.URL+"/export/file?"+exportHaDong.Encode())
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") {
		t.Errorf("Content-Disposition %q, want an attachment", cd)
	}
	f := exportOpen(t, []byte(body))
	rows, _ := f.GetRows("Quý 1-2019")
	if len(rows) < 3 || len(rows[2]) < 3 || rows[2][2] != "Quận/huyện" {
		t.Errorf("the district's kind (Loại) is not in Vietnamese: %q", rows[2])
	}
	info, _ := f.GetRows("Thông tin")
	want := map[string]string{"Gộp theo / by": "Quý / quarter", "Bố cục / layout": "Ngang / wide"}
	for _, r := range info {
		if len(r) >= 2 {
			if w, ok := want[r[0]]; ok {
				if r[1] != w {
					t.Errorf("%s = %q, want %q", r[0], r[1], w)
				}
				delete(want, r[0])
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("rows missing from Thông tin: %v", want)
	}
}
