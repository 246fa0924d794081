package digest_test

import (
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/textproto"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/digest"
	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/seed"
	"github.com/cchc/cchc/internal/sqlite"
)

// mailServer is a minimal SMTP server in the test's process: it accepts
// every message and keeps its envelope and data.
type mailServer struct {
	ln    net.Listener
	mu    sync.Mutex
	mails []received
	conns int
}

type received struct {
	From string
	To   []string
	Data string
}

func startMailServer(t *testing.T) *mailServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m := &mailServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			m.mu.Lock()
			m.conns++
			m.mu.Unlock()
			go m.serve(c)
		}
	}()
	return m
}

func (m *mailServer) serve(c net.Conn) {
	defer c.Close()
	tp := textproto.NewConn(c)
	_ = tp.PrintfLine("220 test ESMTP")
	var cur received
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		cmd := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			_ = tp.PrintfLine("250-test\r\n250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			cur = received{From: strings.Trim(line[len("MAIL FROM:"):], "<> ")}
			if i := strings.Index(cur.From, ">"); i >= 0 {
				cur.From = cur.From[:i]
			}
			_ = tp.PrintfLine("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			cur.To = append(cur.To, strings.Trim(line[len("RCPT TO:"):], "<> "))
			_ = tp.PrintfLine("250 ok")
		case cmd == "DATA":
			_ = tp.PrintfLine("354 go on")
			b, err := io.ReadAll(tp.DotReader())
			if err != nil {
				return
			}
			cur.Data = string(b)
			m.mu.Lock()
			m.mails = append(m.mails, cur)
			m.mu.Unlock()
			_ = tp.PrintfLine("250 queued")
		case cmd == "QUIT":
			_ = tp.PrintfLine("221 bye")
			return
		default:
			_ = tp.PrintfLine("250 ok")
		}
	}
}

func (m *mailServer) received() ([]received, int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]received(nil), m.mails...), m.conns
}

func day(y, mo, d int) *time.Time {
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	return &t
}

