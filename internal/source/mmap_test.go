//go:build linux

package source

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// readFileEvery is readEvery on a file opened by name (mapped when it is
// plain classic pcap).
func readFileEvery(name string) (Info, []Frame, error, error) {
	f, err := Open(name)
	if err != nil {
		return Info{}, nil, nil, err
	}
	defer f.Close()
	var frames []Frame
	for {
		var fr Frame
		err := f.NextInto(&fr)
		if err != nil {
			return f.Info(), frames, err, nil
		}
		fr.Data = bytes.Clone(fr.Data)
		frames = append(frames, fr)
	}
}

// diffMapped compares reading the file name through the mapping with
// reading its bytes b as a stream.
func diffMapped(name string, b []byte) error {
	infoA, framesA, endA, openA := readFileEvery(name)
	infoB, framesB, endB, openB := readEvery(b, false)
	if (openA == nil) != (openB == nil) {
		return fmt.Errorf("open: mapped %v, stream %v", openA, openB)
	}
	if openA != nil {
		return nil
	}
	infoA.Name, infoA.Size = infoB.Name, infoB.Size
	if infoA != infoB {
		return fmt.Errorf("info %+v, stream %+v", infoA, infoB)
	}
	for i := 0; i < len(framesA) && i < len(framesB); i++ {
		a, b := framesA[i], framesB[i]
		if !bytes.Equal(a.Data, b.Data) || a.TS != b.TS || a.CapLen != b.CapLen || a.OrigLen != b.OrigLen || a.LinkType != b.LinkType {
			return fmt.Errorf("frame %d: %+v, stream %+v", i, a, b)
		}
	}
	if len(framesA) != len(framesB) {
		return fmt.Errorf("%d frames, stream %d", len(framesA), len(framesB))
	}
	if !sameEnd(endA, endB) {
		return fmt.Errorf("ended with %v, stream %v", endA, endB)
	}
	return nil
}

// TestMmapSameAsStream: a plain pcap file read through the mapping gives
// the frames and the end (clean, cut off, malformed) that reading it as a
// stream gives, with windows small enough that records straddle them, on
// every sample and corpus pcap and on cuts of them.
func TestMmapSameAsStream(t *testing.T) {
	defer func(w int64) { mmapWindow = w }(mmapWindow)
	dir := t.TempDir()
	files, cuts := 0, 0
	for path, b := range pcapFiles(t) {
		if b[0] == 0x1f {
			continue // gzip: never mapped
		}
		files++
		for _, w := range []int64{4096, 3 * 4096, 16 << 20} {
			mmapWindow = w
			if err := diffMapped(path, b); err != nil {
				t.Errorf("%s, window %d: %v", path, w, err)
			}
		}
		// Cuts near the start, inside and between records.
		mmapWindow = 4096
		for _, n := range []int{0, 3, 23, 24, 25, 39, 40, 41, len(b) / 3, len(b)/2 + 1, len(b) - 1} {
			if n < 0 || n > len(b) {
				continue
			}
			name := filepath.Join(dir, "cut.pcap")
			if err := os.WriteFile(name, b[:n], 0o644); err != nil {
				t.Fatal(err)
			}
			cuts++
			if err := diffMapped(name, b[:n]); err != nil {
				t.Errorf("%s cut at %d: %v", path, n, err)
			}
		}
	}
	if files < 50 {
		t.Fatalf("only %d plain pcap files found", files)
	}
	t.Logf("%d files × 3 windows, %d cuts", files, cuts)
}

// TestMmapGrowing: records appended to the file while it is read are read
// too, as a stream reader would read them.
func TestMmapGrowing(t *testing.T) {
	defer func(w int64) { mmapWindow = w }(mmapWindow)
	mmapWindow = 4096
	name := filepath.Join(t.TempDir(), "grow.pcap")
	le := binary.LittleEndian
	hdr := le.AppendUint32(nil, 0xa1b2c3d4)
	hdr = le.AppendUint16(le.AppendUint16(hdr, 2), 4)
	hdr = le.AppendUint32(le.AppendUint32(le.AppendUint32(le.AppendUint32(hdr, 0), 0), 65535), 1)
	rec := le.AppendUint32(le.AppendUint32(le.AppendUint32(le.AppendUint32(nil, 1), 0), 100), 100)
	rec = append(rec, bytes.Repeat([]byte{0xab}, 100)...)
	if err := os.WriteFile(name, append(hdr, rec...), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var fr Frame
	if err := f.NextInto(&fr); err != nil {
		t.Fatal(err)
	}
	w, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ { // 100 records: well past a window
		w.Write(rec)
	}
	w.Close()
	n := 1
	for {
		if err := f.NextInto(&fr); err != nil {
			if err != io.EOF {
				t.Fatalf("after %d frames: %v", n, err)
			}
			break
		}
		n++
	}
	if n != 101 {
		t.Fatalf("read %d frames, want 101", n)
	}
}
