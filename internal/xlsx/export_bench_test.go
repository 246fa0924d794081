package xlsx_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/sqlite"
	"github.com/cchc/cchc/internal/xlsx"
)

// Size of the national benchmark dataset: Vietnam's two tiers since
// 1 July 2025.
const (
	benchProvinces = 34
	benchCommunes  = 3321
)

// exportBenchDB builds the national dataset: a nation, 34 provinces and
// 3,321 communes, each commune with every metric of the catalogue for the
// 12 months of 2025, loaded in primary-key order (metric, month, unit) in
// one transaction. With CCHC_BENCH_DB set the file is kept there, so the
// same export can be measured from the command line (/usr/bin/time -v),
// and reused by the next run when it is there already.
func exportBenchDB(b *testing.B) *sqlite.DB {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "national.db")
	reuse := false
	if p := os.Getenv("CCHC_BENCH_DB"); p != "" {
		path = p
		_, err := os.Stat(p)
		reuse = err == nil
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if n, err := db.CountValues(ctx); reuse && err == nil && n == int64(len(oversight.Catalogue)*12*benchCommunes) {
		return db
	}
	units := []oversight.UnitInput{{Code: "VN", Name: "Việt Nam", Kind: oversight.UnitNation}}
	for p := 1; p <= benchProvinces; p++ {
		units = append(units, oversight.UnitInput{Code: fmt.Sprintf("P%02d", p), Name: fmt.Sprintf("Tỉnh %d", p), Kind: oversight.UnitProvince, ParentCode: "VN"})
	}
	for c := 1; c <= benchCommunes; c++ {
		units = append(units, oversight.UnitInput{Code: fmt.Sprintf("C%05d", c), Name: fmt.Sprintf("Xã số %d", c),
			Kind: oversight.UnitCommune, ParentCode: fmt.Sprintf("P%02d", c%benchProvinces+1)})
	}
	if err := db.ImportUnits(ctx, units, false, sqlite.Actor{}); err != nil {
		b.Fatal(err)
	}
	// Catalogue order is the metrics' id order; communes were created in
	// code order, so this is the primary-key order of metric_values.
	vals := make([]sqlite.ValueInput, 0, len(oversight.Catalogue)*12*benchCommunes)
	for _, m := range oversight.Catalogue {
		for month := 1; month <= 12; month++ {
			for c := 1; c <= benchCommunes; c++ {
				v := float64((c*7 + month*13 + len(m.Code)) % 500)
				if m.Kind == oversight.KindPercent {
					v = float64((c + month) % 101)
				}
				vals = append(vals, sqlite.ValueInput{UnitCode: fmt.Sprintf("C%05d", c), Metric: m.Code, Month: oversight.NewMonth(2025, month), Value: v})
			}
		}
	}
	start := time.Now()
	if err := db.PutValues(ctx, vals, "import", sqlite.Actor{}); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d values in %v", len(vals), time.Since(start).Round(time.Millisecond))
	return db
}

// BenchmarkExportNationalYear exports one year of the national dataset,
// every metric, month by month, wide layout (12 sheets of 3,356 rows × 31
// columns: about 1.25 million cells), from the database query to the last
// byte of the workbook. It reports the peak heap seen while it runs.
func BenchmarkExportNationalYear(b *testing.B) {
	// One dataset for every sub-benchmark and round: loading it takes far
	// longer than exporting it.
	db := exportBenchDB(b)
	for _, format := range []xlsx.Format{xlsx.FormatXLSX, xlsx.FormatCSV} {
		b.Run(string(format), func(b *testing.B) {
			ctx := context.Background()
			root, err := db.UnitByCode(ctx, "VN")
			if err != nil {
				b.Fatal(err)
			}
			span := oversight.Year(2025)
			o := xlsx.Options{Root: root, Subtree: true, Span: span, By: oversight.ByMonth, Layout: xlsx.LayoutWide, Format: format, Sep: ',', MadeBy: "bench"}
			runtime.GC()
			var peak atomic.Uint64
			stop := make(chan struct{})
			done := make(chan struct{})
			go func() {
				defer close(done)
				var ms runtime.MemStats
				for {
					runtime.ReadMemStats(&ms)
					if h := ms.HeapInuse + ms.StackInuse; h > peak.Load() {
						peak.Store(h)
					}
					select {
					case <-stop:
						return
					case <-time.After(5 * time.Millisecond):
					}
				}
			}()
			var size int64
			cpu0 := cpuTime()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				units, err := db.ReportUnits(ctx, root, true)
				if err != nil {
					b.Fatal(err)
				}
				rep, err := db.Report(ctx, units, oversight.Catalogue, oversight.Buckets(span, o.By))
				if err != nil {
					b.Fatal(err)
				}
				cw := &countWriter{}
				if err := xlsx.Write(cw, rep, o); err != nil {
					b.Fatal(err)
				}
				size = cw.n
			}
			b.StopTimer()
			// CPU time is reported besides wall time: the machine is shared,
			// and wall time then measures the neighbours as much as the export.
			b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			close(stop)
			<-done
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(size)/(1<<20), "file-MB")
		})
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)
