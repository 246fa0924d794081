// Package exportfile is the export pipeline the web pages, the API and
// `cchc export` share: which units an export holds, the report built from
// the store through the one engine, its checksum, and its line in the audit
// log. Only the way the options are asked for (a form, a query, flags) and
// where the bytes go (a response, a file) differ between them.
package exportfile

import (
	"context"
	"fmt"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/xlsx"
)

// Build reads the report that options o ask for: o.Root (and its subtree
// when o.Subtree) as it existed during o.Span, every figure or the approved
// ones only, in o.By buckets. It fills o's approval counts, reporting
// completeness (the "Thông tin" sheet), checksum and row count, and checks
// that the layout can hold the report (an *oversight.Error when it cannot).
func Build(ctx context.Context, db *sqlite.DB, o *xlsx.Options, metrics []oversight.Metric) (*oversight.Report, error) {
	units, err := db.ExportUnits(ctx, o.Root, o.Subtree)
	if err != nil {
		return nil, err
	}
	units = oversight.ExistingDuring(units, o.Span)
	n, err := db.Approval(ctx, o.Root.ID, o.Subtree, o.Span)
	if err != nil {
		return nil, err
	}
	o.ApprovedMonths, o.PendingMonths = n.Approved, n.NotApproved
	rs, err := db.Completeness(ctx, o.Root.ID, o.ApprovedOnly, o.Span)
	if err != nil {
		return nil, err
	}
	o.Reporting = o.Reporting[:0]
	for _, r := range rs {
		o.Reporting = append(o.Reporting, xlsx.Reporting{Month: r.Month, Expected: r.Expected, Reported: r.Reported})
	}
	buckets := oversight.Buckets(o.Span, o.By)
	var rep *oversight.Report
	if o.ApprovedOnly {
		rep, err = db.ReportApproved(ctx, units, metrics, buckets)
	} else {
		rep, err = db.Report(ctx, units, metrics, buckets)
	}
	if err != nil {
		return nil, err
	}
	if err := xlsx.Check(rep, *o); err != nil {
		return nil, err
	}
	o.Checksum, o.Rows = xlsx.Checksum(rep)
	return rep, nil
}

// Audit records an export in the audit log: what was asked for (unit,
// span, grouping, subtree, approved only), the format and layout, and the
// rows and checksum of the file, so a file handed on can be traced back.
func Audit(ctx context.Context, db *sqlite.DB, actor sqlite.Actor, o xlsx.Options) error {
	return db.Audit(ctx, actor, "export", target(o), fmt.Sprintf("%s %s %d rows sha256 %s", o.Format, o.Layout, o.Rows, o.Checksum))
}

func target(o xlsx.Options) string {
	t := o.Root.Code + " " + o.Span.String() + " by " + string(o.By)
	if o.Subtree {
		t += " subtree"
	}
	if o.ApprovedOnly {
		t += " approved"
	}
	return t
}
