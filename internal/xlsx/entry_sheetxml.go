package xlsx

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// Two readers of a sheet's XML give the cell pass (entry_cells.go) the
// same tokens. encoding/xml reads any XML but allocates several objects a
// token: for the 83,025 cells of a national template that was about a
// third of a second of CPU and 80 MB of garbage per import. fastLexer reads
// the plain XML that Excel, LibreOffice, openpyxl and excelize write, from
// one string, without allocating per token; anything else (comments,
// CDATA, a DOCTYPE, prefixed element names, unknown entities, malformed
// markup) makes it give up before the first cell is passed on, and the
// sheet is read by encoding/xml as before. FuzzSheetReadersAgree checks
// that whatever the fast reader accepts, both read the same cells.

type tokKind uint8

const (
	tokStart tokKind = iota + 1
	tokEnd
	tokText
)

// sheetAttr is an attribute by its local name (after any prefix), as
// encoding/xml names it.
type sheetAttr struct{ local, value string }

// sheetToken is one token; it and its attributes are valid until the next
// call of next.
type sheetToken struct {
	kind  tokKind
	local string // element's local name (start and end)
	attrs []sheetAttr
	text  string // character data, entities decoded (text)
}

// sheetLexer yields a sheet's tokens, then io.EOF.
type sheetLexer interface {
	next() (*sheetToken, error)
}

// xmlLexer adapts encoding/xml's decoder.
type xmlLexer struct {
	d   *xml.Decoder
	tok sheetToken
}

func (x *xmlLexer) next() (*sheetToken, error) {
	for {
		t, err := x.d.Token()
		if err != nil {
			return nil, err
		}
		switch t := t.(type) {
		case xml.StartElement:
			x.tok = sheetToken{kind: tokStart, local: t.Name.Local, attrs: x.tok.attrs[:0]}
			for _, a := range t.Attr {
				x.tok.attrs = append(x.tok.attrs, sheetAttr{a.Name.Local, a.Value})
			}
			return &x.tok, nil
		case xml.EndElement:
			x.tok = sheetToken{kind: tokEnd, local: t.Name.Local, attrs: x.tok.attrs[:0]}
			return &x.tok, nil
		case xml.CharData:
			x.tok = sheetToken{kind: tokText, text: string(t), attrs: x.tok.attrs[:0]}
			return &x.tok, nil
		}
		// Comments, processing instructions and directives say nothing
		// about cells.
	}
}

// errNotPlain says that the fast reader does not handle this XML: the
// caller reads it with encoding/xml instead.
var errNotPlain = errors.New("sheet XML outside the fast reader's subset")

// fastLexer reads plain XML from a string, slicing names, values and text
// out of it (a cell's number keeps a slice of the sheet, not a copy).
type fastLexer struct {
	doc   string
	i     int
	stack []string // raw names of the open elements
	tok   sheetToken
	// closeNext is set after a self-closing tag: its end comes next.
	closeNext bool
}

