package oversight

import (
	"math"
	"strings"
	"testing"
	"time"
)

// Tests written to kill the mutants gremlins found alive (docs/TESTING.md):
// every expected value is written out by hand.

func TestParseNumberSeparatorsAtTheEdges(t *testing.T) {
	cases := []struct {
		in   string
		want float64
	}{
		{",5", 0.5},         // a decimal comma first
		{".123,5", 123.5},   // a thousands dot first, then the decimal comma
		{",123.5", 123.5},   // a thousands comma first, then the decimal point
		{"123.456", 123456}, // three digits before the thousands dot
		{"1.234.567", 1234567},
		{"-1.234", -1234}, // a sign before the groups
		{"-6.538,5", -6538.5},
		{"1,234.5", 1234.5},
		{"12.34", 12.34},       // two digits after the dot: a decimal point
		{"1234.567", 1234.567}, // four before: a decimal point
		{"74,5%", 74.5},
		{" 6 538 ", 6538},
		{"6\u00a0538", 6538},
		{".5", 0.5},
	}
	for _, tc := range cases {
		if got, err := ParseNumber(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "%", "1,2,3", "NaN", "Inf", "-Inf", "1e400", "abc", "1.2.3,4,5"} {
		if v, err := ParseNumber(in); err == nil || ErrorCode(err) != EInvalid {
			t.Errorf("ParseNumber(%q) = %v, %v; want refused", in, v, err)
		}
	}
}

func TestThousandsGroupsByHand(t *testing.T) {
	cases := map[string]bool{
		"1.234": true, "123.456": true, "-12.345.678": true,
		"1234.567": false, ".123": false, "1.23": false, "1.2345": false, "1": false, "1.234.56": false,
	}
	for in, want := range cases {
		if got := thousandsGroups(in, '.'); got != want {
			t.Errorf("thousandsGroups(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestParseMonthBounds(t *testing.T) {
	ok := map[string]Month{"1900-01": 190001, "2999-12": 299912, " 2019-10 ": 201910}
	for in, want := range ok {
		if got, err := ParseMonth(in); err != nil || got != want {
			t.Errorf("ParseMonth(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"1899-12", "3000-01", "2019-00", "2019-13", "2019/10", "2019-1", "201910", "abcd-10", "2019-ab", "2019-100"} {
		if _, err := ParseMonth(in); err == nil {
			t.Errorf("ParseMonth(%q) accepted", in)
		}
	}
}

func TestMonthArithmeticByHand(t *testing.T) {
	m := NewMonth(2019, 11)
	if m.Year() != 2019 || m.MonthNum() != 11 || m.String() != "2019-11" || m.Label() != "11/2019" {
		t.Errorf("month parts %d %d %s %s", m.Year(), m.MonthNum(), m, m.Label())
	}
	adds := []struct {
		n    int
		want Month
	}{{1, 201912}, {2, 202001}, {-11, 201812}, {-10, 201901}, {-12, 201811}, {0, 201911}, {14, 202101}}
	for _, a := range adds {
		if got := m.Add(a.n); got != a.want {
			t.Errorf("%s + %d = %v, want %v", m, a.n, got, a.want)
		}
	}
	if got := MonthOf(time.Date(2025, 7, 31, 23, 0, 0, 0, time.UTC)); got != 202507 {
		t.Errorf("MonthOf = %v", got)
	}
	valid := map[Month]bool{190001: true, 299912: true, 189912: false, 300001: false, 201900: false, 201913: false, 201901: true, 201912: true}
	for mo, want := range valid {
		if mo.Valid() != want {
			t.Errorf("%d.Valid() = %v", int(mo), !want)
		}
	}
	if d := NewMonth(2020, 2).LastDay(); d.Day() != 29 || d.Month() != 2 {
		t.Errorf("last day of 02/2020 = %v", d)
	}
	if d := NewMonth(2019, 12).LastDay(); d.Format(time.DateOnly) != "2019-12-31" {
		t.Errorf("last day of 12/2019 = %v", d)
	}
	if d := NewMonth(2019, 3).FirstDay(); d.Format(time.DateOnly) != "2019-03-01" {
		t.Errorf("first day = %v", d)
	}
}

func TestSpanByHand(t *testing.T) {
	s := Span{From: NewMonth(2018, 11), To: NewMonth(2019, 2)}
	if s.Len() != 4 {
		t.Errorf("Len = %d, want 4", s.Len())
	}
	ms := s.Months()
	if len(ms) != 4 || ms[0] != 201811 || ms[1] != 201812 || ms[2] != 201901 || ms[3] != 201902 {
		t.Errorf("Months = %v", ms)
	}
	for m, want := range map[Month]bool{201810: false, 201811: true, 201902: true, 201903: false} {
		if s.Contains(m) != want {
			t.Errorf("Contains(%v) = %v", m, !want)
		}
	}
	if y := s.YearEarlier(); y.From != 201711 || y.To != 201802 {
		t.Errorf("YearEarlier = %v", y)
	}
	if s.String() != "2018-11..2019-02" || s.Label() != "11/2018–02/2019" {
		t.Errorf("String %q Label %q", s.String(), s.Label())
	}
	one := Span{From: 201903, To: 201903}
	if one.String() != "2019-03" || one.Label() != "03/2019" || one.Len() != 1 {
		t.Errorf("one month: %q %q %d", one.String(), one.Label(), one.Len())
	}
	if q := Quarter(2019, 4); q.From != 201910 || q.To != 201912 {
		t.Errorf("Q4 = %v", q)
	}
	if q := Quarter(2019, 1); q.From != 201901 || q.To != 201903 {
		t.Errorf("Q1 = %v", q)
	}
	if h := Half(2019, 2); h.From != 201907 || h.To != 201912 {
		t.Errorf("H2 = %v", h)
	}
	if h := Half(2019, 1); h.From != 201901 || h.To != 201906 {
		t.Errorf("H1 = %v", h)
	}
	if n := NineMonths(2019); n.From != 201901 || n.To != 201909 {
		t.Errorf("9 months = %v", n)
	}
	if y := Year(2019); y.From != 201901 || y.To != 201912 {
		t.Errorf("year = %v", y)
	}
	if y := YearToDate(201910); y.From != 201901 || y.To != 201910 {
		t.Errorf("YTD = %v", y)
	}
}

func TestSpanValidateBounds(t *testing.T) {
	start := NewMonth(2000, 1)
	cases := []struct {
		s  Span
		ok bool
	}{
		{Span{start, start}, true},
		{Span{start, start.Add(MaxSpanMonths - 1)}, true}, // exactly 240 months
		{Span{start, start.Add(MaxSpanMonths)}, false},    // 241
		{Span{start.Add(1), start}, false},                // backwards
		{Span{189912, 190001}, false},
		{Span{201901, 201913}, false},
	}
	for _, tc := range cases {
		if err := tc.s.Validate(); (err == nil) != tc.ok {
			t.Errorf("Validate(%v) = %v, want ok %v", tc.s, err, tc.ok)
		}
	}
	if s, err := ParseSpan("2019-01", "2019-10"); err != nil || s.From != 201901 || s.To != 201910 {
		t.Errorf("ParseSpan = %v %v", s, err)
	}
	if _, err := ParseSpan("2019-10", "2019-01"); err == nil {
		t.Error("a backwards span is accepted")
	}
	if _, err := ParseSpan("2019-1", "2019-01"); err == nil {
		t.Error("a bad start is accepted")
	}
	if _, err := ParseSpan("2019-01", "x"); err == nil {
		t.Error("a bad end is accepted")
	}
}

func TestParseDateForms(t *testing.T) {
	for in, want := range map[string]string{"2019-11-13": "2019-11-13", "13/11/2019": "2019-11-13", "3/7/2025": "2025-07-03", " 01/07/2025 ": "2025-07-01"} {
		if d, err := ParseDate(in); err != nil || d.Format(time.DateOnly) != want {
			t.Errorf("ParseDate(%q) = %v %v, want %s", in, d, err, want)
		}
	}
	for _, in := range []string{"", "2019-13-01", "31/02/2019", "13.11.2019"} {
		if _, err := ParseDate(in); ErrorCode(err) != EInvalid {
			t.Errorf("ParseDate(%q) = %v, want invalid", in, err)
		}
	}
}

func TestBucketsByHand(t *testing.T) {
	s := Span{From: NewMonth(2019, 2), To: NewMonth(2019, 8)}
	type want struct {
		from, to, fullFrom, fullTo Month
		label, labelEN, sheet      string
	}
	cases := map[Granularity][]want{
		ByQuarter: {
			{201902, 201903, 201901, 201903, "Quý 1/2019 (02/2019–03/2019)", "Q1 2019 (02/2019–03/2019)", "Quý 1-2019"},
			{201904, 201906, 201904, 201906, "Quý 2/2019", "Q2 2019", "Quý 2-2019"},
			{201907, 201908, 201907, 201909, "Quý 3/2019 (07/2019–08/2019)", "Q3 2019 (07/2019–08/2019)", "Quý 3-2019"},
		},
		ByHalf: {
			{201902, 201906, 201901, 201906, "6 tháng đầu năm 2019 (02/2019–06/2019)", "H1 2019 (02/2019–06/2019)", "6 tháng 1-2019"},
			{201907, 201908, 201907, 201912, "6 tháng cuối năm 2019 (07/2019–08/2019)", "H2 2019 (07/2019–08/2019)", "6 tháng 2-2019"},
		},
		ByYear: {
			{201902, 201908, 201901, 201912, "Năm 2019 (02/2019–08/2019)", "Year 2019 (02/2019–08/2019)", "Năm 2019"},
		},
	}
	for g, ws := range cases {
		bs := Buckets(s, g)
		if len(bs) != len(ws) {
			t.Errorf("%s: %d buckets, want %d", g, len(bs), len(ws))
			continue
		}
		for i, w := range ws {
			b := bs[i]
			if b.Span.From != w.from || b.Span.To != w.to || b.Full.From != w.fullFrom || b.Full.To != w.fullTo || b.By != g {
				t.Errorf("%s bucket %d = %+v", g, i, b)
			}
			// The labels are checked in internal/text (TestBucketLabelsByHand).
			if sheetName(b) != w.sheet {
				t.Errorf("%s bucket %d: sheet %q, want %q", g, i, sheetName(b), w.sheet)
			}
		}
	}
	ms := Buckets(Span{From: 201911, To: 202001}, ByMonth)
	if len(ms) != 3 || ms[2].Span.From != 202001 || ms[2].Span.From.Label() != "01/2020" || sheetName(ms[2]) != "Tháng 01-2020" || sheetName(ms[0]) != "Tháng 11-2019" {
		t.Errorf("months: %+v", ms)
	}
	full := Buckets(Year(2019), ByQuarter)
	if len(full) != 4 || full[3].Span != Quarter(2019, 4) {
		t.Errorf("a full year by quarter: %+v", full)
	}
	for in, want := range map[string]Granularity{"": ByMonth, " quarter ": ByQuarter, "half": ByHalf, "year": ByYear, "month": ByMonth} {
		if g, err := ParseGranularity(in); err != nil || g != want {
			t.Errorf("ParseGranularity(%q) = %q %v", in, g, err)
		}
	}
	if _, err := ParseGranularity("week"); ErrorCode(err) != EInvalid {
		t.Errorf("week: %v", err)
	}
}

// A report's cells by hand: two units, two buckets, a metric, a percent
// weighted by its count and the on-time rate; a point of another unit is
// ignored.
func TestReportCellsByHand(t *testing.T) {
	units := []Unit{{ID: 7, Code: "a"}, {ID: 9, Code: "b"}}
	metrics := []Metric{}
	for _, c := range []string{"procedures_listed", "procedures_time_cut_pct", "dossiers_resolved", "dossiers_on_time"} {
		m, _ := MetricByCode(c)
		metrics = append(metrics, m)
	}
	bs := Buckets(Span{From: 201901, To: 201902}, ByMonth)
	r := NewReport(units, bs, metrics)
	if r.Columns() != 5 || r.ColumnCode(4) != "on_time_rate" || r.ColumnCode(1) != "procedures_time_cut_pct" {
		t.Fatalf("columns %d: %q %q", r.Columns(), r.ColumnCode(4), r.ColumnCode(1))
	}
	if columnName(r, 4, "en") != "On-time rate" || columnName(r, 0, "vi") != "TTHC niêm yết công khai" || columnName(r, 0, "en") != "Procedures publicly listed" {
		t.Errorf("names %q %q", columnName(r, 4, "en"), columnName(r, 0, "vi"))
	}
	for c, want := range []bool{false, true, false, false, true} {
		if r.ColumnIsPercent(c) != want {
			t.Errorf("column %d percent = %v", c, !want)
		}
	}
	r.SetBucket(1, []Point{
		{7, "procedures_listed", 201902, 100}, {7, "procedures_time_cut_pct", 201902, 50},
		{9, "procedures_listed", 201902, 300}, {9, "procedures_time_cut_pct", 201902, 90},
		{7, "dossiers_resolved", 201902, 20}, {7, "dossiers_on_time", 201902, 19},
		{9, "dossiers_resolved", 201902, 30}, {9, "dossiers_on_time", 201902, 21},
		{5, "dossiers_resolved", 201902, 1000}, // not one of the report's units
		{9, "dossiers_resolved", 201901, 500},  // another bucket's month
	}, nil)
	check := func(name string, v float64, ok bool, want float64) {
		t.Helper()
		if !ok || math.Abs(v-want) > 1e-9 {
			t.Errorf("%s = %v %v, want %v", name, v, ok, want)
		}
	}
	v, ok := r.Value(0, 1, 0)
	check("a listed", v, ok, 100)
	v, ok = r.Value(1, 1, 1)
	check("b cut pct", v, ok, 90)
	v, ok = r.Value(1, 1, 4)
	check("b on-time rate", v, ok, 70)
	v, ok = r.Total(1, 0)
	check("total listed", v, ok, 400)
	v, ok = r.Total(1, 1)
	check("total cut pct", v, ok, (100*50+300*90)/400.0) // 80
	v, ok = r.Total(1, 2)
	check("total resolved", v, ok, 50)
	v, ok = r.Total(1, 4)
	check("total on-time rate", v, ok, 80) // 40 of 50
	for u := 0; u < 2; u++ {
		for c := 0; c < 5; c++ {
			if v, ok := r.Value(u, 0, c); ok {
				t.Errorf("bucket 0 unit %d column %d = %v: nothing was set", u, c, v)
			}
		}
	}
	if v, ok := r.Total(0, 2); ok {
		t.Errorf("bucket 0 total = %v", v)
	}
	r.SetBucket(0, []Point{{9, "dossiers_resolved", 201901, 500}}, nil)
	v, ok = r.Value(1, 0, 2)
	check("b January resolved", v, ok, 500)
	if v, ok := r.Value(1, 0, 4); ok {
		t.Errorf("a rate without its on-time count = %v", v)
	}
	if v, ok := r.Value(0, 0, 2); ok {
		t.Errorf("unit a in January = %v", v)
	}
	if !strings.Contains(columnName(r, 1, "vi"), "rút ngắn") {
		t.Errorf("name %q", columnName(r, 1, "vi"))
	}
}
