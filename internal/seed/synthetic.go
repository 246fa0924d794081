package seed

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// SyntheticOptions shape a national-scale data set.
type SyntheticOptions struct {
	Provinces int             // provinces under the national root (34 since 1 July 2025)
	Units     int             // communes/wards, spread over the provinces (3,321)
	Months    int             // months of figures per commune
	End       oversight.Month // last month with figures
	Seed      uint64          // the same seed gives the same data set
}

// SyntheticCounts says what a synthetic load wrote.
type SyntheticCounts struct {
	Units, Values, Rollups int
}

// SyntheticRootCode is the code of the national root of a synthetic set.
const SyntheticRootCode = "VN"

// Synthetic fills an empty database with a generated, numbered national
// tree (one root, opts.Provinces provinces P01…, opts.Units communes
// C00001…): the shape the in-process tests and benchmarks name. `cchc seed
// --synthetic` uses SyntheticOfficial, the official tree. It writes monthly figures
// for every metric of every commune over opts.Months months ending at
// opts.End. The figures keep the domain rules (on time + late = resolved,
// staff categories add up, online <= received, ...). The roll-ups of the
// dashboard are computed here as the figures are generated rather than by
// SQL afterwards, which would take longer than the load itself.
func Synthetic(ctx context.Context, db *sqlite.DB, o SyntheticOptions) (SyntheticCounts, error) {
	var c SyntheticCounts
	if o.Provinces < 1 || o.Units < o.Provinces || o.Months < 1 || !o.End.Valid() {
		return c, oversight.Errf(oversight.EInvalid, "err.need_at_least_1")
	}
	metricIDs, err := db.MetricIDs(ctx)
	if err != nil {
		return c, err
	}

	// Units: ids are dense and chosen here; root 1, provinces 2.., communes after.
	units := []sqlite.BulkUnit{{ID: 1, Code: SyntheticRootCode, Name: "Toàn quốc", Kind: oversight.UnitNation}}
	communeParent := make([]int64, o.Units) // index i -> province id
	for p := 0; p < o.Provinces; p++ {
		units = append(units, sqlite.BulkUnit{ID: int64(2 + p), Code: fmt.Sprintf("P%02d", p+1),
			Name: fmt.Sprintf("Tỉnh số %d", p+1), Kind: oversight.UnitProvince, ParentID: 1})
	}
	firstCommune := int64(2 + o.Provinces)
	for i := 0; i < o.Units; i++ {
		// Contiguous blocks, so a province's communes are neighbours in id order.
		p := i * o.Provinces / o.Units
		communeParent[i] = int64(2 + p)
		kind, name := oversight.UnitCommune, "Xã"
		if i%3 == 0 {
			kind, name = oversight.UnitWard, "Phường"
		}
		units = append(units, sqlite.BulkUnit{ID: firstCommune + int64(i), Code: fmt.Sprintf("C%05d", i+1),
			Name: fmt.Sprintf("%s số %d (tỉnh %d)", name, i+1, p+1), Kind: kind, ParentID: communeParent[i]})
	}

	// Every metric in id order, as the primary key (metric, period, unit) wants.
	type metric struct {
		id    int64
		index int // position in the generated record
		count bool
	}
	var metrics []metric
	for i, m := range oversight.Catalogue {
		metrics = append(metrics, metric{id: metricIDs[m.Code], index: i, count: m.Kind == oversight.KindCount})
	}
	slices.SortFunc(metrics, func(a, b metric) int { return cmp.Compare(a.id, b.id) })

	start := o.End.Add(-(o.Months - 1))
	nm := len(oversight.Catalogue)
	// recs[(month*units + unit)*nm + metric]; float32 holds these whole
	// numbers exactly and halves the memory (about 40 MB at national scale).
	recs := make([]float32, o.Months*o.Units*nm)
	rng := rand.New(rand.NewPCG(o.Seed, 0x63636863))
	size := make([]float64, o.Units)
	for i := range size {
		size[i] = math.Exp(rng.NormFloat64()*0.6) * 400 // skewed, as real communes are
	}
	idx := catalogueIndex()
	for mi := 0; mi < o.Months; mi++ {
		month := start.Add(mi)
		for u := 0; u < o.Units; u++ {
			r := recs[(mi*o.Units+u)*nm : (mi*o.Units+u+1)*nm]
			fillRecord(r, idx, size[u], month, rng)
		}
	}

	bl, err := db.BeginBulk(ctx)
	if err != nil {
		return c, err
	}
	defer func() {
		if err != nil {
			bl.Rollback()
		}
	}()
	if err = bl.Units(units); err != nil {
		return c, err
	}
	c.Units = len(units)

	// Roll-ups: root (id 1) and each province, per count metric and month.
	nu := 1 + o.Provinces
	roll := make([]float64, nu*nm*o.Months)
	rollN := make([]int32, nu*nm*o.Months)
	batch := make([]sqlite.BulkValue, 0, o.Units)
	for _, m := range metrics {
		for mi := 0; mi < o.Months; mi++ {
			if err = ctx.Err(); err != nil {
				return c, err
			}
			period := int(start.Add(mi))
			batch = batch[:0]
			for u := 0; u < o.Units; u++ {
				v := float64(recs[(mi*o.Units+u)*nm+m.index])
				batch = append(batch, sqlite.BulkValue{MetricID: m.id, Period: period, UnitID: firstCommune + int64(u), Value: v})
				if m.count {
					for _, anc := range []int{0, int(communeParent[u] - 1)} {
						k := (anc*nm+m.index)*o.Months + mi
						roll[k] += v
						rollN[k]++
					}
				}
			}
			if err = bl.Values(batch); err != nil {
				return c, err
			}
			c.Values += len(batch)
		}
	}
	var rows []sqlite.RollupRow
	for a := 0; a < nu; a++ {
		for _, m := range metrics {
			if !m.count {
				continue
			}
			for mi := 0; mi < o.Months; mi++ {
				k := (a*nm+m.index)*o.Months + mi
				rows = append(rows, sqlite.RollupRow{UnitID: int64(a + 1), MetricID: m.id, Period: int(start.Add(mi)), Value: roll[k], N: int(rollN[k])})
			}
		}
	}
	if err = bl.Rollups(rows); err != nil {
		return c, err
	}
	c.Rollups = len(rows)
	err = bl.Commit()
	return c, err
}

