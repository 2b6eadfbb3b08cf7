package cdp_test

import (
	"fmt"
	"net"
	"strconv"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/dropscope/dropscope/dissect/cdp"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// TestCorpus parses every CDP frame (LLC/SNAP 00000c:2000, possibly
// VLAN-tagged) of the corpus, checks the per-file count against
// counts.csv, and compares the decoded values with gopacket's
// layers.CiscoDiscovery and layers.CiscoDiscoveryInfo. No corpus CDP frame
// is malformed, so every one must parse without error.
func TestCorpus(t *testing.T) {
	dir := corpustest.Dir(t)
	total, compared := 0, 0
	for _, row := range corpustest.Captures(t, dir) {
		n := 0
		for _, f := range corpustest.EthernetFrames(t, dir, row.Name) {
			b, ok := cdpPayload(f)
			if !ok {
				continue
			}
			n++
			p, err := cdp.Parse(b)
			_ = p.Summary()
			checkCapped(t, p)
			if err != nil {
				t.Errorf("%s frame %d: %v", row.Name, f.Index, err)
				continue
			}
			if compareGopacket(t, f, p) {
				compared++
			}
		}
		total += n
		if got, want := strconv.Itoa(n), row.Counts["cdp"]; got != want {
			t.Errorf("%s: %s CDP frames, counts.csv says %s", row.Name, got, want)
		}
	}
	if total == 0 || compared == 0 {
		t.Errorf("%d CDP frames, %d compared with gopacket", total, compared)
	}
}

// cdpPayload returns the CDP PDU of an LLC/SNAP 00000c:2000 frame.
func cdpPayload(f corpustest.EthernetFrame) ([]byte, bool) {
	return f.SNAP([3]byte{0x00, 0x00, 0x0c}, 0x2000)
}

func compareGopacket(t *testing.T, f corpustest.EthernetFrame, p cdp.Packet) bool {
	t.Helper()
	where := fmt.Sprintf("%s frame %d", f.File, f.Index)
	pkt := gopacket.NewPacket(f.Data, layers.LayerTypeEthernet, gopacket.Default)
	c, ok := pkt.Layer(layers.LayerTypeCiscoDiscovery).(*layers.CiscoDiscovery)
	if !ok {
		t.Logf("%s: gopacket has no CDP layer: %v", where, pkt.ErrorLayer())
		return false
	}
	if c.Version != p.Version || c.TTL != p.TTL || c.Checksum != p.Checksum {
		t.Errorf("%s: header %d %d %#x, gopacket %d %d %#x", where, p.Version, p.TTL, p.Checksum, c.Version, c.TTL, c.Checksum)
	}
	info, ok := pkt.Layer(layers.LayerTypeCiscoDiscoveryInfo).(*layers.CiscoDiscoveryInfo)
	if !ok {
		t.Errorf("%s: gopacket has no CDP info layer: %v", where, pkt.ErrorLayer())
		return false
	}
	if info.DeviceID != p.DeviceID || info.PortID != p.PortID || info.Version != p.SoftwareVersion ||
		info.Platform != p.Platform || info.VTPDomain != p.VTPDomain {
		t.Errorf("%s: strings %q %q %q %q %q, gopacket %q %q %q %q %q", where,
			p.DeviceID, p.PortID, p.SoftwareVersion, p.Platform, p.VTPDomain,
			info.DeviceID, info.PortID, info.Version, info.Platform, info.VTPDomain)
	}
	if p.HasNativeVLAN && info.NativeVLAN != p.NativeVLAN {
		t.Errorf("%s: native VLAN %d, gopacket %d", where, p.NativeVLAN, info.NativeVLAN)
	}
	if p.HasDuplex && info.FullDuplex != (p.Duplex == cdp.DuplexFull) {
		t.Errorf("%s: duplex %v, gopacket full %t", where, p.Duplex, info.FullDuplex)
	}
	if p.HasCapabilities {
		g := info.Capabilities
		bits := []bool{g.L3Router, g.TBBridge, g.SPBridge, g.L2Switch, g.IsHost, g.IGMPFilter, g.L1Repeater, g.IsPhone, g.RemotelyManaged}
		for i, set := range bits {
			if set != (p.Capabilities&(1<<i) != 0) {
				t.Errorf("%s: capabilities %v, gopacket %+v", where, p.Capabilities, g)
				break
			}
		}
	}
	compareAddrs(t, where+" addresses", p.Addresses, info.Addresses)
	compareAddrs(t, where+" management addresses", p.ManagementAddresses, info.MgmtAddresses)
	return true
}

// compareAddrs compares the IP entries; gopacket keeps only those.
func compareAddrs(t *testing.T, where string, ours []cdp.Address, theirs []net.IP) {
	t.Helper()
	var ips []string
	for _, a := range ours {
		if a.Addr.IsValid() {
			ips = append(ips, a.Addr.String())
		}
	}
	if len(ips) != len(theirs) {
		t.Errorf("%s: %v, gopacket %v", where, ips, theirs)
		return
	}
	for i, ip := range theirs {
		if ip.String() != ips[i] {
			t.Errorf("%s: %v, gopacket %v", where, ips, theirs)
			return
		}
	}
}

// TestTcpdump checks values that tcpdump prints for the CDP frames of
// LLDP_and_CDP.pcap (tcpdump/lldp_cdp-ev.out).
func TestTcpdump(t *testing.T) {
	dir := corpustest.Dir(t)
	blocks := corpustest.TcpdumpBlocks(t, dir, "tcpdump/lldp_cdp-ev.out")
	if blocks == nil {
		t.Skip("tcpdump/lldp_cdp-ev.out not available")
	}
	checked := 0
	for _, f := range corpustest.EthernetFrames(t, dir, "tcpdump/LLDP_and_CDP.pcap") {
		b, ok := cdpPayload(f)
		if !ok {
			continue
		}
		p, err := cdp.Parse(b)
		if err != nil {
			t.Fatalf("frame %d: %v", f.Index, err)
		}
		duplex := map[bool]string{true: "full", false: "half"}[p.Duplex == cdp.DuplexFull]
		for _, want := range []string{
			fmt.Sprintf("CDPv%d, ttl: %ds, checksum: 0x%04x", p.Version, p.TTL, p.Checksum),
			fmt.Sprintf("Device-ID (0x0001), value length: %d bytes: '%s'", len(p.DeviceID), p.DeviceID),
			fmt.Sprintf("Port-ID (0x0003), value length: %d bytes: '%s'", len(p.PortID), p.PortID),
			fmt.Sprintf("Platform (0x0006), value length: %d bytes: '%s'", len(p.Platform), p.Platform),
			fmt.Sprintf("Address (0x0002), value length: 13 bytes: IPv4 (1) %v", p.Addresses[0]),
			fmt.Sprintf("Capability (0x0004), value length: 4 bytes: (0x%08x)", uint32(p.Capabilities)),
			fmt.Sprintf("Native VLAN ID (0x000a), value length: 2 bytes: %d", p.NativeVLAN),
			fmt.Sprintf("Duplex (0x000b), value length: 1 byte: %s", duplex),
			fmt.Sprintf("Management Addresses (0x0016), value length: 13 bytes: IPv4 (1) %v", p.ManagementAddresses[0]),
		} {
			if !corpustest.HasLine(blocks[f.Index], want) {
				t.Errorf("frame %d: tcpdump output lacks %q; got summary %s", f.Index, want, p.Summary())
			}
		}
		checked++
	}
	if checked != 4 {
		t.Errorf("checked %d CDP frames, want 4", checked)
	}
}
