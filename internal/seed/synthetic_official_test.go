package seed_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/testenv"
)

// dumpDerived reads every roll-up table, one line per row, sorted.
func dumpDerived(t *testing.T, raw *sql.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for table, q := range map[string]string{
		"dash_rollup":   `SELECT unit_id, metric_id, period, value, n FROM dash_rollup`,
		"dash_approved": `SELECT unit_id, metric_id, period, value, n FROM dash_approved`,
		"dash_pair":     `SELECT scope, unit_id, indicator, period, a, b, n FROM dash_pair`,
		"dash_gap":      `SELECT scope, unit_id, code, period, n FROM dash_gap`,
		"dash_months":   `SELECT unit_id, period, figures, approved, approved_figures FROM dash_months`,
		"dash_reported": `SELECT scope, unit_id, period, n FROM dash_reported`,
	} {
		rows, err := raw.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, v := range vals {
				if f, ok := v.(float64); ok {
					v = math.Round(f*1000) / 1000
				}
				parts = append(parts, fmt.Sprint(v))
			}
			out[table] = append(out[table], strings.Join(parts, " "))
		}
		rows.Close()
		sort.Strings(out[table])
	}
	return out
}

// The synthetic set on the official tree, at small scale: real codes and
// names, figures only in each unit's months, and roll-ups computed in Go
// equal to those the store's SQL computes from the same figures.
func TestSyntheticOfficialAtSmallScale(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "syn.db")
	db := testenv.Open(t, path)
	// 14 months across the reorganisation; Hà Nội (the first province of
	// 2025) and the next, 12 of their communes of 2025.
	end := oversight.NewMonth(2025, 10)
	n, err := seed.SyntheticOfficial(ctx, db, seed.SyntheticOptions{Provinces: 2, Units: 12, Months: 14, End: end, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()

	t.Run("the whole official tree with its real names", func(t *testing.T) {
		u, err := db.UnitByCode(ctx, "01@2025-07-01")
		if err != nil || u.Name != "Thành phố Hà Nội" {
			t.Errorf("01 from 01/07/2025 = %+v %v", u, err)
		}
		if n.Units != 14153 {
			t.Errorf("units = %d, want the official tree's", n.Units)
		}
	})
	t.Run("figures only for the months each unit existed, old ones until 06/2025, new ones after", func(t *testing.T) {
		var outside, olds, news, afterOld, beforeNew int
		if err := raw.QueryRow(`SELECT
  SUM(CASE WHEN (u.valid_from IS NOT NULL AND v.period < CAST(strftime('%Y%m', u.valid_from) AS INTEGER))
         OR (u.valid_to IS NOT NULL AND v.period > CAST(strftime('%Y%m', u.valid_to) AS INTEGER)) THEN 1 ELSE 0 END),
  COUNT(DISTINCT CASE WHEN u.valid_to = '2025-06-30' THEN u.id END),
  COUNT(DISTINCT CASE WHEN u.valid_from = '2025-07-01' THEN u.id END),
  SUM(CASE WHEN u.valid_to = '2025-06-30' AND v.period > 202506 THEN 1 ELSE 0 END),
  SUM(CASE WHEN u.valid_from = '2025-07-01' AND v.period < 202507 THEN 1 ELSE 0 END)
FROM metric_values v JOIN units u ON u.id = v.unit_id`).Scan(&outside, &olds, &news, &afterOld, &beforeNew); err != nil {
			t.Fatal(err)
		}
		if outside != 0 || afterOld != 0 || beforeNew != 0 {
			t.Errorf("%d figures outside their unit's life", outside)
		}
		if news != 12 || olds < 12 {
			t.Errorf("%d new communes and %d old ones with figures, want 12 new and their predecessors (more)", news, olds)
		}
		// Every metric of every unit in each of its months: the count by hand.
		var want int
		if err := raw.QueryRow(`SELECT SUM(
  MIN(202510, COALESCE(CAST(strftime('%Y%m', valid_to) AS INTEGER), 999999)) / 100 * 12 + MIN(202510, COALESCE(CAST(strftime('%Y%m', valid_to) AS INTEGER), 999999)) % 100
  - (MAX(202409, COALESCE(CAST(strftime('%Y%m', valid_from) AS INTEGER), 0)) / 100 * 12 + MAX(202409, COALESCE(CAST(strftime('%Y%m', valid_from) AS INTEGER), 0)) % 100) + 1)
FROM units WHERE id IN (SELECT DISTINCT unit_id FROM metric_values)`).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if n.Values != want*len(oversight.Catalogue) {
			t.Errorf("values = %d, want %d unit-months × %d metrics", n.Values, want, len(oversight.Catalogue))
		}
	})
	t.Run("the load leaves the schema, journal and settings of every database", func(t *testing.T) {
		// The load drops an index, a trigger and the WAL for its time: all
		// must be back, with the same text, as in a file the seed never saw.
		freshPath := filepath.Join(t.TempDir(), "fresh.db")
		testenv.Open(t, freshPath)
		fresh, err := sql.Open("sqlite3", "file:"+freshPath)
		if err != nil {
			t.Fatal(err)
		}
		defer fresh.Close()
		schema := func(db *sql.DB) string {
			var s string
			if err := db.QueryRow(`SELECT group_concat(type || ' ' || name || ': ' || COALESCE(sql, ''), char(10)) FROM (SELECT * FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name)`).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		if got, want := schema(raw), schema(fresh); got != want || !strings.Contains(got, "trigger dash_values_insert") || !strings.Contains(got, "index dash_rollup_slice") {
			t.Errorf("schema after the seed differs from a new database's:\n%s\nwant\n%s", got, want)
		}
		var mode string
		if err := raw.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
			t.Errorf("journal mode %q (%v), want wal", mode, err)
		}
		// A figure written after the load marks its slice stale again.
		if _, err := raw.Exec(`INSERT INTO metric_values (metric_id, period, unit_id, value, entered_at, source) VALUES (1, 199001, 1, 5, 'now', 'form')`); err != nil {
			t.Fatal(err)
		}
		var dirty int
		if err := raw.QueryRow(`SELECT COUNT(*) FROM dash_dirty WHERE metric_id = 1 AND period = 199001`).Scan(&dirty); err != nil || dirty != 1 {
			t.Errorf("dash_dirty rows for the new figure = %d (%v), want 1", dirty, err)
		}
		if _, err := raw.Exec(`DELETE FROM metric_values WHERE period = 199001; DELETE FROM dash_dirty`); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("the index by unit, written by the loader, holds exactly the figures", func(t *testing.T) {
		// metric_values_unit is not sorted by SQLite but given by the loader
		// (bulk_index_image.go): integrity_check looks every figure up in it
		// and counts its entries; a query by unit reads it.
		rows, err := raw.Query(`PRAGMA integrity_check`)
		if err != nil {
			t.Fatal(err)
		}
		var problems []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			problems = append(problems, s)
		}
		rows.Close()
		if len(problems) != 1 || problems[0] != "ok" {
			t.Fatalf("integrity_check: %d problems, first %q", len(problems), problems[:min(3, len(problems))])
		}
		var plan string
		var id int64
		var fromIndex, fromTable float64
		var nIndex, nTable int
		if err := raw.QueryRow(`SELECT unit_id FROM metric_values WHERE period = 202506 ORDER BY metric_id, unit_id LIMIT 1`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		if err := raw.QueryRow(`EXPLAIN QUERY PLAN SELECT SUM(value) FROM metric_values INDEXED BY metric_values_unit WHERE unit_id = ?`, id).Scan(new(int), new(int), new(int), &plan); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "COVERING INDEX metric_values_unit") {
			t.Errorf("plan %q, want the covering index", plan)
		}
		if err := raw.QueryRow(`SELECT SUM(value), COUNT(*) FROM metric_values INDEXED BY metric_values_unit WHERE unit_id = ?`, id).Scan(&fromIndex, &nIndex); err != nil {
			t.Fatal(err)
		}
		if err := raw.QueryRow(`SELECT SUM(value), COUNT(*) FROM metric_values NOT INDEXED WHERE +unit_id = ?`, id).Scan(&fromTable, &nTable); err != nil {
			t.Fatal(err)
		}
		if nIndex == 0 || nIndex != nTable || fromIndex != fromTable {
			t.Errorf("unit %d by the index: %d figures summing %v; by the table: %d summing %v", id, nIndex, fromIndex, nTable, fromTable)
		}
	})
	t.Run("every roll-up equals what the store's SQL computes from the figures", func(t *testing.T) {
		mine := dumpDerived(t, raw)
		if len(mine["dash_rollup"]) == 0 || len(mine["dash_pair"]) == 0 || len(mine["dash_gap"]) == 0 || len(mine["dash_months"]) == 0 {
			t.Fatalf("roll-ups missing: %d sums, %d pairs, %d gaps, %d months", len(mine["dash_rollup"]), len(mine["dash_pair"]), len(mine["dash_gap"]), len(mine["dash_months"]))
		}
		if err := db.RebuildRollups(ctx); err != nil {
			t.Fatal(err)
		}
		theirs := dumpDerived(t, raw)
		for table, rows := range theirs {
			if strings.Join(rows, "\n") != strings.Join(mine[table], "\n") {
				t.Errorf("%s: %d rows from the seed, %d from SQL; first difference %s", table, len(mine[table]), len(rows), firstDiff(mine[table], rows))
			}
		}
	})
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("seed %q, SQL %q", a[i], b[i])
		}
	}
	return "(one is a prefix of the other)"
}
