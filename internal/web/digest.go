package web

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/xlsx"
)

// The digest of recommendations overdue and due within 30 days, per lead
// body: a printable page and a workbook. `cchc digest` (and the daily tick
// of `cchc serve`) e-mails the same groups, from the same
// oversight.Digest, to each lead body's staff when SMTP is configured.

type digestData struct {
	Today  time.Time
	Groups []oversight.DigestGroup
	Labels map[int64]string
	Days   int
}

func (s *Server) digestGroups(c *gin.Context) ([]oversight.DigestGroup, map[int64]string, error) {
	recs, labels, err := s.visibleRecs(c)
	if err != nil {
		return nil, nil, err
	}
	return oversight.Digest(recs, s.cfg.Now()), labels, nil
}

func (s *Server) digestPage(c *gin.Context) {
	groups, labels, err := s.digestGroups(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "recommendations_digest", translate(lang(c), "digest.title"),
		digestData{Today: s.cfg.Now(), Groups: groups, Labels: labels, Days: oversight.DueSoonDays})
}

func (s *Server) digestXLSX(c *gin.Context) {
	groups, labels, err := s.digestGroups(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	today := s.cfg.Now()
	var buf bytes.Buffer
	if err := xlsx.WriteDigest(&buf, groups, lang(c), today, func(id int64) string { return labels[id] }); err != nil {
		s.fail(c, fmt.Errorf("digest as xlsx: %w", err))
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="kien-nghi-den-han-%s.xlsx"`, today.Format("2006-01-02")))
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
}

// DaysLeft is a recommendation's days to its due date, for the page.
func (d digestData) DaysLeft(r oversight.Recommendation) int { return r.DaysFrom(d.Today) }

// Late is how many days a recommendation is past its due date.
func (d digestData) Late(r oversight.Recommendation) int { return -r.DaysFrom(d.Today) }
