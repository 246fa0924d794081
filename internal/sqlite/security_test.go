package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// securityFill writes n audit entries (about 200 bytes each) so the file
// has many pages.
func securityFill(t testing.TB, db *sqlite.DB, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if err := db.Audit(context.Background(), sqlite.Actor{Name: "fill"}, "fill", strconv.Itoa(i), strings.Repeat("x", 200)); err != nil {
			t.Fatal(err)
		}
	}
}

// A file whose table pages are damaged, though its header and schema are
// intact, is refused at start by the quick check, with the way out.
func TestSecurityOpenRefusesADamagedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cchc.db")
	db := mustOpen(t, path)
	securityFill(t, db, 2000)
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Damage a run of pages in the middle of the audit table: b-tree
	// headers become garbage, page 1 (header and schema) stays intact.
	mid := len(b) / 2 / 4096 * 4096
	for i := mid; i < mid+4096*3; i++ {
		b[i] = 0xff
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = sqlite.Open(context.Background(), path)
	if !errors.Is(err, sqlite.ErrDamaged) {
		t.Fatalf("open a damaged file: %v, want ErrDamaged", err)
	}
	if !strings.Contains(err.Error(), "cchc restore") {
		t.Errorf("message lacks the way out: %v", err)
	}
	if err := sqlite.CheckFile(context.Background(), path); !errors.Is(err, sqlite.ErrDamaged) {
		t.Errorf("CheckFile: %v, want ErrDamaged", err)
	}
}

