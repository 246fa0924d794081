package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestGridReadOnlySaysWhy checks a ward clerk opening the district's grid
// sees a view-only note and read-only boxes that say why, while district
// staff get editable boxes; both see last month's numbers labelled.
func TestGridReadOnlySaysWhy(t *testing.T) {
	e := newEnv(t)
	const u = "/entry/grid?unit=268&period=2019-10"

	_, body, _ := get(t, e.login(t, "canbophuong"), e.ts.URL+u)
	if !strings.Contains(body, `id="grid-readonly"`) || !strings.Contains(body, "Chỉ xem: bạn không có quyền nhập cho đơn vị này") {
		t.Errorf("a ward clerk on the district's grid is not told it is view only")
	}
	inputs := regexp.MustCompile(`<input class="entry-input"[^>]*>`).FindAllString(body, -1)
	if len(inputs) == 0 {
		t.Fatal("no input in the grid")
	}
	for _, in := range inputs {
		if !strings.Contains(in, " readonly") || !strings.Contains(in, `title="Chỉ xem: bạn không có quyền nhập cho đơn vị này"`) {
			t.Fatalf("a box is not read-only with its reason: %s", in)
		}
	}
	if strings.Contains(body, `id="grid-save"`) {
		t.Errorf("a view-only grid offers to save")
	}

	_, body, _ = get(t, e.login(t, "canbo"), e.ts.URL+u)
	if strings.Contains(body, `id="grid-readonly"`) {
		t.Errorf("district staff are told the grid is view only")
	}
	if regexp.MustCompile(`<input class="entry-input"[^>]* readonly`).MatchString(body) {
		t.Errorf("district staff get read-only boxes in an open month")
	}
	if !strings.Contains(body, `<caption id="grid-caption"`) || !strings.Contains(body, "là số liệu tháng trước") {
		t.Errorf("the grid does not say what the small numbers are")
	}
	if !regexp.MustCompile(`<small class="muted grid-last" title="Tháng trước: [0-9.]+"><span class="grid-last-label">T.trước</span>`).MatchString(body) {
		t.Errorf("last month's numbers are not labelled")
	}
	if !strings.Contains(body, `class="table-wrap grid-scroll"`) {
		t.Errorf("the grid has no scroll box of its own")
	}
}

// TestHomeLandsOnTheUsersOwnUnit checks staff with a unit land on its
// dashboard and others on the top unit's.
func TestHomeLandsOnTheUsersOwnUnit(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct{ user, want string }{
		{"canbophuong", "<h1>Phường Nguyễn Trãi</h1>"},
		{"canbo", "<h1>Quận Hà Đông</h1>"},
		{"daibieu", "<h1>Việt Nam</h1>"}, // the top of the official tree
	} {
		code, body, _ := get(t, e.login(t, c.user), e.ts.URL+"/")
		if code != 200 || !strings.Contains(body, c.want) {
			t.Errorf("%s lands on %q (status %d), want %s", c.user, regexp.MustCompile(`<h1>[^<]*</h1>`).FindString(body), code, c.want)
		}
	}
}
