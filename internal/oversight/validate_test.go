package oversight_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// Every figure is bounded: counts are whole numbers from 0 to MaxCount,
// percentages from 0 to 100; nothing non-finite passes.
func TestValidateValueBounds(t *testing.T) {
	count, _ := oversight.MetricByCode("dossiers_received")
	pct, _ := oversight.MetricByCode("procedures_time_cut_pct")
	cases := []struct {
		name string
		m    oversight.Metric
		v    float64
		want string // "" when accepted, else part of the Vietnamese message
	}{
		{"ZeroCount", count, 0, ""},
		{"CountAtTheCeiling", count, 1e9, ""},
		{"CountJustAboveTheCeiling", count, 1e9 + 1, "không được vượt quá 1.000.000.000 (đã nhập 1.000.000.001)"},
		{"LargestFloat", count, math.MaxFloat64, "không được vượt quá 1.000.000.000 (đã nhập 1.79769e+308)"},
		{"PlusInf", count, math.Inf(1), "không phải là số hữu hạn"},
		{"MinusInf", pct, math.Inf(-1), "không phải là số hữu hạn"},
		{"NaN", count, math.NaN(), "không phải là số hữu hạn"},
		{"FractionInACount", count, 12.345, "phải là số nguyên không âm (đã nhập 12,345)"},
		{"NegativeCount", count, -1, "phải là số nguyên không âm"},
		{"PercentAt100", pct, 100, ""},
		{"PercentAt0", pct, 0, ""},
		{"PercentWithDecimals", pct, 74.5, ""},
		{"PercentAbove100", pct, 100.01, "phải từ 0 đến 100 (đã nhập 100,01)"},
		{"NegativePercent", pct, -0.5, "phải từ 0 đến 100"},
		{"UnknownKind", oversight.Metric{Code: "x", Kind: "weight"}, 1, "loại chỉ tiêu không xác định"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			is := oversight.ValidateValue(tc.m, tc.v)
			switch {
			case tc.want == "" && is != nil:
				t.Fatalf("refused: %s", text.Issue("vi", *is))
			case tc.want != "" && is == nil:
				t.Fatalf("accepted %v", tc.v)
			case tc.want != "" && (!strings.Contains(text.Issue("vi", *is), tc.want) || text.Issue("en", *is) == "" || is.Severity != oversight.SevError):
				t.Fatalf("message %q / %q, want %q", text.Issue("vi", *is), text.Issue("en", *is), tc.want)
			}
		})
	}
	if count.Max() != oversight.MaxCount || pct.Max() != 100 {
		t.Errorf("Max: %v %v", count.Max(), pct.Max())
	}
}

// An empty month, or one whose figures break a rule, cannot be submitted.
func TestCheckSubmit(t *testing.T) {
	cases := []struct {
		name   string
		stored map[string]float64
		want   string
	}{
		{"Empty", map[string]float64{}, "chưa có số liệu nào"},
		{"Nil", nil, "chưa có số liệu nào"},
		{"BreaksARule", map[string]float64{"dossiers_on_time": 5, "dossiers_late": 1, "dossiers_resolved": 5}, "Đúng hạn (5) + quá hạn (1) phải bằng"},
		{"OneFigure", map[string]float64{"inspections": 0}, ""},
		{"Consistent", map[string]float64{"dossiers_on_time": 4, "dossiers_late": 1, "dossiers_resolved": 5}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := oversight.CheckSubmit(tc.stored)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || oversight.ErrorCode(err) != oversight.EConflict || !strings.Contains(oversight.ErrorMessage(err, "vi"), tc.want) ||
				oversight.ErrorMessage(err, "en") == oversight.ErrorMessage(err, "vi") {
				t.Fatalf("err = %v, want a bilingual conflict saying %q", err, tc.want)
			}
		})
	}
}

// Four eyes: neither the submitter nor anyone who wrote a figure of the
// month may approve it.
func TestCheckApprover(t *testing.T) {
	boss := oversight.User{Name: "canbo", Role: oversight.RoleStaff}
	cases := []struct {
		name      string
		submitter string
		writers   []string
		ok        bool
	}{
		{"SomeoneElseSubmittedAndWrote", "canbophuong", []string{"canbophuong"}, true},
		{"NobodyWrote", "canbophuong", nil, true},
		{"ApproverSubmitted", "canbo", nil, false},
		{"ApproverChangedAFigure", "canbophuong", []string{"canbophuong", "canbo"}, false},
		{"ApproverWasTheOnlyWriter", "canbophuong", []string{"canbo"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := oversight.CheckApprover(boss, tc.submitter, tc.writers)
			if tc.ok != (err == nil) {
				t.Fatalf("err = %v, want ok %v", err, tc.ok)
			}
			if err != nil && oversight.ErrorCode(err) != oversight.EForbidden {
				t.Fatalf("code %s, want forbidden", oversight.ErrorCode(err))
			}
		})
	}
}

