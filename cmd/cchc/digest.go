package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/digest"
	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
)

// vietnam is UTC+7 all year: the digest's day is Vietnam's day.
var vietnam = time.FixedZone("ICT", 7*60*60)

// digestHour is when, in Vietnam's time, the daily tick of `cchc serve`
// sends the day's digest (each lead body at most once a day).
const digestHour = 7

// smtpConfig reads --smtp (already parsed into flagValue) or CCHC_SMTP.
func smtpConfig(flagValue string, getenv func(string) string) (digest.SMTP, error) {
	v := flagValue
	if v == "" {
		v = getenv("CCHC_SMTP")
	}
	s, err := digest.ParseSMTP(v)
	if err != nil {
		return s, usagef("%v", err)
	}
	return s, nil
}

// digestCmd prints the digest of recommendations overdue or due within 30
// days per lead body and, when SMTP is configured, e-mails each lead
// body's staff; without SMTP it sends nothing and says so.
func digestCmd(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cfg := defaults(getenv)
	fs := newFlags("digest")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file")
	smtpFlag := fs.String("smtp", "", "smtp://[user:password@]host[:port][?from=address]")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	s, err := smtpConfig(*smtpFlag, getenv)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	today := time.Now().In(vietnam)
	recs, _, err := db.PublishedRecommendations(ctx)
	if err != nil {
		return err
	}
	groups := oversight.Digest(recs, today)
	fmt.Fprintf(stdout, "Kiến nghị quá hạn và đến hạn trong %d ngày, ngày %s: %d cơ quan chủ trì\n", oversight.DueSoonDays, today.Format("02/01/2006"), len(groups))
	for _, g := range groups {
		fmt.Fprintf(stdout, "  %s (%s): %d quá hạn, %d sắp đến hạn\n", g.LeadName, g.LeadCode, len(g.Overdue), len(g.DueSoon))
	}
	if !s.Configured() {
		fmt.Fprintln(stdout, "SMTP chưa được cấu hình (--smtp hoặc CCHC_SMTP): không gửi thư. / No SMTP configured: nothing sent.")
		return nil
	}
	res, err := digest.Run(ctx, db, s, today)
	reportDigest(stdout, res)
	return err
}

func reportDigest(w io.Writer, res digest.Result) {
	for _, x := range res.Sent {
		fmt.Fprintf(w, "sent: %s\n", x)
	}
	if len(res.Already) > 0 {
		fmt.Fprintf(w, "already sent today: %s\n", strings.Join(res.Already, ", "))
	}
	if len(res.NoStaff) > 0 {
		fmt.Fprintf(w, "no staff e-mail address (cchc user email --name … --email …): %s\n", strings.Join(res.NoStaff, ", "))
	}
}

// digestDaily is the daily tick of `cchc serve`: from digestHour in
// Vietnam each day it sends the day's digest, checking every quarter hour;
// ClaimDigest keeps it to one a day per lead body, also across restarts.
func digestDaily(ctx context.Context, db *sqlite.DB, s digest.SMTP, log *slog.Logger) {
	tick := time.NewTicker(15 * time.Minute)
	defer tick.Stop()
	for {
		now := time.Now().In(vietnam)
		if now.Hour() >= digestHour {
			res, err := digest.Run(ctx, db, s, now)
			if err != nil {
				log.Error("digest", "err", err)
			} else if len(res.Sent) > 0 {
				log.Info("digest sent", "lead_bodies", len(res.Sent), "without_address", len(res.NoStaff))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// userEmail sets the e-mail address the digest is sent to.
func userEmail(ctx context.Context, args []string, stdout io.Writer, getenv func(string) string) error {
	cfg := defaults(getenv)
	fs := newFlags("user email")
	fs.StringVar(&cfg.DB, "db", cfg.DB, "SQLite database file")
	name := fs.String("name", "", "user name")
	email := fs.String("email", "", "e-mail address (empty clears it)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *name == "" {
		return usagef("user email needs --name")
	}
	db, err := openDB(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.SetUserEmail(ctx, *name, *email, sqlite.Actor{Name: "cli"}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "e-mail of %s: %q\n", *name, strings.TrimSpace(*email))
	return nil
}
