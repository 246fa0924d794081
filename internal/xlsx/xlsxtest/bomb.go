// Package xlsxtest builds hostile workbooks for tests of every door through
// which a workbook enters cchc.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
)

// ZeroBomb returns base (a real .xlsx) with parts more files added, each
// exactly size bytes of zeros, deflated: the attack of issue 15 is
// ZeroBomb(tpl, 199, 1<<20), about 230 KB that unpack to 199 MiB.
func ZeroBomb(base []byte, parts, size int) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		return nil, err
	}
	zeros := make([]byte, size)
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestCompression)
	fw.Write(zeros)
	fw.Close()
	crc := crc32.ChecksumIEEE(zeros)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			return nil, err
		}
	}
	for i := range parts {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: fmt.Sprintf("xl/media/zero%d.bin", i), Method: zip.Deflate, CRC32: crc,
			CompressedSize64: uint64(packed.Len()), UncompressedSize64: uint64(size)})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(packed.Bytes()); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
