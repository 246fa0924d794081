package main

import (
	"net"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestDigestCommandSendsNothingWithoutSMTP: `cchc digest` without --smtp
// or CCHC_SMTP prints the digest and says nothing was sent, and connects
// to no server; a bad --smtp is a usage error; `cchc user email` refuses
// an address that is not one and sets one that is.
func TestDigestCommandSendsNothingWithoutSMTP(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cchc.db")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var conns atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns.Add(1)
			c.Close()
		}
	}()
	r := runCLI(t, "", map[string]string{"CCHC_SMTP": ""}, "digest", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "SMTP chưa được cấu hình") || !strings.Contains(r.stdout, "0 cơ quan chủ trì") {
		t.Errorf("digest without SMTP: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if n := conns.Load(); n != 0 {
		t.Errorf("digest without SMTP connected %d times", n)
	}
	if r := runCLI(t, "", nil, "digest", "--db", db, "--smtp", "http://x"); r.code != 2 || !strings.Contains(r.stderr, "smtp://") {
		t.Errorf("bad --smtp: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := runCLI(t, "long-enough-password\n", nil, "user", "add", "--db", db, "--name", "vp", "--role", "staff", "--unit", "268"); r.code != 0 {
		t.Fatalf("user add: %d %s", r.code, r.stderr)
	}
	if r := runCLI(t, "", nil, "user", "email", "--db", db, "--name", "vp", "--email", "not an address"); r.code == 0 || !strings.Contains(r.stderr, "không hợp lệ") {
		t.Errorf("bad e-mail: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := runCLI(t, "", nil, "user", "email", "--db", db, "--name", "vp", "--email", "vanphong@hadong.hanoi.gov.vn"); r.code != 0 || !strings.Contains(r.stdout, "vanphong@hadong.hanoi.gov.vn") {
		t.Errorf("user email: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
