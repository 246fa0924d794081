package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/cchc/cchc/internal/oversight"
)

// recForm is a recommendation as typed; for a correction, ID is the
// recommendation's, Reason why it is corrected, WReason why it is withdrawn.
type recForm struct {
	ID                                                    int64
	Content, Lead, CoUnits, Responsible, Output, Deadline string
	DeadlineText, DeadlineTo                              string
	Reason, WReason                                       string
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
		Deadline: p("deadline"), DeadlineText: p("deadline_text"), DeadlineTo: p("deadline_to"), Errors: map[string]string{}}
}

func (f *recForm) rec(l string) oversight.Recommendation {
	r := oversight.Recommendation{Content: f.Content, LeadCode: f.Lead, CoUnits: codesList(f.CoUnits), Responsible: f.Responsible, Output: f.Output,
		DeadlineText: f.DeadlineText}
	date := func(field, v string) *time.Time {
		if v == "" {
			return nil
		}
		d, err := oversight.ParseDate(v)
		if err != nil {
			f.Errors[field] = oversight.ErrorMessage(err, l)
			return nil
		}
		return &d
	}
	r.Deadline, r.DeadlineTo = date("deadline", f.Deadline), date("deadline_to", f.DeadlineTo)
	if err := r.CheckDeadline(); err != nil {
		f.Errors[fieldOf(err, "deadline_to")] = oversight.ErrorMessage(err, l)
	}
	for k, err := range oversight.ValidateRec(r) {
		f.Errors[k] = oversight.ErrorMessage(err, l)
	}
	return r
}

