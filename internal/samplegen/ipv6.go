package samplegen

import (
	"encoding/binary"
	"net/netip"
)

// Well-known IPv6 multicast groups.
var (
	AllNodes          = netip.MustParseAddr("ff02::1")
	AllRouters        = netip.MustParseAddr("ff02::2")
	AllMLDv2Routers   = netip.MustParseAddr("ff02::16")
	AllDHCPv6Agents   = netip.MustParseAddr("ff02::1:2") // All_DHCP_Relay_Agents_and_Servers, RFC 8415 §7.1
	UnspecifiedIPv6   = netip.IPv6Unspecified()
	solicitedNodeBase = netip.MustParseAddr("ff02::1:ff00:0")
)

// LinkLocal returns the fe80::/64 address with the modified EUI-64 interface
// identifier of mac (RFC 4291 appendix A).
func LinkLocal(mac [6]byte) netip.Addr {
	var a [16]byte
	a[0], a[1] = 0xfe, 0x80
	a[8], a[9], a[10] = mac[0]^0x02, mac[1], mac[2]
	a[11], a[12] = 0xff, 0xfe
	a[13], a[14], a[15] = mac[3], mac[4], mac[5]
	return netip.AddrFrom16(a)
}

// SolicitedNode returns the solicited-node multicast address of a
// (RFC 4291 §2.7.1).
func SolicitedNode(a netip.Addr) netip.Addr {
	s, b := solicitedNodeBase.As16(), a.As16()
	s[13], s[14], s[15] = b[13], b[14], b[15]
	return netip.AddrFrom16(s)
}

// MulticastMAC returns 33:33 followed by the low 32 bits of the IPv6
// multicast address a (RFC 2464 §7).
func MulticastMAC(a netip.Addr) [6]byte {
	b := a.As16()
	return [6]byte{0x33, 0x33, b[12], b[13], b[14], b[15]}
}

// IPv6Header holds the IPv6 header fields the builders set (RFC 8200 §3).
// The payload length is computed.
type IPv6Header struct {
	TrafficClass uint8
	FlowLabel    uint32 // 20 bits
	NextHeader   uint8
	HopLimit     uint8
	Src, Dst     netip.Addr
}

// IPv6 returns the 40-octet header followed by payload.
func IPv6(h IPv6Header, payload []byte) []byte {
	b := make([]byte, 40, 40+len(payload))
	binary.BigEndian.PutUint32(b[0:], 6<<28|uint32(h.TrafficClass)<<20|h.FlowLabel&0xfffff)
	binary.BigEndian.PutUint16(b[4:], uint16(len(payload)))
	b[6] = h.NextHeader
	b[7] = h.HopLimit
	s, d := h.Src.As16(), h.Dst.As16()
	copy(b[8:24], s[:])
	copy(b[24:40], d[:])
	return append(b, payload...)
}

// ICMPv6 returns an ICMPv6 message (type, code, checksum, body) with the
// checksum computed over the IPv6 pseudo-header (RFC 4443 §2.3).
func ICMPv6(src, dst netip.Addr, typ, code uint8, body []byte) []byte {
	b := append([]byte{typ, code, 0, 0}, body...)
	binary.BigEndian.PutUint16(b[2:], Checksum(pseudoHeader(src, dst, ProtoICMPv6, len(b)), b))
	return b
}

// ipv6Frame wraps an upper-layer message in IPv6 and Ethernet, with the
// destination MAC derived from dst when dst is multicast.
func ipv6Frame(dstMAC, src [6]byte, h IPv6Header, payload []byte) []byte {
	return Pad(Ethernet(dstMAC, src, TypeIPv6, IPv6(h, payload)))
}

func dstMACFor(dst netip.Addr, unicast [6]byte) [6]byte {
	if dst.IsMulticast() {
		return MulticastMAC(dst)
	}
	return unicast
}

// ndpSLLA returns the Source Link-Layer Address option (RFC 4861 §4.6.1).
func ndpSLLA(mac [6]byte) []byte {
	return append([]byte{1, 1}, mac[:]...)
}

