package oversight

import (
	"testing"
	"time"
)

func TestDigestGroupsOverdueAndDueSoonByLeadBody(t *testing.T) {
	today := time.Date(2025, 3, 10, 15, 0, 0, 0, time.UTC)
	day := func(y, m, d int) *time.Time { x := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC); return &x }
	withdrawn := day(2025, 1, 1)
	recs := []Recommendation{
		{ID: 1, LeadUnitID: 2, LeadCode: "268", LeadName: "Quận Hà Đông", Deadline: day(2025, 3, 9), Status: RecIssued},                                      // overdue by 1 day
		{ID: 2, LeadUnitID: 2, LeadCode: "268", LeadName: "Quận Hà Đông", Deadline: day(2025, 4, 9), Status: RecInProgress},                                  // due in 30 days: soon
		{ID: 3, LeadUnitID: 2, LeadCode: "268", LeadName: "Quận Hà Đông", Deadline: day(2025, 4, 10), Status: RecIssued},                                     // 31 days: not yet
		{ID: 4, LeadUnitID: 1, LeadCode: "01", LeadName: "Thành phố Hà Nội", Deadline: day(2025, 3, 10), Status: RecIssued},                                  // today: soon, not overdue
		{ID: 5, LeadUnitID: 1, LeadCode: "01", LeadName: "Thành phố Hà Nội", Deadline: day(2024, 1, 1), Status: RecVerifiedClosed},                           // closed
		{ID: 6, LeadUnitID: 1, LeadCode: "01", LeadName: "Thành phố Hà Nội", Deadline: day(2024, 1, 1), DeadlineTo: day(2027, 12, 31), Status: RecMultiYear}, // multi-year: due 2027
		{ID: 7, LeadUnitID: 3, LeadCode: "09541", LeadName: "Phường Mộ Lao", Deadline: day(2025, 1, 1), WithdrawnOn: withdrawn, Status: RecIssued},
		{ID: 8, LeadUnitID: 1, LeadCode: "01", LeadName: "Thành phố Hà Nội", Deadline: day(2025, 2, 1), Status: RecInProgress}, // overdue
		{ID: 9, LeadUnitID: 1, LeadCode: "01", LeadName: "Thành phố Hà Nội", DeadlineText: "Kỳ họp thứ 12", Status: RecIssued}, // no date yet
	}
	got := Digest(recs, today)
	if len(got) != 2 {
		t.Fatalf("groups = %d, want 2 (Hà Đông, Hà Nội): %+v", len(got), got)
	}
	ids := func(rs []Recommendation) []int64 {
		var out []int64
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	// "Quận Hà Đông" < "Thành phố Hà Nội" by name.
	if g := got[0]; g.LeadCode != "268" || len(g.Overdue) != 1 || g.Overdue[0].ID != 1 || len(g.DueSoon) != 1 || g.DueSoon[0].ID != 2 {
		t.Errorf("Hà Đông: overdue %v, due soon %v", ids(g.Overdue), ids(g.DueSoon))
	}
	if g := got[1]; g.LeadCode != "01" || len(g.Overdue) != 1 || g.Overdue[0].ID != 8 || len(g.DueSoon) != 1 || g.DueSoon[0].ID != 4 {
		t.Errorf("Hà Nội: overdue %v, due soon %v", ids(g.Overdue), ids(g.DueSoon))
	}
	if d := recs[0].DaysFrom(today); d != -1 {
		t.Errorf("days from today to a deadline yesterday = %d, want -1", d)
	}
	if d := recs[1].DaysFrom(today); d != 30 {
		t.Errorf("days to 09/04 from 10/03 = %d, want 30", d)
	}
}
