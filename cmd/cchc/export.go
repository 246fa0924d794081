package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/exportfile"
	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/xlsx"
)

func export(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cfg := defaults(getenv)
	fs := newFlags("export")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file")
	unit := fs.String("unit", "", "unit code")
	subtree := fs.Bool("subtree", false, "the unit and all units under it")
	from := fs.String("from", "", "first month, YYYY-MM")
	to := fs.String("to", "", "last month, YYYY-MM")
	by := fs.String("by", "month", "month, quarter, half or year")
	metrics := fs.String("metrics", "", "metric codes, comma-separated (all when empty)")
	layout := fs.String("layout", "wide", "wide or long")
	format := fs.String("format", "", "xlsx or csv (default: from the --out extension, else xlsx)")
	sep := fs.String("sep", "comma", "CSV separator: comma or semicolon")
	out := fs.String("out", "", "file to write")
	approved := fs.Bool("approved", false, "approved figures only (months whose entry was approved)")
	lang := fs.String("lang", "vi", "language of the sheet names, headings and names: vi or en")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("export takes no arguments besides flags (got %q)", fs.Arg(0))
	}
	if *unit == "" || *from == "" || *to == "" || *out == "" {
		return usagef("export needs --unit, --from, --to and --out")
	}
	if *format == "" {
		*format = "xlsx"
		if strings.EqualFold(filepath.Ext(*out), ".csv") {
			*format = "csv"
		}
	}
	o, metricList, err := parseExport(*from, *to, *by, *metrics, *layout, *format, *sep)
	if err != nil {
		return err
	}
	if err := checkLang(*lang); err != nil {
		return err
	}
	o.Subtree, o.ApprovedOnly, o.Lang = *subtree, *approved, *lang
	// No integrity check: an export only reads, and the check of a
	// national file takes longer than the export (issue 10).
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	root, err := db.UnitDuring(ctx, *unit, o.Span)
	if err != nil {
		return err
	}
	o.Root = root
	o.MadeBy = "cli (" + currentOSUser(getenv) + ")"
	o.MadeAt = time.Now()
	rep, err := exportfile.Build(ctx, db, &o, metricList)
	if err != nil {
		return err
	}
	// Written beside the target and renamed into place: a failed export
	// never leaves half a file under the requested name.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".cchc-export-*")
	if err != nil {
		return usagef("cannot write in %s: %v", filepath.Dir(*out), err)
	}
	defer os.Remove(tmp.Name())
	if err := xlsx.Write(tmp, rep, o); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	sum, rows := o.Checksum, o.Rows
	if err := exportfile.Audit(ctx, db, sqlite.Actor{Name: o.MadeBy}, o); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d units, %d periods, %d data rows, sha256 %s\n", *out, len(rep.Units), len(rep.Buckets), rows, sum)
	fmt.Fprintf(stdout, "figures: %s (%d approved unit-months, %d not approved)\n", xlsx.FiguresName(o.ApprovedOnly), o.ApprovedMonths, o.PendingMonths)
	return nil
}

// parseExport checks the options shared by the command and the API.
func parseExport(from, to, by, metrics, layout, format, sep string) (xlsx.Options, []oversight.Metric, error) {
	var o xlsx.Options
	var err error
	if o.Span, err = oversight.ParseSpan(from, to); err != nil {
		return o, nil, err
	}
	if o.By, err = oversight.ParseGranularity(by); err != nil {
		return o, nil, err
	}
	list, err := oversight.ParseMetricCodes(strings.Split(metrics, ","))
	if err != nil {
		return o, nil, err
	}
	if o.Layout, err = xlsx.ParseLayout(layout); err != nil {
		return o, nil, err
	}
	if o.Format, err = xlsx.ParseFormat(format); err != nil {
		return o, nil, err
	}
	if o.Sep, err = xlsx.ParseSep(sep); err != nil {
		return o, nil, err
	}
	return o, list, nil
}

func currentOSUser(getenv func(string) string) string {
	if u := getenv("USER"); u != "" {
		return u
	}
	return "unknown"
}
