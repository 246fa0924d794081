package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

// entryField is one input of the form or one cell of the grid.
type entryField struct {
	Metric   oversight.Metric
	Name     string // form field name
	Text     string // what is in the box: the user's typing or the stored value
	Last     string // last month's value
	Usual    string // the unit's usual range
	Error    string
	Warning  string
	Reason   string
	Approved string // value at approval, when it differs from the current one
}

type entryGroup struct {
	Group  oversight.Group
	Name   string
	Fields []entryField
}

type entryData struct {
	Unit       oversight.Unit
	Month      oversight.Month
	Prev       oversight.Month
	Next       oversight.Month
	Groups     []entryGroup
	State      sqlite.MonthState
	StatusName string
	CanEdit    bool
	CanSubmit  bool
	CanApprove bool
	// CanApproveNow is set when the user may approve this submitted month;
	// ApproveBlocked says why an approver may not (four eyes).
	CanApproveNow  bool
	ApproveBlocked string
	Locked         bool // approved: changes wait for a reopen
	Frozen         bool // submitted: changes wait for the approver to return it
	// Closed says why figures of this month cannot be entered at all.
	Closed string
	// Unsaved is set when the boxes hold what a refused save sent back.
	Unsaved  bool
	History  []sqlite.HistoryEntry
	Changed  []entryField // figures that differ from the approved ones
	Message  string
	HasChild bool
	// StatusComment is the workflow comment typed before a refused action.
	StatusComment string
}

// inputText writes a stored value the way the form reads it back: always
// Vietnamese grouping, which ParseNumber reads unambiguously.
func inputText(v float64) string { return text.Number("vi", v, 4) }

// entryTarget reads unit and period from the query or form, defaulting to
// the user's own unit and last month.
func (s *Server) entryTarget(c *gin.Context) (oversight.Unit, oversight.Month, []int64, error) {
	ctx := c.Request.Context()
	code := c.Request.FormValue("unit")
	if code == "" {
		if u := currentUser(c); u != nil && u.UnitID != 0 {
			// The account's own unit, by id: its code may name another
			// unit in another period.
			if own, err := s.db.UnitByID(ctx, u.UnitID); err == nil {
				code = own.Ref()
			}
		} else if roots, err := s.db.Roots(ctx); err == nil && len(roots) > 0 {
			code = roots[0].Ref()
		}
	}
	u, err := s.unitFromQuery(c, code)
	if err != nil {
		return u, 0, nil, err
	}
	// The latest month that has ended and in which the unit existed.
	m := oversight.MonthOf(s.cfg.Now()).Add(-1)
	if u.ValidTo != nil && oversight.MonthOf(*u.ValidTo) < m {
		m = oversight.MonthOf(*u.ValidTo)
	}
	if p := monthInput(c.Request.FormValue("period")); p != "" { // "10/2019" as typed (dateinput.go)
		if m, err = oversight.ParseMonth(p); err != nil {
			return u, 0, nil, err
		}
	}
	chain, err := s.db.AncestorIDs(ctx, u.ID)
	return u, m, chain, err
}

