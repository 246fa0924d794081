package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/sqlite"
)

func TestSeedSynthetic(t *testing.T) {
	db := filepath.Join(t.TempDir(), "syn.db")
	r := runCLI(t, "", nil, "seed", "--synthetic", "--units", "20", "--provinces", "2", "--months", "3", "--end", "2026-10", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "20") {
		t.Fatalf("seed: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	s, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := s.CountValues(context.Background())
	if err != nil || n != 20*3*25 {
		t.Errorf("%d values (%v), want %d", n, err, 20*3*25)
	}
	// Into a database that already holds units: refused, one line, exit 2.
	r = runCLI(t, "", nil, "seed", "--synthetic", "--units", "20", "--provinces", "2", "--months", "3", "--db", db)
	if r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("second seed: exit %d, stderr %q; want 2 and one line", r.code, r.stderr)
	}
	for _, args := range [][]string{
		{"seed", "--units", "20", "--db", db},
		{"seed", "--synthetic", "--units", "0", "--db", db},
		{"seed", "--synthetic", "--provinces", "50", "--units", "20", "--db", db},
		{"seed", "--synthetic", "--end", "2026-13", "--db", db},
	} {
		if r := runCLI(t, "", nil, args...); r.code != 2 || r.stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want 2 with a message", args, r.code, r.stderr)
		}
	}
}
