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
	"sort"
	"strings"
	"syscall"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// usageError is a mistake in how the command was called or in its input:
// exit status 2 and one line on stderr.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

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
		for _, line := range text.LineErrors("vi", le) {
			fmt.Fprintln(stderr, "cchc:", line)
		}
		return 2
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "cchc:", ue.msg)
		return 2
	case oversight.ErrorCode(err) != oversight.EInternal:
		fmt.Fprintln(stderr, "cchc:", message(err))
		return 2
	}
	fmt.Fprintln(stderr, "cchc:", err)
	return 1
}

// checkLang refuses a --lang other than the two languages cchc writes.
func checkLang(lang string) error {
	if lang != text.VI && lang != text.EN {
		return usagef("--lang takes vi or en (got %q)", lang)
	}
	return nil
}

// message is what a command prints of err: a refusal the user can act on
// in Vietnamese from the catalogue; anything else as it is (on the command
// line the person reading it runs the program, so the cause is kept, not
// hidden behind "system error").
func message(err error) string {
	if oversight.ErrorCode(err) == oversight.EInternal {
		return err.Error()
	}
	return text.Error(err, "vi")
}

func dispatch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, helpText())
		return usagef("name a subcommand: see `cchc help`")
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, helpText())
		return nil
	}
	// Two-word commands ("user add") first, then one-word ones ("serve").
	if len(args) >= 2 {
		if c, ok := commands[args[0]+" "+args[1]]; ok {
			return c.run(ctx, args[2:], stdin, stdout, getenv)
		}
	}
	if c, ok := commands[args[0]]; ok {
		return c.run(ctx, args[1:], stdin, stdout, getenv)
	}
	var near []string
	for name := range commands {
		if strings.HasPrefix(name, args[0]+" ") {
			near = append(near, "cchc "+commands[name].usage)
		}
	}
	if len(near) > 0 {
		sort.Strings(near)
		return usagef("use: %s", strings.Join(near, " | "))
	}
	return usagef("unknown subcommand %q: see `cchc help`", args[0])
}

func helpText() string {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("cchc: administrative reform oversight.\n\nUsage:\n")
	for _, n := range names {
		b.WriteString("  cchc " + commands[n].usage + "\n")
	}
	b.WriteString("\nEnvironment: CCHC_ADDR (default 127.0.0.1:8080), CCHC_DB (default data/cchc.db); flags win.\n")
	return b.String()
}
