package seed

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// Facts of the 13/11/2019 session, as the article reports them.
const (
	DistrictCode = "268"
	CityCode     = "01"
	// CityRef names Hà Nội as it was until 30/06/2025 (the code 01 names
	// the new Thành phố Hà Nội from 01/07/2025 too).
	CityRef            = "01@2025-06-30"
	DistrictDossiers   = 6538   // "quận đã tiếp nhận 6.538 hồ sơ"
	WardsDossiers      = 100565 // "số hồ sơ tiếp nhận của 17 phường là 100.565"
	StaffEvaluatedMin  = 4118   // "mỗi tháng có từ 4.118 đến 4.354 người được đánh giá"
	StaffEvaluatedMax  = 4354
	DistrictProcedures = 246
	WardProcedures     = 135
	DistrictTimeCutPct = 74
	WardTimeCutPct     = 91
	demoSeed           = 20191113
)

// DemoSpan is the span of the monthly demo figures: January to October
// 2019, the complete months of "from the start of the year to now" at the
// session on 13/11/2019.
var DemoSpan = oversight.Span{From: oversight.NewMonth(2019, 1), To: oversight.NewMonth(2019, 10)}

// StaffSpan is the span of the staff evaluations the article gives:
// "7 tháng đầu năm 2019".
var StaffSpan = oversight.Span{From: oversight.NewMonth(2019, 1), To: oversight.NewMonth(2019, 7)}

// WardCodes are the GSO codes of Hà Đông's 17 wards in 2019. Some name
// other units later (09538 is Phường Quang Trung from 01/01/2025, 09552 and
// 09556 are Kiến Hưng and Hà Đông from 01/07/2025): a code is resolved at
// the month or span it concerns, and WardRef names the 2019 ward alone.
var WardCodes = []string{"09538", "09541", "09542", "09544", "09547", "09550", "09551", "09552", "09553",
	"09556", "09562", "09565", "09568", "09571", "09886", "10117", "10123"}

// WardRef names the 2019 ward of a code (oversight.Unit.Ref): the day
// before the 01/01/2025 merger, when all 17 existed.
func WardRef(code string) string { return code + "@2024-12-31" }

// NguyenTraiRef names Phường Nguyễn Trãi (09538 until 31/12/2024).
var NguyenTraiRef = WardRef("09538")

// The wards formed on 01/07/2025 from Hà Đông's (official codes).
const (
	HaDong2025   = "09556"
	DuongNoi2025 = "09886"
	YenNghia2025 = "09562"
	PhuLuong2025 = "09568"
	KienHung2025 = "09552"
	ChuongMy2025 = "10015"
)

// The district's nine departments and offices, organisations of Hà Đông
// (oversight.OrganisationKinds): the report does not name them; these are
// the usual ones of an urban district, and their codes are ours.
//
//go:embed departments.csv
var departmentsCSV []byte

// DemoAccount is an account made in demo mode, with its known password.
type DemoAccount struct {
	Name, Password string
	Role           oversight.Role
	Unit           string
}

// DemoAccounts are created by `serve --demo`. Their passwords are public:
// demo mode says so loudly and must never face real users.
var DemoAccounts = []DemoAccount{
	{"admin", "demo-admin-2019", oversight.RoleAdmin, ""},
	{"daibieu", "demo-daibieu-2019", oversight.RoleDelegate, ""},
	{"canbo", "demo-canbo-2019", oversight.RoleStaff, DistrictCode},
	{"canbophuong", "demo-canbophuong-2019", oversight.RoleStaff, NguyenTraiRef},
	{"phantich", "demo-phantich-2019", oversight.RoleAnalyst, ""},
}

