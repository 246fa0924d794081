package web

import (
	"fmt"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// spanName names a span the way council reports do when it is a whole
// calendar period ("Quý 3/2019", "6 tháng đầu năm 2019", "9 tháng đầu năm
// 2019", "Năm 2019") or a year to date ("Lũy kế từ đầu năm 2019"), so a
// preset says which quarter or half it shows. Other spans, and single
// months, have no name: their months say it all.
func spanName(l string, sp oversight.Span) string {
	y := sp.From.Year()
	if sp.From == sp.To || sp.To.Year() != y {
		return ""
	}
	for _, b := range []oversight.Bucket{
		{Span: sp, Full: oversight.Quarter(y, (sp.From.MonthNum()-1)/3+1), By: oversight.ByQuarter},
		{Span: sp, Full: oversight.Half(y, (sp.From.MonthNum()-1)/6+1), By: oversight.ByHalf},
		{Span: sp, Full: oversight.Year(y), By: oversight.ByYear},
	} {
		if b.Span == b.Full {
			return text.BucketLabel(l, b)
		}
	}
	if sp.From.MonthNum() != 1 {
		return ""
	}
	if sp == oversight.NineMonths(y) {
		if l == "en" {
			return fmt.Sprintf("First 9 months of %d", y)
		}
		return fmt.Sprintf("9 tháng đầu năm %d", y)
	}
	if l == "en" {
		return fmt.Sprintf("%d year to date", y)
	}
	return fmt.Sprintf("Lũy kế từ đầu năm %d", y)
}
