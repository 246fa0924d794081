package web

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/xlsx"
)

// sessionXLSX answers the session as a workbook, built in memory first so
// a failure never sends half a file.
func (s *Server) sessionXLSX(c *gin.Context) {
	sess, err := s.loadSession(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.fillRecorded(c, &sess); err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := xlsx.WriteSession(&buf, sess, lang(c), s.cfg.Now()); err != nil {
		s.fail(c, fmt.Errorf("session %d as xlsx: %w", sess.ID, err))
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="giam-sat-%d-%s.xlsx"`, sess.ID, sess.Date.Format("2006-01-02")))
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}
