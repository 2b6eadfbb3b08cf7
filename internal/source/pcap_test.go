package source

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// captureDirs hold the captures the record reader is checked against
// pcapgo on.
var captureDirs = []string{
	filepath.Join("..", "..", "samples"),
	filepath.Join("..", "..", "..", "shared", "corpus"),
}

// readEvery reads every frame of b, copying each, and returns them with
// the error that ended the stream (nil when opening failed).
func readEvery(b []byte, pcapgoPcap bool) (Info, []Frame, error, error) {
	f, err := newReader("t", io.NopCloser(bytes.NewReader(b)), mode(pcapgoPcap))
	if err != nil {
		return Info{}, nil, nil, err
	}
	defer f.Close()
	var frames []Frame
	for {
		fr, err := f.Next()
		if err != nil {
			return f.Info(), frames, err, nil
		}
		fr.Data = bytes.Clone(fr.Data)
		frames = append(frames, fr)
	}
}

// sameEnd reports whether two errors that ended a stream mean the same:
// both io.EOF, or the same error type naming the same offset.
func sameEnd(a, b error) bool {
	if a == io.EOF || b == io.EOF {
		return a == b
	}
	var ta, tb *TruncatedError
	if errors.As(a, &ta) || errors.As(b, &tb) {
		return errors.As(a, &ta) && errors.As(b, &tb) && ta.Offset == tb.Offset
	}
	var fa, fb *FormatError
	if errors.As(a, &fa) || errors.As(b, &fb) {
		return errors.As(a, &fa) && errors.As(b, &fb) && fa.Offset == fb.Offset && fa.Error() == fb.Error()
	}
	return (a == nil) == (b == nil)
}

// diff compares the record reader with pcapgo behind the gate on b.
func diff(b []byte) error {
	infoA, framesA, endA, openA := readEvery(b, false)
	infoB, framesB, endB, openB := readEvery(b, true)
	if (openA == nil) != (openB == nil) {
		return fmt.Errorf("open: record reader %v, pcapgo %v", openA, openB)
	}
	if openA != nil {
		return nil
	}
	if infoA != infoB {
		return fmt.Errorf("info %+v, pcapgo %+v", infoA, infoB)
	}
	for i := 0; i < len(framesA) && i < len(framesB); i++ {
		a, b := framesA[i], framesB[i]
		if !bytes.Equal(a.Data, b.Data) || a.TS != b.TS || a.BadTime != b.BadTime ||
			a.CapLen != b.CapLen || a.OrigLen != b.OrigLen || a.LinkType != b.LinkType || a.Iface != b.Iface || a.Dir != b.Dir {
			return fmt.Errorf("frame %d: %+v, pcapgo %+v", i, a, b)
		}
	}
	if len(framesA) != len(framesB) {
		return fmt.Errorf("%d frames, pcapgo %d", len(framesA), len(framesB))
	}
	if !sameEnd(endA, endB) {
		return fmt.Errorf("ended with %v, pcapgo %v", endA, endB)
	}
	return nil
}