// RouterSolicit returns a router solicitation from srcIP to ff02::2, hop
// limit 255, with a source link-layer address option unless srcIP is
// unspecified (RFC 4861 §4.1).
func RouterSolicit(src [6]byte, srcIP netip.Addr) []byte {
	body := []byte{0, 0, 0, 0}
	if !srcIP.IsUnspecified() {
		body = append(body, ndpSLLA(src)...)
	}
	msg := ICMPv6(srcIP, AllRouters, 133, 0, body)
	return ipv6Frame(MulticastMAC(AllRouters), src, IPv6Header{NextHeader: ProtoICMPv6, HopLimit: 255, Src: srcIP, Dst: AllRouters}, msg)
}

// NeighborSolicit returns a neighbour solicitation for target sent to its
// solicited-node group. With srcIP unspecified it is a duplicate address
// detection probe and carries no link-layer option (RFC 4861 §4.3, RFC 4862
// §5.4.2).
func NeighborSolicit(src [6]byte, srcIP, target netip.Addr) []byte {
	dst := SolicitedNode(target)
	t := target.As16()
	body := append([]byte{0, 0, 0, 0}, t[:]...)
	if !srcIP.IsUnspecified() {
		body = append(body, ndpSLLA(src)...)
	}
	msg := ICMPv6(srcIP, dst, 135, 0, body)
	return ipv6Frame(MulticastMAC(dst), src, IPv6Header{NextHeader: ProtoICMPv6, HopLimit: 255, Src: srcIP, Dst: dst}, msg)
}

// EchoRequest6 returns an ICMPv6 echo request (RFC 4443 §4.1) from srcIP to
// dstIP in a frame to dstMAC (derived from dstIP if it is multicast).
func EchoRequest6(dstMAC, src [6]byte, srcIP, dstIP netip.Addr, id, seq uint16, data []byte) []byte {
	body := []byte{byte(id >> 8), byte(id), byte(seq >> 8), byte(seq)}
	msg := ICMPv6(srcIP, dstIP, 128, 0, append(body, data...))
	return ipv6Frame(dstMACFor(dstIP, dstMAC), src, IPv6Header{NextHeader: ProtoICMPv6, HopLimit: 64, Src: srcIP, Dst: dstIP}, msg)
}

// MLDv2 multicast address record types (RFC 3810 §5.2.12).
const (
	MLDModeIsInclude   uint8 = 1
	MLDModeIsExclude   uint8 = 2
	MLDChangeToInclude uint8 = 3
	MLDChangeToExclude uint8 = 4
	MLDAllowNew        uint8 = 5
	MLDBlockOld        uint8 = 6
)

// MLDRecord is one multicast address record of an MLDv2 report.
type MLDRecord struct {
	Type    uint8
	Group   netip.Addr
	Sources []netip.Addr
}

// MLDv2Report returns an MLDv2 report (ICMPv6 type 143) to ff02::16 with hop
// limit 1 behind a hop-by-hop header carrying the router alert option
// (RFC 3810 §5.2, RFC 2711). srcIP may be :: (RFC 3810 §5.2.13).
func MLDv2Report(src [6]byte, srcIP netip.Addr, records []MLDRecord) []byte {
	body := []byte{0, 0, byte(len(records) >> 8), byte(len(records))}
	for _, r := range records {
		g := r.Group.As16()
		body = append(body, r.Type, 0, byte(len(r.Sources)>>8), byte(len(r.Sources)))
		body = append(body, g[:]...)
		for _, s := range r.Sources {
			a := s.As16()
			body = append(body, a[:]...)
		}
	}
	msg := ICMPv6(srcIP, AllMLDv2Routers, 143, 0, body)
	// Hop-by-hop: next header ICMPv6, length 0 (8 octets), router alert
	// (type 5, length 2, value 0 = MLD), PadN with 0 octets of data.
	hbh := []byte{ProtoICMPv6, 0, 5, 2, 0, 0, 1, 0}
	return ipv6Frame(MulticastMAC(AllMLDv2Routers), src,
		IPv6Header{NextHeader: ProtoHopByHop, HopLimit: 1, Src: srcIP, Dst: AllMLDv2Routers}, append(hbh, msg...))
}

