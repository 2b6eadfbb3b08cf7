package samplegen_test

import (
	"bytes"
	"encoding/binary"
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/dropscope/dropscope/internal/samplegen"
)

// These tests decode the generated frames with gopacket/layers, a second
// implementation of the formats, and recompute every checksum with
// gopacket's serialisers.

func decode(b []byte) gopacket.Packet {
	return gopacket.NewPacket(b, layers.LayerTypeEthernet, gopacket.Default)
}

// serializedChecksum serialises l (whose payload is payload) with
// ComputeChecksums and returns the 16-bit field at off.
func serializedChecksum(t *testing.T, l gopacket.SerializableLayer, payload []byte, off int) uint16 {
	t.Helper()
	buf := gopacket.NewSerializeBuffer()
	err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{ComputeChecksums: true}, l, gopacket.Payload(payload))
	if err != nil {
		t.Fatalf("serialize %v: %v", l.LayerType(), err)
	}
	return binary.BigEndian.Uint16(buf.Bytes()[off:])
}

// checkChecksums recomputes the IPv4 header, UDP, TCP, ICMP and ICMPv6
// checksums of a decoded frame with gopacket and compares them with the
// frame's, and verifies them with Checksum as well.
func checkChecksums(t *testing.T, name string, pkt gopacket.Packet) {
	t.Helper()
	var nl gopacket.NetworkLayer
	if ip4, ok := pkt.Layer(layers.LayerTypeIPv4).(*layers.IPv4); ok {
		nl = ip4
		if samplegen.Checksum(ip4.Contents) != 0 {
			t.Errorf("%s: IPv4 header checksum does not verify", name)
		}
		c := *ip4
		if got := serializedChecksum(t, &c, nil, 10); got != ip4.Checksum {
			t.Errorf("%s: IPv4 checksum %#04x, gopacket %#04x", name, ip4.Checksum, got)
		}
	}
	if ip6, ok := pkt.Layer(layers.LayerTypeIPv6).(*layers.IPv6); ok {
		nl = ip6
	}
	if udp, ok := pkt.Layer(layers.LayerTypeUDP).(*layers.UDP); ok {
		c := *udp
		if err := c.SetNetworkLayerForChecksum(nl); err != nil {
			t.Fatal(err)
		}
		if got := serializedChecksum(t, &c, udp.Payload, 6); got != udp.Checksum {
			t.Errorf("%s: UDP checksum %#04x, gopacket %#04x", name, udp.Checksum, got)
		}
	}
	if tcp, ok := pkt.Layer(layers.LayerTypeTCP).(*layers.TCP); ok && !pkt.Metadata().Truncated {
		c := *tcp
		if err := c.SetNetworkLayerForChecksum(nl); err != nil {
			t.Fatal(err)
		}
		if got := serializedChecksum(t, &c, tcp.Payload, 16); got != tcp.Checksum {
			t.Errorf("%s: TCP checksum %#04x, gopacket %#04x", name, tcp.Checksum, got)
		}
	}
	if icmp, ok := pkt.Layer(layers.LayerTypeICMPv4).(*layers.ICMPv4); ok {
		if samplegen.Checksum(icmp.Contents, icmp.Payload) != 0 {
			t.Errorf("%s: ICMP checksum does not verify", name)
		}
	}
	if icmp, ok := pkt.Layer(layers.LayerTypeICMPv6).(*layers.ICMPv6); ok {
		c := *icmp
		if err := c.SetNetworkLayerForChecksum(nl); err != nil {
			t.Fatal(err)
		}
		if got := serializedChecksum(t, &c, icmp.Payload, 2); got != icmp.Checksum {
			t.Errorf("%s: ICMPv6 checksum %#04x, gopacket %#04x", name, icmp.Checksum, got)
		}
	}
}

