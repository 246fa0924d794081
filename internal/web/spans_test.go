package web

import (
	"testing"

	"github.com/cchc/cchc/internal/oversight"
)

func TestSpanName(t *testing.T) {
	m := oversight.NewMonth
	for _, c := range []struct {
		sp     oversight.Span
		vi, en string
	}{
		{oversight.Quarter(2019, 3), "Quý 3/2019", "Q3 2019"},
		{oversight.Half(2019, 1), "6 tháng đầu năm 2019", "H1 2019"},
		{oversight.Half(2018, 2), "6 tháng cuối năm 2018", "H2 2018"},
		{oversight.NineMonths(2019), "9 tháng đầu năm 2019", "First 9 months of 2019"},
		{oversight.Year(2018), "Năm 2018", "Year 2018"},
		{oversight.YearToDate(m(2019, 10)), "Lũy kế từ đầu năm 2019", "2019 year to date"},
		{oversight.Span{From: m(2019, 10), To: m(2019, 10)}, "", ""},
		{oversight.Span{From: m(2019, 8), To: m(2019, 10)}, "", ""},
		{oversight.Span{From: m(2018, 11), To: m(2019, 2)}, "", ""},
	} {
		if got := spanName("vi", c.sp); got != c.vi {
			t.Errorf("spanName(vi, %s) = %q, want %q", c.sp.Label(), got, c.vi)
		}
		if got := spanName("en", c.sp); got != c.en {
			t.Errorf("spanName(en, %s) = %q, want %q", c.sp.Label(), got, c.en)
		}
	}
}
