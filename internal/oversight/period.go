package oversight

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Month is the base period of every figure: a calendar month stored as
// year*100+month (201911 for November 2019), which sorts and compares the
// way months do and reads plainly in SQL.
type Month int

// MonthOf returns the month containing t.
func MonthOf(t time.Time) Month { return Month(t.Year()*100 + int(t.Month())) }

// NewMonth returns the month m of year y.
func NewMonth(y, m int) Month { return Month(y*100 + m) }

// ParseMonth reads "YYYY-MM".
func ParseMonth(s string) (Month, error) {
	s = strings.TrimSpace(s)
	bad := Errf(EInvalid, "err.period_not_valid_use", s)
	if len(s) != 7 || s[4] != '-' {
		return 0, bad
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:])
	if err1 != nil || err2 != nil || y < 1900 || y > 2999 || m < 1 || m > 12 {
		return 0, bad
	}
	return NewMonth(y, m), nil
}

// Year returns the calendar year.
func (m Month) Year() int { return int(m) / 100 }

// MonthNum returns the month of the year, 1 to 12.
func (m Month) MonthNum() int { return int(m) % 100 }

// String formats as "YYYY-MM".
func (m Month) String() string {
	y, mo := m.Year(), m.MonthNum()
	if y < 0 || y > 9999 || mo < 0 || mo > 99 {
		return fmt.Sprintf("%04d-%02d", y, mo)
	}
	// Written digit by digit: a dashboard writes hundreds of months, and
	// fmt's parsing of the format was a tenth of its template's time.
	b := [7]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-', byte('0' + mo/10), byte('0' + mo%10)}
	return string(b[:])
}

// Label formats the way Vietnamese reports do: "10/2019".
func (m Month) Label() string {
	y, mo := m.Year(), m.MonthNum()
	if y < 0 || y > 9999 || mo < 0 || mo > 99 {
		return fmt.Sprintf("%02d/%04d", mo, y)
	}
	b := [7]byte{byte('0' + mo/10), byte('0' + mo%10), '/', byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10)}
	return string(b[:])
}

// Add returns the month n months later (earlier when n < 0).
func (m Month) Add(n int) Month {
	idx := m.Year()*12 + m.MonthNum() - 1 + n
	return NewMonth(idx/12, idx%12+1)
}

// Valid reports whether m is a real month.
func (m Month) Valid() bool {
	return m.Year() >= 1900 && m.Year() <= 2999 && m.MonthNum() >= 1 && m.MonthNum() <= 12
}

// FirstDay returns the first day of the month.
func (m Month) FirstDay() time.Time {
	return time.Date(m.Year(), time.Month(m.MonthNum()), 1, 0, 0, 0, 0, time.UTC)
}

// LastDay returns the last day of the month.
func (m Month) LastDay() time.Time { return m.Add(1).FirstDay().AddDate(0, 0, -1) }

// Span is an inclusive range of months: a quarter, a half-year, nine
// months, a year, year-to-date or any custom range.
type Span struct {
	From, To Month
}

// MaxSpanMonths bounds the length of a span a query may cover (ten years
// of monthly figures), so one request cannot ask for the whole history at
// once by mistake.
const MaxSpanMonths = 240

// ParseSpan reads "from" and "to" as YYYY-MM and checks that they make a span.
func ParseSpan(from, to string) (Span, error) {
	f, err := ParseMonth(from)
	if err != nil {
		return Span{}, err
	}
	t, err := ParseMonth(to)
	if err != nil {
		return Span{}, err
	}
	s := Span{From: f, To: t}
	return s, s.Validate()
}

// Validate checks that the span runs forwards and is not too long.
func (s Span) Validate() error {
	if !s.From.Valid() || !s.To.Valid() {
		return Errf(EInvalid, "err.span_not_valid")
	}
	if s.To < s.From {
		return Errf(EInvalid, "err.end_before_start", s.To, s.From)
	}
	if s.Len() > MaxSpanMonths {
		return Errf(EInvalid, "err.span_covers_months_more", s.Len(), MaxSpanMonths)
	}
	return nil
}

// Len returns the number of months in the span.
func (s Span) Len() int {
	return (s.To.Year()*12 + s.To.MonthNum()) - (s.From.Year()*12 + s.From.MonthNum()) + 1
}

// Months lists every month of the span in order.
func (s Span) Months() []Month {
	out := make([]Month, 0, s.Len())
	for m := s.From; m <= s.To; m = m.Add(1) {
		out = append(out, m)
	}
	return out
}

// Contains reports whether m lies in the span.
func (s Span) Contains(m Month) bool { return m >= s.From && m <= s.To }

// YearEarlier returns the same span one year before.
func (s Span) YearEarlier() Span { return Span{From: s.From.Add(-12), To: s.To.Add(-12)} }

// String formats as "YYYY-MM..YYYY-MM", or one month alone.
func (s Span) String() string {
	if s.From == s.To {
		return s.From.String()
	}
	return s.From.String() + ".." + s.To.String()
}

// Label formats the way Vietnamese reports do: "01/2019–10/2019".
func (s Span) Label() string {
	if s.From == s.To {
		return s.From.Label()
	}
	return s.From.Label() + "–" + s.To.Label()
}

// YearToDate is the span from January of m's year to m: the "từ đầu năm
// đến nay" of council reports.
func YearToDate(m Month) Span { return Span{From: NewMonth(m.Year(), 1), To: m} }

// Quarter returns quarter q (1-4) of year y.
func Quarter(y, q int) Span {
	return Span{From: NewMonth(y, 3*q-2), To: NewMonth(y, 3*q)}
}

// Half returns half-year h (1-2) of year y.
func Half(y, h int) Span { return Span{From: NewMonth(y, 6*h-5), To: NewMonth(y, 6*h)} }

// NineMonths returns January to September of year y.
func NineMonths(y int) Span { return Span{From: NewMonth(y, 1), To: NewMonth(y, 9)} }

// Year returns the calendar year y.
func Year(y int) Span { return Span{From: NewMonth(y, 1), To: NewMonth(y, 12)} }

// ParseDate reads an ISO date (YYYY-MM-DD), as date inputs send it, or the
// dd/mm/yyyy that Vietnamese users type.
func ParseDate(s string) (time.Time, error) {
	t, err := parseFlexibleDate(strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, Errf(EInvalid, "err.date_not_valid_use", s)
	}
	return t, nil
}
