package web

import (
	"fmt"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/entryfile"
	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/xlsx"
)

// The Excel entry template: which units and figures it holds, and its
// download.

func (s *Server) entryTemplate(c *gin.Context) {
	u, m, chain, err := s.entryTarget(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !currentUser(c).CanWriteValues(chain) {
		s.fail(c, forbidden())
		return
	}
	// A template for a month that can never be imported would only fail
	// later, after the work of filling it.
	if err := oversight.CheckEntryMonth(u, m, s.cfg.Now()); err != nil {
		s.fail(c, err)
		return
	}
	spec, err := entryfile.Spec(c.Request.Context(), s.db, u, m)
	if err != nil {
		s.fail(c, err)
		return
	}
	spec.Lang = lang(c) // the template in the language of the pages
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="cchc-%s-%s.xlsx"`, u.Code, m))
	if err := xlsx.WriteTemplate(c.Writer, spec); err != nil {
		s.log.Error("write template", "err", err)
	}
}
