package text

import (
	"errors"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
)

// Moved from internal/oversight with the labels they check.
func TestBucketsCutTheSpanIntoCalendarPeriods(t *testing.T) {
	s := oversight.Span{From: oversight.NewMonth(2019, 2), To: oversight.NewMonth(2020, 1)}
	cases := []struct {
		by   oversight.Granularity
		want string
	}{
		{oversight.ByMonth, "02/2019|03/2019|04/2019|05/2019|06/2019|07/2019|08/2019|09/2019|10/2019|11/2019|12/2019|01/2020"},
		{oversight.ByQuarter, "Quý 1/2019 (02/2019–03/2019)|Quý 2/2019|Quý 3/2019|Quý 4/2019|Quý 1/2020 (01/2020)"},
		{oversight.ByHalf, "6 tháng đầu năm 2019 (02/2019–06/2019)|6 tháng cuối năm 2019|6 tháng đầu năm 2020 (01/2020)"},
		{oversight.ByYear, "Năm 2019 (02/2019–12/2019)|Năm 2020 (01/2020)"},
	}
	for _, tc := range cases {
		t.Run(string(tc.by), func(t *testing.T) {
			var labels []string
			months := 0
			for _, b := range oversight.Buckets(s, tc.by) {
				labels = append(labels, BucketLabel("vi", b))
				months += b.Span.Len()
				for _, lang := range []string{"vi", "en"} {
					if name := BucketSheetName(lang, b); len(name) > 31 || strings.ContainsAny(name, `/\?*[]:`) {
						t.Errorf("sheet name %q is not allowed", name)
					}
				}
			}
			if got := strings.Join(labels, "|"); got != tc.want {
				t.Errorf("buckets %q, want %q", got, tc.want)
			}
			if months != s.Len() {
				t.Errorf("buckets cover %d months, want %d", months, s.Len())
			}
		})
	}
	if _, err := oversight.ParseGranularity("week"); oversight.ErrorCode(err) != oversight.EInvalid {
		t.Errorf("week: %v, want invalid", err)
	}
}

func TestNumberByHand(t *testing.T) {
	cases := []struct {
		v        float64
		decimals int
		lang     string
		want     string
	}{
		{0, 1, "vi", "0"},
		{538, 0, "vi", "538"},
		{6538, 0, "vi", "6.538"},
		{100565, 0, "vi", "100.565"},
		{1234567, 0, "en", "1,234,567"},
		{-1234.56, 1, "vi", "-1.234,6"},
		{-1234.56, 1, "en", "-1,234.6"},
		{0.5, 1, "vi", "0,5"},
		{2, 1, "vi", "2"},
		{74.25, 2, "en", "74.25"},
		{-0.4, 0, "vi", "-0"},
	}
	for _, tc := range cases {
		if got := Number(tc.lang, tc.v, tc.decimals); got != tc.want {
			t.Errorf("Number(%v, %d, %s) = %q, want %q", tc.v, tc.decimals, tc.lang, got, tc.want)
		}
	}
	if got := Percent("vi", 74.5); got != "74,5%" {
		t.Errorf("FormatPercent = %q", got)
	}
	if got := Percent("en", 74.5); got != "74.5%" {
		t.Errorf("FormatPercent en = %q", got)
	}
}

func TestBucketLabelsByHand(t *testing.T) {
	s := oversight.Span{From: oversight.NewMonth(2019, 2), To: oversight.NewMonth(2019, 8)}
	cases := map[oversight.Granularity][][2]string{
		oversight.ByQuarter: {
			{"Quý 1/2019 (02/2019–03/2019)", "Q1 2019 (02/2019–03/2019)"},
			{"Quý 2/2019", "Q2 2019"},
			{"Quý 3/2019 (07/2019–08/2019)", "Q3 2019 (07/2019–08/2019)"},
		},
		oversight.ByHalf: {
			{"6 tháng đầu năm 2019 (02/2019–06/2019)", "H1 2019 (02/2019–06/2019)"},
			{"6 tháng cuối năm 2019 (07/2019–08/2019)", "H2 2019 (07/2019–08/2019)"},
		},
		oversight.ByYear: {{"Năm 2019 (02/2019–08/2019)", "Year 2019 (02/2019–08/2019)"}},
		oversight.ByMonth: {{"02/2019", "02/2019"}, {"03/2019", "03/2019"}, {"04/2019", "04/2019"}, {"05/2019", "05/2019"},
			{"06/2019", "06/2019"}, {"07/2019", "07/2019"}, {"08/2019", "08/2019"}},
	}
	for g, want := range cases {
		bs := oversight.Buckets(s, g)
		if len(bs) != len(want) {
			t.Fatalf("%s: %d buckets, want %d", g, len(bs), len(want))
		}
		for i, w := range want {
			if vi, en := BucketLabel("vi", bs[i]), BucketLabel("en", bs[i]); vi != w[0] || en != w[1] {
				t.Errorf("%s bucket %d: %q / %q, want %q / %q", g, i, vi, en, w[0], w[1])
			}
		}
	}
	if got := BucketLabel("vi", oversight.Buckets(oversight.Year(2019), oversight.ByQuarter)[3]); got != "Quý 4/2019" {
		t.Errorf("the fourth quarter of a full year: %q", got)
	}
}

