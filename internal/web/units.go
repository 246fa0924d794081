package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

type unitData struct {
	Unit         oversight.Unit
	Crumbs       []oversight.Unit
	Span         oversight.Span
	Own          kpis
	Subtree      kpis
	Children     []childRow
	Predecessors []oversight.Unit
	Successors   []oversight.Unit
	Recs         []oversight.Recommendation
	Today        time.Time
	Form         unitForm
	ParentName   string
	ParentRef    string                         // the parent's reference (its code may be reused)
	SameCode     []oversight.Unit               // other units of the same code, in other periods
	Links        map[int64]oversight.Succession // by the other unit's id: note, whole or part
	Kinds        []string
	Orgs         []oversight.Unit // the organisations that belong to the unit
	OrgKinds     []string
}

// unitForm keeps what an administrator typed when it is refused (Org: in
// the form that adds an organisation).
type unitForm struct {
	Code, Name, Kind, Date string
	Successor              string // the retire form's successor, as typed
	Org                    orgForm
	Errors                 map[string]string
}

// unitFromQuery resolves a unit reference (CODE or CODE@YYYY-MM-DD) for
// the request it comes with: on the day ?on=YYYY-MM-DD names, else over
// the months from/to (or period) name, else the unit in force today, else
// the latest (sqlite.DB.UnitByCode). A code that names several units then
// is refused with the candidates and their validity (409); one that names
// none then, with the units it does name (404).
func (s *Server) unitFromQuery(c *gin.Context, ref string) (oversight.Unit, error) {
	ctx := c.Request.Context()
	if on := strings.TrimSpace(c.Query("on")); on != "" && !strings.Contains(ref, "@") {
		d, err := time.Parse(time.DateOnly, on)
		if err != nil {
			return oversight.Unit{}, &oversight.Error{Code: oversight.EInvalid, Field: "on",
				Key: "err.day_on_must_yyyy"}
		}
		return s.db.UnitOn(ctx, ref, d)
	}
	if sp, ok := monthsOfQuery(c.Request.FormValue("from"), c.Request.FormValue("to"), c.Request.FormValue("period")); ok {
		return s.db.UnitDuring(ctx, ref, sp)
	}
	return s.db.UnitByCode(ctx, ref)
}

// monthsOfQuery is the span a request's months name, if they parse: from
// and to, one of them (its month alone), or a period.
func monthsOfQuery(from, to, period string) (oversight.Span, bool) {
	f, ferr := oversight.ParseMonth(strings.TrimSpace(from))
	t, terr := oversight.ParseMonth(strings.TrimSpace(to))
	switch {
	case ferr == nil && terr == nil && f <= t:
		return oversight.Span{From: f, To: t}, true
	case ferr == nil && terr != nil:
		return oversight.Span{From: f, To: f}, true
	case ferr != nil && terr == nil:
		return oversight.Span{From: t, To: t}, true
	}
	if m, err := oversight.ParseMonth(strings.TrimSpace(period)); err == nil {
		return oversight.Span{From: m, To: m}, true
	}
	return oversight.Span{}, false
}

func (s *Server) unitPage(c *gin.Context) {
	s.showUnit(c, http.StatusOK, unitForm{})
}

