package lldp_test

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/dropscope/dropscope/dissect/lldp"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// wantErrors lists the corpus frames Parse must reject: file -> frame
// number -> "truncated" or the FormatError field. Every other LLDP frame
// must parse without error.
var wantErrors = map[string]map[int]string{
	// The Wireshark sample's first LLDPDU carries four TTL TLVs.
	"arkime/wireshark-lldp.pcap": {1: "ttl"},
	// Frames of one organizationally specific TLV, without the mandatory
	// chassis ID, port ID and TTL (a tcpdump printer test).
	"tcpdump/lldp_8021_linkagg.pcap": {1: "tlv order", 2: "tlv order"},
	// Chassis ID (network address 0.0.32.0), then 802.3 TLVs instead of
	// port ID and TTL; the last TLV also runs past the captured bytes.
	"tcpdump/lldp_asan.pcap": {1: "tlv order"},
	// A management address TLV where the chassis ID must be (address
	// string length 6, family 0).
	"tcpdump/lldp_mgmt_addr_tlv_asan.pcap": {1: "tlv order"},
	// Valid TLV framing: the malformation is inside 802.1 TLVs (application
	// priority), which Parse keeps raw.
	"tcpdump/lldp-infinite-loop-1.pcap": {},
	// End TLV with length 194 after reserved TLV types 97 and 83.
	"tcpdump/lldp-infinite-loop-2.pcap": {1: "end"},
}

func errKind(err error) string {
	var fe *lldp.FormatError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, lldp.ErrTruncated):
		return "truncated"
	case errors.As(err, &fe):
		return fe.Field
	}
	return "other: " + err.Error()
}

// TestCorpus parses every LLDP frame of the corpus, checks the per-file
// count against counts.csv, the errors against wantErrors, the decoded
// values against gopacket's layers.LinkLayerDiscovery(Info), and the
// values tcpdump prints in lldp_cdp-ev.out.
func TestCorpus(t *testing.T) {
	dir := corpustest.Dir(t)
	total, compared := 0, 0
	for _, row := range corpustest.Captures(t, dir) {
		frames := corpustest.EthernetFrames(t, dir, row.Name)
		n := 0
		for _, f := range frames {
			if f.EtherType != 0x88cc {
				continue
			}
			n++
			d, err := lldp.Parse(f.Payload)
			_ = d.Summary()
			checkCapped(t, d)
			want := wantErrors[row.Name][f.Index]
			if got := errKind(err); got != want {
				t.Errorf("%s frame %d: error %q (%v), want %q", row.Name, f.Index, got, err, want)
			}
			if err == nil {
				compareGopacket(t, f, d)
				compared++
			}
		}
		total += n
		if got, want := strconv.Itoa(n), row.Counts["lldp"]; got != want {
			t.Errorf("%s: %s LLDP frames, counts.csv says %s", row.Name, got, want)
		}
	}
	if total == 0 || compared == 0 {
		t.Errorf("%d LLDP frames, %d compared with gopacket", total, compared)
	}
}

