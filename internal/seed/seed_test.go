package seed_test

import (
	"context"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/testenv"
)

// openDemo is testenv.Demo.
func openDemo(t *testing.T) *sqlite.DB { t.Helper(); return testenv.Demo(t) }

func TestReferenceTree(t *testing.T) {
	ctx := context.Background()
	db := openDemo(t)
	district, err := db.UnitByCode(ctx, "268")
	if err != nil {
		t.Fatal(err)
	}
	if district.ParentCode != "01" || district.ValidTo == nil || district.ValidTo.Format("2006-01-02") != "2025-06-30" {
		t.Errorf("district = %+v, want parent 01 and valid to 2025-06-30", district)
	}
	kids, err := db.Children(ctx, district.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The 17 wards of 2019 (the new Phường Quang Trung of 2025 is a child
	// too, but did not exist then); the nine offices are organisations of
	// the district, never among its children.
	kids = oversight.ExistingDuring(append([]oversight.Unit{district}, kids...), seed.DemoSpan)[1:]
	count := map[string]int{}
	for _, k := range kids {
		count[k.Kind]++
	}
	if count[oversight.UnitWard] != 17 || len(kids) != 17 {
		t.Errorf("children of 268 in 2019 by kind = %v, want 17 wards", count)
	}
	orgs, err := db.Organisations(ctx, district.ID)
	if err != nil {
		t.Fatal(err)
	}
	ocount := map[string]int{}
	for _, o := range orgs {
		ocount[o.Kind]++
	}
	if ocount[oversight.UnitDepartment] != 8 || ocount[oversight.UnitOffice] != 1 || len(orgs) != 9 {
		t.Errorf("organisations of 268 by kind = %v, want 8 departments and 1 office", ocount)
	}
	// Vietnamese order: Đ comes right after D, not after Y.
	var wards []string
	for _, k := range kids {
		if k.Kind == oversight.UnitWard {
			wards = append(wards, k.Name)
		}
	}
	if wards[0] != "Phường Biên Giang" || wards[1] != "Phường Dương Nội" || wards[2] != "Phường Đồng Mai" || wards[16] != "Phường Yết Kiêu" {
		t.Errorf("wards in order %v", wards)
	}
	newWard, err := db.UnitByCode(ctx, seed.HaDong2025)
	if err != nil {
		t.Fatal(err)
	}
	if newWard.Name != "Phường Hà Đông" {
		t.Fatalf("09556 today = %s, want Phường Hà Đông", newWard.Name)
	}
	preds, _, err := db.Successions(ctx, newWard.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(preds) < 5 {
		t.Errorf("Phường Hà Đông has %d predecessors, want several old wards", len(preds))
	}
	// Every 2019 ward has at least one successor.
	for _, code := range seed.WardCodes {
		u, err := db.UnitByCode(ctx, seed.WardRef(code))
		if err != nil {
			t.Fatal(err)
		}
		_, succ, err := db.Successions(ctx, u.ID)
		if err != nil || len(succ) == 0 {
			t.Errorf("ward %s (%s) has no successor (err %v)", code, u.Name, err)
		}
	}
}

func TestReferenceIsIdempotent(t *testing.T) {
	ctx := context.Background()
	db := openDemo(t)
	before, _ := db.Units(ctx)
	if err := seed.Reference(ctx, db); err != nil {
		t.Fatal(err)
	}
	after, _ := db.Units(ctx)
	if len(before) != len(after) {
		t.Errorf("units: %d before, %d after loading the reference again", len(before), len(after))
	}
	if loaded, err := seed.Demo(ctx, db); err != nil || loaded {
		t.Errorf("second demo load: loaded=%v err=%v, want nothing loaded", loaded, err)
	}
}

func TestDemoTotalsMatchTheArticle(t *testing.T) {
	ctx := context.Background()
	db := openDemo(t)
	district, _ := db.UnitByCode(ctx, "268")
	own, err := db.Points(ctx, district.ID, false, nil, seed.DemoSpan)
	if err != nil {
		t.Fatal(err)
	}
	ownT := oversight.Aggregate(own, seed.DemoSpan)
	if ownT["dossiers_received"] != 6538 {
		t.Errorf("district's own dossiers received = %v, want 6538", ownT["dossiers_received"])
	}
	var wardsTotal float64
	for _, code := range seed.WardCodes {
		// Resolved at the span: 09538, 09552, 09556 name other units later.
		u, err := db.UnitDuring(ctx, code, seed.DemoSpan)
		if err != nil {
			t.Fatal(err)
		}
		pts, err := db.Points(ctx, u.ID, true, []string{"dossiers_received"}, seed.DemoSpan)
		if err != nil {
			t.Fatal(err)
		}
		wardsTotal += oversight.Aggregate(pts, seed.DemoSpan)["dossiers_received"]
	}
	if wardsTotal != 100565 {
		t.Errorf("17 wards' dossiers received = %v, want 100565", wardsTotal)
	}
	all, err := db.Points(ctx, district.ID, true, nil, seed.DemoSpan)
	if err != nil {
		t.Fatal(err)
	}
	tot := oversight.Aggregate(all, seed.DemoSpan)
	if tot["dossiers_received"] != 6538+100565 {
		t.Errorf("subtree dossiers received = %v, want %d", tot["dossiers_received"], 6538+100565)
	}
	// The report says every dossier returned was on time.
	if tot["dossiers_resolved"] == 0 || tot["dossiers_on_time"] != tot["dossiers_resolved"] {
		t.Errorf("dossiers on time %v of %v resolved, want all", tot["dossiers_on_time"], tot["dossiers_resolved"])
	}
	if rate, ok := tot["on_time_rate"]; !ok || rate != 100 {
		t.Errorf("on-time rate = %v (%v), want 100", rate, ok)
	}
	if tot["procedures_listed"] != 246+17*135 {
		t.Errorf("procedures listed in the subtree = %v, want %d", tot["procedures_listed"], 246+17*135)
	}
	// The weighted share of shortened procedures lies between 74 and 91.
	want := (246*74.0 + 17*135*91.0) / (246 + 17*135)
	if got := tot["procedures_time_cut_pct"]; got < want-1e-9 || got > want+1e-9 {
		t.Errorf("procedures_time_cut_pct = %v, want %v (weighted by procedures listed)", got, want)
	}
	staff, err := db.Points(ctx, district.ID, false, []string{"staff_evaluated", "staff_not_completed"}, seed.StaffSpan)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := 1e9, 0.0
	for _, p := range staff {
		if p.Metric == "staff_not_completed" && p.Value != 0 {
			t.Errorf("%s: %v staff not completed, want 0", p.Month, p.Value)
		}
		if p.Metric == "staff_evaluated" {
			lo, hi = min(lo, p.Value), max(hi, p.Value)
		}
	}
	if lo != 4118 || hi != 4354 {
		t.Errorf("staff evaluated range %v-%v, want 4118-4354", lo, hi)
	}
	// Every demo month passes the domain's validation rules.
	byMonth := map[oversight.Month]map[string]float64{}
	for _, p := range all {
		key := oversight.Month(int(p.Month)) + oversight.Month(p.Unit*1000000)
		if byMonth[key] == nil {
			byMonth[key] = map[string]float64{}
		}
		byMonth[key][p.Metric] = p.Value
	}
	for k, v := range byMonth {
		if issues := oversight.ValidateMonth(v); len(issues) > 0 {
			t.Errorf("demo values %d fail validation: %+v", k, issues)
		}
	}
}

func TestDemoSession(t *testing.T) {
	ctx := context.Background()
	db := openDemo(t)
	ss, err := db.Sessions(ctx)
	if err != nil || len(ss) != 1 {
		t.Fatalf("sessions = %d (%v), want 1", len(ss), err)
	}
	s, err := db.Session(ctx, ss[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.Date.Format("2006-01-02") != "2019-11-13" || s.UnitCode != "268" || s.Leader != "Lê Cường, Bí thư Quận ủy Hà Đông" {
		t.Errorf("session = %s %s %s", s.Date, s.UnitCode, s.Leader)
	}
	if len(s.Recommendations) != 5 || len(s.Discussion) != 3 {
		t.Errorf("recommendations %d, discussion points %d; want 5 and 3", len(s.Recommendations), len(s.Discussion))
	}
	for _, r := range s.Recommendations {
		if r.LeadCode == "" || r.Deadline == nil || r.Status == "" {
			t.Errorf("recommendation %d lacks lead, deadline or status: %+v", r.Seq, r)
		}
	}
	want := map[string]float64{"inspections": 57, "units_inspected": 26, "training_classes": 44, "trainees": 6760,
		"procedure_reviews": 9, "departments_adjusted": 12, "public_service_units": 7, "public_service_units_cut": 6,
		"heads_cut": 4, "deputies_cut": 11}
	got := map[string]float64{}
	for _, f := range s.Figures {
		if f.Scope == oversight.ScopeUnit {
			got[f.Metric] = f.Value
		}
		if f.Metric == "dossiers_received" && f.Scope == oversight.ScopeChildrenTotal && f.Value != 100565 {
			t.Errorf("wards' dossiers figure = %v", f.Value)
		}
		if f.Metric == "staff_evaluated" && (f.ValueMax == nil || *f.ValueMax != 4354 || f.Value != 4118) {
			t.Errorf("staff evaluated figure = %v..%v, want 4118..4354", f.Value, f.ValueMax)
		}
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("figure %s = %v, want %v", k, got[k], v)
		}
	}
}

func TestApportionAddsUp(t *testing.T) {
	for _, total := range []int{0, 1, 17, 6538, 100565} {
		parts := seed.Apportion(total, []float64{1, 2.5, 0.3, 7})
		sum := 0
		for _, p := range parts {
			sum += p
		}
		if sum != total {
			t.Errorf("Apportion(%d) sums to %d", total, sum)
		}
	}
}
