package oversight

import (
	"math"
	"sort"
)

// Dashboard's own outlier rule (DOMAIN.md: "a value far outside the unit's
// own history, median/IQR based"). Counts are skewed and often zero, so
// mean and standard deviation would flag the wrong months. The data-entry
// feature is adding a validation warning on the same idea; when it lands
// the two should share one function.

// MinHistory is the fewest past values Fences will judge from.
const MinHistory = 6

// UnusualK is how many interquartile ranges beyond the quartiles a value
// must lie to be flagged (Tukey's "far out" fence).
const UnusualK = 3

// Quartiles returns the first quartile, median and third quartile of xs
// (linear interpolation between closest ranks); xs is not changed.
func Quartiles(xs []float64) (q1, med, q3 float64) {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	at := func(p float64) float64 {
		if len(s) == 0 {
			return math.NaN()
		}
		pos := p * float64(len(s)-1)
		lo := int(math.Floor(pos))
		hi := int(math.Ceil(pos))
		return s[lo] + (s[hi]-s[lo])*(pos-float64(lo))
	}
	return at(0.25), at(0.5), at(0.75)
}

// Fences returns the range outside which a value is unusual against its
// history: [Q1 - k·IQR, Q3 + k·IQR]. When the history is flat (IQR 0) the
// range is widened to a tenth of the median either side, so that one
// dossier more than usual is not news. ok is false with fewer than
// MinHistory values.
func Fences(history []float64, k float64) (lo, hi float64, ok bool) {
	if len(history) < MinHistory {
		return 0, 0, false
	}
	q1, med, q3 := Quartiles(history)
	iqr := q3 - q1
	if iqr == 0 {
		iqr = math.Max(math.Abs(med)*0.1, 1) / k
	}
	return q1 - k*iqr, q3 + k*iqr, true
}

// Unusual reports whether v lies outside the fences of history.
func Unusual(v float64, history []float64) bool {
	lo, hi, ok := Fences(history, UnusualK)
	return ok && (v < lo || v > hi)
}