// Every role, status, action, group and kind the domain names has words in
// the catalogue: a word missing would show as its key on a page.
func TestEveryDomainNameHasWords(t *testing.T) {
	var words []oversight.Word
	for _, r := range oversight.Roles {
		words = append(words, r.Key())
	}
	for _, s := range []oversight.Status{oversight.StatusDraft, oversight.StatusSubmitted, oversight.StatusApproved, oversight.StatusReturned} {
		words = append(words, s.Key())
	}
	for _, s := range oversight.RecStatuses {
		words = append(words, oversight.RecStatusKey(s))
	}
	for _, a := range oversight.RecActions {
		words = append(words, a.Key())
	}
	for _, g := range oversight.Groups {
		words = append(words, g.Key())
	}
	for _, k := range append(append([]string{}, oversight.UnitKinds...), oversight.OrganisationKinds...) {
		words = append(words, oversight.UnitKindKey(k))
	}
	for _, w := range words {
		if !Has(string(w)) {
			t.Errorf("%s has no words", w)
		}
	}
	if got := Word("en", oversight.RoleDelegate.Key()); got != "Council delegate" {
		t.Errorf("delegate in English = %q", got)
	}
	if got := UnitKind("vi", "hamlet"); got != "hamlet" {
		t.Errorf("an unknown kind shows as %q, want its code", got)
	}
	if got := RecStatus("vi", oversight.RecInProgress); got != "Đang thực hiện" {
		t.Errorf("in progress = %q", got)
	}
}

func TestErrorIsRenderedFromItsKey(t *testing.T) {
	_, err := oversight.ParseNumber("abc")
	if got, want := Error(err, "vi"), `"abc" không phải là số (ví dụ 6.538 hoặc 74,5).`; got != want {
		t.Errorf("vi: %q, want %q", got, want)
	}
	if got, want := Error(err, "en"), `"abc" is not a number (for example 6538 or 74.5).`; got != want {
		t.Errorf("en: %q, want %q", got, want)
	}
	if got := Error(errors.New("disk full"), "en"); got != "Internal error. The problem has been logged; please try again later." {
		t.Errorf("an internal error shows %q", got)
	}
	// The log form names the key and the arguments, in no language.
	if got := err.Error(); got != "err.not_number_example_6538[abc]" {
		t.Errorf("Error() = %q", got)
	}
	// A wrapped error is still rendered from its key.
	if got := Error(errors.Join(errors.New("load"), err), "vi"); !strings.Contains(got, "không phải là số") {
		t.Errorf("wrapped: %q", got)
	}
}

func TestIssueArgumentsAreWrittenInTheLanguage(t *testing.T) {
	m, _ := oversight.MetricByCode("dossiers_received")
	is := oversight.ValidateValue(m, 1234.5)
	if is == nil {
		t.Fatal("1234,5 dossiers accepted")
	}
	if got, want := Issue("vi", *is), "Hồ sơ tiếp nhận phải là số nguyên không âm (đã nhập 1.234,5)."; got != want {
		t.Errorf("vi: %q, want %q", got, want)
	}
	if got, want := Issue("en", *is), m.NameEN+" must be a whole number of 0 or more (got 1,234.5)."; got != want {
		t.Errorf("en: %q, want %q", got, want)
	}
}

func TestLineErrorsAreWrittenPerLine(t *testing.T) {
	_, err := oversight.ParseUnitRows([][]string{{"code", "name", "kind", "parent_code"}, {"1", "", "ward", ""}}, nil)
	lines := LineErrors("vi", err)
	if len(lines) != 1 || lines[0] != "dòng 2: thiếu tên đơn vị (name)" {
		t.Errorf("vi lines = %q", lines)
	}
	if en := LineErrors("en", err); len(en) != 1 || en[0] != "line 2: the unit name (name) is missing" {
		t.Errorf("en lines = %q", en)
	}
	if got := Error(err, "vi"); got != "dòng 2: thiếu tên đơn vị (name)" {
		t.Errorf("Error = %q", got)
	}
}
