package sqlite_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
)

// LineageLinksOf, read for many units at once (a dashboard's unit and its
// children), gives each of them the comparable history its own
// LineageLinks gives, and holds every one of those links: on the demo,
// which holds the official succession table of 2025.
func TestLineageLinksOfManyUnitsHoldEachOnesLineage(t *testing.T) {
	ctx := context.Background()
	db := dashDemoDB(t)
	all, err := db.AllSuccessions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// A province's worth: the units of every 50th link (the demo holds the
	// official table's ten thousand), each side.
	seen := map[int64]bool{}
	var ids []int64
	for i := 0; i < len(all); i += 50 {
		for _, id := range []int64{all[i].ToID, all[i].FromID} {
			if !seen[id] {
				seen[id], ids = true, append(ids, id)
			}
		}
	}
	if len(ids) < 10 {
		t.Fatalf("the demo has %d units in succession links, want the 2025 reorganisation's", len(ids))
	}
	many, err := db.LineageLinksOf(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	inMany := map[string]bool{}
	for _, l := range many {
		inMany[fmt.Sprint(l)] = true
	}
	formed := 0
	for _, id := range ids {
		own, err := db.LineageLinks(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range own {
			if !inMany[fmt.Sprint(l)] {
				t.Errorf("unit %d: link %v of its lineage missing from the read of many", id, l)
			}
		}
		a, b := oversight.ComparableOf(id, own), oversight.ComparableOf(id, many)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("unit %d: comparable history %v from its own lineage, %v from the read of many", id, a, b)
		}
		if a.Has() {
			formed++
		}
	}
	if formed == 0 {
		t.Fatal("no unit of the demo has a comparable history: the test compares nothing")
	}
	if none, err := db.LineageLinksOf(ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("no units: %v, %v; want nothing", none, err)
	}
}