func TestGopacketIncident(t *testing.T) {
	seen := map[string]int{}
	for i, p := range samplegen.Incident() {
		pkt := decode(p.Data)
		// gopacket has no decoder for 0x88b5 and rejects 4-octet TCN BPDUs.
		if el := pkt.ErrorLayer(); el != nil && !strings.Contains(p.Note, "0x88b5") && !strings.HasPrefix(p.Note, "TCN") {
			t.Fatalf("frame %d (%s): %v", i+1, p.Note, el.Error())
		}
		checkChecksums(t, p.Note, pkt)
		eth := pkt.Layer(layers.LayerTypeEthernet).(*layers.Ethernet)
		src := [6]byte(eth.SrcMAC)
		switch {
		case strings.HasPrefix(p.Note, "DHCPv6 Solicit"):
			seen["dhcpv6"]++
			checkSolicit(t, p.Note, pkt, src, true)
		case strings.HasPrefix(p.Note, "MLDv2 report"):
			seen["mld"]++
			checkMLD(t, p.Note, pkt, src)
		case strings.HasPrefix(p.Note, "RS "):
			seen["rs"]++
			if _, ok := pkt.Layer(layers.LayerTypeICMPv6RouterSolicitation).(*layers.ICMPv6RouterSolicitation); !ok {
				t.Errorf("%s: no router solicitation", p.Note)
			}
		case strings.HasPrefix(p.Note, "NS "):
			seen["ns"]++
			ns, ok := pkt.Layer(layers.LayerTypeICMPv6NeighborSolicitation).(*layers.ICMPv6NeighborSolicitation)
			ip6 := pkt.Layer(layers.LayerTypeIPv6).(*layers.IPv6)
			if !ok || !bytes.Equal(ip6.DstIP[13:], ns.TargetAddress[13:]) || ip6.HopLimit != 255 {
				t.Errorf("%s: NS not to the target's solicited-node group", p.Note)
			}
		case strings.Contains(p.Note, "BPDU"):
			seen["bpdu"]++
			checkBPDU(t, p.Note, p.Data)
		case strings.HasPrefix(p.Note, "LLDP"):
			seen["lldp"]++
			lldp, ok := pkt.Layer(layers.LayerTypeLinkLayerDiscovery).(*layers.LinkLayerDiscovery)
			info, ok2 := pkt.Layer(layers.LayerTypeLinkLayerDiscoveryInfo).(*layers.LinkLayerDiscoveryInfo)
			if !ok || !ok2 || string(lldp.PortID.ID) != "Gi1/0/24" || lldp.TTL != 120 || info.SysName != "sw-core-1" ||
				lldp.ChassisID.Subtype != layers.LLDPChassisIDSubTypeMACAddr {
				t.Errorf("%s: LLDP decodes as %+v %+v", p.Note, lldp, info)
			}
		case strings.HasPrefix(p.Note, "ARP"):
			seen["arp"]++
			if _, ok := pkt.Layer(layers.LayerTypeARP).(*layers.ARP); !ok {
				t.Errorf("%s: not ARP", p.Note)
			}
		case eth.EthernetType == layers.EthernetTypeIPv4:
			seen["ipv4"]++
			if pkt.TransportLayer() == nil && pkt.Layer(layers.LayerTypeICMPv4) == nil {
				t.Errorf("%s: IPv4 without transport", p.Note)
			}
		}
	}
	for _, k := range []string{"dhcpv6", "mld", "rs", "ns", "bpdu", "lldp", "arp", "ipv4"} {
		if seen[k] == 0 {
			t.Errorf("no %s frames checked", k)
		}
	}
}

