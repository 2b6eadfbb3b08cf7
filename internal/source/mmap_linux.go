package source

import (
	"io"
	"os"
	"sync/atomic"
	"syscall"
)

// mmapWindow is how much of a file is mapped at a time: far more than a
// record (maxRecord), little enough to keep the resident set small, as
// the pages of a window are dropped with it.
var mmapWindow int64 = 8 << 20

// mmapFile maps a regular file window by window for the record reader:
// the records are read where the page cache holds them, without a copy.
// The file may grow while it is read; the size is looked up again when
// the reader reaches the end of what it knew.
type mmapFile struct {
	f    *os.File
	size int64
	pos  atomic.Int64 // file offset of the current window, for Offset
	win  []byte
}

// canMmap reports whether r is a regular file the reader can map.
func canMmap(r io.Reader) (*os.File, bool) {
	f, ok := r.(*os.File)
	if !ok {
		return nil, false
	}
	st, err := f.Stat()
	return f, err == nil && st.Mode().IsRegular()
}

// mapAt maps the window of the file that holds the byte at pos and at
// least need bytes from it (as far as the file goes), and returns it with
// the file offset of its first byte. A window that would be empty is nil.
func (m *mmapFile) mapAt(pos int64, need int) ([]byte, int64, error) {
	if m.win != nil {
		syscall.Munmap(m.win)
		m.win = nil
	}
	start := pos &^ int64(os.Getpagesize()-1)
	end := max(start+mmapWindow, pos+int64(need))
	if end > m.size {
		if st, err := m.f.Stat(); err == nil && st.Size() > m.size {
			m.size = st.Size()
		}
	}
	end = min(end, m.size)
	m.pos.Store(pos)
	if end <= start {
		return nil, start, nil
	}
	b, err := syscall.Mmap(int(m.f.Fd()), start, int(end-start), syscall.PROT_READ, syscall.MAP_SHARED|syscall.MAP_POPULATE)
	if err != nil {
		return nil, start, err
	}
	m.win = b
	return b, start, nil
}

func (m *mmapFile) Close() error {
	if m.win != nil {
		syscall.Munmap(m.win)
		m.win = nil
	}
	return nil
}
