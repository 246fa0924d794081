package oversight

import (
	"strings"
	"testing"
	"time"
)

func TestOrganisationKinds(t *testing.T) {
	for _, tc := range []struct {
		kind string
		org  bool
		vi   string
	}{
		{UnitPeopleCommittee, true, "Ủy ban nhân dân"},
		{UnitPeopleCouncil, true, "Hội đồng nhân dân"},
		{UnitDepartment, true, "Sở, phòng chuyên môn"},
		{UnitOffice, true, "Văn phòng"},
		{UnitMinistry, true, "Bộ, cơ quan ngang bộ"},
		{UnitAgency, true, "Cơ quan, tổ chức khác"},
		{UnitWard, false, "Phường"},
		{UnitCommune, false, "Xã"},
		{UnitDistrict, false, "Quận/huyện"},
		{UnitNation, false, "Toàn quốc"},
		{"hamlet", false, "hamlet"},
	} {
		if IsOrganisation(tc.kind) != tc.org || UnitKindName(tc.kind, "vi") != tc.vi {
			t.Errorf("%s: organisation %t, name %q; want %t, %q", tc.kind, IsOrganisation(tc.kind), UnitKindName(tc.kind, "vi"), tc.org, tc.vi)
		}
	}
	if UnitKindName(UnitPeopleCommittee, "en") != "People's Committee" {
		t.Errorf("English name of people_committee = %q", UnitKindName(UnitPeopleCommittee, "en"))
	}
	for _, k := range UnitKinds {
		if IsOrganisation(k) {
			t.Errorf("the territorial kinds offered include the organisation kind %s", k)
		}
	}
}

func TestCheckOrganisation(t *testing.T) {
	district := &Unit{Name: "Quận Hà Đông", Kind: UnitDistrict}
	office := &Unit{Name: "Phòng Nội vụ", Kind: UnitDepartment}
	for _, tc := range []struct {
		kind   string
		parent *Unit
		ok     bool
	}{
		{UnitDepartment, district, true},
		{UnitDepartment, nil, false}, // belongs to no unit
		{UnitAgency, office, false},  // under an organisation
		{UnitWard, office, false},
		{UnitWard, district, true},
		{UnitNation, nil, true},
	} {
		if err := CheckOrganisation(tc.kind, tc.parent); (err == nil) != tc.ok {
			t.Errorf("%s under %v: %v, want ok %t", tc.kind, tc.parent, err, tc.ok)
		}
	}
	now := time.Date(2020, 2, 1, 0, 0, 0, 0, time.UTC)
	if err := CheckEntryMonth(Unit{Name: "Phòng Nội vụ", Kind: UnitDepartment}, NewMonth(2019, 5), now); ErrorCode(err) != EConflict ||
		!strings.Contains(ErrorMessage(err, "en"), "figures are not entered for organisations") {
		t.Errorf("figures of a department: %v, want a conflict saying organisations take none", err)
	}
	if err := CheckEntryMonth(Unit{Name: "Phường Vạn Phúc", Kind: UnitWard}, NewMonth(2019, 5), now); err != nil {
		t.Errorf("figures of a ward: %v", err)
	}
}

func TestPickSuccessor(t *testing.T) {
	d := func(s string) *time.Time { x, _ := time.Parse(time.DateOnly, s); return &x }
	old := Unit{ID: 1, Code: "09541", Name: "Phường Mộ Lao"}
	a := Unit{ID: 2, Code: "09556", Name: "Phường Hà Đông", ValidFrom: d("2025-07-01"), Reused: true}
	b := Unit{ID: 3, Code: "00637", Name: "Phường Đại Mỗ", ValidFrom: d("2025-07-01")}
	for _, tc := range []struct {
		name   string
		succ   []Unit
		chosen *Unit
		open   int
		want   int64
		errHas string
	}{
		{"one successor is the default", []Unit{a}, nil, 2, 2, ""},
		{"several need a choice", []Unit{a, b}, nil, 1, 0, "09556@2025-07-01 Phường Hà Đông; 00637 Phường Đại Mỗ"},
		{"the choice wins", []Unit{a, b}, &b, 1, 3, ""},
		{"none needs one typed", nil, nil, 3, 0, "còn 3 kiến nghị chưa hoàn thành và chưa có đơn vị kế thừa"},
		{"nothing open needs nobody", []Unit{a, b}, nil, 0, 0, ""},
		{"not itself", nil, &old, 1, 0, "phải là một đơn vị khác"},
	} {
		got, err := PickSuccessor(old, tc.succ, tc.chosen, tc.open)
		if got.ID != tc.want || (tc.errHas == "") != (err == nil) || (err != nil && !strings.Contains(ErrorMessage(err, "vi"), tc.errHas)) {
			t.Errorf("%s: %d, %v; want %d, error with %q", tc.name, got.ID, err, tc.want, tc.errHas)
		}
	}
}

func TestCheckDatedIn(t *testing.T) {
	d := func(s string) time.Time { x, _ := time.Parse(time.DateOnly, s); return x }
	to := d("2025-06-30")
	u := Unit{Name: "Quận Hà Đông", ValidTo: &to}
	if err := CheckDatedIn(u, d("2025-06-30"), "x", false); err != nil {
		t.Errorf("its last day: %v", err)
	}
	err := CheckDatedIn(u, d("2025-07-01"), Word("dated.session_held"), false)
	if ErrorCode(err) != EInvalid || !strings.Contains(ErrorMessage(err, "vi"), "Buổi giám sát được tổ chức ngày 01/07/2025 nhưng Quận Hà Đông không tồn tại ngày đó (hiệu lực … – 30/06/2025)") {
		t.Errorf("the day after: %v", err)
	}
	if err := CheckDatedIn(u, d("2025-07-01"), "x", true); err != nil {
		t.Errorf("recorded as history: %v", err)
	}
	staff := User{Role: RoleStaff, UnitID: 7}
	if !staff.CanWriteValues([]int64{7}) {
		t.Error("staff of a unit in force cannot write")
	}
	staff.UnitRetired = true
	if staff.CanWriteValues([]int64{7}) || staff.CanApprove([]int64{9, 7}) || staff.CanFollowUp([]int64{7}) {
		t.Error("staff of a retired unit can still write, approve or follow up")
	}
	if !(User{Role: RoleAdmin, UnitRetired: true}).CanWriteValues([]int64{7}) {
		t.Error("the flag bars administrators")
	}
}
