package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// The entry workflow: submit, approve, return and reopen a unit's month.

func (s *Server) entryStatus(c *gin.Context) {
	u, m, chain, err := s.entryTarget(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	action := c.PostForm("action")
	to, err := s.db.ChangeStatus(c.Request.Context(), u.ID, m, action, strings.TrimSpace(c.PostForm("comment")), *currentUser(c), actor(c))
	if err != nil {
		// A refused step comes back on the form, with the message and the
		// comment as typed, rather than on a bare error page.
		status := map[string]int{oversight.EInvalid: http.StatusUnprocessableEntity, oversight.EConflict: http.StatusConflict,
			oversight.EForbidden: http.StatusForbidden}[oversight.ErrorCode(err)]
		if status == 0 {
			s.fail(c, err)
			return
		}
		s.showEntry(c, status, u, m, chain, nil, nil, text.Error(err, lang(c)))
		return
	}
	s.setFlash(c, translate(lang(c), "entry.status_changed", text.Word(lang(c), to.Key())))
	c.Redirect(http.StatusSeeOther, entryURL("/entry", u.Code, m))
}