func (s *Server) addRecommendation(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	sess, err := s.loadSession(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := lang(c)
	f := readRecForm(c)
	r := f.rec(l)
	r.History = recordsHistory(c)
	if len(f.Errors) == 0 {
		if _, err := s.db.AddRecommendation(c.Request.Context(), sess.ID, r, actor(c)); err != nil {
			if oversight.ErrorCode(err) != oversight.EInvalid {
				s.fail(c, err)
				return
			}
			f.Errors[fieldOf(err, "lead")] = oversight.ErrorMessage(err, l)
		}
	}
	if len(f.Errors) > 0 {
		s.showSession(c, http.StatusUnprocessableEntity, "session", sess, func(d *sessionData) { d.RecForm = f })
		return
	}
	s.setFlash(c, translate(l, "sessions.saved"))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/sessions/%d#recommendations", sess.ID))
}

// loadRec reads a recommendation, its lead unit's chain of ancestors, and
// its session, which must be visible to the user.
func (s *Server) loadRec(c *gin.Context) (oversight.Recommendation, []int64, oversight.Session, error) {
	ctx := c.Request.Context()
	id, err := strconv.ParseInt(c.Param("rid"), 10, 64)
	if err != nil || id <= 0 {
		return oversight.Recommendation{}, nil, oversight.Session{}, oversight.Bilingual(oversight.ENotFound, "Không có kiến nghị này.", "There is no such recommendation.")
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
		return r, nil, sess, oversight.Bilingual(oversight.ENotFound, "Không có kiến nghị này.", "There is no such recommendation.")
	}
	chain, err := s.db.AncestorIDs(ctx, r.LeadUnitID)
	return r, chain, sess, err
}

func followUpRefused() error {
	return oversight.Bilingual(oversight.EForbidden, "Chỉ cán bộ của đơn vị chủ trì (hoặc quản trị) được báo cáo tiến độ kiến nghị này.",
		"Only staff of the lead unit (or an administrator) may post follow-ups on this recommendation.")
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
		return "", oversight.Bilingual(oversight.EConflict, "Kiến nghị đã được rút lại; không nhận thêm báo cáo.", "The recommendation has been withdrawn; no more follow-ups.")
	}
	if !r.Open() {
		return "", oversight.Bilingual(oversight.EConflict, "Kiến nghị đã kết thúc; không nhận thêm báo cáo.", "The recommendation is closed; no more follow-ups.")
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
		return "text", oversight.Bilingual(oversight.EInvalid, "Cần nội dung đã thực hiện.", "Say what has been done.")
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
	l := lang(c)
	if err := c.Request.ParseMultipartForm(32 << 20); err != nil && err != http.ErrNotMultipart {
		s.fail(c, oversight.Bilingual(oversight.EInvalid, "Tệp gửi lên quá lớn hoặc không đọc được.", "The upload is too large or cannot be read."))
		return
	}
	form := followForm{RecID: r.ID, Date: c.PostForm("date"), Text: c.PostForm("text"), OnBehalf: c.PostForm("on_behalf") != "", Errors: map[string]string{}}
	field, err := s.followUp(c, r, chain, sess, form.Date, form.Text, form.OnBehalf, true)
	if err != nil {
		code := oversight.ErrorCode(err)
		if code != oversight.EInvalid {
			s.fail(c, err)
			return
		}
		form.Errors[field] = oversight.ErrorMessage(err, l)
		s.showSession(c, http.StatusUnprocessableEntity, "session", sess, func(d *sessionData) {
			for i := range d.Recs {
				if d.Recs[i].ID == r.ID {
					d.Recs[i].Form = form
				}
			}
		})
		return
	}
	s.setFlash(c, translate(l, "rec.followup.saved"))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/sessions/%d#rec-%d", sess.ID, r.Seq))
}

// editRecommendation corrects a recommendation; the reason is required.
func (s *Server) editRecommendation(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	old, _, sess, err := s.loadRec(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := lang(c)
	f := readRecForm(c)
	f.ID, f.Reason = old.ID, strings.TrimSpace(c.PostForm("reason"))
	r := f.rec(l)
	r.History = recordsHistory(c)
	r.ID = old.ID
	if err := oversight.CheckCorrection(f.Reason); err != nil {
		f.Errors["reason"] = oversight.ErrorMessage(err, l)
	}
	if len(f.Errors) == 0 {
		if err := s.db.UpdateRecommendation(c.Request.Context(), r, f.Reason, actor(c)); err != nil {
			if oversight.ErrorCode(err) != oversight.EInvalid {
				s.fail(c, err)
				return
			}
			f.Errors[fieldOf(err, "lead")] = oversight.ErrorMessage(err, l)
		}
	}
	if len(f.Errors) > 0 {
		s.showSession(c, http.StatusUnprocessableEntity, "session", sess, func(d *sessionData) {
			for i := range d.Recs {
				if d.Recs[i].ID == old.ID {
					d.Recs[i].Edit = f
				}
			}
		})
		return
	}
	s.setFlash(c, translate(l, "fix.saved"))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/sessions/%d#rec-%d", sess.ID, old.Seq))
}

// withdrawRecommendation withdraws a recommendation; the reason is required.
func (s *Server) withdrawRecommendation(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	old, _, sess, err := s.loadRec(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	l := lang(c)
	reason := strings.TrimSpace(c.PostForm("reason"))
	if err := s.db.WithdrawRecommendation(c.Request.Context(), old.ID, reason, s.cfg.Now(), actor(c)); err != nil {
		if oversight.ErrorCode(err) != oversight.EInvalid {
			s.fail(c, err)
			return
		}
		s.showSession(c, http.StatusUnprocessableEntity, "session", sess, func(d *sessionData) {
			for i := range d.Recs {
				if d.Recs[i].ID == old.ID {
					d.Recs[i].Edit.WReason = reason
					d.Recs[i].Edit.Errors["withdraw"] = oversight.ErrorMessage(err, l)
				}
			}
		})
		return
	}
	s.setFlash(c, translate(l, "fix.withdrawn.saved"))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/sessions/%d#rec-%d", sess.ID, old.Seq))
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
			return &oversight.Error{Code: oversight.EInvalid, Field: "date", Message: oversight.ErrorMessage(err, "vi"), MessageEN: oversight.ErrorMessage(err, "en")}
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
	l := lang(c)
	action, reason, date := c.PostForm("action"), c.PostForm("reason"), c.PostForm("date")
	if err := s.act(c, r, chain, sess, action, reason, date); err != nil {
		if oversight.ErrorCode(err) != oversight.EInvalid {
			s.fail(c, err)
			return
		}
		if date == "" {
			date = formDate(s.cfg.Now())
		}
		form := followForm{RecID: r.ID, Date: date, Action: action, Reason: reason,
			Errors: map[string]string{"action": oversight.ErrorMessage(err, l)}}
		s.showSession(c, http.StatusUnprocessableEntity, "session", sess, func(d *sessionData) {
			for i := range d.Recs {
				if d.Recs[i].ID == r.ID {
					d.Recs[i].Form = form
				}
			}
		})
		return
	}
	s.setFlash(c, translate(l, "rec.action.saved"))
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/sessions/%d#rec-%d", sess.ID, r.Seq))
}

// trackerData is the tracker page.
type trackerData struct {
	Today   time.Time
	Tracker oversight.Tracker
	Overdue []oversight.Recommendation
	DueSoon []oversight.Recommendation
	Labels  map[int64]string
	Lead    string
	Filter  recFilter // unit subtree, status, overdue only (approved.go)
	// Due keeps only the recommendations due within DueSoonDays (?due=soon).
	Due bool
	// The filter form's choices: units that lead a recommendation shown
	// and the units above them (indented by Depth), the lead units, the
	// statuses.
	UnitOptions []recUnitOption
	LeadOptions []recUnitOption
	Statuses    []string
}

// recUnitOption is one unit in a filter list.
type recUnitOption struct {
	Code, Name string
	Depth      int
}

// Indent is the prefix that shows a unit's depth in a list.
func (o recUnitOption) Indent() string { return strings.Repeat("  ", o.Depth) }

// recFilterOptions lists, for the tracker's filter form, every lead unit
// of recs (by name) and the chain above each, root first, once each.
func (s *Server) recFilterOptions(c *gin.Context, recs []oversight.Recommendation) (units, leads []recUnitOption, err error) {
	seenLead := map[int64]bool{}
	for _, r := range recs {
		if !seenLead[r.LeadUnitID] {
			seenLead[r.LeadUnitID] = true
			leads = append(leads, recUnitOption{Code: r.LeadCode, Name: r.LeadName})
		}
	}
	sortUnitOptions(leads)
	seen := map[string]bool{}
	for _, ld := range leads {
		var chain []oversight.Unit
		for _, r := range recs {
			if r.LeadCode == ld.Code {
				if chain, err = s.db.Ancestors(c.Request.Context(), r.LeadUnitID); err != nil {
					return nil, nil, err
				}
				break
			}
		}
		for i := len(chain) - 1; i >= 0; i-- {
			u := chain[i]
			if !seen[u.Code] {
				seen[u.Code] = true
				units = append(units, recUnitOption{Code: u.Code, Name: u.Name, Depth: len(chain) - 1 - i})
			}
		}
	}
	return units, leads, nil
}

// readDue reads ?due=soon (also 1 or true): due within DueSoonDays only.
func readDue(c *gin.Context) (bool, error) {
	switch v := strings.TrimSpace(c.Query("due")); v {
	case "", "0", "false":
		return false, nil
	case "soon", "1", "true":
		return true, nil
	}
	return false, &oversight.Error{Code: oversight.EInvalid, Field: "due",
		Message: translate("vi", "rec.bad_due"), MessageEN: translate("en", "rec.bad_due")}
}

// visibleRecs are the recommendations of the sessions the user may see.
func (s *Server) visibleRecs(c *gin.Context) ([]oversight.Recommendation, map[int64]string, error) {
	ctx := c.Request.Context()
	ss, err := s.db.SearchSessions(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	labels := map[int64]string{}
	for _, x := range visibleSessions(c, ss) {
		labels[x.ID] = x.Date.Format("02/01/2006") + " · " + x.UnitName
	}
	all, err := s.db.AllRecommendations(ctx)
	if err != nil {
		return nil, nil, err
	}
	var out []oversight.Recommendation
	for _, r := range all {
		if _, ok := labels[r.SessionID]; ok {
			out = append(out, r)
		}
	}
	return out, labels, nil
}

func (s *Server) trackerPage(c *gin.Context) {
	recs, labels, err := s.visibleRecs(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	f, err := s.readRecFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	due, err := readDue(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	today := s.cfg.Now()
	d := trackerData{Today: today, Labels: labels, Lead: f.Lead, Filter: f, Due: due, Statuses: oversight.RecStatuses}
	if d.UnitOptions, d.LeadOptions, err = s.recFilterOptions(c, recs); err != nil {
		s.fail(c, err)
		return
	}
	var shown []oversight.Recommendation
	for _, r := range recs {
		if f.keep(r, func() bool { return r.Overdue(today) }) && (!due || r.DueSoon(today)) {
			shown = append(shown, r)
		}
	}
	d.Tracker = oversight.Track(shown, today, func(id int64) string { return labels[id] })
	for _, r := range shown {
		if r.Overdue(today) {
			d.Overdue = append(d.Overdue, r)
		}
		if r.DueSoon(today) {
			d.DueSoon = append(d.DueSoon, r)
		}
	}
	s.render(c, http.StatusOK, "recommendations", translate(lang(c), "rec.tracker"), d)
}

// sortUnitOptions orders units by name as a Vietnamese reader expects
// ("Đồng Mai" after "Dương Nội", not after "Yết Kiêu"), numbers by value.
func sortUnitOptions(os []recUnitOption) {
	c := collate.New(language.Vietnamese, collate.IgnoreCase, collate.Numeric)
	slices.SortStableFunc(os, func(a, b recUnitOption) int { return c.CompareString(a.Name, b.Name) })
}
