package oversight

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseGranularityRefusesAWeek(t *testing.T) {
	if _, err := ParseGranularity("week"); ErrorCode(err) != EInvalid {
		t.Errorf("week: %v, want invalid", err)
	}
}

func TestIndicatorsFor(t *testing.T) {
	if got := IndicatorsFor([]Metric{mustMetric(t, "dossiers_on_time"), mustMetric(t, "dossiers_resolved"), mustMetric(t, "dossiers_received")}); len(got) != 1 || got[0].Code != "on_time_rate" {
		t.Errorf("IndicatorsFor = %v, want on_time_rate alone", got)
	}
}

// A report's rows and totals are the engine's: each unit's own figures and
// the total over them, a unit counting only in months it existed.
func TestReportSetBucketIsTheEngine(t *testing.T) {
	retired := time.Date(2019, 1, 31, 0, 0, 0, 0, time.UTC)
	units := []Unit{{ID: 1, Code: "A"}, {ID: 2, Code: "B", ValidTo: &retired}}
	span := Span{From: NewMonth(2019, 1), To: NewMonth(2019, 3)}
	rep := NewReport(units, Buckets(span, ByYear), []Metric{mustMetric(t, "procedures_listed"), mustMetric(t, "dossiers_resolved"), mustMetric(t, "dossiers_on_time")})
	pts := []Point{
		{1, "procedures_listed", NewMonth(2019, 1), 100}, {1, "procedures_listed", NewMonth(2019, 3), 100},
		{2, "procedures_listed", NewMonth(2019, 1), 50}, {2, "procedures_listed", NewMonth(2019, 2), 70}, // February: B no longer exists
		{1, "dossiers_resolved", NewMonth(2019, 2), 10}, {1, "dossiers_on_time", NewMonth(2019, 2), 9},
		{2, "dossiers_resolved", NewMonth(2019, 1), 10}, // no on-time count: no rate for B
		{3, "dossiers_resolved", NewMonth(2019, 1), 99}, // not a unit of the report
	}
	rep.SetBucket(0, pts, ExistenceOf(units))
	cell := func(u, c int) string {
		v, ok := rep.Value(u, 0, c)
		if !ok {
			return "—"
		}
		return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
	}
	tot := func(c int) string {
		v, ok := rep.Total(0, c)
		if !ok {
			return "—"
		}
		return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
	}
	got := strings.Join([]string{cell(0, 0), cell(0, 1), cell(0, 3), cell(1, 0), cell(1, 1), cell(1, 3), tot(0), tot(1), tot(3)}, " ")
	if want := "100 10 90 50 10 — 150 20 90"; got != want {
		t.Errorf("report = %s, want %s", got, want)
	}
}

func mustMetric(t *testing.T, code string) Metric {
	t.Helper()
	m, ok := MetricByCode(code)
	if !ok {
		t.Fatal(code)
	}
	return m
}
