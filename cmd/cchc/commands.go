package main

import (
	"context"
	"io"
)

// command is one subcommand.
type command struct {
	usage string // one line for `cchc help`
	run   func(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer, getenv func(string) string) error
}

// commands is every subcommand cchc answers, in one table: "serve",
// "user add", "units import"... Two-word names are matched before
// one-word ones.
var commands = map[string]command{
	"serve": {"serve [--demo] [--addr HOST:PORT] [--db PATH] [--secure-cookies] [--smtp smtp://host:port?from=ADDR]",
		withoutStdin(serve)},
	"user add": {"user add --db PATH --name NAME --role admin|delegate|staff|analyst [--unit CODE]   (password on stdin)",
		userAdd},
	"token create": {"token create --db PATH --user NAME [--label TEXT]   (the token on the last line)",
		withoutStdin(tokenCreate)},
	"units import": {"units import --db PATH FILE.csv|FILE.xlsx",
		withoutStdin(unitsImport)},
	"template": {"template --db PATH --unit CODE --period YYYY-MM [--lang vi|en] --out FILE.xlsx",
		withoutStdin(entryTemplate)},
	"import": {"import --db PATH [--dry-run] [--reason TEXT] FILE.xlsx   (an entry template; all or nothing)",
		withoutStdin(entryImport)},
	"export": {"export --db PATH --unit CODE [--subtree] --from YYYY-MM --to YYYY-MM [--by month|quarter|half|year] " +
		"[--metrics a,b] [--layout wide|long] [--format xlsx|csv] [--sep comma|semicolon] [--approved] [--lang vi|en] --out FILE",
		withoutStdin(export)},
	"seed": {"seed --synthetic [--units 3321] [--provinces 34] [--months 120] [--end YYYY-MM] --db PATH",
		withoutStdin(seedCmd)},
	"backup": {"backup --db PATH --out FILE   (a consistent copy, also while the server runs)",
		withoutStdin(backup)},
	"digest": {"digest --db PATH [--smtp smtp://[user:pass@]host[:port][?from=ADDR]]   (recommendations due and overdue, e-mailed to each lead body's staff)",
		withoutStdin(digestCmd)},
	"user email": {"user email --db PATH --name NAME --email ADDRESS   (where the digest is sent)",
		withoutStdin(userEmail)},
	"restore": {"restore --db PATH FILE   (stop the server first; the current database is kept aside)",
		withoutStdin(restore)},
}

// withoutStdin adapts a command that reads no standard input.
func withoutStdin(run func(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error) func(context.Context, []string, io.Reader, io.Writer, func(string) string) error {
	return func(ctx context.Context, args []string, _ io.Reader, stdout io.Writer, getenv func(string) string) error {
		return run(ctx, args, stdout, getenv)
	}
}
