package oversight

import (
	"fmt"
	"math"
	"strconv"
)

// Severity of a validation issue.
const (
	SevError   = "error"   // blocks the save
	SevWarning = "warning" // may be saved once confirmed with a reason
)

// Issue is one problem found with a value or a set of values.
type Issue struct {
	Metric    string
	Severity  string
	Message   string
	MessageEN string
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

// shownValue writes v for a message: the Vietnamese or English way when
// it is of a size people type, in scientific notation beyond.
func shownValue(v float64, lang string) string {
	if math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	return FormatNumber(v, 3, lang)
}

// ValidateValue checks one value against its metric's kind and bounds. It
// is the one check every figure passes before it is stored, whichever way
// it came (form, grid, template, API, command line, bulk load): counts are
// whole numbers from 0 to MaxCount, percentages from 0 to 100, and nothing
// that is not a finite number.
func ValidateValue(m Metric, v float64) *Issue {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return &Issue{m.Code, SevError, m.NameVI + ": giá trị không phải là số hữu hạn.", m.NameEN + ": the value is not a finite number."}
	}
	switch m.Kind {
	case KindCount:
		if v < 0 || v != math.Trunc(v) {
			return &Issue{m.Code, SevError,
				fmt.Sprintf("%s phải là số nguyên không âm (đã nhập %s).", m.NameVI, shownValue(v, "vi")),
				fmt.Sprintf("%s must be a whole number of 0 or more (got %s).", m.NameEN, shownValue(v, "en"))}
		}
		if v > MaxCount {
			return &Issue{m.Code, SevError,
				fmt.Sprintf("%s không được vượt quá %s (đã nhập %s).", m.NameVI, FormatNumber(MaxCount, 0, "vi"), shownValue(v, "vi")),
				fmt.Sprintf("%s may not exceed %s (got %s).", m.NameEN, FormatNumber(MaxCount, 0, "en"), shownValue(v, "en"))}
		}
	case KindPercent:
		if v < 0 || v > 100 {
			return &Issue{m.Code, SevError,
				fmt.Sprintf("%s phải từ 0 đến 100 (đã nhập %s).", m.NameVI, shownValue(v, "vi")),
				fmt.Sprintf("%s must be between 0 and 100 (got %s).", m.NameEN, shownValue(v, "en"))}
		}
	default:
		return &Issue{m.Code, SevError, m.NameVI + ": loại chỉ tiêu không xác định.", m.NameEN + ": unknown kind of metric."}
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
	add := func(metric, sev, vi, en string) { out = append(out, Issue{metric, sev, vi, en}) }
	n := func(x float64) string { return FormatNumber(x, 0, "vi") }
	if has("dossiers_on_time", "dossiers_late", "dossiers_resolved") &&
		v["dossiers_on_time"]+v["dossiers_late"] != v["dossiers_resolved"] {
		add("dossiers_resolved", SevError,
			fmt.Sprintf("Đúng hạn (%s) + quá hạn (%s) phải bằng số hồ sơ đã giải quyết (%s).", n(v["dossiers_on_time"]), n(v["dossiers_late"]), n(v["dossiers_resolved"])),
			"On time + late must equal dossiers resolved.")
	}
	if has("dossiers_on_time", "dossiers_resolved") && v["dossiers_on_time"] > v["dossiers_resolved"] {
		add("dossiers_on_time", SevError,
			"Số hồ sơ giải quyết đúng hạn lớn hơn số đã giải quyết.",
			"Dossiers resolved on time exceed dossiers resolved.")
	}
	if has("dossiers_resolved", "dossiers_received") {
		carried := v["dossiers_carried_over"]
		if v["dossiers_resolved"]+v["dossiers_pending"] > carried+v["dossiers_received"] {
			add("dossiers_resolved", SevError,
				"Đã giải quyết + đang giải quyết vượt quá số chuyển sang + tiếp nhận.",
				"Resolved + pending exceed carried over + received.")
		}
	}
	if has("dossiers_pending_overdue", "dossiers_pending") && v["dossiers_pending_overdue"] > v["dossiers_pending"] {
		add("dossiers_pending_overdue", SevError,
			"Số hồ sơ đang giải quyết quá hạn lớn hơn số đang giải quyết.",
			"Pending overdue dossiers exceed pending dossiers.")
	}
	if has("dossiers_received_online", "dossiers_received") && v["dossiers_received_online"] > v["dossiers_received"] {
		add("dossiers_received_online", SevError,
			"Số hồ sơ tiếp nhận trực tuyến lớn hơn tổng số tiếp nhận.",
			"Dossiers received online exceed dossiers received.")
	}
	if has("staff_excellent", "staff_good", "staff_completed", "staff_not_completed", "staff_evaluated") {
		sum := v["staff_excellent"] + v["staff_good"] + v["staff_completed"] + v["staff_not_completed"]
		if sum != v["staff_evaluated"] {
			add("staff_evaluated", SevError,
				fmt.Sprintf("Tổng các mức xếp loại (%s) phải bằng số được đánh giá (%s).", n(sum), n(v["staff_evaluated"])),
				"The rating categories must add up to the staff evaluated.")
		}
	}
	if has("staff_excellent", "staff_good") && v["staff_excellent"] > 0.2*v["staff_good"] {
		add("staff_excellent", SevWarning,
			"Số hoàn thành xuất sắc vượt 20% số hoàn thành tốt (giới hạn theo Nghị định 335/2025).",
			"Outstanding ratings exceed 20% of good ratings (the cap of Decree 335/2025).")
	}
	return out
}
