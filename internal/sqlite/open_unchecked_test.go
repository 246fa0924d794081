package sqlite_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/cchc/cchc/internal/sqlite"
)

// OpenUnchecked skips only the integrity check: the damaged file that Open
// refuses is opened, and a file that is not a database is still refused.
func TestOpenUncheckedSkipsOnlyTheIntegrityCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cchc.db")
	db := mustOpen(t, path)
	securityFill(t, db, 2000)
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	mid := len(b) / 2 / 4096 * 4096
	for i := mid; i < mid+4096*3; i++ {
		b[i] = 0xff
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := sqlite.Open(ctx, path); !errors.Is(err, sqlite.ErrDamaged) {
		t.Fatalf("Open of a damaged file: %v, want ErrDamaged", err)
	}
	un, err := sqlite.OpenUnchecked(ctx, path)
	if err != nil {
		t.Fatalf("OpenUnchecked of a file with damaged table pages: %v", err)
	}
	un.Close()
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte("this is not a database, not at all, it is text long enough"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.OpenUnchecked(ctx, junk); !errors.Is(err, sqlite.ErrDamaged) {
		t.Errorf("OpenUnchecked of a text file: %v, want ErrDamaged", err)
	}
}
