package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
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
	// Programme is the supervision programme the session is a sitting of (0: none).
	Programme   int64  `json:"programme_id"`
	SittingKind string `json:"sitting_kind"`
	Place       string `json:"place"`
}

func summarize(ss oversight.Session) apiSessionSummary {
	return apiSessionSummary{ID: ss.ID, Date: ss.Date.Format(time.DateOnly), Body: ss.Body, Leader: ss.Leader, Topic: ss.Topic,
		Unit: ss.UnitCode, UnitName: ss.UnitName, From: ss.Span.From.String(), To: ss.Span.To.String(), Published: ss.Published,
		Programme: ss.ProgrammeID, SittingKind: ss.SittingKind, Place: ss.Place}
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
		"programme_id": ss.ProgrammeID, "sitting_kind": ss.SittingKind, "place": ss.Place,
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
	// A sitting of a programme: the programme, the kind of sitting, the place.
	Programme   int64  `json:"programme_id"`
	SittingKind string `json:"sitting_kind"`
	Place       string `json:"place"`
}

// session checks the input; the first fault found is returned, naming its field.
func (in apiSessionIn) session() (oversight.Session, error) {
	f := sessionForm{Body: in.Body, Term: in.Term, Leader: in.Leader, Members: strings.Join(in.Members, "\n"), Guests: strings.Join(in.Guests, "\n"),
		Form: in.Form, Topic: in.Topic, PlanDoc: in.PlanDoc, PlanDate: in.PlanDate, Date: in.Date, DateTo: in.DateTo, Unit: in.Unit,
		OtherUnits: strings.Join(in.OtherUnits, ","), From: in.From, To: in.To, Summary: in.Summary, Findings: in.Findings,
		Discussion: strings.Join(in.Discussion, "\n"), Conclusion: in.Conclusion, ReportNo: in.ReportNo, ReportDate: in.ReportDate,
		Published: in.Published, SupervisedBody: strings.TrimSpace(in.SupervisedBody), Errors: map[string]string{},
		SittingKind: in.SittingKind, Place: strings.TrimSpace(in.Place)}
	if in.Programme != 0 {
		f.Programme = fmt.Sprint(in.Programme)
	}
	s := f.session("vi")
	if len(f.Errors) == 0 {
		return s, nil
	}
	en := f
	en.Errors = map[string]string{}
	en.session("en")
	return s, firstFormError(f.Errors, en.Errors)
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

func (s *Server) apiUpdateSession(c *gin.Context) { s.withID(c, sessionID, s.apiSaveSession) }

func (s *Server) apiSaveSession(c *gin.Context, id int64) {
	apiSave(s, c, id, (*apiSessionIn).session, s.sessionStore(), s.db.Session,
		func(ss oversight.Session) any { return summarize(ss) })
}

// sessionStore saves sessions.
func (s *Server) sessionStore() store[oversight.Session] {
	return store[oversight.Session]{create: s.db.CreateSession,
		update: func(ctx context.Context, id int64, ss oversight.Session, a sqlite.Actor) error {
			ss.ID = id
			return s.db.UpdateSession(ctx, ss, a)
		}}
}

// jsonBodyError says in the user's language what is wrong with a JSON
// body, instead of passing on the decoder's English.
func jsonBodyError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return oversight.Errf(oversight.ETooLarge, "err.body_larger_than_bytes", tooBig.Limit)
	case errors.As(err, &syn):
		return oversight.Errf(oversight.EInvalid, "err.json_body_has_syntax", syn.Offset)
	case errors.As(err, &typ):
		return &oversight.Error{Code: oversight.EInvalid, Field: typ.Field,
			Key: "err.field_has_wrong_type", Args: []any{typ.Field, typ.Type}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &oversight.Error{Code: oversight.EInvalid, Field: f,
			Key: "err.there_no_field_in", Args: []any{f}}
	case errors.Is(err, io.EOF):
		return oversight.Errf(oversight.EInvalid, "err.json_body_missing")
	}
	return oversight.Errf(oversight.EInvalid, "err.json_body_not_valid")
}
