package oversight_test

import (
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

func TestUsualRangeUsesMedianAndIQR(t *testing.T) {
	t.Run("TooShortHistoryGivesNoRange", func(t *testing.T) {
		if _, ok := oversight.Usual([]float64{1, 2, 3, 4, 5}); ok {
			t.Error("5 months of history gave a range; want none below MinHistory")
		}
	})
	t.Run("OneHugeMonthDoesNotWidenTheRange", func(t *testing.T) {
		// A mean/stddev rule would be dragged up by the 5000.
		h := []float64{100, 110, 95, 105, 98, 102, 5000, 101}
		r, ok := oversight.Usual(h)
		if !ok {
			t.Fatal("no range")
		}
		if r.Median < 100 || r.Median > 105 || r.High > 200 {
			t.Errorf("range %+v: median should be about 101 and the high fence well below 200", r)
		}
	})
	t.Run("ConstantZeroSeriesAllowsSmallCounts", func(t *testing.T) {
		h := []float64{0, 0, 0, 0, 0, 0, 0}
		m, _ := oversight.MetricByCode("inspections")
		if is := oversight.OutlierIssue(m, 2, h); is != nil {
			t.Errorf("2 after a run of zeros flagged: %v", text.Issue("vi", *is))
		}
		if is := oversight.OutlierIssue(m, 40, h); is == nil || is.Severity != oversight.SevWarning {
			t.Errorf("40 after a run of zeros not flagged as a warning: %+v", is)
		}
	})
}

func TestCheckBatch(t *testing.T) {
	month := oversight.NewMonth(2019, 11)
	row := func(metric string, v float64) oversight.EntryRow {
		return oversight.EntryRow{Unit: "9538", Month: month, Metric: metric, Value: v}
	}
	k := oversight.UnitMonth{Unit: "9538", Month: month}
	// The 20% cap on outstanding ratings binds from January 2026.
	row26 := func(metric string, v float64) oversight.EntryRow {
		return oversight.EntryRow{Unit: "9538", Month: oversight.OutstandingCapFrom, Metric: metric, Value: v}
	}
	tests := []struct {
		name      string
		rows      []oversight.EntryRow
		stored    map[string]float64
		history   map[string][]float64
		wantRow   int    // -1: no issue
		wantSev   string // severity of the issue on wantRow
		wantText  string
		wantBlock bool
	}{
		{"OK", []oversight.EntryRow{row("dossiers_resolved", 10), row("dossiers_on_time", 9), row("dossiers_late", 1)}, nil, nil, -1, "", "", false},
		{"ErrNegativeCount", []oversight.EntryRow{row("trainees", -1)}, nil, nil, 0, oversight.SevError, "số nguyên không âm", true},
		{"ErrFractionalCount", []oversight.EntryRow{row("trainees", 1.5)}, nil, nil, 0, oversight.SevError, "số nguyên", true},
		{"ErrPercentOver100", []oversight.EntryRow{row("procedures_time_cut_pct", 101)}, nil, nil, 0, oversight.SevError, "từ 0 đến 100", true},
		{"OKPercent74.5", []oversight.EntryRow{row("procedures_time_cut_pct", 74.5)}, nil, nil, -1, "", "", false},
		{"ErrOnTimePlusLateNotResolved", []oversight.EntryRow{row("dossiers_resolved", 10), row("dossiers_on_time", 8), row("dossiers_late", 1)}, nil, nil, 0, oversight.SevError, "phải bằng", true},
		{"ErrOnTimeAboveResolvedNamesTheOnTimeRow", []oversight.EntryRow{row("dossiers_resolved", 5), row("dossiers_on_time", 7)}, nil, nil, 1, oversight.SevError, "đúng hạn lớn hơn số đã giải quyết", true},
		{"ErrResolvedAboveCarriedPlusReceived", []oversight.EntryRow{row("dossiers_received", 5), row("dossiers_resolved", 6)}, map[string]float64{"dossiers_carried_over": 0}, nil, 1, oversight.SevError, "vượt quá", true},
		{"ErrPendingOverdueAbovePending", []oversight.EntryRow{row("dossiers_pending", 2), row("dossiers_pending_overdue", 3)}, nil, nil, 1, oversight.SevError, "quá hạn lớn hơn", true},
		{"ErrOnlineAboveReceived", []oversight.EntryRow{row("dossiers_received", 2), row("dossiers_received_online", 3)}, nil, nil, 1, oversight.SevError, "trực tuyến", true},
		{"ErrRatingsDoNotAddUp", []oversight.EntryRow{row("staff_evaluated", 100), row("staff_excellent", 10), row("staff_good", 60), row("staff_completed", 20), row("staff_not_completed", 0)}, nil, nil, 0, oversight.SevError, "Tổng các mức", true},
		{"WarnOutstandingOver20PctOfGood", []oversight.EntryRow{row26("staff_excellent", 30), row26("staff_good", 100)}, nil, nil, 0, oversight.SevWarning, "20%", true},
		{"OKOutstandingOver20PctBefore2026", []oversight.EntryRow{row("staff_excellent", 30), row("staff_good", 100)}, nil, nil, -1, "", "", false},
		{"RuleUsesStoredValuesOfOtherMetrics", []oversight.EntryRow{row("dossiers_on_time", 12)}, map[string]float64{"dossiers_resolved": 10}, nil, 0, oversight.SevError, "lớn hơn", true},
		{"WarnFarOutsideHistory", []oversight.EntryRow{row("dossiers_received", 9000)}, nil,
			map[string][]float64{"dossiers_received": {500, 520, 480, 510, 530, 490, 505}}, 0, oversight.SevWarning, "khoảng thường gặp", true},
		{"OKInsideHistory", []oversight.EntryRow{row("dossiers_received", 515)}, nil,
			map[string][]float64{"dossiers_received": {500, 520, 480, 510, 530, 490, 505}}, -1, "", "", false},
		{"ErrUnknownMetric", []oversight.EntryRow{row("nope", 1)}, nil, nil, 0, oversight.SevError, "nope", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := map[oversight.UnitMonth]oversight.MonthContext{k: {Stored: tc.stored, History: tc.history}}
			got := oversight.CheckBatch(tc.rows, ctx)
			if tc.wantRow < 0 {
				if len(got) != 0 {
					t.Fatalf("issues %+v, want none", got)
				}
			} else {
				found := false
				for _, is := range got {
					if is.Row == tc.wantRow && is.Severity == tc.wantSev && strings.Contains(text.Issue("vi", is.Issue), tc.wantText) {
						found = true
					}
				}
				if !found {
					t.Fatalf("issues %+v, want a %s on row %d containing %q", got, tc.wantSev, tc.wantRow, tc.wantText)
				}
			}
			if b := oversight.Blocking(got); b != tc.wantBlock {
				t.Errorf("Blocking = %v, want %v", b, tc.wantBlock)
			}
		})
	}
	t.Run("AReasonConfirmsAWarningButNotAnError", func(t *testing.T) {
		rows := []oversight.EntryRow{row26("staff_excellent", 30), row26("staff_good", 100)}
		rows[0].Reason = "đơn vị có nhiều thành tích năm nay"
		got := oversight.CheckBatch(rows, nil)
		if len(got) != 1 || !got[0].Confirmed || oversight.Blocking(got) {
			t.Errorf("confirmed warning: %+v, want one confirmed, non-blocking issue", got)
		}
		rows = []oversight.EntryRow{row("trainees", -1)}
		rows[0].Reason = "vì sao không"
		if got := oversight.CheckBatch(rows, nil); !oversight.Blocking(got) {
			t.Errorf("an error with a reason no longer blocks: %+v", got)
		}
	})
}

