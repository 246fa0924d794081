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
// many reported. It also answers what it read, which covers the year to
// date of latest (the dashboard shows those months' completeness instead of
// reading them again; an earlier end in the year before, as in January
// with few units reported, has the page read its months), and with
// approved, the completeness of approved figures too, in the same read.
func (s *Server) completeEnd(ctx context.Context, unitID int64, latest oversight.Month, approved bool) (oversight.Month, reportingRead, error) {
	// One read of the months looked back over, not one per month: each
	// read walks the unit's subtree to count the units expected.
	read := reportingRead{span: oversight.Span{From: latest.Add(-(reportingLookBack - 1)), To: latest}}
	var all, appr []sqlite.Reporting
	var err error
	if approved {
		all, appr, err = s.db.CompletenessBoth(ctx, unitID, read.span)
	} else {
		all, err = s.db.Completeness(ctx, unitID, false, read.span)
	}
	if err != nil {
		return latest, reportingRead{}, err
	}
	read.byMonth = byMonth(all)
	if approved {
		read.approvedByMonth = byMonth(appr)
	}
	for m, i := latest, 0; i < reportingLookBack; m, i = m.Add(-1), i+1 {
		if r, ok := read.byMonth[m]; ok && reportingComplete(r) {
			return m, read, nil
		}
	}
	return latest, read, nil
}

func byMonth(rs []sqlite.Reporting) map[oversight.Month]sqlite.Reporting {
	out := make(map[oversight.Month]sqlite.Reporting, len(rs))
	for _, r := range rs {
		out[r.Month] = r
	}
	return out
}

// reportingRead is the completeness read over a span, by month: of all
// figures, and of approved ones when it was asked for.
type reportingRead struct {
	span            oversight.Span
	byMonth         map[oversight.Month]sqlite.Reporting
	approvedByMonth map[oversight.Month]sqlite.Reporting
}

// of answers the completeness of all figures or of approved ones by month
// when the read holds it for every month of sp.
func (r reportingRead) of(approved bool, sp oversight.Span) (map[oversight.Month]sqlite.Reporting, bool) {
	m := r.byMonth
	if approved {
		m = r.approvedByMonth
	}
	return m, m != nil && r.span.From <= sp.From && sp.To <= r.span.To
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
// from known (the read that chose the default span) when it holds the
// span's months of the figures shown, read otherwise.
func (s *Server) dashCompleteness(ctx context.Context, d *dashboardData, known reportingRead) error {
	d.Reporting = dashReporting{ByMonth: map[oversight.Month]sqlite.Reporting{}, Threshold: reportingPercent}
	add := func(r sqlite.Reporting) {
		d.Reporting.ByMonth[r.Month] = r
		if r.Month == d.Span.To {
			d.Reporting.Last, d.Reporting.HasLast = r, r.Expected > 0
		}
	}
	if months, ok := known.of(d.Approved, d.Span); ok {
		for _, m := range d.Span.Months() {
			if r, ok := months[m]; ok {
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
