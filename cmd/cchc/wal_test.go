package main

import (
	"encoding/binary"
	"os"
)

// walUncommittedFrames reads a SQLite WAL file and counts the frames of
// its current generation written after its last commit frame: pages a
// transaction still open has spilled into the log. (Format: a 32-byte
// header with the page size at 8 and the salts at 16; frames of a 24-byte
// header — page number, database size for a commit frame or 0, the
// salts — then the page. Frames whose salts differ are left from an
// earlier generation.)
func walUncommittedFrames(path string) (int, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer f.Close()
	head := make([]byte, 32)
	if _, err := f.ReadAt(head, 0); err != nil {
		return 0, nil // empty or still being written: nothing uncommitted
	}
	page := int64(binary.BigEndian.Uint32(head[8:]))
	salt1, salt2 := binary.BigEndian.Uint32(head[16:]), binary.BigEndian.Uint32(head[20:])
	frame := make([]byte, 24)
	n := 0
	for off := int64(32); ; off += 24 + page {
		if _, err := f.ReadAt(frame, off); err != nil {
			return n, nil
		}
		if binary.BigEndian.Uint32(frame[8:]) != salt1 || binary.BigEndian.Uint32(frame[12:]) != salt2 {
			return n, nil
		}
		if binary.BigEndian.Uint32(frame[4:]) != 0 {
			n = 0 // a commit: everything before it is committed
		} else {
			n++
		}
	}
}
