package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cchc/cchc/internal/entryfile"
	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
	"github.com/cchc/cchc/internal/xlsx"
)

func entryTemplate(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cfg := defaults(getenv)
	fs := newFlags("template")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file")
	unit := fs.String("unit", "", "code of the unit (its subordinate units become the rows)")
	period := fs.String("period", "", "month, YYYY-MM")
	out := fs.String("out", "", "the .xlsx file to write")
	lang := fs.String("lang", "vi", "language of the headings and names: vi or en")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkLang(*lang); err != nil {
		return err
	}
	if *unit == "" || *period == "" || *out == "" || fs.NArg() != 0 {
		return usagef("template needs --unit CODE --period YYYY-MM --out FILE.xlsx")
	}
	m, err := oversight.ParseMonth(*period)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UnitDuring(ctx, *unit, oversight.Span{From: m, To: m})
	if err != nil {
		return err
	}
	// A template for a month that can never be imported would only fail
	// later, after the work of filling it.
	if err := oversight.CheckEntryMonth(u, m, time.Now()); err != nil {
		return usagef("%s", text.Error(err, *lang))
	}
	spec, err := entryfile.Spec(ctx, db, u, m)
	if err != nil {
		return err
	}
	spec.Lang = *lang
	f, err := os.Create(*out)
	if err != nil {
		return usagef("cannot create %s: %v", *out, err)
	}
	if err := xlsx.WriteTemplate(f, spec); err != nil {
		f.Close()
		os.Remove(*out)
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %s, %s, %d units x %d metrics\n", *out, u.Name, m.Label(), len(spec.Rows), len(spec.Metrics))
	return nil
}

// entryImport imports a filled template with the same checks as the web
// upload. The command line is trusted like an administrator: whoever can
// write the database file can write any unit.
func entryImport(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cfg := defaults(getenv)
	fs := newFlags("import")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file")
	dry := fs.Bool("dry-run", false, "check and report only; write nothing")
	reason := fs.String("reason", "", "reason that confirms every warning (values far outside a unit's usual range, the 20% cap)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("import takes one template file (.xlsx)")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return usagef("cannot open %s: %v", fs.Arg(0), err)
	}
	defer f.Close()
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	save := func(rows []oversight.EntryRow, dryRun bool) ([]oversight.RowIssue, bool, int, error) {
		res, err := db.SaveEntries(ctx, rows, "import", sqlite.Actor{Name: "cli"}, dryRun)
		return res.Issues, res.Saved, res.Changed, err
	}
	rep, err := xlsx.Import(f, entryfile.RowUnits(ctx, db), save, *reason, !*dry)
	if err != nil {
		if code := oversight.ErrorCode(err); code == oversight.EInvalid || code == oversight.ETooLarge {
			return usagef("%s: %s", fs.Arg(0), text.Error(err, "vi"))
		}
		return err
	}
	for _, is := range rep.Issues {
		fmt.Fprintf(stdout, "%s: %s: %s\n", is.Ref, text.T("vi", "severity."+is.Severity), text.T("vi", is.Key, is.Args...))
	}
	if len(rep.Issues) > 0 {
		hint := ""
		if rep.Errors == 0 {
			hint = "; confirm the warnings with --reason TEXT"
		}
		return usagef("%s: %d cells refused (%d errors); nothing written%s", fs.Arg(0), len(rep.Issues), rep.Errors, hint)
	}
	if *dry {
		fmt.Fprintf(stdout, "%s: %d figures for %s, %s, all valid (dry run: nothing written)\n", fs.Arg(0), rep.Values, rep.Unit, rep.Month.Label())
		return nil
	}
	fmt.Fprintf(stdout, "%s: imported %d figures for %s, %s; %d changed\n", fs.Arg(0), rep.Values, rep.Unit, rep.Month.Label(), rep.Changed)
	return nil
}
