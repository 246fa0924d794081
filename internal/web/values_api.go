package web

import (
	"net/http"
	"sort"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

type apiValueIn struct {
	Unit    string   `json:"unit"`
	Period  string   `json:"period"`
	Metric  string   `json:"metric"`
	Value   *float64 `json:"value"`
	Comment string   `json:"comment"`
	// Reason confirms a warning on this value (far outside the unit's
	// usual range, the 20% cap); it is stored in the value's history.
	Reason string `json:"reason"`
	// Clear removes the stored figure (with no "value"); it needs a
	// reason, kept in the figure's history and the audit log.
	Clear bool `json:"clear"`
}

type apiRowError struct {
	Row      int    `json:"row"`
	Field    string `json:"field,omitempty"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// maxBatch bounds one POST /api/v1/values.
const maxBatch = 50000

// apiPutValues stores a batch of figures, all or nothing, through the same
// checks, workflow lock and history as the entry form, grid and template
// import (sqlite.SaveEntries). A refused batch answers 422 with an error
// for each refused row (403 when a row names a unit the caller may not
// write); a warning is refused unless its row gives a reason.
func (s *Server) apiPutValues(c *gin.Context) {
	ctx := c.Request.Context()
	l := lang(c)
	var body struct {
		Values []apiValueIn `json:"values"`
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 16<<20)
	if err := c.ShouldBindJSON(&body); err != nil {
		s.fail(c, oversight.Errf(oversight.EInvalid, "err.body_not_valid_json"))
		return
	}
	if len(body.Values) == 0 || len(body.Values) > maxBatch {
		s.fail(c, oversight.Errf(oversight.EInvalid, "err.send_between_1_and", maxBatch))
		return
	}
	user := currentUser(c)
	var rowErrs []apiRowError
	rows := make([]oversight.EntryRow, 0, len(body.Values))
	rowNo := make([]int, 0, len(body.Values)) // rows index -> 1-based batch row
	chains := map[string][]int64{}
	unitErrs := map[string]error{}
	forbiddenUnits := map[string]bool{}
	for i, v := range body.Values {
		row := i + 1
		ok := true
		bad := func(field string, err error) {
			rowErrs = append(rowErrs, apiRowError{row, field, oversight.SevError, text.Error(err, l)})
			ok = false
		}
		if _, known := oversight.MetricByCode(v.Metric); !known {
			bad("metric", oversight.Errf(oversight.EInvalid, "err.there_no_metric_with", v.Metric))
		}
		month, err := oversight.ParseMonth(v.Period)
		if err != nil {
			bad("period", err)
		}
		switch {
		case v.Clear && v.Value != nil:
			bad("value", oversight.Errf(oversight.EInvalid, "err.send_either_value_or"))
		case v.Value == nil && !v.Clear:
			bad("value", oversight.Errf(oversight.EInvalid, "err.value_missing_or_clear"))
		}
		// A code is resolved at the figure's month (codes are reused).
		ckey := v.Unit + "|" + v.Period
		chain, seen := chains[ckey]
		if !seen {
			var u oversight.Unit
			var err error
			if m, merr := oversight.ParseMonth(v.Period); merr == nil {
				u, err = s.db.UnitDuring(ctx, v.Unit, oversight.Span{From: m, To: m})
			} else {
				u, err = s.db.UnitByCode(ctx, v.Unit)
			}
			if err == nil {
				chain, err = s.db.AncestorIDs(ctx, u.ID)
			}
			if err != nil && oversight.ErrorCode(err) == oversight.EInternal {
				s.fail(c, err)
				return
			}
			chains[ckey] = chain
			if err != nil {
				// Which units the code names, and when.
				unitErrs[ckey] = oversight.AtField(err, "")
			}
		}
		if chain == nil {
			if e, ok := unitErrs[ckey]; ok {
				bad("unit", e)
			} else {
				bad("unit", oversight.Errf(oversight.EInvalid, "err.there_no_unit_with", v.Unit))
			}
		} else if !user.CanWriteValues(chain) {
			forbiddenUnits[v.Unit] = true
			bad("unit", oversight.Errf(oversight.EForbidden, "err.you_may_not_enter", v.Unit))
		}
		if ok {
			r := oversight.EntryRow{Unit: v.Unit, Month: month, Metric: v.Metric, Clear: v.Clear, Comment: v.Comment, Reason: strings.TrimSpace(v.Reason)}
			if !v.Clear {
				r.Value = *v.Value
			}
			rows = append(rows, r)
			rowNo = append(rowNo, row)
		}
	}
	// Rows that parsed are checked by the domain even when others did not,
	// so one answer lists every refused row.
	res, err := s.db.SaveEntries(ctx, rows, "api", actor(c), len(rowErrs) > 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, is := range res.Issues {
		if is.Severity == oversight.SevWarning && is.Confirmed {
			continue
		}
		msg := text.Issue(l, is.Issue)
		if is.Severity == oversight.SevWarning {
			msg += translate(l, "entry.api.confirm_reason")
		}
		rowErrs = append(rowErrs, apiRowError{Row: rowNo[is.Row], Field: "value", Severity: is.Severity, Message: msg})
	}
	if len(rowErrs) > 0 {
		sort.SliceStable(rowErrs, func(i, j int) bool { return rowErrs[i].Row < rowErrs[j].Row })
		status, code := http.StatusUnprocessableEntity, oversight.EInvalid
		if len(forbiddenUnits) > 0 {
			status, code = http.StatusForbidden, oversight.EForbidden
		}
		c.JSON(status, gin.H{"error": gin.H{"code": code,
			"message": translate(l, "entry.api.batch_errors"), "rows": rowErrs}})
		return
	}
	c.JSON(http.StatusOK, gin.H{"saved": len(rows), "changed": res.Changed})
}
