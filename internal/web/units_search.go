package web

import (
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

// maxUnitQuery bounds the text of a unit search, in characters.
const maxUnitQuery = 100

// unitLink is the address of a unit's page. A code may name two units in
// periods that do not overlap (issue 12): the link then names the unit by
// its reference, CODE@YYYY-MM-DD, as every other link to a unit does
// (oversight.Unit.Ref).
func unitLink(u oversight.Unit) string { return "/units/" + url.PathEscape(u.Ref()) }

// unitQuery reads a unit search from the request: q (words of the name or
// the start of a code), on (a day: only units in force then), under (a
// unit code: only it and the units below it) and limit.
func (s *Server) unitQuery(c *gin.Context) (sqlite.UnitQuery, error) {
	q := sqlite.UnitQuery{Text: c.Query("q"), Today: s.cfg.Now()}
	if utf8.RuneCountInString(q.Text) > maxUnitQuery {
		return q, oversight.Errf(oversight.EInvalid, "err.search_too_long", maxUnitQuery)
	}
	if v := c.Query("on"); v != "" {
		d, err := oversight.ParseDate(v)
		if err != nil {
			return q, err
		}
		q.On = &d
	}
	q.Near = s.searchNear(c)
	if v := c.Query("under"); v != "" {
		u, err := s.db.UnitByCode(c.Request.Context(), v)
		if err != nil {
			return q, err
		}
		q.Under = u.ID
	}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > sqlite.MaxUnitHits {
			return q, oversight.Errf(oversight.EInvalid, "err.bad_limit", sqlite.MaxUnitHits)
		}
		q.Limit = n
	}
	return q, nil
}

// apiUnitHit is one unit found by GET /api/v1/units/search.
type apiUnitHit struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	KindName   string `json:"kind_name"`
	Parent     string `json:"parent"`
	ParentName string `json:"parent_name"`
	ValidFrom  string `json:"valid_from"`
	ValidTo    string `json:"valid_to"`
	URL        string `json:"url"`
}

// apiUnitSearch finds units by name without diacritics or by the start of
// their code: the unit typeahead asks it at every pause in typing.
func (s *Server) apiUnitSearch(c *gin.Context) {
	q, err := s.unitQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	hits, err := s.db.SearchUnits(c.Request.Context(), q)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := lang(c)
	out := make([]apiUnitHit, 0, len(hits))
	for _, h := range hits {
		out = append(out, apiUnitHit{Code: h.Code, Name: h.Name, Kind: h.Kind, KindName: text.UnitKind(l, h.Kind),
			Parent: h.ParentCode, ParentName: h.ParentName, ValidFrom: isoDate(h.ValidFrom), ValidTo: isoDate(h.ValidTo), URL: unitLink(h.Unit)})
	}
	c.JSON(http.StatusOK, gin.H{"units": out})
}
