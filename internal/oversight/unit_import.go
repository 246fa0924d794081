package oversight

import (
	"fmt"
	"strings"
	"time"
)

// UnitInput is one row of a units file, checked but not yet stored.
type UnitInput struct {
	Line       int
	Code       string
	Name       string
	Kind       string
	ParentCode string
	ValidFrom  *time.Time
	ValidTo    *time.Time
}

// LineError is a problem with one line of an imported file. Err is
// usually an *Error, written in the reader's language at the edge.
type LineError struct {
	Line int
	Err  error
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

func lineErr(line int, key string, args ...any) LineError {
	return LineError{line, Errf(EInvalid, key, args...)}
}

// LineErrors collects every problem of an imported file, so the person who
// made it can fix them all at once.
type LineErrors []LineError

func (es LineErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// ParseUnitRows checks the rows of a units file. The first row is the
// header and must name the columns code, name, kind, parent_code (or
// parent), valid_from and valid_to, in any order; valid_from, valid_to and
// parent_code may be blank. Parent codes must exist either in the file or
// among known (the codes already stored). Every problem is reported with
// its line number; nothing is returned as valid when any line is wrong.
func ParseUnitRows(rows [][]string, known map[string]bool) ([]UnitInput, error) {
	if len(rows) == 0 {
		return nil, LineErrors{lineErr(1, "import.empty_file")}
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if h == "parent" {
			h = "parent_code"
		}
		col[h] = i
	}
	var errs LineErrors
	for _, need := range []string{"code", "name", "kind"} {
		if _, ok := col[need]; !ok {
			errs = append(errs, lineErr(1, "import.missing_column", need))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	get := func(r []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(r) {
			return ""
		}
		return strings.TrimSpace(r[i])
	}
	var out []UnitInput
	inFile := map[string]int{}
	seen := map[string]int{}
	for i, r := range rows[1:] {
		line := i + 2
		blank := true
		for _, c := range r {
			if strings.TrimSpace(c) != "" {
				blank = false
			}
		}
		if blank {
			continue
		}
		in := UnitInput{Line: line, Code: get(r, "code"), Name: get(r, "name"),
			Kind: strings.ToLower(get(r, "kind")), ParentCode: get(r, "parent_code")}
		if in.Code == "" {
			errs = append(errs, lineErr(line, "import.missing_code"))
		} else if err := CheckUnitCode(in.Code); err != nil {
			errs = append(errs, LineError{line, err})
		}
		if in.Name == "" {
			errs = append(errs, lineErr(line, "import.missing_name"))
		}
		if in.Kind == "" {
			errs = append(errs, lineErr(line, "import.missing_kind", strings.Join(OrganisationKinds, ", ")))
		} else if IsOrganisation(in.Kind) && in.ParentCode == "" {
			errs = append(errs, LineError{line, CheckOrganisation(in.Kind, nil)})
		}
		for _, f := range []struct {
			name string
			dst  **time.Time
		}{{"valid_from", &in.ValidFrom}, {"valid_to", &in.ValidTo}} {
			s := get(r, f.name)
			if s == "" {
				continue
			}
			t, err := parseFlexibleDate(s)
			if err != nil {
				errs = append(errs, lineErr(line, "import.not_a_date", f.name, s))
				continue
			}
			*f.dst = &t
		}
		if in.ValidFrom != nil && in.ValidTo != nil && in.ValidTo.Before(*in.ValidFrom) {
			errs = append(errs, lineErr(line, "import.to_before_from"))
		}
		// A unit is its code and its start: one code may come back in
		// another period, never twice with the same start.
		if in.Code != "" {
			key := in.Code + "@"
			if in.ValidFrom != nil {
				key += in.ValidFrom.Format(time.DateOnly)
			}
			if prev, dup := seen[key]; dup {
				errs = append(errs, lineErr(line, "import.duplicate_code", in.Code, prev))
			} else {
				seen[key] = line
				inFile[in.Code] = line
			}
		}
		out = append(out, in)
	}
	for _, in := range out {
		if in.ParentCode == "" {
			continue
		}
		if in.ParentCode == in.Code {
			errs = append(errs, lineErr(in.Line, "import.own_parent"))
		} else if _, ok := inFile[in.ParentCode]; !ok && !known[in.ParentCode] {
			errs = append(errs, lineErr(in.Line, "import.no_parent", in.ParentCode))
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(out) == 0 {
		return nil, LineErrors{lineErr(2, "import.no_rows")}
	}
	return out, nil
}

// parseFlexibleDate reads ISO dates and the dd/mm/yyyy of Vietnamese files.
func parseFlexibleDate(s string) (time.Time, error) {
	for _, layout := range []string{time.DateOnly, "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date: %q", s)
}
