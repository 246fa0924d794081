package main

import (
	"context"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/xlsx"
)

// exportReport builds the export's table from every figure, or with
// --approved from approved figures only, and counts the approved and
// pending unit-months for the file's "Thông tin" sheet (the same as the
// web export does).
func exportReport(ctx context.Context, db *sqlite.DB, o *xlsx.Options, units []oversight.Unit, metrics []oversight.Metric) (*oversight.Report, error) {
	n, err := db.Approval(ctx, o.Root.ID, o.Subtree, o.Span)
	if err != nil {
		return nil, err
	}
	o.ApprovedMonths, o.PendingMonths = n.Approved, n.NotApproved
	rs, err := db.Completeness(ctx, o.Root.ID, o.ApprovedOnly, o.Span)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		o.Reporting = append(o.Reporting, xlsx.Reporting{Month: r.Month, Expected: r.Expected, Reported: r.Reported})
	}
	buckets := oversight.Buckets(o.Span, o.By)
	if o.ApprovedOnly {
		return db.ReportApproved(ctx, units, metrics, buckets)
	}
	return db.Report(ctx, units, metrics, buckets)
}

func figuresName(approvedOnly bool) string {
	if approvedOnly {
		return "approved"
	}
	return "all"
}
