package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

func entryStored(t *testing.T, dbPath, unit string, m oversight.Month) map[string]float64 {
	t.Helper()
	db, err := sqlite.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, err := db.UnitByCode(context.Background(), unit)
	if err != nil {
		t.Fatal(err)
	}
	mc, err := db.EntryContext(context.Background(), u.ID, m)
	if err != nil {
		t.Fatal(err)
	}
	return mc.Stored
}

func TestTemplateCommand(t *testing.T) {
	dir := t.TempDir()
	db, out := filepath.Join(dir, "cchc.db"), filepath.Join(dir, "t.xlsx")
	r := runCLI(t, "", nil, "template", "--db", db, "--unit", "268", "--period", "2019-11", "--out", out)
	if r.code != 0 || !strings.Contains(r.stdout, "17 units") { // the 17 wards; the offices are organisations
		t.Fatalf("template: %+v", r)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("cchc", "B2"); v != "268" {
		t.Errorf("hidden sheet unit = %q", v)
	}
	if v, _ := f.GetCellValue("Sheet1", "C3"); v != "procedures_listed" {
		t.Errorf("C3 = %q", v)
	}
	for _, args := range [][]string{
		{"template", "--db", db, "--unit", "268", "--period", "2019-13", "--out", out},
		{"template", "--db", db, "--unit", "NOPE", "--period", "2019-11", "--out", out},
		{"template", "--db", db, "--unit", "268"},
	} {
		if r := runCLI(t, "", nil, args...); r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%v: exit %d stderr %q, want 2 and one line", args, r.code, r.stderr)
		}
	}
}

// cchc import takes a template re-saved by LibreOffice; --dry-run writes
// nothing; a file with any refused cell exits 2 and writes nothing.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cchc.db")
	fixture := filepath.Join("..", "..", "internal", "xlsx", "testdata", "libreoffice-268-2019-11.xlsx")
	nov := oversight.NewMonth(2019, 11)

	r := runCLI(t, "", nil, "import", "--db", db, "--dry-run", fixture)
	if r.code != 0 || !strings.Contains(r.stdout, "dry run") {
		t.Fatalf("dry run: %+v", r)
	}
	if got := entryStored(t, db, "09538@2024-12-31", nov); len(got) != 0 {
		t.Fatalf("dry run wrote %v", got)
	}
	r = runCLI(t, "", nil, "import", "--db", db, fixture)
	if r.code != 0 || !strings.Contains(r.stdout, "imported 6 figures") {
		t.Fatalf("import: %+v", r)
	}
	got := entryStored(t, db, "09538@2024-12-31", nov)
	if got["dossiers_on_time"] != 9 || got["trainees"] != 1200 || got["inspections"] != 2 {
		t.Errorf("stored %v", got)
	}

	// A template whose figures break a rule: every bad cell on stdout, one
	// line on stderr, exit 2, nothing written.
	out := filepath.Join(dir, "bad.xlsx")
	if r := runCLI(t, "", nil, "template", "--db", db, "--unit", "268", "--period", "2019-12", "--out", out); r.code != 0 {
		t.Fatal(r)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Sheet1", "I10", 5)    // dossiers_resolved of 09541 (Mộ Lao)
	f.SetCellValue("Sheet1", "J10", 7)    // on time > resolved
	f.SetCellValue("Sheet1", "V9", "abc") // trainees of 09551 (La Khê)
	f.Save()
	f.Close()
	r = runCLI(t, "", nil, "import", "--db", db, out)
	if r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "nothing written") {
		t.Errorf("bad file: exit %d stderr %q", r.code, r.stderr)
	}
	for _, w := range []string{"Sheet1!J10: lỗi: Phường Mộ Lao (09541): Số hồ sơ giải quyết đúng hạn lớn hơn số đã giải quyết", "Sheet1!V9: lỗi: Phường La Khê (09551), Lượt học viên: \"abc\" không phải là số"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
		}
	}
	if got := entryStored(t, db, "09538@2024-12-31", oversight.NewMonth(2019, 12)); len(got) != 0 {
		t.Errorf("refused import wrote %v", got)
	}
	// Not a template.
	notes := filepath.Join(dir, "notes.xlsx")
	os.WriteFile(notes, []byte("hello"), 0o644)
	if r := runCLI(t, "", nil, "import", "--db", db, notes); r.code != 2 || !strings.Contains(r.stderr, "xlsx") {
		t.Errorf("not a workbook: %+v", r)
	}
}