// Demo loads the demo dataset: the monthly figures and the 2019 session.
// It writes nothing if the database already holds figures.
func Demo(ctx context.Context, db *sqlite.DB) (loaded bool, err error) {
	n, err := db.CountValues(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	if err := Departments(ctx, db); err != nil {
		return false, err
	}
	if err := db.PutValues(ctx, DemoValues(), "demo", sqlite.Actor{Name: "demo"}); err != nil {
		return false, fmt.Errorf("demo figures: %w", err)
	}
	if _, err := db.CreateSession(ctx, Session2019(), sqlite.Actor{Name: "demo"}); err != nil {
		return false, fmt.Errorf("demo session: %w", err)
	}
	return true, nil
}

// Departments adds the demo's nine departments and offices of Hà Đông
// (organisations, until 30/06/2025), unless they are there.
func Departments(ctx context.Context, db *sqlite.DB) error {
	known, err := db.UnitCodes(ctx)
	if err != nil {
		return err
	}
	if known["268-VP"] {
		return nil
	}
	rows, err := csv.NewReader(bytes.NewReader(departmentsCSV)).ReadAll()
	if err != nil {
		return err
	}
	in, err := oversight.ParseUnitRows(rows, known)
	if err != nil {
		return fmt.Errorf("demo departments: %w", err)
	}
	if err := db.ImportUnits(ctx, in, false, sqlite.Actor{Name: "demo"}); err != nil {
		return fmt.Errorf("demo departments: %w", err)
	}
	return nil
}

// DemoValues builds the monthly figures. The totals are the article's; how
// they split across wards and months is illustrative (seeded, so the same
// every time), and the UI and README say so.
func DemoValues() []sqlite.ValueInput {
	r := rand.New(rand.NewPCG(demoSeed, 1))
	months := DemoSpan.Months()
	var out []sqlite.ValueInput
	put := func(unit, metric string, m oversight.Month, v float64, comment string) {
		out = append(out, sqlite.ValueInput{UnitCode: unit, Metric: metric, Month: m, Value: v, Comment: comment})
	}
	dossiers := func(unit string, perMonth []int) {
		for i, m := range months {
			n := float64(perMonth[i])
			// "100% các hồ sơ được trả đúng hạn": every dossier received
			// in the month is resolved on time, none carried over or late.
			put(unit, "dossiers_carried_over", m, 0, "")
			put(unit, "dossiers_received", m, n, "")
			put(unit, "dossiers_resolved", m, n, "")
			put(unit, "dossiers_on_time", m, n, "")
			put(unit, "dossiers_late", m, 0, "")
			put(unit, "dossiers_pending", m, 0, "")
		}
	}
	monthWeights := func() []float64 {
		w := make([]float64, len(months))
		for i := range w {
			w[i] = 0.8 + 0.4*r.Float64()
		}
		return w
	}
	dossiers(DistrictCode, Apportion(DistrictDossiers, monthWeights()))
	wardWeights := make([]float64, len(WardCodes))
	for i := range wardWeights {
		wardWeights[i] = 0.5 + r.Float64()
	}
	perWard := Apportion(WardsDossiers, wardWeights)
	for i, code := range WardCodes {
		dossiers(code, Apportion(perWard[i], monthWeights()))
	}
	for _, m := range months {
		put(DistrictCode, "procedures_listed", m, DistrictProcedures, "")
		put(DistrictCode, "procedures_time_cut_pct", m, DistrictTimeCutPct, "")
		for _, code := range WardCodes {
			put(code, "procedures_listed", m, WardProcedures, "")
			put(code, "procedures_time_cut_pct", m, WardTimeCutPct, "")
		}
	}
	// Staff evaluated each month of January-July, between the article's
	// lowest and highest counts, both of which occur; nobody "not completed".
	staff := []int{StaffEvaluatedMin, 4163, 4201, 4247, 4289, StaffEvaluatedMax, 4321}
	for i, m := range StaffSpan.Months() {
		total := staff[i]
		excellent := int(math.Round(float64(total) * 0.09))
		good := int(math.Round(float64(total) * 0.62))
		put(DistrictCode, "staff_evaluated", m, float64(total), "")
		put(DistrictCode, "staff_excellent", m, float64(excellent), "")
		put(DistrictCode, "staff_good", m, float64(good), "")
		put(DistrictCode, "staff_completed", m, float64(total-excellent-good), "")
		put(DistrictCode, "staff_not_completed", m, 0, "")
	}
	return out
}

// Apportion splits total into whole parts proportional to weights, by the
// largest-remainder method, so the parts add up to total exactly.
func Apportion(total int, weights []float64) []int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	parts := make([]int, len(weights))
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, len(weights))
	given := 0
	for i, w := range weights {
		exact := float64(total) * w / sum
		parts[i] = int(math.Floor(exact))
		given += parts[i]
		rems[i] = rem{i, exact - math.Floor(exact)}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for k := 0; given < total; k++ {
		parts[rems[k%len(rems)].i]++
		given++
	}
	return parts
}

func date(y, m, d int) *time.Time {
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return &t
}

