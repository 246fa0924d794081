package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
)

// seedUsage is what `cchc seed -h` says before the flags.
const seedUsage = `cchc seed --synthetic [--units N] [--provinces N] [--months N] [--end YYYY-MM] [--seed N] --db PATH

Builds invented national-scale figures in a new database, for measuring (docs/PERFORMANCE.md), on the
official tree of units with their real codes and names (the same tree every database gets): the
communes in force until 30/06/2025 have figures up to 06/2025, those of 01/07/2025 from 07/2025.
--units counts communes of 01/07/2025 (3321, the default, is all of them); each brings every old
commune that went into it, whole or in part, so the default gives figures to all 10,038 old ones
too. The figures are invented: never use such a database for real data.

`

// seedCmd builds a national-scale synthetic data set in a new database, for
// measuring the dashboards (docs/PERFORMANCE.md): the official tree (real
// codes and names) with invented figures for the communes before 07/2025
// and for those after.
func seedCmd(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cfg := defaults(getenv)
	fs := newFlags("seed")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file (new or empty)")
	synthetic := fs.Bool("synthetic", false, "generate invented national-scale figures")
	units := fs.Int("units", 3321, "communes and wards of 01/07/2025 with figures, spread over the provinces; each brings the old communes that went into it (3321: all, with all 10,038 old ones)")
	provinces := fs.Int("provinces", 34, "the first N provinces of 01/07/2025 whose communes get figures (34: all)")
	months := fs.Int("months", 120, "months of figures ending at --end; a commune has figures only for the months it existed")
	end := fs.String("end", "", "last month with figures (YYYY-MM; default: the last complete month)")
	seedNo := fs.Uint64("seed", 2025, "random seed (the same seed gives the same figures)")
	if slices.ContainsFunc(args, func(a string) bool { return a == "-h" || a == "-help" || a == "--help" }) {
		fmt.Fprint(stdout, seedUsage)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return nil
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !*synthetic {
		return usagef("seed: only --synthetic is supported (the demo data comes with serve --demo)")
	}
	if fs.NArg() != 0 {
		return usagef("seed takes no arguments besides its flags")
	}
	if *units < 1 || *units > 3321 || *provinces < 1 || *provinces > 34 || *months < 1 || *months > 600 {
		return usagef("seed: need 1 <= --units <= 3321 (the communes of 01/07/2025), 1 <= --provinces <= 34 and 1 <= --months <= 600")
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
	// Not openDB: the load writes the official tree itself, with the figures.
	db, err := sqlite.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	began := time.Now()
	n, err := seed.SyntheticOfficial(ctx, db, seed.SyntheticOptions{Provinces: *provinces, Units: *units, Months: *months, End: last, Seed: *seedNo})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seeded %s: %d units, %d values (%s–%s), %d roll-ups in %v\n", cfg.DB, n.Units, n.Values,
		last.Add(-(*months - 1)).Label(), last.Label(), n.Rollups, time.Since(began).Round(time.Millisecond))
	return nil
}
