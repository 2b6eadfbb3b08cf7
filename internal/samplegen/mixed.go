package samplegen

import (
	"net/netip"
	"time"
)

// The mixed-edge host and its peers, as in the kernel RX model's test setup.
var (
	// MixedHostMAC is the receiving device of mixed-edge.pcap.
	MixedHostMAC = [6]byte{0x02, 0x00, 0x00, 0x00, 0x00, 0x0b}
	// MixedPeerMAC sends every frame of mixed-edge.pcap.
	MixedPeerMAC = [6]byte{0x02, 0x00, 0x00, 0x00, 0x00, 0x0a}
	// MixedForeignMAC is a unicast address that is not the host's.
	MixedForeignMAC = [6]byte{0x02, 0x00, 0x00, 0x00, 0x00, 0x0c}

	mixedHostIP    = netip.MustParseAddr("10.0.0.11")
	mixedPeerIP    = netip.MustParseAddr("10.0.0.10")
	mixedForeignIP = netip.MustParseAddr("10.0.0.12")
)

// MixedCopies is how many copies of each case mixed-edge.pcap holds (the
// snap-length case has one).
const MixedCopies = 3

// MixedSnapLen is the capture length of the one truncated frame.
const MixedSnapLen = 96

type mixedCase struct {
	note  string
	build func(k int) []byte // k is the copy number, from 0
}

func mixedPing(k int, dst netip.Addr) []byte {
	data := make([]byte, 32)
	for i := range data {
		data[i] = byte(0x61 + i%23)
	}
	h := IPv4Header{ID: uint16(0x1000 + k), DF: true, TTL: 64, Protocol: ProtoICMP, Src: mixedPeerIP, Dst: dst}
	return IPv4(h, ICMPEcho(8, 0x0d5c, uint16(k+1), data))
}

func mixedLocal(k int) []byte {
	p := []byte{0x01, 0x02, 0x00, byte(k)}
	return append(p, "dropscope mixed-edge"...)
}

func tagged(tags []Tag, typ uint16, payload []byte) []byte {
	return Pad(Tagged(MixedHostMAC, MixedPeerMAC, tags, typ, payload))
}

var (
	bpduMixed = BPDU{
		Root:   BridgeID{0x8000, MixedPeerMAC},
		Bridge: BridgeID{0x8000, MixedPeerMAC},
		PortID: 0x8001, MaxAge: Seconds(20), HelloTime: Seconds(2), ForwardDelay: Seconds(15),
	}
	c1 = Tag{TPID: TypeVLAN, VID: 5}
	c0 = Tag{TPID: TypeVLAN, VID: 0, PCP: 5}
	c6 = Tag{TPID: TypeVLAN, VID: 6}
	c7 = Tag{TPID: TypeVLAN, VID: 7}
	s5 = Tag{TPID: TypeQinQ, VID: 5}
)

