package sqlite_test

import (
	"context"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/testenv"
)

// reportDB is a district R1 with three wards and gaps (issue 17: test data
// with gaps and history):
//
//	       received  listed  time-cut %  resolved  on time
//	A Jan     10       100      50           8        6
//	A Feb      —         —       —           —        —      (skipped month)
//	A Mar     30       120      60          20        —      (a missing count)
//	B Jan      5        40      25           —        —
//	B Feb      7        40      30          10       10
//	B Mar     99         —       —           —        —      (after B's retirement on 10/02)
//	C Jan   1000         —       —           —        —      (before C's creation on 05/03)
//	C Mar      3        60      80           4        3
func reportDB(t *testing.T) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db := testenv.Empty(t)
	retired := time.Date(2024, 2, 10, 0, 0, 0, 0, time.UTC)
	created := time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)
	if err := db.ImportUnits(ctx, []oversight.UnitInput{
		{Line: 2, Code: "R1", Name: "Quận Một", Kind: oversight.UnitDistrict},
		{Line: 3, Code: "R1.A", Name: "Phường A", Kind: oversight.UnitWard, ParentCode: "R1"},
		{Line: 4, Code: "R1.B", Name: "Phường B", Kind: oversight.UnitWard, ParentCode: "R1", ValidTo: &retired},
		{Line: 5, Code: "R1.C", Name: "Phường C", Kind: oversight.UnitWard, ParentCode: "R1", ValidFrom: &created},
	}, false, sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	var in []sqlite.ValueInput
	add := func(unit string, m oversight.Month, kv ...any) {
		for i := 0; i < len(kv); i += 2 {
			in = append(in, sqlite.ValueInput{UnitCode: unit, Month: m, Metric: kv[i].(string), Value: float64(kv[i+1].(int))})
		}
	}
	add("R1.A", 202401, "dossiers_received", 10, "procedures_listed", 100, "procedures_time_cut_pct", 50, "dossiers_resolved", 8, "dossiers_on_time", 6)
	add("R1.A", 202403, "dossiers_received", 30, "procedures_listed", 120, "procedures_time_cut_pct", 60, "dossiers_resolved", 20)
	add("R1.B", 202401, "dossiers_received", 5, "procedures_listed", 40, "procedures_time_cut_pct", 25)
	add("R1.B", 202402, "dossiers_received", 7, "procedures_listed", 40, "procedures_time_cut_pct", 30, "dossiers_resolved", 10, "dossiers_on_time", 10)
	add("R1.B", 202403, "dossiers_received", 99)
	add("R1.C", 202401, "dossiers_received", 1000)
	add("R1.C", 202403, "dossiers_received", 3, "procedures_listed", 60, "procedures_time_cut_pct", 80, "dossiers_resolved", 4, "dossiers_on_time", 3)
	if err := db.PutValues(ctx, in, "import", sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	return db
}

// Report's every cell against values worked out by hand from the table
// above: flows summed over the months a unit existed, the percent weighted
// by each unit's last procedures listed (not exported, still read), the
// on-time rate only over unit-months with both counts.
func TestReportByHandOverGapsAndHistory(t *testing.T) {
	ctx := context.Background()
	db := reportDB(t)
	root, err := db.UnitByCode(ctx, "R1")
	if err != nil {
		t.Fatal(err)
	}
	units, err := db.ReportUnits(ctx, root, true)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, u := range units {
		order = append(order, u.Code)
	}
	if !reflect.DeepEqual(order, []string{"R1", "R1.A", "R1.B", "R1.C"}) {
		t.Fatalf("report units %v", order)
	}
	var metrics []oversight.Metric
	for _, c := range []string{"dossiers_received", "procedures_time_cut_pct", "dossiers_on_time", "dossiers_resolved"} {
		m, _ := oversight.MetricByCode(c)
		metrics = append(metrics, m)
	}
	month := func(m oversight.Month) oversight.Bucket {
		return oversight.Bucket{Span: oversight.Span{From: m, To: m}, Full: oversight.Span{From: m, To: m}, By: oversight.ByMonth}
	}
	q1 := oversight.Span{From: 202401, To: 202403}
	buckets := []oversight.Bucket{month(202401), month(202402), month(202403), {Span: q1, Full: q1, By: oversight.ByQuarter}}
	rep, err := db.Report(ctx, units, metrics, buckets)
	if err != nil {
		t.Fatal(err)
	}
	cols := []string{"dossiers_received", "procedures_time_cut_pct", "dossiers_on_time", "dossiers_resolved", "on_time_rate"}
	for c, code := range cols {
		if rep.ColumnCode(c) != code {
			t.Fatalf("column %d is %s, want %s", c, rep.ColumnCode(c), code)
		}
	}
	type row map[string]float64
	// want[bucket][unit code, "" for the total]
	want := []map[string]row{
		{ // January: C did not exist yet, its 1,000 is not counted
			"R1.A": {"dossiers_received": 10, "procedures_time_cut_pct": 50, "dossiers_on_time": 6, "dossiers_resolved": 8, "on_time_rate": 75},
			"R1.B": {"dossiers_received": 5, "procedures_time_cut_pct": 25},
			"":     {"dossiers_received": 15, "procedures_time_cut_pct": (50*100 + 25*40) / 140.0, "dossiers_on_time": 6, "dossiers_resolved": 8, "on_time_rate": 75},
		},
		{ // February: A skipped the month
			"R1.B": {"dossiers_received": 7, "procedures_time_cut_pct": 30, "dossiers_on_time": 10, "dossiers_resolved": 10, "on_time_rate": 100},
			"":     {"dossiers_received": 7, "procedures_time_cut_pct": 30, "dossiers_on_time": 10, "dossiers_resolved": 10, "on_time_rate": 100},
		},
		{ // March: B was retired, its 99 is not counted; A has no on-time count
			"R1.A": {"dossiers_received": 30, "procedures_time_cut_pct": 60, "dossiers_resolved": 20},
			"R1.C": {"dossiers_received": 3, "procedures_time_cut_pct": 80, "dossiers_on_time": 3, "dossiers_resolved": 4, "on_time_rate": 75},
			"":     {"dossiers_received": 33, "procedures_time_cut_pct": (60*120 + 80*60) / 180.0, "dossiers_on_time": 3, "dossiers_resolved": 24, "on_time_rate": 75},
		},
		{ // the quarter: stocks take each unit's last month, the rate pairs months
			"R1.A": {"dossiers_received": 40, "procedures_time_cut_pct": 60, "dossiers_on_time": 6, "dossiers_resolved": 28, "on_time_rate": 75},
			"R1.B": {"dossiers_received": 12, "procedures_time_cut_pct": 30, "dossiers_on_time": 10, "dossiers_resolved": 10, "on_time_rate": 100},
			"R1.C": {"dossiers_received": 3, "procedures_time_cut_pct": 80, "dossiers_on_time": 3, "dossiers_resolved": 4, "on_time_rate": 75},
			"":     {"dossiers_received": 55, "procedures_time_cut_pct": (60*120 + 30*40 + 80*60) / 220.0, "dossiers_on_time": 19, "dossiers_resolved": 42, "on_time_rate": 19 / 22.0 * 100},
		},
	}
	check := func(what string, got float64, ok bool, w row, code string) {
		t.Helper()
		wv, wok := w[code]
		if ok != wok || ok && math.Abs(got-wv) > 1e-9 {
			if wok {
				t.Errorf("%s %s = %v (present %v), want %v", what, code, got, ok, wv)
			} else {
				t.Errorf("%s %s = %v, want nothing (—)", what, code, got)
			}
		}
	}
	for b := range buckets {
		for u, unit := range units {
			for c, code := range cols {
				v, ok := rep.Value(u, b, c)
				check(buckets[b].Span.String()+" "+unit.Code, v, ok, want[b][unit.Code], code)
			}
		}
		for c, code := range cols {
			v, ok := rep.Total(b, c)
			check(buckets[b].Span.String()+" total", v, ok, want[b][""], code)
		}
	}

	t.Run("one unit alone reads only its own figures", func(t *testing.T) {
		b, err := db.UnitByCode(ctx, "R1.B")
		if err != nil {
			t.Fatal(err)
		}
		one, err := db.Report(ctx, []oversight.Unit{b}, metrics, buckets[3:])
		if err != nil {
			t.Fatal(err)
		}
		for c, code := range cols {
			v, ok := one.Value(0, 0, c)
			check("B alone, the quarter", v, ok, want[3]["R1.B"], code)
			v, ok = one.Total(0, c)
			check("B alone, the quarter's total", v, ok, want[3]["R1.B"], code)
		}
	})
	t.Run("nothing approved: the approved report is empty, not zero", func(t *testing.T) {
		ap, err := db.ReportApproved(ctx, units, metrics, buckets)
		if err != nil {
			t.Fatal(err)
		}
		for b := range buckets {
			for c := range cols {
				if v, ok := ap.Total(b, c); ok {
					t.Errorf("approved total %s %s = %v, want nothing", buckets[b].Span, cols[c], v)
				}
			}
		}
	})
	t.Run("no unit: an empty report", func(t *testing.T) {
		r, err := db.Report(ctx, nil, metrics, buckets)
		if err != nil || len(r.Units) != 0 {
			t.Fatalf("%v %v", r, err)
		}
		if v, ok := r.Total(0, 0); ok {
			t.Errorf("total %v with no unit", v)
		}
	})
}
