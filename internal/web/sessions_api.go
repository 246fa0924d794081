package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
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
	ss, err := s.db.SearchSessions(c.Request.Context(), c.Query("q"))
	if err != nil {
		s.fail(c, err)
		return
	}
	ss = visibleSessions(c, ss)
	out := make([]apiSessionSummary, 0, len(ss))
	for _, x := range ss {
		out = append(out, summarize(x))
	}
	c.JSON(http.StatusOK, gin.H{"sessions": out})
}

type apiFigure struct {
	ID       int64    `json:"id"`
	Metric   string   `json:"metric"`
	Unit     string   `json:"unit"`
	Scope    string   `json:"scope"`
	From     string   `json:"span_from"`
	To       string   `json:"span_to"`
	Value    float64  `json:"value"`
	ValueMax *float64 `json:"value_max,omitempty"`
	Verified bool     `json:"verified"`
	Note     string   `json:"note,omitempty"`
	Recorded *float64 `json:"recorded,omitempty"`
	Differs  bool     `json:"differs"`
	Source   string   `json:"source"`
	// A withdrawn figure stays on record with the date and the reason.
	Withdrawn       bool   `json:"withdrawn"`
	WithdrawnOn     string `json:"withdrawn_on,omitempty"`
	WithdrawnReason string `json:"withdrawn_reason,omitempty"`
}

func figJSON(f oversight.Figure) apiFigure {
	return apiFigure{ID: f.ID, Metric: f.Metric, Unit: f.UnitCode, Scope: f.Scope, From: f.Span.From.String(), To: f.Span.To.String(),
		Value: f.Value, ValueMax: f.ValueMax, Verified: f.Verified, Note: f.Note, Recorded: f.Recorded, Differs: f.Differs() && !f.Withdrawn(),
		Source: f.Source, Withdrawn: f.Withdrawn(), WithdrawnOn: isoDate(f.WithdrawnOn), WithdrawnReason: f.WithdrawnReason}
}

type apiCorrection struct {
	Kind   string `json:"kind"`
	ItemID int64  `json:"item_id"`
	Action string `json:"action"`
	At     string `json:"at"`
	By     string `json:"by"`
	Reason string `json:"reason"`
	Detail string `json:"detail,omitempty"`
}

type apiFollowUp struct {
	Date     string        `json:"date"`
	Text     string        `json:"text"`
	Author   string        `json:"author,omitempty"`
	OnBehalf bool          `json:"on_behalf"`
	Evidence []apiEvidence `json:"evidence"`
}

type apiRec struct {
	ID          int64    `json:"id"`
	SessionID   int64    `json:"session_id"`
	Seq         int      `json:"seq"`
	Content     string   `json:"content"`
	Lead        string   `json:"lead_unit"`
	CoUnits     []string `json:"co_units"`
	Responsible string   `json:"responsible,omitempty"`
	Output      string   `json:"output,omitempty"`
	Deadline    string   `json:"deadline,omitempty"`
	// DeadlineText is a council sitting ("Kỳ họp thứ 12"); Due is the
	// date the recommendation is due (its final date when multi-year).
	DeadlineText    string        `json:"deadline_text,omitempty"`
	DeadlineTo      string        `json:"deadline_to,omitempty"`
	Due             string        `json:"due,omitempty"`
	Status          string        `json:"status"`
	StatusNote      string        `json:"status_note,omitempty"`
	VerifiedOn      string        `json:"verified_on,omitempty"`
	Overdue         bool          `json:"overdue"`
	DueSoon         bool          `json:"due_soon"`
	FollowUps       []apiFollowUp `json:"follow_ups"`
	Withdrawn       bool          `json:"withdrawn"`
	WithdrawnOn     string        `json:"withdrawn_on,omitempty"`
	WithdrawnReason string        `json:"withdrawn_reason,omitempty"`
}