var mixedCases = []mixedCase{
	{"EtherType 0x88b5 (local experimental) to host MAC", func(k int) []byte {
		return Pad(Ethernet(MixedHostMAC, MixedPeerMAC, TypeLocal1, mixedLocal(k)))
	}},
	{"EtherType 0x9000 loopback (CTP) to host MAC", func(k int) []byte {
		p := []byte{0, 0, 0, 1, 0, byte(k)} // skip count, reply function, receipt number
		return Pad(Ethernet(MixedHostMAC, MixedPeerMAC, TypeLoop, p))
	}},
	{"EtherType 0x8808 MAC Control PAUSE to 01:80:c2:00:00:01", func(int) []byte {
		return PauseFrame(MixedPeerMAC, 0xffff)
	}},
	{"EtherType 0x8809 Slow Protocols LACPDU to 01:80:c2:00:00:02", func(int) []byte {
		a := LACPActor{SystemPriority: 0x8000, System: MixedPeerMAC, Key: 0x000f, PortPriority: 0x00ff, Port: 1, State: 0x3d}
		p := LACPActor{SystemPriority: 0x8000, System: MixedHostMAC, Key: 0x0009, PortPriority: 0x00ff, Port: 1, State: 0x3d}
		return Pad(Ethernet(SlowGroup, MixedPeerMAC, TypeSlow, LACPDU(a, p)))
	}},
	{"EtherType 0x8809 Slow Protocols marker PDU to 01:80:c2:00:00:02", func(k int) []byte {
		return Pad(Ethernet(SlowGroup, MixedPeerMAC, TypeSlow, MarkerPDU(1, MixedPeerMAC, uint32(k))))
	}},
	{"EtherType 0x888e EAPOL-Start to 01:80:c2:00:00:03", func(int) []byte {
		return EAPOLStart(MixedPeerMAC)
	}},
	{"EtherType 0x88cc LLDP to 01:80:c2:00:00:0e", func(int) []byte {
		return LLDP(MixedPeerMAC, LLDPInfo{Chassis: MixedPeerMAC, PortName: "va", TTL: 120, SysName: "peer"})
	}},
	{"EtherType 0x8848 MPLS multicast to 01:00:5e:80:00:01", func(k int) []byte {
		inner := mixedPing(k, netip.MustParseAddr("239.1.1.1"))
		label := []byte{0x00, 0x01, 0x01, 0x40} // label 16, TC 0, bottom of stack, TTL 64
		return Pad(Ethernet([6]byte{0x01, 0x00, 0x5e, 0x80, 0x00, 0x01}, MixedPeerMAC, TypeMPLSMc, append(label, inner...)))
	}},
	{"EtherType 0x8863 PPPoE discovery (PADI) broadcast", func(k int) []byte {
		return PPPoEPADI(MixedPeerMAC, uint32(0x5a5a0000+k))
	}},
	{"TPID 0x9100 VID 5 + IPv4 to host MAC (not a VLAN type)", func(k int) []byte {
		return tagged([]Tag{{TPID: TypeOldQinQ, VID: 5}}, TypeIPv4, mixedPing(k, mixedHostIP))
	}},
	{"802.3 length 0x0026 + LLC 42/42/03 config BPDU to 01:80:c2:00:00:00", func(int) []byte {
		return ConfigBPDU(MixedPeerMAC, bpduMixed)
	}},
	{"802.3 length + LLC F0/F0/03 NetBIOS name query to 03:00:00:00:00:01", func(int) []byte {
		return IEEE8023(NetBIOSGroup, MixedPeerMAC, LLC(0xf0, 0xf0, 0x03, NetBIOSNameQuery("FILESRV")))
	}},
	{"802.3 length + SNAP 00000c/2000 CDP to 01:00:0c:cc:cc:cc", func(int) []byte {
		return IEEE8023(CiscoGroup, MixedPeerMAC, SNAP(OUICisco, 0x2000, CDP("peer-sw", "GigabitEthernet0/1", "WS-C2960X-48TS-L")))
	}},
	{"802.3 length + SNAP 00000c/010b PVST+ BPDU to 01:00:0c:cc:cc:cd", func(int) []byte {
		b := ConfigBPDUMsg(bpduMixed)
		b = append(b, 0, 0, 0, 0, 0, 2, 0, 1) // pad, PVID TLV: type 0, length 2, VLAN 1
		return IEEE8023(PVSTGroup, MixedPeerMAC, SNAP(OUICisco, 0x010b, b))
	}},
	{"802.3 length + SNAP 00000c/2003 VTP summary to 01:00:0c:cc:cc:cc", func(int) []byte {
		return IEEE8023(CiscoGroup, MixedPeerMAC, SNAP(OUICisco, 0x2003, VTPSummary("DC1", 42, [4]byte{10, 0, 0, 10})))
	}},
	{"802.3 length + SNAP 00000c/2004 DTP to 01:00:0c:cc:cc:cc", func(int) []byte {
		return IEEE8023(CiscoGroup, MixedPeerMAC, SNAP(OUICisco, 0x2004, DTP("DC1", MixedPeerMAC)))
	}},
	{"raw 802.3: length + FF FF (IPX SAP query) broadcast", func(int) []byte {
		return IEEE8023(Broadcast, MixedPeerMAC, IPXSAPQuery(MixedPeerMAC))
	}},
	{"type/length 0x05dd (neither length nor type) + 42 42 03", func(int) []byte {
		return Pad(Ethernet(MixedHostMAC, MixedPeerMAC, 0x05dd, LLC(0x42, 0x42, 0x03, []byte{0, 0, 0, 0x80})))
	}},
	{"type/length 0x05dd + FF FF", func(int) []byte {
		return Pad(Ethernet(MixedHostMAC, MixedPeerMAC, 0x05dd, []byte{0xff, 0xff, 0x00, 0x2e}))
	}},
	{"type/length 0x05ff (neither length nor type) + 42 42 03", func(int) []byte {
		return Pad(Ethernet(MixedHostMAC, MixedPeerMAC, 0x05ff, LLC(0x42, 0x42, 0x03, []byte{0, 0, 0, 0x80})))
	}},
	{"type/length 0x05ff + FF FF", func(int) []byte {
		return Pad(Ethernet(MixedHostMAC, MixedPeerMAC, 0x05ff, []byte{0xff, 0xff, 0x00, 0x2e}))
	}},
	{"EtherType 0x0600 (first EtherType value) to host MAC", func(k int) []byte {
		return Pad(Ethernet(MixedHostMAC, MixedPeerMAC, 0x0600, mixedLocal(k)))
	}},
	{"802.1Q VID 5 + IPv4 to host MAC", func(k int) []byte {
		return tagged([]Tag{c1}, TypeIPv4, mixedPing(k, mixedHostIP))
	}},
	{"802.1Q VID 5 + 0x88b5 to host MAC", func(k int) []byte {
		return tagged([]Tag{c1}, TypeLocal1, mixedLocal(k))
	}},
	{"802.1Q VID 0 (priority tag) + IPv4 to host MAC", func(k int) []byte {
		return tagged([]Tag{c0}, TypeIPv4, mixedPing(k, mixedHostIP))
	}},
	{"802.1Q VID 0 (priority tag) + 0x88b5 to host MAC", func(k int) []byte {
		return tagged([]Tag{c0}, TypeLocal1, mixedLocal(k))
	}},
	{"802.1ad 0x88a8 VID 5 + 802.1Q VID 6 + IPv4 (QinQ) to host MAC", func(k int) []byte {
		return tagged([]Tag{s5, c6}, TypeIPv4, mixedPing(k, mixedHostIP))
	}},
	{"802.1Q VID 0 + 802.1Q VID 7 + IPv4 to host MAC", func(k int) []byte {
		return tagged([]Tag{c0, c7}, TypeIPv4, mixedPing(k, mixedHostIP))
	}},
	{"802.1Q VID 0 + 802.1Q VID 7 + 0x88b5 to host MAC", func(k int) []byte {
		return tagged([]Tag{c0, c7}, TypeLocal1, mixedLocal(k))
	}},
	{"802.1Q VID 0 + VID 7 + 0x88b5, 22 bytes, no payload (untag length check)", func(int) []byte {
		return Tagged(MixedHostMAC, MixedPeerMAC, []Tag{c0, c7}, TypeLocal1, nil)
	}},
	{"802.1ad 0x88a8 VID 5 + 0x88b5 to host MAC", func(k int) []byte {
		return tagged([]Tag{s5}, TypeLocal1, mixedLocal(k))
	}},
	{"802.1Q VID 5 + 802.3 length + LLC 42/42/03 BPDU to 01:80:c2:00:00:00", func(int) []byte {
		p := LLC(0x42, 0x42, 0x03, ConfigBPDUMsg(bpduMixed))
		return Pad(Tagged(STPGroup, MixedPeerMAC, []Tag{c1}, uint16(len(p)), p))
	}},
	{"IPv4 ICMP echo request to host MAC", func(k int) []byte {
		return Pad(Ethernet(MixedHostMAC, MixedPeerMAC, TypeIPv4, mixedPing(k, mixedHostIP)))
	}},
	{"IPv4 UDP to 255.255.255.255, broadcast MAC", func(k int) []byte {
		bc := netip.MustParseAddr("255.255.255.255")
		h := IPv4Header{ID: uint16(0x2000 + k), TTL: 64, Protocol: ProtoUDP, Src: mixedPeerIP, Dst: bc}
		return Pad(Ethernet(Broadcast, MixedPeerMAC, TypeIPv4, IPv4(h, UDP(mixedPeerIP, bc, 40000, 9, []byte("discard")))))
	}},
	{"IPv4 ICMP echo request to a foreign unicast MAC (OTHERHOST)", func(k int) []byte {
		return Pad(Ethernet(MixedForeignMAC, MixedPeerMAC, TypeIPv4, mixedPing(k, mixedForeignIP)))
	}},
	{"ARP request who-has 10.0.0.11, broadcast", func(int) []byte {
		return ARPFrame(Broadcast, ARPRequest, MixedPeerMAC, mixedPeerIP, [6]byte{}, mixedHostIP)
	}},
	{"ARP reply 10.0.0.10 is-at 02:00:00:00:00:0a to host MAC", func(int) []byte {
		return ARPFrame(MixedHostMAC, ARPReply, MixedPeerMAC, mixedPeerIP, MixedHostMAC, mixedHostIP)
	}},
	{"ARP reply to a foreign unicast MAC (OTHERHOST)", func(int) []byte {
		return ARPFrame(MixedForeignMAC, ARPReply, MixedPeerMAC, mixedPeerIP, MixedForeignMAC, mixedForeignIP)
	}},
	{"IPv6 neighbour solicitation to solicited-node multicast", func(int) []byte {
		return NeighborSolicit(MixedPeerMAC, LinkLocal(MixedPeerMAC), LinkLocal(MixedHostMAC))
	}},
	{"IPv6 MLDv2 report to ff02::16 (hop-by-hop router alert)", func(int) []byte {
		sn := SolicitedNode(LinkLocal(MixedPeerMAC))
		return MLDv2Report(MixedPeerMAC, LinkLocal(MixedPeerMAC), []MLDRecord{{Type: MLDModeIsExclude, Group: sn}})
	}},
	{"IPv6 DHCPv6 Solicit to ff02::1:2", func(k int) []byte {
		return DHCPv6Solicit(MixedPeerMAC, Solicit{XID: 0x00a1b2, Elapsed: uint16(100 * k), IAID: 1, ORO: []uint16{23, 24}})
	}},
	{"IPv6 ICMPv6 echo request to host MAC", func(k int) []byte {
		return EchoRequest6(MixedHostMAC, MixedPeerMAC, LinkLocal(MixedPeerMAC), LinkLocal(MixedHostMAC), 0x0d5c, uint16(k+1), []byte("dropscope"))
	}},
}

