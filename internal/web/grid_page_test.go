package web_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestGridReadOnlySaysWhy checks a ward clerk opening the district's grid
// may change her own ward's row only, and the other rows are read-only
// boxes that say why, while district staff get editable boxes; both see
// last month's numbers labelled.
func TestGridReadOnlySaysWhy(t *testing.T) {
	e := newEnv(t)
	const u = "/entry/grid?unit=268&period=2019-10"

	_, body, _ := get(t, e.login(t, "canbophuong"), e.ts.URL+u)
	if !strings.Contains(body, `id="grid-partly"`) || !strings.Contains(body, "Bạn nhập được dòng của Phường Nguyễn Trãi. Các dòng khác chỉ xem") {
		t.Errorf("a ward clerk on the district's grid is not told which row she may change")
	}
	inputs := regexp.MustCompile(`<input class="entry-input"[^>]*>`).FindAllStringSubmatch(body, -1)
	if len(inputs) == 0 {
		t.Fatal("no input in the grid")
	}
	own := 0
	for _, in := range inputs {
		ro := strings.Contains(in[0], " readonly")
		if strings.Contains(in[0], `aria-label="Phường Nguyễn Trãi:`) {
			own++
			if ro {
				t.Errorf("the clerk's own ward is read-only: %s", in[0])
			}
			continue
		}
		if !ro || strings.Contains(in[0], " name=") || !strings.Contains(in[0], `title="Chỉ xem: bạn không có quyền nhập cho đơn vị này"`) {
			t.Fatalf("another ward's box is not read-only with its reason: %s", in[0])
		}
	}
	if own == 0 {
		t.Error("the clerk's own ward has no row")
	}
	if !strings.Contains(body, `id="grid-save"`) {
		t.Errorf("the clerk cannot save her ward's row")
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
		{"daibieu", "<h1>Thành phố Hà Nội</h1>"}, // the one province whose figures the demo holds
	} {
		code, body, _ := get(t, e.login(t, c.user), e.ts.URL+"/")
		if code != 200 || !strings.Contains(body, c.want) {
			t.Errorf("%s lands on %q (status %d), want %s", c.user, regexp.MustCompile(`<h1>[^<]*</h1>`).FindString(body), code, c.want)
		}
	}
}