// checkSolicit checks a Solicit; firmware means the incident's options
// (option request, vendor class) are expected too.
func checkSolicit(t *testing.T, note string, pkt gopacket.Packet, src [6]byte, firmware bool) {
	t.Helper()
	d, ok := pkt.Layer(layers.LayerTypeDHCPv6).(*layers.DHCPv6)
	if !ok {
		t.Fatalf("%s: no DHCPv6 layer", note)
	}
	if d.MsgType != layers.DHCPv6MsgTypeSolicit {
		t.Errorf("%s: msg type %v", note, d.MsgType)
	}
	udp := pkt.Layer(layers.LayerTypeUDP).(*layers.UDP)
	ip6 := pkt.Layer(layers.LayerTypeIPv6).(*layers.IPv6)
	ll := samplegen.LinkLocal(src).As16()
	if udp.SrcPort != 546 || udp.DstPort != 547 || !ip6.SrcIP.Equal(net.IP(ll[:])) || !ip6.DstIP.Equal(net.ParseIP("ff02::1:2")) ||
		!bytes.Equal(pkt.LinkLayer().LinkFlow().Dst().Raw(), []byte{0x33, 0x33, 0, 1, 0, 2}) {
		t.Errorf("%s: addressing %v %v %v>%v", note, udp.SrcPort, udp.DstPort, ip6.SrcIP, ip6.DstIP)
	}
	codes := map[layers.DHCPv6Opt][]byte{}
	for _, o := range d.Options {
		codes[o.Code] = o.Data
	}
	var duid layers.DHCPv6DUID
	if err := duid.DecodeFromBytes(codes[layers.DHCPv6OptClientID]); err != nil {
		t.Fatalf("%s: client ID: %v", note, err)
	}
	if duid.Type != layers.DHCPv6DUIDTypeLL || !bytes.Equal(duid.LinkLayerAddress, src[:]) {
		t.Errorf("%s: DUID %v", note, &duid)
	}
	want := []layers.DHCPv6Opt{layers.DHCPv6OptElapsedTime, layers.DHCPv6OptIANA, layers.DHCPv6OptOro}
	if firmware {
		want = append(want, layers.DHCPv6OptVendorClass, layers.DHCPv6Opt(samplegen.DHCPv6OptClientArch))
	}
	for _, c := range want {
		if _, ok := codes[c]; !ok {
			t.Errorf("%s: no option %v", note, c)
		}
	}
}

func checkMLD(t *testing.T, note string, pkt gopacket.Packet, src [6]byte) {
	t.Helper()
	r, ok := pkt.Layer(layers.LayerTypeMLDv2MulticastListenerReport).(*layers.MLDv2MulticastListenerReportMessage)
	if !ok || len(r.MulticastAddressRecords) != 1 {
		t.Fatalf("%s: MLDv2 report does not decode", note)
	}
	sn := samplegen.SolicitedNode(samplegen.LinkLocal(src)).As16()
	if rec := r.MulticastAddressRecords[0]; !rec.MulticastAddress.Equal(net.IP(sn[:])) || rec.RecordType != layers.MLDv2MulticastAddressRecordTypeChangeToExcludeMode {
		t.Errorf("%s: record %+v", note, rec)
	}
	hbh, ok := pkt.Layer(layers.LayerTypeIPv6HopByHop).(*layers.IPv6HopByHop)
	if !ok || len(hbh.Options) == 0 || hbh.Options[0].OptionType != 5 {
		t.Errorf("%s: no router alert", note)
	}
	ip6 := pkt.Layer(layers.LayerTypeIPv6).(*layers.IPv6)
	if ip6.HopLimit != 1 || !ip6.DstIP.Equal(net.ParseIP("ff02::16")) {
		t.Errorf("%s: hop limit %d dst %v", note, ip6.HopLimit, ip6.DstIP)
	}
}