func (s *Server) entryPage(c *gin.Context) {
	u, m, chain, err := s.entryTarget(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.showEntry(c, http.StatusOK, u, m, chain, nil, nil, "")
}

// showEntry renders the form. typed and reasons hold what the user sent
// (nil on a fresh page); issues are the domain's, keyed by metric.
func (s *Server) showEntry(c *gin.Context, status int, u oversight.Unit, m oversight.Month, chain []int64, typed map[string][2]string, issues map[string][]oversight.Issue, msg string) {
	ctx := c.Request.Context()
	l := lang(c)
	user := currentUser(c)
	d := entryData{Unit: u, Month: m, Prev: m.Add(-1), Next: m.Add(1), Message: msg, StatusComment: c.PostForm("comment"), Unsaved: typed != nil}
	var err error
	if d.State, err = s.db.MonthState(ctx, u.ID, m); err != nil {
		s.fail(c, err)
		return
	}
	d.StatusName = text.Word(l, d.State.Status.Key())
	d.Locked = d.State.Status == oversight.StatusApproved
	d.Frozen = d.State.Status == oversight.StatusSubmitted
	d.CanEdit = user.CanWriteValues(chain) && !d.State.Status.Locked()
	if err := oversight.CheckEntryMonth(u, m, s.cfg.Now()); err != nil {
		// A month that has not ended, or when the unit did not exist: the
		// form shows what is stored, read-only, and says why.
		d.Closed, d.CanEdit = text.Error(err, l), false
	}
	_, errSubmit := oversight.Transition(d.State.Status, oversight.ActionSubmit, *user, chain, "")
	d.CanSubmit = errSubmit == nil && d.Closed == ""
	d.CanApprove = user.CanApprove(chain)
	if d.CanApprove && d.State.Status == oversight.StatusSubmitted {
		// Four eyes: the button is offered only to an approver who may use
		// it; the others are told why.
		if err := s.db.CheckApproval(ctx, u.ID, m, *user); err == nil {
			d.CanApproveNow = true
		} else if oversight.ErrorCode(err) == oversight.EInternal {
			s.fail(c, err)
			return
		} else {
			d.ApproveBlocked = text.Error(err, l)
		}
	}
	mc, err := s.db.EntryContext(ctx, u.ID, m)
	if err != nil {
		s.fail(c, err)
		return
	}
	// An empty month, or one breaking a rule, cannot be submitted: the
	// button is not offered.
	d.CanSubmit = d.CanSubmit && oversight.CheckSubmit(mc.Stored) == nil
	approved, err := s.db.ApprovedValues(ctx, u.ID, m)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, g := range oversight.Groups {
		eg := entryGroup{Group: g, Name: text.Word(l, g.Key())}
		for _, met := range oversight.MetricsOf(g) {
			f := s.entryFieldOf(l, met, met.Code, mc, mc.Previous)
			if t, ok := typed[met.Code]; ok {
				f.Text, f.Reason = t[0], t[1]
			}
			for _, is := range issues[met.Code] {
				msg := text.Issue(l, is)
				if is.Severity == oversight.SevError {
					f.Error = joinMsg(f.Error, msg)
				} else {
					f.Warning = joinMsg(f.Warning, msg)
				}
			}
			if len(approved) > 0 && !d.Locked {
				a, wasApproved := approved[met.Code]
				v, isNow := mc.Stored[met.Code]
				if wasApproved != isNow || a != v {
					f.Approved = "—"
					if wasApproved {
						f.Approved = text.Number(l, a, 2)
					}
					d.Changed = append(d.Changed, f)
				}
			}
			eg.Fields = append(eg.Fields, f)
		}
		d.Groups = append(d.Groups, eg)
	}
	if d.History, err = s.db.ValueHistory(ctx, u.ID, m); err != nil {
		s.fail(c, err)
		return
	}
	kids, err := s.db.Children(ctx, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	d.HasChild = len(kids) > 0
	s.render(c, status, "entry", translate(l, "entry.title")+" · "+u.Name, d)
}

func joinMsg(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

// entryFieldOf fills what the form shows beside a metric's box.
func (s *Server) entryFieldOf(l string, met oversight.Metric, name string, mc oversight.MonthContext, last map[string]float64) entryField {
	f := entryField{Metric: met, Name: name}
	if v, ok := mc.Stored[met.Code]; ok {
		f.Text = inputText(v)
	}
	if v, ok := last[met.Code]; ok {
		f.Last = text.Number(l, v, 2)
	}
	if r, ok := oversight.Usual(mc.History[met.Code]); ok {
		f.Usual = text.Number(l, math.Max(r.Q1, 0), 1) + "–" + text.Number(l, r.Q3, 1)
	}
	return f
}

// parseEntry reads the boxes named prefix+code (and reason boxes
// "r."+rest) into rows for the figures that changed, the typed text and
// the per-field parse errors. key says what the issues are keyed by.
func parseEntry(c *gin.Context, unit string, m oversight.Month, fieldName string, metrics []oversight.Metric, stored map[string]float64,
	rows *[]oversight.EntryRow, keys *[]string, typed map[string][2]string, errs map[string][]oversight.Issue) {
	for _, met := range metrics {
		name := fieldName + met.Code
		raw, sent := c.GetPostForm("v." + name)
		if !sent {
			continue // not on the form (a partial post): left as it is
		}
		text := strings.TrimSpace(raw)
		reason := strings.TrimSpace(c.PostForm("r." + name))
		typed[name] = [2]string{raw, reason}
		old, had := stored[met.Code]
		if text == "" {
			if had {
				// An emptied box clears the stored figure; the domain asks
				// for a reason, as for a warning, and keeps it in history.
				*rows = append(*rows, oversight.EntryRow{Unit: unit, Month: m, Metric: met.Code, Clear: true, Reason: reason})
				*keys = append(*keys, name)
			}
			continue
		}
		v, err := oversight.ParseNumber(text)
		if err != nil {
			errs[name] = append(errs[name], oversight.IssueOf(met.Code, oversight.SevError, err))
			continue
		}
		if had && old == v {
			continue // unchanged: not re-checked, so an old warning does not ask for a reason again
		}
		*rows = append(*rows, oversight.EntryRow{Unit: unit, Month: m, Metric: met.Code, Value: v, Reason: reason})
		*keys = append(*keys, name)
	}
}

func (s *Server) entrySave(c *gin.Context) {
	ctx := c.Request.Context()
	u, m, chain, err := s.entryTarget(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !currentUser(c).CanWriteValues(chain) {
		s.fail(c, forbidden())
		return
	}
	mc, err := s.db.EntryContext(ctx, u.ID, m)
	if err != nil {
		s.fail(c, err)
		return
	}
	var rows []oversight.EntryRow
	var keys []string
	typedByName := map[string][2]string{}
	errs := map[string][]oversight.Issue{}
	parseEntry(c, u.Code, m, "", oversight.Catalogue, mc.Stored, &rows, &keys, typedByName, errs)
	res := sqlite.SaveResult{}
	if len(rows) > 0 {
		// Boxes that did not parse make this a dry run, but the rest are
		// still checked, so every message shows at once.
		if res, err = s.db.SaveEntries(ctx, rows, "form", actor(c), len(errs) > 0); err != nil {
			s.fail(c, err)
			return
		}
		for _, is := range res.Issues {
			if is.Severity == oversight.SevWarning && is.Confirmed {
				continue
			}
			// Beside the field the rule names, even when that figure was
			// not changed now (the form shows every metric).
			errs[is.Metric] = append(errs[is.Metric], is.Issue)
		}
	}
	if len(errs) > 0 {
		l := lang(c)
		msg := translate(l, "entry.not_saved")
		for _, is := range res.Issues {
			if is.Severity == oversight.SevError && is.Key == "err.month_approved_locked" {
				msg = text.Issue(l, is.Issue)
			}
		}
		s.showEntry(c, http.StatusUnprocessableEntity, u, m, chain, typedByName, errs, msg)
		return
	}
	s.setFlash(c, fmt.Sprintf(translate(lang(c), "entry.saved"), res.Changed))
	c.Redirect(http.StatusSeeOther, entryURL("/entry", u.Code, m))
}

func entryURL(path, unit string, m oversight.Month) string {
	return path + "?unit=" + url.QueryEscape(unit) + "&period=" + m.String()
}