// Figures can be entered only for months that have ended, in which the
// unit existed; the reason gives dates as dd/mm/yyyy.
func TestCheckEntryMonth(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	from, to := time.Date(2020, 1, 15, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	ward := oversight.Unit{Name: "Phường Nguyễn Trãi", ValidTo: &to}
	newWard := oversight.Unit{Name: "Phường Hà Đông", ValidFrom: &time.Time{}}
	*newWard.ValidFrom = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	both := oversight.Unit{Name: "Phòng Nội vụ", ValidFrom: &from, ValidTo: &to}
	cases := []struct {
		name string
		u    oversight.Unit
		m    oversight.Month
		want string
	}{
		{"LastEndedMonth", oversight.Unit{Name: "x"}, oversight.NewMonth(2026, 10), ""},
		{"CurrentMonth", oversight.Unit{Name: "x"}, oversight.NewMonth(2026, 11), "Tháng 11/2026 chưa kết thúc: chưa thể nhập số liệu (nhập được đến tháng 10/2026)"},
		{"NextYear", oversight.Unit{Name: "x"}, oversight.NewMonth(2027, 11), "Tháng 11/2027 chưa kết thúc"},
		{"LastMonthOfADissolvedWard", ward, oversight.NewMonth(2025, 6), ""},
		{"AfterItWasDissolved", ward, oversight.NewMonth(2025, 7), "Phường Nguyễn Trãi không tồn tại trong tháng 07/2025 (giải thể sau ngày 30/06/2025)"},
		{"BeforeItWasFormed", newWard, oversight.NewMonth(2025, 6), "Phường Hà Đông không tồn tại trong tháng 06/2025 (thành lập từ ngày 01/07/2025)"},
		{"FirstMonthOfANewWard", newWard, oversight.NewMonth(2025, 7), ""},
		{"OutsideABoundedLife", both, oversight.NewMonth(2019, 12), "(hoạt động từ 15/01/2020 đến 30/06/2025)"},
		{"MonthItWasFormedIn", both, oversight.NewMonth(2020, 1), ""},
		{"InvalidMonth", oversight.Unit{Name: "x"}, oversight.Month(202613), "Kỳ không hợp lệ"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := oversight.CheckEntryMonth(tc.u, tc.m, now)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(oversight.ErrorMessage(err, "vi"), tc.want) || oversight.ErrorMessage(err, "en") == oversight.ErrorMessage(err, "vi") {
				t.Fatalf("err = %v, want %q in both languages", err, tc.want)
			}
		})
	}
}

// Clearing a stored figure asks for a reason (a warning until confirmed)
// and the month's rules are checked without it.
func TestCheckBatchClear(t *testing.T) {
	m := oversight.NewMonth(2019, 11)
	k := oversight.UnitMonth{Unit: "P", Month: m}
	ctx := map[oversight.UnitMonth]oversight.MonthContext{k: {Stored: map[string]float64{
		"dossiers_on_time": 5, "dossiers_late": 1, "dossiers_resolved": 6}}}
	clear := oversight.EntryRow{Unit: "P", Month: m, Metric: "dossiers_late", Clear: true}
	issues := oversight.CheckBatch([]oversight.EntryRow{clear}, ctx)
	if len(issues) != 1 || issues[0].Severity != oversight.SevWarning || issues[0].Confirmed || !oversight.Blocking(issues) {
		t.Fatalf("clear without a reason: %+v", issues)
	}
	clear.Reason = "nhầm"
	if issues := oversight.CheckBatch([]oversight.EntryRow{clear}, ctx); oversight.Blocking(issues) {
		t.Fatalf("clear with a reason: %+v", issues)
	}
	// Clearing what is not stored asks nothing.
	none := oversight.EntryRow{Unit: "P", Month: m, Metric: "trainees", Clear: true}
	if issues := oversight.CheckBatch([]oversight.EntryRow{none}, ctx); len(issues) != 0 {
		t.Fatalf("clear of nothing: %+v", issues)
	}
	// Clearing on time while changing resolved: the sum rule no longer
	// applies (one of its figures is gone), so 5 + 1 != 7 is not reported.
	rows := []oversight.EntryRow{{Unit: "P", Month: m, Metric: "dossiers_on_time", Clear: true, Reason: "x"}, {Unit: "P", Month: m, Metric: "dossiers_resolved", Value: 7}}
	if issues := oversight.CheckBatch(rows, ctx); oversight.Blocking(issues) {
		t.Fatalf("rules checked with a cleared figure: %+v", issues)
	}
}
