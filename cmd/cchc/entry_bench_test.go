package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/xlsx"
)

// entryBenchCommunes is the number of communes and wards in Vietnam since
// 1 July 2025.
const entryBenchCommunes = 3321

// entryBenchSetup makes a database with one province and 3,321 communes
// and a filled template of all of them for 2025-08 with every metric of
// the catalogue (25 of them: about 83,000 figures), consistent with every
// rule.
func entryBenchSetup(b *testing.B) (dbPath, file string) {
	b.Helper()
	dir := b.TempDir()
	dbPath, file = filepath.Join(dir, "base.db"), filepath.Join(dir, "full.xlsx")
	ctx := context.Background()
	db, err := sqlite.Open(ctx, dbPath)
	if err != nil {
		b.Fatal(err)
	}
	in := []oversight.UnitInput{{Line: 1, Code: "P01", Name: "Tỉnh thử", Kind: "province"}}
	spec := xlsx.TemplateSpec{UnitCode: "P01", UnitName: "Tỉnh thử", Month: oversight.NewMonth(2025, 8), Metrics: oversight.Catalogue}
	for i := range entryBenchCommunes {
		code := fmt.Sprintf("C%05d", i)
		in = append(in, oversight.UnitInput{Line: i + 2, Code: code, Name: "Xã " + strconv.Itoa(i), Kind: "commune", ParentCode: "P01"})
		v := map[string]float64{
			"procedures_listed": 135, "procedures_time_cut_pct": 74.5, "procedure_reviews": 1,
			"dossiers_carried_over": 10, "dossiers_received": float64(100 + i%50), "dossiers_received_online": 40,
			"dossiers_resolved": 90, "dossiers_on_time": 85, "dossiers_late": 5, "dossiers_pending": 20, "dossiers_pending_overdue": 2,
			"staff_evaluated": 50, "staff_excellent": 5, "staff_good": 30, "staff_completed": 14, "staff_not_completed": 1,
			"inspections": 2, "units_inspected": 2, "training_classes": 1, "trainees": 30,
			"departments_adjusted": 0, "public_service_units": 3, "public_service_units_cut": 0, "heads_cut": 0, "deputies_cut": 0,
		}
		spec.Rows = append(spec.Rows, xlsx.TemplateUnit{Code: code, Name: "Xã " + strconv.Itoa(i), Values: v})
	}
	if err := db.ImportUnits(ctx, in, false, sqlite.Actor{}); err != nil {
		b.Fatal(err)
	}
	db.Close()
	f, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	if err := xlsx.WriteTemplate(f, spec); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return dbPath, file
}

// cpuTime is the CPU time (user + system) the process has used: on a
// shared machine it says more about the import than wall time does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// entryChildPeakRSS runs one import in a process of its own (this test
// binary, as TestEntryImportChild) and returns that process's peak
// resident memory: the memory `cchc import` itself needs, without the
// benchmark's set-up.
func entryChildPeakRSS(b *testing.B, raw []byte, file string) float64 {
	db := filepath.Join(b.TempDir(), "child.db")
	if err := os.WriteFile(db, raw, 0o644); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestEntryImportChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CCHC_ENTRY_CHILD_DB="+db, "CCHC_ENTRY_CHILD_FILE="+file)
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("child import: %v\n%s", err, out)
	}
	// Not the child's rusage: Linux carries the forking parent's peak into
	// it. The child reports its own VmHWM, which exec resets.
	_, after, ok := strings.Cut(string(out), "peak-rss-mb=")
	if !ok {
		b.Fatalf("child did not report its memory:\n%s", out)
	}
	mb, _ := strconv.ParseFloat(strings.Fields(after)[0], 64)
	return mb
}

// TestEntryImportChild is the child process of entryChildPeakRSS; it does
// nothing in a normal test run.
func TestEntryImportChild(t *testing.T) {
	db, file := os.Getenv("CCHC_ENTRY_CHILD_DB"), os.Getenv("CCHC_ENTRY_CHILD_FILE")
	if db == "" || file == "" {
		t.Skip("only run as the child of BenchmarkImportFullTemplate")
	}
	if code := run(context.Background(), []string{"import", "--db", db, file}, strings.NewReader(""), io.Discard, io.Discard, func(string) string { return "" }); code != 0 {
		t.Fatalf("import exit %d", code)
	}
	fmt.Printf("peak-rss-mb=%.1f\n", peakRSS())
}

// peakRSS reads the process's peak resident set (VmHWM) in MB.
func peakRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkImportFullTemplate runs `cchc import` on a template of all
// 3,321 communes, into a fresh copy of the database each time (all
// figures new: every one checked, written and recorded in the history).
// It reports the Go heap's peak during the import (sampled every 5 ms) and
// the process's peak resident memory, which includes SQLite's own cache.
func BenchmarkImportFullTemplate(b *testing.B) {
	base, file := entryBenchSetup(b)
	raw, err := os.ReadFile(base)
	if err != nil {
		b.Fatal(err)
	}
	var peakHeap atomic.Uint64
	var worst float64
	var cpu time.Duration
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), fmt.Sprintf("run%d.db", i))
		if err := os.WriteFile(db, raw, 0o644); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		start := ms.HeapAlloc
		peakHeap.Store(0)
		done := make(chan struct{})
		go func() {
			t := time.NewTicker(5 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case <-t.C:
					var m runtime.MemStats
					runtime.ReadMemStats(&m)
					if m.HeapAlloc > start && m.HeapAlloc-start > peakHeap.Load() {
						peakHeap.Store(m.HeapAlloc - start)
					}
				}
			}
		}()
		ru0 := cpuTime()
		b.StartTimer()
		code := run(context.Background(), []string{"import", "--db", db, file}, strings.NewReader(""), io.Discard, io.Discard, func(string) string { return "" })
		b.StopTimer()
		cpu += cpuTime() - ru0
		close(done)
		if code != 0 {
			b.Fatalf("import exit %d", code)
		}
		if mb := float64(peakHeap.Load()) / (1 << 20); mb > worst {
			worst = mb
		}
		b.StartTimer()
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(entryChildPeakRSS(b, raw, file), "import-process-peak-RSS-MB")
	b.ReportMetric(worst, "peak-heap-MB")
	b.ReportMetric(peakRSS(), "peak-RSS-MB")
	b.ReportMetric(float64(entryBenchCommunes*len(oversight.Catalogue)), "values/op")
}
