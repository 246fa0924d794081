package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// ErrDamaged is returned (wrapped) for a database file that fails SQLite's
// integrity check.
var ErrDamaged = errors.New("database is damaged")

// quickCheck runs PRAGMA quick_check (integrity_check when full is set)
// and returns ErrDamaged with SQLite's first findings when it fails.
func quickCheck(ctx context.Context, conn *sql.DB, path string, full bool) error {
	pragma := "PRAGMA quick_check(5)"
	if full {
		pragma = "PRAGMA integrity_check(5)"
	}
	rows, err := conn.QueryContext(ctx, pragma)
	if err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB) {
			return fmt.Errorf("%w: %s: %v", ErrDamaged, path, err)
		}
		return fmt.Errorf("check %s: %w", path, err)
	}
	defer rows.Close()
	var found []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("read the check of %s: %w", path, err)
		}
		found = append(found, s)
	}
	if err := rows.Err(); err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB) {
			return fmt.Errorf("%w: %s: %v", ErrDamaged, path, err)
		}
		return fmt.Errorf("check %s: %w", path, err)
	}
	if len(found) == 1 && found[0] == "ok" {
		return nil
	}
	return fmt.Errorf("%w: %s: %s", ErrDamaged, path, strings.Join(found, "; "))
}

// openReadOnly opens a database file for reading only, without migrating
// it: for backups and for checking a backup before a restore.
func openReadOnly(path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_busy_timeout", "10000")
	conn, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	conn.SetMaxOpenConns(1)
	return conn, nil
}

// Backup writes a consistent copy of the database at src to out while
// other processes (a running server) keep reading and writing it. SQLite's
// VACUUM INTO reads one snapshot of the database, so the copy holds every
// transaction committed before it started and nothing of those after. The
// copy is written beside out and renamed into place once it passes an
// integrity check, so out is never a half-written file. out must not exist.
func Backup(ctx context.Context, src, out string) (err error) {
	defer wrap(&err, "back up %s to %s", src, out)
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s already exists: choose a new file name for the backup", out)
	}
	conn, err := openReadOnly(src)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := quickCheck(ctx, conn, src, false); err != nil {
		return fmt.Errorf("refusing to back up: %w", err)
	}
	tmp := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".tmp")
	os.Remove(tmp)
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("back up %s: %w", src, err)
	}
	if err := CheckFile(ctx, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("the backup failed its check: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write the backup to disk: %w", err)
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(out))
}

// CheckFile runs a full integrity check on a database file and checks that
// it is a cchc database (its migrations table and units table exist).
func CheckFile(ctx context.Context, path string) (err error) {
	defer wrap(&err, "check %s", path)
	conn, err := openReadOnly(path)
	if err != nil {
		return err
	}
	defer conn.Close()
	var v int
	if err := conn.QueryRowContext(ctx, `PRAGMA schema_version`).Scan(&v); err != nil {
		return fmt.Errorf("%w: %s is not a SQLite database (%v)", ErrDamaged, path, err)
	}
	if err := quickCheck(ctx, conn, path, true); err != nil {
		return err
	}
	var n int
	err = conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('goose_db_version', 'units', 'metric_values', 'audit_log')`).Scan(&n)
	if err != nil || n != 4 {
		return fmt.Errorf("%s is a SQLite database but not a cchc database", path)
	}
	return nil
}

// Restore replaces the database at dst with the backup at src, after a
// full integrity check of the backup. The database being replaced is kept
// beside it as dst.before-restore-TIME. The caller must make sure no
// server is using dst (cchc restore takes the server's lock).
func Restore(ctx context.Context, src, dst string) (kept string, err error) {
	defer wrap(&err, "restore %s over %s", src, dst)
	if err := CheckFile(ctx, src); err != nil {
		return "", fmt.Errorf("refusing to restore: %w", err)
	}
	tmp := filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".restore.tmp")
	os.Remove(tmp)
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("copy the backup beside the database: %w", err)
	}
	if _, err := os.Stat(dst); err == nil {
		// Fold the old database's WAL into it first, so what is kept
		// aside is complete on its own.
		if old, err := sql.Open("sqlite3", "file:"+dst+"?_busy_timeout=10000"); err == nil {
			_, _ = old.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
			old.Close()
		}
		kept = dst + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
		if err := os.Rename(dst, kept); err != nil {
			os.Remove(tmp)
			return "", fmt.Errorf("keep the current database aside: %w", err)
		}
	}
	// A WAL or shared-memory file left from the old database must not be
	// applied to the restored one.
	for _, ext := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(dst + ext); err != nil && !errors.Is(err, os.ErrNotExist) {
			return kept, err
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return kept, err
	}
	return kept, syncDir(filepath.Dir(dst))
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := out.ReadFrom(in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
