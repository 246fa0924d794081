package oversight

// The dashboard's briefing pack flags unusual values with the same rule as
// data entry's warning (Usual, in entry.go): median and interquartile
// range, never mean and standard deviation, because the counts are skewed
// and often zero. These helpers only give that rule the shape the
// dashboard needs.

// Fences returns the range outside which a value is unusual against its
// history; ok is false with fewer than MinHistory values.
func Fences(history []float64) (lo, hi float64, ok bool) {
	r, ok := Usual(history)
	return r.Low, r.High, ok
}

// Unusual reports whether v lies outside the fences of history.
func Unusual(v float64, history []float64) bool {
	lo, hi, ok := Fences(history)
	return ok && (v < lo || v > hi)
}
