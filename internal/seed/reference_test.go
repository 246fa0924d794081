package seed_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// The counts of ../shared/reference/units/README.md, per kind (the lists'
// kinds: a ward is a commune) and period, on a new database.
func TestOfficialTreeCountsAsTheReadmeSays(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "cchc.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	if err := seed.Reference(ctx, db); err != nil {
		t.Fatal(err)
	}
	t.Logf("official tree loaded in %v", time.Since(start))
	units, err := db.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	listKind := func(k string) string {
		switch k {
		case oversight.UnitWard:
			return oversight.UnitCommune
		case oversight.UnitCity:
			return oversight.UnitProvince
		}
		return k
	}
	count := func(on time.Time) map[string]int {
		c := map[string]int{}
		for _, u := range units {
			if u.InForce(on) {
				c[listKind(u.Kind)]++
			}
		}
		return c
	}
	for _, tc := range []struct {
		on                      string
		prov, dist, comm, total int
	}{
		{"2025-06-30", 63, 696, 10035, 1 + 63 + 696 + 10035},
		{"2025-07-01", 34, 0, 3321, 1 + 34 + 3321},
		// Hà Đông's 17 wards of 2019: two more communes than on 30/06/2025.
		{"2024-12-31", 63, 696, 10037, 1 + 63 + 696 + 10037},
	} {
		c := count(day(tc.on))
		n := 0
		for k, v := range c {
			if !oversight.IsOrganisation(k) { // the demo's nine offices of Hà Đông, not territory
				n += v
			}
		}
		if c[oversight.UnitProvince] != tc.prov || c[oversight.UnitDistrict] != tc.dist || c[oversight.UnitCommune] != tc.comm || n != tc.total || c[oversight.UnitNation] != 1 {
			t.Errorf("in force on %s: %v (total %d), want %d provinces, %d districts, %d communes, one nation", tc.on, c, n, tc.prov, tc.dist, tc.comm)
		}
	}
	if len(units) != 1+63+696+10035+3+34+3321+9 {
		t.Errorf("%d units stored, want %d (with Hà Đông's 9 departments)", len(units), 1+63+696+10035+3+34+3321+9)
	}
	links, err := db.AllSuccessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 10633+3 {
		t.Errorf("%d succession links, want 10,633 official + 3 of Hà Đông's 2025 merger", len(links))
	}
	// Every parent and successor resolves to a unit of the right period.
	byID := map[int64]oversight.Unit{}
	for _, u := range units {
		byID[u.ID] = u
	}
	for _, u := range units {
		if u.Code == seed.NationCode {
			continue
		}
		p, ok := byID[u.ParentID]
		if !ok {
			t.Fatalf("%s %s has no parent", u.Code, u.Name)
		}
		if u.ValidTo != nil && !p.InForce(*u.ValidTo) || u.ValidFrom != nil && !p.InForce(*u.ValidFrom) {
			t.Errorf("%s %s (%s) under %s %s (%s)", u.Code, u.Name, u.Validity(), p.Code, p.Name, p.Validity())
		}
	}
	split, whole := map[int64]int{}, 0
	for _, l := range links {
		f, t2 := byID[l.FromID], byID[l.ToID]
		if !f.InForce(l.On.AddDate(0, 0, -1)) || f.InForce(l.On) || !t2.InForce(l.On) {
			t.Errorf("succession %s -> %s on %s: %s (%s) -> %s (%s)", l.FromCode, l.ToCode, l.On.Format(time.DateOnly), f.Name, f.Validity(), t2.Name, t2.Validity())
		}
		if l.Whole {
			whole++
		} else {
			split[l.FromID]++
		}
	}
	communesSplit := 0
	for id := range split {
		if listKind(byID[id].Kind) == oversight.UnitCommune {
			communesSplit++
		}
	}
	if communesSplit != 440 {
		t.Errorf("%d old communes split, want 440 (README)", communesSplit)
	}
	// Codes reused across periods: one code, two units.
	for _, tc := range []struct{ code, before, after string }{
		{"09552", "Phường Phú La", "Phường Kiến Hưng"},
		{"09556", "Phường Hà Cầu", "Phường Hà Đông"},
		{"09538", "Phường Nguyễn Trãi", "Phường Quang Trung"},
	} {
		cands, err := db.UnitsByCode(ctx, tc.code)
		if err != nil || len(cands) != 2 || cands[0].Name != tc.before || cands[1].Name != tc.after {
			t.Errorf("units of code %s: %+v (%v), want %s then %s", tc.code, cands, err, tc.before, tc.after)
		}
	}
}

