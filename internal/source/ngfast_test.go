package source

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// ngTaken counts the blocks the fast path took in readNg.
var ngTaken int

// readNg reads every frame of the pcapng b, copying each, with the EPB
// fast path or with pcapgo alone.
func readNg(b []byte, fast bool) ([]Frame, error, error) {
	f, err := newReader("t", io.NopCloser(bytes.NewReader(b)), readStream)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if f.ng != nil {
		f.ng.off = !fast
	}
	if f.ng != nil {
		defer func() { ngTaken += f.ng.taken }()
	}
	var frames []Frame
	for {
		fr, err := f.Next()
		if err != nil {
			return frames, err, nil
		}
		fr.Data = bytes.Clone(fr.Data)
		frames = append(frames, fr)
	}
}

// diffNg compares the two ways of reading b.
func diffNg(b []byte) error {
	a, endA, openA := readNg(b, true)
	c, endC, openC := readNg(b, false)
	if (openA == nil) != (openC == nil) {
		return fmt.Errorf("open: fast %v, pcapgo %v", openA, openC)
	}
	if openA != nil {
		return nil
	}
	for i := 0; i < len(a) && i < len(c); i++ {
		x, y := a[i], c[i]
		if !bytes.Equal(x.Data, y.Data) || x.TS != y.TS || x.BadTime != y.BadTime || x.CapLen != y.CapLen || x.OrigLen != y.OrigLen ||
			x.LinkType != y.LinkType || x.Iface != y.Iface || x.Dir != y.Dir {
			return fmt.Errorf("frame %d: fast %+v, pcapgo %+v", i, x, y)
		}
	}
	if len(a) != len(c) {
		return fmt.Errorf("%d frames, pcapgo %d (ends %v / %v)", len(a), len(c), endA, endC)
	}
	if !sameEnd(endA, endC) {
		return fmt.Errorf("ended with %v, pcapgo %v", endA, endC)
	}
	return nil
}

// ngWriter builds pcapng in either byte order.
type ngWriter struct {
	bo interface {
		binary.ByteOrder
		binary.AppendByteOrder
	}
	b []byte
}

func (w *ngWriter) block(typ uint32, body []byte) {
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	n := uint32(12 + len(body))
	w.b = w.bo.AppendUint32(w.b, typ)
	w.b = w.bo.AppendUint32(w.b, n)
	w.b = append(w.b, body...)
	w.b = w.bo.AppendUint32(w.b, n)
}

func (w *ngWriter) opt(code uint16, val []byte) []byte {
	o := w.bo.AppendUint16(nil, code)
	o = w.bo.AppendUint16(o, uint16(len(val)))
	o = append(o, val...)
	for len(o)%4 != 0 {
		o = append(o, 0)
	}
	return o
}

