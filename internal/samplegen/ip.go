package samplegen

import (
	"encoding/binary"
	"net/netip"
)

// IP protocol numbers.
const (
	ProtoHopByHop uint8 = 0
	ProtoICMP     uint8 = 1
	ProtoTCP      uint8 = 6
	ProtoUDP      uint8 = 17
	ProtoICMPv6   uint8 = 58
)

// Checksum returns the Internet checksum (RFC 1071) of the concatenation of
// parts, each of which may have odd length only if it is the last one.
func Checksum(parts ...[]byte) uint16 {
	var sum uint32
	for _, p := range parts {
		for len(p) >= 2 {
			sum += uint32(p[0])<<8 | uint32(p[1])
			p = p[2:]
		}
		if len(p) == 1 {
			sum += uint32(p[0]) << 8
		}
	}
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}

// pseudoHeader returns the IPv4 (RFC 768/793) or IPv6 (RFC 8200 §8.1)
// pseudo-header for an upper-layer checksum.
func pseudoHeader(src, dst netip.Addr, proto uint8, length int) []byte {
	var b []byte
	if src.Is4() {
		s, d := src.As4(), dst.As4()
		b = append(b, s[:]...)
		b = append(b, d[:]...)
		b = append(b, 0, proto)
		return binary.BigEndian.AppendUint16(b, uint16(length))
	}
	s, d := src.As16(), dst.As16()
	b = append(b, s[:]...)
	b = append(b, d[:]...)
	b = binary.BigEndian.AppendUint32(b, uint32(length))
	return append(b, 0, 0, 0, proto)
}

// IPv4Header holds the IPv4 header fields the builders set (RFC 791). The
// header has no options; the total length and checksum are computed.
type IPv4Header struct {
	TOS      uint8
	ID       uint16
	DF       bool // don't fragment
	TTL      uint8
	Protocol uint8
	Src, Dst netip.Addr // both must be IPv4
}

// IPv4 returns a 20-octet IPv4 header with a correct checksum, then payload.
func IPv4(h IPv4Header, payload []byte) []byte {
	b := make([]byte, 20, 20+len(payload))
	b[0] = 0x45
	b[1] = h.TOS
	binary.BigEndian.PutUint16(b[2:], uint16(20+len(payload)))
	binary.BigEndian.PutUint16(b[4:], h.ID)
	if h.DF {
		b[6] = 0x40
	}
	b[8] = h.TTL
	b[9] = h.Protocol
	s, d := h.Src.As4(), h.Dst.As4()
	copy(b[12:16], s[:])
	copy(b[16:20], d[:])
	binary.BigEndian.PutUint16(b[10:], Checksum(b))
	return append(b, payload...)
}

// UDP returns a UDP header and payload with the checksum computed over the
// IPv4 or IPv6 pseudo-header of src and dst (RFC 768; RFC 8200 §8.1).
func UDP(src, dst netip.Addr, sport, dport uint16, payload []byte) []byte {
	b := make([]byte, 8, 8+len(payload))
	binary.BigEndian.PutUint16(b[0:], sport)
	binary.BigEndian.PutUint16(b[2:], dport)
	binary.BigEndian.PutUint16(b[4:], uint16(8+len(payload)))
	b = append(b, payload...)
	c := Checksum(pseudoHeader(src, dst, ProtoUDP, len(b)), b)
	if c == 0 {
		c = 0xffff
	}
	binary.BigEndian.PutUint16(b[6:], c)
	return b
}

// TCP flags (RFC 9293 §3.1).
const (
	TCPFin uint8 = 0x01
	TCPSyn uint8 = 0x02
	TCPRst uint8 = 0x04
	TCPPsh uint8 = 0x08
	TCPAck uint8 = 0x10
)

// TCPSegment holds the TCP header fields the builders set. Options must be a
// multiple of 4 octets long.
type TCPSegment struct {
	SrcPort, DstPort uint16
	Seq, Ack         uint32
	Flags            uint8
	Window           uint16
	Options          []byte
	Payload          []byte
}

// TCP returns the segment with its checksum computed over the pseudo-header
// of src and dst (RFC 9293 §3.1).
func TCP(src, dst netip.Addr, s TCPSegment) []byte {
	hl := 20 + len(s.Options)
	b := make([]byte, 20, hl+len(s.Payload))
	binary.BigEndian.PutUint16(b[0:], s.SrcPort)
	binary.BigEndian.PutUint16(b[2:], s.DstPort)
	binary.BigEndian.PutUint32(b[4:], s.Seq)
	binary.BigEndian.PutUint32(b[8:], s.Ack)
	b[12] = byte(hl/4) << 4
	b[13] = s.Flags
	binary.BigEndian.PutUint16(b[14:], s.Window)
	b = append(b, s.Options...)
	b = append(b, s.Payload...)
	binary.BigEndian.PutUint16(b[16:], Checksum(pseudoHeader(src, dst, ProtoTCP, len(b)), b))
	return b
}

// TCPOptsSyn returns the options a Linux client puts in a SYN: MSS,
// SACK-permitted, timestamps and window scale (RFC 9293, 2018, 7323).
func TCPOptsSyn(mss uint16, tsval uint32, wscale uint8) []byte {
	b := []byte{2, 4, byte(mss >> 8), byte(mss), 4, 2, 8, 10}
	b = binary.BigEndian.AppendUint32(b, tsval)
	b = binary.BigEndian.AppendUint32(b, 0)
	return append(b, 1, 3, 3, wscale)
}

// TCPOptsTS returns NOP, NOP and the timestamps option (RFC 7323 §3).
func TCPOptsTS(tsval, tsecr uint32) []byte {
	b := []byte{1, 1, 8, 10}
	b = binary.BigEndian.AppendUint32(b, tsval)
	return binary.BigEndian.AppendUint32(b, tsecr)
}

// ARP operations (RFC 826).
const (
	ARPRequest uint16 = 1
	ARPReply   uint16 = 2
)

// ARP returns the 28-octet Ethernet/IPv4 ARP packet (RFC 826).
func ARP(op uint16, sha [6]byte, spa netip.Addr, tha [6]byte, tpa netip.Addr) []byte {
	b := []byte{0, 1, 0x08, 0x00, 6, 4, byte(op >> 8), byte(op)}
	s, t := spa.As4(), tpa.As4()
	b = append(b, sha[:]...)
	b = append(b, s[:]...)
	b = append(b, tha[:]...)
	return append(b, t[:]...)
}

// ARPFrame returns a padded Ethernet frame carrying ARP(op, ...).
func ARPFrame(dst [6]byte, op uint16, sha [6]byte, spa netip.Addr, tha [6]byte, tpa netip.Addr) []byte {
	return Pad(Ethernet(dst, sha, TypeARP, ARP(op, sha, spa, tha, tpa)))
}

// ICMPEcho returns an ICMP echo request (typ 8) or reply (typ 0) with its
// checksum (RFC 792).
func ICMPEcho(typ uint8, id, seq uint16, data []byte) []byte {
	b := []byte{typ, 0, 0, 0, byte(id >> 8), byte(id), byte(seq >> 8), byte(seq)}
	b = append(b, data...)
	binary.BigEndian.PutUint16(b[2:], Checksum(b))
	return b
}
