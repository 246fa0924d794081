package oversight

import (
	"fmt"
	"math"
	"sort"
)

// MinHistory is how many earlier months of a unit's own figures are needed
// before a value can be called far outside its usual range: with fewer, a
// median and quartiles say nothing.
const MinHistory = 6

// UsualRange is a unit's usual range for one metric, from its own history.
type UsualRange struct {
	Median, Q1, Q3 float64
	Low, High      float64 // values outside [Low, High] get a warning
	N              int     // months of history it rests on
}

// Usual computes the usual range of a metric from earlier values, with the
// median and interquartile range rather than mean and standard deviation:
// the counts are skewed and often zero, and one odd month would otherwise
// widen the range for years. The fences are 3 IQR beyond the quartiles;
// when the quartiles coincide (a unit that always reports the same number,
// or zero) the spread is taken as a quarter of the median, at least 1, so a
// constant series does not flag every small change. ok is false when there
// are fewer than MinHistory values.
func Usual(history []float64) (UsualRange, bool) {
	if len(history) < MinHistory {
		return UsualRange{N: len(history)}, false
	}
	xs := append([]float64(nil), history...)
	sort.Float64s(xs)
	r := UsualRange{Median: quantile(xs, 0.5), Q1: quantile(xs, 0.25), Q3: quantile(xs, 0.75), N: len(xs)}
	spread := r.Q3 - r.Q1
	if spread == 0 {
		spread = math.Max(math.Abs(r.Median)/4, 1)
	}
	r.Low = r.Q1 - 3*spread
	r.High = r.Q3 + 3*spread
	return r, true
}

// quantile of sorted xs by linear interpolation between closest ranks.
func quantile(xs []float64, q float64) float64 {
	pos := q * float64(len(xs)-1)
	lo := int(math.Floor(pos))
	hi := int(math.Ceil(pos))
	return xs[lo] + (xs[hi]-xs[lo])*(pos-float64(lo))
}

// OutlierIssue returns a warning when v lies outside the usual range of a
// unit's history for metric m, and nil otherwise (or when history is short).
func OutlierIssue(m Metric, v float64, history []float64) *Issue {
	r, ok := Usual(history)
	if !ok || (v >= r.Low && v <= r.High) {
		return nil
	}
	return &Issue{Metric: m.Code, Severity: SevWarning, Key: "issue.outlier",
		Args: []any{m, Rounded{v, 2}, Rounded{math.Max(r.Q1, 0), 1}, Rounded{r.Q3, 1}, Rounded{r.Median, 1}, r.N}}
}

// UnitMonth identifies the figures of one unit for one month.
type UnitMonth struct {
	Unit  string // unit code
	Month Month
}

// EntryRow is one figure offered for saving, from any source (form, grid,
// template import, API). Reason confirms a warning on this figure.
type EntryRow struct {
	Unit    string
	Month   Month
	Metric  string
	Value   float64
	Comment string
	Reason  string
	// Clear removes the stored figure instead of setting Value. It asks
	// for a reason like a warning does; the clearing is kept in the
	// figure's history.
	Clear bool
}

// RowIssue is an issue tied to the row of a batch it concerns (0-based).
// Confirmed is set on a warning whose row gives a reason: it no longer
// blocks the save and the reason is stored with the value.
type RowIssue struct {
	Row int
	Issue
	UnitMonth
	Confirmed bool
}

// MonthContext is what the store knows about one unit and month when a
// batch is checked: the figures already stored for it and each metric's
// earlier values (for the usual range).
type MonthContext struct {
	Stored  map[string]float64
	History map[string][]float64
	// Previous holds the month before's figures (part of History too), for
	// the "last month" beside each field of the form.
	Previous map[string]float64
}

