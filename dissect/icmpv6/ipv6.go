package icmpv6

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// IPv6HeaderLen is the length of the fixed IPv6 header (RFC 8200 §3).
const IPv6HeaderLen = 40

// MaxExtensionHeaders bounds how many extension headers WalkIPv6 follows.
// RFC 8200 §4.1 recommends at most one of each kind (two destination
// options headers), eight in all; twice that leaves room for odd senders.
const MaxExtensionHeaders = 16

// Hop-by-hop option types (RFC 8200 §4.2, IANA "Destination Options and
// Hop-by-Hop Options").
const (
	hbhPad1        = 0x00
	hbhRouterAlert = 0x05 // RFC 2711
	hbhJumbo       = 0xc2 // RFC 2675
)

// ExtHeader is one extension header WalkIPv6 walked.
type ExtHeader struct {
	// Proto says which header this is (the previous header's Next Header).
	Proto Proto
	// Off is the header's offset from the start of the IPv6 header, Len
	// its length in bytes.
	Off, Len int
	// NextHeader is this header's Next Header field.
	NextHeader Proto

	// HasRouterAlert is true when a hop-by-hop header carries a Router
	// Alert option (RFC 2711); RouterAlert is its value (0 = MLD). Valid
	// iff Proto == ProtoHopByHop.
	HasRouterAlert bool
	RouterAlert    uint16

	// RoutingType and SegmentsLeft are the Routing header fields (RFC
	// 8200 §4.4). Valid iff Proto == ProtoRouting.
	RoutingType, SegmentsLeft uint8

	// FragmentOffset is in units of 8 octets, MoreFragments the M flag,
	// Identification the fragment id (RFC 8200 §4.5). Valid iff
	// Proto == ProtoFragment.
	FragmentOffset uint16
	MoreFragments  bool
	Identification uint32
}

// Upper is the result of walking an IPv6 packet to its upper layer.
type Upper struct {
	Src, Dst netip.Addr
	// TrafficClass (8 bits) and FlowLabel (20 bits) as on the wire.
	TrafficClass uint8
	FlowLabel    uint32
	HopLimit     uint8
	// PayloadLength is the Payload Length field: bytes after the fixed
	// header, extension headers included.
	PayloadLength uint16
	// Headers lists the extension headers walked, in order.
	Headers []ExtHeader
	// Fragment is true when the walk stopped at a non-first fragment
	// (offset != 0): NextHeader is then the fragment header's Next Header
	// and Payload a piece of the middle of that protocol's data, which
	// WalkIPv6 does not reassemble.
	Fragment bool
	// NextHeader is the protocol of Payload: an upper-layer protocol, or
	// ProtoESP or ProtoNoNext, where the walk also stops.
	NextHeader Proto
	// Offset is where Payload starts, from the start of the IPv6 header.
	Offset int
	// Payload is the upper-layer bytes up to the end given by
	// PayloadLength (or the end of the input if that came first); it
	// aliases the input.
	Payload []byte
	// Padding counts the bytes after the end given by PayloadLength, e.g.
	// Ethernet padding of a short frame.
	Padding int
}

// RouterAlert returns the value of the hop-by-hop Router Alert option, if
// the packet carried one.
func (u Upper) RouterAlert() (uint16, bool) {
	for _, h := range u.Headers {
		if h.HasRouterAlert {
			return h.RouterAlert, true
		}
	}
	return 0, false
}