func TestSecurityUsersAndTokens(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	defer db.Close()
	if err := db.ImportUnits(ctx, []oversight.UnitInput{{Line: 2, Code: "01", Name: "Hà Nội", Kind: "city"}}, true, sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateUser(ctx, "a", oversight.RoleAnalyst, "", "hash", sqlite.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a staff account needs a unit that exists", func(t *testing.T) {
		if _, err := db.UpdateUser(ctx, u.ID, sqlite.UserUpdate{Role: oversight.RoleStaff}, sqlite.Actor{}); oversight.ErrorCode(err) != oversight.EInvalid {
			t.Errorf("no unit: %v", err)
		}
		_, err := db.UpdateUser(ctx, u.ID, sqlite.UserUpdate{Role: oversight.RoleStaff, UnitCode: "99"}, sqlite.Actor{})
		var e *oversight.Error
		if !errors.As(err, &e) || e.Field != "unit" {
			t.Errorf("unknown unit: %v", err)
		}
		got, err := db.UpdateUser(ctx, u.ID, sqlite.UserUpdate{Role: oversight.RoleStaff, UnitCode: "01"}, sqlite.Actor{})
		if err != nil || got.UnitCode != "01" || got.Role != oversight.RoleStaff {
			t.Errorf("%+v %v", got, err)
		}
		// Another role drops the unit.
		got, _ = db.UpdateUser(ctx, u.ID, sqlite.UserUpdate{Role: oversight.RoleAnalyst, UnitCode: "01"}, sqlite.Actor{})
		if got.UnitCode != "" {
			t.Errorf("analyst keeps unit %q", got.UnitCode)
		}
	})
	t.Run("disabling and password resets raise the session generation", func(t *testing.T) {
		before, _ := db.UserByID(ctx, u.ID)
		db.UpdateUser(ctx, u.ID, sqlite.UserUpdate{Role: oversight.RoleAnalyst, Disabled: true}, sqlite.Actor{})
		mid, _ := db.UserByID(ctx, u.ID)
		db.SetPassword(ctx, u.ID, "hash2", sqlite.Actor{})
		after, _ := db.UserByID(ctx, u.ID)
		if !(before.SessionGen < mid.SessionGen && mid.SessionGen < after.SessionGen) || !mid.Disabled {
			t.Errorf("generations %d %d %d", before.SessionGen, mid.SessionGen, after.SessionGen)
		}
		if err := db.SetPassword(ctx, 9999, "h", sqlite.Actor{}); oversight.ErrorCode(err) != oversight.ENotFound {
			t.Errorf("unknown user: %v", err)
		}
	})
	t.Run("a revoked token stops working and cannot be revoked twice", func(t *testing.T) {
		b, _ := db.CreateUser(ctx, "b", oversight.RoleDelegate, "", "hash", sqlite.Actor{})
		tok, _ := db.CreateToken(ctx, b.ID, "ci", sqlite.Actor{})
		toks, _ := db.Tokens(ctx)
		if len(toks) != 1 || toks[0].UserName != "b" || toks[0].Label != "ci" || toks[0].RevokedAt != "" {
			t.Fatalf("%+v", toks)
		}
		if _, err := db.UserByToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if err := db.RevokeToken(ctx, toks[0].ID, sqlite.Actor{Name: "admin"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UserByToken(ctx, tok); oversight.ErrorCode(err) != oversight.EUnauth {
			t.Errorf("revoked token: %v", err)
		}
		if err := db.RevokeToken(ctx, toks[0].ID, sqlite.Actor{}); oversight.ErrorCode(err) != oversight.EConflict {
			t.Errorf("second revoke: %v", err)
		}
		acts, _ := db.AuditActions(ctx)
		have := map[string]int{}
		for _, a := range acts {
			have[a.Action] = a.Count
		}
		if have["token.revoke"] != 1 || have["user.update"] != 3 || have["user.password_reset"] != 1 {
			t.Errorf("audit actions %v", have)
		}
	})
	t.Run("a password reset and disabling revoke every token, for good", func(t *testing.T) {
		c, _ := db.CreateUser(ctx, "c", oversight.RoleDelegate, "", "hash", sqlite.Actor{})
		live := func(tok string) bool { _, err := db.UserByToken(ctx, tok); return err == nil }
		t1, _ := db.CreateToken(ctx, c.ID, "one", sqlite.Actor{})
		t2, _ := db.CreateToken(ctx, c.ID, "two", sqlite.Actor{})
		if !live(t1) || !live(t2) {
			t.Fatal("new tokens do not work")
		}
		if err := db.SetPassword(ctx, c.ID, "hash2", sqlite.Actor{}); err != nil {
			t.Fatal(err)
		}
		if live(t1) || live(t2) {
			t.Error("a token survived the password reset")
		}
		t3, _ := db.CreateToken(ctx, c.ID, "three", sqlite.Actor{})
		db.UpdateUser(ctx, c.ID, sqlite.UserUpdate{Role: oversight.RoleDelegate, Disabled: true}, sqlite.Actor{})
		db.UpdateUser(ctx, c.ID, sqlite.UserUpdate{Role: oversight.RoleDelegate}, sqlite.Actor{})
		if live(t3) {
			t.Error("a token came back when the account was enabled again")
		}
		acts, _ := db.AuditActions(ctx)
		for _, a := range acts {
			if a.Action == "token.revoke" && a.Count != 3 {
				t.Errorf("token.revoke recorded %d times, want 3 (one by hand, one per reset or disabling)", a.Count)
			}
		}
	})
}

// Issue 15, item 8: user names were case-sensitive though this page's
// docs said otherwise, and unit codes accepted any characters.
func TestSecurityNamesAndCodes(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "cchc.db"))
	defer db.Close()
	t.Run("user names are one account whatever their case", func(t *testing.T) {
		a, err := db.CreateUser(ctx, "admin", oversight.RoleAdmin, "", "hash", sqlite.Actor{})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"Admin", "ADMIN", "aDmIn"} {
			if _, err := db.CreateUser(ctx, name, oversight.RoleAnalyst, "", "hash", sqlite.Actor{}); oversight.ErrorCode(err) != oversight.EConflict {
				t.Errorf("create %q: %v, want a conflict", name, err)
			}
			u, _, err := db.UserCredentials(ctx, name)
			if err != nil || u.ID != a.ID || u.Name != "admin" {
				t.Errorf("credentials of %q: %+v %v", name, u, err)
			}
		}
	})
	t.Run("unit codes are letters, digits, dot, dash and underscore", func(t *testing.T) {
		for _, code := range []string{"09538", "268-VP", "P01", "a.b_c", strings.Repeat("9", oversight.MaxUnitCodeLength)} {
			if _, err := db.CreateUnit(ctx, oversight.Unit{Code: code, Name: "x", Kind: "ward"}, sqlite.Actor{}); err != nil {
				t.Errorf("%q refused: %v", code, err)
			}
		}
		for _, code := range []string{"", "a b", "../x", "x/y", "=1+1", "<script>", "mã", "x\ty", "-x", ".x", "x;y", "'1", strings.Repeat("9", oversight.MaxUnitCodeLength+1)} {
			if _, err := db.CreateUnit(ctx, oversight.Unit{Code: code, Name: "x", Kind: "ward"}, sqlite.Actor{}); oversight.ErrorCode(err) != oversight.EInvalid {
				t.Errorf("CreateUnit(%q): %v, want invalid", code, err)
			}
			err := db.ImportUnits(ctx, []oversight.UnitInput{{Line: 7, Code: code, Name: "x", Kind: "ward"}}, true, sqlite.Actor{})
			var le oversight.LineErrors
			if !errors.As(err, &le) || le[0].Line != 7 {
				t.Errorf("ImportUnits(%q): %v, want an error on line 7", code, err)
			}
		}
		codes, _ := db.UnitCodes(ctx)
		if len(codes) != 5 {
			t.Errorf("%d units stored, want the 5 good ones: %v", len(codes), codes)
		}
	})
}

