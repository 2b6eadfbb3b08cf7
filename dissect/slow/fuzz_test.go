package slow_test

import (
	"testing"

	"github.com/dropscope/dropscope/dissect/slow"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// FuzzParse checks that Parse never panics, that Summary never panics,
// and that every byte slice handed out is capacity-capped. Seeds: the
// table rows of TestParse and the Slow Protocols frames of the corpus.
func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.b)
	}
	for _, fr := range corpustest.SeedFrames(f) {
		if fr.EtherType == 0x8809 {
			f.Add(fr.Payload)
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
