package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/entryfile"
	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

// The district grid: every unit below a district on one screen, one metric
// group at a time.

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
	// ReadOnly says why the row's boxes cannot be changed (month closed,
	// another unit's figures, approved and locked); empty when they can.
	ReadOnly string
}

type gridData struct {
	Unit    oversight.Unit
	Month   oversight.Month
	Group   oversight.Group
	Groups  []gridGroupLink
	Metrics []oversight.Metric
	Rows    []gridRow
	Message string
	CanEdit bool   // at least one row may be changed: the grid offers to save
	Partly  string // some rows only: which ones the user may change, and why not the others
	Closed  string // why figures of this month cannot be entered
	Unsaved bool   // the cells hold what a refused save sent back
}

// gridUnits are the children of u that existed during month m.
func (s *Server) gridUnits(ctx context.Context, u oversight.Unit, m oversight.Month) ([]oversight.Unit, error) {
	return entryfile.ChildrenIn(ctx, s.db, u, m)
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
	return "", oversight.Errf(oversight.EInvalid, "err.there_no_metric_group", g)
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
		links = append(links, gridGroupLink{x, text.Word(l, x.Key()), x == g})
	}
	d := gridData{Unit: u, Month: m, Group: g, Groups: links, Metrics: oversight.MetricsOf(g), Message: msg, Unsaved: typed != nil}
	if err := oversight.CheckEntryMonth(u, m, s.cfg.Now()); err != nil {
		d.Closed = text.Error(err, l)
	}
	kids, err := s.gridUnits(ctx, u, m)
	if err != nil {
		s.fail(c, err)
		return
	}
	writable := gridWritable(currentUser(c), chain, kids)
	var own []string
	for _, k := range kids {
		if writable[k.ID] {
			own = append(own, k.Name)
		}
	}
	if d.Closed == "" && len(own) > 0 {
		d.CanEdit = true
		if len(own) < len(kids) {
			d.Partly = fmt.Sprintf(translate(l, "grid.partly"), strings.Join(own, ", "))
		}
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
		r := gridRow{Unit: k, Status: text.Word(l, st.Status.Key()), Locked: st.Status.Locked()}
		switch {
		case d.Closed != "":
			r.ReadOnly = d.Closed
		case !writable[k.ID]:
			r.ReadOnly = translate(l, "grid.other_unit")
		case r.Locked:
			r.ReadOnly = translate(l, "grid.locked")
		}
		for _, met := range d.Metrics {
			f := s.entryFieldOf(l, met, k.Code+"."+met.Code, mc, mc.Previous)
			if t, ok := typed[f.Name]; ok {
				f.Text, f.Reason = t[0], t[1]
			}
			for _, is := range issues[f.Name] {
				if is.Severity == oversight.SevError {
					f.Error = joinMsg(f.Error, text.Issue(l, is))
				} else {
					f.Warning = joinMsg(f.Warning, text.Issue(l, is))
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
	writable := gridWritable(currentUser(c), chain, kids)
	if len(writable) == 0 {
		s.fail(c, forbidden())
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
		if writable[k.ID] {
			parseEntry(c, k.Code, m, k.Code+".", oversight.MetricsOf(g), mc.Stored, &rows, &keys, typed, errs)
			continue
		}
		// Another unit's row is read-only on the page and its boxes have no
		// name, so a browser never sends them: a box sent there is refused,
		// never silently dropped.
		for _, met := range oversight.MetricsOf(g) {
			if _, sent := c.GetPostForm("v." + k.Code + "." + met.Code); sent {
				s.fail(c, oversight.Errf(oversight.EForbidden, "grid.refused_other", k.Name))
				return
			}
		}
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
		s.showGrid(c, http.StatusUnprocessableEntity, typed, errs, translate(lang(c), "grid.not_saved"))
		return
	}
	s.setFlash(c, fmt.Sprintf(translate(lang(c), "entry.saved"), res.Changed))
	c.Redirect(http.StatusSeeOther, entryURL("/entry/grid", u.Code, m)+"&group="+string(g))
}

// gridWritable names the grid's rows user may change: every row for whom
// may write the grid's unit (chain is its line of ancestors, itself
// included), else the rows of the units in the user's own subtree (a ward
// clerk on her district's grid changes her ward's row only).
func gridWritable(user *oversight.User, chain []int64, kids []oversight.Unit) map[int64]bool {
	out := map[int64]bool{}
	if user == nil {
		return out
	}
	all := user.CanWriteValues(chain)
	for _, k := range kids {
		if all || user.CanWriteValues(append([]int64{k.ID}, chain...)) {
			out[k.ID] = true
		}
	}
	return out
}
