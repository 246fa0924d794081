package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// One code, two units (issue 12): 09552 was Phường Phú La until
// 30/06/2025 and is Phường Kiến Hưng from 01/07/2025. Pages, the API and
// exports resolve it at the date or span they concern; a request that
// cannot be resolved is refused with the candidates.
func TestUnitCodeReusedAcrossPeriods(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	if err := env.db.PutValues(ctx, []sqlite.ValueInput{
		{UnitCode: "09552", Metric: "dossiers_received", Month: oversight.NewMonth(2025, 5), Value: 41},
		{UnitCode: "09552", Metric: "dossiers_received", Month: oversight.NewMonth(2025, 8), Value: 59},
	}, "form", sqlite.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	phuLa, err := env.db.UnitByCode(ctx, "09552@2025-06-30")
	if err != nil || phuLa.Name != "Phường Phú La" {
		t.Fatalf("09552@2025-06-30 = %+v %v", phuLa, err)
	}
	c := env.login(t, "daibieu")

	t.Run("the unit page without a date shows the unit in force today, and links to the other", func(t *testing.T) {
		status, body, _ := get(t, c, env.ts.URL+"/units/09552")
		body = html.UnescapeString(body)
		if status != http.StatusOK || !strings.Contains(body, "<h1>Phường Kiến Hưng</h1>") || !strings.Contains(body, `href="/units/09552@2025-06-30"`) {
			t.Errorf("/units/09552: %d, want Kiến Hưng linking to Phú La by reference", status)
		}
	})
	t.Run("a reference or ?on= names the old unit", func(t *testing.T) {
		for _, u := range []string{"/units/09552@2025-06-30", "/units/09552?on=2019-11-13"} {
			status, body, _ := get(t, c, env.ts.URL+u)
			if status != http.StatusOK || !strings.Contains(html.UnescapeString(body), "<h1>Phường Phú La</h1>") {
				t.Errorf("%s: %d, want Phường Phú La", u, status)
			}
		}
	})
	t.Run("a span names the unit of that span on the dashboard", func(t *testing.T) {
		for _, tc := range []struct{ from, to, want, received string }{
			{"2025-05", "2025-05", "Phường Phú La", "41"},
			{"2025-08", "2025-08", "Phường Kiến Hưng", "59"},
		} {
			status, body, _ := get(t, c, env.ts.URL+"/dashboard?unit=09552&from="+tc.from+"&to="+tc.to)
			body = html.UnescapeString(body)
			card := body[strings.Index(body, `id="kpi-received"`):]
			card = card[:strings.Index(card, `id="kpi-ontime"`)]
			if status != http.StatusOK || !strings.Contains(body, tc.want) || !strings.Contains(card, ">"+tc.received+"<") {
				t.Errorf("dashboard of 09552 over %s: %d, want %s with %s received", tc.from, status, tc.want, tc.received)
			}
		}
	})
	t.Run("a span across both is refused with the candidates", func(t *testing.T) {
		status, body, _ := get(t, c, env.ts.URL+"/dashboard?unit=09552&from=2025-05&to=2025-08")
		body = html.UnescapeString(body)
		if status != http.StatusConflict || !strings.Contains(body, "09552@2025-06-30 Phường Phú La") || !strings.Contains(body, "09552@2025-07-01 Phường Kiến Hưng") {
			t.Errorf("dashboard across both: %d, want 409 naming both", status)
		}
		tok := env.token(t, "phantich")
		status, body, _ = get(t, http.DefaultClient, env.ts.URL+"/api/v1/values?unit=09552&from=2025-05&to=2025-08", "Authorization", "Bearer "+tok)
		if status != http.StatusConflict || !strings.Contains(body, "09552@2025-07-01") {
			t.Errorf("API across both: %d %s", status, body)
		}
	})
	t.Run("the API reads each unit's own figures", func(t *testing.T) {
		tok := env.token(t, "phantich")
		for _, tc := range []struct{ q, want string }{
			{"unit=09552&from=2025-01&to=2025-06", `"value":41`},
			{"unit=09552&from=2025-07&to=2025-12", `"value":59`},
			{"unit=09552@2025-07-01&from=2025-01&to=2025-06", `"values":[]`},
		} {
			status, body, _ := get(t, http.DefaultClient, env.ts.URL+"/api/v1/values?"+tc.q, "Authorization", "Bearer "+tok)
			if status != http.StatusOK || !strings.Contains(body, tc.want) {
				t.Errorf("%s: %d %s, want %s", tc.q, status, body, tc.want)
			}
		}
	})
	t.Run("an export of a span names the unit of that span", func(t *testing.T) {
		q := url.Values{"unit": {"09552"}, "from": {"2025-01"}, "to": {"2025-06"}, "format": {"csv"}, "metrics": {"dossiers_received"}}
		status, body, _ := exportGet(t, env, "phantich", q)
		if status != http.StatusOK || !strings.Contains(string(body), "Phường Phú La") || strings.Contains(string(body), "Kiến Hưng") || !strings.Contains(string(body), "41") {
			t.Errorf("export 01-06/2025: %d %s", status, body)
		}
		q.Set("from", "2025-07")
		q.Set("to", "2025-12")
		status, body, _ = exportGet(t, env, "phantich", q)
		if status != http.StatusOK || !strings.Contains(string(body), "Phường Kiến Hưng") || !strings.Contains(string(body), "59") {
			t.Errorf("export 07-12/2025: %d %s", status, body)
		}
	})
	t.Run("the entry form of a month names the unit of that month", func(t *testing.T) {
		admin := env.login(t, "admin")
		status, body, _ := get(t, admin, env.ts.URL+"/entry?unit=09552&period=2025-05")
		if status != http.StatusOK || !strings.Contains(html.UnescapeString(body), "Phường Phú La · 05/2025") {
			t.Errorf("entry of 09552 for 05/2025: %d, want Phú La's form", status)
		}
		status, body, _ = get(t, admin, env.ts.URL+"/entry?unit=09552&period=2025-08")
		if status != http.StatusOK || !strings.Contains(html.UnescapeString(body), "Phường Kiến Hưng · 08/2025") {
			t.Errorf("entry of 09552 for 08/2025: %d, want Kiến Hưng's form", status)
		}
	})
}

// The unit page follows succession links both ways, by reference, and
// says which old units went whole and which in part.
func TestUnitPageSuccessionLinksBothWays(t *testing.T) {
	env := newEnv(t)
	c := env.login(t, "daibieu")
	status, body, _ := get(t, c, env.ts.URL+"/units/09556")
	body = html.UnescapeString(body)
	pre := body[strings.Index(body, `id="predecessors"`):]
	pre = pre[:strings.Index(pre, "</p>")]
	if status != http.StatusOK || !strings.Contains(pre, `href="/units/09553"`) || !strings.Contains(pre, "Phường Phúc La") ||
		!strings.Contains(pre, "toàn bộ: Nhập toàn bộ") || !strings.Contains(pre, `href="/units/09556@2025-06-30"`) || !strings.Contains(pre, "một phần") {
		t.Errorf("predecessors of Phường Hà Đông: %d %s", status, pre)
	}
	status, body, _ = get(t, c, env.ts.URL+"/units/09556@2025-06-30")
	body = html.UnescapeString(body)
	succ := body[strings.Index(body, `id="successors"`):]
	succ = succ[:strings.Index(succ, "</p>")]
	if status != http.StatusOK || !strings.Contains(body, "<h1>Phường Hà Cầu</h1>") || !strings.Contains(succ, `href="/units/09556@2025-07-01"`) ||
		!strings.Contains(succ, `href="/units/09552@2025-07-01"`) || !strings.Contains(succ, "một phần") {
		t.Errorf("successors of Phường Hà Cầu: %d %s", status, succ)
	}
}
