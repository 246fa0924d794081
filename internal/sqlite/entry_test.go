package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

func entryDB(t *testing.T) (*sqlite.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cchc.db")
	db := mustOpen(t, path)
	t.Cleanup(func() { db.Close() })
	err := db.ImportUnits(context.Background(), []oversight.UnitInput{
		{Line: 1, Code: "Q", Name: "Quận", Kind: "district"},
		{Line: 2, Code: "P", Name: "Phường", Kind: "ward", ParentCode: "Q"},
	}, false, sqlite.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	return db, path
}

func TestSaveEntriesHistoryAndDryRun(t *testing.T) {
	ctx := context.Background()
	db, _ := entryDB(t)
	m := oversight.NewMonth(2026, 1)
	u, _ := db.UnitByCode(ctx, "P")
	row := func(metric string, v float64) oversight.EntryRow {
		return oversight.EntryRow{Unit: "P", Month: m, Metric: metric, Value: v}
	}
	a := sqlite.Actor{Name: "tester"}

	res, err := db.SaveEntries(ctx, []oversight.EntryRow{row("inspections", 3)}, "form", a, true)
	if err != nil || res.Saved || len(res.Issues) != 0 {
		t.Fatalf("dry run: %+v %v", res, err)
	}
	if mc, _ := db.EntryContext(ctx, u.ID, m); len(mc.Stored) != 0 {
		t.Fatalf("dry run wrote %v", mc.Stored)
	}
	// The same figure twice in one batch is refused, naming both rows.
	res, err = db.SaveEntries(ctx, []oversight.EntryRow{row("inspections", 3), row("inspections", 4)}, "form", a, false)
	if err != nil || res.Saved || len(res.Issues) != 1 || res.Issues[0].Row != 1 || !strings.Contains(text.Issue("vi", res.Issues[0].Issue), "dòng 1 và 2") {
		t.Fatalf("duplicate figure: %+v %v", res, err)
	}
	// Months to come, and months when the unit did not exist, are refused.
	res, _ = db.SaveEntries(ctx, []oversight.EntryRow{{Unit: "P", Month: oversight.MonthOf(time.Now()).Add(1), Metric: "inspections", Value: 1}}, "api", a, false)
	if res.Saved || len(res.Issues) != 1 || !strings.Contains(text.Issue("en", res.Issues[0].Issue), "has not ended") {
		t.Errorf("next month: %+v", res)
	}
	res, err = db.SaveEntries(ctx, []oversight.EntryRow{row("inspections", 4)}, "form", a, false)
	if err != nil || !res.Saved || res.Changed != 1 {
		t.Fatalf("save: %+v %v", res, err)
	}
	res, err = db.SaveEntries(ctx, []oversight.EntryRow{row("inspections", 4)}, "grid", a, false)
	if err != nil || !res.Saved || res.Changed != 0 {
		t.Fatalf("same value again: %+v %v, want saved with nothing changed", res, err)
	}
	if _, err = db.SaveEntries(ctx, []oversight.EntryRow{row("inspections", 6)}, "api", a, false); err != nil {
		t.Fatal(err)
	}
	h, err := db.ValueHistory(ctx, u.ID, m)
	if err != nil || len(h) != 2 {
		t.Fatalf("history %+v %v, want 2 changes", h, err)
	}
	if h[0].Old == nil || *h[0].Old != 4 || h[0].New != 6 || h[0].Source != "api" || h[0].UserName != "tester" {
		t.Errorf("newest change %+v", h[0])
	}
	if h[1].Old != nil || h[1].New != 4 || h[1].Source != "form" {
		t.Errorf("first change %+v", h[1])
	}
	res, err = db.SaveEntries(ctx, []oversight.EntryRow{row("inspections", 7), {Unit: "NOPE", Month: m, Metric: "inspections", Value: 1}}, "api", a, false)
	if err != nil || res.Saved || len(res.Issues) != 1 || res.Issues[0].Row != 1 {
		t.Fatalf("unknown unit: %+v %v", res, err)
	}
	if mc, _ := db.EntryContext(ctx, u.ID, m); mc.Stored["inspections"] != 6 {
		t.Errorf("a refused batch changed inspections to %v", mc.Stored["inspections"])
	}
}

func TestChangeStatusSnapshotsAndLocks(t *testing.T) {
	ctx := context.Background()
	db, path := entryDB(t)
	m := oversight.NewMonth(2026, 2)
	ward, _ := db.UnitByCode(ctx, "P")
	district, _ := db.UnitByCode(ctx, "Q")
	staff := oversight.User{Name: "phuong", Role: oversight.RoleStaff, UnitID: ward.ID}
	boss := oversight.User{Name: "quan", Role: oversight.RoleStaff, UnitID: district.ID}
	if _, err := db.SaveEntries(ctx, []oversight.EntryRow{{Unit: "P", Month: m, Metric: "trainees", Value: 10}}, "form", sqlite.Actor{}, false); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		u      oversight.User
		action string
	}{{staff, oversight.ActionSubmit}, {boss, oversight.ActionApprove}} {
		if _, err := db.ChangeStatus(ctx, ward.ID, m, step.action, "", step.u, sqlite.Actor{}); err != nil {
			t.Fatalf("%s: %v", step.action, err)
		}
	}
	st, _ := db.MonthState(ctx, ward.ID, m)
	if st.Status != oversight.StatusApproved || st.ApprovedBy != "quan" || st.ApprovedAt == "" {
		t.Errorf("state %+v", st)
	}
	if snap, _ := db.ApprovedValues(ctx, ward.ID, m); snap["trainees"] != 10 {
		t.Errorf("snapshot %v", snap)
	}
	res, err := db.SaveEntries(ctx, []oversight.EntryRow{{Unit: "P", Month: m, Metric: "trainees", Value: 11}}, "form", sqlite.Actor{}, false)
	if err != nil || res.Saved || len(res.Issues) != 1 {
		t.Fatalf("write to an approved month: %+v %v", res, err)
	}
	// The approved-only view serves dashboards and exports.
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM approved_metric_values WHERE unit_id = ?`, ward.ID).Scan(&n); err != nil || n != 1 {
		t.Errorf("approved_metric_values has %d rows for the ward (%v), want 1", n, err)
	}
	if _, err := db.ChangeStatus(ctx, ward.ID, m, oversight.ActionReopen, "", staff, sqlite.Actor{}); oversight.ErrorCode(err) != oversight.EForbidden {
		t.Errorf("ward staff reopens: %v, want forbidden", err)
	}
	if _, err := db.ChangeStatus(ctx, ward.ID, m, oversight.ActionReopen, "", boss, sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	if err := raw.QueryRow(`SELECT COUNT(*) FROM approved_metric_values WHERE unit_id = ?`, ward.ID).Scan(&n); err != nil || n != 0 {
		t.Errorf("after reopening, approved_metric_values has %d rows, want 0", n)
	}
	if snap, _ := db.ApprovedValues(ctx, ward.ID, m); snap["trainees"] != 10 {
		t.Errorf("the snapshot must survive reopening (to show changes): %v", snap)
	}
}

// The store enforces four eyes: an empty month cannot be submitted; whoever
// wrote a figure of a month since it was last approved (whatever the
// source) cannot approve it, and a refused approval takes no snapshot.
func TestChangeStatusFourEyes(t *testing.T) {
	ctx := context.Background()
	db, _ := entryDB(t)
	clock := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	m := oversight.NewMonth(2026, 2)
	ward, _ := db.UnitByCode(ctx, "P")
	district, _ := db.UnitByCode(ctx, "Q")
	staff := oversight.User{ID: 1, Name: "phuong", Role: oversight.RoleStaff, UnitID: ward.ID}
	boss := oversight.User{ID: 2, Name: "quan", Role: oversight.RoleStaff, UnitID: district.ID}
	admin := oversight.User{ID: 3, Name: "admin", Role: oversight.RoleAdmin}
	write := func(t *testing.T, u oversight.User, source string, v float64) {
		t.Helper()
		res, err := db.SaveEntries(ctx, []oversight.EntryRow{{Unit: "P", Month: m, Metric: "trainees", Value: v}}, source, sqlite.Actor{Name: u.Name}, false)
		if err != nil || !res.Saved {
			t.Fatalf("%s writes %v: %+v %v", u.Name, v, res, err)
		}
	}
	status := func(u oversight.User, action string) error {
		_, err := db.ChangeStatus(ctx, ward.ID, m, action, "", u, sqlite.Actor{Name: u.Name})
		return err
	}
	if err := status(staff, oversight.ActionSubmit); oversight.ErrorCode(err) != oversight.EConflict || !strings.Contains(text.Error(err, "vi"), "chưa có số liệu") {
		t.Fatalf("submit an empty month: %v, want a conflict", err)
	}
	for _, source := range []string{"form", "grid", "api", "import"} {
		t.Run(source, func(t *testing.T) {
			write(t, boss, source, 12) // the district clerk corrects the draft
			write(t, staff, "form", 10)
			if err := status(staff, oversight.ActionSubmit); err != nil {
				t.Fatal(err)
			}
			// A submitted month is frozen for everyone until it is returned.
			res, err := db.SaveEntries(ctx, []oversight.EntryRow{{Unit: "P", Month: m, Metric: "trainees", Value: 13}}, source, sqlite.Actor{Name: boss.Name}, false)
			if err != nil || res.Saved || len(res.Issues) != 1 || !strings.Contains(text.Issue("vi", res.Issues[0].Issue), "đã gửi duyệt") {
				t.Fatalf("a write to a submitted month: %+v %v, want refused as submitted", res, err)
			}
			if mc, _ := db.EntryContext(ctx, ward.ID, m); mc.Stored["trainees"] != 10 {
				t.Fatalf("trainees = %v after the refused write, want 10", mc.Stored["trainees"])
			}
			err = status(boss, oversight.ActionApprove)
			if oversight.ErrorCode(err) != oversight.EForbidden || !strings.Contains(text.Error(err, "vi"), "đã sửa số liệu") {
				t.Fatalf("the clerk approves what they changed: %v, want forbidden", err)
			}
			if err := db.CheckApproval(ctx, ward.ID, m, boss); oversight.ErrorCode(err) != oversight.EForbidden {
				t.Errorf("CheckApproval: %v", err)
			}
			if st, _ := db.MonthState(ctx, ward.ID, m); st.Status != oversight.StatusSubmitted {
				t.Fatalf("state %s after a refused approval", st.Status)
			}
			if st, _ := db.MonthState(ctx, ward.ID, m); st.ApprovedBy == boss.Name {
				t.Fatalf("a refused approval was recorded: %+v", st)
			}
			// Someone who wrote nothing approves; then it is reopened for the next round.
			if err := status(admin, oversight.ActionApprove); err != nil {
				t.Fatal(err)
			}
			if err := status(admin, oversight.ActionReopen); err != nil {
				t.Fatal(err)
			}
		})
	}
	// Writes before the last approval do not count: the ward corrects and
	// resubmits, and the clerk, who wrote nothing since, may approve.
	write(t, staff, "form", 14)
	if err := status(staff, oversight.ActionSubmit); err != nil {
		t.Fatal(err)
	}
	if err := status(boss, oversight.ActionApprove); err != nil {
		t.Fatalf("the clerk approves a month they last changed before its approval: %v", err)
	}
}

// A stored figure can be cleared with a reason: the value is gone, its
// history keeps the old value and the reason, the audit log the clearing.
// Without a reason nothing changes; clearing nothing changes nothing.
func TestSaveEntriesClearsAFigure(t *testing.T) {
	ctx := context.Background()
	db, path := entryDB(t)
	m := oversight.NewMonth(2026, 2)
	ward, _ := db.UnitByCode(ctx, "P")
	a := sqlite.Actor{Name: "phuong"}
	if _, err := db.SaveEntries(ctx, []oversight.EntryRow{{Unit: "P", Month: m, Metric: "trainees", Value: 10}, {Unit: "P", Month: m, Metric: "inspections", Value: 2}}, "form", a, false); err != nil {
		t.Fatal(err)
	}
	clear := oversight.EntryRow{Unit: "P", Month: m, Metric: "trainees", Clear: true}
	res, err := db.SaveEntries(ctx, []oversight.EntryRow{clear}, "form", a, false)
	if err != nil || res.Saved || len(res.Issues) != 1 || res.Issues[0].Severity != oversight.SevWarning || !strings.Contains(text.Issue("vi", res.Issues[0].Issue), "sẽ bị xóa (đang lưu 10)") {
		t.Fatalf("clear without a reason: %+v %v", res, err)
	}
	clear.Reason = "Nhập nhầm đơn vị"
	res, err = db.SaveEntries(ctx, []oversight.EntryRow{clear}, "api", a, false)
	if err != nil || !res.Saved || res.Changed != 1 {
		t.Fatalf("clear with a reason: %+v %v", res, err)
	}
	mc, _ := db.EntryContext(ctx, ward.ID, m)
	if _, ok := mc.Stored["trainees"]; ok || mc.Stored["inspections"] != 2 {
		t.Fatalf("stored after clearing: %v", mc.Stored)
	}
	h, _ := db.ValueHistory(ctx, ward.ID, m)
	if len(h) != 3 || !h[0].Cleared || h[0].Old == nil || *h[0].Old != 10 || h[0].Reason != "Nhập nhầm đơn vị" || h[0].Source != "api" || h[0].UserName != "phuong" {
		t.Fatalf("history %+v", h)
	}
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var detail string
	if err := raw.QueryRow(`SELECT detail FROM audit_log WHERE action = 'values.clear'`).Scan(&detail); err != nil || !strings.Contains(detail, "Nhập nhầm đơn vị") {
		t.Errorf("audit: %q %v", detail, err)
	}
	// Clearing what is not stored is no change and writes no history.
	res, err = db.SaveEntries(ctx, []oversight.EntryRow{clear}, "api", a, false)
	if err != nil || !res.Saved || res.Changed != 0 {
		t.Fatalf("clear again: %+v %v", res, err)
	}
	if h, _ := db.ValueHistory(ctx, ward.ID, m); len(h) != 3 {
		t.Errorf("clearing nothing wrote history: %+v", h)
	}
}

// A batch larger than one multi-row statement that adds figures, changes
// some and repeats others stores each as given and records history for
// the changed and new ones only (expected counts worked out by hand).
func TestSaveEntriesMixedBatchOfNewChangedAndSameFigures(t *testing.T) {
	ctx := context.Background()
	db, _ := entryDB(t)
	var in []oversight.UnitInput
	for i := 1; i <= 30; i++ {
		in = append(in, oversight.UnitInput{Line: i, Code: fmt.Sprintf("P%02d", i), Name: fmt.Sprintf("Phường %d", i), Kind: "ward", ParentCode: "Q"})
	}
	if err := db.ImportUnits(ctx, in, false, sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	m := oversight.NewMonth(2025, 8)
	// Consistent with every rule (the import benchmark's figures).
	base := map[string]float64{
		"procedures_listed": 135, "procedures_time_cut_pct": 74.5, "procedure_reviews": 1,
		"dossiers_carried_over": 10, "dossiers_received": 100, "dossiers_received_online": 40,
		"dossiers_resolved": 90, "dossiers_on_time": 85, "dossiers_late": 5, "dossiers_pending": 20, "dossiers_pending_overdue": 2,
		"staff_evaluated": 50, "staff_excellent": 5, "staff_good": 30, "staff_completed": 14, "staff_not_completed": 1,
		"inspections": 2, "units_inspected": 2, "training_classes": 1, "trainees": 30,
		"departments_adjusted": 0, "public_service_units": 3, "public_service_units_cut": 0, "heads_cut": 0, "deputies_cut": 0,
	}
	batch := func(units int, received func(i int) float64) []oversight.EntryRow {
		var rows []oversight.EntryRow
		for i := 1; i <= units; i++ {
			for code, v := range base {
				if code == "dossiers_received" {
					v = received(i)
				}
				rows = append(rows, oversight.EntryRow{Unit: fmt.Sprintf("P%02d", i), Month: m, Metric: code, Value: v})
			}
		}
		return rows
	}
	a := sqlite.Actor{Name: "cli"}
	res, err := db.SaveEntries(ctx, batch(20, func(int) float64 { return 100 }), "import", a, false)
	if err != nil || !res.Saved || res.Changed != 20*25 {
		t.Fatalf("first batch: %+v %v, want 500 changed", res, err)
	}
	// Units 1-10: one figure changed; 11-20: all the same; 21-30: new.
	received := func(i int) float64 {
		if i <= 10 {
			return 101
		}
		return 100
	}
	res, err = db.SaveEntries(ctx, batch(30, received), "import", a, false)
	if err != nil || !res.Saved || res.Changed != 10+10*25 {
		t.Fatalf("second batch: %+v %v, want 260 changed", res, err)
	}
	for i := 1; i <= 30; i++ {
		u, err := db.UnitByCode(ctx, fmt.Sprintf("P%02d", i))
		if err != nil {
			t.Fatal(err)
		}
		mc, err := db.EntryContext(ctx, u.ID, m)
		if err != nil {
			t.Fatal(err)
		}
		if len(mc.Stored) != 25 || mc.Stored["dossiers_received"] != received(i) || mc.Stored["trainees"] != 30 {
			t.Errorf("P%02d holds %v", i, mc.Stored)
		}
		h, err := db.ValueHistory(ctx, u.ID, m)
		if err != nil {
			t.Fatal(err)
		}
		want := 25
		if i <= 10 {
			want = 26
		}
		if len(h) != want {
			t.Errorf("P%02d has %d history rows, want %d", i, len(h), want)
		}
		if i <= 10 && (h[0].Metric != "dossiers_received" || h[0].Old == nil || *h[0].Old != 100 || h[0].New != 101) {
			t.Errorf("P%02d newest change %+v, want dossiers_received 100 -> 101", i, h[0])
		}
	}
}
