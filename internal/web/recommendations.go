package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// recForm is a recommendation as typed; for a correction, ID is the
// recommendation's, Reason why it is corrected, WReason why it is withdrawn.
type recForm struct {
	ID                                                    int64
	Content, Lead, CoUnits, Responsible, Output, Deadline string
	DeadlineText, DeadlineTo                              string
	Reason, WReason                                       string
	History                                               bool // "record history" ticked: kept when the form comes back
	Errors                                                map[string]string
}

func recFormOf(r oversight.Recommendation) recForm {
	f := recForm{ID: r.ID, Content: r.Content, Lead: r.LeadCode, CoUnits: strings.Join(r.CoUnits, ", "), Responsible: r.Responsible,
		Output: r.Output, Errors: map[string]string{}}
	if r.Deadline != nil {
		f.Deadline = formDate(*r.Deadline)
	}
	if r.DeadlineTo != nil {
		f.DeadlineTo = formDate(*r.DeadlineTo)
	}
	f.DeadlineText = r.DeadlineText
	return f
}

// followForm is a follow-up as typed; RecID ties a refused form to its
// recommendation on the page.
type followForm struct {
	RecID      int64
	OnBehalf   bool
	Date, Text string
	Action     string
	Reason     string
	Errors     map[string]string
}

func readRecForm(c *gin.Context) recForm {
	p := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	return recForm{Content: p("content"), Lead: p("lead"), CoUnits: p("co_units"), Responsible: p("responsible"), Output: p("output"),
		Deadline: p("deadline"), DeadlineText: p("deadline_text"), DeadlineTo: p("deadline_to"),
		History: c.PostForm("history") != "", Errors: map[string]string{}}
}

func (f *recForm) rec(l string) oversight.Recommendation {
	r := oversight.Recommendation{Content: f.Content, LeadCode: f.Lead, CoUnits: codesList(f.CoUnits), Responsible: f.Responsible, Output: f.Output,
		DeadlineText: f.DeadlineText}
	date := formDates(f.Errors, l)
	r.Deadline, r.DeadlineTo = date("deadline", f.Deadline), date("deadline_to", f.DeadlineTo)
	if err := r.CheckDeadline(); err != nil {
		f.Errors[fieldOf(err, "deadline_to")] = text.Error(err, l)
	}
	for k, err := range oversight.ValidateRec(r) {
		f.Errors[k] = text.Error(err, l)
	}
	return r
}

func (s *Server) addRecommendation(c *gin.Context) {
	sess, ok := managerLoads(s, c, s.loadSession)
	if !ok {
		return
	}
	f := readRecForm(c)
	r := f.rec(lang(c))
	r.History = recordsHistory(c)
	s.sessionPageChange(c, sessionChange{sess: sess, errs: f.Errors, field: fieldOr("lead"),
		write: func() error { _, err := s.db.AddRecommendation(c.Request.Context(), sess.ID, r, actor(c)); return err },
		mend:  func(d *sessionData) { d.RecForm = f }, flash: "sessions.saved", anchor: "recommendations"})
}

// loadRec reads a recommendation, its lead unit's chain of ancestors, and
// its session, which must be visible to the user.
func (s *Server) loadRec(c *gin.Context) (oversight.Recommendation, []int64, oversight.Session, error) {
	ctx := c.Request.Context()
	id, err := pathID(c, "rid", oversight.Errf(oversight.ENotFound, "err.there_no_such_recommendation"))
	if err != nil {
		return oversight.Recommendation{}, nil, oversight.Session{}, err
	}
	r, err := s.db.Recommendation(ctx, id)
	if err != nil {
		return r, nil, oversight.Session{}, err
	}
	sess, err := s.db.Session(ctx, r.SessionID)
	if err != nil {
		return r, nil, sess, err
	}
	if !sess.Published && !canManage(c) {
		return r, nil, sess, oversight.Errf(oversight.ENotFound, "err.there_no_such_recommendation")
	}
	chain, err := s.db.AncestorIDs(ctx, r.LeadUnitID)
	return r, chain, sess, err
}

func followUpRefused() error {
	return oversight.Errf(oversight.EForbidden, "err.only_staff_lead_unit")
}

// followUp checks and records a follow-up with its evidence files; it
// returns the field at fault with a user error.
func (s *Server) followUp(c *gin.Context, r oversight.Recommendation, chain []int64, sess oversight.Session, date, text string, onBehalf, withFiles bool) (string, error) {
	u := currentUser(c)
	if u == nil {
		return "", followUpRefused()
	}
	onBehalf, err := u.FollowUpOnBehalf(chain, onBehalf)
	if err != nil {
		return "", err
	}
	if r.Withdrawn() {
		return "", oversight.Errf(oversight.EConflict, "err.recommendation_has_been_withdrawn")
	}
	if !r.Open() {
		return "", oversight.Errf(oversight.EConflict, "err.recommendation_closed_no_more")
	}
	f := oversight.FollowUp{Text: strings.TrimSpace(text), Author: u.Name, OnBehalf: onBehalf}
	d, err := oversight.ParseDate(strings.TrimSpace(date))
	if err != nil {
		return "date", err
	}
	if err := oversight.CheckEventDate("date", d, sess.Date, s.cfg.Now()); err != nil {
		return "date", err
	}
	f.Date = d
	if f.Text == "" {
		return "text", oversight.Errf(oversight.EInvalid, "err.say_what_has_been")
	}
	files := s.newEvidenceBatch()
	defer files.discard()
	if withFiles {
		if mf, err := c.MultipartForm(); err == nil && mf != nil {
			for _, fh := range mf.File["evidence"] {
				e, err := files.add(fh)
				if err != nil {
					return "evidence", err
				}
				f.Evidence = append(f.Evidence, e)
			}
		}
	}
	return "", files.commit(func() error { _, err := s.db.AddFollowUp(c.Request.Context(), r.ID, f, actor(c)); return err })
}

