package eapol_test

import (
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/dropscope/dropscope/dissect/eapol"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// FuzzParse checks that Parse never panics, that Summary never panics,
// that every byte slice handed out is capacity-capped, and that the
// header agrees with gopacket's layers.EAPOL. Seeds: the
// table rows of TestParse and the EAPOL frames of the corpus.
func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.b)
	}
	for _, fr := range corpustest.SeedFrames(f) {
		if fr.EtherType == 0x888e {
			f.Add(fr.Payload)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := eapol.Parse(b)
		_ = p.Summary()
		if err != nil {
			_ = err.Error()
		}
		checkCapped(t, p)
		if err != nil {
			return
		}
		// Second implementation: gopacket's EAPOL header must agree.
		var g layers.EAPOL
		if g.DecodeFromBytes(b, gopacket.NilDecodeFeedback) == nil {
			if g.Version != p.Version || uint8(g.Type) != uint8(p.Type) || g.Length != p.BodyLength {
				t.Errorf("v%d %v %d, gopacket v%d %v %d", p.Version, p.Type, p.BodyLength, g.Version, g.Type, g.Length)
			}
		}
	})
}