// checkBPDU decodes the 35-octet prefix with layers.STP (which knows only
// configuration BPDUs) and checks the version-specific tail by hand.
func checkBPDU(t *testing.T, note string, b []byte) {
	t.Helper()
	length := int(binary.BigEndian.Uint16(b[12:]))
	if !bytes.Equal(b[14:17], []byte{0x42, 0x42, 0x03}) || length > len(b)-14 {
		t.Fatalf("%s: LLC %x length %d", note, b[14:17], length)
	}
	bpdu := b[17 : 14+length]
	if bpdu[3] == 0x80 {
		if len(bpdu) != 4 {
			t.Errorf("%s: TCN of %d octets", note, len(bpdu))
		}
		return
	}
	var stp layers.STP
	if err := stp.DecodeFromBytes(bpdu[:35], gopacket.NilDecodeFeedback); err != nil {
		t.Fatalf("%s: layers.STP: %v", note, err)
	}
	if stp.HelloTime != 2*256 || stp.MaxAge != 20*256 || stp.FDelay != 15*256 {
		t.Errorf("%s: timers %d %d %d", note, stp.HelloTime, stp.MaxAge, stp.FDelay)
	}
	switch stp.Version {
	case 0:
		if len(bpdu) != 35 || stp.PortID != 0x8036 || stp.BridgeID.Priority != 0x8000 || stp.BridgeID.SysID != 300 ||
			!bytes.Equal(stp.BridgeID.HwAddr, []byte{0x38, 0x1c, 0x1a, 0x7a, 0xc1, 0x80}) {
			t.Errorf("%s: %+v", note, stp)
		}
		if stp.TC != strings.Contains(note, ", TC,") || stp.TCA != strings.Contains(note, "TCA") {
			t.Errorf("%s: TC %v TCA %v", note, stp.TC, stp.TCA)
		}
	case 3:
		v3 := int(binary.BigEndian.Uint16(bpdu[36:]))
		if bpdu[35] != 0 || 38+v3 != len(bpdu) || (v3-64)%16 != 0 {
			t.Errorf("%s: version 1 length %d, version 3 length %d, BPDU %d octets", note, bpdu[35], v3, len(bpdu))
		}
		name := string(bytes.TrimRight(bpdu[39:71], "\x00"))
		msti := (v3 - 64) / 16
		if strings.Contains(note, "2 MSTIs") != (msti == 2 && name == "DC1-REGION" && binary.BigEndian.Uint16(bpdu[71:]) == 1) {
			t.Errorf("%s: %d MSTIs, region %q", note, msti, name)
		}
	default:
		t.Errorf("%s: version %d", note, stp.Version)
	}
}

func TestGopacketMixedEdge(t *testing.T) {
	for i, p := range samplegen.MixedEdge() {
		pkt := gopacket.NewPacket(p.Data, layers.LayerTypeEthernet, gopacket.Default)
		if p.OrigLen > len(p.Data) {
			continue // the snap-length cut: nothing past the headers to check
		}
		checkChecksums(t, p.Note, pkt)
		switch {
		case strings.HasPrefix(p.Note, "IPv6 DHCPv6"):
			checkSolicit(t, p.Note, pkt, samplegen.MixedPeerMAC, false)
		case strings.HasPrefix(p.Note, "IPv6 MLDv2"):
			if pkt.Layer(layers.LayerTypeMLDv2MulticastListenerReport) == nil {
				t.Errorf("frame %d %s: no MLDv2 report", i+1, p.Note)
			}
		case strings.HasPrefix(p.Note, "IPv6 ICMPv6 echo"):
			if pkt.Layer(layers.LayerTypeICMPv6Echo) == nil {
				t.Errorf("frame %d %s: no echo", i+1, p.Note)
			}
		case strings.Contains(p.Note, "802.1Q VID 5 + IPv4"):
			d, ok := pkt.Layer(layers.LayerTypeDot1Q).(*layers.Dot1Q)
			if !ok || d.VLANIdentifier != 5 || pkt.Layer(layers.LayerTypeICMPv4) == nil {
				t.Errorf("frame %d %s: Dot1Q %+v", i+1, p.Note, d)
			}
		case strings.Contains(p.Note, "LLDP"):
			if pkt.Layer(layers.LayerTypeLinkLayerDiscovery) == nil {
				t.Errorf("frame %d %s: no LLDP", i+1, p.Note)
			}
		case strings.Contains(p.Note, "CDP"):
			cdp, ok := pkt.Layer(layers.LayerTypeCiscoDiscovery).(*layers.CiscoDiscovery)
			if !ok || samplegen.Checksum(cdp.Contents, cdp.Payload) != 0 {
				t.Errorf("frame %d %s: CDP does not decode or checksum wrong", i+1, p.Note)
			}
		case strings.Contains(p.Note, "EAPOL"):
			if pkt.Layer(layers.LayerTypeEAPOL) == nil {
				t.Errorf("frame %d %s: no EAPOL", i+1, p.Note)
			}
		case strings.Contains(p.Note, "config BPDU"):
			checkMixedBPDU(t, p.Note, pkt)
		}
	}
}

