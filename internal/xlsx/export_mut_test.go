package xlsx

import (
	"errors"
	"strconv"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
)

// Check at the worksheet's limit, one row either side: a long workbook of
// exactly MaxSheetRows data rows is made, one more is refused with the
// count in the message's arguments; CSV and the wide layout are never refused. The
// rows are counted by hand from the fixture's shape: 99 units and 15
// counts with no rate between them, so a period where k units report
// every count gives 15 × (k + 1) rows (their rows and the totals).
func TestCheckRefusesOneRowOverTheSheetLimit(t *testing.T) {
	const units = 99
	us := make([]oversight.Unit, units)
	for i := range us {
		us[i] = oversight.Unit{ID: int64(i + 1), Code: strconv.Itoa(i + 1), Kind: "ward"}
	}
	codes := []string{"procedure_reviews", "dossiers_received", "dossiers_resolved", "dossiers_late", "dossiers_pending",
		"staff_excellent", "staff_good", "inspections", "units_inspected", "training_classes", "trainees",
		"departments_adjusted", "public_service_units_cut", "heads_cut", "deputies_cut"}
	metrics, err := oversight.ParseMetricCodes(codes)
	if err != nil {
		t.Fatal(err)
	}
	jan := oversight.Span{From: oversight.NewMonth(2025, 1), To: oversight.NewMonth(2025, 1)}
	// 699 full periods: 699 × 15 × 100 = 1,048,500 rows; a last period
	// where 4 units report every count adds 15 × 5 = 75: 1,048,575.
	const full = 699
	buckets := make([]oversight.Bucket, full+1)
	for b := range buckets {
		buckets[b] = oversight.Bucket{Span: jan, Full: jan, By: oversight.ByMonth}
	}
	r := oversight.NewReport(us, buckets, metrics)
	if r.Columns() != len(codes) {
		t.Fatalf("%d columns, the count assumes %d (no rates)", r.Columns(), len(codes))
	}
	var pts []oversight.Point
	for b := range buckets {
		n := units
		if b == full {
			n = 4
		}
		pts = pts[:0]
		for i := range n {
			for _, c := range codes {
				pts = append(pts, oversight.Point{Unit: int64(i + 1), Metric: c, Month: jan.From, Value: 1})
			}
		}
		r.SetBucket(b, pts, nil)
	}
	long := Options{Format: FormatXLSX, Layout: LayoutLong}
	if MaxSheetRows != full*len(codes)*(units+1)+len(codes)*5 {
		t.Fatalf("MaxSheetRows is %d: the fixture's arithmetic assumes 1,048,575", MaxSheetRows)
	}
	if err := Check(r, long); err != nil {
		t.Errorf("exactly %d rows refused: %v", MaxSheetRows, err)
	}
	// The last period again, with a fifth unit's one count: one row more
	// (that count's total row is there already).
	r.SetBucket(full, append(pts, oversight.Point{Unit: 5, Metric: codes[0], Month: jan.From, Value: 1}), nil)
	err = Check(r, long)
	var oe *oversight.Error
	if !errors.As(err, &oe) || oe.Code != oversight.EInvalid || oe.Field != "layout" {
		t.Fatalf("%d rows: got %v, want an invalid layout", MaxSheetRows+1, err)
	}
	if oe.Key != "err.long_layout_has_rows" || len(oe.Args) != 2 || oe.Args[0] != 1048576 || oe.Args[1] != 1048575 {
		t.Errorf("message %s %v, want the 1048576 rows and the 1048575 limit", oe.Key, oe.Args)
	}
	for _, o := range []Options{{Format: FormatCSV, Layout: LayoutLong}, {Format: FormatXLSX, Layout: LayoutWide}, {Format: FormatCSV, Layout: LayoutWide}} {
		if err := Check(r, o); err != nil {
			t.Errorf("%s %s refused: %v (only a long workbook has a row per figure)", o.Format, o.Layout, err)
		}
	}
}
