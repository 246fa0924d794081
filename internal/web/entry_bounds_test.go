package web_test

import (
	"bytes"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/xlsx"
)

// entryTemplateFilled downloads the template of unit for period as client
// c, lets fill set cells by unit and metric code, and returns the file.
func entryTemplateFilled(t *testing.T, env *testEnv, c *http.Client, unit, period string, fill func(set func(unit, metric string, v any))) []byte {
	t.Helper()
	status, body, _ := get(t, c, env.ts.URL+"/entry/template.xlsx?unit="+unit+"&period="+period)
	if status != 200 {
		t.Fatalf("template %s %s: %d", unit, period, status)
	}
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(xlsx.EntrySheet)
	col := map[string]string{}
	for j, code := range rows[2] {
		c, _ := excelize.ColumnNumberToName(j + 1)
		col[code] = c
	}
	rowOf := map[string]int{}
	for i, r := range rows[3:] {
		rowOf[r[0]] = i + 4
	}
	fill(func(unit, metric string, v any) {
		ref := fmt.Sprintf("%s%d", col[metric], rowOf[unit])
		if rowOf[unit] == 0 {
			ref = fmt.Sprintf("%s%d", col[metric], len(rows)+1)
			f.SetCellValue(xlsx.EntrySheet, fmt.Sprintf("A%d", len(rows)+1), unit)
		}
		if err := f.SetCellValue(xlsx.EntrySheet, ref, v); err != nil {
			t.Fatal(err)
		}
	})
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// No figure beyond its bound is stored, whichever way it comes: counts up
// to 10^9, percentages up to 100, nothing infinite (1.797…e308 made the
// dashboards show "+Inf"). Each path refuses it, says why, and writes
// nothing.
func TestEntryBoundsOnEveryPath(t *testing.T) {
	env := newEnv(t)
	district := env.login(t, "canbo")
	auth := []string{"Authorization", "Bearer " + env.token(t, "canbo")}
	huge := fmt.Sprint(math.MaxFloat64)
	ceiling := "không được vượt quá 1.000.000.000"
	before := entryDump(t, env.db.Path)
	post := func(path string, form url.Values) (int, string) {
		status, body, _ := entryPost(t, district, env.ts.URL+path, form)
		return status, body
	}
	cases := []struct {
		name string
		send func() (int, string)
		want string
	}{
		{"FormHugeCount", func() (int, string) {
			return post("/entry", url.Values{"unit": {"09538"}, "period": {"2019-11"}, "v.inspections": {huge}})
		}, ceiling},
		{"FormCountJustAboveTheCeiling", func() (int, string) {
			return post("/entry", url.Values{"unit": {"09538"}, "period": {"2019-11"}, "v.trainees": {"1.000.000.001"}})
		}, ceiling},
		{"FormPercentAbove100", func() (int, string) {
			return post("/entry", url.Values{"unit": {"09538"}, "period": {"2019-11"}, "v.procedures_time_cut_pct": {"100,5%"}})
		}, "phải từ 0 đến 100"},
		{"Grid", func() (int, string) {
			return post("/entry/grid", url.Values{"unit": {"268"}, "period": {"2019-11"}, "group": {"inspections"}, "v.09538.inspections": {"2.000.000.000"}})
		}, ceiling},
		{"API", func() (int, string) {
			return send(t, env.client(), "POST", env.ts.URL+"/api/v1/values", "application/json",
				`{"values":[{"unit":"09538","period":"2019-11","metric":"inspections","value":`+huge+`}]}`, auth...)
		}, ceiling},
		{"TemplateUpload", func() (int, string) {
			file := entryTemplateFilled(t, env, district, "268", "2019-11", func(set func(string, string, any)) {
				set("09538", "inspections", math.MaxFloat64)
			})
			return entryUpload(t, district, env.ts.URL+"/entry/import", "filled.xlsx", file)
		}, ceiling},
		{"TemplateUploadPercentCell", func() (int, string) {
			file := entryTemplateFilled(t, env, district, "268", "2019-11", func(set func(string, string, any)) {
				set("09538", "procedures_time_cut_pct", 1e6)
			})
			return entryUpload(t, district, env.ts.URL+"/entry/import", "filled.xlsx", file)
		}, "phải từ 0 đến 100"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := tc.send()
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, tc.want) {
				t.Fatalf("%d, want 422 saying %q:\n%.2000s", status, tc.want, body)
			}
			if after := entryDump(t, env.db.Path); after != before {
				t.Fatalf("a refused figure changed the database:\n%s", entryDiff(before, after))
			}
		})
	}
}

// A template holds the figures of the units it was made for: the
// template unit's children that existed that month. A row whose code was
// changed to Hà Nội (01), to the template's own unit (268) or to a ward of
// another time is refused at its code's cell, even for an administrator,
// and nothing is written.
func TestEntryTemplateAcceptsOnlyItsOwnRows(t *testing.T) {
	env := newEnv(t)
	admin := env.login(t, "admin")
	before := entryDump(t, env.db.Path)
	for _, tc := range []struct{ code, want string }{
		{"01", "đơn vị 01 (Thành phố Hà Nội) không thuộc số đó"},
		{"268", "không phải của chính Quận Hà Đông"},
	} {
		t.Run(tc.code, func(t *testing.T) {
			file := entryTemplateFilled(t, env, admin, "268", "2019-11", func(set func(string, string, any)) {
				set("09538", "inspections", 2)
				set(tc.code, "inspections", 3)
			})
			// The appended row has no name: give it the real one, as a
			// person changing a code would see it.
			f, _ := excelize.OpenReader(bytes.NewReader(file))
			rows, _ := f.GetRows(xlsx.EntrySheet)
			last := len(rows)
			f.SetCellValue(xlsx.EntrySheet, fmt.Sprintf("B%d", last), map[string]string{"01": "Thành phố Hà Nội", "268": "Quận Hà Đông"}[tc.code])
			var b bytes.Buffer
			f.WriteTo(&b)
			status, page := entryUpload(t, admin, env.ts.URL+"/entry/import", "filled.xlsx", b.Bytes())
			if status != http.StatusUnprocessableEntity || !strings.Contains(page, fmt.Sprintf("Sheet1!A%d", last)) || !strings.Contains(page, tc.want) ||
				strings.Contains(page, `id="import-confirm"`) {
				t.Fatalf("%d, want 422 naming Sheet1!A%d with %q and no confirm button:\n%.3000s", status, last, tc.want, page)
			}
			if after := entryDump(t, env.db.Path); after != before {
				t.Fatalf("refused template changed the database:\n%s", entryDiff(before, after))
			}
		})
	}
	// A template of a unit that is not in the list at all.
	file := entryTemplateFilled(t, env, admin, "268", "2019-11", func(set func(string, string, any)) { set("09538", "inspections", 2) })
	f, _ := excelize.OpenReader(bytes.NewReader(file))
	f.SetCellValue(xlsx.MetaSheet, "B2", "99999")
	var b bytes.Buffer
	f.WriteTo(&b)
	if status, page := entryUpload(t, admin, env.ts.URL+"/entry/import", "filled.xlsx", b.Bytes()); status != http.StatusUnprocessableEntity || !strings.Contains(page, "không có trong danh mục đơn vị") {
		t.Errorf("template of an unknown unit: %d", status)
	}
}
