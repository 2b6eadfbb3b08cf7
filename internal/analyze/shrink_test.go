//go:build linux

package analyze_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/analyze"
	"github.com/dropscope/dropscope/internal/samplegen"
	"github.com/dropscope/dropscope/internal/source"
)

// shrinking is an input that cuts its file short after a number of frames,
// as a rotation with copytruncate does to a capture being read.
type shrinking struct {
	source.Input
	name  string
	after int
	to    int64
	n     int
}

func (s *shrinking) Next() (source.Frame, error) {
	if s.n++; s.n == s.after {
		if err := os.Truncate(s.name, s.to); err != nil {
			panic(err)
		}
	}
	return s.Input.Next()
}

// TestFileShrinks: a plain pcap is read through a mapping of the file; when
// the file is cut short under it, the access past the new end faults. The
// analysis must end that input with a warning and report the frames read,
// with and without read-ahead, never crash.
func TestFileShrinks(t *testing.T) {
	for _, workers := range []int{1, 2} {
		name := filepath.Join(t.TempDir(), "big.pcap")
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := samplegen.WriteBench(f, samplegen.BenchSpec{Sizes: samplegen.BenchSmall, Frames: 300000}); err != nil {
			t.Fatal(err)
		}
		f.Close()
		in, err := source.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		h := kernel.DefaultHost()
		o := analyze.Options{Host: h, Variants: analyze.DefaultVariants(h), Workers: workers}
		s, err := analyze.RunInputs(context.Background(), []source.Input{&shrinking{Input: in, name: name, after: 50000, to: 1 << 20}}, o)
		in.Close()
		if err != nil {
			t.Fatalf("workers %d: %v", workers, err)
		}
		var warned bool
		for _, w := range s.Warnings {
			if strings.Contains(w, "changed while it was read") {
				warned = true
			}
		}
		if !warned || s.Totals.Frames < 10000 || s.Totals.Frames >= 300000 {
			t.Fatalf("workers %d: %d frames, warnings %q: want the frames before the cut and a warning", workers, s.Totals.Frames, s.Warnings)
		}
		t.Logf("workers %d: %d frames, warning %q", workers, s.Totals.Frames, s.Warnings)
	}
}
