package source_test

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/dropscope/dropscope/internal/source"
)

// readAll reads every frame of b and returns the frame count and the error
// that ended the stream.
func readAll(b []byte) (int, error) {
	src, err := source.NewReader("t", io.NopCloser(bytes.NewReader(b)))
	if err != nil {
		return 0, err
	}
	defer src.Close()
	n := 0
	for {
		fr, err := src.Next()
		if err != nil {
			return n, err
		}
		if len(fr.Data) != fr.CapLen || fr.CapLen > source.MaxRecord {
			return n, errors.New("bad frame")
		}
		n++
	}
}

// allocated runs fn and returns the bytes it allocated.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestAbsurdLengths feeds headers whose lengths ask for gigabytes, each
// followed by 8 MiB of filler so that a reader trusting the length would
// allocate at least that much. The reader must stop with a *FormatError
// naming the record and allocate no more than its fixed buffers.
func TestAbsurdLengths(t *testing.T) {
	const (
		filler = 8 << 20
		bound  = 3 << 20 // the 1 MiB and 64 KiB read buffers, one record, pcapgo's own
	)
	pcapOK := cat(pcapHeader(0xffffffff, 1), pcapRecord(1, 60, 60, ethFrame(1)))
	ngOK := cat(ngSHB(), ngIDB(1, 0), ngEPB(60, 60, ethFrame(1), nil))
	tests := []struct {
		name   string
		b      []byte
		frames int
		off    int64  // offset the *FormatError names
		msg    string // in its text
	}{{
		name:   "pcap: snaplen 4 GB, record of 2 GB",
		b:      cat(pcapOK, pcapRecord(2, 0x80000000, 0x80000000, nil)),
		frames: 1, off: 24 + 16 + 60,
		msg: "captured length 2147483648 is over the 262144-byte limit",
	}, {
		name:   "pcap: record one byte over the bound",
		b:      cat(pcapOK, pcapRecord(2, source.MaxRecord+1, source.MaxRecord+1, nil)),
		frames: 1, off: 100,
		msg: "captured length 262145 is over",
	}, {
		name: "pcapng: EPB of 2 GB",
		b: cat(ngOK, ngBlock(6, 0x80000020, cat(
			le.AppendUint32(nil, 0), // interface
			make([]byte, 8),         // timestamp
			le.AppendUint32(nil, 0x80000000),
			le.AppendUint32(nil, 0x80000000)))),
		frames: 1, off: 28 + 20 + 92,
		msg: "block type 0x6: length 2147483680 is over the 16777216-byte limit",
	}, {
		name: "pcapng: EPB captured length past its block",
		b: cat(ngOK, ngBlock(6, 0, cat(
			le.AppendUint32(nil, 0),
			make([]byte, 8),
			le.AppendUint32(nil, 200000), // captured length
			le.AppendUint32(nil, 200000), // original length
			make([]byte, 64)))),          // but only 64 bytes
		frames: 1, off: 140,
		msg: "captured length 200000 does not fit in the block length 96",
	}, {
		name:   "pcapng: block length 8, under the block's own header",
		b:      cat(ngOK, le.AppendUint32(nil, 6), le.AppendUint32(nil, 8)),
		frames: 1, off: 140,
		msg: "length 8 is under the 32 bytes of its fixed part",
	}, {
		name:   "pcapng: block length not a multiple of 4",
		b:      cat(ngOK, le.AppendUint32(nil, 0xbad), le.AppendUint32(nil, 4097)),
		frames: 1, off: 140,
		msg: "length 4097 is not a multiple of 4",
	}, {
		name: "pcapng: EPB option running past the block",
		b: cat(ngOK, ngEPB(60, 60, ethFrame(2), cat(
			le.AppendUint16(nil, 1),      // opt_comment
			le.AppendUint16(nil, 0xfff0), // of 65520 bytes
			[]byte("short")))),
		frames: 1, off: 140,
		msg: "option 1 at byte 228: length 65520 runs past the end of the block",
	}, {
		name: "pcapng: decryption secrets of 2 GB in a 28-byte block",
		b: cat(ngOK, ngBlock(10, 0, cat(
			le.AppendUint32(nil, 0x544c534b), // TLS key log
			le.AppendUint32(nil, 0x80000000), // secrets length
			make([]byte, 8)))),
		frames: 1, off: 140,
		msg: "decryption secrets length 2147483648 does not fit in the block length 28",
	}, {
		name: "pcapng: simple packet of 2 GB on an interface without snap length",
		b: cat(ngOK, ngBlock(3, 0, cat(
			le.AppendUint32(nil, 0x80000000), // original length
			make([]byte, 64)))),
		frames: 1, off: 140,
		msg: "captured length 2147483648 is over",
	}, {
		name:   "pcapng: section header of 4 GB",
		b:      cat(ngOK, ngBlock(0x0a0d0d0a, 0xfffffffc, cat(le.AppendUint32(nil, 0x1a2b3c4d), make([]byte, 12)))),
		frames: 1, off: 140,
		msg: "length 4294967292 is over",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := append(tt.b, make([]byte, filler)...)
			var frames int
			var err error
			if n := allocated(func() { frames, err = readAll(b) }); n > bound {
				t.Errorf("allocated %d bytes, want at most %d", n, bound)
			}
			if frames != tt.frames {
				t.Errorf("%d frames, want %d", frames, tt.frames)
			}
			var fe *source.FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T), want a *source.FormatError", err, err)
			}
			if fe.Offset != tt.off || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q at %d, want %q at %d", err, fe.Offset, tt.msg, tt.off)
			}
		})
	}
}

// TestLargestRecord: a record of exactly the bound is read, with its
// original length kept.
func TestLargestRecord(t *testing.T) {
	data := make([]byte, source.MaxRecord)
	for _, tt := range []struct {
		name string
		b    []byte
	}{
		{"pcap", cat(pcapHeader(65535, 1), pcapRecord(1, source.MaxRecord, 0x80000000, data))},
		{"pcapng", cat(ngSHB(), ngIDB(1, 0), ngEPB(source.MaxRecord, 0x80000000, data, nil))},
		{"pcapng simple packet capped by the snap length", cat(ngSHB(), ngIDB(1, 128),
			ngBlock(3, 0, cat(le.AppendUint32(nil, 0x80000000), make([]byte, 128))))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src, err := source.NewReader("t", io.NopCloser(bytes.NewReader(tt.b)))
			if err != nil {
				t.Fatal(err)
			}
			fr, err := src.Next()
			if err != nil {
				t.Fatal(err)
			}
			if fr.OrigLen != 0x80000000 || fr.CapLen != len(fr.Data) {
				t.Errorf("CapLen %d OrigLen %d, data %d", fr.CapLen, fr.OrigLen, len(fr.Data))
			}
			if _, err := src.Next(); err != io.EOF {
				t.Errorf("then %v, want io.EOF", err)
			}
		})
	}
}
