//go:build !linux

package source

import (
	"io"
	"os"
	"sync/atomic"
)

// mmapFile is not used outside Linux: files are read.
type mmapFile struct {
	f    *os.File
	size int64
	pos  atomic.Int64
	win  []byte
}

func canMmap(io.Reader) (*os.File, bool) { return nil, false }

func (m *mmapFile) mapAt(pos int64, need int) ([]byte, int64, error) { return nil, pos, io.EOF }

func (m *mmapFile) Close() error { return nil }
