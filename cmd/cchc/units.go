package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/xlsx"
)

// maxUnitsFile bounds the size of a units file.
const maxUnitsFile = 20 << 20

func unitsImport(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cfg := defaults(getenv)
	fs := newFlags("units import")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file")
	official := fs.Bool("official", true, "the codes are official administrative codes")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("units import takes one file (.csv or .xlsx)")
	}
	rows, err := readTable(fs.Arg(0))
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	known, err := db.UnitCodes(ctx)
	if err != nil {
		return err
	}
	in, err := oversight.ParseUnitRows(rows, known)
	if err != nil {
		return err
	}
	if err := db.ImportUnits(ctx, in, *official, sqlite.Actor{Name: "cli"}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d units from %s\n", len(in), fs.Arg(0))
	return nil
}

// readTable reads a CSV (comma or semicolon, with or without a UTF-8 BOM)
// or the first sheet of an .xlsx file.
func readTable(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("cannot open %s: %v", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxUnitsFile+1))
	if err != nil {
		return nil, usagef("cannot read %s: %v", path, err)
	}
	if len(b) > maxUnitsFile {
		return nil, usagef("%s is larger than %d MB", path, maxUnitsFile>>20)
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		rows, err := xlsx.ReadRows(bytes.NewReader(b))
		if err != nil {
			return nil, usagef("%s: %s", path, message(err))
		}
		return rows, nil
	case ".csv":
		b = bytes.TrimPrefix(b, []byte("\ufeff"))
		r := csv.NewReader(bytes.NewReader(b))
		first, _, _ := bytes.Cut(b, []byte("\n"))
		if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
			r.Comma = ';'
		}
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			return nil, usagef("%s is not valid CSV: %v", path, err)
		}
		return rows, nil
	}
	return nil, usagef("%s: use a .csv or .xlsx file", path)
}
