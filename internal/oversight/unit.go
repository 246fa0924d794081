package oversight

import (
	"fmt"
	"strings"
	"time"
)

// Unit kinds. The tree is generic: these name the kinds the reference data
// uses, and other kinds are accepted on import (never a fixed set of levels).
const (
	UnitNation     = "nation"
	UnitCity       = "city"
	UnitProvince   = "province"
	UnitDistrict   = "district"
	UnitWard       = "ward"
	UnitCommune    = "commune"
	UnitDepartment = "department"
)

// UnitKinds lists the territorial kinds offered when a unit is added by
// hand (organisations are added apart: OrganisationKinds).
var UnitKinds = []string{UnitWard, UnitCommune, UnitDistrict, UnitCity, UnitProvince, UnitNation}

// UnitKindKey names a kind of unit in the catalogue of words
// ("unitkind.ward"). Kinds that imports bring and the catalogue lacks are
// shown as their code (text.UnitKind).
func UnitKindKey(kind string) Word { return Word("unitkind." + kind) }

// Unit is a node of the administrative tree: a city, a district, a ward, a
// department. Units are never deleted: a unit that ceases to exist gets a
// ValidTo date, and its successors are linked to it.
type Unit struct {
	ID         int64
	Code       string // the official (GSO) code where there is one
	Official   bool   // whether Code is an official code
	Name       string
	Kind       string
	ParentID   int64 // 0 at the top
	ParentCode string
	ValidFrom  *time.Time
	ValidTo    *time.Time
	// Reused is set when another unit, in another period, has the same
	// code: a bare code then does not name this unit (see Ref).
	Reused bool
}

// Ref is how links and files name the unit: its code, or where the code
// names several units over time, code@YYYY-MM-DD with a day the unit was in
// force (its first day, else its last), which names it alone.
func (u Unit) Ref() string {
	if !u.Reused {
		return u.Code
	}
	if u.ValidFrom != nil {
		return u.Code + "@" + u.ValidFrom.Format(time.DateOnly)
	}
	if u.ValidTo != nil {
		return u.Code + "@" + u.ValidTo.Format(time.DateOnly)
	}
	return u.Code
}

// InForce reports whether the unit existed on day.
func (u Unit) InForce(day time.Time) bool {
	d := day.Format(time.DateOnly)
	return (u.ValidFrom == nil || u.ValidFrom.Format(time.DateOnly) <= d) &&
		(u.ValidTo == nil || d <= u.ValidTo.Format(time.DateOnly))
}

// Validity is the unit's period in words: "01/07/2025 – " or "– 30/06/2025".
func (u Unit) Validity() string {
	f, t := "…", "…"
	if u.ValidFrom != nil {
		f = u.ValidFrom.Format("02/01/2006")
	}
	if u.ValidTo != nil {
		t = u.ValidTo.Format("02/01/2006")
	}
	return f + " – " + t
}

// SplitUnitRef reads a unit reference: a code, or code@YYYY-MM-DD naming
// the unit of that code in force on that day. on is nil for a bare code.
func SplitUnitRef(ref string) (code string, on *time.Time, err error) {
	code, day, found := strings.Cut(strings.TrimSpace(ref), "@")
	if !found {
		return code, nil, nil
	}
	t, perr := time.Parse(time.DateOnly, day)
	if perr != nil {
		return code, nil, &Error{Code: EInvalid, Field: "unit",
			Key: "err.unit_reference_not_valid", Args: []any{ref}}
	}
	return code, &t, nil
}

// ZeroPadded lists the official-code forms of an all-digit code that lost
// its leading zeros (a spreadsheet turns "09538" into the number 9538):
// padded to 2 (province), 3 (district) and 5 (commune) digits, longer than
// code. Lookups try them, in that order, only when code names no unit.
func ZeroPadded(code string) []string {
	for _, r := range code {
		if r < '0' || r > '9' {
			return nil
		}
	}
	var out []string
	for _, n := range []int{2, 3, 5} {
		if len(code) > 0 && len(code) < n {
			out = append(out, strings.Repeat("0", n-len(code))+code)
		}
	}
	return out
}

