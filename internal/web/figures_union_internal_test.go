package web

import (
	"context"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// unionTotals reads roll-ups where they answer and figures where they do
// not; whatever it reads, each group's figures must be the engine's over
// every unit's own figures (the oracle: oversight.AggregateIn over the
// points of the roots' subtrees and the own units). The tree has a unit
// retired in June 2025 with its children, one formed in July, a leaf, and
// units that report every month (their stocks come from the roll-ups) or
// skip months at random (a gap: read from the figures).
func TestFiguresUnionTotalsAreTheEnginesOnRandomDataWithGaps(t *testing.T) {
	ctx := context.Background()
	date := func(s string) *time.Time {
		if s == "" {
			return nil
		}
		d, _ := time.Parse(time.DateOnly, s)
		return &d
	}
	type spec struct{ code, kind, parent, from, to string }
	specs := []spec{{"ZR", "district", "", "", ""},
		{"ZA", "ward", "ZR", "", ""}, {"ZB", "ward", "ZR", "", "2025-06-30"}, {"ZB1", "ward", "ZB", "", "2025-06-30"},
		{"ZB2", "ward", "ZB", "", "2025-06-30"}, {"ZC", "ward", "ZR", "2025-07-01", ""}, {"ZC1", "ward", "ZC", "2025-07-01", ""},
		{"ZC2", "ward", "ZC", "2025-07-01", ""}, {"ZD", "ward", "ZR", "", ""}, {"ZD1", "ward", "ZD", "", ""}}
	rng := rand.New(rand.NewPCG(2025, 7))
	for round := range 4 {
		// Round 0 every unit reports every figure of every month it
		// existed; later rounds skip more and more, each in a fresh file
		// (a skipped month must hold nothing).
		db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "cchc.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		srv, err := New(db, Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		by := map[string]oversight.Unit{}
		for _, s := range specs {
			u := oversight.Unit{Code: s.code, Name: "Đơn vị " + s.code, Kind: s.kind, ValidFrom: date(s.from), ValidTo: date(s.to)}
			if s.parent != "" {
				u.ParentID = by[s.parent].ID
			}
			if u.ID, err = db.CreateUnit(ctx, u, sqlite.Actor{Name: "test"}); err != nil {
				t.Fatal(err)
			}
			by[s.code] = u
		}
		var vs []sqlite.ValueInput
		for _, s := range specs {
			for m := 1; m <= 12; m++ {
				mo := oversight.NewMonth(2025, m)
				if !by[s.code].ExistedDuring(oversight.Span{From: mo, To: mo}) || (round > 0 && rng.IntN(6-round) == 0) {
					continue
				}
				for _, code := range dashMetrics {
					if round > 1 && rng.IntN(8) == 0 {
						continue
					}
					vs = append(vs, sqlite.ValueInput{UnitCode: s.code, Metric: code, Month: mo, Value: float64(1 + rng.IntN(300))})
				}
			}
		}
		if err := db.PutValues(ctx, vs, "form", sqlite.Actor{Name: "test"}); err != nil {
			t.Fatal(err)
		}
		u := func(codes ...string) []oversight.Unit {
			var out []oversight.Unit
			for _, c := range codes {
				out = append(out, by[c])
			}
			return out
		}
		groups := []unionGroup{{Roots: u("ZA", "ZB", "ZC", "ZD"), Own: u("ZR")}, {Roots: u("ZB")}, {Roots: u("ZB", "ZD")},
			{Roots: u("ZC", "ZA")}, {Own: u("ZD1", "ZA")}, {}}
		for draw := range 8 {
			from := 1 + rng.IntN(12)
			sp := oversight.Span{From: oversight.NewMonth(2025, from), To: oversight.NewMonth(2025, from+rng.IntN(13-from))}
			if draw == 0 {
				sp = oversight.Span{From: oversight.NewMonth(2025, 1), To: oversight.NewMonth(2025, 12)}
			}
			for _, approved := range []bool{false, true} {
				got, err := srv.unionTotals(ctx, approved, dashMetrics, sp, groups...)
				if err != nil {
					t.Fatal(err)
				}
				for i, g := range groups {
					want := unionOracle(t, db, approved, g, sp)
					if len(got[i]) != len(want) {
						t.Errorf("round %d, %s, approved=%v, group %d: %v, want %v", round, sp, approved, i, got[i], want)
						continue
					}
					for code, w := range want {
						if v, ok := got[i][code]; !ok || math.Abs(v-w) > 1e-9*math.Max(1, math.Abs(w)) {
							t.Errorf("round %d, %s, approved=%v, group %d: %s = %v (%v), want %v", round, sp, approved, i, code, v, ok, w)
						}
					}
				}
			}
		}
		if round == 0 {
			// With every month reported, the retired unit's stocks over the
			// year come from its roll-up (its gap is its last month), not
			// from its figures.
			rolls, _, err := db.SubtreeRollups(ctx, false, dashMetrics, sqlite.RollupRead{Units: []int64{by["ZB"].ID},
				Span: oversight.Span{From: oversight.NewMonth(2025, 1), To: oversight.NewMonth(2025, 12)}})
			if err != nil {
				t.Fatal(err)
			}
			for _, code := range []string{"staff_evaluated", "procedures_listed"} {
				pts, ok := rollupStandIn(rolls[by["ZB"].ID], code, -1, oversight.Span{From: oversight.NewMonth(2025, 1), To: oversight.NewMonth(2025, 12)})
				if !ok || len(pts) != 1 || pts[0].Month != oversight.NewMonth(2025, 6) {
					t.Errorf("stand-in for %s of a unit retired in June: %v (answered %v), want June's sum", code, pts, ok)
				}
			}
		}
	}
}

// unionOracle is the engine over every unit's own figures of group g.
func unionOracle(t *testing.T, db *sqlite.DB, approved bool, g unionGroup, sp oversight.Span) oversight.Totals {
	t.Helper()
	ctx := context.Background()
	var roots, own []int64
	for _, u := range g.Roots {
		roots = append(roots, u.ID)
	}
	for _, u := range g.Own {
		own = append(own, u.ID)
	}
	sub, err := db.SubtreesFigures(ctx, roots, approved, dashMetrics, sp)
	if err != nil {
		t.Fatal(err)
	}
	pts, err := db.PointsOfUnits(ctx, own, approved, dashMetrics, sp)
	if err != nil {
		t.Fatal(err)
	}
	return oversight.AggregateIn(append(pts, sub.Points...), sp, oversight.ExistenceOf(append(sub.Units, g.Own...)))
}
