package lldp_test

import (
	"bytes"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/dropscope/dropscope/dissect/lldp"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// FuzzParse checks that Parse never panics, that Summary never panics,
// that every byte slice handed out is capacity-capped, and that values
// agree with gopacket's where both accept the input. Seeds: the
// table rows of TestParse and the LLDP frames of the corpus.
func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.b)
	}
	for _, fr := range corpustest.SeedFrames(f) {
		if fr.EtherType == 0x88cc {
			f.Add(fr.Payload)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := lldp.Parse(b)
		_ = d.Summary()
		if err != nil {
			_ = err.Error()
		}
		checkCapped(t, d)
		if err != nil {
			return
		}
		// Second implementation: where gopacket also decodes the LLDPDU,
		// the mandatory TLVs must agree.
		pkt := gopacket.NewPacket(b, layers.LayerTypeLinkLayerDiscovery, gopacket.NoCopy)
		if l, ok := pkt.Layer(layers.LayerTypeLinkLayerDiscovery).(*layers.LinkLayerDiscovery); ok && pkt.ErrorLayer() == nil {
			if !bytes.Equal(l.ChassisID.ID, d.ChassisID.Value) || !bytes.Equal(l.PortID.ID, d.PortID.Value) || l.TTL != d.TTL {
				t.Errorf("chassis %x port %x ttl %d, gopacket %x %x %d",
					d.ChassisID.Value, d.PortID.Value, d.TTL, l.ChassisID.ID, l.PortID.ID, l.TTL)
			}
		}
	})
}