func (s *Server) apiSession(c *gin.Context) {
	ss, err := s.loadSession(c)
	if err == nil {
		err = s.fillRecorded(c, &ss)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	figs := make([]apiFigure, 0, len(ss.Figures))
	for _, f := range ss.Figures {
		figs = append(figs, figJSON(f))
	}
	fixes := make([]apiCorrection, 0, len(ss.Corrections))
	for _, x := range ss.Corrections {
		fixes = append(fixes, apiCorrection{x.Kind, x.ItemID, x.Action, x.At, x.By, x.Reason, x.Detail})
	}
	today := s.cfg.Now()
	recs := make([]apiRec, 0, len(ss.Recommendations))
	for _, r := range ss.Recommendations {
		recs = append(recs, recJSON(r, today))
	}
	c.JSON(http.StatusOK, gin.H{
		"id": ss.ID, "date": ss.Date.Format(time.DateOnly), "date_to": isoDate(ss.DateTo), "body": ss.Body, "term": ss.Term, "leader": ss.Leader,
		"members": nonNil(ss.Members), "guests": nonNil(ss.Guests), "form": ss.Form, "topic": ss.Topic,
		"plan_doc": ss.PlanDoc, "plan_date": isoDate(ss.PlanDate), "other_units": nonNil(ss.OtherUnits),
		"unit": ss.UnitCode, "unit_name": ss.UnitName, "supervised_body": ss.Supervised(), "span_from": ss.Span.From.String(), "span_to": ss.Span.To.String(),
		"summary": ss.Summary, "findings": ss.Findings, "discussion": nonNil(ss.Discussion), "conclusion": ss.Conclusion,
		"report_no": ss.ReportNo, "report_date": isoDate(ss.ReportDate), "published": ss.Published, "source": ss.Source,
		"figures": figs, "recommendations": recs, "corrections": fixes,
	})
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// apiSessionIn is a session as the API takes it.
type apiSessionIn struct {
	Body       string   `json:"body"`
	Term       string   `json:"term"`
	Leader     string   `json:"leader"`
	Members    []string `json:"members"`
	Guests     []string `json:"guests"`
	Form       string   `json:"form"`
	Topic      string   `json:"topic"`
	PlanDoc    string   `json:"plan_doc"`
	PlanDate   string   `json:"plan_date"`
	Date       string   `json:"date"`
	DateTo     string   `json:"date_to"`
	Unit       string   `json:"unit"`
	OtherUnits []string `json:"other_units"`
	From       string   `json:"span_from"`
	To         string   `json:"span_to"`
	Summary    string   `json:"summary"`
	Findings   string   `json:"findings"`
	Discussion []string `json:"discussion"`
	Conclusion string   `json:"conclusion"`
	ReportNo   string   `json:"report_no"`
	ReportDate string   `json:"report_date"`
	Published  bool     `json:"published"`
	// SupervisedBody names the body supervised when it is not the unit.
	SupervisedBody string `json:"supervised_body"`
}

// session checks the input; the first fault found is returned, naming its field.
func (in apiSessionIn) session() (oversight.Session, error) {
	f := sessionForm{Body: in.Body, Term: in.Term, Leader: in.Leader, Members: strings.Join(in.Members, "\n"), Guests: strings.Join(in.Guests, "\n"),
		Form: in.Form, Topic: in.Topic, PlanDoc: in.PlanDoc, PlanDate: in.PlanDate, Date: in.Date, DateTo: in.DateTo, Unit: in.Unit,
		OtherUnits: strings.Join(in.OtherUnits, ","), From: in.From, To: in.To, Summary: in.Summary, Findings: in.Findings,
		Discussion: strings.Join(in.Discussion, "\n"), Conclusion: in.Conclusion, ReportNo: in.ReportNo, ReportDate: in.ReportDate,
		Published: in.Published, SupervisedBody: strings.TrimSpace(in.SupervisedBody), Errors: map[string]string{}}
	s := f.session("vi")
	if len(f.Errors) > 0 {
		en := f
		en.Errors = map[string]string{}
		en.session("en")
		keys := make([]string, 0, len(f.Errors))
		for k := range f.Errors {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		k := keys[0]
		return s, &oversight.Error{Code: oversight.EInvalid, Field: k, Message: f.Errors[k], MessageEN: en.Errors[k]}
	}
	return s, nil
}

func bindJSON(c *gin.Context, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonBodyError(err)
	}
	return nil
}

func (s *Server) apiCreateSession(c *gin.Context) { s.apiSaveSession(c, 0) }

func (s *Server) apiUpdateSession(c *gin.Context) {
	id, err := sessionID(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.apiSaveSession(c, id)
}

func (s *Server) apiSaveSession(c *gin.Context, id int64) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	var in apiSessionIn
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	sess, err := in.session()
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	status := http.StatusOK
	if id == 0 {
		id, err = s.db.CreateSession(ctx, sess, actor(c))
		status = http.StatusCreated
	} else {
		sess.ID = id
		err = s.db.UpdateSession(ctx, sess, actor(c))
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	saved, err := s.db.Session(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(status, summarize(saved))
}

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
	keys := make([]string, 0, len(f.Errors))
	for k := range f.Errors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	k := keys[0]
	return r, &oversight.Error{Code: oversight.EInvalid, Field: k, Message: f.Errors[k], MessageEN: en.Errors[k]}
}

func (s *Server) apiAddRecommendation(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	sess, err := s.loadSession(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var in apiRecIn
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	r, err := in.rec()
	if err != nil {
		s.fail(c, err)
		return
	}
	id, err := s.db.AddRecommendation(c.Request.Context(), sess.ID, r, actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	saved, err := s.db.Recommendation(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, recJSON(saved, s.cfg.Now()))
}

// apiFigureIn is a new reported figure as the API takes it.
type apiFigureIn struct {
	Metric   string   `json:"metric"`
	Unit     string   `json:"unit"`
	Scope    string   `json:"scope"`
	From     string   `json:"span_from"`
	To       string   `json:"span_to"`
	Value    *float64 `json:"value"`
	ValueMax *float64 `json:"value_max"`
	Verified bool     `json:"verified"`
	Note     string   `json:"note"`
	Source   string   `json:"source"`
}

// apiFigureEdit is a correction of a figure: an omitted field keeps its
// value; the reason is required.
type apiFigureEdit struct {
	Value    *float64 `json:"value"`
	ValueMax *float64 `json:"value_max"`
	Note     *string  `json:"note"`
	Source   *string  `json:"source"`
	Reason   string   `json:"reason"`
}

type apiWithdrawIn struct {
	Reason string `json:"reason"`
}

func valueRequired() error {
	return &oversight.Error{Code: oversight.EInvalid, Field: "value", Message: "Cần giá trị (value).", MessageEN: "The value is required."}
}

func (s *Server) apiAddFigure(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	sess, err := s.loadSession(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var in apiFigureIn
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	fig, err := newFigure(sess, strings.TrimSpace(in.Metric), strings.TrimSpace(in.Unit), in.Scope, in.From, in.To,
		strings.TrimSpace(in.Note), strings.TrimSpace(in.Source))
	if err == nil && in.Value == nil {
		err = valueRequired()
	}
	if err == nil {
		fig.Value, fig.ValueMax, fig.Verified = *in.Value, in.ValueMax, in.Verified
		err = figureValue(fig.Metric, fig.Value)
	}
	if err == nil {
		err = valueRange(fig.Value, fig.ValueMax)
	}
	var id int64
	if err == nil {
		id, err = s.db.AddFigure(c.Request.Context(), sess.ID, fig, actor(c))
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.apiFigureAnswer(c, http.StatusCreated, sess.ID, id)
}

// apiFigureAnswer answers a figure as it is stored now.
func (s *Server) apiFigureAnswer(c *gin.Context, status int, sessionID, figureID int64) {
	saved, err := s.db.Session(c.Request.Context(), sessionID)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, f := range saved.Figures {
		if f.ID == figureID {
			c.JSON(status, figJSON(f))
			return
		}
	}
	s.fail(c, fmt.Errorf("figure %d of session %d not found after saving", figureID, sessionID))
}

func (s *Server) apiEditFigure(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	sess, old, err := s.sessionFigure(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var in apiFigureEdit
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	fig := old
	if in.Value != nil {
		fig.Value = *in.Value
	}
	if in.ValueMax != nil {
		fig.ValueMax = in.ValueMax
	}
	if in.Note != nil {
		fig.Note = strings.TrimSpace(*in.Note)
	}
	if in.Source != nil {
		fig.Source = strings.TrimSpace(*in.Source)
	}
	err = figureValue(fig.Metric, fig.Value)
	if err == nil && fig.ValueMax != nil {
		if err = figureValue(fig.Metric, *fig.ValueMax); err != nil {
			err.(*oversight.Error).Field = "value_max"
		}
	}
	if err == nil {
		err = valueRange(fig.Value, fig.ValueMax)
	}
	if err == nil {
		err = s.db.UpdateFigure(c.Request.Context(), sess.ID, fig, in.Reason, actor(c))
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.apiFigureAnswer(c, http.StatusOK, sess.ID, old.ID)
}

func (s *Server) apiWithdrawFigure(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	sess, old, err := s.sessionFigure(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var in apiWithdrawIn
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.db.WithdrawFigure(c.Request.Context(), sess.ID, old.ID, in.Reason, s.cfg.Now(), actor(c)); err != nil {
		s.fail(c, err)
		return
	}
	s.apiFigureAnswer(c, http.StatusOK, sess.ID, old.ID)
}

// apiRecEdit is a correction of a recommendation: the whole of it, as
// when adding one, with the reason.
type apiRecEdit struct {
	apiRecIn
	Reason string `json:"reason"`
}

func (s *Server) apiEditRecommendation(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	old, _, _, err := s.loadRec(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var in apiRecEdit
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	r, err := in.apiRecIn.rec()
	if err == nil {
		r.ID = old.ID
		err = s.db.UpdateRecommendation(c.Request.Context(), r, in.Reason, actor(c))
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.apiRecAnswer(c, old.ID)
}

func (s *Server) apiWithdrawRecommendation(c *gin.Context) {
	if err := requireManager(c); err != nil {
		s.fail(c, err)
		return
	}
	old, _, _, err := s.loadRec(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var in apiWithdrawIn
	if err := bindJSON(c, &in); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.db.WithdrawRecommendation(c.Request.Context(), old.ID, in.Reason, s.cfg.Now(), actor(c)); err != nil {
		s.fail(c, err)
		return
	}
	s.apiRecAnswer(c, old.ID)
}

func (s *Server) apiRecAnswer(c *gin.Context, id int64) {
	saved, err := s.db.Recommendation(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, recJSON(saved, s.cfg.Now()))
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
			s.fail(c, oversight.Bilingual(oversight.EInvalid, "filter nhận all, open, overdue hoặc due_soon.", "filter takes all, open, overdue or due_soon."))
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
			s.fail(c, oversight.Bilingual(oversight.EInvalid, "Tệp gửi lên quá lớn hoặc không đọc được.", "The upload is too large or cannot be read."))
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
	saved, err := s.db.Recommendation(c.Request.Context(), r.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, recJSON(saved, s.cfg.Now()))
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
	saved, err := s.db.Recommendation(c.Request.Context(), r.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, recJSON(saved, s.cfg.Now()))
}

// jsonBodyError says in the user's language what is wrong with a JSON
// body, instead of passing on the decoder's English.
func jsonBodyError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return oversight.Bilingual(oversight.ETooLarge,
			fmt.Sprintf("Nội dung gửi lên vượt quá %d byte.", tooBig.Limit), fmt.Sprintf("The body is larger than %d bytes.", tooBig.Limit))
	case errors.As(err, &syn):
		return oversight.Bilingual(oversight.EInvalid,
			fmt.Sprintf("Nội dung JSON sai cú pháp ở byte %d.", syn.Offset), fmt.Sprintf("The JSON body has a syntax error at byte %d.", syn.Offset))
	case errors.As(err, &typ):
		return &oversight.Error{Code: oversight.EInvalid, Field: typ.Field,
			Message:   fmt.Sprintf("Trường %q có kiểu sai: cần %s.", typ.Field, typ.Type),
			MessageEN: fmt.Sprintf("Field %q has the wrong type: %s expected.", typ.Field, typ.Type)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &oversight.Error{Code: oversight.EInvalid, Field: f,
			Message: fmt.Sprintf("Trường %q không có trong API.", f), MessageEN: fmt.Sprintf("There is no field %q in the API.", f)}
	case errors.Is(err, io.EOF):
		return oversight.Bilingual(oversight.EInvalid, "Thiếu nội dung JSON.", "The JSON body is missing.")
	}
	return oversight.Bilingual(oversight.EInvalid, "Nội dung JSON không hợp lệ.", "The JSON body is not valid.")
}