func TestHaDongsStoryOnTheOfficialTree(t *testing.T) {
	ctx := context.Background()
	db := openDemo(t)
	at := func(ref string) oversight.Unit {
		t.Helper()
		u, err := db.UnitByCode(ctx, ref)
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		return u
	}
	if u := at("09538@2019-11-13"); u.Name != "Phường Nguyễn Trãi" {
		t.Errorf("09538 in 2019 = %s", u.Name)
	}
	qt := at("09538@2025-03-01")
	if qt.Name != "Phường Quang Trung" || qt.ValidFrom == nil || !qt.ValidFrom.Equal(seed.HaDongMerger) {
		t.Errorf("09538 in 03/2025 = %+v, want the new Phường Quang Trung from 01/01/2025", qt)
	}
	preds, succ, err := db.Successions(ctx, qt.ID)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, p := range preds {
		names[p.Name] = true
	}
	if len(preds) != 3 || !names["Phường Nguyễn Trãi"] || !names["Phường Yết Kiêu"] || !names["Phường Quang Trung"] {
		t.Errorf("predecessors of the new Quang Trung: %v", preds)
	}
	got := map[string]bool{}
	for _, s := range succ {
		got[s.Code] = true
	}
	if len(succ) != 2 || !got[seed.HaDong2025] || !got[seed.KienHung2025] {
		t.Errorf("successors of Quang Trung on 01/07/2025: %v, want 09556 and 09552", succ)
	}
	if u := at("09552@2019-01-01"); u.Name != "Phường Phú La" {
		t.Errorf("09552 in 2019 = %s", u.Name)
	}
	if u := at("09552"); u.Name != "Phường Kiến Hưng" {
		t.Errorf("09552 today = %s", u.Name)
	}
	// A span across the reorganisation names two units: refused with both.
	_, err = db.UnitDuring(ctx, "09552", oversight.Span{From: oversight.NewMonth(2025, 6), To: oversight.NewMonth(2025, 7)})
	if oversight.ErrorCode(err) != oversight.EConflict || !contains(text.Error(err, "en"), "Phường Phú La", "Phường Kiến Hưng", "09552@2025-07-01") {
		t.Errorf("09552 over 06-07/2025: %v, want a conflict listing both units", err)
	}
	// Biên Giang went whole into Phường Chương Mỹ.
	bg := at("10123")
	_, succ, _ = db.Successions(ctx, bg.ID)
	if len(succ) != 1 || succ[0].Code != seed.ChuongMy2025 {
		t.Errorf("Biên Giang's successors: %v", succ)
	}
	links, _ := db.AllSuccessions(ctx)
	for _, l := range links {
		if l.FromID == bg.ID && !l.Whole || l.FromCode == "09552" && l.Whole {
			t.Errorf("link %+v: Biên Giang went whole, Phú La was split", l)
		}
	}
	// No invented code remains.
	units, _ := db.Units(ctx)
	for _, u := range units {
		if len(u.Code) > 3 && u.Code[:4] == "HN25" {
			t.Errorf("invented code %s", u.Code)
		}
	}
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		found := false
		for i := 0; i+len(sub) <= len(s); i++ {
			if s[i:i+len(sub)] == sub {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
