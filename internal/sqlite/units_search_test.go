package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// vietnameseLetters lists, by base letter, every Vietnamese letter with a
// diacritic in lower case; the test adds the upper case.
var vietnameseLetters = map[string]string{
	"a": "àáảãạăằắẳẵặâầấẩẫậ", "e": "èéẻẽẹêềếểễệ", "i": "ìíỉĩị",
	"o": "òóỏõọôồốổỗộơờớởỡợ", "u": "ùúủũụưừứửữự", "y": "ỳýỷỹỵ", "d": "đ",
}

// Every Vietnamese letter, upper and lower case, is found by its base
// letter, and by itself: a unit named "Xã <letter>q" for each, searched
// as "<base>q", must come back exactly for the letters of that base.
func TestSearchFoldsEveryVietnameseLetter(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	defer db.Close()
	n := 0
	for _, letters := range vietnameseLetters {
		for _, r := range letters + strings.ToUpper(letters) {
			n++
			if _, err := db.CreateUnit(ctx, oversight.Unit{Code: fmt.Sprintf("L%03d", n), Name: "Xã " + string(r) + "q", Kind: "commune"}, sqlite.Actor{Name: "t"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for base, letters := range vietnameseLetters {
		hs, err := db.SearchUnits(ctx, sqlite.UnitQuery{Text: base + "q", Limit: sqlite.MaxUnitHits})
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, h := range hs {
			name := []rune(strings.TrimPrefix(h.Name, "Xã "))
			if strings.ContainsRune(letters+strings.ToUpper(letters), name[0]) {
				got++
			} else {
				t.Errorf("%sq found %q", base, h.Name)
			}
		}
		if got != 2*len([]rune(letters)) {
			t.Errorf("%sq found %d units, want %d (every letter of %q, both cases)", base, got, 2*len([]rune(letters)), letters)
		}
	}
	for _, q := range []string{"ĐQ", "ỳq", "Ợq"} {
		if hs, _ := db.SearchUnits(ctx, sqlite.UnitQuery{Text: q, Limit: sqlite.MaxUnitHits}); len(hs) == 0 {
			t.Errorf("%q found nothing", q)
		}
	}
	// Decomposed (NFD) text, as some keyboards send it, folds the same way.
	if got := sqlite.FoldNameForTest("Ha\u0300 \u0110o\u0302ng"); got != "ha dong" {
		t.Errorf("fold of decomposed Hà Đông = %q, want \"ha dong\"", got)
	}
}

// searchFixture is a small tree: Hà Nội → Quận Hà Đông (until 30/06/2025)
// → Phường Đồng Mai; Hà Nội → Phường Hà Đông (from 01/07/2025); and a
// province elsewhere with communes holding the same words otherwise
// (Thạch Đồng: "ha" inside a word; Đông Hà: the words the other way round).
func searchFixture(t *testing.T) (*sqlite.DB, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	t.Cleanup(func() { db.Close() })
	d := func(s string) *time.Time { v, _ := time.Parse(time.DateOnly, s); return &v }
	ids := map[string]int64{}
	add := func(code, name, kind, parent string, from, to *time.Time) {
		t.Helper()
		id, err := db.CreateUnit(ctx, oversight.Unit{Code: code, Name: name, Kind: kind, ParentID: ids[parent], ValidFrom: from, ValidTo: to}, sqlite.Actor{Name: "t"})
		if err != nil {
			t.Fatal(err)
		}
		ids[code] = id
	}
	add("01", "Thành phố Hà Nội", "city", "", nil, nil)
	add("268", "Quận Hà Đông", "district", "01", nil, d("2025-06-30"))
	add("09553", "Phường Đồng Mai", "ward", "268", nil, d("2025-06-30"))
	add("09556", "Phường Hà Đông", "ward", "01", d("2025-07-01"), nil)
	add("48", "Thành phố Đà Nẵng", "city", "", nil, nil)
	add("20200", "Phường Hoà Đông", "ward", "48", nil, nil)
	add("20201", "Xã Thạch Đồng", "commune", "48", nil, nil)
	add("20202", "Xã Đông Hà", "commune", "48", nil, nil)
	return db, ids
}

func hitCodes(hs []sqlite.UnitHit) []string {
	var out []string
	for _, h := range hs {
		out = append(out, h.Code)
	}
	return out
}

func TestSearchUnits(t *testing.T) {
	ctx := context.Background()
	db, ids := searchFixture(t)
	today := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	on := func(s string) *time.Time { v, _ := time.Parse(time.DateOnly, s); return &v }
	cases := []struct {
		name string
		q    sqlite.UnitQuery
		want string // codes, best first
	}{
		{"words without diacritics find the name with them: the phrase first, in force today first",
			sqlite.UnitQuery{Text: "ha dong"}, "09556 268 20202"},
		{"upper case and đ fold the same way",
			sqlite.UnitQuery{Text: "HÀ ĐÔNG"}, "09556 268 20202"},
		{"words in the other order: the phrase in that order first",
			sqlite.UnitQuery{Text: "dong ha"}, "20202 09556 268"},
		{"a word must start a word of the name",
			sqlite.UnitQuery{Text: "ach"}, ""},
		{"the start of a word is enough; in force today first, then shorter names",
			sqlite.UnitQuery{Text: "don"}, "20202 20201 09556 20200 268 09553"},
		{"on a day, only units in force that day",
			sqlite.UnitQuery{Text: "ha dong", On: on("2019-11-13")}, "268 20202"},
		{"on a day after the reorganisation",
			sqlite.UnitQuery{Text: "ha dong", On: on("2025-07-01")}, "09556 20202"},
		{"under a unit, only that unit and its subtree",
			sqlite.UnitQuery{Text: "dong", Under: ids["268"]}, "268 09553"},
		{"the start of a code, in force today first",
			sqlite.UnitQuery{Text: "0955"}, "09556 09553"},
		{"the exact code first",
			sqlite.UnitQuery{Text: "268"}, "268"},
		{"a LIKE wildcard is taken literally",
			sqlite.UnitQuery{Text: "%"}, ""},
		{"an underscore is taken literally",
			sqlite.UnitQuery{Text: "_"}, ""},
		{"blank text finds nothing rather than everything",
			sqlite.UnitQuery{Text: "   "}, ""},
		{"the limit holds",
			sqlite.UnitQuery{Text: "dong", Limit: 2}, "20202 20201"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.q.Today = today
			hs, err := db.SearchUnits(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(hitCodes(hs), " "); got != c.want {
				t.Errorf("SearchUnits(%+v) = %q, want %q", c.q, got, c.want)
			}
		})
	}
	t.Run("a hit carries its parent's name and its validity", func(t *testing.T) {
		hs, err := db.SearchUnits(ctx, sqlite.UnitQuery{Text: "dong mai", Today: today})
		if err != nil || len(hs) != 1 {
			t.Fatalf("%v, %v", hs, err)
		}
		if hs[0].ParentName != "Quận Hà Đông" || hs[0].ValidTo == nil || hs[0].ValidTo.Format(time.DateOnly) != "2025-06-30" {
			t.Errorf("hit %+v", hs[0])
		}
	})
	t.Run("a rename is found by its new name only", func(t *testing.T) {
		if err := db.RenameUnit(ctx, ids["20201"], "Xã Sơn Trà", sqlite.Actor{Name: "t"}); err != nil {
			t.Fatal(err)
		}
		if hs, _ := db.SearchUnits(ctx, sqlite.UnitQuery{Text: "son tra", Today: today}); strings.Join(hitCodes(hs), " ") != "20201" {
			t.Errorf("new name: %v", hitCodes(hs))
		}
		if hs, _ := db.SearchUnits(ctx, sqlite.UnitQuery{Text: "thach dong", Today: today}); len(hs) != 0 {
			t.Errorf("old name still found: %v", hitCodes(hs))
		}
	})
}

func TestTreeLevel(t *testing.T) {
	ctx := context.Background()
	db, ids := searchFixture(t)
	roots, err := db.TreeLevel(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range roots {
		got = append(got, r.Code+":"+string(rune('0'+r.Children)))
	}
	// Vietnamese order: Đà Nẵng before Hà Nội (byte order puts Đ after H).
	if strings.Join(got, " ") != "48:3 01:2" {
		t.Errorf("roots with their number of children = %v, want [48:3 01:2]", got)
	}
	kids, err := db.TreeLevel(ctx, ids["268"])
	if err != nil || len(kids) != 1 || kids[0].Code != "09553" || kids[0].Children != 0 {
		t.Errorf("children of 268 = %+v, %v", kids, err)
	}
}
