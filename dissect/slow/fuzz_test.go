package slow_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dropscope/dropscope/dissect/slow"
)

// FuzzParse checks that Parse never panics, that Summary never panics,
// and that every byte slice handed out is capacity-capped. Seeds: the
// table rows of TestParse and the Slow Protocols frames of the corpus.
func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.b)
	}
	dir := filepath.Join("..", "..", "..", "shared", "corpus")
	if d := os.Getenv("DROPSCOPE_CORPUS"); d != "" {
		dir = d
	}
	if _, err := os.Stat(filepath.Join(dir, "counts.csv")); err == nil {
		for _, row := range readCounts(f, dir) {
			for _, fr := range readCapture(f, filepath.Join(dir, row.File), row.File) {
				if fr.EtherType == 0x8809 {
					f.Add(fr.Payload)
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := slow.Parse(b)
		_ = p.Summary()
		if err != nil {
			_ = err.Error()
		}
		checkCapped(t, p)
	})
}
