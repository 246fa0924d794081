package oversight

import (
	"fmt"
	"testing"
)

// String and Label write what fmt would, for every month of years 0 to
// 9999 and of two years past them.
func TestMonthStringAndLabelAsFmt(t *testing.T) {
	for y := 0; y <= 10001; y++ {
		for mo := 1; mo <= 12; mo++ {
			m := NewMonth(y, mo)
			if got, want := m.String(), fmt.Sprintf("%04d-%02d", m.Year(), m.MonthNum()); got != want {
				t.Fatalf("String of %d/%d = %q, want %q", mo, y, got, want)
			}
			if got, want := m.Label(), fmt.Sprintf("%02d/%04d", m.MonthNum(), m.Year()); got != want {
				t.Fatalf("Label of %d/%d = %q, want %q", mo, y, got, want)
			}
		}
	}
}
