package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/gin-gonic/gin"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// trackerData is the tracker page.
type trackerData struct {
	Today   time.Time
	Tracker oversight.Tracker
	Overdue []oversight.Recommendation
	DueSoon []oversight.Recommendation
	Labels  map[int64]string
	Lead    string
	Filter  recFilter // unit subtree, status, overdue only (approved.go)
	// Due keeps only the recommendations due within DueSoonDays (?due=soon).
	Due bool
	// The filter form's choices: units that lead a recommendation shown
	// and the units above them (indented by Depth), the lead units, the
	// statuses.
	UnitOptions []recUnitOption
	LeadOptions []recUnitOption
	Statuses    []string
}

// recUnitOption is one unit in a filter list.
type recUnitOption struct {
	Code, Name string
	Depth      int
}

// Indent is the prefix that shows a unit's depth in a list.
func (o recUnitOption) Indent() string { return strings.Repeat("  ", o.Depth) }

// recFilterOptions lists, for the tracker's filter form, every lead unit
// of recs (by name) and the chain above each, root first, once each.
func (s *Server) recFilterOptions(c *gin.Context, recs []oversight.Recommendation) (units, leads []recUnitOption, err error) {
	seenLead := map[int64]bool{}
	for _, r := range recs {
		if !seenLead[r.LeadUnitID] {
			seenLead[r.LeadUnitID] = true
			leads = append(leads, recUnitOption{Code: r.LeadCode, Name: r.LeadName})
		}
	}
	sortUnitOptions(leads)
	seen := map[string]bool{}
	for _, ld := range leads {
		var chain []oversight.Unit
		for _, r := range recs {
			if r.LeadCode == ld.Code {
				if chain, err = s.db.Ancestors(c.Request.Context(), r.LeadUnitID); err != nil {
					return nil, nil, err
				}
				break
			}
		}
		for i := len(chain) - 1; i >= 0; i-- {
			u := chain[i]
			if !seen[u.Code] {
				seen[u.Code] = true
				units = append(units, recUnitOption{Code: u.Code, Name: u.Name, Depth: len(chain) - 1 - i})
			}
		}
	}
	return units, leads, nil
}

// readDue reads ?due=soon (also 1 or true): due within DueSoonDays only.
func readDue(c *gin.Context) (bool, error) {
	switch v := strings.TrimSpace(c.Query("due")); v {
	case "", "0", "false":
		return false, nil
	case "soon", "1", "true":
		return true, nil
	}
	return false, &oversight.Error{Code: oversight.EInvalid, Field: "due",
		Key: "rec.bad_due"}
}

// visibleRecs are the recommendations of the sessions the user may see.
func (s *Server) visibleRecs(c *gin.Context) ([]oversight.Recommendation, map[int64]string, error) {
	ctx := c.Request.Context()
	ss, err := s.db.SearchSessions(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	labels := map[int64]string{}
	for _, x := range visibleSessions(c, ss) {
		labels[x.ID] = x.Date.Format("02/01/2006") + " · " + x.UnitName
	}
	all, err := s.db.AllRecommendations(ctx)
	if err != nil {
		return nil, nil, err
	}
	var out []oversight.Recommendation
	for _, r := range all {
		if _, ok := labels[r.SessionID]; ok {
			out = append(out, r)
		}
	}
	return out, labels, nil
}

func (s *Server) trackerPage(c *gin.Context) {
	recs, labels, err := s.visibleRecs(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f, err := s.readRecFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	due, err := readDue(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	today := s.cfg.Now()
	d := trackerData{Today: today, Labels: labels, Lead: f.Lead, Filter: f, Due: due, Statuses: oversight.RecStatuses}
	if d.UnitOptions, d.LeadOptions, err = s.recFilterOptions(c, recs); err != nil {
		s.fail(c, err)
		return
	}
	var shown []oversight.Recommendation
	for _, r := range recs {
		if f.keep(r, func() bool { return r.Overdue(today) }) && (!due || r.DueSoon(today)) {
			shown = append(shown, r)
		}
	}
	d.Tracker = oversight.Track(shown, today, func(id int64) string { return labels[id] })
	for _, r := range shown {
		if r.Overdue(today) {
			d.Overdue = append(d.Overdue, r)
		}
		if r.DueSoon(today) {
			d.DueSoon = append(d.DueSoon, r)
		}
	}
	s.render(c, http.StatusOK, "recommendations", translate(lang(c), "rec.tracker"), d)
}

// sortUnitOptions orders units by name as a Vietnamese reader expects
// ("Đồng Mai" after "Dương Nội", not after "Yết Kiêu"), numbers by value.
func sortUnitOptions(os []recUnitOption) {
	c := collate.New(language.Vietnamese, collate.IgnoreCase, collate.Numeric)
	slices.SortStableFunc(os, func(a, b recUnitOption) int { return c.CompareString(a.Name, b.Name) })
}
