package icmpv6

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// HeaderLen is the length of the ICMPv6 header: type, code, checksum
// (RFC 4443 §2.1).
const HeaderLen = 4

// Message is one ICMPv6 message.
type Message struct {
	Type Type
	Code uint8
	// Checksum is the checksum field as on the wire. It is not verified:
	// it covers an IPv6 pseudo-header (RFC 4443 §2.3) that Parse does not
	// see.
	Checksum uint16
	// Body is the decoded message body, one of the body types of this
	// package (Raw for types without a decoder). Nil only when the error
	// is about the header itself or the body's fixed part.
	Body Body
}

// Body is the type-specific part of a Message.
type Body interface {
	// String is a short one-line description, used by Message.Summary.
	String() string
	body()
}

// Echo is an Echo Request or Echo Reply (RFC 4443 §4).
type Echo struct {
	Identifier, Sequence uint16
	// Data aliases the input.
	Data []byte
}

// ErrorMessage is a Destination Unreachable, Packet Too Big, Time Exceeded
// or Parameter Problem message (RFC 4443 §3).
type ErrorMessage struct {
	// Param is the 32-bit field after the checksum: the MTU in bytes for
	// Packet Too Big (§3.2), the byte offset of the error for Parameter
	// Problem (§3.4), unused (should be 0) otherwise.
	Param uint32
	// Invoking is as much of the invoking packet as was included; it
	// aliases the input.
	Invoking []byte
}

// RouterSolicitation is RFC 4861 §4.1.
type RouterSolicitation struct{ Options []NDPOption }

// Router Advertisement flag bits (RFC 4861 §4.2, RFC 5175).
const (
	RAFlagManaged uint8 = 0x80 // M: addresses from DHCPv6
	RAFlagOther   uint8 = 0x40 // O: other configuration from DHCPv6
)

// RouterAdvertisement is RFC 4861 §4.2.
type RouterAdvertisement struct {
	// CurHopLimit is the hop limit hosts should use; 0 = unspecified.
	CurHopLimit uint8
	// Flags is the whole flags octet (M, O, and the RFC 5175 bits);
	// Managed and Other repeat M and O.
	Flags          uint8
	Managed, Other bool
	// RouterLifetime is in seconds; 0 means not a default router.
	RouterLifetime uint16
	// ReachableTime and RetransTimer are in milliseconds; 0 = unspecified.
	ReachableTime, RetransTimer uint32
	Options                     []NDPOption
}

// NeighborSolicitation is RFC 4861 §4.3.
type NeighborSolicitation struct {
	Target  netip.Addr
	Options []NDPOption
}

// NeighborAdvertisement is RFC 4861 §4.4.
type NeighborAdvertisement struct {
	// Router, Solicited and Override are the R, S and O flags.
	Router, Solicited, Override bool
	Target                      netip.Addr
	Options                     []NDPOption
}

// Redirect is RFC 4861 §4.5.
type Redirect struct {
	Target, Destination netip.Addr
	Options             []NDPOption
}

// Raw is the body of a message type this package does not decode.
type Raw struct {
	// Data is every byte after the 4-byte header; it aliases the input.
	Data []byte
}

func (Echo) body()                  {}
func (ErrorMessage) body()          {}
func (RouterSolicitation) body()    {}
func (RouterAdvertisement) body()   {}
func (NeighborSolicitation) body()  {}
func (NeighborAdvertisement) body() {}
func (Redirect) body()              {}
func (MLD) body()                   {}
func (MLDv2Query) body()            {}
func (MLDv2Report) body()           {}
func (Raw) body()                   {}

