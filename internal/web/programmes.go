package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// Supervision programmes (đợt giám sát): list, view, form, print view.

// programmeForm is a programme as typed, kept as text so a refused form
// comes back exactly as it was.
type programmeForm struct {
	ID                                           int64
	Body, Term, Topic, PlanDoc, PlanDate, Leader string
	Members, Supervised, Unit, DateFrom, DateTo  string
	ReportNo, ReportDate, Report                 string
	Published                                    bool
	Errors                                       map[string]string
}

type programmeFormData struct {
	Form programmeForm
}

type programmesList struct {
	Q          string
	Programmes []oversight.Programme
	Manage     bool
}

type programmeData struct {
	Programme oversight.Programme
	Manage    bool
	Today     time.Time
	Kinds     []string
}

func programmeFormOf(p oversight.Programme) programmeForm {
	d := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return formDate(*t)
	}
	return programmeForm{ID: p.ID, Body: p.Body, Term: p.Term, Topic: p.Topic, PlanDoc: p.PlanDoc, PlanDate: d(p.PlanDate), Leader: p.Leader,
		Members: strings.Join(p.Members, "\n"), Supervised: strings.Join(p.Supervised, "\n"), Unit: p.UnitCode,
		DateFrom: d(p.DateFrom), DateTo: d(p.DateTo), ReportNo: p.ReportNo, ReportDate: d(p.ReportDate), Report: p.Report,
		Published: p.Published, Errors: map[string]string{}}
}

func readProgrammeForm(c *gin.Context) programmeForm {
	p := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	return programmeForm{Body: p("body"), Term: p("term"), Topic: p("topic"), PlanDoc: p("plan_doc"), PlanDate: p("plan_date"),
		Leader: p("leader"), Members: p("members"), Supervised: p("supervised"), Unit: p("unit"), DateFrom: p("date_from"),
		DateTo: p("date_to"), ReportNo: p("report_no"), ReportDate: p("report_date"), Report: p("report"),
		Published: c.PostForm("published") != "", Errors: map[string]string{}}
}

// programme turns the form into a programme, noting each field at fault.
func (f *programmeForm) programme(l string) oversight.Programme {
	p := oversight.Programme{ID: f.ID, Body: f.Body, Term: f.Term, Topic: f.Topic, PlanDoc: f.PlanDoc, Leader: f.Leader,
		Members: lines(f.Members), Supervised: lines(f.Supervised), UnitCode: f.Unit, ReportNo: f.ReportNo, Report: f.Report,
		Published: f.Published}
	date := func(field, v string) *time.Time {
		if v == "" {
			return nil
		}
		t, err := oversight.ParseDate(v)
		if err != nil {
			f.Errors[field] = text.Error(err, l)
			return nil
		}
		return &t
	}
	p.PlanDate, p.DateFrom, p.DateTo, p.ReportDate = date("plan_date", f.PlanDate), date("date_from", f.DateFrom), date("date_to", f.DateTo),
		date("report_date", f.ReportDate)
	for k, err := range p.Validate() {
		if _, done := f.Errors[k]; !done {
			f.Errors[k] = text.Error(err, l)
		}
	}
	return p
}

func programmeID(c *gin.Context) (int64, error) {
	return pathID(c, "id", oversight.Errf(oversight.ENotFound, "err.there_no_such_supervision_2"))
}

// loadProgramme reads a programme the current user may see: a draft only
// for delegates and administrators, and only published sittings for
// others.
func (s *Server) loadProgramme(c *gin.Context) (oversight.Programme, error) {
	id, err := programmeID(c)
	if err != nil {
		return oversight.Programme{}, err
	}
	p, err := s.db.Programme(c.Request.Context(), id)
	if err != nil {
		return p, err
	}
	if canManage(c) {
		return p, nil
	}
	if !p.Published {
		return p, oversight.Errf(oversight.ENotFound, "err.there_no_such_supervision_2")
	}
	p.Sittings = visibleSessions(c, p.Sittings)
	published := map[int64]bool{}
	for _, x := range p.Sittings {
		published[x.ID] = true
	}
	recs := p.Recommendations[:0:0]
	for _, r := range p.Recommendations {
		if published[r.SessionID] {
			recs = append(recs, r)
		}
	}
	p.Recommendations = recs
	return p, nil
}

func visibleProgrammes(c *gin.Context, ps []oversight.Programme) []oversight.Programme {
	return visible(c, ps, func(p oversight.Programme) bool { return p.Published })
}

func (s *Server) programmesPage(c *gin.Context) {
	q := strings.TrimSpace(c.Query("q"))
	ps, err := s.db.SearchProgrammes(c.Request.Context(), q)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "programmes", translate(lang(c), "prog.title"), programmesList{Q: q, Programmes: visibleProgrammes(c, ps), Manage: canManage(c)})
}

func (s *Server) programmePage(c *gin.Context) { s.showProgramme(c, "programme") }

func (s *Server) programmePrintPage(c *gin.Context) { s.showProgramme(c, "programme_print") }

func (s *Server) showProgramme(c *gin.Context, page string) {
	p, err := s.loadProgramme(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, page, p.Topic, programmeData{Programme: p, Manage: canManage(c), Today: s.cfg.Now(), Kinds: oversight.SittingKinds})
}

func (s *Server) newProgrammePage(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	s.renderProgrammeForm(c, http.StatusOK, programmeForm{Errors: map[string]string{}})
}

func (s *Server) editProgrammePage(c *gin.Context) {
	p, ok := managerLoads(s, c, s.loadProgramme)
	if !ok {
		return
	}
	s.renderProgrammeForm(c, http.StatusOK, programmeFormOf(p))
}

func (s *Server) renderProgrammeForm(c *gin.Context, status int, f programmeForm) {
	title := translate(lang(c), "prog.new")
	if f.ID != 0 {
		title = translate(lang(c), "prog.edit")
	}
	s.render(c, status, "programme_form", title, programmeFormData{Form: f})
}

func (s *Server) createProgramme(c *gin.Context) { s.saveProgramme(c, 0) }

func (s *Server) updateProgramme(c *gin.Context) { s.withID(c, programmeID, s.saveProgramme) }

func (s *Server) saveProgramme(c *gin.Context, id int64) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	f := readProgrammeForm(c)
	f.ID = id
	p := f.programme(lang(c))
	formSave(s, c, id, p, f.Errors, s.programmeStore(),
		func(err error) bool { return oversight.ErrorCode(err) == oversight.EInvalid },
		func(status int) { s.renderProgrammeForm(c, status, f) }, "/programmes")
}
