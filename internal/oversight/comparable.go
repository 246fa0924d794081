package oversight

import "slices"

// Comparable says which history of a unit formed by a reorganisation can be
// compared with its own figures: the units that went into it whole, whose
// figures are summed (through AggregateIn, like any other set of units) as
// its comparable series before it existed, and the predecessors that were
// split between several successors, which are listed apart and never
// apportioned: nobody knows which share of their dossiers belongs to which
// successor.
type Comparable struct {
	Unit int64
	// Whole are the units whose history is the unit's: each predecessor
	// with this unit as its one successor, and, through it, each of its own
	// predecessors that went whole into it (a ward merged on 01/01/2025,
	// then whole into a commune of 07/2025). Sorted, without repeats.
	Whole []int64
	// Split are the predecessors (of the unit or of a whole predecessor)
	// that also went into other units: left out of the sum and flagged.
	// Sorted, without repeats.
	Split []int64
}

// Partial reports whether part of the unit's history is missing from the
// comparable series because a predecessor was split.
func (c Comparable) Partial() bool { return len(c.Split) > 0 }

// Has reports whether there is any history to compare: at least one
// predecessor went whole into the unit.
func (c Comparable) Has() bool { return len(c.Whole) > 0 }

// ComparableOf decides, from succession links, the comparable history of
// unit. links must hold every link out of each predecessor met (a link to
// another unit is what makes a predecessor split); links unrelated to the
// unit are ignored. A predecessor is whole when it has one successor only,
// whatever a link's note says: the rule is about what can be added, and a
// unit with two successors cannot be added to either.
func ComparableOf(unit int64, links []Succession) Comparable {
	return NewLineage(links).Comparable(unit)
}

// Lineage indexes succession links once for many ComparableOf questions
// (a province's hundred new communes against the country's ten thousand
// links).
type Lineage struct {
	into       map[int64][]int64 // successor -> its predecessors
	successors map[int64]int     // predecessor -> how many successors
}

// NewLineage indexes links; a link given twice counts once.
func NewLineage(links []Succession) Lineage {
	l := Lineage{into: map[int64][]int64{}, successors: map[int64]int{}}
	seen := make(map[[2]int64]bool, len(links))
	for _, s := range links {
		k := [2]int64{s.FromID, s.ToID}
		if seen[k] {
			continue
		}
		seen[k] = true
		l.into[s.ToID] = append(l.into[s.ToID], s.FromID)
		l.successors[s.FromID]++
	}
	return l
}

// Comparable is ComparableOf(unit) over the indexed links.
func (l Lineage) Comparable(unit int64) Comparable {
	c := Comparable{Unit: unit}
	seen := map[int64]bool{unit: true}
	// Walk back from the unit through whole predecessors only: the history
	// of a split one is not the unit's, nor is that of its predecessors.
	queue := []int64{unit}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, p := range l.into[cur] {
			if seen[p] {
				continue
			}
			seen[p] = true
			if l.successors[p] == 1 {
				c.Whole = append(c.Whole, p)
				queue = append(queue, p)
			} else {
				c.Split = append(c.Split, p)
			}
		}
	}
	slices.Sort(c.Whole)
	slices.Sort(c.Split)
	return c
}

// HasPredecessors reports whether any link goes into unit.
func (l Lineage) HasPredecessors(unit int64) bool { return len(l.into[unit]) > 0 }

// ComparableMonths is the part of span s before unit u existed: the months
// whose figures come from its comparable series. ok is false when the unit
// existed through the whole span (or has no first day).
func ComparableMonths(u Unit, s Span) (Span, bool) {
	if u.ValidFrom == nil {
		return Span{}, false
	}
	// A unit born mid-month has figures for that month: the month is its
	// own, never its predecessors' as well.
	first := MonthOf(*u.ValidFrom)
	if s.From >= first {
		return Span{}, false
	}
	return Span{From: s.From, To: min(s.To, first.Add(-1))}, true
}
