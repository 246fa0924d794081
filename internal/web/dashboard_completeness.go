package web

import (
	"context"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// ReportingThreshold is the share of the units expected to report under a
// unit that must have reported a month before the default span ends at it
// (DHIS2's reporting rate): with a few wards entering a new month, the
// headline figures would otherwise fall to those few wards' totals.
const ReportingThreshold = 0.8

// reportingLookBack bounds how many months before the latest figures the
// default span looks for a month complete enough.
const reportingLookBack = 12

// reportingPercent is ReportingThreshold as the page states it.
const reportingPercent = 80

// completeEnd is the month the default span ends at: the latest month, at
// or before latest (the latest month anyone entered), whose completeness
// (sqlite.Completeness, as GET /api/v1/completeness answers it) reaches
// ReportingThreshold. When none of the reportingLookBack months does, it is
// latest itself: some figures are better than none, and the page says how
// many reported.
func (s *Server) completeEnd(ctx context.Context, unitID int64, latest oversight.Month) (oversight.Month, error) {
	// One read of the months looked back over, not one per month: each
	// read walks the unit's subtree to count the units expected.
	rs, err := s.db.Completeness(ctx, unitID, false, oversight.Span{From: latest.Add(-(reportingLookBack - 1)), To: latest})
	if err != nil {
		return latest, err
	}
	byMonth := make(map[oversight.Month]sqlite.Reporting, len(rs))
	for _, r := range rs {
		byMonth[r.Month] = r
	}
	for m, i := latest, 0; i < reportingLookBack; m, i = m.Add(-1), i+1 {
		if r, ok := byMonth[m]; ok && reportingComplete(r) {
			return m, nil
		}
	}
	return latest, nil
}

// reportingComplete says whether a month's completeness reaches the
// threshold.
func reportingComplete(r sqlite.Reporting) bool {
	return r.Expected > 0 && float64(r.Reported) >= ReportingThreshold*float64(r.Expected)
}

// reportingFull says whether every expected unit reported.
func reportingFull(r sqlite.Reporting) bool {
	return r.Reported >= r.Expected
}

// dashReporting is the completeness the dashboard shows: the span's last
// month beside the KPI cards, and each month of the trend.
type dashReporting struct {
	Last      sqlite.Reporting // the span's last month
	HasLast   bool
	ByMonth   map[oversight.Month]sqlite.Reporting
	Threshold int // percent
}

// dashCompleteness reads the completeness of every month of d's span.
func (s *Server) dashCompleteness(ctx context.Context, d *dashboardData) error {
	rs, err := s.db.Completeness(ctx, d.Unit.ID, d.Approved, d.Span)
	if err != nil {
		return err
	}
	d.Reporting = dashReporting{ByMonth: map[oversight.Month]sqlite.Reporting{}, Threshold: reportingPercent}
	for _, r := range rs {
		d.Reporting.ByMonth[r.Month] = r
		if r.Month == d.Span.To {
			d.Reporting.Last, d.Reporting.HasLast = r, r.Expected > 0
		}
	}
	return nil
}
