package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
)

// exportDemoDB makes a database file with the demo data.
func exportDemoDB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "cchc.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := seed.Reference(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Demo(ctx, db); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestExportCommand(t *testing.T) {
	db := exportDemoDB(t)
	dir := t.TempDir()

	t.Run("WideWorkbookHasTheSubtreeTotal", func(t *testing.T) {
		out := filepath.Join(dir, "hd.xlsx")
		r := runCLI(t, "", nil, "export", "--db", db, "--unit", "268", "--subtree", "--from", "2019-01", "--to", "2019-10",
			"--by", "year", "--metrics", "dossiers_received,dossiers_resolved,dossiers_on_time", "--out", out)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		if !strings.Contains(r.stdout, "sha256") {
			t.Errorf("stdout %q does not report the checksum", r.stdout)
		}
		f, err := excelize.OpenFile(out)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("Năm 2019", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		last := rows[len(rows)-1]
		if last[3] != "107103" {
			t.Errorf("totals row %v: dossiers received %q, want 107103", last, last[3])
		}
		if rows[2][0] != "268" || rows[2][3] != "6538" {
			t.Errorf("first unit row %v: want the district's own 6538", rows[2])
		}
	})

	t.Run("InEnglishWithTheSameFiguresAndChecksum", func(t *testing.T) {
		sums := map[string]string{}
		for _, lang := range []string{"vi", "en"} {
			out := filepath.Join(dir, "hd-"+lang+".xlsx")
			r := runCLI(t, "", nil, "export", "--db", db, "--unit", "268", "--subtree", "--from", "2019-01", "--to", "2019-10",
				"--by", "year", "--metrics", "dossiers_received", "--lang", lang, "--out", out)
			if r.code != 0 {
				t.Fatalf("%s: exit %d: %s", lang, r.code, r.stderr)
			}
			_, sum, _ := strings.Cut(r.stdout, "sha256 ")
			sums[lang] = strings.TrimSpace(sum)
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheet, head := map[string]string{"vi": "Năm 2019", "en": "Year 2019"}[lang], map[string]string{"vi": "Mã đơn vị", "en": "Unit code"}[lang]
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatalf("%s: %v (sheets %v)", lang, err, f.GetSheetList())
			}
			if rows[1][0] != head || rows[len(rows)-1][3] != "107103" {
				t.Errorf("%s: heading %q, total %v; want %q and 107103", lang, rows[1][0], rows[len(rows)-1], head)
			}
		}
		if sums["vi"] == "" || sums["vi"] != sums["en"] {
			t.Errorf("checksums by language: %q", sums)
		}
	})

	t.Run("RefusesAnotherLanguage", func(t *testing.T) {
		r := runCLI(t, "", nil, "export", "--db", db, "--unit", "268", "--from", "2019-01", "--to", "2019-10", "--lang", "fr", "--out", filepath.Join(dir, "x.xlsx"))
		if r.code != 2 || !strings.Contains(r.stderr, "--lang") {
			t.Errorf("exit %d: %s", r.code, r.stderr)
		}
	})

	t.Run("CSVByExtensionWithSemicolon", func(t *testing.T) {
		out := filepath.Join(dir, "hd.csv")
		r := runCLI(t, "", nil, "export", "--db", db, "--unit", "268", "--from", "2019-01", "--to", "2019-10",
			"--by", "year", "--metrics", "dossiers_received", "--layout", "long", "--sep", "semicolon", "--out", out)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBFscope;unit_code;")) {
			t.Errorf("CSV starts %q, want a BOM and a semicolon header", b[:min(len(b), 40)])
		}
		if !strings.Contains(string(b), "unit;268;Quận Hà Đông;district;Năm 2019 (01/2019–10/2019);2019-01-01;2019-10-31;dossiers_received;Hồ sơ tiếp nhận;6538\n") {
			t.Errorf("CSV lacks the district's row:\n%s", b)
		}
	})

	bad := []struct {
		name string
		args []string
		want string
	}{
		{"MissingOut", []string{"--unit", "268", "--from", "2019-01", "--to", "2019-10"}, "--out"},
		{"BadSpan", []string{"--unit", "268", "--from", "2019-10", "--to", "2019-01", "--out", "x.xlsx"}, "2019-01"},
		{"BadGrouping", []string{"--unit", "268", "--from", "2019-01", "--to", "2019-10", "--by", "week", "--out", "x.xlsx"}, "week"},
		{"BadMetric", []string{"--unit", "268", "--from", "2019-01", "--to", "2019-10", "--metrics", "nope", "--out", "x.xlsx"}, "nope"},
		{"BadLayout", []string{"--unit", "268", "--from", "2019-01", "--to", "2019-10", "--layout", "tall", "--out", "x.xlsx"}, "tall"},
		{"BadSeparator", []string{"--unit", "268", "--from", "2019-01", "--to", "2019-10", "--sep", "tab", "--out", "x.csv"}, "tab"},
		{"UnknownUnit", []string{"--unit", "NOPE", "--from", "2019-01", "--to", "2019-10", "--out", "x.xlsx"}, "NOPE"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, "bad-"+tc.name)
			args := append([]string{"export", "--db", db}, tc.args...)
			for i, a := range args {
				if a == "x.xlsx" || a == "x.csv" {
					args[i] = out + filepath.Ext(a)
				}
			}
			r := runCLI(t, "", nil, args...)
			if r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d stderr %q, want 2 and one line naming %q", r.code, r.stderr, tc.want)
			}
			if m, _ := filepath.Glob(out + "*"); len(m) > 0 {
				t.Errorf("a refused export left %v", m)
			}
		})
	}
}
