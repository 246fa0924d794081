package sqlite

import (
	"context"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/cchc/cchc/internal/oversight"
)

// UnitHit is a unit found by a search, with the name of its parent so that
// two communes of the same name can be told apart.
type UnitHit struct {
	oversight.Unit
	ParentName string
}

// UnitQuery is what a unit search asks for.
type UnitQuery struct {
	Text  string     // words of the name, with or without diacritics, or the start of a code
	On    *time.Time // only units in force that day; nil for every period
	Under int64      // only this unit and those below it; 0 for the whole tree
	Limit int        // at most this many hits (1 to 100; 20 when 0)
	Today time.Time  // units in force this day rank first; now when zero
	// Near is a unit code, the searcher's province: units below a unit
	// with this code (in any period) rank before others of the same name,
	// so a Hà Nội delegate's "nguyen trai" lists Hà Nội's wards first.
	Near string
}

// MaxUnitHits bounds one search's answer.
const MaxUnitHits = 100

// foldName is the search text as the search compares it: lower case,
// every Vietnamese letter folded to its base letter (đ to d), combining
// marks dropped.
func foldName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// vietnameseLetters lists, by base letter, the Vietnamese letters that
// fold to it (lower case; upper case is added where the pattern is made).
var vietnameseLetters = map[rune]string{
	'a': "aàáảãạăằắẳẵặâầấẩẫậ", 'e': "eèéẻẽẹêềếểễệ", 'i': "iìíỉĩị",
	'o': "oòóỏõọôồốổỗộơờớởỡợ", 'u': "uùúủũụưừứửữự", 'y': "yỳýỷỹỵ", 'd': "dđ",
}