// pcapFiles returns the classic pcap captures (plain or gzip) of the
// sample and corpus directories.
func pcapFiles(t *testing.T) map[string][]byte {
	files := map[string][]byte{}
	for _, dir := range captureDirs {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil || len(b) < 4 {
				return nil
			}
			raw := b
			if b[0] == 0x1f && b[1] == 0x8b {
				if zr, err := gzip.NewReader(bytes.NewReader(b)); err == nil {
					raw, _ = io.ReadAll(zr)
				}
			}
			if len(raw) >= 4 {
				switch binary.BigEndian.Uint32(raw) {
				case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1:
					files[path] = b
				}
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Skip("no captures found")
	}
	return files
}

// TestPcapReaderMatchesPcapgo: on every classic pcap of samples/ and the
// shared corpus, the record reader yields exactly the frames pcapgo does,
// and ends the same way.
func TestPcapReaderMatchesPcapgo(t *testing.T) {
	n := 0
	for path, b := range pcapFiles(t) {
		if err := diff(b); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		n++
	}
	t.Logf("%d captures", n)
}

// swapOrder rewrites a little-endian pcap as big-endian.
func swapOrder(b []byte) []byte {
	out := bytes.Clone(b)
	sw := func(off int, n int) {
		for i, j := off, off+n-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	sw(0, 4)
	sw(4, 2)
	sw(6, 2)
	for _, off := range []int{8, 12, 16, 20} {
		sw(off, 4)
	}
	for off := 24; off+16 <= len(b); {
		caplen := int(binary.LittleEndian.Uint32(b[off+8:]))
		for i := 0; i < 4; i++ {
			sw(off+4*i, 4)
		}
		off += 16 + caplen
	}
	return out
}

// TestPcapReaderEdges cuts and rewrites small captures: both byte orders,
// µs and ns, records over the snap length, a cut at every byte, and the
// same through gzip.
func TestPcapReaderEdges(t *testing.T) {
	rec := func(sec, frac, caplen, origlen uint32, fill byte) []byte {
		b := binary.LittleEndian.AppendUint32(nil, sec)
		b = binary.LittleEndian.AppendUint32(b, frac)
		b = binary.LittleEndian.AppendUint32(b, caplen)
		b = binary.LittleEndian.AppendUint32(b, origlen)
		return append(b, bytes.Repeat([]byte{fill}, int(caplen))...)
	}
	hdr := func(magic uint32, major, minor uint16, snaplen, lt uint32) []byte {
		b := binary.LittleEndian.AppendUint32(nil, magic)
		b = binary.LittleEndian.AppendUint16(b, major)
		b = binary.LittleEndian.AppendUint16(b, minor)
		b = append(b, make([]byte, 8)...)
		b = binary.LittleEndian.AppendUint32(b, snaplen)
		return binary.LittleEndian.AppendUint32(b, lt)
	}
	body := cat(
		rec(1, 999999, 60, 60, 1),
		rec(2, 5000000, 14, 1514, 2),   // µs field over a second: scaled in 32 bits
		rec(3, 0, 200, 200, 3),         // over the snap length of 96
		rec(0xffffffff, 7, 0, 0, 0),    // empty record
		rec(5, 1, 1514, 1514, 5),       //
		rec(6, 2, maxRecord, 1<<31, 6), // the largest record
	)
	cases := map[string][]byte{
		"µs":                        cat(hdr(0xa1b2c3d4, 2, 4, 96, 1), body),
		"ns":                        cat(hdr(0xa1b23c4d, 2, 4, 96, 1), body),
		"µs big-endian":             swapOrder(cat(hdr(0xa1b2c3d4, 2, 4, 96, 1), body)),
		"ns big-endian":             swapOrder(cat(hdr(0xa1b23c4d, 2, 4, 96, 113), body)),
		"caplen over origlen":       cat(hdr(0xa1b2c3d4, 2, 4, 96, 1), rec(1, 0, 60, 60, 1), rec(2, 0, 61, 60, 2)),
		"caplen over the bound":     cat(hdr(0xa1b2c3d4, 2, 4, 96, 1), rec(1, 0, 60, 60, 1), rec(2, 0, maxRecord+1, maxRecord+1, 2)),
		"version 2.3":               cat(hdr(0xa1b2c3d4, 2, 3, 96, 1), body),
		"version 3.4":               cat(hdr(0xa1b2c3d4, 3, 4, 96, 1), body),
		"header only":               hdr(0xa1b2c3d4, 2, 4, 96, 1),
		"header cut":                hdr(0xa1b2c3d4, 2, 4, 96, 1)[:20],
		"many small records":        cat(hdr(0xa1b2c3d4, 2, 4, 65535, 1), bytes.Repeat(rec(1, 1, 60, 60, 9), 30000)),
		"records across the buffer": cat(hdr(0xa1b2c3d4, 2, 4, 65535, 1), bytes.Repeat(rec(1, 1, 70001, 70001, 7), 40)),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			if err := diff(b); err != nil {
				t.Error(err)
			}
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			zw.Write(b)
			zw.Close()
			if err := diff(z.Bytes()); err != nil {
				t.Errorf("gzip: %v", err)
			}
		})
	}
	// A cut at every byte of a small capture, plain and compressed.
	small := cat(hdr(0xa1b2c3d4, 2, 4, 96, 1), rec(1, 1, 60, 60, 1), rec(2, 2, 14, 1514, 2), rec(3, 3, 0, 0, 3), rec(4, 4, 33, 40, 4))
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(small)
	zw.Close()
	for cut := 4; cut <= len(small); cut++ {
		if err := diff(small[:cut]); err != nil {
			t.Errorf("cut at %d: %v", cut, err)
		}
	}
	for cut := 4; cut <= z.Len(); cut++ {
		if err := diff(z.Bytes()[:cut]); err != nil && !strings.Contains(err.Error(), "open") {
			t.Errorf("gzip cut at %d: %v", cut, err)
		}
	}
}

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// TestPcapReaderAllocs: reading a record allocates nothing.
func TestPcapReaderAllocs(t *testing.T) {
	var buf bytes.Buffer
	buf.Write([]byte{0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0})
	r := make([]byte, 16+60)
	binary.LittleEndian.PutUint32(r[8:], 60)
	binary.LittleEndian.PutUint32(r[12:], 60)
	for i := 0; i < 20000; i++ {
		buf.Write(r)
	}
	f, err := NewReader("t", io.NopCloser(bytes.NewReader(buf.Bytes())))
	if err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(10000, func() {
		if _, err := f.Next(); err != nil {
			t.Fatal(err)
		}
	}); a != 0 {
		t.Errorf("%v allocations per frame, want 0", a)
	}
}

// mode is the read mode of the tests that compare with pcapgo.
func mode(pcapgoPcap bool) readMode {
	if pcapgoPcap {
		return readPcapgo
	}
	return readStream
}
