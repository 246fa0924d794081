package sqlite_test

import (
	"context"
	"math"
	"path/filepath"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/testenv"
)

// dashDemoDB is testenv.Demo.
func dashDemoDB(t *testing.T) *sqlite.DB { t.Helper(); return testenv.Demo(t) }

func dashUnit(t *testing.T, db *sqlite.DB, code string) oversight.Unit {
	t.Helper()
	u, err := db.UnitByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

var dashCounts = []string{"dossiers_received", "dossiers_resolved", "dossiers_on_time", "procedures_listed", "staff_evaluated", "staff_good"}

// dashCompare checks the roll-up answer for a unit, month by month and over
// the span, against the raw figures aggregated by the domain
// (oversight.Aggregate over Points): two independent paths.
func dashCompare(t *testing.T, db *sqlite.DB, code string, span oversight.Span) {
	t.Helper()
	ctx := context.Background()
	u := dashUnit(t, db, code)
	got, err := db.SubtreeMonthly(ctx, []int64{u.ID}, dashCounts, span)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range span.Months() {
		one := oversight.Span{From: m, To: m}
		pts, err := db.Points(ctx, u.ID, true, dashCounts, one)
		if err != nil {
			t.Fatal(err)
		}
		want := oversight.Aggregate(pts, one)
		for _, metric := range dashCounts {
			w, wok := want[metric]
			g, gok := got[u.ID][m][metric]
			if wok != gok || math.Abs(w-g) > 1e-9 {
				t.Errorf("%s %s %s: roll-up %v (%v), figures %v (%v)", code, m, metric, g, gok, w, wok)
			}
		}
	}
	pts, err := db.Points(ctx, u.ID, true, dashCounts, span)
	if err != nil {
		t.Fatal(err)
	}
	want := oversight.Aggregate(pts, span)
	for _, metric := range dashCounts {
		if m, _ := oversight.MetricByCode(metric); m.Agg != oversight.AggFlow {
			continue // the roll-ups sum months; only a flow's span total is their sum
		}
		over := flowOver(got[u.ID], span)
		if math.Abs(want[metric]-over[metric]) > 1e-9 {
			t.Errorf("%s %s over %s: roll-up %v, figures %v", code, metric, span, over[metric], want[metric])
		}
	}
}

// flowOver sums monthly roll-ups over span s (right for flows only).
func flowOver(by map[oversight.Month]oversight.Totals, s oversight.Span) oversight.Totals {
	out := oversight.Totals{}
	for m, t := range by {
		if s.Contains(m) {
			for k, v := range t {
				out[k] += v
			}
		}
	}
	return out
}

func TestDashRollupsMatchFigures(t *testing.T) {
	db := dashDemoDB(t)
	for _, code := range []string{seed.CityRef, seed.DistrictCode, seed.NguyenTraiRef} {
		for _, span := range []oversight.Span{seed.DemoSpan, oversight.Quarter(2019, 2), oversight.Half(2019, 1), oversight.Year(2019)} {
			dashCompare(t, db, code, span)
		}
	}
	ctx := context.Background()
	hd := dashUnit(t, db, seed.DistrictCode)
	got, err := db.SubtreeMonthly(ctx, []int64{hd.ID}, []string{"dossiers_received"}, seed.DemoSpan)
	if err != nil {
		t.Fatal(err)
	}
	if total := flowOver(got[hd.ID], seed.DemoSpan)["dossiers_received"]; total != 107103 {
		t.Errorf("Hà Đông received over 2019 = %v, want 107103 (the report's 6,538 + 100,565)", total)
	}
	if _, err := db.SubtreeMonthly(ctx, []int64{hd.ID}, []string{"procedures_time_cut_pct"}, seed.DemoSpan); err == nil {
		t.Error("a percent metric was summed across units")
	}
}

// Writes reach the roll-ups through the triggers: new, changed and
// removed figures, and a unit moved to another parent.
func TestDashRollupsFollowWrites(t *testing.T) {
	db := dashDemoDB(t)
	ctx := context.Background()
	ward := seed.WardCodes[3]
	m := oversight.NewMonth(2019, 11)
	put := func(v float64) {
		t.Helper()
		if err := db.PutValues(ctx, []sqlite.ValueInput{{UnitCode: ward, Metric: "dossiers_received", Month: m, Value: v}}, "form", sqlite.Actor{Name: "t"}); err != nil {
			t.Fatal(err)
		}
	}
	put(40)
	dashCompare(t, db, seed.DistrictCode, oversight.Year(2019))
	dashCompare(t, db, seed.CityRef, oversight.Year(2019))
	put(7)
	dashCompare(t, db, seed.DistrictCode, oversight.Year(2019))
	hd := dashUnit(t, db, seed.DistrictCode)
	got, err := db.SubtreeMonthly(ctx, []int64{hd.ID}, []string{"dossiers_received"}, oversight.Span{From: m, To: m})
	if err != nil {
		t.Fatal(err)
	}
	if v := got[hd.ID][m]["dossiers_received"]; v != 7 {
		t.Errorf("Hà Đông November after the correction = %v, want 7", v)
	}
	// Move the ward under Hà Nội directly: Hà Đông loses its figures.
	in, err := oversight.ParseUnitRows([][]string{{"code", "name", "kind", "parent_code"}, {ward, "Phường thử", "ward", seed.CityCode}}, map[string]bool{ward: true, seed.CityCode: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ImportUnits(ctx, in, true, sqlite.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	dashCompare(t, db, seed.DistrictCode, oversight.Year(2019))
	dashCompare(t, db, seed.CityRef, oversight.Year(2019))
}

// Across the 2025 reorganisation each unit keeps its own figures: the new
// ward's total holds none of its predecessors' months, the old ward's none
// of the new one's, and only the nation, to which both belonged in their
// time (the old ward under the old Hà Nội, the new under the new), adds
// them up month by month.
func TestDashSpanAcrossReorganisation(t *testing.T) {
	db := dashDemoDB(t)
	ctx := context.Background()
	old, neu := seed.WardCodes[0], "09556"
	if err := db.PutValues(ctx, []sqlite.ValueInput{
		{UnitCode: old, Metric: "dossiers_received", Month: oversight.NewMonth(2025, 5), Value: 300},
		{UnitCode: neu, Metric: "dossiers_received", Month: oversight.NewMonth(2025, 8), Value: 500},
	}, "form", sqlite.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	y := oversight.Year(2025)
	o, n, city := dashUnit(t, db, old+"@2025-05-01"), dashUnit(t, db, neu), dashUnit(t, db, seed.NationCode)
	got, err := db.SubtreeMonthly(ctx, []int64{o.ID, n.ID, city.ID}, []string{"dossiers_received"}, y)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		id   int64
		want float64
	}{{o.ID, 300}, {n.ID, 500}, {city.ID, 800}} {
		if v := flowOver(got[c.id], y)["dossiers_received"]; v != c.want {
			t.Errorf("unit %d over 2025 = %v, want %v", c.id, v, c.want)
		}
	}
	dashCompare(t, db, seed.NationCode, y)
}

// The synthetic national set keeps the domain's rules and its precomputed
// roll-ups equal those SQL computes from the figures.
func TestDashSyntheticSeed(t *testing.T) {
	db := mustOpen(t, filepath.Join(t.TempDir(), "syn.db"))
	ctx := context.Background()
	end := oversight.NewMonth(2026, 10)
	n, err := seed.Synthetic(ctx, db, seed.SyntheticOptions{Provinces: 3, Units: 30, Months: 14, End: end, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if n.Units != 34 || n.Values != 30*14*len(oversight.Catalogue) {
		t.Errorf("counts = %+v, want 34 units and %d values", n, 30*14*len(oversight.Catalogue))
	}
	if c, err := db.CountValues(ctx); err != nil || c != int64(n.Values) {
		t.Errorf("stored %d values (%v), reported %d", c, err, n.Values)
	}
	span := oversight.Span{From: end.Add(-13), To: end}
	root := dashUnit(t, db, seed.SyntheticRootCode)
	prov := dashUnit(t, db, "P02")
	before, err := db.SubtreeMonthly(ctx, []int64{root.ID, prov.ID}, dashCounts, span)
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{seed.SyntheticRootCode, "P02", "C00017"} {
		dashCompare(t, db, code, span)
	}
	if err := db.RebuildRollups(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := db.SubtreeMonthly(ctx, []int64{root.ID, prov.ID}, dashCounts, span)
	if err != nil {
		t.Fatal(err)
	}
	for id, months := range before {
		for m, tot := range months {
			for k, v := range tot {
				if after[id][m][k] != v {
					t.Errorf("unit %d %s %s: seeded roll-up %v, rebuilt %v", id, m, k, v, after[id][m][k])
				}
			}
		}
	}
	// Domain rules on every commune-month.
	pts, err := db.Points(ctx, root.ID, true, nil, span)
	if err != nil {
		t.Fatal(err)
	}
	type key struct {
		u int64
		m oversight.Month
	}
	rec := map[key]oversight.Totals{}
	for _, p := range pts {
		k := key{p.Unit, p.Month}
		if rec[k] == nil {
			rec[k] = oversight.Totals{}
		}
		rec[k][p.Metric] = p.Value
	}
	if len(rec) != 30*14 {
		t.Fatalf("%d commune-months, want %d", len(rec), 30*14)
	}
	for k, r := range rec {
		if r["dossiers_on_time"]+r["dossiers_late"] != r["dossiers_resolved"] ||
			r["staff_excellent"]+r["staff_good"]+r["staff_completed"]+r["staff_not_completed"] != r["staff_evaluated"] ||
			r["dossiers_received_online"] > r["dossiers_received"] || r["dossiers_pending_overdue"] > r["dossiers_pending"] ||
			r["dossiers_resolved"]+r["dossiers_pending"] > r["dossiers_carried_over"]+r["dossiers_received"] {
			t.Errorf("unit %d %s breaks a domain rule: %v", k.u, k.m, r)
			break
		}
	}
	// A second load into the same file is refused.
	if _, err := seed.Synthetic(ctx, db, seed.SyntheticOptions{Provinces: 1, Units: 1, Months: 1, End: end}); err == nil {
		t.Error("a second synthetic load into a full database was accepted")
	}
}
