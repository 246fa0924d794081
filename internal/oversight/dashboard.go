package oversight

// Span presets of the dashboard, as council reports name them.
const (
	PresetMonth   = "month"
	PresetQuarter = "quarter"
	PresetHalf    = "half"
	PresetNine    = "nine"
	PresetYear    = "year"
	PresetCustom  = "custom"
)

// Presets lists the presets in the order the dashboard offers them.
var Presets = []string{PresetMonth, PresetQuarter, PresetHalf, PresetNine, PresetYear, PresetCustom}

// PresetSpan returns the span a preset names, seen from month at (usually
// the latest month with figures): the month itself; the last whole
// calendar quarter or half-year that has ended by at (at 10/2019 the
// quarter is 07–09/2019 and the half 01–06/2019, never a quarter or half
// cut short, which a year-earlier comparison of three months against one
// would mislead); nine months is January to September of at's year, or of
// the year before when September has not ended yet; the year is January to
// at, the "từ đầu năm đến nay" of council reports. ok is false for an
// unknown preset (and for custom, which needs its own from and to).
func PresetSpan(preset string, at Month) (Span, bool) {
	y, m := at.Year(), at.MonthNum()
	switch preset {
	case PresetMonth:
		return Span{From: at, To: at}, true
	case PresetQuarter:
		q := m / 3 // quarters ended by at in its year
		if q == 0 {
			return Quarter(y-1, 4), true
		}
		return Quarter(y, q), true
	case PresetHalf:
		if m < 6 {
			return Half(y-1, 2), true
		}
		return Half(y, m/6), true
	case PresetNine:
		if m < 9 {
			y--
		}
		return NineMonths(y), true
	case PresetYear:
		return YearToDate(at), true
	}
	return Span{}, false
}

// Change is the relative change from before to now in percent; ok is false
// when there is nothing to compare with (before missing or zero).
func Change(now, before float64, hasNow, hasBefore bool) (pct float64, ok bool) {
	if !hasNow || !hasBefore || before == 0 {
		return 0, false
	}
	return (now - before) / before * 100, true
}
