package analyze_test

import (
	"bytes"
	"context"
	"io"
	"sync"
	"testing"

	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/analyze"
	"github.com/dropscope/dropscope/internal/samplegen"
	"github.com/dropscope/dropscope/internal/source"
)

var (
	benchOnce  sync.Once
	benchFiles map[samplegen.BenchSizes][]byte
)

// benchCapture returns an in-memory pcap of 200,000 frames in the
// incident's traffic mix.
func benchCapture(b *testing.B, sizes samplegen.BenchSizes) []byte {
	b.Helper()
	benchOnce.Do(func() {
		benchFiles = map[samplegen.BenchSizes][]byte{}
		for _, s := range []samplegen.BenchSizes{samplegen.BenchSmall, samplegen.BenchMixed} {
			var buf bytes.Buffer
			if _, err := samplegen.WriteBench(&buf, samplegen.BenchSpec{Sizes: s, Frames: 200000}); err != nil {
				panic(err)
			}
			benchFiles[s] = buf.Bytes()
		}
	})
	return benchFiles[sizes]
}

func benchOptions(workers int) analyze.Options {
	h := kernel.DefaultHost()
	return analyze.Options{Host: h, Variants: analyze.DefaultVariants(h), Workers: workers}
}

func benchPipeline(b *testing.B, sizes samplegen.BenchSizes, workers int) {
	data := benchCapture(b, sizes)
	o := benchOptions(workers)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var frames uint64
	for b.Loop() {
		in, err := source.NewReader("bench", io.NopCloser(bytes.NewReader(data)))
		if err != nil {
			b.Fatal(err)
		}
		s, err := analyze.RunInputs(context.Background(), []source.Input{in}, o)
		if err != nil {
			b.Fatal(err)
		}
		frames += s.Totals.Frames
	}
	b.ReportMetric(float64(frames)/b.Elapsed().Seconds(), "frames/s")
}

func BenchmarkPipelineSmall(b *testing.B)         { benchPipeline(b, samplegen.BenchSmall, 1) }
func BenchmarkPipelineMixed(b *testing.B)         { benchPipeline(b, samplegen.BenchMixed, 1) }
func BenchmarkPipelineSmallWorkers2(b *testing.B) { benchPipeline(b, samplegen.BenchSmall, 2) }
func BenchmarkPipelineMixedWorkers2(b *testing.B) { benchPipeline(b, samplegen.BenchMixed, 2) }
