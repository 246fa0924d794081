// Package sqlite stores cchc's data in one SQLite file. All SQL lives here.
// Public methods own their transaction; lowercase helpers take a *sql.Tx.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
	"github.com/pressly/goose/v3"

	"github.com/cchc/cchc/internal/oversight"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is the store. Writes go through a pool of one connection, so writers
// queue in Go instead of fighting over SQLite's lock (no SQLITE_BUSY under
// load); reads use their own pool, which WAL lets run beside the writer.
type DB struct {
	Path  string
	read  *sql.DB
	write *sql.DB
	// Now is the clock; tests replace it.
	Now     func() time.Time
	version dataVersion // dataversion.go
	// metricIDs as read once after Open's syncCatalogue, the only writer
	// of metrics (values.go).
	metricIDsMu sync.Mutex
	metricIDs_  map[string]int64
}

// Open opens (creating it if need be) the database at path, checks that it
// is a SQLite database this binary understands, runs the integrity check
// (PRAGMA quick_check) and migrates it.
func Open(ctx context.Context, path string) (*DB, error) { return open(ctx, path, true) }

// OpenUnchecked is Open without the integrity check, for the commands
// (export, template, import, units, users…): the check reads the whole file,
// about 1.5 s of the national set's 800 MB, where a command needs a few
// milliseconds. `cchc serve` checks at start and `cchc restore` before
// replacing a file.
func OpenUnchecked(ctx context.Context, path string) (*DB, error) { return open(ctx, path, false) }

func open(ctx context.Context, path string, integrity bool) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create the folder for the database %s: %w", path, err)
		}
	}
	dsn := func(extra string) string {
		q := url.Values{}
		q.Set("_journal_mode", "WAL")
		q.Set("_busy_timeout", "10000")
		q.Set("_foreign_keys", "on")
		q.Set("_synchronous", "NORMAL")
		q.Set("_txlock", "immediate")
		// Each connection keeps its last statements prepared: preparing
		// was a sixth of a commune dashboard's time in SQLite (the page
		// runs the same dozen statements on every view). SQLite
		// re-prepares a kept statement itself after a schema change.
		q.Set("_stmt_cache_size", "64")
		return "file:" + path + "?" + q.Encode() + extra
	}
	write, err := sql.Open("sqlite3", dsn(""))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open("sqlite3", dsn(""))
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(8)
	// Kept open (database/sql keeps two idle by default), so that their
	// prepared statements are too.
	read.SetMaxIdleConns(8)
	db := &DB{Path: path, read: read, write: write, Now: time.Now}
	if err := db.check(ctx, integrity); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.syncCatalogue(ctx); err != nil {
		db.Close()
		return nil, err
	}
	// Roll-ups a migration or a direct write marked stale.
	if err := db.refreshRollups(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("refresh dashboard roll-ups: %w", err)
	}
	return db, nil
}

// Close closes both pools, checkpointing the WAL into the main file.
func (db *DB) Close() error {
	if db.write != nil {
		_, _ = db.write.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	return errors.Join(db.read.Close(), db.write.Close())
}

// check refuses a file that is not a SQLite database and, with integrity,
// one that fails the quick check.
func (db *DB) check(ctx context.Context, integrity bool) error {
	var v int
	err := db.write.QueryRowContext(ctx, `PRAGMA schema_version`).Scan(&v)
	if err != nil {
		var se sqlite3.Error
		if errors.As(err, &se) && (se.Code == sqlite3.ErrNotADB || se.Code == sqlite3.ErrCorrupt) {
			return fmt.Errorf("%w: %s is not a SQLite database or is damaged (%v): point --db at a cchc database, restore a backup with `cchc restore --db %s BACKUP_FILE`, or give a new file name to create one", ErrDamaged, db.Path, err, db.Path)
		}
		return fmt.Errorf("open database %s: %w", db.Path, err)
	}
	if !integrity {
		return nil
	}
	// A damaged file is refused at start rather than found out halfway
	// through someone's work (cost: see docs/PERFORMANCE.md ## security).
	// A read-only connection checks about three times faster than a
	// read-write one here (measured; see docs/PERFORMANCE.md).
	ro, err := openReadOnly(db.Path)
	if err != nil {
		return err
	}
	defer ro.Close()
	if err := quickCheck(ctx, ro, db.Path, false); err != nil {
		return fmt.Errorf("%w; stop and restore the last good backup with `cchc restore --db %s BACKUP_FILE`", err, db.Path)
	}
	return nil
}

// ErrSchemaTooNew is returned when the database was migrated by a newer cchc.
var ErrSchemaTooNew = errors.New("database schema is newer than this program")

func (db *DB) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrationFS, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db.write, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("read schema version of %s: %w", db.Path, err)
	}
	if current > target {
		return fmt.Errorf("%w: %s is at schema version %d, this cchc knows up to %d; use the newer cchc that wrote it", ErrSchemaTooNew, db.Path, current, target)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", db.Path, err)
	}
	return nil
}

// SchemaVersion returns the applied migration version.
func (db *DB) SchemaVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&v)
	return v, err
}

// syncCatalogue keeps the metrics table in step with oversight.Catalogue.
func (db *DB) syncCatalogue(ctx context.Context) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for i, m := range oversight.Catalogue {
			_, err := tx.ExecContext(ctx, `
INSERT INTO metrics (code, name_vi, name_en, kind, agg, grp, weight_code, position)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(code) DO UPDATE SET name_vi=excluded.name_vi, name_en=excluded.name_en, kind=excluded.kind,
  agg=excluded.agg, grp=excluded.grp, weight_code=excluded.weight_code, position=excluded.position`,
				m.Code, m.NameVI, m.NameEN, string(m.Kind), string(m.Agg), string(m.Group), m.Weight, i)
			if err != nil {
				return fmt.Errorf("sync metric %s: %w", m.Code, err)
			}
		}
		return nil
	})
}

// inTx runs fn in a write transaction, committing when it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	// Roll-ups follow every write before it commits (figures.go), so a
	// reader never finds them stale and never has to write.
	if err := refreshStale(ctx, tx); err != nil {
		return fmt.Errorf("refresh dashboard roll-ups: %w", err)
	}
	return db.committed(tx.Commit())
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

func notFound(key string, args ...any) error {
	return oversight.Errf(oversight.ENotFound, key, args...)
}

func dateStr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Format(time.DateOnly)
}

func parseDatePtr(s sql.NullString) *time.Time {
	if !s.Valid || s.String == "" {
		return nil
	}
	t, err := time.Parse(time.DateOnly, s.String)
	if err != nil {
		return nil
	}
	return &t
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

func nowStr(db *DB) string { return db.Now().UTC().Format(time.RFC3339) }