// WalkIPv6 reads the IPv6 header at the start of b and follows the Next
// Header chain through hop-by-hop (0), routing (43), fragment (44),
// destination options (60) and authentication (51) headers, at most
// MaxExtensionHeaders of them. It stops at the first other value, at ESP
// (50, encrypted), at No Next Header (59), and at a non-first fragment.
//
// When b holds fewer bytes than the Payload Length field promises, the walk
// uses what is there and returns the Upper with an error matching
// ErrTruncated. On other errors the Upper holds the fixed header fields and
// the extension headers walked before the failure.
func WalkIPv6(b []byte) (Upper, error) {
	var u Upper
	if len(b) < IPv6HeaderLen {
		return u, truncated("IPv6 header", 0, IPv6HeaderLen, len(b))
	}
	if v := b[0] >> 4; v != 6 {
		return u, &FormatError{Proto: "icmpv6", Field: "IPv6 version", Off: 0, Err: fmt.Errorf("version %d: %w", v, errVersion)}
	}
	// RFC 8200 §3: version, traffic class, flow label, payload length,
	// next header, hop limit, source, destination.
	u.TrafficClass = uint8(binary.BigEndian.Uint16(b[0:]) >> 4)
	u.FlowLabel = binary.BigEndian.Uint32(b[0:]) & 0x000fffff
	u.PayloadLength = binary.BigEndian.Uint16(b[4:])
	nh := Proto(b[6])
	u.HopLimit = b[7]
	u.Src = netip.AddrFrom16([16]byte(b[8:24]))
	u.Dst = netip.AddrFrom16([16]byte(b[24:40]))

	end := IPv6HeaderLen + int(u.PayloadLength)
	cut := false // the capture ends before the payload does
	// RFC 2675 §3: a zero Payload Length before a hop-by-hop header may
	// announce a jumbogram, whose length is in that header; read the
	// header from what was captured to find out.
	maybeJumbo := u.PayloadLength == 0 && nh == ProtoHopByHop
	switch {
	case maybeJumbo:
		end = len(b)
	case end > len(b):
		end, cut = len(b), true
	default:
		u.Padding = len(b) - end
	}
	// short reports a header that needs bytes past end.
	short := func(field string, off, need int) error {
		if cut || maybeJumbo {
			return truncated(field, off, need, end-off)
		}
		return &FormatError{Proto: "icmpv6", Field: field, Off: off, Err: fmt.Errorf("needs %d bytes, payload length leaves %d: %w", need, end-off, errOverrun)}
	}

	off := IPv6HeaderLen
walk:
	for {
		switch nh {
		case ProtoHopByHop, ProtoRouting, ProtoFragment, ProtoDstOpts, ProtoAH:
		default:
			break walk // upper layer, ESP or no next header
		}
		if len(u.Headers) == MaxExtensionHeaders {
			return u, &FormatError{Proto: "icmpv6", Field: "extension header " + nh.String(), Off: off, Err: fmt.Errorf("more than %d: %w", MaxExtensionHeaders, errTooManyHeader)}
		}
		field := "extension header " + nh.String()
		if end-off < 2 {
			return u, short(field, off, 2)
		}
		h := ExtHeader{Proto: nh, Off: off, NextHeader: Proto(b[off])}
		switch nh {
		case ProtoFragment: // RFC 8200 §4.5: fixed 8 bytes
			h.Len = 8
		case ProtoAH: // RFC 4302 §2.2: length in 4-octet units, minus 2
			h.Len = (int(b[off+1]) + 2) * 4
		default: // RFC 8200 §4.3, §4.4, §4.6: 8-octet units, not counting the first
			h.Len = (int(b[off+1]) + 1) * 8
		}
		if h.Len > end-off {
			return u, short(field, off, h.Len)
		}
		hb := b[off : off+h.Len]
		switch nh {
		case ProtoHopByHop:
			// RFC 8200 §4.1: only immediately after the IPv6 header.
			if off != IPv6HeaderLen {
				return u, &FormatError{Proto: "icmpv6", Field: field, Off: off, Err: errOrder}
			}
			jumbo, err := hopByHop(&h, hb, off)
			if err != nil {
				return u, err
			}
			if maybeJumbo {
				u.Headers = append(u.Headers, h)
				if jumbo {
					return u, &unsupportedError{what: "jumbogram"}
				}
				return u, &FormatError{Proto: "icmpv6", Field: "IPv6 payload length", Off: 4, Err: fmt.Errorf("0 without a jumbo payload option: %w", errValue)}
			}
		case ProtoRouting: // h.Len >= 8
			h.RoutingType, h.SegmentsLeft = hb[2], hb[3]
		case ProtoFragment:
			fo := binary.BigEndian.Uint16(hb[2:])
			h.FragmentOffset = fo >> 3
			h.MoreFragments = fo&1 != 0
			h.Identification = binary.BigEndian.Uint32(hb[4:])
		}
		u.Headers = append(u.Headers, h)
		off += h.Len
		nh = h.NextHeader
		if h.Proto == ProtoFragment && h.FragmentOffset != 0 {
			u.Fragment = true
			break walk
		}
	}
	u.NextHeader = nh
	u.Offset = off
	u.Payload = b[off:end:end]
	if cut {
		return u, truncated("IPv6 payload", IPv6HeaderLen, int(u.PayloadLength), len(b)-IPv6HeaderLen)
	}
	return u, nil
}

// hopByHop reads the options of a hop-by-hop header hb (RFC 8200 §4.2),
// recording a Router Alert in h. It reports whether a Jumbo Payload option
// is present. base is hb's offset in the packet.
func hopByHop(h *ExtHeader, hb []byte, base int) (jumbo bool, err error) {
	for i := 2; i < len(hb); {
		t := hb[i]
		if t == hbhPad1 {
			i++
			continue
		}
		if len(hb)-i < 2 || int(hb[i+1]) > len(hb)-i-2 {
			return false, &FormatError{Proto: "icmpv6", Field: fmt.Sprintf("hop-by-hop option %#02x", t), Off: base + i, Err: errOverrun}
		}
		n := int(hb[i+1])
		switch t {
		case hbhRouterAlert: // RFC 2711 §2.1: length 2, value
			if n != 2 {
				return false, &FormatError{Proto: "icmpv6", Field: "hop-by-hop router alert length", Off: base + i + 1, Err: fmt.Errorf("%d, want 2: %w", n, errLength)}
			}
			h.HasRouterAlert = true
			h.RouterAlert = binary.BigEndian.Uint16(hb[i+2:])
		case hbhJumbo:
			jumbo = true
		}
		i += 2 + n
	}
	return jumbo, nil
}
