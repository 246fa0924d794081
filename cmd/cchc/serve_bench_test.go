package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkServeFirstRender measures a page's first (uncached) render as the
// server pays for it: `cchc serve` runs as its own process on a copy of the
// national synthetic set, a client in this process logs in and asks for the
// page with a query parameter it ignores and no earlier request used (so
// the page cache misses every time), and the server process's CPU (user and
// system, from /proc/PID/stat) is divided by the requests. Unlike the web
// package's BenchmarkDashFirst* (the page handler's CPU read from a
// profile), this counts everything the server does for a request: HTTP,
// session and user look-up, the request log, the garbage collector and the
// kernel. Linux only. It adds a delegate account to the file it is given:
// give it a copy. docs/PERFORMANCE.md gives the commands and numbers.
//
//	CCHC_DASH_BENCH_DB=copy.db CCHC_BENCH_PATH='/dashboard?unit=C00007' \
//	  go test ./cmd/cchc -run '^$' -bench BenchmarkServeFirstRender -benchtime 400x
func BenchmarkServeFirstRender(b *testing.B) {
	db := os.Getenv("CCHC_DASH_BENCH_DB")
	if db == "" {
		b.Skip("set CCHC_DASH_BENCH_DB to a copy of `cchc seed --synthetic --units 3321 --months 120` (docs/PERFORMANCE.md)")
	}
	path := os.Getenv("CCHC_BENCH_PATH")
	if path == "" {
		path = "/dashboard?unit=C00007"
	}
	bin := securityBuild(b)
	const name, pass = "serve-bench", "serve-bench-password"
	add := exec.Command(bin, "user", "add", "--db", db, "--name", name, "--role", "delegate")
	add.Stdin = strings.NewReader(pass + "\n")
	_ = add.Run() // already there from an earlier run: fine
	srv := securityStart(b, bin, db)
	pid := srv.cmd.Process.Pid
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.PostForm(srv.url+"login", url.Values{"username": {name}, "password": {pass}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	get := func(u string) string {
		resp, err := c.Get(u)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			b.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: %s (logged in as %s?)", u, resp.Status, name)
		}
		return resp.Header.Get("X-Page-Cache")
	}
	nonce := strconv.FormatInt(time.Now().UnixNano(), 36)
	for i := 0; i < 20; i++ { // warm the server's caches and connections
		if got := get(fmt.Sprintf("%s%s%swarm%s=%d", strings.TrimSuffix(srv.url, "/"), path, sep, nonce, i)); got != "miss" {
			b.Fatalf("warm-up request %d: X-Page-Cache %q, want a miss", i, got)
		}
	}
	u0, s0 := processCPU(b, pid)
	n := 0
	for b.Loop() {
		get(fmt.Sprintf("%s%s%sb%s=%d", strings.TrimSuffix(srv.url, "/"), path, sep, nonce, n))
		n++
	}
	u1, s1 := processCPU(b, pid)
	per := func(d float64) float64 { return d / float64(n) * 1000 }
	b.ReportMetric(per(u1-u0+s1-s0), "server-cpu-ms/op")
	b.ReportMetric(per(u1-u0), "user-ms/op")
	b.ReportMetric(per(s1-s0), "system-ms/op")
}

// processCPU reads a process's CPU time, user and system, in seconds, from
// /proc/PID/stat (fields 14 and 15, in clock ticks: `getconf CLK_TCK`,
// 100 on Linux). A reading is precise to a tick (10 ms), hence hundreds of
// requests per run.
func processCPU(b *testing.B, pid int) (user, system float64) {
	b.Helper()
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Skipf("no /proc here: %v", err)
	}
	s := string(raw)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	user, err1 := strconv.ParseFloat(f[11], 64)
	system, err2 := strconv.ParseFloat(f[12], 64)
	if err1 != nil || err2 != nil {
		b.Fatalf("read /proc/%d/stat: %q", pid, s)
	}
	hz := 100.0
	if out, err := exec.Command("getconf", "CLK_TCK").Output(); err == nil {
		if v, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64); err == nil && v > 0 {
			hz = v
		}
	}
	return user / hz, system / hz
}
