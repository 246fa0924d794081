package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
)

type apiSessionSummary struct {
	ID        int64  `json:"id"`
	Date      string `json:"date"`
	Body      string `json:"body"`
	Leader    string `json:"leader"`
	Topic     string `json:"topic"`
	Unit      string `json:"unit"`
	UnitName  string `json:"unit_name"`
	From      string `json:"span_from"`
	To        string `json:"span_to"`
	Published bool   `json:"published"`
}

func summarize(ss oversight.Session) apiSessionSummary {
	return apiSessionSummary{ID: ss.ID, Date: ss.Date.Format(time.DateOnly), Body: ss.Body, Leader: ss.Leader, Topic: ss.Topic,
		Unit: ss.UnitCode, UnitName: ss.UnitName, From: ss.Span.From.String(), To: ss.Span.To.String(), Published: ss.Published}
}

func (s *Server) apiSessions(c *gin.Context) {
	ss, err := s.db.Sessions(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]apiSessionSummary, 0, len(ss))
	for _, x := range ss {
		out = append(out, summarize(x))
	}
	c.JSON(http.StatusOK, gin.H{"sessions": out})
}

type apiFigure struct {
	Metric   string   `json:"metric"`
	Unit     string   `json:"unit"`
	Scope    string   `json:"scope"`
	From     string   `json:"span_from"`
	To       string   `json:"span_to"`
	Value    float64  `json:"value"`
	ValueMax *float64 `json:"value_max,omitempty"`
	Verified bool     `json:"verified"`
	Note     string   `json:"note,omitempty"`
}

type apiFollowUp struct {
	Date   string `json:"date"`
	Text   string `json:"text"`
	Author string `json:"author,omitempty"`
}

type apiRec struct {
	ID          int64         `json:"id"`
	Seq         int           `json:"seq"`
	Content     string        `json:"content"`
	Lead        string        `json:"lead_unit"`
	CoUnits     []string      `json:"co_units"`
	Responsible string        `json:"responsible,omitempty"`
	Output      string        `json:"output,omitempty"`
	Deadline    string        `json:"deadline,omitempty"`
	Status      string        `json:"status"`
	StatusNote  string        `json:"status_note,omitempty"`
	VerifiedOn  string        `json:"verified_on,omitempty"`
	Overdue     bool          `json:"overdue"`
	FollowUps   []apiFollowUp `json:"follow_ups"`
}

func (s *Server) apiSession(c *gin.Context) {
	id, err := sessionID(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ss, err := s.db.Session(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	figs := make([]apiFigure, 0, len(ss.Figures))
	for _, f := range ss.Figures {
		figs = append(figs, apiFigure{f.Metric, f.UnitCode, f.Scope, f.Span.From.String(), f.Span.To.String(), f.Value, f.ValueMax, f.Verified, f.Note})
	}
	today := s.cfg.Now()
	recs := make([]apiRec, 0, len(ss.Recommendations))
	for _, r := range ss.Recommendations {
		fus := make([]apiFollowUp, 0, len(r.FollowUps))
		for _, f := range r.FollowUps {
			fus = append(fus, apiFollowUp{f.Date.Format(time.DateOnly), f.Text, f.Author})
		}
		co := r.CoUnits
		if co == nil {
			co = []string{}
		}
		recs = append(recs, apiRec{ID: r.ID, Seq: r.Seq, Content: r.Content, Lead: r.LeadCode, CoUnits: co, Responsible: r.Responsible,
			Output: r.Output, Deadline: isoDate(r.Deadline), Status: r.Status, StatusNote: r.StatusNote, VerifiedOn: isoDate(r.VerifiedOn),
			Overdue: r.Overdue(today), FollowUps: fus})
	}
	c.JSON(http.StatusOK, gin.H{
		"id": ss.ID, "date": ss.Date.Format(time.DateOnly), "body": ss.Body, "term": ss.Term, "leader": ss.Leader,
		"members": nonNil(ss.Members), "guests": nonNil(ss.Guests), "form": ss.Form, "topic": ss.Topic,
		"unit": ss.UnitCode, "unit_name": ss.UnitName, "span_from": ss.Span.From.String(), "span_to": ss.Span.To.String(),
		"summary": ss.Summary, "findings": ss.Findings, "discussion": nonNil(ss.Discussion), "conclusion": ss.Conclusion,
		"report_no": ss.ReportNo, "published": ss.Published, "source": ss.Source,
		"figures": figs, "recommendations": recs,
	})
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
