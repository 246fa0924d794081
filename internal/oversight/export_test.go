package oversight

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestBucketsCutTheSpanIntoCalendarPeriods(t *testing.T) {
	s := Span{From: NewMonth(2019, 2), To: NewMonth(2020, 1)}
	cases := []struct {
		by   Granularity
		want string
	}{
		{ByMonth, "02/2019|03/2019|04/2019|05/2019|06/2019|07/2019|08/2019|09/2019|10/2019|11/2019|12/2019|01/2020"},
		{ByQuarter, "Quý 1/2019 (02/2019–03/2019)|Quý 2/2019|Quý 3/2019|Quý 4/2019|Quý 1/2020 (01/2020)"},
		{ByHalf, "6 tháng đầu năm 2019 (02/2019–06/2019)|6 tháng cuối năm 2019|6 tháng đầu năm 2020 (01/2020)"},
		{ByYear, "Năm 2019 (02/2019–12/2019)|Năm 2020 (01/2020)"},
	}
	for _, tc := range cases {
		t.Run(string(tc.by), func(t *testing.T) {
			var labels []string
			months := 0
			for _, b := range Buckets(s, tc.by) {
				labels = append(labels, b.Label("vi"))
				months += b.Span.Len()
				if len(b.SheetName()) > 31 || strings.ContainsAny(b.SheetName(), `/\?*[]:`) {
					t.Errorf("sheet name %q is not allowed", b.SheetName())
				}
			}
			if got := strings.Join(labels, "|"); got != tc.want {
				t.Errorf("buckets %q, want %q", got, tc.want)
			}
			if months != s.Len() {
				t.Errorf("buckets cover %d months, want %d", months, s.Len())
			}
		})
	}
	if _, err := ParseGranularity("week"); ErrorCode(err) != EInvalid {
		t.Errorf("week: %v, want invalid", err)
	}
}

// The export's dense path (CombineMonths per unit, then CombineRows) must give
// what Aggregate gives on the same points, for every metric and period.
func TestOverTimeAndCombineRowsAgreeWithAggregate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	span := Span{From: NewMonth(2019, 1), To: NewMonth(2020, 6)}
	units := []int64{11, 12, 13, 14, 15}
	var pts []Point
	for _, u := range units {
		for _, m := range span.Months() {
			for _, mt := range Catalogue {
				if r.IntN(4) == 0 { // gaps: not every figure every month
					continue
				}
				v := float64(r.IntN(1000))
				if mt.Kind == KindPercent {
					v = float64(r.IntN(101))
				}
				pts = append(pts, Point{Unit: u, Metric: mt.Code, Month: m, Value: v})
			}
		}
	}
	for _, by := range []Granularity{ByMonth, ByQuarter, ByHalf, ByYear} {
		for _, b := range Buckets(span, by) {
			want := Aggregate(pts, b.Span)
			rows := make([][]float64, len(units))
			for i, u := range units {
				rows[i] = make([]float64, len(Catalogue))
				for c, mt := range Catalogue {
					monthly := make([]float64, b.Span.Len())
					for k := range monthly {
						monthly[k] = math.NaN()
					}
					for _, p := range pts {
						if p.Unit == u && p.Metric == mt.Code && b.Span.Contains(p.Month) {
							monthly[(p.Month.Year()-b.Span.From.Year())*12+p.Month.MonthNum()-b.Span.From.MonthNum()] = p.Value
						}
					}
					v, ok := CombineMonths(mt, monthly)
					if !ok {
						v = math.NaN()
					}
					rows[i][c] = v
				}
			}
			got := CombineRows(Catalogue, rows)
			for c, mt := range Catalogue {
				w, ok := want[mt.Code]
				if ok == math.IsNaN(got[c]) || ok && math.Abs(w-got[c]) > 1e-9 {
					t.Errorf("%s %s: dense %v, Aggregate %v (%v)", b.Label("en"), mt.Code, got[c], w, ok)
				}
			}
		}
	}
}

func TestIndicatorsUseTheDomainFormulas(t *testing.T) {
	tot := Totals{"dossiers_on_time": 90, "dossiers_resolved": 120, "dossiers_received_online": 30, "dossiers_received": 200,
		"staff_evaluated": 400, "staff_not_completed": 8}
	want := map[string]func(map[string]float64) (float64, bool){
		"on_time_rate": OnTimeRate, "online_rate": OnlineRate, "staff_completed_or_above_rate": CompletedOrAboveRate}
	for _, in := range Indicators {
		w, wok := want[in.Code](tot)
		g, gok := in.Compute(func(c string) float64 { return tot[c] })
		if w != g || wok != gok {
			t.Errorf("%s = %v %v, want %v %v", in.Code, g, gok, w, wok)
		}
		if _, ok := in.Compute(func(string) float64 { return 0 }); ok {
			t.Errorf("%s without counts has a rate", in.Code)
		}
	}
	if got := IndicatorsFor([]Metric{mustMetric(t, "dossiers_on_time"), mustMetric(t, "dossiers_resolved"), mustMetric(t, "dossiers_received")}); len(got) != 1 || got[0].Code != "on_time_rate" {
		t.Errorf("IndicatorsFor = %v, want on_time_rate alone", got)
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
