package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// The tree listing (/units) starts collapsed: the roots open, their
// children shown, every deeper level read only when a reader opens it.
// With JavaScript a level is fetched as a fragment (/units?children=ID);
// without, the "open" link reloads the page with that unit's chain open
// (/units?open=ID). At 14,000 units the whole tree is never read.

// treeItem is one unit of the listing.
type treeItem struct {
	sqlite.TreeUnit
	Lang string
	Href string
	Open bool       // its children are shown
	Kids *treeLevel // nil until opened
}

// treeLevel is the units directly under one unit, with the reader's
// language for the recursive template.
type treeLevel struct {
	Lang  string
	Items []treeItem
}

// unitsData is what the listing page shows.
type unitsData struct {
	Tree   *treeLevel
	Query  string
	Hits   []sqlite.UnitHit // results of a search sent without JavaScript
	Search bool             // a search was sent
	Links  map[int64]string // unit page of each hit
	Opened int64            // the unit opened by ?open=, to scroll to
}

// level reads the units under parent as a treeLevel; open names the units
// whose children are read too (the chain to a unit asked for).
func (s *Server) level(c *gin.Context, parent int64, open []int64) (*treeLevel, error) {
	units, err := s.db.TreeLevel(c.Request.Context(), parent)
	if err != nil {
		return nil, err
	}
	lv := &treeLevel{Lang: lang(c), Items: make([]treeItem, len(units))}
	for i, u := range units {
		it := treeItem{TreeUnit: u, Lang: lv.Lang, Href: unitLink(u.Unit)}
		// Roots always open: a reader sees the first level below them.
		if u.Children > 0 && (parent == 0 || slices.Contains(open, u.ID)) {
			it.Open = true
			if it.Kids, err = s.level(c, u.ID, open); err != nil {
				return nil, err
			}
		}
		lv.Items[i] = it
	}
	return lv, nil
}

func (s *Server) unitsPage(c *gin.Context) {
	if v, ok := c.GetQuery("children"); ok {
		s.unitsLevel(c, v)
		return
	}
	ctx := c.Request.Context()
	d := unitsData{Query: c.Query("q")}
	var open []int64
	if v := c.Query("open"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.fail(c, oversight.Errf(oversight.EInvalid, "err.open_parameter_must_unit"))
			return
		}
		if open, err = s.db.AncestorIDs(ctx, id); err != nil {
			s.fail(c, err)
			return
		}
		d.Opened = id
	}
	if _, ok := c.GetQuery("q"); ok {
		q, err := s.unitQuery(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		q.Limit = sqlite.MaxUnitHits
		if d.Hits, err = s.db.SearchUnits(ctx, q); err != nil {
			s.fail(c, err)
			return
		}
		d.Search = true
		d.Links = map[int64]string{}
		for _, h := range d.Hits {
			d.Links[h.ID] = unitLink(h.Unit)
		}
	}
	var err error
	if d.Tree, err = s.level(c, 0, open); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "units", translate(lang(c), "units.title"), d)
}

// unitsLevel answers /units?children=ID with the HTML of that unit's
// children, for the listing's script to put in place.
func (s *Server) unitsLevel(c *gin.Context, v string) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, oversight.Errf(oversight.EInvalid, "err.children_parameter_must_unit"))
		return
	}
	if _, err := s.db.UnitByID(c.Request.Context(), id); err != nil {
		s.fail(c, err)
		return
	}
	lv, err := s.level(c, id, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := s.tmpl.sets["units"].ExecuteTemplate(&buf, "units-level", lv); err != nil {
		s.fail(c, fmt.Errorf("render units level %d: %w", id, err))
		return
	}
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}