// randomNg is a pcapng capture of a few sections in random byte orders,
// interfaces with various timestamp resolutions and offsets, and packet
// blocks with and without options, between other blocks; bad is a chance
// in 100 per block of a corrupted header field.
func randomNg(r *rand.Rand, bad int) []byte {
	var out []byte
	for s := 0; s < 1+r.IntN(3); s++ {
		w := &ngWriter{bo: binary.LittleEndian}
		if r.IntN(2) == 0 {
			w = &ngWriter{bo: binary.BigEndian}
		}
		shb := w.bo.AppendUint32(nil, 0x1a2b3c4d)
		shb = w.bo.AppendUint16(w.bo.AppendUint16(shb, 1), 0)
		shb = w.bo.AppendUint64(shb, 0xffffffffffffffff)
		w.block(blockSHB, shb)
		nIf := 1 + r.IntN(3)
		for i := 0; i < nIf; i++ {
			idb := w.bo.AppendUint16(nil, []uint16{1, 1, 113, 276}[r.IntN(4)])
			idb = w.bo.AppendUint16(idb, 0)
			idb = w.bo.AppendUint32(idb, uint32([]int{0, 65535, 96}[r.IntN(3)]))
			switch r.IntN(6) {
			case 1:
				idb = append(idb, w.opt(9, []byte{9})...) // ns
			case 2:
				idb = append(idb, w.opt(9, []byte{3})...)
			case 3:
				idb = append(idb, w.opt(9, []byte{0x80 | 20})...) // 2^-20
			case 4:
				idb = append(idb, w.opt(14, w.bo.AppendUint64(nil, uint64(r.IntN(1000))))...) // if_tsoffset
			}
			if r.IntN(2) == 0 {
				idb = append(idb, w.opt(0, nil)...)
			}
			w.block(blockIDB, idb)
		}
		for p := 0; p < 20+r.IntN(40); p++ {
			switch k := r.IntN(20); {
			case k == 0:
				w.block(blockSPB, append(w.bo.AppendUint32(nil, 60), make([]byte, 60)...))
			case k == 1:
				w.block(blockISB, append(w.bo.AppendUint32(nil, 0), make([]byte, 8)...))
			case k == 2:
				w.block(0x0BAD, make([]byte, 4*r.IntN(4)))
			default:
				caplen := uint32(14 + r.IntN(100))
				origlen := caplen + uint32(r.IntN(3))*10
				iface := uint32(r.IntN(nIf))
				if r.IntN(50) == 0 {
					iface = uint32(nIf) // not present
				}
				body := w.bo.AppendUint32(nil, iface)
				ts := r.Uint64() >> uint(r.IntN(64))
				body = w.bo.AppendUint32(body, uint32(ts>>32))
				body = w.bo.AppendUint32(body, uint32(ts))
				body = w.bo.AppendUint32(body, caplen)
				body = w.bo.AppendUint32(body, origlen)
				data := make([]byte, caplen)
				for i := range data {
					data[i] = byte(r.IntN(256))
				}
				body = append(body, data...)
				for len(body)%4 != 0 {
					body = append(body, 0)
				}
				for o := 0; o < r.IntN(4); o++ {
					switch r.IntN(5) {
					case 0:
						body = append(body, w.opt(2, binary.LittleEndian.AppendUint32(nil, uint32(r.IntN(4))))...) // epb_flags
					case 1:
						body = append(body, w.opt(1, []byte("comment"))...)
					case 2:
						body = append(body, w.opt(2, []byte{1, 0})...) // too short: ignored
					case 3:
						body = append(body, w.opt(0, nil)...)
						if r.IntN(2) == 0 {
							body = append(body, 1, 2, 3, 4) // after the end: ignored
						}
					default:
						body = append(body, w.opt(uint16(r.IntN(10)), make([]byte, r.IntN(9)))...)
					}
				}
				w.block(blockEPB, body)
			}
			if bad > 0 && r.IntN(100) < bad {
				// Corrupt one header field of the last block.
				i := len(w.b) - 4 - r.IntN(8)*4
				if i >= 0 {
					w.b[i] ^= byte(1 << r.IntN(8))
				}
			}
		}
		out = append(out, w.b...)
	}
	return out
}

// TestNgFastSameAsPcapgo: reading the packet blocks in place gives the
// frames and the end pcapgo gives, on every sample and corpus pcapng, on
// random captures (both byte orders, several sections and interfaces,
// timestamp resolutions and offsets, options, other blocks, corrupted
// fields) and on cuts of them.
func TestNgFastSameAsPcapgo(t *testing.T) {
	files := 0
	for _, dir := range captureDirs {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil || len(b) < 4 || binary.BigEndian.Uint32(b) != blockSHB {
				return nil
			}
			files++
			if err := diffNg(b); err != nil {
				t.Errorf("%s: %v", path, err)
			}
			return nil
		})
	}
	if files < 20 {
		t.Fatalf("only %d pcapng files", files)
	}
	r := rand.New(rand.NewPCG(3, 5))
	frames, taken := 0, 0
	for i := 0; i < 300; i++ {
		b := randomNg(r, []int{0, 0, 2, 10}[i%4])
		ngTaken = 0
		if err := diffNg(b); err != nil {
			t.Fatalf("random capture %d: %v", i, err)
		}
		fs, _, _ := readNg(b, false)
		frames, taken = frames+len(fs), taken+ngTaken
		for j := 0; j < 10; j++ {
			n := r.IntN(len(b) + 1)
			if err := diffNg(b[:n]); err != nil {
				t.Fatalf("random capture %d cut at %d: %v", i, n, err)
			}
		}
	}
	// The fast path must have read most blocks (the rest: SPBs, blocks after
	// pcapgo's own reads, corrupted ones), or the comparison proves little.
	if taken < frames*3/4 {
		t.Fatalf("the fast path read %d of %d frames", taken, frames)
	}
	t.Logf("%d pcapng files, 300 random captures (%d frames, %d read in place) and 3,000 cuts", files, frames, taken)
}

// FuzzNgFast: for any input, reading pcapng packet blocks in place gives
// pcapgo's frames and end.
func FuzzNgFast(f *testing.F) {
	r := rand.New(rand.NewPCG(7, 9))
	for i := 0; i < 20; i++ {
		f.Add(randomNg(r, i%3))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) < 4 || binary.BigEndian.Uint32(b) != blockSHB {
			return
		}
		if err := diffNg(b); err != nil {
			t.Fatal(err)
		}
	})
}
