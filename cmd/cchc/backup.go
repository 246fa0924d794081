package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"syscall"

	"github.com/cchc/cchc/internal/sqlite"
)

func backup(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cfg := defaults(getenv)
	fs := newFlags("backup")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file")
	out := fs.String("out", "", "backup file to create")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return usagef("use: cchc backup --db PATH --out FILE")
	}
	if _, err := os.Stat(cfg.DB); err != nil {
		return usagef("there is no database at %s", cfg.DB)
	}
	if _, err := os.Stat(*out); err == nil {
		return usagef("%s already exists: choose a new file name for the backup", *out)
	}
	if err := sqlite.Backup(ctx, cfg.DB, *out); err != nil {
		if errors.Is(err, sqlite.ErrDamaged) {
			return usagef("%v", err)
		}
		return err
	}
	st, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s (%d bytes, integrity checked)\n", cfg.DB, *out, st.Size())
	return nil
}

func restore(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cfg := defaults(getenv)
	fs := newFlags("restore")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file to replace")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("use: cchc restore --db PATH BACKUP_FILE")
	}
	src := fs.Arg(0)
	if _, err := os.Stat(src); err != nil {
		return usagef("there is no backup file %s", src)
	}
	// The server holds this lock while it runs: replacing the file under
	// it would lose its writes or mix two databases.
	unlock, err := lockDB(cfg.DB)
	if err != nil {
		return err
	}
	defer unlock()
	kept, err := sqlite.Restore(ctx, src, cfg.DB)
	if err != nil {
		if errors.Is(err, sqlite.ErrDamaged) {
			return usagef("%v", err)
		}
		return err
	}
	fmt.Fprintf(stdout, "restored %s from %s\n", cfg.DB, src)
	if kept != "" {
		fmt.Fprintf(stdout, "the database it replaced is kept as %s\n", kept)
	}
	return nil
}

// lockDB takes the advisory lock PATH.lock that `cchc serve` holds for as
// long as it runs, so a restore cannot replace a database in use (and two
// servers cannot share one file). The kernel drops the lock when the
// process ends, even when it is killed. A separate file is locked because
// closing any descriptor of the database file itself would drop SQLite's
// own locks.
func lockDB(path string) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create the folder for the database %s: %w", path, err)
	}
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, usagef("a cchc server is using %s: stop it first (restore replaces the whole file)", path)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}
