// Package seed loads cchc's reference data (the Hà Nội / Hà Đông unit tree
// and its 2025 successors) and the demo dataset built on the 2019
// supervision of Hà Đông district.
package seed

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// The GSO codes of Hà Nội, Hà Đông district and its 17 wards, as listed
// before the 2025 reorganisation (../shared/reference/ha-dong-units-2019.csv).
//
//go:embed ha-dong-units-2019.csv
var officialUnitsCSV []byte

// The district's departments and the five wards formed on 01/07/2025. The
// article does not name the nine departments; these are the usual ones of
// an urban district and their codes are ours, not official. The new wards'
// official codes are not in our reference, so they carry our own codes too.
//
//go:embed units-extra.csv
var extraUnitsCSV []byte

// Which old wards went into which new ones on 01/07/2025. Approximate: a
// ward marked "part" was split; check against Nghị quyết 1656/NQ-UBTVQH15
// before relying on the exact boundaries.
//
//go:embed successions.csv
var successionsCSV []byte

// Reorganisation is the day the two-tier administration began.
var Reorganisation = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)

// Reference loads the reference units and succession links. It may run on
// every start: rows that exist are updated in place.
func Reference(ctx context.Context, db *sqlite.DB) error {
	known, err := db.UnitCodes(ctx)
	if err != nil {
		return err
	}
	official, err := parseUnits(officialUnitsCSV, known)
	if err != nil {
		return fmt.Errorf("reference units: %w", err)
	}
	lastDay := Reorganisation.AddDate(0, 0, -1)
	for i := range official {
		if official[i].Kind != oversight.UnitCity {
			official[i].ValidTo = &lastDay
		}
	}
	if err := db.ImportUnits(ctx, official, true, sqlite.Actor{}); err != nil {
		return fmt.Errorf("reference units: %w", err)
	}
	known, err = db.UnitCodes(ctx)
	if err != nil {
		return err
	}
	extra, err := parseUnits(extraUnitsCSV, known)
	if err != nil {
		return fmt.Errorf("reference units (extra): %w", err)
	}
	if err := db.ImportUnits(ctx, extra, false, sqlite.Actor{}); err != nil {
		return fmt.Errorf("reference units (extra): %w", err)
	}
	rows, err := csv.NewReader(bytes.NewReader(successionsCSV)).ReadAll()
	if err != nil {
		return err
	}
	for _, r := range rows[1:] {
		note := "toàn bộ"
		if r[2] == "part" {
			note = "một phần"
		}
		if err := db.AddSuccession(ctx, oversight.Succession{FromCode: r[0], ToCode: r[1], On: Reorganisation, Note: note}); err != nil {
			return fmt.Errorf("succession %s -> %s: %w", r[0], r[1], err)
		}
	}
	return nil
}

func parseUnits(b []byte, known map[string]bool) ([]oversight.UnitInput, error) {
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, err
	}
	return oversight.ParseUnitRows(rows, known)
}
