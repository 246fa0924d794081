package oversight

import "strings"

// Kind says what a metric's numbers are.
type Kind string

// Metric kinds.
const (
	KindCount   Kind = "count"   // a whole number >= 0
	KindPercent Kind = "percent" // a share from 0 to 100
)

// Agg says how a metric adds up over time and over units.
type Agg string

// Aggregations. Over units, counts are always summed; a percent is
// weighted by its weight metric. Over time they differ:
const (
	AggFlow       Agg = "flow"        // summed over the months of a span
	AggStock      Agg = "stock"       // the latest month's value in the span
	AggStockStart Agg = "stock_start" // the first month's value in the span (carried over into it)
)

// Group is a section of the entry form and of reports.
type Group string

// Metric groups, in the order DOMAIN.md lists them.
const (
	GroupProcedures   Group = "procedures"
	GroupDossiers     Group = "dossiers"
	GroupStaff        Group = "staff"
	GroupInspections  Group = "inspections"
	GroupOrganisation Group = "organisation"
)

// Metric is one entry of the catalogue. Codes are stable identifiers used
// in the API, exports and templates; names are for people.
type Metric struct {
	Code   string
	NameVI string
	NameEN string
	Kind   Kind
	Agg    Agg
	Group  Group
	// Weight is the metric whose values weight this one when a percent is
	// combined across units (procedures_time_cut_pct by procedures_listed).
	Weight string
}

// CatalogueVersion identifies the catalogue below. Raise it whenever a
// metric is added, removed or changes meaning: templates and exports carry
// it so a file made against another catalogue is recognised.
const CatalogueVersion = 1

// Catalogue is the metric catalogue of DOMAIN.md, in display order.
var Catalogue = []Metric{
	{"procedures_listed", "TTHC niêm yết công khai", "Procedures publicly listed", KindCount, AggStock, GroupProcedures, ""},
	{"procedures_time_cut_pct", "Tỷ lệ TTHC rút ngắn thời gian giải quyết", "Share of procedures with shortened time", KindPercent, AggStock, GroupProcedures, "procedures_listed"},
	{"procedure_reviews", "Lần rà soát TTHC", "Procedure reviews", KindCount, AggFlow, GroupProcedures, ""},
	{"dossiers_carried_over", "Hồ sơ kỳ trước chuyển sang", "Dossiers carried over", KindCount, AggStockStart, GroupDossiers, ""},
	{"dossiers_received", "Hồ sơ tiếp nhận", "Dossiers received", KindCount, AggFlow, GroupDossiers, ""},
	{"dossiers_received_online", "Hồ sơ tiếp nhận trực tuyến", "Dossiers received online", KindCount, AggFlow, GroupDossiers, ""},
	{"dossiers_resolved", "Hồ sơ đã giải quyết", "Dossiers resolved", KindCount, AggFlow, GroupDossiers, ""},
	{"dossiers_on_time", "Giải quyết trước và đúng hạn", "Resolved early or on time", KindCount, AggFlow, GroupDossiers, ""},
	{"dossiers_late", "Giải quyết quá hạn", "Resolved late", KindCount, AggFlow, GroupDossiers, ""},
	{"dossiers_pending", "Đang giải quyết", "Pending at period end", KindCount, AggStock, GroupDossiers, ""},
	{"dossiers_pending_overdue", "Đang giải quyết quá hạn", "Pending and already overdue", KindCount, AggStock, GroupDossiers, ""},
	// Staff are evaluated every month: the same people each month, so a
	// span shows its latest month rather than a sum that counts people twice.
	{"staff_evaluated", "CB, CC, VC được đánh giá", "Staff evaluated", KindCount, AggStock, GroupStaff, ""},
	{"staff_excellent", "Hoàn thành xuất sắc nhiệm vụ", "Outstanding", KindCount, AggStock, GroupStaff, ""},
	{"staff_good", "Hoàn thành tốt nhiệm vụ", "Good", KindCount, AggStock, GroupStaff, ""},
	{"staff_completed", "Hoàn thành nhiệm vụ", "Completed", KindCount, AggStock, GroupStaff, ""},
	{"staff_not_completed", "Không hoàn thành nhiệm vụ", "Not completed", KindCount, AggStock, GroupStaff, ""},
	{"inspections", "Lượt kiểm tra công vụ", "Official inspections", KindCount, AggFlow, GroupInspections, ""},
	{"units_inspected", "Đơn vị được kiểm tra", "Units inspected", KindCount, AggFlow, GroupInspections, ""},
	{"training_classes", "Lớp bồi dưỡng", "Training classes", KindCount, AggFlow, GroupInspections, ""},
	{"trainees", "Lượt học viên", "Trainee attendances", KindCount, AggFlow, GroupInspections, ""},
	{"departments_adjusted", "Phòng ban rà soát, điều chỉnh chức năng", "Departments with functions adjusted", KindCount, AggFlow, GroupOrganisation, ""},
	{"public_service_units", "Đơn vị sự nghiệp", "Public-service units", KindCount, AggStock, GroupOrganisation, ""},
	{"public_service_units_cut", "Đơn vị sự nghiệp giảm", "Public-service units removed", KindCount, AggFlow, GroupOrganisation, ""},
	{"heads_cut", "Cấp trưởng giảm", "Head posts cut", KindCount, AggFlow, GroupOrganisation, ""},
	{"deputies_cut", "Cấp phó giảm", "Deputy posts cut", KindCount, AggFlow, GroupOrganisation, ""},
}

var catalogueByCode = func() map[string]Metric {
	m := make(map[string]Metric, len(Catalogue))
	for _, x := range Catalogue {
		m[x.Code] = x
	}
	return m
}()

// MetricByCode looks a metric up by its code.
func MetricByCode(code string) (Metric, bool) {
	m, ok := catalogueByCode[code]
	return m, ok
}

// ParseMetricCodes reads a comma-separated list of metric codes. An empty
// list means the whole catalogue.
func ParseMetricCodes(list []string) ([]Metric, error) {
	var named []string
	for _, c := range list {
		if c = strings.TrimSpace(c); c != "" {
			named = append(named, c)
		}
	}
	if len(named) == 0 {
		return Catalogue, nil
	}
	list = named
	out := make([]Metric, 0, len(list))
	seen := map[string]bool{}
	for _, c := range list {
		if c == "" || seen[c] {
			continue
		}
		m, ok := MetricByCode(c)
		if !ok {
			return nil, &Error{Code: EInvalid, Field: "metrics", Key: "err.no_metric_see_catalogue", Args: []any{c}}
		}
		seen[c] = true
		out = append(out, m)
	}
	return out, nil
}

// StockCountCodes lists the count metrics that are stocks, in catalogue
// order: the ones whose gaps the roll-ups follow (the store's refresh and
// the synthetic seed's loader must agree on them).
func StockCountCodes() []string {
	var out []string
	for _, m := range Catalogue {
		if m.Kind == KindCount && m.Agg == AggStock {
			out = append(out, m.Code)
		}
	}
	return out
}

// Derived indicators, computed from their counts and never entered.

// Ratio returns num/den as a percentage, and false when den is zero (there
// is no rate to show, which is not the same as a rate of zero).
func Ratio(num, den float64) (float64, bool) {
	if den == 0 {
		return 0, false
	}
	return 100 * num / den, true
}
