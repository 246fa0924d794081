package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
)

// seedCmd builds a national-scale synthetic data set in a new database, for
// measuring the dashboards (docs/PERFORMANCE.md). Its figures are invented.
func seedCmd(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cfg := defaults(getenv)
	fs := newFlags("seed")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file (new or empty)")
	synthetic := fs.Bool("synthetic", false, "generate invented national-scale figures")
	units := fs.Int("units", 3321, "communes and wards")
	provinces := fs.Int("provinces", 34, "provinces under the national root")
	months := fs.Int("months", 120, "months of figures per commune")
	end := fs.String("end", "", "last month with figures (YYYY-MM; default: the last complete month)")
	seedNo := fs.Uint64("seed", 2025, "random seed (the same seed gives the same figures)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !*synthetic {
		return usagef("seed: only --synthetic is supported (the demo data comes with serve --demo)")
	}
	if fs.NArg() != 0 {
		return usagef("seed takes no arguments besides its flags")
	}
	if *units < 1 || *units > 20000 || *provinces < 1 || *provinces > *units || *months < 1 || *months > 600 {
		return usagef("seed: need 1 <= --provinces <= --units <= 20000 and 1 <= --months <= 600")
	}
	last := seed.SyntheticEnd(time.Now())
	if *end != "" {
		m, err := oversight.ParseMonth(*end)
		if err != nil {
			return err
		}
		last = m
	}
	if cfg.DB == "" {
		return usagef("--db is required (or set CCHC_DB)")
	}
	// Not openDB: the synthetic tree replaces the reference units.
	db, err := sqlite.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	began := time.Now()
	n, err := seed.Synthetic(ctx, db, seed.SyntheticOptions{Provinces: *provinces, Units: *units, Months: *months, End: last, Seed: *seedNo})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seeded %s: %d units, %d values (%s–%s), %d roll-ups in %v\n", cfg.DB, n.Units, n.Values,
		last.Add(-(*months - 1)).Label(), last.Label(), n.Rollups, time.Since(began).Round(time.Millisecond))
	return nil
}
