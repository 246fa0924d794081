package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/cchc/cchc/internal/oversight"
	"github.com/cchc/cchc/internal/text"
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
	// MaxPart bounds the unpacked size of any one file.
	MaxPart int64
	// MaxRatio bounds how many times larger than its packed size a file
	// may unpack, for files over ratioFloor; ordinary sheets unpack 5 to
	// 30 times, a run of zeros 1,000 times.
	MaxRatio float64
	// MaxRows and MaxCells bound the first sheet's rows and cells.
	MaxRows  int
	MaxCells int
}

// DefaultLimits suits a unit list (a country's 10,000 communes is about
// 1 MiB of sheet): a 20 MiB file of at most 100 parts, 64 MiB unpacked,
// 100,000 rows.
var DefaultLimits = Limits{
	MaxFileSize:     20 << 20,
	MaxEntries:      100,
	MaxUncompressed: 64 << 20,
	MaxPart:         48 << 20,
	MaxRatio:        100,
	MaxRows:         MaxRows,
	MaxCells:        2_000_000,
}

// TemplateLimits suits an entry template: at most 10,000 units by every
// metric (about 12 MiB of sheet XML), re-saved by Excel or LibreOffice.
var TemplateLimits = Limits{
	MaxFileSize:     MaxTemplateBytes,
	MaxEntries:      100,
	MaxUncompressed: maxUnzipped,
	MaxPart:         48 << 20,
	MaxRatio:        100,
	MaxRows:         MaxTemplateRows + firstData,
	MaxCells:        2_000_000,
}

// ratioFloor: files smaller than this unpacked are not held to MaxRatio
// (a tiny file of repeated bytes compresses extremely well and is harmless).
const ratioFloor = 64 << 10

// xmlInMemory is the largest part excelize keeps in memory; larger sheets
// are unpacked to a temporary file and streamed row by row.
const xmlInMemory = 4 << 20

// OpenWorkbook is the one door through which a workbook from outside
// (an upload, a file named on the command line) reaches excelize: it reads
// it with ReadWorkbook and opens it with OpenChecked. The caller closes
// the file.
func OpenWorkbook(r io.Reader, l Limits, raw bool) (*excelize.File, error) {
	b, err := ReadWorkbook(r, l)
	if err != nil {
		return nil, err
	}
	return OpenChecked(b, l, raw)
}

// ReadWorkbook reads at most l.MaxFileSize bytes of a workbook and checks
// the archive with CheckWorkbook before anything parses it; a reader that
// needs the bytes themselves (besides excelize) starts here.
func ReadWorkbook(r io.Reader, l Limits) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, l.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read workbook: %w", err)
	}
	if err := CheckWorkbook(bytes.NewReader(b), int64(len(b)), l); err != nil {
		return nil, err
	}
	return b, nil
}

// OpenChecked opens with excelize a workbook b that ReadWorkbook returned,
// with excelize's own unpack limits set to l as a second line. raw asks
// for cells' stored values (excelize.Options.RawCellValue).
func OpenChecked(b []byte, l Limits, raw bool) (*excelize.File, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{RawCellValue: raw,
		UnzipSizeLimit: l.MaxUncompressed, UnzipXMLSizeLimit: min(l.MaxUncompressed, xmlInMemory)})
	if err != nil {
		return nil, oversight.Errf(oversight.EInvalid, "err.file_not_readable_xlsx")
	}
	return f, nil
}

func tooLarge(key string, args ...any) error {
	return oversight.Errf(oversight.ETooLarge, key, args...)
}

// mib is a size in bytes shown in MiB the way the reader's language writes
// numbers ("1.024 MiB", "1,024 MiB"; "20,5 MiB"): the messages are written
// when the language is known (text.Localizer).
type mib uint64

func (n mib) In(lang string) string { return text.Number(lang, float64(n)/(1<<20), 1) + " MiB" }

// String is the size in English, for an error written outside a page (a
// log line).
func (n mib) String() string { return n.In("en") }

// CheckWorkbook inspects the zip directory of a workbook of size bytes,
// before unpacking anything, and refuses one that is too large, has too
// many files, or unpacks far more than a spreadsheet does; then it unpacks
// each part into io.Discard to prove the directory told the truth (memory:
// one 32 KiB buffer; time: bounded by MaxUncompressed). Errors are
// *oversight.Error: ETooLarge for a limit, EInvalid for a file that is not
// a workbook.
func CheckWorkbook(r io.ReaderAt, size int64, l Limits) error {
	if size > l.MaxFileSize {
		return tooLarge("err.workbook_too_large_limit", mib(size), mib(l.MaxFileSize))
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return oversight.Errf(oversight.EInvalid, "err.file_not_readable_xlsx_2")
	}
	if len(zr.File) > l.MaxEntries {
		return tooLarge("err.workbook_holds_files_limit", len(zr.File), l.MaxEntries)
	}
	maxPart := uint64(l.MaxPart)
	if maxPart == 0 {
		maxPart = uint64(l.MaxUncompressed)
	}
	var total uint64
	for _, f := range zr.File {
		if f.UncompressedSize64 > maxPart {
			return tooLarge("err.part_workbook_unpacks_limit", f.Name, mib(f.UncompressedSize64), mib(maxPart))
		}
		total += f.UncompressedSize64
		if total > uint64(l.MaxUncompressed) {
			return tooLarge("err.workbook_unpacks_more_than", mib(l.MaxUncompressed))
		}
		if f.UncompressedSize64 > ratioFloor && float64(f.UncompressedSize64) > l.MaxRatio*float64(max(f.CompressedSize64, 1)) {
			return tooLarge("err.part_workbook_compressed_abnormally", f.Name, mib(f.UncompressedSize64), mib(f.CompressedSize64))
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
			return oversight.Errf(oversight.EInvalid, "err.part_workbook_damaged_or", f.Name)
		}
	}
	return nil
}