func (s *Server) showUnit(c *gin.Context, status int, form unitForm) {
	ctx := c.Request.Context()
	u, err := s.unitFromQuery(c, c.Param("code"))
	if err != nil {
		s.fail(c, err)
		return
	}
	span, err := s.spanFromQuery(ctx, u.ID, c.Query("from"), c.Query("to"))
	if err != nil {
		s.fail(c, err)
		return
	}
	d := unitData{Unit: u, Span: span, Today: s.cfg.Now(), Form: form}
	if d.Crumbs, err = s.db.Ancestors(ctx, u.ID); err != nil {
		s.fail(c, err)
		return
	}
	slices.Reverse(d.Crumbs)
	if len(d.Crumbs) > 1 {
		d.ParentName = d.Crumbs[len(d.Crumbs)-2].Name
		d.ParentRef = d.Crumbs[len(d.Crumbs)-2].Ref()
	}
	if u.Reused {
		same, err := s.db.UnitsByCode(ctx, u.Code)
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, o := range same {
			if o.ID != u.ID {
				d.SameCode = append(d.SameCode, o)
			}
		}
	}
	d.Kinds, d.OrgKinds = oversight.UnitKinds, oversight.OrganisationKinds
	if d.Orgs, err = s.db.Organisations(ctx, u.ID); err != nil {
		s.fail(c, err)
		return
	}
	// Every figure or, with figures=approved, approved ones only, read as
	// the dashboard reads them (unit_figures.go).
	approved, err := figuresApproved(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	kids, err := s.db.Children(ctx, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	fig, err := s.unitPageFigures(ctx, u, kids, approved, span)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Own, d.Subtree, d.Children = fig.Own, fig.Subtree, fig.Children
	if d.Predecessors, d.Successors, err = s.db.Successions(ctx, u.ID); err != nil {
		s.fail(c, err)
		return
	}
	links, err := s.db.SuccessionLinks(ctx, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Links = map[int64]oversight.Succession{}
	for _, l := range links {
		if l.FromID == u.ID {
			d.Links[l.ToID] = l
		} else {
			d.Links[l.FromID] = l
		}
	}
	if d.Recs, err = s.db.RecommendationsByLead(ctx, u.ID); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "unit", u.Name, d)
}

func actor(c *gin.Context) sqlite.Actor {
	if u := currentUser(c); u != nil {
		return sqlite.Actor{UserID: u.ID, Name: u.Name}
	}
	return sqlite.Actor{}
}

func (s *Server) unitDone(c *gin.Context, code string) {
	s.setFlash(c, translate(lang(c), "unit.saved"))
	c.Redirect(http.StatusSeeOther, "/units/"+url.PathEscape(code))
}

func (s *Server) addChildUnit(c *gin.Context) {
	ctx := c.Request.Context()
	parent, err := s.parentToAddTo(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := lang(c)
	f := unitForm{Code: strings.TrimSpace(c.PostForm("code")), Name: strings.TrimSpace(c.PostForm("name")),
		Kind: strings.TrimSpace(c.PostForm("kind")), Date: strings.TrimSpace(c.PostForm("valid_from")), Errors: map[string]string{}}
	if f.Code == "" {
		f.Errors["code"] = translate(l, "unit.code_required")
	}
	if f.Name == "" {
		f.Errors["name"] = translate(l, "unit.name_required")
	}
	if f.Kind == "" {
		f.Errors["kind"] = translate(l, "unit.kind_required")
	}
	u := oversight.Unit{Code: f.Code, Name: f.Name, Kind: f.Kind, ParentID: parent.ID}
	if f.Date != "" {
		d, err := oversight.ParseDate(f.Date)
		if err != nil {
			f.Errors["valid_from"] = text.Error(err, l)
		} else {
			u.ValidFrom = &d
		}
	}
	if len(f.Errors) == 0 {
		if _, err := s.db.CreateUnit(ctx, u, actor(c)); err != nil {
			if oversight.ErrorCode(err) == oversight.EInternal {
				s.fail(c, err)
				return
			}
			f.Errors["code"] = text.Error(err, l)
		}
	}
	if len(f.Errors) > 0 {
		s.showUnit(c, http.StatusUnprocessableEntity, f)
		return
	}
	s.unitDone(c, parent.Code)
}

func (s *Server) renameUnit(c *gin.Context) {
	ctx := c.Request.Context()
	u, err := s.db.UnitByCode(ctx, c.Param("code"))
	if err != nil {
		s.fail(c, err)
		return
	}
	name := strings.TrimSpace(c.PostForm("name"))
	if name == "" {
		s.showUnit(c, http.StatusUnprocessableEntity, unitForm{Errors: map[string]string{"rename": translate(lang(c), "unit.rename_required")}})
		return
	}
	if err := s.db.RenameUnit(ctx, u.ID, name, actor(c)); err != nil {
		s.fail(c, err)
		return
	}
	s.unitDone(c, u.Code)
}

func (s *Server) retireUnit(c *gin.Context) {
	ctx := c.Request.Context()
	u, err := s.db.UnitByCode(ctx, c.Param("code"))
	if err != nil {
		s.fail(c, err)
		return
	}
	raw, heir := c.PostForm("valid_to"), strings.TrimSpace(c.PostForm("successor"))
	d, err := oversight.ParseDate(raw)
	if err == nil {
		// Open recommendations go to the successor (the one linked, or
		// the one the administrator typed): sqlite.RetireUnitHanding.
		err = s.db.RetireUnitHanding(ctx, u.ID, d, heir, actor(c))
	}
	if err != nil {
		if oversight.ErrorCode(err) == oversight.EInternal {
			s.fail(c, err)
			return
		}
		s.showUnit(c, http.StatusUnprocessableEntity, unitForm{Date: raw, Successor: heir, Errors: map[string]string{"retire": text.Error(err, lang(c))}})
		return
	}
	s.unitDone(c, u.Code)
}
