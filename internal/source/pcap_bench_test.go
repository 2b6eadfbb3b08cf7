package source

import (
	"bytes"
	"io"
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