// MixedEdge returns the frames of samples/mixed-edge.pcap: each case of
// mixedCases MixedCopies times, in order, then one IPv4 frame cut by a snap
// length of MixedSnapLen. Frames are one second apart plus a sub-microsecond
// offset, so the nanosecond timestamps of the file matter.
func MixedEdge() []Packet {
	var out []Packet
	add := func(data []byte, orig int, note string) {
		n := len(out)
		out = append(out, Packet{
			Time:    Start.Add(time.Duration(n)*time.Second + time.Duration(n*137+11)*time.Nanosecond),
			Data:    data,
			OrigLen: orig,
			Note:    note,
		})
	}
	for _, c := range mixedCases {
		for k := range MixedCopies {
			b := c.build(k)
			add(b, len(b), c.note)
		}
	}
	payload := make([]byte, 1448)
	for i := range payload {
		payload[i] = byte(i)
	}
	seg := TCPSegment{SrcPort: 40022, DstPort: 22, Seq: 0x1e240, Ack: 0x5f5e100, Flags: TCPAck, Window: 501, Options: TCPOptsTS(1000, 2000), Payload: payload}
	h := IPv4Header{ID: 0x3000, DF: true, TTL: 64, Protocol: ProtoTCP, Src: mixedPeerIP, Dst: mixedHostIP}
	full := Ethernet(MixedHostMAC, MixedPeerMAC, TypeIPv4, IPv4(h, TCP(mixedPeerIP, mixedHostIP, seg)))
	add(full[:MixedSnapLen:MixedSnapLen], len(full), "IPv4 TCP 1514 bytes to host MAC, captured 96 (snaplen cut)")
	return out
}