func checkMixedBPDU(t *testing.T, note string, pkt gopacket.Packet) {
	t.Helper()
	stp, ok := pkt.Layer(layers.LayerTypeSTP).(*layers.STP)
	if !ok || !bytes.Equal(stp.BridgeID.HwAddr, samplegen.MixedPeerMAC[:]) {
		t.Errorf("%s: STP %+v", note, stp)
	}
}

func TestGopacketCooked(t *testing.T) {
	check := func(name string, pkts []samplegen.Packet, lt gopacket.LayerType) {
		for i, p := range pkts {
			pkt := gopacket.NewPacket(p.Data, lt, gopacket.Default)
			if el := pkt.ErrorLayer(); el != nil && !strings.Contains(p.Note, "0x0004") && !strings.Contains(p.Note, "0x88b5") {
				t.Errorf("%s[%d] %s: %v", name, i, p.Note, el.Error())
			}
			var proto layers.EthernetType
			var out bool
			switch l := pkt.LinkLayer().(type) {
			case *layers.LinuxSLL2:
				proto, out = l.ProtocolType, l.PacketType == layers.LinuxSLL2PacketTypeOutgoing
				if int(l.InterfaceIndex) != p.Iface || l.ARPHardwareType != 1 || l.AddrLength != 6 {
					t.Errorf("%s[%d]: %+v", name, i, l)
				}
			case *layers.LinuxSLL:
				proto, out = l.EthernetType, l.PacketType == layers.LinuxSLLPacketTypeOutgoing
			default:
				t.Fatalf("%s[%d]: link layer %T", name, i, l)
			}
			if out != (p.Dir == samplegen.DirOutbound) {
				t.Errorf("%s[%d] %s: outgoing %v, dir %v", name, i, p.Note, out, p.Dir)
			}
			if strings.Contains(p.Note, "0x0004") != (proto == 0x0004) {
				t.Errorf("%s[%d] %s: protocol %#04x", name, i, p.Note, uint16(proto))
			}
			if proto == 0x0004 && !bytes.Equal(pkt.LinkLayer().LayerPayload()[:3], []byte{0x42, 0x42, 0x03}) {
				t.Errorf("%s[%d] %s: payload does not start at the LLC header", name, i, p.Note)
			}
			checkChecksums(t, p.Note, pkt)
		}
	}
	check("AnySLL2", samplegen.AnySLL2(), layers.LayerTypeLinuxSLL2)
	check("AnySLL", samplegen.AnySLL(), layers.LayerTypeLinuxSLL)
	if a, b := samplegen.AnySLL2(), samplegen.AnySLL(); len(b) >= len(a) {
		t.Errorf("AnySLL has %d frames, AnySLL2 %d", len(b), len(a))
	}
}

func TestBuilders(t *testing.T) {
	mac := [6]byte{0x6c, 0x0b, 0x84, 0x12, 0x34, 0x56}
	if got, want := samplegen.LinkLocal(mac), netip.MustParseAddr("fe80::6e0b:84ff:fe12:3456"); got != want {
		t.Errorf("LinkLocal = %v, want %v", got, want)
	}
	if got, want := samplegen.SolicitedNode(netip.MustParseAddr("fe80::6e0b:84ff:fe12:3456")), netip.MustParseAddr("ff02::1:ff12:3456"); got != want {
		t.Errorf("SolicitedNode = %v, want %v", got, want)
	}
	if got := samplegen.MulticastMAC(netip.MustParseAddr("ff02::1:2")); got != [6]byte{0x33, 0x33, 0, 1, 0, 2} {
		t.Errorf("MulticastMAC = %x", got)
	}
	f := samplegen.Tagged(samplegen.Broadcast, mac, []samplegen.Tag{{TPID: 0x8100, PCP: 5, VID: 7}}, 0x88b5, nil)
	if want := []byte{0x81, 0x00, 0xa0, 0x07, 0x88, 0xb5}; !bytes.Equal(f[12:], want) {
		t.Errorf("Tagged: %x, want %x", f[12:], want)
	}
	c := samplegen.Cook(samplegen.IEEE8023(samplegen.Broadcast, mac, []byte{0xff, 0xff, 0, 4}))
	if c.Protocol != 0x0001 {
		t.Errorf("Cook(raw 802.3).Protocol = %#04x", c.Protocol)
	}
}
