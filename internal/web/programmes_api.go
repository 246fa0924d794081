package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// The API of supervision programmes (docs/API.md), a thin adapter over the
// programme form's save path.

// apiProgrammeIn is a programme as the API takes it; dates as 2024-11-20
// or 20/11/2024.
type apiProgrammeIn struct {
	Body       string   `json:"body"`
	Term       string   `json:"term"`
	Topic      string   `json:"topic"`
	PlanDoc    string   `json:"plan_doc"`
	PlanDate   string   `json:"plan_date"`
	Leader     string   `json:"leader"`
	Members    []string `json:"members"`
	Supervised []string `json:"supervised"`
	Unit       string   `json:"unit"`
	DateFrom   string   `json:"date_from"`
	DateTo     string   `json:"date_to"`
	ReportNo   string   `json:"report_no"`
	ReportDate string   `json:"report_date"`
	Report     string   `json:"report"`
	Published  bool     `json:"published"`
}

func (in apiProgrammeIn) programme() (oversight.Programme, error) {
	f := programmeForm{Body: in.Body, Term: in.Term, Topic: in.Topic, PlanDoc: in.PlanDoc, PlanDate: in.PlanDate, Leader: in.Leader,
		Members: strings.Join(in.Members, "\n"), Supervised: strings.Join(in.Supervised, "\n"), Unit: in.Unit, DateFrom: in.DateFrom,
		DateTo: in.DateTo, ReportNo: in.ReportNo, ReportDate: in.ReportDate, Report: in.Report, Published: in.Published, Errors: map[string]string{}}
	p := f.programme("vi")
	if len(f.Errors) == 0 {
		return p, nil
	}
	en := f
	en.Errors = map[string]string{}
	en.programme("en")
	return p, firstFormError(f.Errors, en.Errors)
}

func programmeJSON(p oversight.Programme, today time.Time, full bool) gin.H {
	out := gin.H{"id": p.ID, "body": p.Body, "term": p.Term, "topic": p.Topic, "plan_doc": p.PlanDoc, "plan_date": isoDate(p.PlanDate),
		"leader": p.Leader, "members": nonNil(p.Members), "supervised": nonNil(p.Supervised), "unit": p.UnitCode, "unit_name": p.UnitName,
		"date_from": isoDate(p.DateFrom), "date_to": isoDate(p.DateTo), "report_no": p.ReportNo, "report_date": isoDate(p.ReportDate),
		"report": p.Report, "published": p.Published}
	if full {
		sittings := make([]apiSessionSummary, 0, len(p.Sittings))
		for _, s := range p.Sittings {
			sittings = append(sittings, summarize(s))
		}
		recs := make([]apiRec, 0, len(p.Recommendations))
		for _, r := range p.Recommendations {
			recs = append(recs, recJSON(r, today))
		}
		out["sittings"], out["recommendations"] = sittings, recs
	}
	return out
}

func (s *Server) apiProgrammes(c *gin.Context) {
	ps, err := s.db.SearchProgrammes(c.Request.Context(), c.Query("q"))
	if err != nil {
		s.fail(c, err)
		return
	}
	ps = visibleProgrammes(c, ps)
	out := make([]gin.H, 0, len(ps))
	for _, p := range ps {
		out = append(out, programmeJSON(p, s.cfg.Now(), false))
	}
	c.JSON(http.StatusOK, gin.H{"programmes": out})
}

func (s *Server) apiProgramme(c *gin.Context) {
	p, err := s.loadProgramme(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, programmeJSON(p, s.cfg.Now(), true))
}

func (s *Server) apiCreateProgramme(c *gin.Context) { s.apiSaveProgramme(c, 0) }

func (s *Server) apiUpdateProgramme(c *gin.Context) { s.withID(c, programmeID, s.apiSaveProgramme) }

func (s *Server) apiSaveProgramme(c *gin.Context, id int64) {
	apiSave(s, c, id, (*apiProgrammeIn).programme, s.programmeStore(), s.db.Programme,
		func(p oversight.Programme) any { return programmeJSON(p, s.cfg.Now(), true) })
}

// programmeStore saves programmes.
func (s *Server) programmeStore() store[oversight.Programme] {
	return store[oversight.Programme]{create: s.db.CreateProgramme,
		update: func(ctx context.Context, id int64, p oversight.Programme, a sqlite.Actor) error {
			p.ID = id
			return s.db.UpdateProgramme(ctx, p, a)
		}}
}
