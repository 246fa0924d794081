package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// approvedApproveWard approves 09538's October 2019 through the store's
// workflow: the ward's staff submit, the district's staff approve.
func approvedApproveWard(t *testing.T, path string) float64 {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ward, err := db.CreateUser(ctx, "phuong", oversight.RoleStaff, "09538", "x", sqlite.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	district, err := db.CreateUser(ctx, "quan", oversight.RoleStaff, "268", "x", sqlite.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.UnitByCode(ctx, "09538@2024-12-31")
	if err != nil {
		t.Fatal(err)
	}
	m := oversight.NewMonth(2019, 10)
	if _, err := db.ChangeStatus(ctx, u.ID, m, "submit", "", ward, sqlite.Actor{Name: ward.Name}); err != nil {
		t.Fatal(err)
	}
	if st, err := db.ChangeStatus(ctx, u.ID, m, "approve", "", district, sqlite.Actor{Name: district.Name}); err != nil || st != oversight.StatusApproved {
		t.Fatalf("approve: %s %v", st, err)
	}
	// Read back independently of the code under test.
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v float64
	if err := raw.QueryRowContext(ctx, `SELECT value FROM metric_values WHERE unit_id = ? AND period = ? AND metric_id = (SELECT id FROM metrics WHERE code = 'dossiers_received')`, u.ID, int(m)).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestApprovedExportCommand(t *testing.T) {
	db := exportDemoDB(t)
	dir := t.TempDir()
	export := func(name string, extra ...string) (result, [][]string, map[string]string) {
		out := filepath.Join(dir, name)
		args := append([]string{"export", "--db", db, "--unit", "268", "--subtree", "--from", "2019-01", "--to", "2019-10",
			"--by", "year", "--metrics", "dossiers_received", "--out", out}, extra...)
		r := runCLI(t, "", nil, args...)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("Năm 2019", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		inf, _ := f.GetRows("Thông tin", excelize.Options{RawCellValue: true})
		info := map[string]string{}
		for _, row := range inf {
			if len(row) >= 2 {
				info[strings.SplitN(row[0], " / ", 2)[0]] = row[1]
			}
		}
		return r, rows, info
	}
	total := func(rows [][]string) string {
		last := rows[len(rows)-1]
		if len(last) < 4 {
			return ""
		}
		return last[3]
	}

	r, rows, info := export("none.xlsx", "--approved")
	if !strings.Contains(r.stdout, "figures: approved (0 approved unit-months") || total(rows) != "" || info["Số liệu xuất"] != "approved" {
		t.Errorf("nothing approved: stdout %q, total %q, figures %q", r.stdout, total(rows), info["Số liệu xuất"])
	}
	if !strings.Contains(info["Trạng thái phê duyệt"], "tệp không có số liệu") {
		t.Errorf("approval statement %q", info["Trạng thái phê duyệt"])
	}

	want := approvedApproveWard(t, db)
	r, rows, info = export("one.xlsx", "--approved")
	if total(rows) != strconv.FormatFloat(want, 'f', -1, 64) || info["Đơn vị-tháng đã duyệt"] != "1" {
		t.Errorf("one month approved: total %q, want %v; approved unit-months %q", total(rows), want, info["Đơn vị-tháng đã duyệt"])
	}
	_, rows, info = export("all.xlsx")
	if total(rows) != "107103" || info["Số liệu xuất"] != "all" { // the demo's whole-year total, as TestExportCommand
		t.Errorf("all figures: total %q, want 107103; figures %q", total(rows), info["Số liệu xuất"])
	}
}
