package entryfile_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/entryfile"
	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/testenv"
	"github.com/cchc/cchc/internal/text"
)

func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

// entryDB is a district with four wards whose lives differ inside 2024:
// An always, Bình retired on 15/03, Cầu created on 20/03, Dương created on
// 01/05; and a department created before the wards (sorted first by its
// kind). Figures are stored for March and February only.
func entryDB(t *testing.T) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db := testenv.Empty(t)
	units := []oversight.UnitInput{
		{Line: 2, Code: "Q9", Name: "Quận Chín", Kind: oversight.UnitDistrict},
		{Line: 3, Code: "Q9.A", Name: "Phường An", Kind: oversight.UnitWard, ParentCode: "Q9"},
		{Line: 4, Code: "Q9.B", Name: "Phường Bình", Kind: oversight.UnitWard, ParentCode: "Q9", ValidTo: day(2024, 3, 15)},
		{Line: 5, Code: "Q9.C", Name: "Phường Cầu", Kind: oversight.UnitWard, ParentCode: "Q9", ValidFrom: day(2024, 3, 20)},
		{Line: 6, Code: "Q9.D", Name: "Phường Dương", Kind: oversight.UnitWard, ParentCode: "Q9", ValidFrom: day(2024, 5, 1)},
		{Line: 7, Code: "Q9.P", Name: "Phòng Nội vụ", Kind: oversight.UnitDepartment, ParentCode: "Q9", ValidTo: day(2024, 1, 31)},
	}
	if err := db.ImportUnits(ctx, units, false, sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	vals := []sqlite.ValueInput{
		{UnitCode: "Q9.A", Metric: "inspections", Month: 202403, Value: 3},
		{UnitCode: "Q9.A", Metric: "dossiers_received", Month: 202403, Value: 1250},
		{UnitCode: "Q9.A", Metric: "dossiers_received", Month: 202402, Value: 999}, // another month: in no March template
		{UnitCode: "Q9.B", Metric: "procedures_time_cut_pct", Month: 202403, Value: 74.5},
		{UnitCode: "Q9", Metric: "heads_cut", Month: 202403, Value: 1}, // the district's own figure: not a row of its template
	}
	if err := db.PutValues(ctx, vals, "form", sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	return db
}

func unitOf(t *testing.T, db *sqlite.DB, code string) oversight.Unit {
	t.Helper()
	u, err := db.UnitByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func codes(us []oversight.Unit) []string {
	out := []string{}
	for _, u := range us {
		out = append(out, u.Code)
	}
	return out
}

func TestChildrenInKeepsTheUnitsOfThatMonth(t *testing.T) {
	db := entryDB(t)
	q9 := unitOf(t, db, "Q9")
	for _, c := range []struct {
		name string
		m    oversight.Month
		want []string
	}{
		// The department is an organisation: never a row of the template.
		{"January: the department's last month, before Cầu and Dương", 202401, []string{"Q9.A", "Q9.B"}},
		{"February: the department is gone", 202402, []string{"Q9.A", "Q9.B"}},
		{"March: Bình retired and Cầu created inside it, both listed", 202403, []string{"Q9.A", "Q9.B", "Q9.C"}},
		{"April: Bình is gone", 202404, []string{"Q9.A", "Q9.C"}},
		{"May: Dương from its first day", 202405, []string{"Q9.A", "Q9.C", "Q9.D"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			kids, err := entryfile.ChildrenIn(context.Background(), db, q9, c.m)
			if err != nil {
				t.Fatal(err)
			}
			if got := codes(kids); !reflect.DeepEqual(got, c.want) {
				t.Errorf("children in %s = %v, want %v", c.m, got, c.want)
			}
		})
	}
	t.Run("a ward has no children", func(t *testing.T) {
		kids, err := entryfile.ChildrenIn(context.Background(), db, unitOf(t, db, "Q9.A"), 202403)
		if err != nil || len(kids) != 0 {
			t.Errorf("children of a ward = %v, %v; want none", codes(kids), err)
		}
	})
}

func TestSpecHoldsTheRowsAndStoredFiguresOfTheMonth(t *testing.T) {
	ctx := context.Background()
	db := entryDB(t)
	t.Run("a district in March: its three wards of March, each with its own March figures", func(t *testing.T) {
		spec, err := entryfile.Spec(ctx, db, unitOf(t, db, "Q9"), 202403)
		if err != nil {
			t.Fatal(err)
		}
		if spec.UnitCode != "Q9" || spec.UnitName != "Quận Chín" || spec.Month != 202403 || len(spec.Metrics) != len(oversight.Catalogue) {
			t.Errorf("spec %s %q %s with %d metrics", spec.UnitCode, spec.UnitName, spec.Month, len(spec.Metrics))
		}
		want := []struct {
			code, name string
			values     map[string]float64
		}{
			{"Q9.A", "Phường An", map[string]float64{"inspections": 3, "dossiers_received": 1250}},
			{"Q9.B", "Phường Bình", map[string]float64{"procedures_time_cut_pct": 74.5}},
			{"Q9.C", "Phường Cầu", map[string]float64{}},
		}
		if len(spec.Rows) != len(want) {
			t.Fatalf("%d rows, want %d: %+v", len(spec.Rows), len(want), spec.Rows)
		}
		for i, w := range want {
			r := spec.Rows[i]
			if r.Code != w.code || r.Name != w.name || len(r.Values) != len(w.values) {
				t.Errorf("row %d = %s %q %v, want %s %q %v", i, r.Code, r.Name, r.Values, w.code, w.name, w.values)
				continue
			}
			for k, v := range w.values {
				if got, ok := r.Values[k]; !ok || got != v {
					t.Errorf("row %s %s = %v (%v), want %v", r.Code, k, got, ok, v)
				}
			}
		}
	})
	t.Run("a district in June: the wards of June, and no figure of March", func(t *testing.T) {
		spec, err := entryfile.Spec(ctx, db, unitOf(t, db, "Q9"), 202406)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range spec.Rows {
			got = append(got, r.Code)
			if len(r.Values) != 0 {
				t.Errorf("row %s of June holds %v", r.Code, r.Values)
			}
		}
		if !reflect.DeepEqual(got, []string{"Q9.A", "Q9.C", "Q9.D"}) {
			t.Errorf("rows of June = %v", got)
		}
	})
	t.Run("a ward is its own one row", func(t *testing.T) {
		spec, err := entryfile.Spec(ctx, db, unitOf(t, db, "Q9.A"), 202402)
		if err != nil {
			t.Fatal(err)
		}
		if len(spec.Rows) != 1 || spec.Rows[0].Code != "Q9.A" || spec.UnitCode != "Q9.A" ||
			len(spec.Rows[0].Values) != 1 || spec.Rows[0].Values["dossiers_received"] != 999 {
			t.Errorf("a ward's February template: %+v", spec)
		}
	})
}

func TestRowUnitsNamesTheRowsSpecWrites(t *testing.T) {
	ctx := context.Background()
	db := entryDB(t)
	rows := entryfile.RowUnits(ctx, db)
	for _, c := range []struct {
		name, code string
		m          oversight.Month
		want       map[string]string
		wantName   string
	}{
		{"a district in March", "Q9", 202403, map[string]string{"Q9.A": "Phường An", "Q9.B": "Phường Bình", "Q9.C": "Phường Cầu"}, "Quận Chín"},
		{"a district in April, after Bình's retirement", "Q9", 202404, map[string]string{"Q9.A": "Phường An", "Q9.C": "Phường Cầu"}, "Quận Chín"},
		{"a ward", "Q9.C", 202404, map[string]string{"Q9.C": "Phường Cầu"}, "Phường Cầu"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, name, err := rows(c.code, c.m)
			if err != nil || name != c.wantName || !reflect.DeepEqual(got, c.want) {
				t.Errorf("rows of %s in %s = %v %q %v, want %v %q", c.code, c.m, got, name, err, c.want, c.wantName)
			}
			spec, err := entryfile.Spec(ctx, db, unitOf(t, db, c.code), c.m)
			if err != nil {
				t.Fatal(err)
			}
			if len(spec.Rows) != len(got) {
				t.Errorf("Spec writes %d rows, RowUnits accepts %d", len(spec.Rows), len(got))
			}
			for _, r := range spec.Rows {
				if got[r.Code] != r.Name {
					t.Errorf("Spec writes %s %q, RowUnits has %q", r.Code, r.Name, got[r.Code])
				}
			}
		})
	}
	t.Run("a template of a unit not in the list is refused, saying which and what to do", func(t *testing.T) {
		_, _, err := rows("ZZ.9", 202403)
		if oversight.ErrorCode(err) != oversight.EInvalid {
			t.Fatalf("err = %v (code %s), want invalid", err, oversight.ErrorCode(err))
		}
		vi, en := text.Error(err, "vi"), text.Error(err, "en")
		if !strings.Contains(vi, `"ZZ.9"`) || !strings.Contains(vi, "tải biểu mẫu mới") || !strings.Contains(en, `"ZZ.9"`) || !strings.Contains(en, "Download a new template") {
			t.Errorf("messages %q / %q", vi, en)
		}
	})
}
