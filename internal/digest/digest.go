// Package digest e-mails each lead body's staff the recommendations it
// leads that are overdue or due within 30 days (oversight.Digest, the
// same groups the tracker's printable list and workbook show), through
// Go's net/smtp, when an SMTP server is configured, and never otherwise.
package digest

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/text"
)

// SMTP is where and as whom the digest is sent.
type SMTP struct {
	Addr string // host:port
	User string // empty: no authentication
	Pass string
	From string
}

// Configured reports whether an SMTP server was given.
func (s SMTP) Configured() bool { return s.Addr != "" }

// ParseSMTP reads the --smtp flag or CCHC_SMTP:
// smtp://[user:password@]host[:port][?from=address]; port 25 by default,
// from "cchc@" + host by default. An empty value is "not configured".
func ParseSMTP(v string) (SMTP, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return SMTP{}, nil
	}
	if !strings.Contains(v, "://") {
		v = "smtp://" + v
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return SMTP{}, fmt.Errorf("--smtp %q: expected smtp://[user:password@]host[:port][?from=address]", v)
	}
	s := SMTP{Addr: u.Host, From: u.Query().Get("from")}
	if u.Port() == "" {
		s.Addr = net.JoinHostPort(u.Hostname(), "25")
	}
	if u.User != nil {
		s.User = u.User.Username()
		s.Pass, _ = u.User.Password()
	}
	if s.From == "" {
		s.From = "cchc@" + u.Hostname()
	}
	if _, err := mail.ParseAddress(s.From); err != nil {
		return SMTP{}, fmt.Errorf("--smtp: from=%q is not an e-mail address", s.From)
	}
	return s, nil
}

// Result says what one run did, per lead body.
type Result struct {
	Groups  int      // lead bodies with something overdue or due soon
	Sent    []string // "268 → a@x, b@y"
	NoStaff []string // lead bodies whose staff have no e-mail address
	Already []string // lead bodies whose digest of the day was already sent
}

// Run sends the digest of day today to each lead body's staff. Without a
// configured server it sends nothing and says so in its error. Each lead
// body gets at most one digest a day (sqlite.DB.ClaimDigest), so a daily
// tick and a manual run do not send it twice.
func Run(ctx context.Context, db *sqlite.DB, s SMTP, today time.Time) (Result, error) {
	var res Result
	if !s.Configured() {
		return res, fmt.Errorf("no SMTP server configured (--smtp or CCHC_SMTP): the digest was not sent")
	}
	recs, labels, err := db.PublishedRecommendations(ctx)
	if err != nil {
		return res, err
	}
	groups := oversight.Digest(recs, today)
	res.Groups = len(groups)
	for _, g := range groups {
		to, err := db.DigestRecipients(ctx, g.LeadID)
		if err != nil {
			return res, err
		}
		if len(to) == 0 {
			res.NoStaff = append(res.NoStaff, g.LeadCode)
			continue
		}
		ok, err := db.ClaimDigest(ctx, today, g.LeadID)
		if err != nil {
			return res, err
		}
		if !ok {
			res.Already = append(res.Already, g.LeadCode)
			continue
		}
		msg := Message(s.From, to, g, today, func(id int64) string { return labels[id] })
		if err := send(s, to, msg); err != nil {
			_ = db.ReleaseDigest(ctx, today, g.LeadID)
			return res, fmt.Errorf("send the digest of %s to %s through %s: %w", g.LeadCode, strings.Join(to, ", "), s.Addr, err)
		}
		res.Sent = append(res.Sent, g.LeadCode+" → "+strings.Join(to, ", "))
	}
	return res, nil
}

func send(s SMTP, to []string, msg []byte) error {
	var auth smtp.Auth
	if s.User != "" {
		host, _, _ := net.SplitHostPort(s.Addr)
		auth = smtp.PlainAuth("", s.User, s.Pass, host)
	}
	return smtp.SendMail(s.Addr, auth, s.From, to, msg)
}

// Message is the e-mail of one lead body's digest, in Vietnamese (the
// council's language), UTF-8, quoted-printable.
func Message(from string, to []string, g oversight.DigestGroup, today time.Time, sessionLabel func(int64) string) []byte {
	day := today.Format("02/01/2006")
	var body bytes.Buffer
	fmt.Fprintf(&body, "Kính gửi: %s\n\n", g.LeadName)
	fmt.Fprintf(&body, "Tính đến ngày %s, đơn vị chủ trì %d kiến nghị quá hạn và %d kiến nghị đến hạn trong %d ngày tới.\n",
		day, len(g.Overdue), len(g.DueSoon), oversight.DueSoonDays)
	line := func(i int, r oversight.Recommendation, when string) {
		fmt.Fprintf(&body, "%d. %s\n   Hạn: %s (%s) · %s · Buổi giám sát %s\n", i+1, r.Content, r.Due().Format("02/01/2006"), when,
			text.RecStatus("vi", r.Status), sessionLabel(r.SessionID))
	}
	if len(g.Overdue) > 0 {
		body.WriteString("\nQUÁ HẠN\n")
		for i, r := range g.Overdue {
			line(i, r, fmt.Sprintf("quá %d ngày", -r.DaysFrom(today)))
		}
	}
	if len(g.DueSoon) > 0 {
		body.WriteString("\nĐẾN HẠN TRONG 30 NGÀY\n")
		for i, r := range g.DueSoon {
			line(i, r, fmt.Sprintf("còn %d ngày", r.DaysFrom(today)))
		}
	}
	body.WriteString("\nDanh sách đầy đủ: trang Kiến nghị của cchc (/recommendations/digest).\nThư này do cchc gửi tự động; xin không trả lời.\n")

	var msg bytes.Buffer
	subject := fmt.Sprintf("[CCHC] Kiến nghị quá hạn và sắp đến hạn, %s — %s", g.LeadName, day)
	fmt.Fprintf(&msg, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\n", from, strings.Join(to, ", "),
		mime.QEncoding.Encode("utf-8", subject), today.Format(time.RFC1123Z))
	msg.WriteString("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	qp := quotedprintable.NewWriter(&msg)
	_, _ = qp.Write(bytes.ReplaceAll(body.Bytes(), []byte("\n"), []byte("\r\n")))
	_ = qp.Close()
	return msg.Bytes()
}
