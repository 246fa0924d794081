package oversight

import (
	"fmt"
	"math"
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

// ValidateValue checks one value against its metric's kind.
func ValidateValue(m Metric, v float64) *Issue {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return &Issue{m.Code, SevError, "Giá trị không phải là số.", "The value is not a number."}
	}
	switch m.Kind {
	case KindCount:
		if v < 0 || v != math.Trunc(v) {
			return &Issue{m.Code, SevError,
				fmt.Sprintf("%s phải là số nguyên không âm (đã nhập %s).", m.NameVI, FormatNumber(v, 3, "vi")),
				fmt.Sprintf("%s must be a whole number of 0 or more (got %s).", m.NameEN, FormatNumber(v, 3, "en"))}
		}
	case KindPercent:
		if v < 0 || v > 100 {
			return &Issue{m.Code, SevError,
				fmt.Sprintf("%s phải từ 0 đến 100 (đã nhập %s).", m.NameVI, FormatNumber(v, 3, "vi")),
				fmt.Sprintf("%s must be between 0 and 100 (got %s).", m.NameEN, FormatNumber(v, 3, "en"))}
		}
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
