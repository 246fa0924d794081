package web

import "testing"

func TestMonthInputReadsTheVietnameseWay(t *testing.T) {
	for in, want := range map[string]string{
		"10/2019":   "2019-10",
		"1/2020":    "2020-01",
		" 03/2021 ": "2021-03",
		"2019-10":   "2019-10", // ISO passes through
		"13/2019":   "13/2019", // no 13th month: left for ParseMonth to refuse
		"0/2019":    "0/2019",
		"10/19":     "10/19",
		"":          "",
	} {
		if got := monthInput(in); got != want {
			t.Errorf("monthInput(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"2019-10": "10/2019", "2020-01": "01/2020", "13/2019": "13/2019", "": ""} {
		if got := monthShown(in); got != want {
			t.Errorf("monthShown(%q) = %q, want %q", in, got, want)
		}
	}
}
