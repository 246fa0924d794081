package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
)

// The API of recommendations and their follow-ups (docs/API.md).

type apiRecIn struct {
	Content     string   `json:"content"`
	Lead        string   `json:"lead_unit"`
	CoUnits     []string `json:"co_units"`
	Responsible string   `json:"responsible"`
	Output      string   `json:"output"`
	Deadline    string   `json:"deadline"`
	// A council sitting as the deadline, and the final date of a
	// recommendation over several years.
	DeadlineText string `json:"deadline_text"`
	DeadlineTo   string `json:"deadline_to"`
}

// rec checks the input as the page's form does; the first fault found
// (by field name) is returned.
func (in apiRecIn) rec() (oversight.Recommendation, error) {
	f := recForm{Content: in.Content, Lead: in.Lead, CoUnits: strings.Join(in.CoUnits, ","), Responsible: in.Responsible, Output: in.Output,
		Deadline: in.Deadline, DeadlineText: strings.TrimSpace(in.DeadlineText), DeadlineTo: in.DeadlineTo, Errors: map[string]string{}}
	r := f.rec("vi")
	if len(f.Errors) == 0 {
		return r, nil
	}
	en := f
	en.Errors = map[string]string{}
	en.rec("en")
	return r, firstFormError(f.Errors, en.Errors)
}

func (s *Server) apiAddRecommendation(c *gin.Context) {
	var id int64
	apiChange(s, c, s.loadSession, func(sess oversight.Session, in *apiRecIn) error {
		r, err := in.rec()
		if err == nil {
			id, err = s.db.AddRecommendation(c.Request.Context(), sess.ID, r, actor(c))
		}
		return err
	}, func(oversight.Session) { s.apiRecAnswer(c, http.StatusCreated, id) })
}

// apiRecEdit is a correction of a recommendation: the whole of it, as
// when adding one, with the reason.
type apiRecEdit struct {
	apiRecIn
	Reason string `json:"reason"`
}

func (s *Server) apiEditRecommendation(c *gin.Context) {
	apiChange(s, c, s.loadRecOnly, func(old oversight.Recommendation, in *apiRecEdit) error {
		r, err := in.apiRecIn.rec()
		if err == nil {
			r.ID = old.ID
			err = s.db.UpdateRecommendation(c.Request.Context(), r, in.Reason, actor(c))
		}
		return err
	}, func(old oversight.Recommendation) { s.apiRecAnswer(c, http.StatusOK, old.ID) })
}

func (s *Server) apiWithdrawRecommendation(c *gin.Context) {
	apiChange(s, c, s.loadRecOnly, func(old oversight.Recommendation, in *apiWithdrawIn) error {
		return s.db.WithdrawRecommendation(c.Request.Context(), old.ID, in.Reason, s.cfg.Now(), actor(c))
	}, func(old oversight.Recommendation) { s.apiRecAnswer(c, http.StatusOK, old.ID) })
}

// loadRecOnly is loadRec for who needs only the recommendation.
func (s *Server) loadRecOnly(c *gin.Context) (oversight.Recommendation, error) {
	r, _, _, err := s.loadRec(c)
	return r, err
}

