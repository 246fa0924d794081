package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// Month boxes on the export builder and the entry form are plain text
// shown "10/2019", never the browser's own picker (whose words follow the
// browser's locale); "10/2019" typed gives what "2019-10" gives.
func TestMonthBoxesAreTypedTheVietnameseWay(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "canbo")

	box := func(body, id string) string {
		m := regexp.MustCompile(`<input id="` + id + `"[^>]*>`).FindString(body)
		if m == "" {
			t.Fatalf("no box #%s", id)
		}
		if !strings.Contains(m, `type="text"`) || !strings.Contains(m, `placeholder="tt/nnnn"`) || !strings.Contains(m, `title="Tháng/năm, ví dụ 10/2019"`) {
			t.Errorf("#%s is not a text box for tt/nnnn: %s", id, m)
		}
		return regexp.MustCompile(`value="([^"]*)"`).FindStringSubmatch(m)[1]
	}

	_, body, _ := get(t, c, env.ts.URL+"/export?unit=268&from=2019-01&to=2019-10")
	if from, to := box(body, "export-from"), box(body, "export-to"); from != "01/2019" || to != "10/2019" {
		t.Errorf("export builder shows %q to %q, want 01/2019 to 10/2019", from, to)
	}
	typed := "/export/file?unit=268&subtree=true&from=01/2019&to=10/2019&by=month&layout=long&format=csv&sep=semicolon&metrics=dossiers_received"
	iso := strings.NewReplacer("01/2019", "2019-01", "10/2019", "2019-10").Replace(typed)
	s1, csvTyped, _ := get(t, c, env.ts.URL+typed)
	s2, csvISO, _ := get(t, c, env.ts.URL+iso)
	if s1 != http.StatusOK || s2 != http.StatusOK || csvTyped != csvISO || !strings.Contains(csvTyped, "10/2019") {
		t.Errorf("export of 01/2019–10/2019 typed: %d, ISO: %d, same file %v", s1, s2, csvTyped == csvISO)
	}
	status, body, _ := get(t, c, env.ts.URL+"/export?unit=268&from=13/2019&to=10/2019")
	if status != http.StatusOK || box(body, "export-from") != "13/2019" {
		t.Errorf("a refused month is not shown back as typed: %d %q", status, box(body, "export-from"))
	}

	_, body, _ = get(t, c, env.ts.URL+"/entry?unit=268&period=10/2019")
	if !strings.Contains(body, "· 10/2019</h1>") || box(body, "entry-period") != "10/2019" {
		t.Errorf("entry form for 10/2019 typed does not open October 2019")
	}
	_, body, _ = get(t, c, env.ts.URL+"/entry/grid?unit=268&period=9/2019")
	if !strings.Contains(body, "· 09/2019</h1>") {
		t.Errorf("grid for 9/2019 typed does not open September 2019")
	}
}
