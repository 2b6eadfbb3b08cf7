package cdp_test

import (
	"testing"

	"github.com/dropscope/dropscope/dissect/cdp"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// FuzzParse checks that Parse never panics, that Summary never panics,
// and that every byte slice handed out is capacity-capped. Seeds: the
// table rows of TestParse and the CDP frames of the corpus.
func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.b)
	}
	for _, fr := range corpustest.SeedFrames(f) {
		if b, ok := cdpPayload(fr); ok {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := cdp.Parse(b)
		_ = p.Summary()
		if err != nil {
			_ = err.Error()
		}
		checkCapped(t, p)
	})
}
