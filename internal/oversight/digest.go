package oversight

import (
	"sort"
	"time"
)

// DigestGroup is what one lead body has to act on: its open
// recommendations past their due date and those due within DueSoonDays.
type DigestGroup struct {
	LeadID   int64
	LeadCode string
	LeadName string
	Overdue  []Recommendation
	DueSoon  []Recommendation
}

// Digest groups the recommendations overdue or due within DueSoonDays on
// day today by lead body, bodies by name then code; within a group the
// earliest due first. Bodies with nothing to act on are left out; so are
// withdrawn, closed and not-feasible recommendations (Overdue, DueSoon).
func Digest(recs []Recommendation, today time.Time) []DigestGroup {
	by := map[int64]*DigestGroup{}
	var order []int64
	for _, r := range recs {
		over, soon := r.Overdue(today), r.DueSoon(today)
		if !over && !soon {
			continue
		}
		g, ok := by[r.LeadUnitID]
		if !ok {
			g = &DigestGroup{LeadID: r.LeadUnitID, LeadCode: r.LeadCode, LeadName: r.LeadName}
			by[r.LeadUnitID] = g
			order = append(order, r.LeadUnitID)
		}
		if over {
			g.Overdue = append(g.Overdue, r)
		} else {
			g.DueSoon = append(g.DueSoon, r)
		}
	}
	out := make([]DigestGroup, 0, len(order))
	for _, id := range order {
		g := by[id]
		byDue := func(rs []Recommendation) {
			sort.SliceStable(rs, func(i, j int) bool {
				return rs[i].Due().Format(time.DateOnly) < rs[j].Due().Format(time.DateOnly)
			})
		}
		byDue(g.Overdue)
		byDue(g.DueSoon)
		out = append(out, *g)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].LeadName != out[j].LeadName {
			return out[i].LeadName < out[j].LeadName
		}
		return out[i].LeadCode < out[j].LeadCode
	})
	return out
}

// DaysFrom is the number of calendar days from today to the
// recommendation's due date: negative when overdue (−3: three days past),
// 0 on the day itself. It is 0 for a recommendation without a date.
func (r Recommendation) DaysFrom(today time.Time) int {
	due := r.Due()
	if due == nil {
		return 0
	}
	a := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC)
	return int(b.Sub(a).Hours() / 24)
}
