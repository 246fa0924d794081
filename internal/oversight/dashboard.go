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
// the latest month with figures): the month itself; the quarter, half-year
// or year containing it, up to it (so far: a report made in October covers
// October's quarter to date); nine months is January to September of at's
// year, or of the year before when September has not ended yet. ok is false
// for an unknown preset (and for custom, which needs its own from and to).
func PresetSpan(preset string, at Month) (Span, bool) {
	y, m := at.Year(), at.MonthNum()
	switch preset {
	case PresetMonth:
		return Span{From: at, To: at}, true
	case PresetQuarter:
		return Span{From: NewMonth(y, (m-1)/3*3+1), To: at}, true
	case PresetHalf:
		return Span{From: NewMonth(y, (m-1)/6*6+1), To: at}, true
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