// limitUpload bounds a request body: a few files at the size limit plus
// the form's text.
func (s *Server) limitUpload(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 5*s.cfg.EvidenceMaxBytes+(1<<20))
}

func (s *Server) postFollowUp(c *gin.Context) {
	s.limitUpload(c)
	r, chain, sess, err := s.loadRec(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := c.Request.ParseMultipartForm(32 << 20); err != nil && err != http.ErrNotMultipart {
		s.fail(c, oversight.Errf(oversight.EInvalid, "err.upload_too_large_or"))
		return
	}
	form := followForm{RecID: r.ID, Date: c.PostForm("date"), Text: c.PostForm("text"), OnBehalf: c.PostForm("on_behalf") != "", Errors: map[string]string{}}
	var field string
	s.sessionPageChange(c, sessionChange{sess: sess, errs: form.Errors, field: func(error) string { return field },
		write: func() (err error) {
			field, err = s.followUp(c, r, chain, sess, form.Date, form.Text, form.OnBehalf, true)
			return err
		},
		mend: func(d *sessionData) {
			if v := d.recAt(r.ID); v != nil {
				v.Form = form
			}
		}, flash: "rec.followup.saved", anchor: fmt.Sprintf("rec-%d", r.Seq)})
}

// managedRec loads the recommendation of the path for a correction or a
// withdrawal, which only managers make; on a refusal it has answered.
func (s *Server) managedRec(c *gin.Context) (oversight.Recommendation, oversight.Session, bool) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return oversight.Recommendation{}, oversight.Session{}, false
	}
	r, _, sess, err := s.loadRec(c)
	if err != nil {
		s.fail(c, err)
		return r, sess, false
	}
	return r, sess, true
}

// editRecommendation corrects a recommendation; the reason is required.
func (s *Server) editRecommendation(c *gin.Context) {
	old, sess, ok := s.managedRec(c)
	if !ok {
		return
	}
	l := lang(c)
	f := readRecForm(c)
	f.ID, f.Reason = old.ID, strings.TrimSpace(c.PostForm("reason"))
	r := f.rec(l)
	r.History = recordsHistory(c)
	r.ID = old.ID
	if err := oversight.CheckCorrection(f.Reason); err != nil {
		f.Errors["reason"] = text.Error(err, l)
	}
	s.sessionPageChange(c, sessionChange{sess: sess, errs: f.Errors, field: fieldOr("lead"),
		write: func() error { return s.db.UpdateRecommendation(c.Request.Context(), r, f.Reason, actor(c)) },
		mend: func(d *sessionData) {
			if r := d.recAt(old.ID); r != nil {
				r.Edit = f
			}
		}, flash: "fix.saved", anchor: fmt.Sprintf("rec-%d", old.Seq)})
}

// withdrawRecommendation withdraws a recommendation; the reason is required.
func (s *Server) withdrawRecommendation(c *gin.Context) {
	old, sess, ok := s.managedRec(c)
	if !ok {
		return
	}
	reason := strings.TrimSpace(c.PostForm("reason"))
	errs := map[string]string{}
	s.sessionPageChange(c, sessionChange{sess: sess, errs: errs, field: under("withdraw"),
		write: func() error {
			return s.db.WithdrawRecommendation(c.Request.Context(), old.ID, reason, s.cfg.Now(), actor(c))
		},
		mend: func(d *sessionData) {
			if r := d.recAt(old.ID); r != nil {
				r.Edit.WReason, r.Edit.Errors = reason, errs
			}
		}, flash: "fix.withdrawn.saved", anchor: fmt.Sprintf("rec-%d", old.Seq)})
}

// act applies an action for the current user and stores it.
// A verification is dated on date (any day from the session's to today;
// empty: today).
func (s *Server) act(c *gin.Context, r oversight.Recommendation, chain []int64, sess oversight.Session, action, reason, date string) error {
	u := currentUser(c)
	if u == nil {
		return forbidden()
	}
	a, err := oversight.ParseRecAction(action)
	if err != nil {
		return err
	}
	from := r.Status
	today := s.cfg.Now()
	on := today
	if date = strings.TrimSpace(date); date != "" {
		if on, err = oversight.ParseDate(date); err != nil {
			return oversight.AtField(err, "date")
		}
	}
	next, err := r.ApplyOn(*u, chain, a, reason, on, sess.Date, today)
	if err != nil {
		return err
	}
	return s.db.SaveRecStatus(c.Request.Context(), next, from, a, actor(c))
}

func (s *Server) postRecAction(c *gin.Context) {
	r, chain, sess, err := s.loadRec(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	action, reason, date := c.PostForm("action"), c.PostForm("reason"), c.PostForm("date")
	form := followForm{RecID: r.ID, Date: date, Action: action, Reason: reason, Errors: map[string]string{}}
	if form.Date == "" {
		form.Date = formDate(s.cfg.Now())
	}
	s.sessionPageChange(c, sessionChange{sess: sess, errs: form.Errors, field: under("action"),
		write: func() error { return s.act(c, r, chain, sess, action, reason, date) },
		mend: func(d *sessionData) {
			if v := d.recAt(r.ID); v != nil {
				v.Form = form
			}
		}, flash: "rec.action.saved", anchor: fmt.Sprintf("rec-%d", r.Seq)})
}