// BenchmarkQuickCheck measures the integrity check done at every start, on
// a file of SECURITY_BENCH_VALUES figures (default 1,000,000).
func BenchmarkQuickCheck(b *testing.B) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("SECURITY_BENCH_VALUES")); err == nil {
		n = v
	}
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "cchc.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	var units []oversight.UnitInput
	for i := 0; i < 3300; i++ {
		units = append(units, oversight.UnitInput{Line: i + 2, Code: fmt.Sprintf("U%04d", i), Name: "Unit", Kind: "ward"})
	}
	if err := db.ImportUnits(ctx, units, true, sqlite.Actor{}); err != nil {
		b.Fatal(err)
	}
	var metrics []string
	for _, m := range oversight.Catalogue {
		if m.Kind != oversight.KindPercent {
			metrics = append(metrics, m.Code)
		}
	}
	in := make([]sqlite.ValueInput, 0, n)
	for i := 0; len(in) < n; i++ {
		k := i / len(metrics)
		in = append(in, sqlite.ValueInput{UnitCode: units[k%len(units)].Code, Metric: metrics[i%len(metrics)],
			Month: oversight.NewMonth(2010, 1).Add(k / len(units)), Value: 1})
	}
	for start := 0; start < len(in); start += 500_000 {
		if err := db.PutValues(ctx, in[start:min(start+500_000, len(in))], "import", sqlite.Actor{}); err != nil {
			b.Fatal(err)
		}
	}
	db.Close()
	st, _ := os.Stat(path)
	b.ReportMetric(float64(st.Size())/(1<<20), "MiB")
	b.Run("quick_check", func(b *testing.B) {
		raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
		if err != nil {
			b.Fatal(err)
		}
		defer raw.Close()
		for i := 0; i < b.N; i++ {
			var r string
			if err := raw.QueryRow(`PRAGMA quick_check`).Scan(&r); err != nil || r != "ok" {
				b.Fatal(r, err)
			}
		}
	})
	b.Run("open", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			db, err := sqlite.Open(ctx, path)
			if err != nil {
				b.Fatal(err)
			}
			db.Close()
		}
	})
}
