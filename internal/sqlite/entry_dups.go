package sqlite

import "github.com/cchc/cchc/internal/oversight"

// catalogueIndex is each catalogue metric's position.
var catalogueIndex = func() map[string]int {
	out := make(map[string]int, len(oversight.Catalogue))
	for i, m := range oversight.Catalogue {
		out[m.Code] = i
	}
	return out
}()

// firstRows remembers the first row of a batch giving each figure (unit,
// month, metric), to refuse a second one. A national template gives 83,025
// figures: one small slot per unit-month and catalogue metric instead of a
// map entry per figure (about 6 MB of map, and its hashing, saved); a
// metric code outside the catalogue (refused later by CheckBatch) goes in
// a map.
type firstRows struct {
	block map[oversight.UnitMonth]int
	rows  []int32 // block*len(Catalogue) + metric position -> row + 1; 0 for none
	other map[firstKey]int
}

type firstKey struct {
	um     oversight.UnitMonth
	metric string
}

// add records row as giving the figure, or returns the row that gave it
// first.
func (f *firstRows) add(k oversight.UnitMonth, metric string, row int) (first int, dup bool) {
	pos, ok := catalogueIndex[metric]
	if !ok {
		if f.other == nil {
			f.other = map[firstKey]int{}
		}
		fk := firstKey{k, metric}
		if first, dup := f.other[fk]; dup {
			return first, true
		}
		f.other[fk] = row
		return 0, false
	}
	if f.block == nil {
		f.block = map[oversight.UnitMonth]int{}
	}
	b, ok := f.block[k]
	if !ok {
		b = len(f.block)
		f.block[k] = b
		f.rows = append(f.rows, make([]int32, len(oversight.Catalogue))...)
	}
	slot := &f.rows[b*len(oversight.Catalogue)+pos]
	if *slot != 0 {
		return int(*slot) - 1, true
	}
	*slot = int32(row) + 1
	return 0, false
}
