package main

import (
	"bufio"
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cchc/cchc/internal/xlsx/xlsxtest"
)

// security2Bomb writes the entry template of district 268 with 199 extra
// parts of exactly 1 MiB of zeros (issue 15) and returns its path.
func security2Bomb(t *testing.T, dir, db string) string {
	t.Helper()
	tpl := filepath.Join(dir, "template.xlsx")
	if r := runCLI(t, "", nil, "template", "--db", db, "--unit", "268", "--period", "2019-11", "--out", tpl); r.code != 0 {
		t.Fatalf("template: %+v", r)
	}
	raw, err := os.ReadFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	bomb, err := xlsxtest.ZeroBomb(raw, 199, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "bomb.xlsx")
	if err := os.WriteFile(path, bomb, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Issue 15, item 1: `cchc import` and `cchc units import` reached 515 MB on
// the zero bomb. Both refuse it now from its zip directory, as a usage
// error (exit 2) with a message, allocating a few MiB.
func TestSecurityImportCommandsRefuseTheZeroBomb(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cchc.db")
	bomb := security2Bomb(t, dir, db)
	for name, args := range map[string][]string{
		"import":           {"import", "--db", db, bomb},
		"import --dry-run": {"import", "--db", db, "--dry-run", bomb},
		"units import":     {"units", "import", "--db", db, bomb},
	} {
		t.Run(name, func(t *testing.T) {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			r := runCLI(t, "", nil, args...)
			runtime.ReadMemStats(&after)
			if r.code != 2 || !strings.Contains(r.stderr, "tệp con; giới hạn là 100") {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
				t.Errorf("refusing the bomb allocated %d MiB", alloc>>20)
			}
		})
	}
}

// vmHWM reads a process's peak resident memory (VmHWM) in MiB.
func vmHWM(t *testing.T, pid int) float64 {
	t.Helper()
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return kb / 1024
		}
	}
	t.Fatal("no VmHWM")
	return 0
}

// The same bomb, six at once, against the real binary: the server's peak
// resident memory stays under 200 MB (it reached 2.8 GiB), and each upload
// is refused with the message.
func TestSecurityServerMemoryUnderSixZeroBombs(t *testing.T) {
	bin := securityBuild(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "cchc.db")
	srv := securityStart(t, bin, db, "--demo")
	raw, err := os.ReadFile(security2Bomb(t, dir, db))
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("file", "bomb.xlsx")
	fw.Write(raw)
	w.Close()
	clients := make([]*http.Client, 6)
	for i := range clients {
		jar, _ := cookiejar.New(nil)
		clients[i] = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := clients[i].PostForm(srv.url+"login", url.Values{"username": {"canbo"}, "password": {"demo-canbo-2019"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("login: %d", resp.StatusCode)
		}
	}
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodPost, srv.url+"entry/import", bytes.NewReader(body.Bytes()))
			req.Header.Set("Content-Type", w.FormDataContentType())
			resp, err := c.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			var b bytes.Buffer
			b.ReadFrom(resp.Body)
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(b.String(), "tệp con; giới hạn là 100") {
				t.Errorf("upload %d: status %d: %.300s", i, resp.StatusCode, b.String())
			}
		})
	}
	wg.Wait()
	peak := vmHWM(t, srv.cmd.Process.Pid)
	t.Logf("server peak resident memory after six bombs: %.1f MiB", peak)
	if peak > 200 {
		t.Errorf("server peak resident memory %.1f MiB, want under 200", peak)
	}
}

// Issue 15, item 6, on the command line: a password over bcrypt's 72 bytes
// is a usage error with the limit, not a crash or a silently cut password.
func TestSecurityUserAddRefusesAPasswordOver72Bytes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cchc.db")
	r := runCLI(t, strings.Repeat("ệ", 80)+"\n", nil, "user", "add", "--db", db, "--name", "a", "--role", "admin")
	if r.code != 2 || !strings.Contains(r.stderr, "tối đa là 72 byte") {
		t.Fatalf("exit %d stderr %q", r.code, r.stderr)
	}
}

// Issue 15, item 8, on the command line: a unit file with a code outside
// letters, digits, dot, dash and underscore is refused whole, by line.
func TestSecurityUnitsImportRefusesStrangeCodes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cchc.db")
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("code,name,kind,parent_code,valid_from,valid_to\n"+
		"79,Thành phố Hồ Chí Minh,city,,,\n"+
		"../79,Phường A,ward,79,,\n"+
		"=1+1,Phường B,ward,79,,\n"), 0o644)
	r := runCLI(t, "", nil, "units", "import", "--db", db, bad)
	if r.code != 2 || !strings.Contains(r.stderr, "dòng 3") || !strings.Contains(r.stderr, "dòng 4") || !strings.Contains(r.stderr, "không hợp lệ") {
		t.Fatalf("exit %d stderr %q", r.code, r.stderr)
	}
}