func compareGopacket(t *testing.T, f corpustest.EthernetFrame, d lldp.LLDPDU) {
	t.Helper()
	pkt := gopacket.NewPacket(f.Data, layers.LayerTypeEthernet, gopacket.Default)
	l, ok := pkt.Layer(layers.LayerTypeLinkLayerDiscovery).(*layers.LinkLayerDiscovery)
	if !ok {
		t.Errorf("%s frame %d: gopacket has no LLDP layer: %v", f.File, f.Index, pkt.ErrorLayer())
		return
	}
	where := fmt.Sprintf("%s frame %d", f.File, f.Index)
	if uint8(l.ChassisID.Subtype) != uint8(d.ChassisID.Subtype) || !bytes.Equal(l.ChassisID.ID, d.ChassisID.Value) {
		t.Errorf("%s: chassis %v %x, gopacket %v %x", where, d.ChassisID.Subtype, d.ChassisID.Value, l.ChassisID.Subtype, l.ChassisID.ID)
	}
	if uint8(l.PortID.Subtype) != uint8(d.PortID.Subtype) || !bytes.Equal(l.PortID.ID, d.PortID.Value) {
		t.Errorf("%s: port %v %x, gopacket %v %x", where, d.PortID.Subtype, d.PortID.Value, l.PortID.Subtype, l.PortID.ID)
	}
	if l.TTL != d.TTL {
		t.Errorf("%s: ttl %d, gopacket %d", where, d.TTL, l.TTL)
	}
	info, ok := pkt.Layer(layers.LayerTypeLinkLayerDiscoveryInfo).(*layers.LinkLayerDiscoveryInfo)
	if !ok {
		t.Errorf("%s: gopacket has no LLDP info layer: %v", where, pkt.ErrorLayer())
		return
	}
	if info.PortDescription != d.PortDescription || info.SysName != d.SystemName || info.SysDescription != d.SystemDescription {
		t.Errorf("%s: strings %q %q %q, gopacket %q %q %q", where, d.PortDescription, d.SystemName, d.SystemDescription,
			info.PortDescription, info.SysName, info.SysDescription)
	}
	if got, want := capsOf(info.SysCapabilities.SystemCap), d.Capabilities.Supported; got != want {
		t.Errorf("%s: supported capabilities %v, gopacket %v", where, want, got)
	}
	if got, want := capsOf(info.SysCapabilities.EnabledCap), d.Capabilities.Enabled; got != want {
		t.Errorf("%s: enabled capabilities %v, gopacket %v", where, want, got)
	}
	// gopacket keeps the last management address TLV only.
	if n := len(d.ManagementAddresses); n > 0 {
		m := d.ManagementAddresses[n-1]
		if uint8(info.MgmtAddress.Subtype) != uint8(m.Family) || !bytes.Equal(info.MgmtAddress.Address, m.Raw) ||
			info.MgmtAddress.InterfaceNumber != m.InterfaceNumber || info.MgmtAddress.OID != string(m.OID) {
			t.Errorf("%s: management address %+v, gopacket %+v", where, m, info.MgmtAddress)
		}
	}
	if len(info.OrgTLVs) != len(d.Org) {
		t.Errorf("%s: %d org TLVs, gopacket %d", where, len(d.Org), len(info.OrgTLVs))
	} else {
		for i, o := range info.OrgTLVs {
			if [3]byte{byte(o.OUI >> 16), byte(o.OUI >> 8), byte(o.OUI)} != d.Org[i].OUI || o.SubType != d.Org[i].Subtype || !bytes.Equal(o.Info, d.Org[i].Info) {
				t.Errorf("%s: org TLV %d %+v, gopacket %+v", where, i, d.Org[i], o)
			}
		}
	}
	if len(info.Unknown) != len(d.Unknown) {
		t.Errorf("%s: %d unknown TLVs, gopacket %d", where, len(d.Unknown), len(info.Unknown))
	}
}

func capsOf(c layers.LLDPCapabilities) lldp.Capabilities {
	bits := []bool{c.Other, c.Repeater, c.Bridge, c.WLANAP, c.Router, c.Phone, c.DocSis, c.StationOnly, c.CVLAN, c.SVLAN, c.TMPR}
	var out lldp.Capabilities
	for i, b := range bits {
		if b {
			out |= 1 << i
		}
	}
	return out
}

// TestTcpdump checks values that tcpdump prints for the LLDP frames of
// LLDP_and_CDP.pcap (tcpdump/lldp_cdp-ev.out).
func TestTcpdump(t *testing.T) {
	dir := corpustest.Dir(t)
	blocks := corpustest.TcpdumpBlocks(t, dir, "tcpdump/lldp_cdp-ev.out")
	if blocks == nil {
		t.Skip("tcpdump/lldp_cdp-ev.out not available")
	}
	checked := 0
	for _, f := range corpustest.EthernetFrames(t, dir, "tcpdump/LLDP_and_CDP.pcap") {
		if f.EtherType != 0x88cc {
			continue
		}
		d, err := lldp.Parse(f.Payload)
		if err != nil {
			t.Fatalf("frame %d: %v", f.Index, err)
		}
		lines := blocks[f.Index]
		idValue := func(sub uint8, id lldp.ID, isMAC bool) string {
			if isMAC {
				return fmt.Sprintf("(%d): %v", sub, id.MAC)
			}
			return fmt.Sprintf("(%d): %s", sub, id.Value)
		}
		for _, want := range []string{
			fmt.Sprintf("System Name TLV (5), length %d: %s", len(d.SystemName), d.SystemName),
			fmt.Sprintf("Time to Live TLV (3), length 2: TTL %ds", d.TTL),
			fmt.Sprintf("Port Description TLV (4), length %d: %s", len(d.PortDescription), d.PortDescription),
			idValue(uint8(d.ChassisID.Subtype), d.ChassisID.ID, d.ChassisID.Subtype == lldp.ChassisMACAddress),
			idValue(uint8(d.PortID.Subtype), d.PortID.ID, d.PortID.Subtype == lldp.PortMACAddress),
			fmt.Sprintf("port vlan id (PVID): %d", d.PortVLANID),
		} {
			if !corpustest.HasLine(lines, want) {
				t.Errorf("frame %d: tcpdump output lacks %q; got summary %s", f.Index, want, d.Summary())
			}
		}
		checked++
	}
	if checked != 8 {
		t.Errorf("checked %d LLDP frames, want 8", checked)
	}
}
