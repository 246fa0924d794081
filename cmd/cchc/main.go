// Command cchc records and shows the figures of administrative reform
// (cải cách hành chính) for people's councils: run `cchc serve --demo` to
// try it, `cchc help` for every subcommand.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/cchc/cchc/internal/oversight"
)

// usageError is a mistake in how the command was called or in its input:
// exit status 2 and one line on stderr.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

const help = `cchc: administrative reform oversight.

Usage:
  cchc serve [--demo] [--addr HOST:PORT] [--db PATH] [--secure-cookies]
  cchc user add --db PATH --name NAME --role admin|delegate|staff|analyst [--unit CODE]   (password on stdin)
  cchc token create --db PATH --user NAME [--label TEXT]                                (token on the last line)
  cchc units import --db PATH FILE.csv|FILE.xlsx

Environment: CCHC_ADDR (default 127.0.0.1:8080), CCHC_DB (default data/cchc.db); flags win.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// run is main without the process: tests call it directly.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	err := dispatch(ctx, args, stdin, stdout, stderr, getenv)
	if err == nil {
		return 0
	}
	var ue usageError
	var le oversight.LineErrors
	switch {
	case errors.As(err, &le):
		for _, e := range le {
			fmt.Fprintln(stderr, "cchc:", e.Error())
		}
		return 2
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "cchc:", ue.msg)
		return 2
	case oversight.ErrorCode(err) == oversight.EInvalid || oversight.ErrorCode(err) == oversight.ENotFound || oversight.ErrorCode(err) == oversight.EConflict:
		fmt.Fprintln(stderr, "cchc:", oversight.ErrorMessage(err, "vi"))
		return 2
	}
	fmt.Fprintln(stderr, "cchc:", err)
	return 1
}

func dispatch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, help)
		return usagef("name a subcommand: serve, user add, token create, units import")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, getenv)
	case "user":
		if len(args) < 2 || args[1] != "add" {
			return usagef("use: cchc user add --db PATH --name NAME --role ROLE [--unit CODE]")
		}
		return userAdd(ctx, args[2:], stdin, stdout, getenv)
	case "token":
		if len(args) < 2 || args[1] != "create" {
			return usagef("use: cchc token create --db PATH --user NAME")
		}
		return tokenCreate(ctx, args[2:], stdout, getenv)
	case "units":
		if len(args) < 2 || args[1] != "import" {
			return usagef("use: cchc units import --db PATH FILE")
		}
		return unitsImport(ctx, args[2:], stdout, getenv)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, help)
		return nil
	}
	return usagef("unknown subcommand %q: see `cchc help`", args[0])
}