// cchc import refuses a figure beyond its bound (here the largest float,
// which summed to +Inf on every dashboard) by cell, and writes nothing.
func TestImportCommandRefusesFiguresBeyondTheirBounds(t *testing.T) {
	dir := t.TempDir()
	db, out := filepath.Join(dir, "cchc.db"), filepath.Join(dir, "huge.xlsx")
	if r := runCLI(t, "", nil, "template", "--db", db, "--unit", "268", "--period", "2019-11", "--out", out); r.code != 0 {
		t.Fatal(r)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Sheet1", "S10", 1.7976931348623157e308) // inspections of 09541 (Mộ Lao)
	f.SetCellValue("Sheet1", "D10", 250)                    // a percentage of 250
	f.Save()
	f.Close()
	r := runCLI(t, "", nil, "import", "--db", db, out)
	if r.code != 2 || !strings.Contains(r.stderr, "nothing written") {
		t.Fatalf("exit %d stderr %q, want 2", r.code, r.stderr)
	}
	for _, w := range []string{"Sheet1!S10: lỗi: Phường Mộ Lao (09541): Lượt kiểm tra công vụ không được vượt quá 1.000.000.000 (đã nhập 1.79769e+308)",
		"Sheet1!D10: lỗi: Phường Mộ Lao (09541): Tỷ lệ TTHC rút ngắn thời gian giải quyết phải từ 0 đến 100 (đã nhập 250)"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
		}
	}
	if got := entryStored(t, db, "09541", oversight.NewMonth(2019, 11)); len(got) != 0 {
		t.Errorf("refused import wrote %v", got)
	}
}

// cchc import is trusted like an administrator, and still takes only the
// rows a template was made for: a code changed to Hà Nội is refused at
// its cell.
func TestImportCommandRefusesRowsOfOtherUnits(t *testing.T) {
	dir := t.TempDir()
	db, out := filepath.Join(dir, "cchc.db"), filepath.Join(dir, "t.xlsx")
	if r := runCLI(t, "", nil, "template", "--db", db, "--unit", "268", "--period", "2019-11", "--out", out); r.code != 0 {
		t.Fatal(r)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("Sheet1", "A10", "01") // was 09541
	f.SetCellValue("Sheet1", "S10", 3)
	f.SetCellValue("Sheet1", "S9", 2) // 09551, a row of the template
	f.Save()
	f.Close()
	r := runCLI(t, "", nil, "import", "--db", db, out)
	if r.code != 2 || !strings.Contains(r.stdout, "Sheet1!A10: lỗi: Biểu mẫu này lập cho các đơn vị trực thuộc Quận Hà Đông trong tháng 11/2019; đơn vị 01") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	for _, unit := range []string{"01", "09551"} {
		if got := entryStored(t, db, unit, oversight.NewMonth(2019, 11)); len(got) != 0 {
			t.Errorf("refused import wrote %s: %v", unit, got)
		}
	}
}

// cchc template refuses months that can never be imported, with the
// reason, and writes no file.
func TestTemplateCommandRefusesClosedMonths(t *testing.T) {
	dir := t.TempDir()
	db, out := filepath.Join(dir, "cchc.db"), filepath.Join(dir, "t.xlsx")
	now := oversight.MonthOf(time.Now())
	for _, tc := range []struct{ unit, period, want string }{
		{"268", now.String(), "Tháng " + now.Label() + " chưa kết thúc"},
		{"268", now.Add(14).String(), "chưa kết thúc"},
		{"09541", "2025-10", "Phường Mộ Lao không tồn tại trong tháng 10/2025 (giải thể sau ngày 30/06/2025)"},
		// A reused code names no unit that month: the units it names.
		{"09538", "2025-10", "09538@2024-12-31 Phường Nguyễn Trãi (… – 31/12/2024); 09538@2025-01-01 Phường Quang Trung (01/01/2025 – 30/06/2025)"},
	} {
		r := runCLI(t, "", nil, "template", "--db", db, "--unit", tc.unit, "--period", tc.period, "--out", out)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s %s: exit %d stderr %q, want 2 saying %q", tc.unit, tc.period, r.code, r.stderr, tc.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%s %s: a file was written", tc.unit, tc.period)
		}
	}
}
