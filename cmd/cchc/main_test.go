package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/sqlite"
)

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, stdin string, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb, func(k string) string { return env[k] })
	return result{code, out.String(), errb.String()}
}

func TestNoArgumentsIsAUsageError(t *testing.T) {
	r := runCLI(t, "", nil)
	if r.code != 2 {
		t.Errorf("exit %d, want 2", r.code)
	}
	r = runCLI(t, "", nil, "frobnicate")
	if r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "frobnicate") {
		t.Errorf("unknown subcommand: exit %d stderr %q, want 2 and one line", r.code, r.stderr)
	}
}

func TestUserAddAndToken(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cchc.db")
	cases := []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"ShortPassword", "short\n", []string{"--name", "a", "--role", "admin"}, "ít nhất 10"},
		{"UnknownRole", "long-enough-password\n", []string{"--name", "a", "--role", "boss"}, "boss"},
		{"StaffWithoutUnit", "long-enough-password\n", []string{"--name", "a", "--role", "staff"}, "--unit"},
		{"UnknownUnit", "long-enough-password\n", []string{"--name", "a", "--role", "staff", "--unit", "NOPE"}, "NOPE"},
		{"MissingName", "long-enough-password\n", []string{"--role", "admin"}, "--name"},
		{"BadFlag", "", []string{"--nope"}, "nope"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.stdin, nil, append([]string{"user", "add", "--db", db}, tc.args...)...)
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
				t.Errorf("exit %d stderr %q; want 2 and one line mentioning %q", r.code, r.stderr, tc.want)
			}
		})
	}
	r := runCLI(t, "a-good-long-password\n", nil, "user", "add", "--db", db, "--name", "chuyenvien", "--role", "staff", "--unit", "09538@2024-12-31")
	if r.code != 0 {
		t.Fatalf("user add: %+v", r)
	}
	r = runCLI(t, "a-good-long-password\n", nil, "user", "add", "--db", db, "--name", "chuyenvien", "--role", "analyst")
	if r.code != 2 || !strings.Contains(r.stderr, "đã có") {
		t.Errorf("duplicate user: %+v", r)
	}
	r = runCLI(t, "", nil, "token", "create", "--db", db, "--user", "nobody")
	if r.code != 2 {
		t.Errorf("token for an unknown user: %+v", r)
	}
	r = runCLI(t, "", map[string]string{"CCHC_DB": db}, "token", "create", "--user", "chuyenvien")
	if r.code != 0 {
		t.Fatalf("token create: %+v", r)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	tok := lines[len(lines)-1]
	if !regexp.MustCompile(`^cchc_[A-Za-z0-9_-]{43}$`).MatchString(tok) {
		t.Fatalf("last line %q is not a token", tok)
	}
	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	u, err := store.UserByToken(context.Background(), tok)
	if err != nil || u.Name != "chuyenvien" || u.UnitCode != "09538" {
		t.Errorf("token belongs to %+v (%v)", u, err)
	}
}

func TestServeRefusesABadDatabase(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.db")
	os.WriteFile(notDB, []byte(strings.Repeat("this is not a database\n", 200)), 0o644)
	r := runCLI(t, "", nil, "serve", "--db", notDB, "--addr", "127.0.0.1:0")
	if r.code == 0 || !strings.Contains(r.stderr, "not a SQLite database") {
		t.Errorf("not a database: %+v", r)
	}

	newer := filepath.Join(dir, "newer.db")
	store, err := sqlite.Open(context.Background(), newer)
	if err != nil {
		t.Fatal(err)
	}
	store.Close()
	raw, err := sql.Open("sqlite3", newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, 1)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	r = runCLI(t, "", nil, "serve", "--db", newer, "--addr", "127.0.0.1:0")
	if r.code == 0 || !strings.Contains(r.stderr, "newer") || !strings.Contains(r.stderr, "9999") {
		t.Errorf("newer schema: %+v", r)
	}
}

