package samplegen

import (
	"net/netip"
	"time"
)

// The second interface of the cooked captures.
var (
	// AnyEm2MAC is em2 (ifindex 3) of the host in any-sll2.pcap.
	AnyEm2MAC = [6]byte{0x00, 0x25, 0x90, 0xaa, 0xbb, 0x02}
	anyEm2IP  = netip.MustParseAddr("10.20.31.41")
)

// Interface indexes of the cooked captures.
const (
	IfindexEm1 = 2
	IfindexEm2 = 3
)

type anyFrame struct {
	ifindex int
	host    [6]byte // the address of the capturing interface
	out     bool
	frame   []byte
	note    string
}

// anyFrames returns the frames of the cooked captures as Ethernet frames,
// with the interface and direction they were seen with.
func anyFrames() []anyFrame {
	var cist [4096]uint16
	mst := MST{ConfigName: "50da00ef5400", Digest: MSTDigest(&cist), CISTBridge: BridgeID{0x8000, swChassisMAC}, Hops: 20}
	mst.Flags = RoleDesignated | FlagLearning | FlagForwarding | FlagAgreement
	mst.Root, mst.Bridge, mst.PortID = BridgeID{0x8000, swChassisMAC}, BridgeID{0x8000, swChassisMAC}, 0x8018
	mst.MaxAge, mst.HelloTime, mst.ForwardDelay = Seconds(20), Seconds(2), Seconds(15)
	cfg := BPDU{
		Root:         BridgeID{0x612c, [6]byte{0x00, 0x1e, 0xf7, 0x10, 0x00, 0x01}},
		RootPathCost: 4, Bridge: BridgeID{0x812c, ciscoMAC}, PortID: 0x8036,
		MessageAge: Seconds(1), MaxAge: Seconds(20), HelloTime: Seconds(2), ForwardDelay: Seconds(15),
	}
	nic, nic2 := IncidentNICs[0], IncidentNICs[4]
	sol := Solicit{XID: 0x3c91e2, IAID: 0x845e210a, ORO: []uint16{23, 24, 59, 60}, Enterprise: 343, VendorClass: "PXEClient:Arch:00007:UNDI:003016", Arch: 7}
	sol2 := sol
	sol2.XID, sol2.IAID = 0x7a0d44, 0x846107d4
	ping := func(src, dst netip.Addr, id uint16) []byte {
		return IPv4(IPv4Header{ID: id, DF: true, TTL: 63, Protocol: ProtoICMP, Src: src, Dst: dst}, ICMPEcho(8, 0x1f2e, id, make([]byte, 56)))
	}
	reply := func(src, dst netip.Addr, id uint16) []byte {
		return IPv4(IPv4Header{ID: id, TTL: 64, Protocol: ProtoICMP, Src: src, Dst: dst}, ICMPEcho(0, 0x1f2e, id, make([]byte, 56)))
	}
	return []anyFrame{
		{IfindexEm1, IncidentHostMAC, false, DHCPv6Solicit(nic, sol), "DHCPv6 Solicit, multicast, em1"},
		{IfindexEm1, IncidentHostMAC, false, MSTBPDU(swPortMAC, mst), "MST BPDU, 802.3 length 0x69, multicast, em1 (protocol 0x0004)"},
		{IfindexEm1, IncidentHostMAC, false, Pad(Ethernet(IncidentHostMAC, gatewayMAC, TypeIPv4, ping(monitorIP, IncidentHostIP, 7))), "ICMP echo request to the host, em1"},
		{IfindexEm1, IncidentHostMAC, true, Pad(Ethernet(gatewayMAC, IncidentHostMAC, TypeIPv4, reply(IncidentHostIP, monitorIP, 7))), "ICMP echo reply from the host, outgoing, em1"},
		{IfindexEm1, IncidentHostMAC, false, ARPFrame(Broadcast, ARPRequest, gatewayMAC, gatewayIP, [6]byte{}, IncidentHostIP), "ARP who-has 10.20.30.41, broadcast, em1"},
		{IfindexEm1, IncidentHostMAC, true, ARPFrame(gatewayMAC, ARPReply, IncidentHostMAC, IncidentHostIP, gatewayMAC, gatewayIP), "ARP reply from the host, outgoing, em1"},
		{IfindexEm1, IncidentHostMAC, false, MLDv2Report(nic, UnspecifiedIPv6, []MLDRecord{{Type: MLDChangeToExclude, Group: SolicitedNode(LinkLocal(nic))}}), "MLDv2 report from ::, multicast, em1"},
		{IfindexEm1, IncidentHostMAC, false, ConfigBPDU(ciscoMAC, cfg), "config BPDU 812c.38:1c:1a:7a:c1:80 port 8036, multicast, em1 (protocol 0x0004)"},
		{IfindexEm2, AnyEm2MAC, false, DHCPv6Solicit(nic2, sol2), "DHCPv6 Solicit, multicast, em2"},
		{IfindexEm1, IncidentHostMAC, false, Pad(Ethernet(Broadcast, vendorMAC, TypeLocal1, []byte{1, 2, 0, 0, 0, 0, 0xa3, 0x8e})), "EtherType 0x88b5, broadcast, em1"},
		{IfindexEm1, IncidentHostMAC, false, Pad(Ethernet(appClientMAC, gatewayMAC, TypeIPv4, ping(monitorIP, appClientIP, 9))), "ICMP echo request to another host, otherhost (promiscuous), em1"},
		{IfindexEm2, AnyEm2MAC, false, RouterSolicit(nic2, LinkLocal(nic2)), "RS, multicast, em2"},
		{IfindexEm2, AnyEm2MAC, false, Pad(Ethernet(AnyEm2MAC, gatewayMAC, TypeIPv4, ping(monitorIP, anyEm2IP, 8))), "ICMP echo request to em2"},
		{IfindexEm2, AnyEm2MAC, true, Pad(Ethernet(gatewayMAC, AnyEm2MAC, TypeIPv4, reply(anyEm2IP, monitorIP, 8))), "ICMP echo reply from em2, outgoing"},
		{IfindexEm1, IncidentHostMAC, false, LLDP(swPortMAC, LLDPInfo{Chassis: swChassisMAC, PortName: "Gi1/0/24", TTL: 120, SysName: "sw-core-1"}), "LLDP, multicast, em1"},
		{IfindexEm1, IncidentHostMAC, false, TCNBPDU(tcnMAC), "TCN BPDU, multicast, em1 (protocol 0x0004)"},
		{IfindexEm1, IncidentHostMAC, true, Pad(Ethernet(Broadcast, IncidentHostMAC, TypeLocal1, []byte{9, 9, 9, 9})), "EtherType 0x88b5 sent by the host, outgoing, em1"},
		{IfindexEm1, IncidentHostMAC, false, NeighborSolicit(nic, UnspecifiedIPv6, LinkLocal(nic)), "NS (DAD) from ::, multicast, em1"},
	}
}