// plainSheetCells reports whether fastLexer reads all of doc (every
// character is one XML allows, and the whole document tokenizes within the
// subset), and counts the <c> elements (an upper bound on the cells read,
// to size what holds them).
func plainSheetCells(doc string) (cells int, ok bool) {
	for i := 0; i < len(doc); {
		c := doc[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return 0, false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(doc[i:])
		if r == utf8.RuneError && n == 1 || !(r >= 0x80 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			return 0, false
		}
		i += n
	}
	l := fastLexer{doc: doc}
	for {
		t, err := l.next()
		if err != nil {
			return cells, err == io.EOF
		}
		if t.kind == tokStart && t.local == "c" {
			cells++
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (l *fastLexer) skipSpace() {
	for l.i < len(l.doc) && isSpace(l.doc[l.i]) {
		l.i++
	}
}

// name reads an ASCII XML name; ok is false for anything else.
func (l *fastLexer) name() (string, bool) {
	start := l.i
	for l.i < len(l.doc) {
		c := l.doc[l.i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' ||
			l.i > start && (c >= '0' && c <= '9' || c == '.' || c == '-') {
			l.i++
			continue
		}
		break
	}
	return l.doc[start:l.i], l.i > start
}

// wholeName reports whether all of doc is one name.
func (l *fastLexer) wholeName() bool {
	n, ok := l.name()
	return ok && len(n) == len(l.doc)
}

// localName splits a raw name as encoding/xml does: the part after a
// single colon. Names it might treat otherwise are not plain.
func localName(raw string) (string, bool) {
	i := strings.IndexByte(raw, ':')
	if i < 0 {
		return raw, true
	}
	if i == 0 || i == len(raw)-1 || strings.IndexByte(raw[i+1:], ':') >= 0 {
		return "", false
	}
	return raw[i+1:], true
}

func (l *fastLexer) next() (*sheetToken, error) {
	attrs := l.tok.attrs[:0]
	if l.closeNext {
		l.closeNext = false
		raw := l.stack[len(l.stack)-1]
		l.stack = l.stack[:len(l.stack)-1]
		local, _ := localName(raw)
		l.tok = sheetToken{kind: tokEnd, local: local, attrs: attrs}
		return &l.tok, nil
	}
	for {
		if l.i >= len(l.doc) {
			if len(l.stack) > 0 {
				return nil, errNotPlain // unclosed: encoding/xml says how
			}
			return nil, io.EOF
		}
		if l.doc[l.i] != '<' {
			j := strings.IndexByte(l.doc[l.i:], '<')
			if j < 0 {
				j = len(l.doc) - l.i
			}
			raw := l.doc[l.i : l.i+j]
			text, ok := unescape(raw)
			if !ok || strings.Contains(raw, "]]>") {
				return nil, errNotPlain
			}
			l.i += j
			l.tok = sheetToken{kind: tokText, text: text, attrs: attrs}
			return &l.tok, nil
		}
		rest := l.doc[l.i:]
		switch {
		case strings.HasPrefix(rest, "</"):
			l.i += 2
			raw, ok := l.name()
			if !ok || len(l.stack) == 0 || l.stack[len(l.stack)-1] != raw {
				return nil, errNotPlain
			}
			l.skipSpace()
			if l.i >= len(l.doc) || l.doc[l.i] != '>' {
				return nil, errNotPlain
			}
			l.i++
			l.stack = l.stack[:len(l.stack)-1]
			local, _ := localName(raw)
			l.tok = sheetToken{kind: tokEnd, local: local, attrs: attrs}
			return &l.tok, nil
		case strings.HasPrefix(rest, "<?"):
			end := strings.Index(rest[2:], "?>")
			if end < 0 || !plainDeclaration(rest[2:2+end]) {
				return nil, errNotPlain
			}
			l.i += 2 + end + 2
			continue
		case strings.HasPrefix(rest, "<!"):
			return nil, errNotPlain // comment, CDATA, DOCTYPE
		}
		l.i++
		raw, ok := l.name()
		if !ok || strings.IndexByte(raw, ':') >= 0 {
			return nil, errNotPlain
		}
		for {
			hadSpace := l.i < len(l.doc) && isSpace(l.doc[l.i])
			l.skipSpace()
			if l.i >= len(l.doc) {
				return nil, errNotPlain
			}
			if c := l.doc[l.i]; c == '>' || c == '/' {
				if c == '/' {
					if l.i+1 >= len(l.doc) || l.doc[l.i+1] != '>' {
						return nil, errNotPlain
					}
					l.closeNext = true
					l.i++
				}
				l.i++
				break
			}
			if !hadSpace {
				return nil, errNotPlain
			}
			an, ok := l.name()
			if !ok {
				return nil, errNotPlain
			}
			local, ok := localName(an)
			if !ok {
				return nil, errNotPlain
			}
			l.skipSpace()
			if l.i >= len(l.doc) || l.doc[l.i] != '=' {
				return nil, errNotPlain
			}
			l.i++
			l.skipSpace()
			if l.i >= len(l.doc) || l.doc[l.i] != '"' && l.doc[l.i] != '\'' {
				return nil, errNotPlain
			}
			q := l.doc[l.i]
			l.i++
			j := strings.IndexByte(l.doc[l.i:], q)
			if j < 0 {
				return nil, errNotPlain
			}
			v := l.doc[l.i : l.i+j]
			l.i += j + 1
			if strings.IndexByte(v, '<') >= 0 {
				return nil, errNotPlain
			}
			if v, ok = unescape(v); !ok {
				return nil, errNotPlain
			}
			attrs = append(attrs, sheetAttr{local, v})
		}
		l.stack = append(l.stack, raw)
		l.tok = sheetToken{kind: tokStart, local: raw, attrs: attrs}
		return &l.tok, nil
	}
}
