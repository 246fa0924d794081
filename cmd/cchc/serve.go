package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/password"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/web"
)

// openDB opens and migrates the database for a command, and gives a
// database without any unit its reference data. It skips the integrity
// check (sqlite.OpenUnchecked): the check reads the whole file, about
// 1.5 s of the national set, where a command needs milliseconds (issue 10).
// It is kept where it protects: at `serve` start, which opens the file
// every user then works on, and in `restore`, before a file is replaced.
func openDB(ctx context.Context, path string) (*sqlite.DB, error) {
	return openDBWith(ctx, path, sqlite.OpenUnchecked)
}

// openDBWith is openDB with another way to open the file (sqlite.Open,
// with the integrity check, for serve).
func openDBWith(ctx context.Context, path string, open func(context.Context, string) (*sqlite.DB, error)) (*sqlite.DB, error) {
	if path == "" {
		return nil, usagef("--db is required (or set CCHC_DB)")
	}
	db, err := open(ctx, path)
	if err != nil {
		return nil, err
	}
	codes, err := db.UnitCodes(ctx)
	if err == nil && len(codes) == 0 {
		err = seed.Reference(ctx, db)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("load reference data: %w", err)
	}
	return db, nil
}

func serve(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cfg := defaults(getenv)
	fs := newFlags("serve")
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "address to listen on")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file")
	fs.BoolVar(&cfg.Demo, "demo", false, "load the demo dataset and create demo accounts with public passwords")
	fs.BoolVar(&cfg.SecureCookies, "secure-cookies", false, "mark cookies Secure (when served over HTTPS)")
	smtpFlag := fs.String("smtp", "", "SMTP server for the daily digest: smtp://[user:password@]host[:port][?from=address]")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	mailer, err := smtpConfig(*smtpFlag, getenv)
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments, got %q", strings.Join(fs.Args(), " "))
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if cfg.DB == "" {
		return usagef("--db is required (or set CCHC_DB)")
	}
	// Held until the process ends: `cchc restore` refuses to replace the
	// database while a server uses it.
	unlock, err := lockDB(cfg.DB)
	if err != nil {
		return err
	}
	defer unlock()
	// The server checks the whole file before it answers anyone: a damaged
	// file is refused here, not found halfway through a clerk's entry.
	db, err := openDBWith(ctx, cfg.DB, sqlite.Open)
	if err != nil {
		return err
	}
	defer db.Close()
	if cfg.Demo {
		if err := loadDemo(ctx, db, stdout); err != nil {
			return err
		}
	} else if n, err := db.CountUsers(ctx); err == nil && n == 0 {
		fmt.Fprintf(stdout, "No account exists yet. Create the first administrator with:\n  cchc user add --db %s --name admin --role admin   (type the password on standard input)\n", cfg.DB)
	}
	srv, err := web.New(db, web.Config{Demo: cfg.Demo, SecureCookies: cfg.SecureCookies,
		EvidenceDir: filepath.Join(filepath.Dir(cfg.DB), "evidence")}, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another cchc running? choose another with --addr)", cfg.Addr, err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 1 << 20}
	fmt.Fprintf(stdout, "cchc is serving on http://%s/ (database %s)\n", ln.Addr(), cfg.DB)
	go srv.CleanSessions(ctx)
	if mailer.Configured() {
		go digestDaily(ctx, db, mailer, log)
		fmt.Fprintf(stdout, "The digest of due recommendations is e-mailed daily from %02d:00 (Vietnam) through %s\n", digestHour, mailer.Addr)
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// SIGTERM or Ctrl-C: let requests in flight finish, then close the
	// database cleanly (deferred above).
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// loadDemo creates the demo accounts and dataset and says, loudly, that
// their passwords are public.
func loadDemo(ctx context.Context, db *sqlite.DB, stdout io.Writer) error {
	loaded, err := seed.Demo(ctx, db)
	if err != nil {
		return err
	}
	for _, a := range seed.DemoAccounts {
		if _, _, err := db.UserCredentials(ctx, a.Name); err == nil {
			continue
		}
		hash, err := password.Hash(a.Password)
		if err != nil {
			return err
		}
		if _, err := db.CreateUser(ctx, a.Name, a.Role, a.Unit, hash, sqlite.Actor{Name: "demo"}); err != nil {
			return fmt.Errorf("demo account %s: %w", a.Name, err)
		}
	}
	bar := strings.Repeat("!", 72)
	fmt.Fprintln(stdout, bar)
	fmt.Fprintln(stdout, "DEMO MODE: these accounts have PUBLIC passwords. Never use this database for real data.")
	for _, a := range seed.DemoAccounts {
		unit := ""
		if a.Unit != "" {
			unit = " (unit " + a.Unit + ")"
		}
		fmt.Fprintf(stdout, "  %-12s %-24s role %s%s\n", a.Name, a.Password, a.Role, unit)
	}
	if loaded {
		fmt.Fprintln(stdout, "Demo data loaded: Hà Đông 2019 (the per-ward and per-month splits are illustrative; the totals are the article's).")
	}
	fmt.Fprintln(stdout, bar)
	return nil
}
