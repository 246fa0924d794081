package web

import (
	"context"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
)

// home shows the dashboard of the highest unit: everyone may read every
// unit, so that is the root of the tree.
func (s *Server) home(c *gin.Context) {
	// Staff land on their own unit's dashboard; breadcrumbs lead up.
	if u := currentUser(c); u != nil && u.Role == oversight.RoleStaff && u.UnitID != 0 {
		own, err := s.db.UnitByID(c.Request.Context(), u.UnitID)
		if err == nil && own.IsOrganisation() && own.ParentID != 0 {
			// Staff of an office land on the unit it answers for: an
			// organisation has no figures of its own to show.
			own, err = s.db.UnitByID(c.Request.Context(), own.ParentID)
		}
		if err == nil {
			s.showDashboard(c, own)
			return
		}
		if e, ok := err.(*oversight.Error); !ok || e.Code != oversight.ENotFound {
			s.fail(c, err)
			return
		}
	}
	roots, err := s.db.Roots(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if len(roots) == 0 {
		s.fail(c, oversight.Errf(oversight.ENotFound, "err.no_units_yet_load"))
		return
	}
	home, err := s.homeOf(c.Request.Context(), roots[0])
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showDashboard(c, home)
}

// homeOf is where a user without a unit of their own lands, given the root:
// the nation when figures come from more than one province, else the one
// province that holds them all (a council's own database, the demo). A
// council reads its whole territory, so it is never below a province.
func (s *Server) homeOf(ctx context.Context, root oversight.Unit) (oversight.Unit, error) {
	if root.Kind != oversight.UnitNation {
		return root, nil
	}
	kids, err := s.db.Children(ctx, root.ID)
	if err != nil {
		return root, err
	}
	// One question for every province, not one each: this runs on every
	// first render of /.
	ids := make([]int64, len(kids))
	for i, k := range kids {
		ids[i] = k.ID
	}
	holds, err := s.db.HoldFigures(ctx, ids)
	if err != nil {
		return root, err
	}
	var with []oversight.Unit
	for _, k := range kids {
		if holds[k.ID] {
			with = append(with, k)
		}
	}
	if len(with) == 1 {
		return with[0], nil
	}
	return root, nil
}
