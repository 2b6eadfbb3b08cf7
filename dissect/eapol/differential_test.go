package eapol_test

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/dropscope/dropscope/dissect/eapol"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// TestCorpus parses every EAPOL frame of the corpus, checks the per-file
// count against counts.csv, and compares the decoded values with
// gopacket's layers.EAPOL and layers.EAP. No corpus EAPOL frame is
// malformed, so every one must parse without error.
func TestCorpus(t *testing.T) {
	dir := corpustest.Dir(t)
	total, compared := 0, 0
	for _, row := range corpustest.Captures(t, dir) {
		n := 0
		for _, f := range corpustest.EthernetFrames(t, dir, row.Name) {
			if f.EtherType != 0x888e {
				continue
			}
			n++
			e, err := eapol.Parse(f.Payload)
			_ = e.Summary()
			checkCapped(t, e)
			if err != nil {
				t.Errorf("%s frame %d: %v", row.Name, f.Index, err)
				continue
			}
			if compareGopacket(t, f, e) {
				compared++
			}
		}
		total += n
		if got, want := strconv.Itoa(n), row.Counts["eapol"]; got != want {
			t.Errorf("%s: %s EAPOL frames, counts.csv says %s", row.Name, got, want)
		}
	}
	if total == 0 || compared == 0 {
		t.Errorf("%d EAPOL frames, %d compared with gopacket", total, compared)
	}
}

func compareGopacket(t *testing.T, f corpustest.EthernetFrame, e eapol.Frame) bool {
	t.Helper()
	where := fmt.Sprintf("%s frame %d", f.File, f.Index)
	pkt := gopacket.NewPacket(f.Data, layers.LayerTypeEthernet, gopacket.Default)
	g, ok := pkt.Layer(layers.LayerTypeEAPOL).(*layers.EAPOL)
	if !ok {
		t.Errorf("%s: gopacket has no EAPOL layer: %v", where, pkt.ErrorLayer())
		return false
	}
	if g.Version != e.Version || uint8(g.Type) != uint8(e.Type) || g.Length != e.BodyLength {
		t.Errorf("%s: header v%d %v %d, gopacket v%d %v %d", where, e.Version, e.Type, e.BodyLength, g.Version, g.Type, g.Length)
	}
	ge, ok := pkt.Layer(layers.LayerTypeEAP).(*layers.EAP)
	if ok != e.HasEAP {
		t.Errorf("%s: HasEAP %t, gopacket EAP layer %t", where, e.HasEAP, ok)
		return true
	}
	if !ok {
		return true
	}
	if uint8(ge.Code) != uint8(e.EAP.Code) || ge.Id != e.EAP.Identifier || ge.Length != e.EAP.Length {
		t.Errorf("%s: EAP %v id %d len %d, gopacket %v id %d len %d", where, e.EAP.Code, e.EAP.Identifier, e.EAP.Length, ge.Code, ge.Id, ge.Length)
	}
	if e.EAP.HasType && (uint8(ge.Type) != uint8(e.EAP.Type) || !bytes.Equal(ge.TypeData, e.EAP.Data)) {
		t.Errorf("%s: EAP type %v data %x, gopacket %v %x", where, e.EAP.Type, e.EAP.Data, ge.Type, ge.TypeData)
	}
	return true
}

// TestTcpdump checks the EAPOL header and EAP fields that tcpdump prints
// for tcpdump/eapon1.pcap (tcpdump/eapon1-v.out).
func TestTcpdump(t *testing.T) {
	dir := corpustest.Dir(t)
	blocks := corpustest.TcpdumpBlocks(t, dir, "tcpdump/eapon1-v.out")
	if blocks == nil {
		t.Skip("tcpdump/eapon1-v.out not available")
	}
	typeNames := map[eapol.PacketType]string{
		eapol.TypeEAPPacket: "EAP packet", eapol.TypeStart: "EAPOL start",
		eapol.TypeLogoff: "EAPOL logoff", eapol.TypeKey: "EAPOL key",
	}
	codeNames := map[eapol.Code]string{
		eapol.CodeRequest: "Request", eapol.CodeResponse: "Response",
		eapol.CodeSuccess: "Success", eapol.CodeFailure: "Failure",
	}
	checked := 0
	for _, f := range corpustest.EthernetFrames(t, dir, "tcpdump/eapon1.pcap") {
		if f.EtherType != 0x888e {
			continue
		}
		e, err := eapol.Parse(f.Payload)
		if err != nil {
			t.Fatalf("frame %d: %v", f.Index, err)
		}
		want := []string{fmt.Sprintf("%s (%d) v%d, len %d", typeNames[e.Type], e.Type, e.Version, e.BodyLength)}
		if e.HasEAP {
			want[0] += fmt.Sprintf(", %s (%d), id %d, len %d", codeNames[e.EAP.Code], e.EAP.Code, e.EAP.Identifier, e.EAP.Length)
		}
		if e.EAP.Type == eapol.MethodIdentity && e.EAP.Identity != "" {
			want = append(want, "Type Identity (1), Identity: "+e.EAP.Identity)
		}
		for _, w := range want {
			if !corpustest.HasLine(blocks[f.Index], w) {
				t.Errorf("frame %d: tcpdump output lacks %q; got summary %s", f.Index, w, e.Summary())
			}
		}
		checked++
	}
	if checked != 41 {
		t.Errorf("checked %d EAPOL frames, want 41", checked)
	}
}
