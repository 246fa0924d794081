package oversight

import (
	"math"
)

// Severity of a validation issue.
const (
	SevError   = "error"   // blocks the save
	SevWarning = "warning" // may be saved once confirmed with a reason
)

// Issue is one problem found with a value or a set of values. Key and
// Args are its message, written in the reader's language at the edge.
type Issue struct {
	Metric   string
	Severity string
	Key      string
	Args     []any
}

// MaxCount is the ceiling of every count: no unit has a billion dossiers,
// staff or procedures in a month (the whole country receives tens of
// millions of dossiers a year). A larger figure is a typing or a program
// error, and an unbounded one (1e308) overflows every sum to +Inf.
// Percentages are bounded by 100.
const MaxCount = 1e9

// Max returns the largest value metric m accepts.
func (m Metric) Max() float64 {
	if m.Kind == KindPercent {
		return 100
	}
	return MaxCount
}

// ValidateValue checks one value against its metric's kind and bounds. It
// is the one check every figure passes before it is stored, whichever way
// it came (form, grid, template, API, command line, bulk load): counts are
// whole numbers from 0 to MaxCount, percentages from 0 to 100, and nothing
// that is not a finite number.
func ValidateValue(m Metric, v float64) *Issue {
	bad := func(key string, args ...any) *Issue {
		return &Issue{m.Code, SevError, key, append([]any{m}, args...)}
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return bad("issue.not_finite")
	}
	switch m.Kind {
	case KindCount:
		if v < 0 || v != math.Trunc(v) {
			return bad("issue.not_whole", v)
		}
		if v > MaxCount {
			return bad("issue.above_max", Rounded{MaxCount, 0}, v)
		}
	case KindPercent:
		if v < 0 || v > 100 {
			return bad("issue.not_percent", v)
		}
	default:
		return bad("issue.unknown_kind")
	}
	return nil
}

// OutstandingCapFrom is the first month the 20% cap on "outstanding"
// ratings applies (Nghị định 335/2025, in force from 1 January 2026).
const OutstandingCapFrom Month = 202601

// ValidateMonth checks the values of one unit for one month (metric code ->
// value) against each value's kind and the rules that tie metrics together
// (DOMAIN.md). A rule is checked only when all its metrics are present.
func ValidateMonth(v map[string]float64) []Issue {
	var out []Issue
	for _, m := range Catalogue {
		if x, ok := v[m.Code]; ok {
			if is := ValidateValue(m, x); is != nil {
				out = append(out, *is)
			}
		}
	}
	has := func(codes ...string) bool {
		for _, c := range codes {
			if _, ok := v[c]; !ok {
				return false
			}
		}
		return true
	}
	add := func(metric, sev, key string, args ...any) { out = append(out, Issue{metric, sev, key, args}) }
	n := func(x float64) Rounded { return Rounded{x, 0} }
	if has("dossiers_on_time", "dossiers_late", "dossiers_resolved") &&
		v["dossiers_on_time"]+v["dossiers_late"] != v["dossiers_resolved"] {
		add("dossiers_resolved", SevError,
			"issue.on_time_late_resolved", n(v["dossiers_on_time"]), n(v["dossiers_late"]), n(v["dossiers_resolved"]))
	}
	if has("dossiers_on_time", "dossiers_resolved") && v["dossiers_on_time"] > v["dossiers_resolved"] {
		add("dossiers_on_time", SevError,
			"issue.on_time_above_resolved")
	}
	if has("dossiers_resolved", "dossiers_received") {
		carried := v["dossiers_carried_over"]
		if v["dossiers_resolved"]+v["dossiers_pending"] > carried+v["dossiers_received"] {
			add("dossiers_resolved", SevError,
				"issue.resolved_pending_above_in")
		}
	}
	if has("dossiers_pending_overdue", "dossiers_pending") && v["dossiers_pending_overdue"] > v["dossiers_pending"] {
		add("dossiers_pending_overdue", SevError,
			"issue.overdue_above_pending")
	}
	if has("dossiers_received_online", "dossiers_received") && v["dossiers_received_online"] > v["dossiers_received"] {
		add("dossiers_received_online", SevError,
			"issue.online_above_received")
	}
	if has("staff_excellent", "staff_good", "staff_completed", "staff_not_completed", "staff_evaluated") {
		sum := v["staff_excellent"] + v["staff_good"] + v["staff_completed"] + v["staff_not_completed"]
		if sum != v["staff_evaluated"] {
			add("staff_evaluated", SevError,
				"issue.ratings_sum", n(sum), n(v["staff_evaluated"]))
		}
	}
	if has("staff_excellent", "staff_good") && v["staff_excellent"] > 0.2*v["staff_good"] {
		add("staff_excellent", SevWarning,
			"issue.outstanding_cap")
	}
	return out
}
