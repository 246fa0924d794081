package web

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// This file closes gaps between features built side by side: the choice
// of approved figures only on the dashboard and in exports (issue 3, item
// 4), the overdue count on the dashboard and the tracker's filters its
// links use (issue 5, item 4).

// dashApproved is what the dashboard adds for this feature.
type dashApproved struct {
	// Approved is true when only approved figures are shown.
	Approved bool
	// Figures are the two links of the choice, the active one marked.
	Figures []presetLink
	// Approval counts the unit-months of the span (approved only).
	Approval sqlite.ApprovalCount
	// OverdueN counts overdue recommendations led within the unit's
	// subtree (published sessions, the server's clock); OverdueURL lists
	// them on the tracker.
	OverdueN   int
	OverdueURL string
}

// figuresApproved reads ?figures=all|approved (empty means all).
func figuresApproved(c *gin.Context) (bool, error) {
	switch v := strings.TrimSpace(c.Query("figures")); v {
	case "", "all":
		return false, nil
	case "approved":
		return true, nil
	default:
		return false, &oversight.Error{Code: oversight.EInvalid, Field: "figures",
			Key: "approved.bad_figures", Args: []any{v}}
	}
}

// figuresQuery adds the figures choice to a dashboard link's query, so
// following a link keeps showing the same kind of figures.
func (a dashApproved) figuresQuery(q url.Values) url.Values {
	if a.Approved {
		q.Set("figures", "approved")
	}
	return q
}

// dashFigures fills the figures choice, the approval counts and the
// overdue count of the dashboard.
func (s *Server) dashFigures(ctx context.Context, d *dashboardData) error {
	base := func() url.Values {
		q := url.Values{"unit": {d.Unit.Code}, "from": {d.Span.From.String()}, "to": {d.Span.To.String()}}
		if d.Preset != "" && d.Preset != oversight.PresetCustom {
			q = url.Values{"unit": {d.Unit.Code}, "preset": {d.Preset}}
		}
		return q
	}
	all := base()
	only := base()
	only.Set("figures", "approved")
	d.Figures = []presetLink{
		{Key: "all", URL: "/dashboard?" + all.Encode(), Active: !d.Approved},
		{Key: "approved", URL: "/dashboard?" + only.Encode(), Active: d.Approved},
	}
	if d.Approved {
		n, err := s.db.Approval(ctx, d.Unit.ID, true, d.Span)
		if err != nil {
			return err
		}
		d.Approval = n
	}
	d.OverdueN = len(d.RecOverdue)
	d.OverdueURL = "/recommendations?" + url.Values{"unit": {d.Unit.Code}, "overdue": {"1"}}.Encode()
	return nil
}

// recFilter is the tracker's filter, as asked by its query: lead unit
// within a unit's subtree (?unit=CODE), exact lead unit (?lead=CODE),
// status (?status=STATUS) and overdue only (?overdue=1).
type recFilter struct {
	Unit    oversight.Unit
	units   map[int64]bool
	Lead    string
	Status  string
	Overdue bool
}

// Active reports whether the filter leaves anything out.
func (f recFilter) Active() bool {
	return f.units != nil || f.Lead != "" || f.Status != "" || f.Overdue
}

func (f recFilter) keep(r oversight.Recommendation, today func() bool) bool {
	if f.units != nil && !f.units[r.LeadUnitID] {
		return false
	}
	if f.Lead != "" && r.LeadCode != f.Lead {
		return false
	}
	if f.Status != "" && r.Status != f.Status {
		return false
	}
	return !f.Overdue || today()
}

// readRecFilter reads the tracker's filter; an unknown unit or status is
// an error the user can act on.
func (s *Server) readRecFilter(c *gin.Context) (recFilter, error) {
	ctx := c.Request.Context()
	f := recFilter{Lead: strings.TrimSpace(c.Query("lead")), Status: strings.TrimSpace(c.Query("status"))}
	if code := strings.TrimSpace(c.Query("unit")); code != "" {
		u, err := s.unitFromQuery(c, code)
		if err != nil {
			return f, err
		}
		sub, err := s.db.ReportUnits(ctx, u, true)
		if err != nil {
			return f, err
		}
		f.Unit, f.units = u, make(map[int64]bool, len(sub))
		for _, x := range sub {
			f.units[x.ID] = true
		}
	}
	if f.Status != "" && !slices.Contains(oversight.RecStatuses, f.Status) {
		return f, &oversight.Error{Code: oversight.EInvalid, Field: "status",
			Key: "approved.bad_status", Args: []any{f.Status}}
	}
	if v := c.Query("overdue"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return f, &oversight.Error{Code: oversight.EInvalid, Field: "overdue",
				Key: "err.overdue_not_valid_use"}
		}
		f.Overdue = b
	}
	return f, nil
}