func cookedPackets(sll2 bool, n int) []Packet {
	var out []Packet
	for i, f := range anyFrames() {
		if i >= n {
			break
		}
		pt := PktType([6]byte(f.frame[0:6]), f.host)
		dir := DirInbound
		if f.out {
			pt, dir = PacketOutgoing, DirOutbound
		}
		c := Cook(f.frame)
		var data []byte
		if sll2 {
			data = SLL2(c, uint32(f.ifindex), pt)
		} else {
			data = SLL(c, pt)
		}
		out = append(out, Packet{
			Time:    Start.Add(time.Duration(i)*250*time.Millisecond + time.Duration(i*1733)*time.Microsecond),
			Data:    data,
			OrigLen: len(data),
			Iface:   f.ifindex,
			Dir:     dir,
			Note:    f.note,
		})
	}
	return out
}

// AnySLL2 returns the frames of samples/any-sll2.pcap: a tcpdump -i any
// style capture (LINKTYPE_LINUX_SLL2) of incident frames on em1 (ifindex 2)
// and em2 (ifindex 3), with outgoing frames among them. Data holds the
// SLL2 header and the frame without its MAC header.
func AnySLL2() []Packet { return cookedPackets(true, 1<<30) }

// AnySLL returns the frames of samples/any-sll.pcap (LINKTYPE_LINUX_SLL):
// the first eight frames of AnySLL2 with the older 16-octet header, which
// has no interface index.
func AnySLL() []Packet { return cookedPackets(false, 8) }