func (s *Server) apiRecAnswer(c *gin.Context, status int, id int64) {
	saved, err := s.db.Recommendation(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(status, recJSON(saved, s.cfg.Now()))
}

func recJSON(r oversight.Recommendation, today time.Time) apiRec {
	fus := make([]apiFollowUp, 0, len(r.FollowUps))
	for _, f := range r.FollowUps {
		ev := make([]apiEvidence, 0, len(f.Evidence))
		for _, e := range f.Evidence {
			ev = append(ev, apiEvidence{Name: e.Name, SHA256: e.SHA256, ContentType: e.ContentType, Size: e.Size, URL: "/evidence/" + e.SHA256})
		}
		fus = append(fus, apiFollowUp{Date: f.Date.Format(time.DateOnly), Text: f.Text, Author: f.Author, OnBehalf: f.OnBehalf, Evidence: ev})
	}
	return apiRec{ID: r.ID, SessionID: r.SessionID, Seq: r.Seq, Content: r.Content, Lead: r.LeadCode, CoUnits: nonNil(r.CoUnits), Responsible: r.Responsible,
		Output: r.Output, Deadline: isoDate(r.Deadline), DeadlineText: r.DeadlineText, DeadlineTo: isoDate(r.DeadlineTo), Due: isoDate(r.Due()), Status: r.Status, StatusNote: r.StatusNote, VerifiedOn: isoDate(r.VerifiedOn),
		Overdue: r.Overdue(today), DueSoon: r.DueSoon(today), FollowUps: fus,
		Withdrawn: r.Withdrawn(), WithdrawnOn: isoDate(r.WithdrawnOn), WithdrawnReason: r.WithdrawnReason}
}

type apiEvidence struct {
	Name        string `json:"name"`
	SHA256      string `json:"sha256"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	URL         string `json:"url"`
}

func (s *Server) apiRecommendations(c *gin.Context) {
	recs, _, err := s.visibleRecs(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	today := s.cfg.Now()
	filter := c.Query("filter")
	lead := c.Query("lead")
	out := []apiRec{}
	// The summary covers every recommendation of the lead unit (or all),
	// whatever the filter: a completion rate over "overdue only" would
	// always be 0.
	var scope []oversight.Recommendation
	for _, r := range recs {
		if lead != "" && r.LeadCode != lead {
			continue
		}
		scope = append(scope, r)
		switch filter {
		case "", "all":
		case "open":
			if !r.Open() {
				continue
			}
		case "overdue":
			if !r.Overdue(today) {
				continue
			}
		case "due_soon":
			if !r.DueSoon(today) {
				continue
			}
		default:
			s.fail(c, oversight.Errf(oversight.EInvalid, "err.filter_takes_all_open"))
			return
		}
		out = append(out, recJSON(r, today))
	}
	t := oversight.Track(scope, today, func(int64) string { return "" })
	summary := gin.H{"total": t.All.Total, "open": t.All.Open, "overdue": t.All.Overdue, "due_soon": t.All.DueSoon,
		"past_deadline": t.All.Past, "past_deadline_done": t.All.PastDone, "completion_rate": nil}
	if rate, ok := t.All.CompletionRate(); ok {
		summary["completion_rate"] = rate
	}
	c.JSON(http.StatusOK, gin.H{"as_of": today.Format(time.DateOnly), "summary": summary, "recommendations": out})
}

func (s *Server) apiRecommendation(c *gin.Context) {
	r, _, _, err := s.loadRec(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, recJSON(r, s.cfg.Now()))
}

func (s *Server) apiFollowUp(c *gin.Context) {
	s.limitUpload(c)
	r, chain, sess, err := s.loadRec(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var date, text string
	var onBehalf bool
	multipart := strings.HasPrefix(c.ContentType(), "multipart/")
	if multipart {
		if err := c.Request.ParseMultipartForm(32 << 20); err != nil {
			s.fail(c, oversight.Errf(oversight.EInvalid, "err.upload_too_large_or"))
			return
		}
		date, text, onBehalf = c.PostForm("date"), c.PostForm("text"), c.PostForm("on_behalf") != ""
	} else {
		var in struct {
			Date     string `json:"date"`
			Text     string `json:"text"`
			OnBehalf bool   `json:"on_behalf"`
		}
		if err := bindJSON(c, &in); err != nil {
			s.fail(c, err)
			return
		}
		date, text, onBehalf = in.Date, in.Text, in.OnBehalf
	}
	if _, err := s.followUp(c, r, chain, sess, date, text, onBehalf, multipart); err != nil {
		s.fail(c, err)
		return
	}
	s.apiRecAnswer(c, http.StatusCreated, r.ID)
}

func (s *Server) apiRecAction(c *gin.Context) {
	r, chain, sess, err := s.loadRec(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var in struct {
		Action string `json:"action"`
		Reason string `json:"reason"`
		Date   string `json:"date"`
	}
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.act(c, r, chain, sess, in.Action, in.Reason, in.Date); err != nil {
		s.fail(c, err)
		return
	}
	s.apiRecAnswer(c, http.StatusOK, r.ID)
}
