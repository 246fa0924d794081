package web

import (
	"net/url"

	"github.com/cchc/cchc/internal/oversight"
)

// dashURL is the dashboard of unit code over span sp (its default span
// when sp is zero), with approved figures only when approved: every link from a dashboard to another
// unit's (breadcrumbs, children, heat map rows, predecessors and
// successors) keeps what the user chose, as DHIS2 and Metabase keep a
// dashboard's filters on drill-down.
func dashURL(code string, sp oversight.Span, approved bool) string {
	q := url.Values{"unit": {code}}
	if sp.From.Valid() && sp.To.Valid() {
		q.Set("from", sp.From.String())
		q.Set("to", sp.To.String())
	}
	if approved {
		q.Set("figures", "approved")
	}
	return "/dashboard?" + q.Encode()
}

// UnitURL is the dashboard of unit code with this dashboard's span and
// figures choice (templates: breadcrumbs, predecessors, successors).
func (d dashboardData) UnitURL(code string) string {
	return dashURL(code, d.Span, d.Approved)
}

// UnitURLAt is UnitURL over span sp: the old units of "then and now"
// over the months they are compared on.
func (d dashboardData) UnitURLAt(code string, sp oversight.Span) string {
	return dashURL(code, sp, d.Approved)
}

// UnitURLOwnSpan is the dashboard of unit code with this dashboard's
// figures choice over that unit's own default span (its latest months
// with figures): for units that did not exist during this span (children
// dissolved or not yet formed, predecessors and successors), where this
// span's months would show nothing.
func (d dashboardData) UnitURLOwnSpan(code string) string {
	return dashURL(code, oversight.Span{}, d.Approved)
}