// Parse decodes b, which starts at the ICMPv6 type octet and ends where the
// IPv6 payload ends (Upper.Payload from WalkIPv6).
//
// For a type without a decoder Parse returns the header and a Raw body with
// an error matching ErrUnsupported. On other errors the returned Message
// holds the header and, when the fixed part of the body was read, the body
// with the NDP options or MLDv2 records that preceded the failure.
func Parse(b []byte) (Message, error) {
	var m Message
	if len(b) < HeaderLen {
		return m, truncated("header", 0, HeaderLen, len(b))
	}
	m.Type = Type(b[0])
	m.Code = b[1]
	m.Checksum = binary.BigEndian.Uint16(b[2:])
	need := func(n int) error {
		if len(b) < n {
			return truncated(m.Type.String()+" body", HeaderLen, n-HeaderLen, len(b)-HeaderLen)
		}
		return nil
	}
	addr := func(off int) netip.Addr { return netip.AddrFrom16([16]byte(b[off : off+16])) }
	be32 := func(off int) uint32 { return binary.BigEndian.Uint32(b[off:]) }
	var err error

	switch m.Type {
	case TypeDestinationUnreachable, TypePacketTooBig, TypeTimeExceeded, TypeParameterProblem:
		// RFC 4443 §3: 32-bit parameter, then the invoking packet.
		if err := need(8); err != nil {
			return m, err
		}
		m.Body = ErrorMessage{Param: be32(4), Invoking: b[8:len(b):len(b)]}

	case TypeEchoRequest, TypeEchoReply: // RFC 4443 §4: identifier, sequence, data
		if err := need(8); err != nil {
			return m, err
		}
		m.Body = Echo{
			Identifier: binary.BigEndian.Uint16(b[4:]),
			Sequence:   binary.BigEndian.Uint16(b[6:]),
			Data:       b[8:len(b):len(b)],
		}

	case TypeRouterSolicitation: // RFC 4861 §4.1: reserved, options
		if err := need(8); err != nil {
			return m, err
		}
		var rs RouterSolicitation
		rs.Options, err = parseOptions(b, 8)
		m.Body = rs

	case TypeRouterAdvertisement:
		// RFC 4861 §4.2: cur hop limit, flags, router lifetime, reachable
		// time, retrans timer, options.
		if err := need(16); err != nil {
			return m, err
		}
		ra := RouterAdvertisement{
			CurHopLimit:    b[4],
			Flags:          b[5],
			Managed:        b[5]&RAFlagManaged != 0,
			Other:          b[5]&RAFlagOther != 0,
			RouterLifetime: binary.BigEndian.Uint16(b[6:]),
			ReachableTime:  be32(8),
			RetransTimer:   be32(12),
		}
		ra.Options, err = parseOptions(b, 16)
		m.Body = ra

	case TypeNeighborSolicitation: // RFC 4861 §4.3: reserved, target, options
		if err := need(24); err != nil {
			return m, err
		}
		ns := NeighborSolicitation{Target: addr(8)}
		ns.Options, err = parseOptions(b, 24)
		m.Body = ns

	case TypeNeighborAdvertisement: // RFC 4861 §4.4: R|S|O|reserved, target, options
		if err := need(24); err != nil {
			return m, err
		}
		na := NeighborAdvertisement{
			Router:    b[4]&0x80 != 0,
			Solicited: b[4]&0x40 != 0,
			Override:  b[4]&0x20 != 0,
			Target:    addr(8),
		}
		na.Options, err = parseOptions(b, 24)
		m.Body = na

	case TypeRedirect: // RFC 4861 §4.5: reserved, target, destination, options
		if err := need(40); err != nil {
			return m, err
		}
		r := Redirect{Target: addr(8), Destination: addr(24)}
		r.Options, err = parseOptions(b, 40)
		m.Body = r

	case TypeMLDQuery:
		// RFC 3810 §8.1: a 24-byte query is MLDv1, 28 or more is MLDv2,
		// anything else is invalid.
		switch {
		case len(b) < mldLen:
			return m, need(mldLen)
		case len(b) == mldLen:
			m.Body = parseMLD(b)
		case len(b) < mldv2QueryLen:
			return m, &FormatError{Proto: "icmpv6", Field: "MLD query length", Off: 0, Err: fmt.Errorf("%d bytes, want 24 or at least 28: %w", len(b), errLength)}
		default:
			m.Body, err = parseMLDv2Query(b)
		}

	case TypeMLDReport, TypeMLDDone: // RFC 2710 §3
		if err := need(mldLen); err != nil {
			return m, err
		}
		m.Body = parseMLD(b)

	case TypeMLDv2Report: // RFC 3810 §5.2
		if err := need(8); err != nil {
			return m, err
		}
		m.Body, err = parseMLDv2Report(b)

	default:
		m.Body = Raw{Data: b[HeaderLen:len(b):len(b)]}
		return m, &unsupportedError{what: "type " + m.Type.String()}
	}
	return m, err
}
