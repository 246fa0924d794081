package oversight

import (
	"math"
	"strconv"
	"strings"
)

// ParseNumber reads a number as Vietnamese staff type it ("6.538",
// "74,5", "74,5%") or as a plain number ("6538", "74.5"). A '.' followed by
// groups of exactly three digits is a thousands separator, otherwise a
// decimal point; ',' is the decimal comma unless '.' comes after it.
func ParseNumber(s string) (float64, error) {
	orig := s
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "%")
	s = strings.ReplaceAll(s, " ", "")
	s = strings.ReplaceAll(s, "\u00a0", "")
	// The error is built only when needed: imports parse ~100,000 cells.
	bad := func() error {
		return Errf(EInvalid, "err.not_number_example_6538", orig)
	}
	if s == "" {
		return 0, bad()
	}
	dot, comma := strings.LastIndex(s, "."), strings.LastIndex(s, ",")
	switch {
	case dot >= 0 && comma >= 0 && comma > dot: // 1.234,5
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	case dot >= 0 && comma >= 0: // 1,234.5
		s = strings.ReplaceAll(s, ",", "")
	case comma >= 0:
		if strings.Count(s, ",") > 1 {
			return 0, bad()
		}
		s = strings.Replace(s, ",", ".", 1)
	case dot >= 0 && thousandsGroups(s, '.'):
		s = strings.ReplaceAll(s, ".", "")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, bad()
	}
	return v, nil
}

// thousandsGroups reports whether every part after the first sep is three digits.
func thousandsGroups(s string, sep byte) bool {
	parts := strings.Split(strings.TrimPrefix(s, "-"), string(sep))
	// A grouped number never starts with 0: "0.745" is a fraction written
	// the English way, not seven hundred and forty-five.
	if len(parts) < 2 || len(parts[0]) == 0 || len(parts[0]) > 3 || parts[0][0] == '0' {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}
