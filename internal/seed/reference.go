// Package seed loads cchc's reference data (the official tree of Vietnam's
// administrative units before and after 1 July 2025, with every succession
// link) and the demo dataset built on the 2019 supervision of Hà Đông
// district.
package seed

import (
	"bytes"
	"compress/gzip"
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// The official lists (GSO codes), copied unchanged from
// ../shared/reference/units/ and gzipped; README.md says where they come
// from. Units in force on 30/06/2025 (63 provinces, 696 districts, 10,035
// communes), units from 01/07/2025 (34 provinces, 3,321 communes), and the
// official old-to-new conversion table with its transfer notes.
var (
	//go:embed vn-units-2024.csv.gz
	units2024GZ []byte
	//go:embed vn-units-2025.csv.gz
	units2025GZ []byte
	//go:embed vn-successions-2025-detail.csv.gz
	successionsGZ []byte
)

// Hà Đông's three wards abolished on 01/01/2025 (Nghị quyết
// 1318/NQ-UBTVQH15: Nguyễn Trãi, Yết Kiêu and Quang Trung merged into a new
// Phường Quang Trung that kept code 09538), which the official lists of
// 30/06/2025 no longer hold.
//
//go:embed ha-dong-2025-01.csv
var haDong2025CSV []byte

// Reorganisation is the day the two-tier administration began.
var Reorganisation = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)

// HaDongMerger is the day Hà Đông's three wards merged into the new
// Phường Quang Trung.
var HaDongMerger = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// NationCode is the code of the national root.
const NationCode = "VN"

// Reference gives a database without any unit the official tree: the
// national root Việt Nam, the provinces, districts and communes in force
// until 30/06/2025 (with Hà Đông's wards of 2019), the provinces and
// communes from 01/07/2025, and every succession link. A database that
// holds units already is left as it is.
func Reference(ctx context.Context, db *sqlite.DB) error {
	codes, err := db.UnitCodes(ctx)
	if err != nil {
		return err
	}
	if len(codes) > 0 {
		return nil
	}
	units, links, err := OfficialTree()
	if err != nil {
		return fmt.Errorf("reference units: %w", err)
	}
	if err := db.LoadUnitTree(ctx, units, links); err != nil {
		return err
	}
	// Hà Đông's nine offices (organisations; ours, not official) as before.
	return Departments(ctx, db)
}

// OfficialTree builds the official tree from the embedded lists, with ids
// (from 1, parents first) and successions by id.
func OfficialTree() ([]oversight.Unit, []oversight.Succession, error) {
	old, err := readCSV(units2024GZ, true)
	if err != nil {
		return nil, nil, fmt.Errorf("vn-units-2024.csv: %w", err)
	}
	cur, err := readCSV(units2025GZ, true)
	if err != nil {
		return nil, nil, fmt.Errorf("vn-units-2025.csv: %w", err)
	}
	succ, err := readCSV(successionsGZ, true)
	if err != nil {
		return nil, nil, fmt.Errorf("vn-successions-2025-detail.csv: %w", err)
	}
	hd, err := readCSV(haDong2025CSV, false)
	if err != nil {
		return nil, nil, fmt.Errorf("ha-dong-2025-01.csv: %w", err)
	}
	lastOld, firstNew := Reorganisation.AddDate(0, 0, -1), Reorganisation
	beforeMerger := HaDongMerger.AddDate(0, 0, -1)
	units := []oversight.Unit{{ID: 1, Code: NationCode, Name: "Việt Nam", Kind: oversight.UnitNation}}
	oldID := map[string]int64{}    // code -> unit in force on 30/06/2025
	newID := map[string]int64{}    // code -> unit in force on 01/07/2025
	mergedID := map[string]int64{} // code -> Hà Đông ward abolished 01/01/2025
	add := func(r []string, from, to *time.Time, ids map[string]int64, parents map[string]int64) error {
		code, name, kind, parent := r[0], r[1], unitKind(r[2], r[1]), r[3]
		u := oversight.Unit{ID: int64(len(units) + 1), Code: code, Official: true, Name: name, Kind: kind, ValidFrom: from, ValidTo: to}
		if parent == "" {
			u.ParentID = 1
		} else if u.ParentID = parents[parent]; u.ParentID == 0 {
			return fmt.Errorf("unit %s: no parent %s", code, parent)
		}
		units = append(units, u)
		ids[code] = u.ID
		return nil
	}
	// Parents come before children in the files (provinces, districts,
	// communes); order by kind to be sure.
	for _, kind := range []string{oversight.UnitProvince, oversight.UnitDistrict, oversight.UnitCommune} {
		for _, r := range old {
			if r[2] != kind { // the lists' own kinds
				continue
			}
			var from *time.Time
			if r[0] == "09538" { // the new Phường Quang Trung, from 01/01/2025
				merger := HaDongMerger
				from = &merger
			}
			if err := add(r, from, &lastOld, oldID, oldID); err != nil {
				return nil, nil, err
			}
		}
		if kind == oversight.UnitCommune {
			for _, r := range hd {
				if err := add(r, nil, &beforeMerger, mergedID, oldID); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	for _, kind := range []string{oversight.UnitProvince, oversight.UnitCommune} {
		for _, r := range cur {
			if r[2] == kind {
				if err := add(r, &firstNew, nil, newID, newID); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	var links []oversight.Succession
	for _, r := range hd {
		links = append(links, oversight.Succession{FromID: mergedID[r[0]], FromCode: r[0], ToID: oldID[r[6]], ToCode: r[6],
			On: HaDongMerger, Note: r[7], Whole: true})
	}
	successors := map[string]int{}
	for _, r := range succ {
		successors[r[0]]++
	}
	for _, r := range succ {
		from, to := oldID[r[0]], newID[r[4]]
		if from == 0 || to == 0 {
			return nil, nil, fmt.Errorf("succession %s -> %s: unit not found", r[0], r[4])
		}
		// An old unit went whole into its successor when it has only one;
		// a split one is listed apart and never apportioned.
		links = append(links, oversight.Succession{FromID: from, FromCode: r[0], ToID: to, ToCode: r[4],
			On: Reorganisation, Note: r[7], Whole: successors[r[0]] == 1})
	}
	return units, links, nil
}

// unitKind refines the lists' kinds by the type word the name carries, so
// pages can say "Phường" and "Thành phố": wards (phường) among communes,
// cities among provinces. Counted by the lists' kinds, ward and commune
// are both communes.
func unitKind(kind, name string) string {
	switch {
	case kind == oversight.UnitCommune && strings.HasPrefix(name, "Phường "):
		return oversight.UnitWard
	case kind == oversight.UnitProvince && strings.HasPrefix(name, "Thành phố "):
		return oversight.UnitCity
	}
	return kind
}

// readCSV reads a (gzipped) CSV file without its header row.
func readCSV(b []byte, gz bool) ([][]string, error) {
	var r io.Reader = bytes.NewReader(b)
	if gz {
		z, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		defer z.Close()
		r = z
	}
	rows, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("empty file")
	}
	return rows[1:], nil
}
