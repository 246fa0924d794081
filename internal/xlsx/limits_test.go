package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
)

// limitsWorkbook builds a real workbook with rows x cols cells.
func limitsWorkbook(t *testing.T, rows, cols int) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= rows; r++ {
		row := make([]any, cols)
		for c := range row {
			row[c] = fmt.Sprintf("r%dc%d", r, c)
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// limitsBomb copies a real workbook but replaces its sheet with n bytes
// that deflate to almost nothing. declared is the unpacked size the zip
// directory claims (0: the truth).
func limitsBomb(t *testing.T, n int, declared uint64) []byte {
	t.Helper()
	src := limitsWorkbook(t, 1, 1)
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	// One mebibyte of spaces deflated on its own and sync-flushed is a
	// run of non-final blocks that refer only to themselves, so it can be
	// repeated; an empty final block ends the stream. Deflating the whole
	// bomb instead would take minutes under the race detector.
	chunk := bytes.Repeat([]byte{' '}, 1<<20)
	var one bytes.Buffer
	fw, _ := flate.NewWriter(&one, flate.BestCompression)
	fw.Write(chunk)
	fw.Flush()
	var packed bytes.Buffer
	crc := uint32(0)
	for written := 0; written < n; written += len(chunk) {
		packed.Write(one.Bytes())
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	packed.Write([]byte{0x03, 0x00}) // final, fixed-Huffman, empty block
	if declared == 0 {
		declared = uint64(n)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc,
				CompressedSize64: uint64(packed.Len()), UncompressedSize64: declared})
			if err != nil {
				t.Fatal(err)
			}
			w.Write(packed.Bytes())
			continue
		}
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	zw.Close()
	return out.Bytes()
}

func limitsCode(err error) string {
	if err == nil {
		return "nil"
	}
	return oversight.ErrorCode(err)
}

// measure runs fn and returns how long it took and how many bytes it
// allocated.
func measure(fn func()) (time.Duration, uint64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	fn()
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return d, after.TotalAlloc - before.TotalAlloc
}

func TestCheckWorkbook(t *testing.T) {
	t.Run("a real workbook passes and reads back", func(t *testing.T) {
		b := limitsWorkbook(t, 300, 5)
		if err := CheckWorkbook(bytes.NewReader(b), int64(len(b)), DefaultLimits); err != nil {
			t.Fatal(err)
		}
		rows, err := ReadRows(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 300 || rows[299][4] != "r300c4" {
			t.Fatalf("read %d rows, last %v", len(rows), rows[len(rows)-1])
		}
	})
	t.Run("the test's bomb is a valid archive that unpacks to its size", func(t *testing.T) {
		bomb := limitsBomb(t, 3<<20, 0)
		zr, err := zip.NewReader(bytes.NewReader(bomb), int64(len(bomb)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range zr.File {
			if f.Name != "xl/worksheets/sheet1.xml" {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			n, err := io.Copy(io.Discard, rc)
			rc.Close()
			if err != nil || n != 3<<20 {
				t.Fatalf("unpacked %d bytes, err %v", n, err)
			}
		}
	})
	t.Run("a zip bomb is refused from its directory, quickly and without unpacking", func(t *testing.T) {
		bomb := limitsBomb(t, 1<<30, 0) // 1 GiB of spaces
		if len(bomb) > 2<<20 {
			t.Fatalf("bomb is %d bytes, expected under 2 MiB", len(bomb))
		}
		var err error
		d, alloc := measure(func() { _, err = ReadRows(bytes.NewReader(bomb)) })
		if limitsCode(err) != oversight.ETooLarge {
			t.Fatalf("err = %v, want too_large", err)
		}
		if !strings.Contains(text.Error(err, "vi"), "khi giải nén lớn 1.024 MiB") {
			t.Errorf("message %q", text.Error(err, "vi"))
		}
		// The whole file is read into memory (it is under 2 MiB); nothing
		// near the unpacked 512 MiB may be allocated.
		if alloc > 16<<20 {
			t.Errorf("refusing the bomb allocated %d bytes", alloc)
		}
		t.Logf("refused a %d-byte bomb (1 GiB unpacked) in %v, %d bytes allocated", len(bomb), d, alloc)
	})
	t.Run("an abnormal compression ratio is refused even under the size cap", func(t *testing.T) {
		bomb := limitsBomb(t, 8<<20, 0)
		err := CheckWorkbook(bytes.NewReader(bomb), int64(len(bomb)), DefaultLimits)
		if limitsCode(err) != oversight.ETooLarge || !strings.Contains(text.Error(err, "en"), "compressed abnormally") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a bomb that lies about its size is caught, without unpacking it", func(t *testing.T) {
		bomb := limitsBomb(t, 64<<20, 4096)
		var err error
		d, alloc := measure(func() { _, err = ReadRows(bytes.NewReader(bomb)) })
		if limitsCode(err) != oversight.EInvalid || !strings.Contains(text.Error(err, "en"), "misstates its size") {
			t.Fatalf("err = %v, want the sheet refused as misstating its size", err)
		}
		t.Logf("caught a lying bomb in %v, %d bytes allocated", d, alloc)
		if alloc > 64<<20 {
			t.Errorf("reading the lying bomb allocated %d bytes", alloc)
		}
	})
	t.Run("too many files in the archive", func(t *testing.T) {
		var out bytes.Buffer
		zw := zip.NewWriter(&out)
		for i := 0; i < 1001; i++ {
			zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("x/%d.xml", i), Method: zip.Store})
		}
		zw.Close()
		err := CheckWorkbook(bytes.NewReader(out.Bytes()), int64(out.Len()), DefaultLimits)
		if limitsCode(err) != oversight.ETooLarge || !strings.Contains(text.Error(err, "en"), "1001 files") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a file over the size limit is refused before it is parsed", func(t *testing.T) {
		l := DefaultLimits
		l.MaxFileSize = 1000
		b := limitsWorkbook(t, 100, 5)
		_, err := ReadRowsLimited(bytes.NewReader(b), l)
		if limitsCode(err) != oversight.ETooLarge {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("rows and cells beyond the limits are refused", func(t *testing.T) {
		b := limitsWorkbook(t, 50, 4)
		l := DefaultLimits
		l.MaxRows = 49
		if _, err := ReadRowsLimited(bytes.NewReader(b), l); limitsCode(err) != oversight.ETooLarge || !strings.Contains(text.Error(err, "en"), "more than 49 rows") {
			t.Errorf("rows: %v", err)
		}
		l = DefaultLimits
		l.MaxCells = 199
		if _, err := ReadRowsLimited(bytes.NewReader(b), l); limitsCode(err) != oversight.ETooLarge {
			t.Errorf("cells: %v", err)
		}
		if rows, err := ReadRowsLimited(bytes.NewReader(b), DefaultLimits); err != nil || len(rows) != 50 {
			t.Errorf("within limits: %d rows, %v", len(rows), err)
		}
	})
	t.Run("not a zip", func(t *testing.T) {
		_, err := ReadRows(strings.NewReader("name,code\nA,1\n"))
		if limitsCode(err) != oversight.EInvalid {
			t.Fatalf("err = %v", err)
		}
	})
}

// Sizes in the refusals are written the way the reader's language writes
// numbers, not as Go formats a float.
func TestSizesInTheReadersLanguage(t *testing.T) {
	for _, c := range []struct {
		n      uint64
		vi, en string
	}{
		{1 << 30, "1.024 MiB", "1,024 MiB"},
		{20<<20 + 1<<19, "20,5 MiB", "20.5 MiB"},
		{48 << 20, "48 MiB", "48 MiB"},
	} {
		if got := mib(c.n).In("vi"); got != c.vi {
			t.Errorf("%d bytes in Vietnamese: %q, want %q", c.n, got, c.vi)
		}
		if got := mib(c.n).In("en"); got != c.en {
			t.Errorf("%d bytes in English: %q, want %q", c.n, got, c.en)
		}
	}
}