// serve --demo on a fresh database loads everything, prints the accounts,
// answers, and shuts down cleanly when told to stop.
func TestServeDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "data", "cchc.db")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		var errb bytes.Buffer
		code := run(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0"}, strings.NewReader(""), pw, &errb,
			func(k string) string { return map[string]string{"CCHC_DB": db, "CCHC_ADDR": "127.0.0.1:1"}[k] })
		pw.Close()
		done <- code
	}()
	var printed strings.Builder
	buf := make([]byte, 4096)
	url := ""
	deadline := time.After(30 * time.Second)
	for url == "" {
		select {
		case <-deadline:
			t.Fatalf("no URL printed: %s", printed.String())
		default:
		}
		n, err := pr.Read(buf)
		printed.Write(buf[:n])
		if m := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`).FindStringSubmatch(printed.String()); m != nil {
			url = m[0]
		}
		if err != nil {
			t.Fatalf("serve ended early: %s", printed.String())
		}
	}
	go io.Copy(io.Discard, pr)
	out := printed.String()
	for _, want := range []string{"DEMO MODE", "PUBLIC passwords", "admin", "daibieu", "canbo", "phantich", "illustrative"} {
		if !strings.Contains(out, want) {
			t.Errorf("serve --demo output lacks %q:\n%s", want, out)
		}
	}
	resp, err := http.Get(url + "healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	if _, err := os.Stat(db); err != nil {
		t.Errorf("database not created at CCHC_DB: %v", err)
	}
	var mode string
	raw, _ := sql.Open("sqlite3", db)
	raw.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	raw.Close()
	if mode != "wal" {
		t.Errorf("journal mode %q, want wal", mode)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d after shutdown", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestServeWithoutDemoHasNoKnownAccount(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cchc.db")
	store, err := openDB(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	n, _ := store.CountUsers(context.Background())
	units, _ := store.UnitCodes(context.Background())
	values, _ := store.CountValues(context.Background())
	if n != 0 || values != 0 || !units["268"] || !units["09552"] {
		t.Errorf("fresh database: %d users, %d values, units %d; want reference units only", n, values, len(units))
	}
}

func TestUnitsImport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cchc.db")
	good := filepath.Join(dir, "good.csv")
	os.WriteFile(good, []byte("\ufeffcode,name,kind,parent_code,valid_from,valid_to\n"+
		// A unit is its code and start: these rows update the 2025 units
		// of the official tree; a row without a start would overlap them.
		"79,Thành phố Hồ Chí Minh,city,,2025-07-01,\n"+
		"26734,Phường Sài Gòn,ward,79,2025-07-01,\n"+
		"26737,Phường Tân Định,ward,79,01/07/2025,\n"), 0o644)
	r := runCLI(t, "", nil, "units", "import", "--db", db, good)
	if r.code != 0 || !strings.Contains(r.stdout, "imported 3 units") {
		t.Fatalf("good csv: %+v", r)
	}

	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("code;name;kind;parent_code;valid_from;valid_to\n"+
		"98;Thành phố thử;city;;;\n"+
		";Phường Hải Châu;ward;98;;\n"+
		"20194;Phường Thanh Khê;ward;99999;;\n"+
		"20195;Phường Sơn Trà;ward;98;2025-13-01;\n"), 0o644)
	r = runCLI(t, "", nil, "units", "import", "--db", db, bad)
	if r.code != 2 {
		t.Fatalf("bad csv: exit %d", r.code)
	}
	for _, want := range []string{"dòng 3", "dòng 4", "99999", "dòng 5", "2025-13-01"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("errors lack %q: %s", want, r.stderr)
		}
	}
	store, _ := sqlite.Open(context.Background(), db)
	codes, _ := store.UnitCodes(context.Background())
	store.Close()
	if codes["98"] {
		t.Error("a refused file wrote its good lines")
	}

	f := excelize.NewFile()
	rows := [][]any{{"code", "name", "kind", "parent_code", "valid_from", "valid_to"},
		{"31", "Thành phố Hải Phòng", "city", "", "2025-07-01", ""},
		{"11311", "Phường Hồng Bàng", "ward", "31", "2025-07-01", ""}}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &row)
	}
	xl := filepath.Join(dir, "units.xlsx")
	if err := f.SaveAs(xl); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, "", nil, "units", "import", "--db", db, xl)
	if r.code != 0 {
		t.Fatalf("xlsx: %+v", r)
	}
	store, _ = sqlite.Open(context.Background(), db)
	defer store.Close()
	u, err := store.UnitByCode(context.Background(), "11311")
	if err != nil || u.ParentCode != "31" || u.ValidFrom == nil {
		t.Errorf("imported ward: %+v %v", u, err)
	}

	r = runCLI(t, "", nil, "units", "import", "--db", db, filepath.Join(dir, "missing.csv"))
	if r.code != 2 {
		t.Errorf("missing file: %+v", r)
	}
	os.WriteFile(filepath.Join(dir, "corrupt.xlsx"), []byte("PK\x03\x04 not really"), 0o644)
	r = runCLI(t, "", nil, "units", "import", "--db", db, filepath.Join(dir, "corrupt.xlsx"))
	if r.code != 2 || !strings.Contains(r.stderr, "xlsx") {
		t.Errorf("corrupt xlsx: %+v", r)
	}
}