// globOf turns folded text into a GLOB pattern matching it in a name as
// stored (NFC, any case, any diacritics): "ha" becomes "[hH][aAàÀ…]". The
// names need no folded copy, so nothing is added to writing a unit.
func globOf(folded string) string {
	var b strings.Builder
	for _, r := range folded {
		switch {
		case vietnameseLetters[r] != "":
			b.WriteByte('[')
			b.WriteString(vietnameseLetters[r])
			b.WriteString(strings.ToUpper(vietnameseLetters[r]))
			b.WriteByte(']')
		case unicode.ToUpper(r) != r:
			b.WriteByte('[')
			b.WriteRune(r)
			b.WriteRune(unicode.ToUpper(r))
			b.WriteByte(']')
		case r == '*' || r == '?' || r == '[' || r == ']':
			b.WriteByte('[')
			b.WriteRune(r)
			b.WriteByte(']')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fixedRune reports whether LIKE can match r for every way a name may
// write it: an ASCII letter or digit without Vietnamese variants.
func fixedRune(r rune) bool {
	return r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) && vietnameseLetters[r] == ""
}

// leadingFixed is the run of fixed runes that starts folded text.
func leadingFixed(folded string) string {
	for i, r := range folded {
		if !fixedRune(r) {
			return folded[:i]
		}
	}
	return folded
}

// longestFixed is the longest run of folded text whose characters are
// ASCII letters and digits without Vietnamese variants, which LIKE
// compares without regard to case.
func longestFixed(folded string) string {
	best, run := "", ""
	for _, r := range folded {
		if fixedRune(r) {
			run += string(r)
			if len(run) > len(best) {
				best = run
			}
		} else {
			run = ""
		}
	}
	return best
}

// wordStart, before a word's pattern, matches it at the start of a word of
// ' ' || name, that is after a space.
const wordStart = "* "

// likeEscape makes s a literal inside a LIKE pattern with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SearchUnits finds units by name, without regard to diacritics or case,
// or by the start of their code. Every word of the text must start a word
// of the name, in any order ("ha dong" finds Phường Hà Đông, not Xã Thạch
// Đồng). Hits come best first: the code itself, the whole name, names in
// which the whole text starts a word, units in the searcher's province
// (Near), units in force today, then shorter names.
func (db *DB) SearchUnits(ctx context.Context, q UnitQuery) ([]UnitHit, error) {
	text := strings.Join(strings.Fields(q.Text), " ")
	folded := foldName(text)
	if folded == "" {
		return nil, nil
	}
	if q.Limit <= 0 {
		q.Limit = 20
	}
	q.Limit = min(q.Limit, MaxUnitHits)
	var where []string
	var args []any
	words := strings.Fields(folded)
	var byName []string
	for _, w := range words {
		// A cheap LIKE on letters that have no diacritics first: the GLOB's
		// character classes cost several times more per row. Best the
		// word's first letters at a word start ("% ph%"), else its longest
		// such run anywhere ("%ng%", common in Vietnamese names).
		if lead := leadingFixed(w); lead != "" {
			byName = append(byName, `' ' || u.name LIKE ? ESCAPE '\'`)
			args = append(args, "% "+likeEscape(lead)+"%")
		} else if fixed := longestFixed(w); fixed != "" {
			byName = append(byName, `u.name LIKE ? ESCAPE '\'`)
			args = append(args, "%"+likeEscape(fixed)+"%")
		}
		byName = append(byName, `' ' || u.name GLOB ?`)
		args = append(args, wordStart+globOf(w)+"*")
	}
	where = append(where, `((`+strings.Join(byName, ` AND `)+`) OR u.code LIKE ? ESCAPE '\')`)
	args = append(args, likeEscape(text)+"%")
	if q.On != nil {
		day := q.On.Format(time.DateOnly)
		where = append(where, `(u.valid_from IS NULL OR u.valid_from <= ?) AND (u.valid_to IS NULL OR u.valid_to >= ?)`)
		args = append(args, day, day)
	}
	var ctes []string
	var cteArgs []any
	if q.Under != 0 {
		ctes = append(ctes, `under(id) AS (SELECT ? UNION ALL SELECT c.id FROM units c JOIN under ON c.parent_id = under.id)`)
		cteArgs = append(cteArgs, q.Under)
		where = append(where, `u.id IN (SELECT id FROM under)`)
	}
	nearFirst := ""
	if q.Near != "" {
		ctes = append(ctes, `near(id) AS (SELECT id FROM units WHERE code = ? UNION ALL SELECT c.id FROM units c JOIN near ON c.parent_id = near.id)`)
		cteArgs = append(cteArgs, q.Near)
		nearFirst = `u.id IN (SELECT id FROM near) DESC, `
	}
	prefix := ""
	if len(ctes) > 0 {
		prefix = `WITH RECURSIVE ` + strings.Join(ctes, `, `) + ` `
		args = append(cteArgs, args...)
	}
	if q.Today.IsZero() {
		q.Today = time.Now()
	}
	today := q.Today.Format(time.DateOnly)
	phrase := globOf(folded)
	args = append(args, text, phrase, wordStart+phrase+"*", today, q.Limit)
	rows, err := db.read.QueryContext(ctx, prefix+`SELECT `+unitCols+`, COALESCE(p.name, '')
FROM units u LEFT JOIN units p ON p.id = u.parent_id
WHERE `+strings.Join(where, ` AND `)+`
ORDER BY u.code = ? DESC, u.name GLOB ? DESC, ' ' || u.name GLOB ? DESC, `+nearFirst+`
  COALESCE(u.valid_to, '9999') >= ? DESC, length(u.name), u.name, u.valid_from DESC
LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []UnitHit
	for rows.Next() {
		var h UnitHit
		u, err := scanUnit(withExtra{rows, []any{&h.ParentName}})
		if err != nil {
			return nil, err
		}
		h.Unit = u
		out = append(out, h)
	}
	return out, rows.Err()
}

// withExtra scans unitCols followed by more columns, so that readers here
// follow whatever scanUnit reads.
type withExtra struct {
	s     scanner
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.s.Scan(append(dest, w.extra...)...) }
