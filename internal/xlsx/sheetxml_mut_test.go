package xlsx

import "testing"

// charRef, the fast sheet reader's numeric character references, by hand
// at the edges of each digit range ('0' and '9', 'a' and 'f', 'A' and 'F',
// and the characters just outside them). Through a sheet, a reference the
// fast reader refused would only send the sheet to encoding/xml, which
// reads it the same, so the readers' agreement cannot tell a digit range
// one character too narrow: this test can.
func TestCharRefByHand(t *testing.T) {
	for _, tc := range []struct {
		ent  string
		want rune
		ok   bool
	}{
		{"#48", '0', true}, {"#57", '9', true}, {"#90", 'Z', true}, {"#9", '\t', true}, {"#10", '\n', true},
		{"#13", '\r', true}, {"#32", ' ', true}, {"#7840", 'Ạ', true},
		{"#x30", '0', true}, {"#x39", '9', true},
		{"#x4a", 'J', true}, {"#x4f", 'O', true}, {"#xa0", '\u00a0', true}, {"#xf6", 'ö', true},
		{"#x4A", 'J', true}, {"#x4F", 'O', true}, {"#xA0", '\u00a0', true}, {"#xF6", 'ö', true},
		{"#x1EA0", 'Ạ', true},
		// One character outside each range: '/' and ':' around the digits,
		// '`' and 'g' around a-f, '@' and 'G' around A-F; letters in decimal.
		{"#4/", 0, false}, {"#4:", 0, false}, {"#x4/", 0, false}, {"#x4:", 0, false},
		{"#x4`", 0, false}, {"#x4g", 0, false}, {"#x4@", 0, false}, {"#x4G", 0, false}, {"#4a", 0, false},
		// Characters XML does not allow, and no digits.
		{"#0", 0, false}, {"#8", 0, false}, {"#xFFFE", 0, false}, {"#", 0, false}, {"#x", 0, false}, {"65", 0, false},
	} {
		got, ok := charRef(tc.ent)
		if ok != tc.ok || ok && got != tc.want {
			t.Errorf("charRef(%q) = %q, %v; want %q, %v", tc.ent, got, ok, tc.want, tc.ok)
		}
	}
}