// PickUnit chooses, among the units that carry one code (cands), the one
// a request concerns: the one in force during [from, to] when a span is
// given (nil: no date given), else the one in force today, else the first
// that carried the code (the longest-established: 09538 names Phường
// Nguyễn Trãi, for decades, rather than the Phường Quang Trung of the six
// months before 01/07/2025; a link to the other carries code@date). None, or several in the span, is an error that lists every
// candidate with its validity, so the person can say which.
func PickUnit(code string, cands []Unit, from, to *time.Time, today time.Time) (Unit, error) {
	if len(cands) == 0 {
		return Unit{}, Errf(ENotFound, "err.there_no_unit_with", code)
	}
	if from == nil {
		if len(cands) == 1 {
			return cands[0], nil
		}
		for _, u := range cands {
			if u.InForce(today) {
				return u, nil
			}
		}
		first := cands[0]
		for _, u := range cands[1:] {
			if laterStart(first, u) {
				first = u
			}
		}
		return first, nil
	}
	if to == nil {
		to = from
	}
	var in []Unit
	for _, u := range cands {
		if (u.ValidFrom == nil || !u.ValidFrom.After(*to)) && (u.ValidTo == nil || !u.ValidTo.Before(*from)) {
			in = append(in, u)
		}
	}
	when := from.Format("02/01/2006")
	if !to.Equal(*from) {
		when += " – " + to.Format("02/01/2006")
	}
	switch len(in) {
	case 1:
		return in[0], nil
	case 0:
		if len(cands) == 1 {
			// One unit carries the code: the caller checks its life
			// against the span and says so in its own words.
			return cands[0], nil
		}
		return Unit{}, Errf(ENotFound, "err.no_unit_has_code", code, when, candidateList(cands))
	}
	return Unit{}, Errf(EConflict, "err.code_names_several_units", code, when, candidateList(in), in[0].Ref())
}

func laterStart(a, b Unit) bool {
	if a.ValidFrom == nil {
		return false
	}
	return b.ValidFrom == nil || a.ValidFrom.After(*b.ValidFrom)
}

func candidateList(us []Unit) string {
	parts := make([]string, len(us))
	for i, u := range us {
		u.Reused = true
		parts[i] = fmt.Sprintf("%s %s (%s)", u.Ref(), u.Name, u.Validity())
	}
	return strings.Join(parts, "; ")
}

// MaxUnitCodeLength bounds a unit code, in characters.
const MaxUnitCodeLength = 32

// CheckUnitCode accepts a unit code of 1 to MaxUnitCodeLength ASCII
// letters, digits, dots, dashes and underscores ("9538", "268-VP"): codes
// appear in URLs, file names, spreadsheets and logs, where anything else
// (spaces, slashes, quotes, control characters, formula signs) is a trap.
func CheckUnitCode(code string) error {
	ok := code != "" && len(code) <= MaxUnitCodeLength
	for _, r := range code {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '.' || r == '-' || r == '_') {
			ok = false
		}
	}
	if !ok || code[0] == '-' || code[0] == '.' {
		return &Error{Code: EInvalid, Field: "code",
			Key: "err.unit_code_not_valid", Args: []any{code, MaxUnitCodeLength}}
	}
	return nil
}

// ExistedDuring reports whether the unit existed at some time in span s.
func (u Unit) ExistedDuring(s Span) bool {
	if u.ValidFrom != nil && u.ValidFrom.After(s.To.LastDay()) {
		return false
	}
	if u.ValidTo != nil && u.ValidTo.Before(s.From.FirstDay()) {
		return false
	}
	return true
}

// ExistingDuring keeps the first unit (the one a report is about) and,
// of the others, those that existed during s: a 2019 report of Hà Nội
// lists no ward formed in 2025, and a 2026 one no ward dissolved in 2025.
func ExistingDuring(units []Unit, s Span) []Unit {
	out := make([]Unit, 0, len(units))
	for i, u := range units {
		if i == 0 || u.ExistedDuring(s) {
			out = append(out, u)
		}
	}
	return out
}

// Succession links a unit to one that took over (part of) it.
type Succession struct {
	FromID   int64
	FromCode string
	ToID     int64
	ToCode   string
	On       time.Time // the successor's first day
	Note     string    // the official transfer note ("Nhập toàn bộ", "Nhập một phần", …)
	Whole    bool      // the old unit went into this one whole (its only successor)
}
