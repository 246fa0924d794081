package xlsx

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"
)

// WriteCSV read back cell by cell against the fixture's figures written by
// hand (checksumFixture with February's 20 raised to 20.5): wide and long,
// with a comma and with a semicolon (whose decimals take a comma), empty
// for nothing recorded, never 0.
func TestWriteCSVCellByCellByHand(t *testing.T) {
	// unit code ("" total), from, to -> received, resolved, on time, on-time rate
	type key struct{ code, from string }
	figures := map[key][]string{
		{"9538", "2019-01-01"}: {"10", "4", "3", "75"},
		{"9541", "2019-01-01"}: {"7", "", "", ""},
		{"", "2019-01-01"}:     {"17", "4", "3", "75"},
		{"9538", "2019-02-01"}: {"20.5", "4", "3", "75"},
		{"9541", "2019-02-01"}: {"", "", "", ""},
		{"", "2019-02-01"}:     {"20.5", "4", "3", "75"},
	}
	to := map[string]string{"2019-01-01": "2019-01-31", "2019-02-01": "2019-02-28"}
	cols := []string{"dossiers_received", "dossiers_resolved", "dossiers_on_time", "on_time_rate"}
	for _, sep := range []rune{',', ';'} {
		decimal := func(s string) string {
			if sep == ';' {
				return strings.Replace(s, ".", ",", 1)
			}
			return s
		}
		read := func(t *testing.T, layout Layout) [][]string {
			t.Helper()
			r, o := checksumFixture(t, 0.5)
			o.Format, o.Layout, o.Sep = FormatCSV, layout, sep
			var buf bytes.Buffer
			if err := WriteCSV(&buf, r, o); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(buf.String(), "\uFEFF") {
				t.Error("no byte-order mark")
			}
			cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF")))
			cr.Comma = sep
			recs, err := cr.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			return recs
		}
		t.Run("wide, separator "+string(sep), func(t *testing.T) {
			recs := read(t, LayoutWide)
			wantHead := append([]string{"scope", "unit_code", "unit_name", "unit_kind", "period", "from", "to"}, cols...)
			if !reflect.DeepEqual(recs[0], wantHead) {
				t.Fatalf("header %v", recs[0])
			}
			// Per month: the two wards, then the total (under the root's code).
			order := []struct{ scope, code, from string }{
				{"unit", "9538", "2019-01-01"}, {"unit", "9541", "2019-01-01"}, {"total", "268", "2019-01-01"},
				{"unit", "9538", "2019-02-01"}, {"unit", "9541", "2019-02-01"}, {"total", "268", "2019-02-01"},
			}
			if len(recs) != 1+len(order) {
				t.Fatalf("%d rows, want %d", len(recs)-1, len(order))
			}
			for i, w := range order {
				rec := recs[1+i]
				k := key{w.code, w.from}
				if w.scope == "total" {
					k.code = ""
				}
				var want []string
				for _, f := range figures[k] {
					want = append(want, decimal(f))
				}
				if rec[0] != w.scope || rec[1] != w.code || rec[5] != w.from || rec[6] != to[w.from] || !reflect.DeepEqual(rec[7:], want) {
					t.Errorf("row %d = %v, want %s %s %s..%s %v", i+1, rec, w.scope, w.code, w.from, to[w.from], want)
				}
			}
		})
		t.Run("long, separator "+string(sep), func(t *testing.T) {
			recs := read(t, LayoutLong)
			got := map[key][]string{}
			for _, rec := range recs[1:] {
				if len(rec) != 10 {
					t.Fatalf("row %v", rec)
				}
				k := key{rec[1], rec[5]}
				if rec[0] == "total" {
					if rec[1] != "268" {
						t.Errorf("total row under %q, want the root 268", rec[1])
					}
					k.code = ""
				}
				if rec[6] != to[rec[5]] {
					t.Errorf("row %v ends %s", rec, rec[6])
				}
				if got[k] == nil {
					got[k] = make([]string, len(cols))
				}
				c := -1
				for i, code := range cols {
					if code == rec[7] {
						c = i
					}
				}
				if c < 0 || got[k][c] != "" {
					t.Fatalf("unexpected or repeated figure %v", rec)
				}
				got[k][c] = rec[9]
			}
			n := 0
			for k, fs := range figures {
				for c, f := range fs {
					if f != "" {
						n++
					}
					if g := got[k]; (g == nil && f != "") || (g != nil && g[c] != decimal(f)) {
						t.Errorf("%v %s = %q, want %q", k, cols[c], g, decimal(f))
					}
				}
			}
			if len(recs)-1 != n {
				t.Errorf("%d rows, want one per figure recorded: %d", len(recs)-1, n)
			}
		})
	}
}
