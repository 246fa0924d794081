package exportfile_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/exportfile"
	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/testenv"
	"github.com/cchc/cchc/internal/xlsx"
)

// The pipeline on the 2019 demo: Hà Đông's year total is the council
// report's (2.541 procedures listed, 4.321 staff evaluated), the nine
// offices (organisations) are not rows, the checksum is the file's, and
// the audit line names what was asked for.
func TestBuildGivesTheReportsTotalsAndAuditsTheExport(t *testing.T) {
	ctx := context.Background()
	db := testenv.Demo(t)
	span := oversight.Span{From: oversight.NewMonth(2019, 1), To: oversight.NewMonth(2019, 10)}
	root, err := db.UnitDuring(ctx, "268", span)
	if err != nil {
		t.Fatal(err)
	}
	metrics, err := oversight.ParseMetricCodes([]string{"procedures_listed", "staff_evaluated"})
	if err != nil {
		t.Fatal(err)
	}
	o := xlsx.Options{Root: root, Subtree: true, Span: span, By: oversight.ByYear, Layout: xlsx.LayoutWide, Format: xlsx.FormatCSV}
	rep, err := exportfile.Build(ctx, db, &o, metrics)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Buckets) != 1 {
		t.Fatalf("%d buckets, want the one year", len(rep.Buckets))
	}
	for c, want := range []float64{2541, 4321} {
		if got, ok := rep.Total(0, c); !ok || got != want {
			t.Errorf("total of %s = %v (%v), want %v", rep.ColumnCode(c), got, ok, want)
		}
	}
	// Hà Đông and its 17 wards; no office.
	if len(rep.Units) != 18 {
		t.Errorf("%d units, want Hà Đông and its 17 wards", len(rep.Units))
	}
	for _, u := range rep.Units {
		if oversight.IsOrganisation(u.Kind) {
			t.Errorf("organisation %s %s is a row of the export", u.Code, u.Name)
		}
	}
	if sum, rows := xlsx.Checksum(rep); o.Checksum != sum || o.Rows != rows || rows == 0 {
		t.Errorf("options carry checksum %q and %d rows, the report's are %q and %d", o.Checksum, o.Rows, sum, rows)
	}
	if len(o.Reporting) == 0 {
		t.Error("no reporting completeness for the Thông tin sheet")
	}
	if err := exportfile.Audit(ctx, db, sqlite.Actor{Name: "test"}, o); err != nil {
		t.Fatal(err)
	}
	log, err := db.AuditLog(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) == 0 || log[0].Action != "export" || log[0].Target != "268 "+span.String()+" by year subtree" ||
		!strings.Contains(log[0].Detail, o.Checksum) {
		t.Errorf("audit %+v, want the export of 268 with its checksum %s", log, o.Checksum)
	}
	if xlsx.FiguresName(true) != "approved" || xlsx.FiguresName(false) != "all" {
		t.Error("FiguresName")
	}
}
