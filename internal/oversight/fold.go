package oversight

import (
	"strings"
	"unicode"
)

// vietFold maps each precomposed Vietnamese letter to its base letter.
var vietFold = func() map[rune]rune {
	groups := map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậ",
		'e': "èéẻẽẹêềếểễệ",
		'i': "ìíỉĩị",
		'o': "òóỏõọôồốổỗộơờớởỡợ",
		'u': "ùúủũụưừứửữự",
		'y': "ỳýỷỹỵ",
		'd': "đ",
	}
	m := map[rune]rune{}
	for base, letters := range groups {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// Fold lowers s and strips its Vietnamese diacritics (đ becomes d), so
// "Hà Đông" and "ha dong" compare equal. Combining marks, as in
// decomposed input, are dropped; runs of spaces become one.
func Fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if f, ok := vietFold[r]; ok {
			r = f
		}
		if unicode.IsSpace(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// SearchText is the folded text a session is found by.
func (s Session) SearchText() string {
	parts := []string{s.Body, s.Term, s.Leader, s.Form, s.Topic, s.PlanDoc, s.UnitName, s.UnitCode, s.ReportNo,
		s.Summary, s.Findings, s.Conclusion, s.Date.Format("02/01/2006")}
	parts = append(parts, s.Members...)
	parts = append(parts, s.Guests...)
	return Fold(strings.Join(parts, " \n "))
}

// MatchesQuery reports whether a folded search text contains every word
// of the query, ignoring case and diacritics.
func MatchesQuery(folded, query string) bool {
	for _, w := range strings.Fields(Fold(query)) {
		if !strings.Contains(folded, w) {
			return false
		}
	}
	return true
}