// openDB is a real SQLite file with the reference units, a published
// session with recommendations led by Hà Đông (268) and Hà Nội (01), and
// two staff accounts of 268 with an e-mail address (one disabled would
// not count; one of ward 09538 is not Hà Đông's own staff).
func openDB(t *testing.T) *sqlite.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "cchc.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := seed.Reference(ctx, db); err != nil {
		t.Fatal(err)
	}
	s := oversight.Session{Body: "Thường trực HĐND TP Hà Nội", Topic: "Cải cách hành chính", Date: *day(2025, 1, 10), UnitCode: "01",
		Span: oversight.Span{From: oversight.NewMonth(2024, 1), To: oversight.NewMonth(2024, 12)}, Published: true,
		Recommendations: []oversight.Recommendation{
			{Content: "Giảm hồ sơ trễ hạn tại một cửa", LeadCode: "268", Deadline: day(2025, 2, 28)},                                                      // overdue on 10/03
			{Content: "Số hóa hồ sơ đất đai", LeadCode: "268", Deadline: day(2025, 3, 31)},                                                                // due in 21 days
			{Content: "Đề án chính quyền số", LeadCode: "268", Deadline: day(2025, 1, 31), DeadlineTo: day(2027, 12, 31), Status: oversight.RecMultiYear}, // due 2027
			{Content: "Công khai thủ tục", LeadCode: "01", Deadline: day(2025, 3, 1)},                                                                     // overdue, nobody to mail
		}}
	if _, err := db.CreateSession(ctx, s, sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	draft := s
	draft.Published = false
	draft.Recommendations = []oversight.Recommendation{{Content: "Bản nháp chưa ban hành", LeadCode: "268", Deadline: day(2025, 3, 1)}}
	if _, err := db.CreateSession(ctx, draft, sqlite.Actor{}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ name, unit, email string }{{"vp268", "268", "vanphong@hadong.hanoi.gov.vn"}, {"noivu268", "268", "noivu@hadong.hanoi.gov.vn"},
		{"phuong", "09538", "phuong@hanoi.gov.vn"}, {"khongthu", "268", ""}} {
		if _, err := db.CreateUser(ctx, u.name, oversight.RoleStaff, u.unit, "x", sqlite.Actor{}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetUserEmail(ctx, u.name, u.email, sqlite.Actor{}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// TestDigestIsMailedToEachLeadBodysStaffOnceADay sends the digest of
// 10/03/2025 through an in-process SMTP server: Hà Đông's two staff get
// one message naming its overdue and due-soon recommendations (not the
// multi-year one, not the draft's); Hà Nội, whose staff have no address,
// gets none and is reported; a second run the same day sends nothing.
func TestDigestIsMailedToEachLeadBodysStaffOnceADay(t *testing.T) {
	db := openDB(t)
	srv := startMailServer(t)
	cfg, err := digest.ParseSMTP("smtp://" + srv.ln.Addr().String() + "?from=hdnd@hanoi.gov.vn")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Date(2025, 3, 10, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	res, err := digest.Run(context.Background(), db, cfg, today)
	if err != nil {
		t.Fatal(err)
	}
	if res.Groups != 2 || len(res.Sent) != 1 || len(res.NoStaff) != 1 || res.NoStaff[0] != "01" {
		t.Fatalf("result = %+v", res)
	}
	mails, _ := srv.received()
	if len(mails) != 1 {
		t.Fatalf("%d messages, want 1", len(mails))
	}
	m := mails[0]
	if m.From != "hdnd@hanoi.gov.vn" || strings.Join(m.To, ",") != "noivu@hadong.hanoi.gov.vn,vanphong@hadong.hanoi.gov.vn" {
		t.Errorf("envelope from %q to %v", m.From, m.To)
	}
	// The SMTP dot-reader gives lines ending "\n".
	head, body, _ := strings.Cut(strings.ReplaceAll(m.Data, "\r\n", "\n"), "\n\n")
	var subject string
	for _, l := range strings.Split(head, "\n") {
		if v, ok := strings.CutPrefix(l, "Subject: "); ok {
			subject, _ = new(mime.WordDecoder).DecodeHeader(v)
		}
	}
	if subject != "[CCHC] Kiến nghị quá hạn và sắp đến hạn, Quận Hà Đông — 10/03/2025" {
		t.Errorf("subject = %q", subject)
	}
	text, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(body)))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.ReplaceAll(string(text), "\r\n", "\n")
	for _, want := range []string{"Kính gửi: Quận Hà Đông", "1 kiến nghị quá hạn và 1 kiến nghị đến hạn trong 30 ngày tới",
		"1. Giảm hồ sơ trễ hạn tại một cửa\n   Hạn: 28/02/2025 (quá 10 ngày)", "1. Số hóa hồ sơ đất đai\n   Hạn: 31/03/2025 (còn 21 ngày)"} {
		if !strings.Contains(got, want) {
			t.Errorf("body lacks %q:\n%s", want, got)
		}
	}
	for _, not := range []string{"Đề án chính quyền số", "Bản nháp", "Công khai thủ tục"} {
		if strings.Contains(got, not) {
			t.Errorf("body names %q", not)
		}
	}

	res, err = digest.Run(context.Background(), db, cfg, today.Add(3*time.Hour))
	if err != nil || len(res.Sent) != 0 || len(res.Already) != 1 {
		t.Errorf("second run the same day: %+v, %v", res, err)
	}
	if mails, _ := srv.received(); len(mails) != 1 {
		t.Errorf("second run sent again: %d messages", len(mails))
	}
	res, err = digest.Run(context.Background(), db, cfg, today.AddDate(0, 0, 1))
	if err != nil || len(res.Sent) != 1 {
		t.Errorf("next day: %+v, %v", res, err)
	}
}

// TestDigestIsNeverMailedWithoutSMTP: with no server configured, Run
// refuses and no connection is made to any server.
func TestDigestIsNeverMailedWithoutSMTP(t *testing.T) {
	db := openDB(t)
	srv := startMailServer(t)
	cfg, err := digest.ParseSMTP("")
	if err != nil || cfg.Configured() {
		t.Fatalf("empty --smtp: %+v, %v", cfg, err)
	}
	if _, err := digest.Run(context.Background(), db, cfg, time.Date(2025, 3, 10, 8, 0, 0, 0, time.UTC)); err == nil || !strings.Contains(err.Error(), "not sent") {
		t.Errorf("Run without SMTP: %v", err)
	}
	if mails, conns := srv.received(); len(mails) != 0 || conns != 0 {
		t.Errorf("without SMTP: %d messages, %d connections", len(mails), conns)
	}
}

func TestParseSMTP(t *testing.T) {
	for in, want := range map[string]digest.SMTP{
		"mail.hanoi.gov.vn": {Addr: "mail.hanoi.gov.vn:25", From: "cchc@mail.hanoi.gov.vn"},
		"smtp://u:p%40ss@mail.hanoi.gov.vn:587?from=a@b.vn": {Addr: "mail.hanoi.gov.vn:587", User: "u", Pass: "p@ss", From: "a@b.vn"},
	} {
		got, err := digest.ParseSMTP(in)
		if err != nil || got != want {
			t.Errorf("ParseSMTP(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"http://mail", "smtp://host?from=nobody"} {
		if _, err := digest.ParseSMTP(bad); err == nil {
			t.Errorf("ParseSMTP(%q) accepted", bad)
		}
	}
}
