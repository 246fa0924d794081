package sqlite_test

import (
	"context"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/testenv"
)

// An export of Hà Đông's subtree lists its wards and not its nine offices
// (organisations since issue 12): a blank row per office read as a unit
// that did not report.
func TestExportUnitsLeaveOrganisationsOut(t *testing.T) {
	db := testenv.Demo(t)
	ctx := context.Background()
	hd, err := db.UnitByCode(ctx, "268")
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.ReportUnits(ctx, hd, true)
	if err != nil {
		t.Fatal(err)
	}
	got, err := db.ExportUnits(ctx, hd, true)
	if err != nil {
		t.Fatal(err)
	}
	orgs, wards := 0, 0
	for _, u := range all {
		if oversight.IsOrganisation(u.Kind) {
			orgs++
		}
	}
	for _, u := range got {
		if oversight.IsOrganisation(u.Kind) {
			t.Errorf("export lists organisation %s %s", u.Code, u.Name)
		}
		if u.Code == "09538" {
			wards++
		}
	}
	if orgs != 9 || len(got) != len(all)-9 || got[0].Code != "268" || wards == 0 {
		t.Errorf("report units %d (%d organisations), export units %d starting %s, Nguyễn Trãi listed %d times", len(all), orgs, len(got), got[0].Code, wards)
	}
}
