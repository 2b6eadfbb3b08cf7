package source_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/dropscope/dropscope/internal/source"
)

// Capture files the fuzz target is seeded from, read in place.
var seedDirs = []string{
	filepath.Join("..", "..", "samples"),
	filepath.Join("..", "..", "..", "shared", "corpus"),
}

// maxSeed is the largest seed taken whole; longer captures give their
// first maxSeed bytes.
const maxSeed = 16 << 10

// fuzzAllocBound is what reading one input may allocate beyond a small
// multiple of its length: the read buffers, a decompressor and one record.
const fuzzAllocBound = 4 << 20

func FuzzOpen(f *testing.F) {
	// Hand-built edge cases: absurd lengths, an EPB with options, a
	// big-endian-looking section, a pcap cut inside a record.
	ngOK := cat(ngSHB(), ngIDB(1, 0), ngEPB(60, 60, ethFrame(1), nil))
	f.Add(cat(pcapHeader(0xffffffff, 1), pcapRecord(1, 0x80000000, 0x80000000, nil)))
	f.Add(cat(pcapHeader(65535, 1), pcapRecord(1, 60, 60, ethFrame(1)), pcapRecord(2, 60, 1514, ethFrame(2)[:30])))
	f.Add(cat(ngOK, ngEPB(60, 1514, ethFrame(2), cat(
		le.AppendUint16(nil, 2), le.AppendUint16(nil, 4), le.AppendUint32(nil, 1), // epb_flags: inbound
		le.AppendUint16(nil, 1), le.AppendUint16(nil, 3), []byte("hi!\x00"), // opt_comment
		le.AppendUint32(nil, 0)))))
	f.Add(cat(ngOK, ngBlock(3, 0, cat(le.AppendUint32(nil, 60), ethFrame(3)))))
	f.Add(cat(ngOK, ngSHB(), ngIDB(113, 0x40000), ngEPB(60, 60, ethFrame(4), nil)))
	// Every capture of samples/ and the shared corpus.
	for _, dir := range seedDirs {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil || len(b) < 4 {
				return nil
			}
			if _, err := source.NewReader(path, io.NopCloser(bytes.NewReader(b))); err != nil {
				return nil
			}
			f.Add(b[:min(len(b), maxSeed)])
			return nil
		})
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		src, err := source.NewReader("fuzz", io.NopCloser(bytes.NewReader(b)))
		if err != nil {
			return
		}
		defer src.Close()
		info := src.Info()
		// A record takes at least 16 bytes of the (decompressed) stream;
		// gzip inflates at most 1032 times.
		limit := len(b)/16 + 1
		if info.Compressed {
			limit = len(b)*1032/16 + 1
		}
		var frames int
		for {
			fr, err := src.Next()
			if err != nil {
				var te *source.TruncatedError
				var fe *source.FormatError
				switch {
				case err == io.EOF:
				case errors.As(err, &te):
					if te.Offset < 0 || (!info.Compressed && te.Offset >= int64(len(b))) {
						t.Fatalf("truncated at %d of %d bytes", te.Offset, len(b))
					}
				case errors.As(err, &fe):
					if fe.Offset < 0 || (!info.Compressed && fe.Offset >= int64(len(b))) {
						t.Fatalf("format error at %d of %d bytes: %v", fe.Offset, len(b), err)
					}
				default:
					t.Fatalf("error %v (%T) is none of io.EOF, *TruncatedError, *FormatError", err, err)
				}
				break
			}
			if len(fr.Data) != fr.CapLen || fr.CapLen > source.MaxRecord || fr.OrigLen < 0 {
				t.Fatalf("frame %d: %d bytes, CapLen %d, OrigLen %d", frames, len(fr.Data), fr.CapLen, fr.OrigLen)
			}
			if frames++; frames > limit {
				t.Fatalf("%d frames from %d bytes: not advancing", frames, len(b))
			}
		}
		runtime.ReadMemStats(&after)
		if n := after.TotalAlloc - before.TotalAlloc; n > fuzzAllocBound+64*uint64(len(b)) && !info.Compressed {
			t.Fatalf("reading %d bytes allocated %d", len(b), n)
		}
	})
}
