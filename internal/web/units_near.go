package web

import (
	"context"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
)

// The unit typeahead asks for units by name at every pause in typing; the
// nation has eight wards named Nguyễn Trãi. Hits in the searcher's own
// province come first (sqlite.UnitQuery.Near): a staff member's province
// is the one above their unit; everyone else's is the province their home
// dashboard opens on (homeOf), when it opens on one.

// nearCache keeps the province of the home dashboard for the data version
// it was worked out at: finding it (the roots, then homeOf's look at which
// provinces hold figures) is too much for every keystroke. The lock is held
// while it is worked out, so that the keystrokes of a changed version wait
// for one answer instead of each working it out again.
type nearCache struct {
	mu      sync.Mutex
	version uint64
	ok      bool
	code    string
}

// searchNear is the code of the province whose units the current user's
// searches rank first, or "" for none.
func (s *Server) searchNear(c *gin.Context) string {
	u := currentUser(c)
	if u == nil {
		return ""
	}
	ctx := c.Request.Context()
	if u.UnitID != 0 {
		return s.provinceOf(ctx, u.UnitID)
	}
	v := s.db.DataVersion()
	s.near.mu.Lock()
	defer s.near.mu.Unlock()
	if s.near.ok && s.near.version == v {
		return s.near.code
	}
	roots, err := s.db.Roots(ctx)
	if err != nil || len(roots) == 0 {
		return ""
	}
	home, err := s.homeOf(ctx, roots[0])
	if err != nil {
		return ""
	}
	code := ""
	if home.Kind != oversight.UnitNation {
		code = s.provinceOf(ctx, home.ID)
	}
	s.near.version, s.near.ok, s.near.code = v, true, code
	return code
}

// provinceOf is the code of the unit just below the root on id's chain (id
// itself when it is a province), or "" (the root, or an error: ranking is
// a convenience, never a reason to refuse a search).
func (s *Server) provinceOf(ctx context.Context, id int64) string {
	chain, err := s.db.Ancestors(ctx, id)
	if err != nil || len(chain) < 2 {
		return ""
	}
	return chain[len(chain)-2].Code
}
