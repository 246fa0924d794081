package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/sqlite"
)

var (
	securityBinOnce sync.Once
	securityBinDir  string
	securityBin     string
	securityBinErr  error
)

// TestMain removes the binary the process tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if securityBinDir != "" {
		os.RemoveAll(securityBinDir)
	}
	os.Exit(code)
}

// securityBuild builds the cchc binary once per test run (go build to a
// temporary folder), for the tests that run it as a real process.
func securityBuild(t *testing.T) string {
	t.Helper()
	securityBinOnce.Do(func() {
		securityBinDir, securityBinErr = os.MkdirTemp("", "cchc-bin-")
		if securityBinErr != nil {
			return
		}
		securityBin = filepath.Join(securityBinDir, "cchc")
		out, err := exec.Command("go", "build", "-o", securityBin, ".").CombinedOutput()
		if err != nil {
			securityBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if securityBinErr != nil {
		t.Fatal(securityBinErr)
	}
	return securityBin
}

// securityServer is a running `cchc serve` process.
type securityServer struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
	mu     *sync.Mutex
}

func (s securityServer) logs() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stderr.String()
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// securityStart starts `cchc serve` on a free port of 127.0.0.1 and waits
// until it answers.
func securityStart(t *testing.T, bin, db string, args ...string) securityServer {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, args...)...)
	var mu sync.Mutex
	errb := &bytes.Buffer{}
	cmd.Stderr = lockedWriter{&mu, errb}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
		sent := false
		for sc.Scan() {
			if m := re.FindString(sc.Text()); m != "" && !sent {
				urlc <- m
				sent = true
			}
		}
	}()
	select {
	case u := <-urlc:
		return securityServer{cmd: cmd, url: u, stderr: errb, mu: &mu}
	case <-time.After(60 * time.Second):
		t.Fatalf("server did not start: %s", errb.String())
	}
	return securityServer{}
}

// securityToken makes an API token with the CLI, beside the running server.
func securityToken(t *testing.T, bin, db, user string) string {
	t.Helper()
	out, err := exec.Command(bin, "token", "create", "--db", db, "--user", user).Output()
	if err != nil {
		t.Fatalf("token create: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return lines[len(lines)-1]
}

type securityRow struct {
	Unit   string  `json:"unit"`
	Period string  `json:"period"`
	Metric string  `json:"metric"`
	Value  float64 `json:"value"`
}

func securityPost(c *http.Client, url, token string, rows []securityRow) (int, string, error) {
	b, _ := json.Marshal(map[string]any{"values": rows})
	req, _ := http.NewRequest(http.MethodPost, url+"api/v1/values", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), nil
}

func securityMonth(k int) string { return fmt.Sprintf("%04d-%02d", 2000+k/12, k%12+1) }

// 20 writers post figures to a real server for 10 seconds: no request
// fails, SQLite never reports "database is locked", and every write the
// server acknowledged is in the database afterwards with its last
// acknowledged value.
func TestSecurityConcurrentWriters(t *testing.T) {
	if testing.Short() {
		t.Skip("takes 10 s")
	}
	bin := securityBuild(t)
	db := filepath.Join(t.TempDir(), "cchc.db")
	srv := securityStart(t, bin, db, "--demo")
	admin := securityToken(t, bin, db, "admin")
	district := securityToken(t, bin, db, "canbo") // staff of 268 and its wards
	const writers = 20
	// Hà Đông and its wards and departments: canbo may write them all.
	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	hd, err := store.UnitByCode(context.Background(), "268")
	if err != nil {
		t.Fatal(err)
	}
	kids, err := store.Children(context.Background(), hd.ID)
	store.Close()
	if err != nil || len(kids) < writers-1 {
		t.Fatalf("Hà Đông has %d subordinate units, need %d: %v", len(kids), writers-1, err)
	}
	units := []string{"268"}
	for _, k := range kids[:writers-1] {
		units = append(units, k.Code)
	}
	type acked struct {
		n       int     // batches acknowledged: months 0..n-1 written
		counter float64 // last acknowledged value of the shared-key overwrite
	}
	results := make([]acked, writers)
	var failures atomic.Int64
	var failMsg atomic.Value
	deadline := time.Now().Add(10 * time.Second)
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			c := &http.Client{Timeout: 30 * time.Second}
			tok := admin
			if w%2 == 1 {
				tok = district
			}
			for k := 0; time.Now().Before(deadline) && k < 11000; k++ {
				// Each batch: a new month of inspections for the writer's
				// unit, and an overwrite of one key the writer keeps
				// rewriting (a lost update would leave an older value).
				rows := []securityRow{
					{Unit: units[w], Period: securityMonth(k), Metric: "inspections", Value: float64(k)},
					{Unit: units[w], Period: "2099-01", Metric: "trainees", Value: float64(k + 1)},
				}
				st, body, err := securityPost(c, srv.url, tok, rows)
				if err != nil || st != http.StatusOK {
					failures.Add(1)
					failMsg.Store(fmt.Sprintf("writer %d batch %d: status %d err %v body %.200s", w, k, st, err, body))
					return
				}
				results[w] = acked{n: k + 1, counter: float64(k + 1)}
			}
		}(w)
	}
	wg.Wait()
	if n := failures.Load(); n > 0 {
		t.Fatalf("%d writers failed; last: %v", n, failMsg.Load())
	}
	if strings.Contains(srv.logs(), "database is locked") || strings.Contains(srv.logs(), "SQLITE_BUSY") {
		t.Errorf("server log mentions a locked database:\n%s", srv.logs())
	}
	// Stop the server cleanly (SIGTERM) and read the file it leaves.
	srv.cmd.Process.Signal(syscall.SIGTERM)
	if err := srv.cmd.Wait(); err != nil {
		t.Fatalf("server after SIGTERM: %v\n%s", err, srv.logs())
	}
	raw, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	total := 0
	for w, a := range results {
		if a.n == 0 {
			t.Errorf("writer %d had no write acknowledged in 10 s", w)
			continue
		}
		total += a.n
		var n int
		var maxV float64
		err := raw.QueryRow(`SELECT COUNT(*), COALESCE(MAX(v.value), -1) FROM metric_values v JOIN units u ON u.id = v.unit_id
JOIN metrics m ON m.id = v.metric_id WHERE u.code = ? AND m.code = 'inspections' AND v.period BETWEEN 200001 AND 209812`, units[w]).Scan(&n, &maxV)
		if err != nil {
			t.Fatal(err)
		}
		if n != a.n || maxV != float64(a.n-1) {
			t.Errorf("writer %d: %d months acknowledged, %d stored (max value %v)", w, a.n, n, maxV)
		}
		var counter float64
		raw.QueryRow(`SELECT v.value FROM metric_values v JOIN units u ON u.id = v.unit_id JOIN metrics m ON m.id = v.metric_id
WHERE u.code = ? AND m.code = 'trainees' AND v.period = 209901`, units[w]).Scan(&counter)
		if counter != a.counter {
			t.Errorf("writer %d: last acknowledged overwrite %v, stored %v (a lost update)", w, a.counter, counter)
		}
	}
	t.Logf("%d batches (%d values) acknowledged by %d writers in 10 s: %.0f batches/s", total, 2*total, writers, float64(total)/10)
}
