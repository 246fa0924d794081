package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

// trendRowRE reads a row of the dashboard's trend table: month, whether it
// is marked comparable, dossiers received, on-time rate.
var trendRowRE = regexp.MustCompile(`<tr( class="comparable")?><td>(\d\d/\d{4})(?: <small[^>]*>[^<]*</small>)?</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td>`)

type trendCell struct {
	comparable       bool
	received, ontime string
}

func trendTable(t *testing.T, body string) map[string]trendCell {
	t.Helper()
	i := strings.Index(body, `id="trend-table"`)
	if i < 0 {
		t.Fatal("no trend table")
	}
	tab := body[i:]
	tab = tab[:strings.Index(tab, "</table>")]
	out := map[string]trendCell{}
	for _, m := range trendRowRE.FindAllStringSubmatch(tab, -1) {
		out[m[2]] = trendCell{comparable: m[1] != "", received: m[3], ontime: m[4]}
	}
	return out
}

// comparableFixture adds, under the national root, a province TST with
// three communes until 30/06/2025 (T1 and T2, which went whole into T9, and
// T3, split between T9 and T8) and the two formed on 01/07/2025, with
// figures typed by hand.
func comparableFixture(t *testing.T, db *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	known, err := db.UnitCodes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]string{{"code", "name", "kind", "parent_code", "valid_from", "valid_to"},
		{"TST", "Tỉnh Thử", "province", "VN", "", ""},
		{"T1", "Xã Một", "commune", "TST", "", "2025-06-30"},
		{"T2", "Xã Hai", "commune", "TST", "", "2025-06-30"},
		{"T3", "Xã Ba", "commune", "TST", "", "2025-06-30"},
		{"T9", "Xã Chín", "commune", "TST", "2025-07-01", ""},
		{"T8", "Xã Tám", "commune", "TST", "2025-07-01", ""},
	}
	in, err := oversight.ParseUnitRows(rows, known)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ImportUnits(ctx, in, false, sqlite.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	for _, l := range [][2]string{{"T1", "T9"}, {"T2", "T9"}, {"T3", "T9"}, {"T3", "T8"}} {
		if err := db.AddSuccession(ctx, oversight.Succession{FromCode: l[0], ToCode: l[1], On: seed.Reorganisation, Whole: l[0] != "T3"}); err != nil {
			t.Fatal(err)
		}
	}
	var vs []sqlite.ValueInput
	put := func(unit string, y, m int, metric string, v float64) {
		vs = append(vs, sqlite.ValueInput{UnitCode: unit, Metric: metric, Month: oversight.NewMonth(y, m), Value: v})
	}
	put("T1", 2025, 5, "dossiers_received", 100)
	put("T1", 2025, 5, "dossiers_resolved", 100)
	put("T1", 2025, 5, "dossiers_on_time", 90)
	put("T1", 2025, 6, "dossiers_received", 110)
	put("T2", 2025, 5, "dossiers_received", 20)
	put("T2", 2025, 5, "dossiers_resolved", 100)
	put("T2", 2025, 5, "dossiers_on_time", 80)
	put("T3", 2025, 5, "dossiers_received", 1000)
	put("T3", 2025, 6, "dossiers_received", 1000)
	put("T9", 2025, 7, "dossiers_received", 300)
	put("T9", 2025, 8, "dossiers_received", 310)
	put("T8", 2025, 8, "dossiers_received", 40)
	// A year before the span of "then and now" (08–09/2025).
	put("T1", 2024, 8, "dossiers_received", 50)
	put("T2", 2024, 9, "dossiers_received", 7)
	put("T3", 2024, 8, "dossiers_received", 500)
	if err := db.PutValues(ctx, vs, "form", sqlite.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
}

func TestComparableHistoryOfAFixture(t *testing.T) {
	env := newEnv(t)
	comparableFixture(t, env.db)
	c := env.login(t, "daibieu")

	t.Run("the trend across 07/2025 shows the whole predecessors' sum before, marked, the split one named", func(t *testing.T) {
		status, body, _ := get(t, c, env.ts.URL+"/dashboard?unit=T9&from=2025-05&to=2025-08")
		body = html.UnescapeString(body)
		if status != http.StatusOK {
			t.Fatalf("status %d", status)
		}
		// By hand: May 100+20 received, on time (90+80)/(100+100) = 85 %;
		// June T1 alone (T2 reported nothing: unknown, not 0), no rate; T3
		// (split) never added; July and August T9's own.
		want := map[string]trendCell{
			"05/2025": {true, "120", text.Percent("vi", 85)},
			"06/2025": {true, "110", "—"},
			"07/2025": {false, "300", "—"},
			"08/2025": {false, "310", "—"},
		}
		got := trendTable(t, body)
		for m, w := range want {
			if got[m] != w {
				t.Errorf("%s: got %+v, want %+v", m, got[m], w)
			}
		}
		note := body[strings.Index(body, `id="trend-comparable"`):]
		note = note[:strings.Index(note, "</div>")]
		if !strings.Contains(note, "05/2025–06/2025") || !strings.Contains(note, "Xã Hai, Xã Một") || !strings.Contains(note, "Xã Ba") ||
			!strings.Contains(note, `id="trend-comparable-split"`) {
			t.Errorf("comparable note %q: want the months, the whole units and the split one", note)
		}
		// The chart draws the comparable months as series of their own,
		// named so, the bars stacked where the unit's own would be.
		o := dashChartJSON(t, body, "chart-trend")
		series, _ := o["series"].([]any)
		found := false
		for _, x := range series {
			m, _ := x.(map[string]any)
			if m["name"] != "Hồ sơ tiếp nhận (so sánh được)" {
				continue
			}
			found = true
			data, _ := m["data"].([]any)
			var vals []string
			for _, d := range data {
				if m, ok := d.(map[string]any); ok {
					d = m["value"]
				}
				vals = append(vals, fmt.Sprint(d))
			}
			if strings.Join(vals, " ") != "120 110 - -" || m["stack"] != "received" {
				t.Errorf("comparable bars %v (stack %v), want 120 110 - - stacked", vals, m["stack"])
			}
		}
		if !found {
			t.Errorf("the chart has no comparable series: %v", series)
		}
	})

	t.Run("a span after the reorganisation has no comparable months", func(t *testing.T) {
		_, body, _ := get(t, c, env.ts.URL+"/dashboard?unit=T9&from=2025-07&to=2025-08")
		if strings.Contains(body, `id="trend-comparable"`) || strings.Contains(body, `class="comparable"`) {
			t.Error("comparable series shown for a span the unit existed through")
		}
	})

	t.Run("a unit whose only predecessor was split shows no comparable series, and says why", func(t *testing.T) {
		_, body, _ := get(t, c, env.ts.URL+"/dashboard?unit=T8&from=2025-05&to=2025-08")
		body = html.UnescapeString(body)
		got := trendTable(t, body)
		if got["05/2025"].received != "—" || got["05/2025"].comparable {
			t.Errorf("May for T8: %+v, want nothing (T3 split, never apportioned)", got["05/2025"])
		}
		if !strings.Contains(body, "mọi đơn vị cũ đều bị chia tách") {
			t.Error("no note that every old unit was split")
		}
	})

	t.Run("then and now: the comparable sum beside the old units, the split one flagged", func(t *testing.T) {
		status, body, _ := get(t, c, env.ts.URL+"/dashboard?unit=TST&from=2025-08&to=2025-09")
		body = html.UnescapeString(body)
		if status != http.StatusOK || !strings.Contains(body, `id="then-now"`) {
			t.Fatalf("status %d, then-now shown %t", status, strings.Contains(body, `id="then-now"`))
		}
		pair := func(code string) string {
			i := strings.Index(body, `data-unit="`+code+`"`)
			if i < 0 {
				t.Fatalf("no then-now pair for %s", code)
			}
			p := body[i:]
			return p[:strings.Index(p, "</tbody>")]
		}
		t9 := pair("T9")
		// By hand over 08–09/2024: T1 50 + T2 7 = 57; T3's 500 apart.
		sum := t9[strings.Index(t9, `class="comparable-sum"`):]
		if !strings.Contains(sum, `<td class="num">57</td>`) || !strings.Contains(sum, "thiếu phần của đơn vị bị chia tách") {
			t.Errorf("T9's comparable row %q: want 57, marked partial", sum)
		}
		if !regexp.MustCompile(`<tr class="split">.*Xã Ba.*bị chia tách: không cộng.*<td class="num">500</td>`).MatchString(strings.ReplaceAll(t9, "\n", " ")) {
			t.Errorf("T9's pair %q: want Xã Ba flagged split with its 500 apart", t9)
		}
		if !strings.Contains(t9, `<td class="num">310</td>`) {
			t.Errorf("T9's pair: want its own 310 for 08–09/2025")
		}
		if t8 := pair("T8"); !strings.Contains(t8, "không có (mọi đơn vị cũ bị chia tách)") {
			t.Errorf("T8's pair %q: want no comparable sum", t8)
		}
		// T9's own page (a unit without children reads its own lineage,
		// not every link) shows the same pair.
		status, own, _ := get(t, c, env.ts.URL+"/dashboard?unit=T9&from=2025-08&to=2025-09")
		own = html.UnescapeString(own)
		if status != http.StatusOK || !strings.Contains(own, `id="then-now"`) {
			t.Fatalf("T9's page: status %d, then-now shown %t", status, strings.Contains(own, `id="then-now"`))
		}
		i := strings.Index(own, `data-unit="T9"`)
		if i < 0 {
			t.Fatal("T9's page has no then-now pair of its own")
		}
		ownPair := own[i:]
		ownPair = ownPair[:strings.Index(ownPair, "</tbody>")]
		strip := func(s string) string { return regexp.MustCompile(`href="[^"]*"`).ReplaceAllString(s, "") }
		if strip(ownPair) != strip(t9) {
			t.Errorf("T9's pair on its own page:\n%s\nwant as on TST's page:\n%s", ownPair, t9)
		}
	})
}

// The demo's Phường Hà Đông (09556 from 01/07/2025): its comparable series
// over 2019 is, month by month, the sum of the demo's figures of the 2019
// wards that went into it whole (the stored links' own "whole" mark, set
// by the seed from the official table, is the oracle here).
func TestComparableHistoryOfTheDemosHaDongWard(t *testing.T) {
	env := newEnv(t)
	ctx := context.Background()
	hd, err := env.db.UnitByCode(ctx, seed.HaDong2025+"@2025-07-01")
	if err != nil {
		t.Fatal(err)
	}
	links, err := env.db.AllSuccessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	whole := map[int64]bool{}
	var split int
	for _, l := range links {
		if l.ToID == hd.ID {
			if l.Whole {
				whole[l.FromID] = true
			} else {
				split++
			}
		}
	}
	if len(whole) == 0 || split == 0 {
		t.Fatalf("Phường Hà Đông: %d whole and %d split predecessors, want some of each", len(whole), split)
	}
	want := map[string]float64{}
	for _, v := range seed.DemoValues() {
		if v.Metric != "dossiers_received" {
			continue
		}
		u, err := env.db.UnitOn(ctx, v.UnitCode, v.Month.FirstDay())
		if err != nil {
			t.Fatal(err)
		}
		if whole[u.ID] {
			want[v.Month.Label()] += v.Value
		}
	}
	if len(want) != 10 {
		t.Fatalf("oracle has %d months of 2019, want 10", len(want))
	}
	c := env.login(t, "daibieu")
	status, body, _ := get(t, c, env.ts.URL+"/dashboard?unit="+hd.Ref()+"&from=2019-01&to=2025-08")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	body = html.UnescapeString(body)
	got := trendTable(t, body)
	for m, w := range want {
		g := got[m]
		n, err := strconv.ParseFloat(strings.ReplaceAll(g.received, ".", ""), 64)
		if !g.comparable || err != nil || n != w {
			t.Errorf("%s: got %+v, want %v marked comparable", m, g, w)
		}
		if g.ontime != text.Percent("vi", 100) {
			t.Errorf("%s: on-time %q, want 100%% (every demo dossier on time)", m, g.ontime)
		}
	}
	if g := got["11/2019"]; !g.comparable || g.received != "—" {
		t.Errorf("11/2019: %+v, want comparable and unknown (no figures), never 0", g)
	}
	// Split predecessors are named (Phường Quang Trung of 01/01/2025 went
	// into both Hà Đông and Kiến Hưng).
	if !strings.Contains(body, `id="trend-comparable-split"`) || !strings.Contains(body[strings.Index(body, `id="trend-comparable-split"`):], "Phường Quang Trung") {
		t.Error("split predecessors not named under the trend")
	}
}
