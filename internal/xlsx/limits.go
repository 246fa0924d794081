package xlsx

import (
	"archive/zip"
	"fmt"
	"io"

	"github.com/cchc/cchc/internal/oversight"
)

// Limits bounds what an uploaded workbook may hold. An .xlsx file is a zip
// archive: a few hundred kilobytes can unpack into gigabytes (a "zip
// bomb"), so the archive's directory is checked before anything is
// unpacked.
type Limits struct {
	// MaxFileSize bounds the workbook file itself.
	MaxFileSize int64
	// MaxEntries bounds the number of files in the archive.
	MaxEntries int
	// MaxUncompressed bounds the unpacked size of all files together.
	MaxUncompressed int64
	// MaxRatio bounds how many times larger than its packed size a file
	// may unpack, for files over ratioFloor; ordinary sheets unpack 5 to
	// 30 times.
	MaxRatio float64
	// MaxRows and MaxCells bound the first sheet's rows and cells.
	MaxRows  int
	MaxCells int
}

// DefaultLimits suits a unit list or a year of figures for a province's
// communes: a 20 MiB file, 200 MiB unpacked, 100,000 rows.
var DefaultLimits = Limits{
	MaxFileSize:     20 << 20,
	MaxEntries:      1000,
	MaxUncompressed: 200 << 20,
	MaxRatio:        200,
	MaxRows:         MaxRows,
	MaxCells:        2_000_000,
}

// ratioFloor: files smaller than this unpacked are not held to MaxRatio
// (a tiny file of repeated bytes compresses extremely well and is harmless).
const ratioFloor = 1 << 20

func tooLarge(vi, en string) error { return oversight.Bilingual(oversight.ETooLarge, vi, en) }

func mib(n uint64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// CheckWorkbook inspects the zip directory of a workbook of size bytes,
// before unpacking anything, and refuses one that is too large, has too
// many files, or unpacks far more than a spreadsheet does; then it unpacks
// each part into io.Discard to prove the directory told the truth (memory:
// one 32 KiB buffer; time: bounded by MaxUncompressed). Errors are
// *oversight.Error: ETooLarge for a limit, EInvalid for a file that is not
// a workbook.
func CheckWorkbook(r io.ReaderAt, size int64, l Limits) error {
	if size > l.MaxFileSize {
		return tooLarge(fmt.Sprintf("Tệp Excel quá lớn (%s); giới hạn là %s.", mib(uint64(size)), mib(uint64(l.MaxFileSize))),
			fmt.Sprintf("The workbook is too large (%s); the limit is %s.", mib(uint64(size)), mib(uint64(l.MaxFileSize))))
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return oversight.Bilingual(oversight.EInvalid, "Tệp không phải bảng tính .xlsx đọc được.", "The file is not a readable .xlsx workbook.")
	}
	if len(zr.File) > l.MaxEntries {
		return tooLarge(fmt.Sprintf("Tệp Excel chứa %d tệp con; giới hạn là %d.", len(zr.File), l.MaxEntries),
			fmt.Sprintf("The workbook holds %d files; the limit is %d.", len(zr.File), l.MaxEntries))
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(l.MaxUncompressed) {
			return tooLarge(fmt.Sprintf("Tệp Excel khi giải nén vượt quá %s.", mib(uint64(l.MaxUncompressed))),
				fmt.Sprintf("The workbook unpacks to more than %s.", mib(uint64(l.MaxUncompressed))))
		}
		if f.UncompressedSize64 > ratioFloor && float64(f.UncompressedSize64) > l.MaxRatio*float64(max(f.CompressedSize64, 1)) {
			return tooLarge(fmt.Sprintf("Tệp %s trong bảng tính nén bất thường (%s nén thành %s): có thể là tệp độc hại.", f.Name, mib(f.UncompressedSize64), mib(f.CompressedSize64)),
				fmt.Sprintf("Part %s of the workbook is compressed abnormally (%s packed into %s): it may be hostile.", f.Name, mib(f.UncompressedSize64), mib(f.CompressedSize64)))
		}
	}
	// Then each part is unpacked into nothing, a small buffer at a time:
	// Go's zip reader stops with an error at the first byte beyond the
	// declared size, or at a wrong checksum, so a directory that lies is
	// caught here instead of yielding a silently truncated sheet later.
	buf := make([]byte, 32<<10)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err == nil {
			_, err = io.CopyBuffer(io.Discard, rc, buf)
			rc.Close()
		}
		if err != nil {
			return oversight.Bilingual(oversight.EInvalid,
				fmt.Sprintf("Tệp %s trong bảng tính bị hỏng hoặc khai sai kích thước.", f.Name),
				fmt.Sprintf("Part %s of the workbook is damaged or misstates its size.", f.Name))
		}
	}
	return nil
}
