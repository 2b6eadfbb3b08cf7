package analyze_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/analyze"
	"github.com/dropscope/dropscope/internal/samplegen"
	"github.com/dropscope/dropscope/report"
)

// runReport analyses names with the given workers and returns the JSON
// report and the JSON Lines output (none, and the lane taken, unless
// jsonl).
func runReport(t *testing.T, names []string, workers int, jsonl bool) ([]byte, []byte, error) {
	t.Helper()
	h := kernel.DefaultHost()
	var jl bytes.Buffer
	o := analyze.Options{Host: h, Variants: analyze.DefaultVariants(h), Workers: workers, MaxSenders: 50}
	if jsonl {
		o.JSONL = &jl
	}
	s, err := analyze.Run(context.Background(), names, o)
	if err != nil {
		return nil, nil, err
	}
	var js bytes.Buffer
	if err := report.WriteJSON(&js, s); err != nil {
		t.Fatal(err)
	}
	return js.Bytes(), jl.Bytes(), nil
}

// TestWorkersSameResults: with read-ahead workers the report and the JSON
// Lines are byte for byte those of a single goroutine, on every capture of
// samples/ and the corpus, on a generated capture larger than the batches
// (plain, gzip'd and cut short), and on several inputs in one run.
func TestWorkersSameResults(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	if _, err := samplegen.WriteBench(&buf, samplegen.BenchSpec{Sizes: samplegen.BenchMixed, Frames: 30000}); err != nil {
		t.Fatal(err)
	}
	bench := filepath.Join(dir, "bench.pcap")
	cut := filepath.Join(dir, "cut.pcap")
	gz := filepath.Join(dir, "bench.pcap.gz")
	os.WriteFile(bench, buf.Bytes(), 0o644)
	os.WriteFile(cut, buf.Bytes()[:buf.Len()-700], 0o644)
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(buf.Bytes())
	zw.Close()
	os.WriteFile(gz, z.Bytes(), 0o644)
	runs := [][]string{{bench}, {cut}, {gz}, {bench, cut, gz}}
	for _, d := range []string{filepath.Join("..", "..", "samples"), corpus} {
		filepath.WalkDir(d, func(path string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() && (filepath.Ext(path) == ".pcap" || filepath.Ext(path) == ".pcapng" || filepath.Ext(path) == ".gz") {
				runs = append(runs, []string{path})
			}
			return nil
		})
	}
	for _, names := range runs {
		for _, jsonl := range []bool{false, true} {
			js1, jl1, err1 := runReport(t, names, 1, jsonl)
			js2, jl2, err2 := runReport(t, names, 2, jsonl)
			if (err1 == nil) != (err2 == nil) || err1 != nil && err1.Error() != err2.Error() {
				t.Errorf("%v (jsonl %v): error %v, with 2 workers %v", names, jsonl, err1, err2)
			}
			if !bytes.Equal(js1, js2) {
				t.Errorf("%v (jsonl %v): the report differs with 2 workers:\n%s\n%s", names, jsonl, js1, js2)
			}
			if !bytes.Equal(jl1, jl2) {
				t.Errorf("%v: the JSON Lines differ with 2 workers", names)
			}
		}
	}
	t.Logf("%d runs, with and without JSON Lines", len(runs))
}