// Session2019 is the supervision of 13/11/2019 as the article reports it.
// The recommendations' lead units, deadlines and statuses are not in the
// article: they are illustrative, and so marked in their notes.
func Session2019() oversight.Session {
	span := DemoSpan
	fig := func(metric, scope string, v float64, note string) oversight.Figure {
		return oversight.Figure{Metric: metric, UnitCode: DistrictCode, Scope: scope, Span: span, Value: v, Note: note}
	}
	staffRange := fig("staff_evaluated", oversight.ScopeUnit, StaffEvaluatedMin, "mỗi tháng, 7 tháng đầu năm 2019")
	staffRange.Span = StaffSpan
	max := float64(StaffEvaluatedMax)
	staffRange.ValueMax = &max
	notCompleted := fig("staff_not_completed", oversight.ScopeUnit, 0, "100% CB, CC, VC, người lao động hoàn thành nhiệm vụ trở lên")
	notCompleted.Span = StaffSpan
	illustrative := "Đơn vị chủ trì, thời hạn và trạng thái là minh họa (bài báo không nêu)."
	return oversight.Session{
		Body:     "Tổ đại biểu số 10, HĐND TP Hà Nội",
		Term:     "2016–2021",
		Leader:   "Lê Cường, Bí thư Quận ủy Hà Đông",
		Form:     "Giám sát chuyên đề",
		Topic:    "Công tác cải cách hành chính nhà nước, thực hiện chuyên đề công tác năm 2019 “Nâng cao hiệu lực, hiệu quả hệ thống chính trị”",
		Date:     time.Date(2019, 11, 13, 0, 0, 0, 0, time.UTC),
		UnitCode: DistrictCode,
		Span:     span,
		Summary:  "Năm 2019, công tác CCHC quận Hà Đông đã có những chuyển biến tích cực, mang lại nhiều hiệu quả thiết thực, góp phần phát triển kinh tế - xã hội quận.",
		Findings: "Quận đã thực hiện đồng bộ các biện pháp đẩy mạnh CCHC, chỉ đạo các đơn vị trên địa bàn xây dựng kế hoạch triển khai các nhiệm vụ CCHC; tăng cường thông tin tuyên truyền về CCHC, kiểm soát TTHC. " +
			"UBND quận đã chỉ đạo rà soát, điều chỉnh chức năng, nhiệm vụ 12 phòng ban chuyên môn theo Nghị định số 37/2014/NĐ-CP; thí điểm thành lập Đội quản lý trật tự xây dựng đô thị trực thuộc UBND quận; hợp nhất một số đơn vị sự nghiệp. " +
			"Việc đánh giá CB, CC, VC được thực hiện hằng tháng; quận thực hiện chế độ tự chủ về biên chế, kinh phí, ứng dụng CNTT và thực hiện tốt TTHC mức độ 3, 4.",
		Discussion: []string{
			"Rà soát TTHC tại bộ phận một cửa từ quận tới các phường.",
			"Thực hiện chế độ chính sách đối với cán bộ kiêm nhiệm, đối với cán bộ tổ dân phố sau khi sáp nhập các tổ dân phố.",
			"Sử dụng cán bộ hợp đồng trong thực hiện công tác chuyên môn tại các cơ sở giáo dục.",
		},
		Conclusion: "Thay mặt Tổ đại biểu số 10, đồng chí Lê Cường đề nghị UBND quận Hà Đông tiếp tục tăng cường công tác lãnh đạo, chỉ đạo đối với công tác CCHC; chỉ đạo các phòng, ban, đơn vị phối hợp chặt chẽ; không để các TTHC bị chậm, muộn; quan tâm đến thái độ phục vụ của đội ngũ cán bộ bộ phận một cửa; tập trung rà soát, kiểm tra, triển khai đồng bộ các giải pháp để nâng cao hơn nữa công tác CCHC.",
		Published:  true,
		Source:     "Báo Hà Nội mới điện tử (HNP), 13/11/2019, “Tổ đại biểu số 10, HĐND TP Hà Nội giám sát công tác CCHC tại quận Hà Đông”, tác giả Nguyễn Lợi.",
		Figures: []oversight.Figure{
			fig("inspections", oversight.ScopeUnit, 57, "Đoàn Kiểm tra công vụ của quận, tại 26 đơn vị trực thuộc"),
			fig("units_inspected", oversight.ScopeUnit, 26, "9 phòng chuyên môn, 17 phường"),
			fig("training_classes", oversight.ScopeUnit, 44, "lớp bồi dưỡng kiến thức chuyên môn nghiệp vụ"),
			fig("trainees", oversight.ScopeUnit, 6760, "lượt học viên tham dự"),
			fig("procedure_reviews", oversight.ScopeUnit, 9, "rà soát TTHC 9 lần"),
			fig("procedures_listed", oversight.ScopeUnit, DistrictProcedures, "TTHC thuộc thẩm quyền quận"),
			fig("procedures_listed", oversight.ScopeEachChild, WardProcedures, "TTHC thực hiện tại mỗi phường"),
			fig("procedures_time_cut_pct", oversight.ScopeUnit, DistrictTimeCutPct, "thủ tục của quận được rút ngắn thời gian giải quyết"),
			fig("procedures_time_cut_pct", oversight.ScopeChildrenTotal, WardTimeCutPct, "thủ tục của phường được rút ngắn thời gian giải quyết"),
			fig("dossiers_received", oversight.ScopeUnit, DistrictDossiers, "quận tiếp nhận"),
			fig("dossiers_received", oversight.ScopeChildrenTotal, WardsDossiers, "17 phường tiếp nhận"),
			fig("dossiers_late", oversight.ScopeUnit, 0, "100% hồ sơ được trả đúng hạn"),
			fig("dossiers_late", oversight.ScopeChildrenTotal, 0, "100% hồ sơ được trả đúng hạn"),
			staffRange,
			notCompleted,
			fig("departments_adjusted", oversight.ScopeUnit, 12, "rà soát, điều chỉnh chức năng, nhiệm vụ theo Nghị định 37/2014/NĐ-CP"),
			fig("public_service_units", oversight.ScopeUnit, 7, "sau sắp xếp (trước đó 13)"),
			fig("public_service_units_cut", oversight.ScopeUnit, 6, ""),
			fig("heads_cut", oversight.ScopeUnit, 4, ""),
			fig("deputies_cut", oversight.ScopeUnit, 11, ""),
		},
		Recommendations: []oversight.Recommendation{
			{Content: "Tiếp tục tăng cường công tác lãnh đạo, chỉ đạo đối với công tác cải cách hành chính.",
				LeadCode: DistrictCode, Responsible: "Chủ tịch UBND quận", Output: "Kế hoạch CCHC năm 2020 của UBND quận",
				Deadline: date(2019, 12, 31), Status: oversight.RecVerifiedClosed, VerifiedOn: date(2020, 1, 20), StatusNote: illustrative,
				FollowUps: []oversight.FollowUp{{Date: *date(2020, 1, 10), Text: "UBND quận ban hành Kế hoạch CCHC năm 2020 (minh họa).", Author: "UBND quận Hà Đông"}}},
			{Content: "Chỉ đạo các phòng, ban, đơn vị phối hợp chặt chẽ trong thực hiện nhiệm vụ CCHC.",
				LeadCode: "268-VP", CoUnits: []string{"268-NV"}, Responsible: "Chánh Văn phòng HĐND và UBND quận", Output: "Quy chế phối hợp giữa các phòng, ban",
				Deadline: date(2020, 3, 31), Status: oversight.RecReportedDone, StatusNote: illustrative},
			{Content: "Không để các thủ tục hành chính bị chậm, muộn.",
				LeadCode: "268-VP", CoUnits: []string{NguyenTraiRef, "09541", "09542"}, Responsible: "Bộ phận một cửa quận", Output: "Báo cáo tình hình giải quyết hồ sơ hằng tháng",
				Deadline: date(2019, 12, 31), Status: oversight.RecInProgress, StatusNote: illustrative},
			{Content: "Quan tâm đến thái độ phục vụ của đội ngũ cán bộ bộ phận một cửa.",
				LeadCode: "268-NV", Responsible: "Trưởng phòng Nội vụ", Output: "Kết quả khảo sát mức độ hài lòng của người dân",
				Deadline: date(2020, 6, 30), Status: oversight.RecPartlyDone, StatusNote: illustrative},
			{Content: "Tập trung rà soát, kiểm tra, triển khai đồng bộ các giải pháp để nâng cao hơn nữa công tác CCHC trong thời gian tới.",
				LeadCode: DistrictCode, Responsible: "UBND quận Hà Đông", Output: "Báo cáo kết quả CCHC hằng năm",
				Deadline: date(2021, 12, 31), Status: oversight.RecMultiYear, StatusNote: illustrative},
		},
	}
}
