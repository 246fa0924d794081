package seed

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// SyntheticOfficial fills an empty database with the official tree
// (OfficialTree: the units before and after 01/07/2025 with their real
// codes and names, and every succession link) and invented monthly figures
// of every metric for its communes, each only for the months it existed:
// the communes in force until 30/06/2025 (Hà Đông's three wards merged on
// 01/01/2025 until 12/2024) up to 06/2025, the communes of 01/07/2025 from
// 07/2025, over o.Months months ending at o.End.
//
// o.Provinces takes the first provinces of 01/07/2025 in the official
// list (34: all of them) and o.Units that many of their communes of
// 01/07/2025, spread evenly (3,321: all); each brings every old commune
// that went into it, whole or in part, and those before it. A new
// commune's size is the sum of its predecessors' (a split one shared
// evenly), so its figures continue theirs. The figures keep the domain
// rules, as Synthetic's do, and every roll-up is computed here as the
// figures are generated (SQL over tens of millions of rows would take
// minutes); the figures are given a second time in the order of the index
// by unit, which SQLite would otherwise sort them into (UnitValues).
func SyntheticOfficial(ctx context.Context, db *sqlite.DB, o SyntheticOptions) (SyntheticCounts, error) {
	var c SyntheticCounts
	if o.Provinces < 1 || o.Units < 1 || o.Months < 1 || !o.End.Valid() {
		return c, oversight.Errf(oversight.EInvalid, "err.need_at_least_1_2")
	}
	metricIDs, err := db.MetricIDs(ctx)
	if err != nil {
		return c, err
	}
	units, links, err := OfficialTree()
	if err != nil {
		return c, err
	}
	// Ids run from 1 in slice order (OfficialTree).
	unit := func(id int64) *oversight.Unit { return &units[id-1] }
	var provinces []int64
	for _, u := range units {
		if u.ParentID == 1 && u.ValidFrom != nil && u.ValidFrom.Equal(Reorganisation) {
			provinces = append(provinces, u.ID)
		}
	}
	provinces = provinces[:min(o.Provinces, len(provinces))]
	var candidates []int64
	for _, u := range units {
		if slices.Contains(provinces, u.ParentID) {
			candidates = append(candidates, u.ID)
		}
	}
	picked := candidates
	if o.Units < len(candidates) {
		picked = make([]int64, o.Units)
		for i := range picked {
			picked[i] = candidates[i*len(candidates)/o.Units]
		}
	}
	preds := map[int64][]int64{}
	successors := map[int64]int{}
	for _, l := range links {
		preds[l.ToID] = append(preds[l.ToID], l.FromID)
		successors[l.FromID]++
	}
	withFigures := map[int64]bool{}
	queue := slices.Clone(picked)
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if withFigures[id] {
			continue
		}
		withFigures[id] = true
		queue = append(queue, preds[id]...)
	}
	ids := make([]int64, 0, len(withFigures))
	for id := range withFigures {
		ids = append(ids, id)
	}
	slices.Sort(ids)

	// Sizes: an old commune's drawn (skewed, as real communes are; a third
	// of a commune of 2025 on average), a later one's its predecessors'.
	rng := rand.New(rand.NewPCG(o.Seed, 0x63636863))
	size := map[int64]float64{}
	for _, id := range ids {
		if len(preds[id]) == 0 {
			size[id] = math.Exp(rng.NormFloat64()*0.6) * 140
		}
	}
	var sizeOf func(id int64) float64
	sizeOf = func(id int64) float64 {
		if s, ok := size[id]; ok {
			return s
		}
		s := 0.0
		for _, p := range preds[id] {
			s += sizeOf(p) / float64(successors[p])
		}
		size[id] = s
		return s
	}

	// Each unit's months with figures, and its ancestors (all have children).
	start := o.End.Add(-(o.Months - 1))
	span := oversight.Span{From: start, To: o.End}
	ancIndex := map[int64]int{}
	var ancs []int64
	type figUnit struct {
		id          int64
		first, last int // month indexes, inclusive
		ancs        []int
	}
	var fus []figUnit
	for _, id := range ids {
		u := unit(id)
		first, last := span.From, span.To
		if u.ValidFrom != nil {
			first = max(first, oversight.MonthOf(*u.ValidFrom))
		}
		if u.ValidTo != nil {
			last = min(last, oversight.MonthOf(*u.ValidTo))
		}
		if first > last {
			continue
		}
		fu := figUnit{id: id, first: monthsBetween(start, first), last: monthsBetween(start, last)}
		for p := u.ParentID; p != 0; p = unit(p).ParentID {
			k, ok := ancIndex[p]
			if !ok {
				k = len(ancs)
				ancIndex[p] = k
				ancs = append(ancs, p)
			}
			fu.ancs = append(fu.ancs, k)
		}
		fus = append(fus, fu)
	}

	// Generate: month by month, the units of that month in id order.
	nm := len(oversight.Catalogue)
	idx := catalogueIndex()
	monthUnits := make([][]int, o.Months) // month -> indexes into fus
	for i, fu := range fus {
		for mi := fu.first; mi <= fu.last; mi++ {
			monthUnits[mi] = append(monthUnits[mi], i)
		}
	}
	offset := make([]int, o.Months+1)
	for mi := range monthUnits {
		offset[mi+1] = offset[mi] + len(monthUnits[mi])
	}
	recs := make([]float32, offset[o.Months]*nm)
	for mi, list := range monthUnits {
		month := start.Add(mi)
		for j, fi := range list {
			r := recs[(offset[mi]+j)*nm : (offset[mi]+j+1)*nm]
			fillRecord(r, idx, sizeOf(fus[fi].id), month, rng)
		}
	}

	bl, err := db.BeginBulkTree(ctx, units, links)
	if err != nil {
		return c, err
	}
	defer func() {
		if err != nil {
			bl.Rollback()
		}
	}()
	c.Units = len(units)

	type metric struct {
		id    int64
		index int
		count bool
	}
	var metrics []metric
	for i, m := range oversight.Catalogue {
		metrics = append(metrics, metric{id: metricIDs[m.Code], index: i, count: m.Kind == oversight.KindCount})
	}
	slices.SortFunc(metrics, func(a, b metric) int { return cmp.Compare(a.id, b.id) })
	na, M := len(ancs), o.Months
	roll := make([]float64, na*nm*M) // (anc, metric index, month)
	n := make([]int, na*M)           // units with figures, per (anc, month)
	lastN := make([]int, na*M)       // units whose figures end that month
	for _, fu := range fus {
		for mi := fu.first; mi <= fu.last; mi++ {
			for _, a := range fu.ancs {
				n[a*M+mi]++
			}
		}
		for _, a := range fu.ancs {
			lastN[a*M+fu.last]++
		}
	}
	var batchU []int64
	var batchV []float32
	for _, m := range metrics {
		for mi := 0; mi < M; mi++ {
			if err = ctx.Err(); err != nil {
				return c, err
			}
			batchU, batchV = batchU[:0], batchV[:0]
			for j, fi := range monthUnits[mi] {
				v := recs[(offset[mi]+j)*nm+m.index]
				batchU = append(batchU, fus[fi].id)
				batchV = append(batchV, v)
				if m.count {
					for _, a := range fus[fi].ancs {
						roll[(a*nm+m.index)*M+mi] += float64(v)
					}
				}
			}
			if err = bl.MonthValues(m.id, int(start.Add(mi)), batchU, batchV); err != nil {
				return c, err
			}
			c.Values += len(batchU)
		}
	}

	// The same figures by (unit, period, metric), for the index on
	// metric_values that SQLite would otherwise sort them into.
	mids := make([]int64, len(metrics))
	for i, m := range metrics {
		mids[i] = m.id
	}
	cursor := make([]int, M) // per month, the next place in monthUnits
	var periods []int
	var vals []float32
	for _, fu := range fus {
		if err = ctx.Err(); err != nil {
			return c, err
		}
		periods, vals = periods[:0], vals[:0]
		for mi := fu.first; mi <= fu.last; mi++ {
			r := recs[(offset[mi]+cursor[mi])*nm:]
			cursor[mi]++
			periods = append(periods, int(start.Add(mi)))
			for _, m := range metrics {
				vals = append(vals, r[m.index])
			}
		}
		if err = bl.UnitValues(fu.id, periods, mids, vals); err != nil {
			return c, err
		}
	}
	// Roll-ups, by (unit, metric, period) as the table is keyed.
	order := make([]int, na)
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(ancs[a], ancs[b]) })
	var rows []sqlite.RollupRow
	var pairs []sqlite.PairRow
	var gaps []sqlite.GapRow
	var months []sqlite.MonthRow
	gapCodes := oversight.StockCountCodes()
	for _, in := range oversight.Indicators {
		if in.Stock() {
			gapCodes = append(gapCodes, in.Code)
		}
	}
	slices.Sort(gapCodes)
	indicators := slices.SortedFunc(slices.Values(oversight.Indicators), func(a, b oversight.Indicator) int { return cmp.Compare(a.Code, b.Code) })
	for _, a := range order {
		for _, m := range metrics {
			if !m.count {
				continue
			}
			for mi := 0; mi < M; mi++ {
				if k := n[a*M+mi]; k > 0 {
					rows = append(rows, sqlite.RollupRow{UnitID: ancs[a], MetricID: m.id, Period: int(start.Add(mi)), Value: roll[(a*nm+m.index)*M+mi], N: k})
				}
			}
		}
		// Every unit reports every metric in each of its months, so each
		// indicator has both counts wherever a unit has figures. Rows go in
		// each table's key order (unit, indicator or code, period).
		for _, in := range indicators {
			ia, ib := idx[in.Needs[0]], idx[in.Needs[1]]
			for mi := 0; mi < M; mi++ {
				if k := n[a*M+mi]; k > 0 {
					pairs = append(pairs, sqlite.PairRow{UnitID: ancs[a], Indicator: in.Code, Period: int(start.Add(mi)),
						A: roll[(a*nm+ia)*M+mi], B: roll[(a*nm+ib)*M+mi], N: k})
				}
			}
		}
		for _, code := range gapCodes {
			for mi := 0; mi < M; mi++ {
				if g := lastN[a*M+mi]; g > 0 {
					gaps = append(gaps, sqlite.GapRow{UnitID: ancs[a], Code: code, Period: int(start.Add(mi)), N: g})
				}
			}
		}
		for mi := 0; mi < M; mi++ {
			if k := n[a*M+mi]; k > 0 {
				months = append(months, sqlite.MonthRow{UnitID: ancs[a], Period: int(start.Add(mi)), Figures: k, Reported: k})
			}
		}
	}
	if err = bl.Rollups(rows); err != nil {
		return c, err
	}
	c.Rollups = len(rows)
	if err = bl.Derived(pairs, gaps, months); err != nil {
		return c, err
	}
	err = bl.Commit()
	return c, err
}

// monthsBetween is the number of months from a to b.
func monthsBetween(a, b oversight.Month) int {
	return (b.Year()-a.Year())*12 + b.MonthNum() - a.MonthNum()
}
