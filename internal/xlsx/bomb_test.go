package xlsx_test

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
	"github.com/cchc/cchc/internal/xlsx"
	"github.com/cchc/cchc/internal/xlsx/xlsxtest"
)

// allocated runs fn and returns how long it took and how many bytes it
// allocated in all (runtime.MemStats.TotalAlloc): a reader that inflated
// the bomb's 199 MiB would show it here even if it let go of it.
func allocated(fn func()) (time.Duration, uint64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	fn()
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return d, after.TotalAlloc - before.TotalAlloc
}

// The attack of issue 15: a real template with 199 extra parts of exactly
// 1 MiB of zeros (about 230 KB on the wire). Every reader of workbooks
// refuses it from the zip directory, quickly, with a message a person can
// act on, and allocates a few MiB at most, not hundreds.
func TestWorkbookDoorsRefuseTheZeroBomb(t *testing.T) {
	var tpl bytes.Buffer
	if err := xlsx.WriteTemplate(&tpl, entrySpec()); err != nil {
		t.Fatal(err)
	}
	bomb, err := xlsxtest.ZeroBomb(tpl.Bytes(), 199, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if len(bomb) > 400<<10 {
		t.Fatalf("bomb is %d bytes; the attack sent about 230 KB", len(bomb))
	}
	doors := map[string]func() error{
		"ReadTemplate": func() error { _, err := xlsx.ReadTemplate(bytes.NewReader(bomb)); return err },
		"Import": func() error {
			_, err := xlsx.Import(bytes.NewReader(bomb), func(string, oversight.Month) (map[string]string, string, error) {
				t.Error("the bomb reached the unit lookup")
				return nil, "", nil
			}, func([]oversight.EntryRow, bool) ([]oversight.RowIssue, bool, int, error) {
				t.Error("the bomb reached the save function")
				return nil, false, 0, nil
			}, "", false)
			return err
		},
		"ReadRows": func() error { _, err := xlsx.ReadRows(bytes.NewReader(bomb)); return err },
		"OpenWorkbook": func() error {
			f, err := xlsx.OpenWorkbook(bytes.NewReader(bomb), xlsx.DefaultLimits, false)
			if f != nil {
				f.Close()
			}
			return err
		},
	}
	for name, door := range doors {
		t.Run(name, func(t *testing.T) {
			var err error
			d, alloc := allocated(func() { err = door() })
			if oversight.ErrorCode(err) != oversight.ETooLarge {
				t.Fatalf("err = %v, want too_large", err)
			}
			if en := text.Error(err, "en"); !strings.Contains(en, "files; the limit is 100") {
				t.Errorf("message %q", en)
			}
			if vi := text.Error(err, "vi"); !strings.Contains(vi, "giới hạn là 100") {
				t.Errorf("message %q", vi)
			}
			if alloc > 8<<20 {
				t.Errorf("refusing the bomb allocated %d bytes", alloc)
			}
			if d > 5*time.Second {
				t.Errorf("refusing the bomb took %v", d)
			}
			t.Logf("refused in %v, %d bytes allocated", d, alloc)
		})
	}
}

// With few parts, the same zeros are refused by their ratio (1 MiB packs
// into about 1 KB) and by the total size; an honest large template passes.
func TestWorkbookLimitsPerPart(t *testing.T) {
	var tpl bytes.Buffer
	if err := xlsx.WriteTemplate(&tpl, entrySpec()); err != nil {
		t.Fatal(err)
	}
	t.Run("a part of 1 MiB of zeros is refused by its ratio", func(t *testing.T) {
		bomb, err := xlsxtest.ZeroBomb(tpl.Bytes(), 1, 1<<20)
		if err != nil {
			t.Fatal(err)
		}
		_, err = xlsx.ReadTemplate(bytes.NewReader(bomb))
		if oversight.ErrorCode(err) != oversight.ETooLarge || !strings.Contains(text.Error(err, "en"), "compressed abnormally") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a part over the per-part limit is refused by its size", func(t *testing.T) {
		bomb, err := xlsxtest.ZeroBomb(tpl.Bytes(), 1, 49<<20)
		if err != nil {
			t.Fatal(err)
		}
		_, err = xlsx.ReadTemplate(bytes.NewReader(bomb))
		if oversight.ErrorCode(err) != oversight.ETooLarge || !strings.Contains(text.Error(err, "en"), "unpacks to 49 MiB; the limit is 48 MiB") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a full template of 10,000 units by every metric is read", func(t *testing.T) {
		spec := entrySpec()
		spec.Rows = nil
		for i := range xlsx.MaxTemplateRows {
			vals := map[string]float64{}
			for j, m := range oversight.Catalogue {
				vals[m.Code] = float64(i*31 + j)
			}
			spec.Rows = append(spec.Rows, xlsx.TemplateUnit{Code: fmt.Sprint(100000 + i), Name: fmt.Sprintf("Phường số %d", i), Values: vals})
		}
		var b bytes.Buffer
		if err := xlsx.WriteTemplate(&b, spec); err != nil {
			t.Fatal(err)
		}
		fl, err := xlsx.ReadTemplate(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatalf("a genuine full-size template (%d bytes) was refused: %v", b.Len(), err)
		}
		if want := xlsx.MaxTemplateRows * len(oversight.Catalogue); len(fl.Cells) != want {
			t.Fatalf("read %d cells, want %d", len(fl.Cells), want)
		}
	})
}
