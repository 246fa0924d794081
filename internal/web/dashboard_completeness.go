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
// many reported. It also answers what it read: from the January of the
// earliest month looked back at, so that it covers the year to date of any
// end it can choose (the dashboard shows those months' completeness).
func (s *Server) completeEnd(ctx context.Context, unitID int64, latest oversight.Month) (oversight.Month, reportingRead, error) {
	// One read of the months looked back over, not one per month: each
	// read walks the unit's subtree to count the units expected.
	first := latest.Add(-(reportingLookBack - 1))
	read := reportingRead{span: oversight.Span{From: oversight.NewMonth(first.Year(), 1), To: latest}}
	rs, err := s.db.Completeness(ctx, unitID, false, read.span)
	if err != nil {
		return latest, reportingRead{}, err
	}
	read.byMonth = make(map[oversight.Month]sqlite.Reporting, len(rs))
	for _, r := range rs {
		read.byMonth[r.Month] = r
	}
	for m, i := latest, 0; i < reportingLookBack; m, i = m.Add(-1), i+1 {
		if r, ok := read.byMonth[m]; ok && reportingComplete(r) {
			return m, read, nil
		}
	}
	return latest, read, nil
}

// reportingRead is the completeness of all figures (not approved only)
// read over a span, by month.
type reportingRead struct {
	span    oversight.Span
	byMonth map[oversight.Month]sqlite.Reporting
}

// covers says whether the read answers every month of sp.
func (r reportingRead) covers(sp oversight.Span) bool {
	return r.byMonth != nil && r.span.From <= sp.From && sp.To <= r.span.To
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

// dashCompleteness fills in the completeness of every month of d's span:
// from known when it covers the span and all figures are shown (the read
// that chose the default span), read otherwise.
func (s *Server) dashCompleteness(ctx context.Context, d *dashboardData, known reportingRead) error {
	d.Reporting = dashReporting{ByMonth: map[oversight.Month]sqlite.Reporting{}, Threshold: reportingPercent}
	add := func(r sqlite.Reporting) {
		d.Reporting.ByMonth[r.Month] = r
		if r.Month == d.Span.To {
			d.Reporting.Last, d.Reporting.HasLast = r, r.Expected > 0
		}
	}
	if !d.Approved && known.covers(d.Span) {
		for _, m := range d.Span.Months() {
			if r, ok := known.byMonth[m]; ok {
				add(r)
			}
		}
		return nil
	}
	rs, err := s.db.Completeness(ctx, d.Unit.ID, d.Approved, d.Span)
	if err != nil {
		return err
	}
	for _, r := range rs {
		add(r)
	}
	return nil
}
