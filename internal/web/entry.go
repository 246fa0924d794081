package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/xlsx"
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
	Units      []oversight.Unit // units the user may open
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
func inputText(v float64) string { return oversight.FormatNumber(v, 4, "vi") }

// entryTarget reads unit and period from the query or form, defaulting to
// the user's own unit and last month.
func (s *Server) entryTarget(c *gin.Context) (oversight.Unit, oversight.Month, []int64, error) {
	ctx := c.Request.Context()
	code := c.Request.FormValue("unit")
	if code == "" {
		if u := currentUser(c); u != nil && u.UnitCode != "" {
			code = u.UnitCode
		} else if roots, err := s.db.Roots(ctx); err == nil && len(roots) > 0 {
			code = roots[0].Code
		}
	}
	u, err := s.db.UnitByCode(ctx, code)
	if err != nil {
		return u, 0, nil, err
	}
	// The latest month that has ended and in which the unit existed.
	m := oversight.MonthOf(s.cfg.Now()).Add(-1)
	if u.ValidTo != nil && oversight.MonthOf(*u.ValidTo) < m {
		m = oversight.MonthOf(*u.ValidTo)
	}
	if p := c.Request.FormValue("period"); p != "" {
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
	d.StatusName = oversight.StatusName(d.State.Status, l)
	d.Locked = d.State.Status == oversight.StatusApproved
	d.Frozen = d.State.Status == oversight.StatusSubmitted
	d.CanEdit = user.CanWriteValues(chain) && !d.State.Status.Locked()
	if err := oversight.CheckEntryMonth(u, m, s.cfg.Now()); err != nil {
		// A month that has not ended, or when the unit did not exist: the
		// form shows what is stored, read-only, and says why.
		d.Closed, d.CanEdit = oversight.ErrorMessage(err, l), false
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
			d.ApproveBlocked = oversight.ErrorMessage(err, l)
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
		eg := entryGroup{Group: g, Name: oversight.GroupName(g, l)}
		for _, met := range oversight.MetricsOf(g) {
			f := s.entryFieldOf(l, met, met.Code, mc, mc.Previous)
			if t, ok := typed[met.Code]; ok {
				f.Text, f.Reason = t[0], t[1]
			}
			for _, is := range issues[met.Code] {
				msg := pick(l, is.Message, is.MessageEN)
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
						f.Approved = oversight.FormatNumber(a, 2, l)
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
	if d.Units, err = s.writableUnits(ctx, *user); err != nil {
		s.fail(c, err)
		return
	}
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
		f.Last = oversight.FormatNumber(v, 2, l)
	}
	if r, ok := oversight.Usual(mc.History[met.Code]); ok {
		f.Usual = oversight.FormatNumber(math.Max(r.Q1, 0), 1, l) + "–" + oversight.FormatNumber(r.Q3, 1, l)
	}
	return f
}

// writableUnits lists the units user may enter figures for.
func (s *Server) writableUnits(ctx context.Context, user oversight.User) ([]oversight.Unit, error) {
	all, err := s.db.Units(ctx)
	if err != nil {
		return nil, err
	}
	parent := map[int64]int64{}
	for _, u := range all {
		parent[u.ID] = u.ParentID
	}
	var out []oversight.Unit
	for _, u := range all {
		var chain []int64
		for id := u.ID; id != 0; id = parent[id] {
			chain = append(chain, id)
			if len(chain) > 64 {
				break
			}
		}
		if user.CanWriteValues(chain) {
			out = append(out, u)
		}
	}
	return out, nil
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
			e := err.(*oversight.Error)
			errs[name] = append(errs[name], oversight.Issue{Metric: met.Code, Severity: oversight.SevError, Message: e.Message, MessageEN: e.MessageEN})
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
		msg := pick(l, "Chưa lưu: hãy sửa các ô báo lỗi; với cảnh báo, xác nhận bằng cách ghi lý do.",
			"Not saved: correct the fields in error; confirm each warning by giving a reason.")
		for _, is := range res.Issues {
			if is.Severity == oversight.SevError && strings.Contains(is.Message, "khóa") {
				msg = pick(l, is.Message, is.MessageEN)
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

func (s *Server) entryStatus(c *gin.Context) {
	u, m, chain, err := s.entryTarget(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	action := c.PostForm("action")
	to, err := s.db.ChangeStatus(c.Request.Context(), u.ID, m, action, strings.TrimSpace(c.PostForm("comment")), *currentUser(c), actor(c))
	if err != nil {
		// A refused step comes back on the form, with the message and the
		// comment as typed, rather than on a bare error page.
		status := map[string]int{oversight.EInvalid: http.StatusUnprocessableEntity, oversight.EConflict: http.StatusConflict,
			oversight.EForbidden: http.StatusForbidden}[oversight.ErrorCode(err)]
		if status == 0 {
			s.fail(c, err)
			return
		}
		s.showEntry(c, status, u, m, chain, nil, nil, oversight.ErrorMessage(err, lang(c)))
		return
	}
	s.setFlash(c, fmt.Sprintf(translate(lang(c), "entry.status_changed"), oversight.StatusName(to, lang(c))))
	c.Redirect(http.StatusSeeOther, entryURL("/entry", u.Code, m))
}

// gridGroupLink is a tab of the grid.
type gridGroupLink struct {
	Group   oversight.Group
	Name    string
	Current bool
}

// gridRow is one child unit of the grid.
type gridRow struct {
	Unit   oversight.Unit
	Status string
	Locked bool
	Cells  []entryField
}

type gridData struct {
	Unit    oversight.Unit
	Month   oversight.Month
	Group   oversight.Group
	Groups  []gridGroupLink
	Metrics []oversight.Metric
	Rows    []gridRow
	Message string
	CanEdit bool
	Closed  string // why figures of this month cannot be entered
	Unsaved bool   // the cells hold what a refused save sent back
}

// gridUnits are the children of u that existed during month m.
func (s *Server) gridUnits(ctx context.Context, u oversight.Unit, m oversight.Month) ([]oversight.Unit, error) {
	return childrenIn(ctx, s.db, u, m)
}

func childrenIn(ctx context.Context, db *sqlite.DB, u oversight.Unit, m oversight.Month) ([]oversight.Unit, error) {
	kids, err := db.Children(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	var out []oversight.Unit
	for _, k := range kids {
		if k.ValidTo != nil && k.ValidTo.Before(m.FirstDay()) || k.ValidFrom != nil && k.ValidFrom.After(m.LastDay()) {
			continue
		}
		out = append(out, k)
	}
	return out, nil
}

func gridGroup(c *gin.Context) (oversight.Group, error) {
	g := oversight.Group(c.Request.FormValue("group"))
	if g == "" {
		return oversight.GroupDossiers, nil
	}
	for _, x := range oversight.Groups {
		if x == g {
			return g, nil
		}
	}
	return "", oversight.Bilingual(oversight.EInvalid, fmt.Sprintf("Không có nhóm chỉ tiêu %q.", g), fmt.Sprintf("There is no metric group %q.", g))
}

func (s *Server) entryGrid(c *gin.Context) { s.showGrid(c, http.StatusOK, nil, nil, "") }

func (s *Server) showGrid(c *gin.Context, status int, typed map[string][2]string, issues map[string][]oversight.Issue, msg string) {
	ctx := c.Request.Context()
	l := lang(c)
	u, m, chain, err := s.entryTarget(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	g, err := gridGroup(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var links []gridGroupLink
	for _, x := range oversight.Groups {
		links = append(links, gridGroupLink{x, oversight.GroupName(x, l), x == g})
	}
	d := gridData{Unit: u, Month: m, Group: g, Groups: links, Metrics: oversight.MetricsOf(g), Message: msg,
		CanEdit: currentUser(c).CanWriteValues(chain), Unsaved: typed != nil}
	if err := oversight.CheckEntryMonth(u, m, s.cfg.Now()); err != nil {
		d.Closed, d.CanEdit = oversight.ErrorMessage(err, l), false
	}
	kids, err := s.gridUnits(ctx, u, m)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, k := range kids {
		mc, err := s.db.EntryContext(ctx, k.ID, m)
		if err != nil {
			s.fail(c, err)
			return
		}
		st, err := s.db.MonthState(ctx, k.ID, m)
		if err != nil {
			s.fail(c, err)
			return
		}
		r := gridRow{Unit: k, Status: oversight.StatusName(st.Status, l), Locked: st.Status.Locked()}
		for _, met := range d.Metrics {
			f := s.entryFieldOf(l, met, k.Code+"."+met.Code, mc, mc.Previous)
			if t, ok := typed[f.Name]; ok {
				f.Text, f.Reason = t[0], t[1]
			}
			for _, is := range issues[f.Name] {
				if is.Severity == oversight.SevError {
					f.Error = joinMsg(f.Error, pick(l, is.Message, is.MessageEN))
				} else {
					f.Warning = joinMsg(f.Warning, pick(l, is.Message, is.MessageEN))
				}
			}
			r.Cells = append(r.Cells, f)
		}
		d.Rows = append(d.Rows, r)
	}
	s.render(c, status, "entry_grid", translate(l, "entry.grid")+" · "+u.Name, d)
}

// entryGridSave stores every changed cell of the grid in one transaction.
func (s *Server) entryGridSave(c *gin.Context) {
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
	g, err := gridGroup(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	kids, err := s.gridUnits(ctx, u, m)
	if err != nil {
		s.fail(c, err)
		return
	}
	var rows []oversight.EntryRow
	var keys []string
	typed := map[string][2]string{}
	errs := map[string][]oversight.Issue{}
	for _, k := range kids {
		mc, err := s.db.EntryContext(ctx, k.ID, m)
		if err != nil {
			s.fail(c, err)
			return
		}
		parseEntry(c, k.Code, m, k.Code+".", oversight.MetricsOf(g), mc.Stored, &rows, &keys, typed, errs)
	}
	res := sqlite.SaveResult{}
	if len(rows) > 0 {
		// Boxes that did not parse make this a dry run, but the rest are
		// still checked, so every message shows at once.
		if res, err = s.db.SaveEntries(ctx, rows, "grid", actor(c), len(errs) > 0); err != nil {
			s.fail(c, err)
			return
		}
		shown := map[string]bool{}
		for _, m := range oversight.MetricsOf(g) {
			shown[m.Code] = true
		}
		for _, is := range res.Issues {
			if is.Severity == oversight.SevWarning && is.Confirmed {
				continue
			}
			// Beside the cell the rule names when the grid shows it, else
			// beside the cell that triggered it.
			key := keys[is.Row]
			if shown[is.Metric] {
				key = rows[is.Row].Unit + "." + is.Metric
			}
			errs[key] = append(errs[key], is.Issue)
		}
	}
	if len(errs) > 0 {
		s.showGrid(c, http.StatusUnprocessableEntity, typed, errs, pick(lang(c),
			"Chưa lưu ô nào: hãy sửa các ô báo lỗi; với cảnh báo, xác nhận bằng cách ghi lý do.",
			"Nothing was saved: correct the cells in error; confirm each warning by giving a reason."))
		return
	}
	s.setFlash(c, fmt.Sprintf(translate(lang(c), "entry.saved"), res.Changed))
	c.Redirect(http.StatusSeeOther, entryURL("/entry/grid", u.Code, m)+"&group="+string(g))
}

// TemplateSpec builds the entry template of unit u for month m: its
// children that existed that month as rows (or the unit itself when it
// has none), with the figures already stored.
func TemplateSpec(ctx context.Context, db *sqlite.DB, u oversight.Unit, m oversight.Month) (xlsx.TemplateSpec, error) {
	kids, err := childrenIn(ctx, db, u, m)
	if err != nil {
		return xlsx.TemplateSpec{}, err
	}
	if len(kids) == 0 {
		kids = []oversight.Unit{u}
	}
	spec := xlsx.TemplateSpec{UnitCode: u.Code, UnitName: u.Name, Month: m, Metrics: oversight.Catalogue}
	for _, k := range kids {
		mc, err := db.EntryContext(ctx, k.ID, m)
		if err != nil {
			return spec, err
		}
		spec.Rows = append(spec.Rows, xlsx.TemplateUnit{Code: k.Code, Name: k.Name, Values: mc.Stored})
	}
	return spec, nil
}

// TemplateRowUnits answers, for xlsx.Import, which units a template of a
// unit for a month was made for: the rows TemplateSpec writes (its
// children that existed that month, or the unit itself when it has none).
func TemplateRowUnits(ctx context.Context, db *sqlite.DB) xlsx.RowUnits {
	return func(code string, m oversight.Month) (map[string]string, string, error) {
		u, err := db.UnitByCode(ctx, code)
		if err != nil {
			if oversight.ErrorCode(err) == oversight.ENotFound {
				return nil, "", oversight.Bilingual(oversight.EInvalid,
					fmt.Sprintf("Biểu mẫu lập cho đơn vị mã %q, không có trong danh mục đơn vị. Hãy tải biểu mẫu mới tại trang Nhập liệu.", code),
					fmt.Sprintf("The template was made for unit %q, which is not in the list of units. Download a new template from the Data entry page.", code))
			}
			return nil, "", err
		}
		kids, err := childrenIn(ctx, db, u, m)
		if err != nil {
			return nil, "", err
		}
		if len(kids) == 0 {
			kids = []oversight.Unit{u}
		}
		rows := make(map[string]string, len(kids))
		for _, k := range kids {
			rows[k.Code] = k.Name
		}
		return rows, u.Name, nil
	}
}

func (s *Server) entryTemplate(c *gin.Context) {
	u, m, chain, err := s.entryTarget(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if !currentUser(c).CanWriteValues(chain) {
		s.fail(c, forbidden())
		return
	}
	// A template for a month that can never be imported would only fail
	// later, after the work of filling it.
	if err := oversight.CheckEntryMonth(u, m, s.cfg.Now()); err != nil {
		s.fail(c, err)
		return
	}
	spec, err := TemplateSpec(c.Request.Context(), s.db, u, m)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="cchc-%s-%s.xlsx"`, u.Code, m))
	if err := xlsx.WriteTemplate(c.Writer, spec); err != nil {
		s.log.Error("write template", "err", err)
	}
}

type importData struct {
	Report  xlsx.ImportReport
	Token   string
	Name    string
	Done    bool
	Message string
	Lang    string
}

func (s *Server) entryImportPage(c *gin.Context) {
	s.render(c, http.StatusOK, "entry_import", translate(lang(c), "entry.import"), importData{})
}

const uploadKey = "entry.upload"

// saver wraps SaveEntries for xlsx.Import, refusing units user may not write;
// it sets *refused when it did, so the handler answers 403, not 422.
func (s *Server) saver(ctx context.Context, user oversight.User, a sqlite.Actor, refused *bool) xlsx.SaveFunc {
	return func(rows []oversight.EntryRow, dryRun bool) ([]oversight.RowIssue, bool, int, error) {
		var denied []oversight.RowIssue
		ok := map[string]bool{}
		for i, r := range rows {
			allowed, seen := ok[r.Unit]
			if !seen {
				if u, err := s.db.UnitByCode(ctx, r.Unit); err == nil {
					chain, err := s.db.AncestorIDs(ctx, u.ID)
					if err != nil {
						return nil, false, 0, err
					}
					allowed = user.CanWriteValues(chain)
				} else {
					allowed = true // unknown units are reported by SaveEntries
				}
				ok[r.Unit] = allowed
			}
			if !allowed {
				denied = append(denied, oversight.RowIssue{Row: i, Issue: oversight.Issue{Metric: r.Metric, Severity: oversight.SevError,
					Message:   fmt.Sprintf("Bạn không được nhập số liệu cho đơn vị %s.", r.Unit),
					MessageEN: fmt.Sprintf("You may not enter figures for unit %s.", r.Unit)}})
			}
		}
		if len(denied) > 0 {
			*refused = true
			return denied, false, 0, nil
		}
		res, err := s.db.SaveEntries(ctx, rows, "import", a, dryRun)
		return res.Issues, res.Saved, res.Changed, err
	}
}

func (s *Server) entryImportUpload(c *gin.Context) {
	ctx := c.Request.Context()
	l := lang(c)
	if !mayImport(currentUser(c)) {
		s.fail(c, forbidden())
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, xlsx.MaxTemplateBytes+1<<20)
	fh, err := c.FormFile("file")
	if err != nil {
		s.render(c, http.StatusUnprocessableEntity, "entry_import", translate(l, "entry.import"),
			importData{Message: pick(l, "Hãy chọn tệp biểu mẫu .xlsx (tối đa 20 MB).", "Choose a template .xlsx file (at most 20 MB).")})
		return
	}
	f, err := fh.Open()
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	// Previews are per user and bounded (previews.go); file times are the
	// real clock, not cfg.Now.
	token, path, err := s.previews.save(currentUser(c).ID, f, s.sessions.GetString(ctx, uploadKey), time.Now())
	if err != nil {
		s.fail(c, err)
		return
	}
	in, err := os.Open(path)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer in.Close()
	var refused bool
	rep, err := xlsx.Import(in, TemplateRowUnits(ctx, s.db), s.saver(ctx, *currentUser(c), actor(c), &refused), "", false)
	if err != nil {
		os.Remove(path)
		if oversight.ErrorCode(err) == oversight.EInternal {
			s.fail(c, err)
			return
		}
		s.render(c, http.StatusUnprocessableEntity, "entry_import", translate(l, "entry.import"), importData{Message: oversight.ErrorMessage(err, l)})
		return
	}
	d := importData{Report: rep, Name: fh.Filename, Lang: l}
	if rep.Errors == 0 {
		// Only this login may confirm this file.
		s.sessions.Put(ctx, uploadKey, token)
		d.Token = token
	} else {
		os.Remove(path)
	}
	status := http.StatusOK
	if rep.Errors > 0 {
		status = http.StatusUnprocessableEntity
	}
	if refused {
		// A file naming a unit outside the caller's subtree is an
		// authorization refusal (as on the form, the grid and the API),
		// not a typing error: 403, with the cells listed as before.
		status = http.StatusForbidden
	}
	s.render(c, status, "entry_import", translate(l, "entry.import"), d)
}

func (s *Server) entryImportConfirm(c *gin.Context) {
	ctx := c.Request.Context()
	l := lang(c)
	if !mayImport(currentUser(c)) {
		s.fail(c, forbidden())
		return
	}
	token := c.PostForm("token")
	if token == "" || token != s.sessions.GetString(ctx, uploadKey) || strings.ContainsAny(token, "./\\") {
		s.fail(c, oversight.Bilingual(oversight.EConflict, "Tệp tải lên đã hết hạn hoặc không thuộc phiên này; hãy tải lên lại.",
			"The uploaded file has expired or belongs to another login; upload it again."))
		return
	}
	path := s.previews.path(currentUser(c).ID, token)
	in, err := os.Open(path)
	if err != nil {
		s.fail(c, oversight.Bilingual(oversight.EConflict, "Tệp tải lên đã hết hạn; hãy tải lên lại.", "The uploaded file has expired; upload it again."))
		return
	}
	defer in.Close()
	reason := strings.TrimSpace(c.PostForm("reason"))
	var refused bool
	rep, err := xlsx.Import(in, TemplateRowUnits(ctx, s.db), s.saver(ctx, *currentUser(c), actor(c), &refused), reason, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	if refused {
		// The caller's rights are checked again at confirmation: they may
		// have changed since the preview. Nothing was written.
		s.fail(c, forbidden())
		return
	}
	if !rep.Saved {
		d := importData{Report: rep, Token: token, Lang: l, Message: pick(l,
			"Chưa lưu: còn cảnh báo chưa có lý do hoặc có lỗi.", "Not saved: some warnings have no reason, or there are errors.")}
		s.render(c, http.StatusUnprocessableEntity, "entry_import", translate(l, "entry.import"), d)
		return
	}
	in.Close()
	os.Remove(path)
	s.sessions.Remove(ctx, uploadKey)
	s.setFlash(c, fmt.Sprintf(translate(l, "entry.imported"), rep.Values, rep.Changed))
	c.Redirect(http.StatusSeeOther, entryURL("/entry/grid", rep.Unit, rep.Month))
}
