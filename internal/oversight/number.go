package oversight

import (
	"fmt"
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
		return Bilingual(EInvalid,
			fmt.Sprintf("%q không phải là số (ví dụ 6.538 hoặc 74,5).", orig),
			fmt.Sprintf("%q is not a number (for example 6538 or 74.5).", orig))
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

// FormatNumber writes v the way lang reads numbers: "6.538" and "74,5" in
// Vietnamese, "6,538" and "74.5" in English, with at most decimals digits
// after the point and no trailing zeros.
func FormatNumber(v float64, decimals int, lang string) string {
	thou, dec := ".", ","
	if lang == "en" {
		thou, dec = ",", "."
	}
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(thou)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(dec)
		b.WriteString(frac)
	}
	return b.String()
}

// FormatPercent writes a percentage with at most one decimal: "74%", "74,5%".
func FormatPercent(v float64, lang string) string { return FormatNumber(v, 1, lang) + "%" }
