package web

import (
	"math"

	"github.com/cchc/cchc/internal/chart"
	"github.com/cchc/cchc/internal/text"
)

// rankTopN is how many of the best and of the worst units a ranking chart
// draws; the table beside it lists every unit.
const rankTopN = 10

// rankChart draws a ranking (names best first): every unit when there are
// at most 2×rankTopN, else the rankTopN best and worst with a row saying
// how many are left out between them, and a subtitle saying so.
func rankChart(l, title string, names []string, vals []float64, links []string, percent bool) chart.Options {
	s := chart.Series{Name: title, Values: vals, Percent: percent}
	gap, note := "", ""
	if hidden := len(names) - 2*rankTopN; hidden > 0 {
		gap = translate(l, "dash.rank_gap", text.Number(l, float64(hidden), 0))
		note = translate(l, "dash.rank_note", rankTopN, text.Number(l, float64(len(names)), 0))
	}
	o := chart.Ranked(title, names, s, links, rankTopN, gap)
	o.SetSubtitle(note)
	return o
}

// changeText words a KPI card's change against a year earlier, rounded to
// one decimal as shown: "+3,2%", "−1,5 điểm". A change that rounds to zero
// reads "0%" (or "không đổi" for percentage points) and is neutral, never
// a red "−0%" nor a "+0 điểm".
func changeText(l string, change float64, points bool) (shown, trend string) {
	r := math.Round(change*10) / 10
	unit := "%"
	if points {
		unit = " " + translate(l, "dash.points")
	}
	switch {
	case r > 0:
		return "+" + text.Number(l, r, 1) + unit, "up"
	case r < 0:
		return "−" + text.Number(l, -r, 1) + unit, "down"
	case points && l == "en":
		return "unchanged", "flat"
	case points:
		return "không đổi", "flat"
	}
	return "0%", "flat"
}
