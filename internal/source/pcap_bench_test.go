package source

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"testing"

	"github.com/dropscope/dropscope/internal/samplegen"
)

func benchRead(b *testing.B, sizes samplegen.BenchSizes, pcapgoPcap bool) {
	var buf bytes.Buffer
	if _, err := samplegen.WriteBench(&buf, samplegen.BenchSpec{Sizes: sizes, Frames: 200000}); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	frames := 0
	for b.Loop() {
		f, err := newReader("bench", io.NopCloser(bytes.NewReader(data)), mode(pcapgoPcap))
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, err := f.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			frames++
		}
	}
	b.ReportMetric(float64(frames)/b.Elapsed().Seconds(), "frames/s")
}

func BenchmarkReadPcapSmall(b *testing.B)   { benchRead(b, samplegen.BenchSmall, false) }
func BenchmarkReadPcapMixed(b *testing.B)   { benchRead(b, samplegen.BenchMixed, false) }
func BenchmarkReadPcapgoSmall(b *testing.B) { benchRead(b, samplegen.BenchSmall, true) }
func BenchmarkReadPcapgoMixed(b *testing.B) { benchRead(b, samplegen.BenchMixed, true) }

// BenchmarkRecordWalk is the floor of reading a capture: it visits every
// record of the file $DROPSCOPE_BENCH_FILE where it lies (the mapping, or
// the buffer) and reads its EtherType, as the analysis must, and nothing
// else. On a large file the time is that of fetching each record's first
// bytes from memory. Skipped without the variable (make bench-compare
// sets it).
func BenchmarkRecordWalk(b *testing.B) {
	name := os.Getenv("DROPSCOPE_BENCH_FILE")
	if name == "" {
		b.Skip("DROPSCOPE_BENCH_FILE is not set")
	}
	var frames int
	var sum uint64
	for b.Loop() {
		f, err := Open(name)
		if err != nil {
			b.Fatal(err)
		}
		recs, ok := f.Records()
		if !ok {
			b.Fatal("not little-endian classic pcap")
		}
		b.SetBytes(f.Info().Size)
		var fr Frame
		for {
			w := recs.Window()
			off := 0
			for len(w)-off >= 30 {
				caplen := int(binary.LittleEndian.Uint32(w[off+8:]))
				if len(w)-off-16 < caplen || caplen < 14 {
					break
				}
				sum += uint64(w[off+16+12])
				off += 16 + caplen
				frames++
			}
			recs.Advance(off)
			if err := f.NextInto(&fr); err != nil {
				if err != io.EOF {
					b.Fatal(err)
				}
				break
			}
			frames++
		}
		f.Close()
	}
	b.ReportMetric(float64(frames)/b.Elapsed().Seconds(), "frames/s")
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/walk")
	_ = sum
}
