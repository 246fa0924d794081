package main

import (
	"flag"
	"io"
	"strings"
)

// config is read once, here, from flags and CCHC_* variables (flags win),
// and passed down.
type config struct {
	Addr          string
	DB            string
	Demo          bool
	SecureCookies bool
}

func defaults(getenv func(string) string) config {
	c := config{Addr: "127.0.0.1:8080", DB: "data/cchc.db"}
	if v := getenv("CCHC_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("CCHC_DB"); v != "" {
		c.DB = v
	}
	return c
}

// newFlags makes a flag set that reports its own errors as usage errors.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usagef("%s: %v", fs.Name(), strings.TrimSpace(err.Error()))
	}
	return nil
}
