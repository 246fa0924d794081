package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/testenv"
	"github.com/cchc/cchc/internal/testenv/testserver"
	"github.com/cchc/cchc/internal/web"
)

// Issue 12, item 9: the official change of 30/04/2026 (Nghị quyết
// 30/2026/QH16, 237/NQ-UBTVQH16: Đồng Nai becomes Thành phố Đồng Nai and
// ten of its communes become wards, codes unchanged), applied with `cchc
// units import` from testdata/dong-nai-2026-04-30.csv, keeps history: what
// is dated before the day stays with the old units, what is dated after
// goes to the new ones, open commitments follow, and GET /api/v1/units?on=
// names each side right.
func TestUnitsImportDatedRenames(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cchc.db")
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := seed.Reference(ctx, db); err != nil {
		t.Fatal(err)
	}
	sessionID := recordBefore(t, db)
	db.Close()

	file := filepath.Join("testdata", "dong-nai-2026-04-30.csv")
	if r := runCLI(t, "", nil, "units", "import", "--db", path, file); r.code != 0 || !strings.Contains(r.stdout, "imported 11 units") {
		t.Fatalf("import the change: %+v", r)
	}
	// Applying the same file again changes nothing (the rows now name the
	// new units by code and start).
	if r := runCLI(t, "", nil, "units", "import", "--db", path, file); r.code != 0 {
		t.Fatalf("import the change again: %+v", r)
	}
	db, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	t.Run("each side of the day has its own name and kind, same code", func(t *testing.T) {
		for _, tc := range []struct{ code, on, name, kind, validity string }{
			{"75", "2026-04-29", "Tỉnh Đồng Nai", "province", "01/07/2025 – 29/04/2026"},
			{"75", "2026-04-30", "Thành phố Đồng Nai", "city", "30/04/2026 – …"},
			{"25270", "2026-04-29", "Xã Lộc Ninh", "commune", "01/07/2025 – 29/04/2026"},
			{"25270", "2026-04-30", "Phường Lộc Ninh", "ward", "30/04/2026 – …"},
			{"26485", "2026-05-01", "Phường Nhơn Trạch", "ward", "30/04/2026 – …"},
			// A ward that kept its name goes on under the new city.
			{"25210", "2026-04-29", "Phường Đồng Xoài", "ward", "01/07/2025 – 29/04/2026"},
			{"25210", "2026-04-30", "Phường Đồng Xoài", "ward", "30/04/2026 – …"},
		} {
			u, err := db.UnitOn(ctx, tc.code, day(tc.on))
			if err != nil || u.Name != tc.name || u.Kind != tc.kind || u.Validity() != tc.validity {
				t.Errorf("%s on %s = %s %s (%s) %v, want %s %s (%s)", tc.code, tc.on, u.Name, u.Kind, u.Validity(), err, tc.name, tc.kind, tc.validity)
			}
		}
		oldDN, _ := db.UnitOn(ctx, "75", day("2026-04-29"))
		newDN, _ := db.UnitOn(ctx, "75", day("2026-04-30"))
		for _, tc := range []struct {
			parent oversight.Unit
			on     string
		}{{oldDN, "2026-04-29"}, {newDN, "2026-04-30"}} {
			kids, err := db.Children(ctx, tc.parent.ID)
			if err != nil {
				t.Fatal(err)
			}
			n := len(oversight.ExistingDuring(append([]oversight.Unit{tc.parent}, kids...), oversight.Span{From: oversight.MonthOf(day(tc.on)), To: oversight.MonthOf(day(tc.on))})) - 1
			if n != 95 {
				t.Errorf("%s has %d communes and wards in force in %s, want Đồng Nai's 95", tc.parent.Name, n, tc.on[:7])
			}
		}
		if _, succ, err := db.Successions(ctx, oldDN.ID); err != nil || len(succ) != 1 || succ[0].ID != newDN.ID {
			t.Errorf("successors of Tỉnh Đồng Nai = %v (%v), want Thành phố Đồng Nai alone", succ, err)
		}
	})
	t.Run("figures before the day keep the old unit, after it the new", func(t *testing.T) {
		if err := db.PutValues(ctx, []sqlite.ValueInput{{UnitCode: "25270", Metric: "dossiers_received", Month: oversight.NewMonth(2026, 5), Value: 130}},
			"seed", sqlite.Actor{Name: "test"}); err != nil {
			t.Fatal(err)
		}
		raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		for _, tc := range []struct {
			period int
			name   string
			value  float64
		}{{202603, "Xã Lộc Ninh", 120}, {202605, "Phường Lộc Ninh", 130}} {
			var name string
			var v float64
			err := raw.QueryRow(`SELECT u.name, v.value FROM metric_values v JOIN units u ON u.id = v.unit_id
JOIN metrics m ON m.id = v.metric_id WHERE u.code = '25270' AND m.code = 'dossiers_received' AND v.period = ?`, tc.period).Scan(&name, &v)
			if err != nil || name != tc.name || v != tc.value {
				t.Errorf("figure of 25270 for %d is held by %q (%v, %v), want %s %v", tc.period, name, v, err, tc.name, tc.value)
			}
		}
	})
	t.Run("the session keeps the old unit; open recommendations go to the new ones", func(t *testing.T) {
		sess, err := db.Session(ctx, sessionID)
		if err != nil {
			t.Fatal(err)
		}
		if sess.UnitName != "Tỉnh Đồng Nai" {
			t.Errorf("the session of 10/03/2026 is now of %q, want Tỉnh Đồng Nai", sess.UnitName)
		}
		want := map[string]string{
			"Công khai thủ tục hành chính": "Thành phố Đồng Nai", // open: handed over
			"Báo cáo kết quả quý I":        "Tỉnh Đồng Nai",      // closed: stays
			"Rà soát bộ phận một cửa":      "Phường Long Thành",  // open, led by a commune become a ward
		}
		for _, r := range sess.Recommendations {
			if r.LeadName != want[r.Content] {
				t.Errorf("%q is led by %q, want %q", r.Content, r.LeadName, want[r.Content])
			}
		}
		var reasons []string
		for _, c := range sess.Corrections {
			reasons = append(reasons, c.Reason)
		}
		if !slices.Contains(reasons, "Bàn giao do Tỉnh Đồng Nai hết hiệu lực từ ngày 30/04/2026: Thành phố Đồng Nai (75@2026-04-30) tiếp nhận.") {
			t.Errorf("the session's history lacks the hand-over: %q", reasons)
		}
		later := oversight.Session{Body: "Ban Pháp chế HĐND thành phố", Topic: "Sau khi thành lập thành phố", Date: day("2026-06-10"), UnitCode: "75",
			Span: oversight.Span{From: oversight.NewMonth(2026, 5), To: oversight.NewMonth(2026, 5)}}
		id, err := db.CreateSession(ctx, later, sqlite.Actor{Name: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if s, _ := db.Session(ctx, id); s.UnitName != "Thành phố Đồng Nai" {
			t.Errorf("a session of May 2026 on 75 is of %q, want Thành phố Đồng Nai", s.UnitName)
		}
	})
	t.Run("the API names each side of the day", func(t *testing.T) {
		u, err := db.CreateUser(ctx, "phantich", oversight.RoleAnalyst, "", testserver.Hash(t, "mat-khau-phan-tich"), sqlite.Actor{Name: "test"})
		if err != nil {
			t.Fatal(err)
		}
		tok, err := db.CreateToken(ctx, u.ID, "test", sqlite.Actor{Name: "test"})
		if err != nil {
			t.Fatal(err)
		}
		ts := testserver.Start(t, db, web.Config{})
		for _, tc := range []struct {
			on        string
			want, not []string
		}{
			{"2026-04-29", []string{"75 Tỉnh Đồng Nai province", "25270 Xã Lộc Ninh commune", "25210 Phường Đồng Xoài ward"},
				[]string{"75 Thành phố Đồng Nai", "25270 Phường Lộc Ninh"}},
			{"2026-04-30", []string{"75 Thành phố Đồng Nai city", "25270 Phường Lộc Ninh ward", "25210 Phường Đồng Xoài ward"},
				[]string{"75 Tỉnh Đồng Nai", "25270 Xã Lộc Ninh"}},
		} {
			req, _ := http.NewRequest("GET", ts.URL+"/api/v1/units?on="+tc.on, nil)
			req.Header.Set("Authorization", "Bearer "+tok)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var body struct {
				Units []struct{ Code, Name, Kind string }
			}
			err = json.NewDecoder(resp.Body).Decode(&body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("GET /api/v1/units?on=%s: %d %v", tc.on, resp.StatusCode, err)
			}
			var got []string
			for _, x := range body.Units {
				got = append(got, x.Code+" "+x.Name+" "+x.Kind)
			}
			all := strings.Join(got, "\n")
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("units on %s lack %q", tc.on, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(all, n) {
					t.Errorf("units on %s include %q", tc.on, n)
				}
			}
			if len(got) != 1+34+3321 {
				t.Errorf("units on %s: %d, want the nation, 34 provinces and 3,321 communes", tc.on, len(got))
			}
		}
	})
}

// recordBefore records, before the change, a figure of Xã Lộc Ninh for
// March 2026 and a session on Tỉnh Đồng Nai of 10/03/2026 with an open and
// a closed recommendation it leads and an open one Xã Long Thành leads.
func recordBefore(t *testing.T, db *sqlite.DB) (sessionID int64) {
	t.Helper()
	ctx := context.Background()
	if err := db.PutValues(ctx, []sqlite.ValueInput{{UnitCode: "25270", Metric: "dossiers_received", Month: oversight.NewMonth(2026, 3), Value: 120}},
		"seed", sqlite.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	s := oversight.Session{Body: "Ban Pháp chế HĐND tỉnh", Topic: "Cải cách hành chính tại Đồng Nai", Date: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC),
		UnitCode: "75", Span: oversight.Span{From: oversight.NewMonth(2026, 1), To: oversight.NewMonth(2026, 2)}, Published: true,
		Recommendations: []oversight.Recommendation{
			{Content: "Công khai thủ tục hành chính", LeadCode: "75", Status: oversight.RecIssued},
			{Content: "Báo cáo kết quả quý I", LeadCode: "75", Status: oversight.RecVerifiedClosed},
			{Content: "Rà soát bộ phận một cửa", LeadCode: "26368", Status: oversight.RecInProgress},
		}}
	id, err := db.CreateSession(ctx, s, sqlite.Actor{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// A dated change that would carry a ward still holding figures after the
// day is refused, and the refusal names that ward (not only the province
// the file changes), with nothing written.
func TestUnitsImportDatedChangeRefusalNamesTheCarriedWard(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cchc.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := seed.Reference(ctx, db); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join("testdata", "dong-nai-2026-04-30.csv")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	province, err := db.UnitOn(ctx, "75", time.Date(2026, 4, 29, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	kids, err := db.Children(ctx, province.ID)
	if err != nil {
		t.Fatal(err)
	}
	var carried oversight.Unit
	for _, k := range kids {
		if !strings.Contains(string(b), "\n"+k.Code+",") {
			carried = k
			break
		}
	}
	if carried.ID == 0 {
		t.Fatal("every commune of Đồng Nai is in the file: no carried ward to test")
	}
	if err := db.PutValues(ctx, []sqlite.ValueInput{{UnitCode: carried.Code, Metric: "dossiers_received", Month: oversight.NewMonth(2026, 5), Value: 7}},
		"seed", sqlite.Actor{Name: "test"}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r := runCLI(t, "", nil, "units", "import", "--db", path, file)
	if r.code == 0 || !strings.Contains(r.stderr, carried.Name) || !strings.Contains(r.stderr, "hết hiệu lực từ ngày") ||
		!strings.Contains(r.stderr, "05/2026") {
		t.Errorf("refusal %+v, want it to name %s and its month 05/2026", r, carried.Name)
	}
	db = testenv.Open(t, path)
	now, err := db.UnitOn(ctx, "75", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || now.Name != "Tỉnh Đồng Nai" {
		t.Errorf("after the refusal 75 is %q (%v), want Tỉnh Đồng Nai unchanged", now.Name, err)
	}
}
