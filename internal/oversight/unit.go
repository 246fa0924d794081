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

// UnitKinds lists the kinds offered when a unit is added by hand.
var UnitKinds = []string{UnitWard, UnitCommune, UnitDepartment, UnitDistrict, UnitCity, UnitProvince, UnitNation}

// UnitKindName returns a readable name of a unit kind in lang.
func UnitKindName(kind, lang string) string {
	vi := map[string]string{UnitNation: "Toàn quốc", UnitCity: "Thành phố", UnitProvince: "Tỉnh",
		UnitDistrict: "Quận/huyện", UnitWard: "Phường", UnitCommune: "Xã", UnitDepartment: "Phòng chuyên môn"}
	en := map[string]string{UnitNation: "Nation", UnitCity: "City", UnitProvince: "Province",
		UnitDistrict: "District", UnitWard: "Ward", UnitCommune: "Commune", UnitDepartment: "Department"}
	t := vi
	if lang == "en" {
		t = en
	}
	if s, ok := t[kind]; ok {
		return s
	}
	return kind
}

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
			Message:   fmt.Sprintf("Mã đơn vị %q không hợp lệ: dùng 1 đến %d chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới, không bắt đầu bằng dấu chấm hay gạch ngang.", code, MaxUnitCodeLength),
			MessageEN: fmt.Sprintf("Unit code %q is not valid: use 1 to %d unaccented letters, digits, dots, dashes or underscores, not starting with a dot or a dash.", code, MaxUnitCodeLength)}
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
	FromCode string
	ToCode   string
	On       time.Time
	Note     string
}

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

// LineError is a problem with one line of an imported file.
type LineError struct {
	Line    int
	Message string
}

func (e LineError) Error() string { return fmt.Sprintf("dòng %d: %s", e.Line, e.Message) }

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
		return nil, LineErrors{{Line: 1, Message: "tệp trống: cần dòng tiêu đề code,name,kind,parent_code,valid_from,valid_to"}}
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
			errs = append(errs, LineError{1, fmt.Sprintf("thiếu cột %q (cần code, name, kind, parent_code, valid_from, valid_to)", need)})
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
			errs = append(errs, LineError{line, "thiếu mã đơn vị (code)"})
		} else if err := CheckUnitCode(in.Code); err != nil {
			errs = append(errs, LineError{line, ErrorMessage(err, "vi")})
		} else if prev, dup := inFile[in.Code]; dup {
			errs = append(errs, LineError{line, fmt.Sprintf("mã %q đã có ở dòng %d", in.Code, prev)})
		} else {
			inFile[in.Code] = line
		}
		if in.Name == "" {
			errs = append(errs, LineError{line, "thiếu tên đơn vị (name)"})
		}
		if in.Kind == "" {
			errs = append(errs, LineError{line, "thiếu loại đơn vị (kind), ví dụ ward, commune, district, province"})
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
				errs = append(errs, LineError{line, fmt.Sprintf("%s %q không phải ngày (dùng NNNN-TT-NN hoặc NN/TT/NNNN)", f.name, s)})
				continue
			}
			*f.dst = &t
		}
		if in.ValidFrom != nil && in.ValidTo != nil && in.ValidTo.Before(*in.ValidFrom) {
			errs = append(errs, LineError{line, "valid_to đứng trước valid_from"})
		}
		out = append(out, in)
	}
	for _, in := range out {
		if in.ParentCode == "" {
			continue
		}
		if in.ParentCode == in.Code {
			errs = append(errs, LineError{in.Line, "đơn vị không thể là cấp trên của chính nó"})
		} else if _, ok := inFile[in.ParentCode]; !ok && !known[in.ParentCode] {
			errs = append(errs, LineError{in.Line, fmt.Sprintf("không có đơn vị cấp trên mã %q (trong tệp hoặc trong cơ sở dữ liệu)", in.ParentCode)})
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(out) == 0 {
		return nil, LineErrors{{Line: 2, Message: "tệp không có dòng dữ liệu nào"}}
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
