package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/password"
	"github.com/cchc/cchc/internal/sqlite"
)

func userAdd(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer, getenv func(string) string) error {
	cfg := defaults(getenv)
	fs := newFlags("user add")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file")
	name := fs.String("name", "", "user name")
	roleName := fs.String("role", "", "admin, delegate, staff or analyst")
	unit := fs.String("unit", "", "unit code (staff only)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *name == "" || *roleName == "" {
		return usagef("user add needs --name and --role")
	}
	role, err := oversight.ParseRole(*roleName)
	if err != nil {
		return err
	}
	if role != oversight.RoleStaff && *unit != "" {
		return usagef("--unit is only for staff accounts")
	}
	// The password comes from standard input so that it never appears in
	// the process list or the shell history.
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return fmt.Errorf("read the password from standard input: %w", err)
	}
	pass := strings.TrimRight(line, "\r\n")
	if err := oversight.CheckPassword(pass); err != nil {
		return err
	}
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	hash, err := password.Hash(pass)
	if err != nil {
		return err
	}
	u, err := db.CreateUser(ctx, *name, role, *unit, hash, sqlite.Actor{Name: "cli"})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created user %s (role %s)\n", u.Name, u.Role)
	return nil
}

func tokenCreate(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cfg := defaults(getenv)
	fs := newFlags("token create")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file")
	name := fs.String("user", "", "user name")
	label := fs.String("label", "", "what the token is for")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *name == "" {
		return usagef("token create needs --user")
	}
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	u, _, err := db.UserCredentials(ctx, *name)
	if err != nil {
		return usagef("there is no user %q", *name)
	}
	tok, err := db.CreateToken(ctx, u.ID, *label, sqlite.Actor{Name: "cli"})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "API token for %s (shown once; send it as Authorization: Bearer TOKEN):\n%s\n", u.Name, tok)
	return nil
}