// CheckBatch applies every validation rule to a batch: each value against
// its metric's kind, the rules tying metrics of one unit and month together
// (on the batch merged over what is already stored, so saving one group
// still respects rules that span groups), and the usual-range warning.
// Issues are returned in row order. A batch may be saved when Blocking is
// false.
func CheckBatch(rows []EntryRow, ctx map[UnitMonth]MonthContext) []RowIssue {
	type group struct {
		values map[string]float64
		rowOf  map[string]int
		first  int
	}
	groups := map[UnitMonth]*group{}
	var order []UnitMonth
	var out []RowIssue
	for i, r := range rows {
		k := UnitMonth{r.Unit, r.Month}
		m, ok := MetricByCode(r.Metric)
		if !ok {
			out = append(out, RowIssue{Row: i, UnitMonth: k, Issue: Issue{r.Metric, SevError,
				"err.there_no_metric_with", []any{r.Metric}}})
			continue
		}
		if r.Clear {
			if _, stored := ctx[k].Stored[r.Metric]; stored {
				out = append(out, RowIssue{Row: i, UnitMonth: k, Issue: Issue{r.Metric, SevWarning,
					"issue.will_be_cleared", []any{m, ctx[k].Stored[r.Metric]}}})
			}
		} else if is := ValidateValue(m, r.Value); is != nil {
			out = append(out, RowIssue{Row: i, UnitMonth: k, Issue: *is})
		}
		g := groups[k]
		if g == nil {
			g = &group{values: map[string]float64{}, rowOf: map[string]int{}, first: i}
			for c, v := range ctx[k].Stored {
				g.values[c] = v
			}
			groups[k] = g
			order = append(order, k)
		}
		if r.Clear {
			delete(g.values, r.Metric) // the rules hold without it
		} else {
			g.values[r.Metric] = r.Value
		}
		g.rowOf[r.Metric] = i
	}
	for _, k := range order {
		g := groups[k]
		for _, is := range ValidateMonth(g.values) {
			if is.Severity == SevError && isKindIssue(is, g.values) {
				continue // already reported per row above (or a stored value, not this batch's concern)
			}
			if is.Metric == "staff_excellent" && is.Severity == SevWarning && k.Month < OutstandingCapFrom {
				continue // the 20% cap binds from 2026 only
			}
			row, ok := g.rowOf[is.Metric]
			if !ok {
				row = g.first
			}
			out = append(out, RowIssue{Row: row, UnitMonth: k, Issue: is})
		}
		for code, row := range g.rowOf {
			if _, kept := g.values[code]; !kept {
				continue // cleared: no value to compare with the usual range
			}
			m, _ := MetricByCode(code)
			if is := OutlierIssue(m, g.values[code], ctx[k].History[code]); is != nil {
				out = append(out, RowIssue{Row: row, UnitMonth: k, Issue: *is})
			}
		}
	}
	for i := range out {
		if out[i].Severity == SevWarning && rows[out[i].Row].Reason != "" {
			out[i].Confirmed = true
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Row < out[j].Row })
	return out
}

// isKindIssue reports whether is is the per-value kind check of ValidateMonth
// (which CheckBatch makes itself, per row).
func isKindIssue(is Issue, values map[string]float64) bool {
	m, ok := MetricByCode(is.Metric)
	if !ok {
		return false
	}
	k := ValidateValue(m, values[is.Metric])
	return k != nil && k.Key == is.Key && fmt.Sprint(k.Args) == fmt.Sprint(is.Args)
}

// Blocking reports whether any issue prevents saving: an error, or a
// warning nobody confirmed with a reason.
func Blocking(issues []RowIssue) bool {
	for _, is := range issues {
		if is.Severity == SevError || !is.Confirmed {
			return true
		}
	}
	return false
}

// Groups lists the metric groups in form order.
var Groups = []Group{GroupProcedures, GroupDossiers, GroupStaff, GroupInspections, GroupOrganisation}

// Key names the group in the catalogue of words ("group.dossiers").
func (g Group) Key() Word { return Word("group." + string(g)) }

// MetricsOf returns the catalogue's metrics of group g, in order.
func MetricsOf(g Group) []Metric {
	var out []Metric
	for _, m := range Catalogue {
		if m.Group == g {
			out = append(out, m)
		}
	}
	return out
}
