package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/sqlite"
)

// cchc seed -h says what --units means on the official tree; a small seed
// writes real names and figures on both sides of 01/07/2025.
func TestSeedSyntheticOnTheOfficialTree(t *testing.T) {
	r := runCLI(t, "", nil, "seed", "-h")
	if r.code != 0 || !strings.Contains(r.stdout, "--units counts communes of 01/07/2025") || !strings.Contains(r.stdout, "-provinces") {
		t.Fatalf("seed -h: exit %d, stdout %q", r.code, r.stdout)
	}
	db := filepath.Join(t.TempDir(), "syn.db")
	r = runCLI(t, "", nil, "seed", "--synthetic", "--units", "5", "--provinces", "1", "--months", "4", "--end", "2025-08", "--db", db)
	if r.code != 0 {
		t.Fatalf("seed: exit %d, stderr %q", r.code, r.stderr)
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hn, err := s.UnitByCode(ctx, "01@2025-07-01")
	if err != nil || hn.Name != "Thành phố Hà Nội" {
		t.Fatalf("01 from 01/07/2025: %+v %v", hn, err)
	}
	old, err := s.UnitByCode(ctx, "01@2025-06-30")
	if err != nil {
		t.Fatal(err)
	}
	// Figures under the old Hà Nội for 05–06/2025 and under the new one for
	// 07–08/2025, never the other way round.
	for _, tc := range []struct {
		unit     int64
		from, to string
		want     bool
	}{{old.ID, "2025-05", "2025-06", true}, {hn.ID, "2025-07", "2025-08", true}, {hn.ID, "2025-05", "2025-06", false}} {
		months, ok, err := s.SubtreeDataMonths(ctx, tc.unit)
		if err != nil {
			t.Fatal(err)
		}
		has := ok && months.From.String() <= tc.to && months.To.String() >= tc.from
		if tc.want && (!has || months.From.String() != tc.from || months.To.String() != tc.to) {
			t.Errorf("unit %d: figures %v (%t), want exactly %s..%s", tc.unit, months, ok, tc.from, tc.to)
		}
		if !tc.want && has {
			t.Errorf("unit %d: figures %v, want none in %s..%s", tc.unit, months, tc.from, tc.to)
		}
	}
}
