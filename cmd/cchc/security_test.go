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
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
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
func securityBuild(t testing.TB) string {
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
func securityStart(t testing.TB, bin, db string, args ...string) securityServer {
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

// securityKey gives batch k of a writer a figure of its own: figures are
// refused for months to come and after a ward's dissolution (06/2025), so
// the keys run through 1,500 past months of one metric, then the next.
var securityKeyMetrics = []string{"inspections", "units_inspected", "training_classes", "procedure_reviews",
	"departments_adjusted", "public_service_units_cut", "heads_cut", "deputies_cut"}

func securityKey(k int) (period, metric string) {
	m := k % 1500
	return fmt.Sprintf("%04d-%02d", 1900+m/12, m%12+1), securityKeyMetrics[k/1500]
}

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
	// Hà Đông and its 17 wards of 2019 (its offices are organisations,
	// which take no figures): canbo may write them all.
	const writers = 18
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
	kids = slices.DeleteFunc(kids, func(k oversight.Unit) bool { return k.ValidFrom != nil }) // 2000's units only
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
			for k := 0; time.Now().Before(deadline) && k < 1500*len(securityKeyMetrics); k++ {
				// Each batch: a new month of inspections for the writer's
				// unit, and an overwrite of one key the writer keeps
				// rewriting (a lost update would leave an older value).
				period, metric := securityKey(k)
				rows := []securityRow{
					{Unit: units[w], Period: period, Metric: metric, Value: float64(k)},
					{Unit: units[w], Period: "2000-01", Metric: "trainees", Value: float64(k + 1)},
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
JOIN metrics m ON m.id = v.metric_id WHERE u.code = ? AND m.code <> 'trainees' AND v.source = 'api'`, units[w]).Scan(&n, &maxV)
		if err != nil {
			t.Fatal(err)
		}
		if n != a.n || maxV != float64(a.n-1) {
			t.Errorf("writer %d: %d months acknowledged, %d stored (max value %v)", w, a.n, n, maxV)
		}
		var counter float64
		raw.QueryRow(`SELECT v.value FROM metric_values v JOIN units u ON u.id = v.unit_id JOIN metrics m ON m.id = v.metric_id
WHERE u.code = ? AND m.code = 'trainees' AND v.period = 200001`, units[w]).Scan(&counter)
		if counter != a.counter {
			t.Errorf("writer %d: last acknowledged overwrite %v, stored %v (a lost update)", w, a.counter, counter)
		}
	}
	t.Logf("%d batches (%d values) acknowledged by %d writers in 10 s: %.0f batches/s", total, 2*total, writers, float64(total)/10)
}

// securityImportRows is a large import: n figures from 1995 onwards
// (figures for months to come are refused), across Hà Đông's units (the
// district and its 17 wards: 50,000 figures end before 2025, when some of
// the wards were gone) and the metrics that no cross-metric rule ties
// together.
func securityImportRows(t *testing.T, db string, n int) []securityRow {
	t.Helper()
	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	hd, _ := store.UnitByCode(context.Background(), "268")
	kids, _ := store.Children(context.Background(), hd.ID)
	units := []string{"268"}
	for _, k := range kids {
		// The units of 2000 onwards: not the Phường Quang Trung formed on
		// 01/01/2025 (its code 09538 names Nguyễn Trãi before).
		if k.ValidFrom == nil {
			units = append(units, k.Code)
		}
	}
	metrics := []string{"inspections", "units_inspected", "training_classes", "trainees", "procedure_reviews",
		"departments_adjusted", "public_service_units_cut", "heads_cut", "deputies_cut"}
	var rows []securityRow
	for k := 0; len(rows) < n; k++ {
		for _, u := range units {
			for _, m := range metrics {
				if len(rows) < n {
					rows = append(rows, securityRow{Unit: u, Period: fmt.Sprintf("%04d-%02d", 1995+k/12, k%12+1), Metric: m, Value: 7})
				}
			}
		}
	}
	return rows
}

func securityCountImport(t *testing.T, db string) int {
	t.Helper()
	raw, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var check string
	if err := raw.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q %v", check, err)
	}
	var n int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM metric_values WHERE source = 'api'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// SIGKILL in the middle of a large import through POST /api/v1/values: after
// a restart the database passes integrity_check and holds all of the
// import or none of it.
func TestSecuritySIGKILLDuringImport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the server several times")
	}
	bin := securityBuild(t)
	const n = 50000
	for attempt := 1; attempt <= 3; attempt++ {
		db := filepath.Join(t.TempDir(), "cchc.db")
		srv := securityStart(t, bin, db, "--demo")
		token := securityToken(t, bin, db, "admin")
		rows := securityImportRows(t, db, n)
		done := make(chan string, 1)
		go func() {
			st, body, err := securityPost(&http.Client{Timeout: 2 * time.Minute}, srv.url, token, rows)
			done <- fmt.Sprintf("status %d err %v body %.200s", st, err, body)
		}()
		// Kill only in an observed state: the server stopped (SIGSTOP, so
		// nothing moves while we look) with the import's transaction open,
		// i.e. its WAL holding more pages written after the last commit than
		// any other write of an idle server makes. Otherwise let it run a
		// little (SIGCONT) and look again; no clock decides.
		killedMid := false
		deadline := time.Now().Add(2 * time.Minute) // a guard against a hung server, not a measure
	wait:
		for time.Now().Before(deadline) {
			select {
			case r := <-done:
				t.Logf("attempt %d: the import finished before it was seen in progress (%s)", attempt, r)
				break wait
			default:
			}
			if err := srv.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
				t.Fatal(err)
			}
			// Wait until it has stopped: a write under way when the signal
			// was sent finishes before we read the WAL.
			var ws syscall.WaitStatus
			if _, err := syscall.Wait4(srv.cmd.Process.Pid, &ws, syscall.WUNTRACED, nil); err != nil || !ws.Stopped() {
				t.Fatalf("server did not stop: %v %v\n%s", ws, err, srv.logs())
			}
			open, err := walUncommittedFrames(db + "-wal")
			if err != nil {
				t.Fatal(err)
			}
			if open >= 64 {
				srv.cmd.Process.Signal(syscall.SIGKILL)
				killedMid = true
				t.Logf("attempt %d: killed with %d uncommitted pages in the WAL", attempt, open)
				break
			}
			if err := srv.cmd.Process.Signal(syscall.SIGCONT); err != nil {
				t.Fatal(err)
			}
		}
		srv.cmd.Process.Signal(syscall.SIGKILL)
		srv.cmd.Wait()
		if !killedMid {
			continue
		}
		// Restart: the server checks the file at start and must come up.
		srv2 := securityStart(t, bin, db)
		resp, err := http.Get(srv2.url + "healthz")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("restarted server: %v %v\n%s", resp, err, srv2.logs())
		}
		resp.Body.Close()
		srv2.cmd.Process.Signal(syscall.SIGTERM)
		srv2.cmd.Wait()
		got := securityCountImport(t, db)
		// Killed with the transaction seen open and not committed: none of
		// it may be there (all of it would mean a commit we did not see).
		if got != 0 {
			t.Fatalf("after SIGKILL mid-import the database holds %d of %d rows, want none", got, n)
		}
		t.Logf("attempt %d: killed mid-import; after restart the database passes integrity_check and holds %d of %d rows", attempt, got, n)
		return
	}
	t.Fatal("three imports finished before one was seen in progress (its WAL pages uncommitted): could not kill one mid-import")
}

func TestSecurityBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cchc.db")
	store, err := openDB(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	hd, _ := store.UnitByCode(context.Background(), "268")
	if err := store.RenameUnit(context.Background(), hd.ID, "Quận Hà Đông (before backup)", sqlite.Actor{Name: "t"}); err != nil {
		t.Fatal(err)
	}
	// The store stays open and keeps writing during the backup, as a
	// running server would.
	stop := make(chan struct{})
	var writes sync.WaitGroup
	writes.Add(1)
	go func() {
		defer writes.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			store.Audit(context.Background(), sqlite.Actor{Name: "writer"}, "test.write", fmt.Sprint(i), "")
		}
	}()
	backupFile := filepath.Join(dir, "backup.db")
	r := runCLI(t, "", nil, "backup", "--db", db, "--out", backupFile)
	close(stop)
	writes.Wait()
	if r.code != 0 || !strings.Contains(r.stdout, "integrity checked") {
		t.Fatalf("backup: %+v", r)
	}
	if err := sqlite.CheckFile(context.Background(), backupFile); err != nil {
		t.Fatalf("backup fails its check: %v", err)
	}
	t.Run("backup refuses to overwrite a file", func(t *testing.T) {
		r := runCLI(t, "", nil, "backup", "--db", db, "--out", backupFile)
		if r.code != 2 || !strings.Contains(r.stderr, "already exists") {
			t.Errorf("%+v", r)
		}
	})
	store.RenameUnit(context.Background(), hd.ID, "Quận Hà Đông (after backup)", sqlite.Actor{Name: "t"})
	store.Close()

	t.Run("restore refuses while a server holds the database", func(t *testing.T) {
		unlock, err := lockDB(db)
		if err != nil {
			t.Fatal(err)
		}
		defer unlock()
		r := runCLI(t, "", nil, "restore", "--db", db, backupFile)
		if r.code != 2 || !strings.Contains(r.stderr, "a cchc server is using") {
			t.Errorf("%+v", r)
		}
	})
	t.Run("restore refuses a damaged backup", func(t *testing.T) {
		damaged := filepath.Join(dir, "damaged.db")
		b, _ := os.ReadFile(backupFile)
		// Scribble over the last pages: the header and the schema stay
		// readable, the b-trees at the end of the file do not.
		for i := len(b) - 4096*6; i < len(b); i++ {
			b[i] = 0x5a
		}
		os.WriteFile(damaged, b, 0o600)
		r := runCLI(t, "", nil, "restore", "--db", db, damaged)
		if r.code != 2 || !strings.Contains(r.stderr, "damaged") {
			t.Errorf("%+v", r)
		}
		r = runCLI(t, "", nil, "restore", "--db", db, filepath.Join(dir, "nope.db"))
		if r.code != 2 || !strings.Contains(r.stderr, "no backup file") {
			t.Errorf("missing file: %+v", r)
		}
		t.Run("and serve refuses it at start with a clear message", func(t *testing.T) {
			r := runCLI(t, "", nil, "serve", "--db", damaged, "--addr", "127.0.0.1:0")
			if r.code == 0 || !strings.Contains(r.stderr, "damaged") || !strings.Contains(r.stderr, "cchc restore") {
				t.Errorf("%+v", r)
			}
		})
	})
	r = runCLI(t, "", nil, "restore", "--db", db, backupFile)
	if r.code != 0 || !strings.Contains(r.stdout, "kept as") {
		t.Fatalf("restore: %+v", r)
	}
	store, err = openDB(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	u, _ := store.UnitByCode(context.Background(), "268")
	if u.Name != "Quận Hà Đông (before backup)" {
		t.Errorf("after restore the unit is named %q, want the name at backup time", u.Name)
	}
	kept, _ := filepath.Glob(db + ".before-restore-*")
	if len(kept) != 1 {
		t.Fatalf("kept files %v", kept)
	}
	old, err := sqlite.Open(context.Background(), kept[0])
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if u, _ := old.UnitByCode(context.Background(), "268"); u.Name != "Quận Hà Đông (after backup)" {
		t.Errorf("the kept database has %q, want the state before the restore", u.Name)
	}
}
