package oversight_test

import (
	"testing"

	"github.com/cchc/cchc/internal/oversight"
)

// "0.745" cannot be a number grouped in thousands (no group starts with
// 0): it is the fraction 0.745, which a count then refuses as not whole.
// Real groupings still read as thousands.
func TestParseNumberLeadingZeroIsNotAThousandsGroup(t *testing.T) {
	for in, want := range map[string]float64{
		"0.745": 0.745, "-0.5": -0.5, "00.123": 0.123,
		"6.538": 6538, "100.565": 100565, "1.234.567": 1234567, "-4.118": -4118,
	} {
		got, err := oversight.ParseNumber(in)
		if err != nil || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}