// DHCPv6 option codes (RFC 8415 §21, RFC 5970).
const (
	DHCPv6OptClientID    uint16 = 1
	DHCPv6OptIANA        uint16 = 3
	DHCPv6OptORO         uint16 = 6
	DHCPv6OptElapsedTime uint16 = 8
	DHCPv6OptVendorClass uint16 = 16
	DHCPv6OptClientArch  uint16 = 61
	DHCPv6OptNII         uint16 = 62
)

// Solicit holds the variable parts of a DHCPv6 Solicit.
type Solicit struct {
	XID         uint32 // transaction ID, 24 bits
	Elapsed     uint16 // elapsed time in hundredths of a second
	DUIDTime    uint32 // if nonzero, DUID-LLT with this time; else DUID-LL
	IAID        uint32
	ORO         []uint16
	Enterprise  uint32 // vendor class enterprise number; 0 omits the option
	VendorClass string // the single vendor-class-data item
	Arch        uint16 // client architecture (RFC 5970); 0 omits options 61 and 62
}

func dhcpv6Opt(b []byte, code uint16, data []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, code)
	b = binary.BigEndian.AppendUint16(b, uint16(len(data)))
	return append(b, data...)
}

// DUID returns DUID-LLT (type 1, when t != 0) or DUID-LL (type 3) for an
// Ethernet address (RFC 8415 §11.2, §11.4).
func DUID(mac [6]byte, t uint32) []byte {
	if t != 0 {
		b := []byte{0, 1, 0, 1}
		b = binary.BigEndian.AppendUint32(b, t)
		return append(b, mac[:]...)
	}
	return append([]byte{0, 3, 0, 1}, mac[:]...)
}

// DHCPv6SolicitMsg returns the DHCPv6 Solicit message (RFC 8415 §16.2):
// msg-type 1, transaction ID, client identifier, elapsed time, IA_NA with T1
// and T2 zero, option request, vendor class, client architecture and NII.
func DHCPv6SolicitMsg(src [6]byte, s Solicit) []byte {
	b := []byte{1, byte(s.XID >> 16), byte(s.XID >> 8), byte(s.XID)}
	b = dhcpv6Opt(b, DHCPv6OptClientID, DUID(src, s.DUIDTime))
	b = dhcpv6Opt(b, DHCPv6OptElapsedTime, []byte{byte(s.Elapsed >> 8), byte(s.Elapsed)})
	ia := binary.BigEndian.AppendUint32(nil, s.IAID)
	ia = append(ia, 0, 0, 0, 0, 0, 0, 0, 0)
	b = dhcpv6Opt(b, DHCPv6OptIANA, ia)
	if len(s.ORO) > 0 {
		var o []byte
		for _, c := range s.ORO {
			o = binary.BigEndian.AppendUint16(o, c)
		}
		b = dhcpv6Opt(b, DHCPv6OptORO, o)
	}
	if s.Enterprise != 0 {
		v := binary.BigEndian.AppendUint32(nil, s.Enterprise)
		v = binary.BigEndian.AppendUint16(v, uint16(len(s.VendorClass)))
		v = append(v, s.VendorClass...)
		b = dhcpv6Opt(b, DHCPv6OptVendorClass, v)
	}
	if s.Arch != 0 {
		b = dhcpv6Opt(b, DHCPv6OptClientArch, []byte{byte(s.Arch >> 8), byte(s.Arch)})
		b = dhcpv6Opt(b, DHCPv6OptNII, []byte{1, 3, 0}) // UNDI 3.0
	}
	return b
}

// DHCPv6Solicit returns the Ethernet frame of a Solicit from src's
// link-local address to ff02::1:2, UDP 546 to 547, hop limit 1, destination
// MAC 33:33:00:01:00:02.
func DHCPv6Solicit(src [6]byte, s Solicit) []byte {
	ll := LinkLocal(src)
	u := UDP(ll, AllDHCPv6Agents, 546, 547, DHCPv6SolicitMsg(src, s))
	return ipv6Frame(MulticastMAC(AllDHCPv6Agents), src,
		IPv6Header{NextHeader: ProtoUDP, HopLimit: 1, Src: ll, Dst: AllDHCPv6Agents}, u)
}
