package xlsx

import "strings"

// The text rules of the fast sheet reader (entry_sheetxml.go): the XML
// declaration it accepts, and entities and line ends decoded as
// encoding/xml decodes them.

// plainDeclaration accepts a processing instruction other than the XML
// declaration, or a declaration of version 1.0 in UTF-8 (what encoding/xml
// reads without help).
func plainDeclaration(pi string) bool {
	target, content, _ := strings.Cut(pi, " ")
	if l := (fastLexer{doc: target}); !l.wholeName() {
		return false
	}
	if target != "xml" {
		return true
	}
	for _, f := range strings.Fields(content) {
		k, v, ok := strings.Cut(f, "=")
		if !ok || len(v) < 2 || v[0] != v[len(v)-1] || v[0] != '"' && v[0] != '\'' {
			return false
		}
		v = v[1 : len(v)-1]
		switch k {
		case "version":
			if v != "1.0" {
				return false
			}
		case "encoding":
			if !strings.EqualFold(v, "utf-8") {
				return false
			}
		case "standalone":
		default:
			return false
		}
	}
	return true
}

// unescape decodes the five predefined entities and character references
// and turns CR LF and lone CR into LF, as encoding/xml does; ok is false
// for anything encoding/xml would refuse.
func unescape(s string) (string, bool) {
	if strings.IndexByte(s, '&') < 0 && strings.IndexByte(s, '\r') < 0 {
		return s, true
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '&':
			end := strings.IndexByte(s[i:], ';')
			if end < 0 {
				return "", false
			}
			ent := s[i+1 : i+end]
			i += end
			switch ent {
			case "lt":
				b.WriteByte('<')
			case "gt":
				b.WriteByte('>')
			case "amp":
				b.WriteByte('&')
			case "apos":
				b.WriteByte('\'')
			case "quot":
				b.WriteByte('"')
			default:
				r, ok := charRef(ent)
				if !ok {
					return "", false
				}
				b.WriteRune(r)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// charRef reads "#65" or "#x41"; only characters XML allows.
func charRef(ent string) (rune, bool) {
	digits, base := strings.TrimPrefix(ent, "#"), 10
	if len(digits) == len(ent) || digits == "" {
		return 0, false
	}
	if strings.HasPrefix(digits, "x") {
		digits, base = digits[1:], 16
	}
	if digits == "" || len(digits) > 8 {
		return 0, false
	}
	var r rune
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		var d rune
		switch {
		case c >= '0' && c <= '9':
			d = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = rune(c-'A') + 10
		default:
			return 0, false
		}
		r = r*rune(base) + d
	}
	ok := r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
	return r, ok
}