// SyntheticEnd is the default last month of a synthetic set: the last
// complete month before now.
func SyntheticEnd(now time.Time) oversight.Month { return oversight.MonthOf(now).Add(-1) }

func catalogueIndex() map[string]int {
	out := make(map[string]int, len(oversight.Catalogue))
	for i, m := range oversight.Catalogue {
		out[m.Code] = i
	}
	return out
}

// fillRecord writes one commune's figures for one month into r (indexed by
// catalogue position), keeping the domain's arithmetic rules.
func fillRecord(r []float32, idx map[string]int, size float64, month oversight.Month, rng *rand.Rand) {
	set := func(code string, v float64) { r[idx[code]] = float32(math.Max(0, math.Round(v))) }
	get := func(code string) float64 { return float64(r[idx[code]]) }
	// A seasonal swing (quiet at Tết, busy before year end) and noise.
	season := 1 + 0.25*math.Sin(float64(month.MonthNum()-3)*math.Pi/6)
	received := size * season * (0.8 + 0.4*rng.Float64())
	set("dossiers_received", received)
	set("dossiers_received_online", get("dossiers_received")*(0.3+0.5*rng.Float64()))
	carried := size * 0.1 * rng.Float64()
	set("dossiers_carried_over", carried)
	resolved := (get("dossiers_received") + get("dossiers_carried_over")) * (0.85 + 0.1*rng.Float64())
	set("dossiers_resolved", resolved)
	// Most communes are nearly always on time; a few struggle.
	lateShare := 0.002 + 0.08*math.Pow(rng.Float64(), 6)
	set("dossiers_late", get("dossiers_resolved")*lateShare)
	set("dossiers_on_time", get("dossiers_resolved")-get("dossiers_late"))
	set("dossiers_pending", (get("dossiers_received")+get("dossiers_carried_over")-get("dossiers_resolved"))*rng.Float64())
	set("dossiers_pending_overdue", get("dossiers_pending")*0.1*rng.Float64())

	set("procedures_listed", 120+size/40)
	set("procedures_time_cut_pct", 0) // replaced below: a percent, not rounded
	r[idx["procedures_time_cut_pct"]] = float32(math.Round((60+35*rng.Float64())*10) / 10)
	set("procedure_reviews", float64(rng.IntN(2)))

	staff := 20 + size/20
	set("staff_evaluated", staff)
	staff = get("staff_evaluated")
	set("staff_not_completed", staff*0.02*rng.Float64())
	set("staff_good", staff*(0.55+0.1*rng.Float64()))
	set("staff_excellent", get("staff_good")*0.15*rng.Float64())
	set("staff_completed", staff-get("staff_good")-get("staff_excellent")-get("staff_not_completed"))

	set("inspections", float64(rng.IntN(3)))
	set("units_inspected", get("inspections")*float64(1+rng.IntN(2)))
	set("training_classes", float64(rng.IntN(2)))
	set("trainees", get("training_classes")*float64(20+rng.IntN(40)))
	set("departments_adjusted", float64(rng.IntN(100)/97))
	set("public_service_units", float64(2+int(size)%4))
	set("public_service_units_cut", float64(rng.IntN(200)/199))
	set("heads_cut", float64(rng.IntN(100)/98))
	set("deputies_cut", float64(rng.IntN(100)/97))
}
