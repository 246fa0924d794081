package text

import "github.com/cchc/cchc/internal/oversight"

// MetricName returns the name of metric m in lang.
func MetricName(lang string, m oversight.Metric) string {
	if Lang(lang) == EN {
		return m.NameEN
	}
	return m.NameVI
}
