package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// orgForm keeps what an administrator typed in the form that adds an
// organisation, when it is refused.
type orgForm struct {
	Code, Name, Kind, Date string
}

// addOrganisation adds an organisation (People's Committee, council,
// department, office …) to the unit of the page. The kinds offered are the
// organisation kinds alone: a territorial unit is added by the other form.
func (s *Server) addOrganisation(c *gin.Context) {
	ctx := c.Request.Context()
	parent, err := s.parentToAddTo(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := lang(c)
	f := orgForm{Code: strings.TrimSpace(c.PostForm("code")), Name: strings.TrimSpace(c.PostForm("name")),
		Kind: strings.TrimSpace(c.PostForm("kind")), Date: strings.TrimSpace(c.PostForm("valid_from"))}
	errs := map[string]string{}
	if f.Code == "" {
		errs["org_code"] = translate(l, "org.code_required")
	}
	if f.Name == "" {
		errs["org_name"] = translate(l, "org.name_required")
	}
	if !slices.Contains(oversight.OrganisationKinds, f.Kind) {
		errs["org_kind"] = translate(l, "org.kind_required")
	}
	u := oversight.Unit{Code: f.Code, Name: f.Name, Kind: f.Kind, ParentID: parent.ID, ValidFrom: parent.ValidFrom, ValidTo: parent.ValidTo}
	if d := formDates(errs, l)("org_from", f.Date); d != nil {
		u.ValidFrom = d
	}
	if len(errs) == 0 {
		if _, err := s.db.CreateUnit(ctx, u, actor(c)); err != nil {
			if oversight.ErrorCode(err) == oversight.EInternal {
				s.fail(c, err)
				return
			}
			// The store names the field at fault (code, valid_from...);
			// this form's fields carry the org_ prefix.
			field := map[string]string{"name": "org_name", "kind": "org_kind", "valid_from": "org_from"}[fieldOf(err, "code")]
			if field == "" {
				field = "org_code"
			}
			errs[field] = text.Error(err, l)
		}
	}
	if len(errs) > 0 {
		s.showUnit(c, http.StatusUnprocessableEntity, unitForm{Org: f, Errors: errs})
		return
	}
	s.unitDone(c, parent.Ref())
}

// parentToAddTo is the unit of the page a unit or an organisation is added
// to, resolved as every unit page resolves its code (a CODE@YYYY-MM-DD
// reference or ?on=); nothing belongs to an organisation, and its page has
// no form to put that refusal beside.
func (s *Server) parentToAddTo(c *gin.Context) (oversight.Unit, error) {
	parent, err := s.unitFromQuery(c, c.Param("code"))
	if err == nil {
		err = oversight.CheckOrganisation("", &parent)
	}
	return parent, err
}