func TestWorkflowTransitions(t *testing.T) {
	// Chain of ward 9538: itself (3), district 268 (2), city (1).
	chain := []int64{3, 2, 1}
	ward := oversight.User{Name: "phuong", Role: oversight.RoleStaff, UnitID: 3}
	district := oversight.User{Name: "quan", Role: oversight.RoleStaff, UnitID: 2}
	otherWard := oversight.User{Name: "khac", Role: oversight.RoleStaff, UnitID: 4}
	admin := oversight.User{Name: "admin", Role: oversight.RoleAdmin}
	delegate := oversight.User{Name: "db", Role: oversight.RoleDelegate}
	S := oversight.StatusSubmitted
	tests := []struct {
		name    string
		from    oversight.Status
		action  string
		user    oversight.User
		comment string
		want    oversight.Status
		errCode string
	}{
		{"WardStaffSubmitsDraft", oversight.StatusDraft, oversight.ActionSubmit, ward, "", S, ""},
		{"EmptyStatusIsDraft", "", oversight.ActionSubmit, ward, "", S, ""},
		{"WardStaffResubmitsReturned", oversight.StatusReturned, oversight.ActionSubmit, ward, "", S, ""},
		{"OtherWardCannotSubmit", oversight.StatusDraft, oversight.ActionSubmit, otherWard, "", "", oversight.EForbidden},
		{"DelegateCannotSubmit", oversight.StatusDraft, oversight.ActionSubmit, delegate, "", "", oversight.EForbidden},
		{"CannotSubmitTwice", S, oversight.ActionSubmit, ward, "", "", oversight.EConflict},
		{"DistrictStaffApproves", S, oversight.ActionApprove, district, "", oversight.StatusApproved, ""},
		{"AdminApproves", S, oversight.ActionApprove, admin, "", oversight.StatusApproved, ""},
		{"WardStaffCannotApproveOwnMonth", S, oversight.ActionApprove, ward, "", "", oversight.EForbidden},
		{"DelegateCannotApprove", S, oversight.ActionApprove, delegate, "", "", oversight.EForbidden},
		{"CannotApproveDraft", oversight.StatusDraft, oversight.ActionApprove, district, "", "", oversight.EConflict},
		{"DistrictReturnsWithComment", S, oversight.ActionReturn, district, "thiếu số trực tuyến", oversight.StatusReturned, ""},
		{"ReturnNeedsComment", S, oversight.ActionReturn, district, "", "", oversight.EInvalid},
		{"ApproverReopens", oversight.StatusApproved, oversight.ActionReopen, district, "", oversight.StatusDraft, ""},
		{"WardStaffCannotReopen", oversight.StatusApproved, oversight.ActionReopen, ward, "", "", oversight.EForbidden},
		{"CannotReopenDraft", oversight.StatusDraft, oversight.ActionReopen, admin, "", "", oversight.EConflict},
		{"UnknownAction", oversight.StatusDraft, "publish", admin, "", "", oversight.EInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := oversight.Transition(tc.from, tc.action, tc.user, chain, tc.comment)
			if tc.errCode != "" {
				if err == nil || oversight.ErrorCode(err) != tc.errCode {
					t.Fatalf("got %q, %v; want error %s", got, err, tc.errCode)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
	for st, want := range map[oversight.Status]bool{oversight.StatusDraft: false, oversight.StatusReturned: false,
		oversight.StatusSubmitted: true, oversight.StatusApproved: true} {
		if st.Locked() != want {
			t.Errorf("%s.Locked() = %v, want %v: submitted and approved months are frozen, drafts and returned ones open", st, st.Locked(), want)
		}
	}
}
