package icmpv6

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// NDPOption is one Neighbor Discovery option (RFC 4861 §4.6). The concrete
// types are the structs of this file; others are UnknownOption.
type NDPOption interface {
	// Kind is the option type.
	Kind() OptionType
	// String is a short one-line description.
	String() string
}

// SourceLinkLayerAddress is RFC 4861 §4.6.1 type 1.
type SourceLinkLayerAddress struct {
	// Addr is the option body after type and length (6 bytes for
	// Ethernet, more with padding on other links); it aliases the input.
	Addr []byte
}

// TargetLinkLayerAddress is RFC 4861 §4.6.1 type 2.
type TargetLinkLayerAddress struct {
	// Addr is as for SourceLinkLayerAddress.
	Addr []byte
}

// Prefix Information flag bits (RFC 4861 §4.6.2).
const (
	PrefixFlagOnLink     uint8 = 0x80 // L
	PrefixFlagAutonomous uint8 = 0x40 // A
)

// PrefixInformation is RFC 4861 §4.6.2.
type PrefixInformation struct {
	// Flags is the whole flags octet; OnLink and Autonomous repeat L and A.
	Flags              uint8
	OnLink, Autonomous bool
	// ValidLifetime and PreferredLifetime are in seconds; 0xffffffff is
	// infinity.
	ValidLifetime, PreferredLifetime uint32
	// Prefix is the prefix and its length (0..128) as on the wire; bits
	// past the length are not masked.
	Prefix netip.Prefix
}

// MTU is RFC 4861 §4.6.4.
type MTU struct {
	// MTU is the recommended link MTU in bytes.
	MTU uint32
}

// RDNSS is the Recursive DNS Server option (RFC 8106 §5.1).
type RDNSS struct {
	// Lifetime is in seconds; 0xffffffff is infinity, 0 withdraws.
	Lifetime uint32
	Servers  []netip.Addr
}

// UnknownOption is an NDP option this package does not decode.
type UnknownOption struct {
	Type OptionType
	// Length is the length field, in units of 8 octets (type and length
	// included); never 0.
	Length uint8
	// Data is the body after type and length; it aliases the input.
	Data []byte
}

// Kind implements NDPOption.
func (SourceLinkLayerAddress) Kind() OptionType { return OptSourceLinkLayerAddress }
func (TargetLinkLayerAddress) Kind() OptionType { return OptTargetLinkLayerAddress }
func (PrefixInformation) Kind() OptionType      { return OptPrefixInformation }
func (MTU) Kind() OptionType                    { return OptMTU }
func (RDNSS) Kind() OptionType                  { return OptRDNSS }
func (o UnknownOption) Kind() OptionType        { return o.Type }

// parseOptions decodes the NDP options in b[off:]. Offsets in errors count
// from the start of b (the ICMPv6 type octet).
func parseOptions(b []byte, off int) ([]NDPOption, error) {
	var opts []NDPOption
	for off < len(b) {
		i := len(opts)
		if len(b)-off < 2 {
			return opts, truncated(fmt.Sprintf("NDP option %d header", i), off, 2, len(b)-off)
		}
		t := OptionType(b[off])
		units := b[off+1]
		n := int(units) * 8
		// RFC 4861 §4.6: "Nodes MUST silently discard an ND packet that
		// contains an option with length zero."
		if n == 0 {
			return opts, &FormatError{Proto: "icmpv6", Field: fmt.Sprintf("NDP option %d (%s) length", i, t), Off: off + 1, Err: errZeroLength}
		}
		if n > len(b)-off {
			return opts, truncated(fmt.Sprintf("NDP option %d (%s)", i, t), off, n, len(b)-off)
		}
		body := b[off+2 : off+n : off+n]
		o, err := parseOption(t, units, body, off)
		if err != nil {
			return opts, err
		}
		opts = append(opts, o)
		off += n
	}
	return opts, nil
}

// parseOption decodes one option whose body (after type and length) is b;
// the option starts at byte off of the message.
func parseOption(t OptionType, units uint8, b []byte, off int) (NDPOption, error) {
	bad := func(what string, err error) error {
		return &FormatError{Proto: "icmpv6", Field: fmt.Sprintf("NDP option %s %s", t, what), Off: off, Err: err}
	}
	switch t {
	case OptSourceLinkLayerAddress:
		return SourceLinkLayerAddress{Addr: b}, nil
	case OptTargetLinkLayerAddress:
		return TargetLinkLayerAddress{Addr: b}, nil
	case OptPrefixInformation:
		// RFC 4861 §4.6.2: prefix length, L|A|reserved, valid lifetime,
		// preferred lifetime, reserved2, prefix; length must be 4.
		if units != 4 {
			return nil, bad("length", fmt.Errorf("%d units, want 4: %w", units, errLength))
		}
		bits := int(b[0])
		if bits > 128 {
			return nil, bad("prefix length", fmt.Errorf("%d: %w", bits, errValue))
		}
		return PrefixInformation{
			Flags:             b[1],
			OnLink:            b[1]&PrefixFlagOnLink != 0,
			Autonomous:        b[1]&PrefixFlagAutonomous != 0,
			ValidLifetime:     binary.BigEndian.Uint32(b[2:]),
			PreferredLifetime: binary.BigEndian.Uint32(b[6:]),
			Prefix:            netip.PrefixFrom(netip.AddrFrom16([16]byte(b[14:30])), bits),
		}, nil
	case OptMTU: // RFC 4861 §4.6.4: reserved, MTU; length must be 1
		if units != 1 {
			return nil, bad("length", fmt.Errorf("%d units, want 1: %w", units, errLength))
		}
		return MTU{MTU: binary.BigEndian.Uint32(b[2:])}, nil
	case OptRDNSS: // RFC 8106 §5.1: reserved, lifetime, addresses; length 3, 5, 7, ...
		if units < 3 || units%2 == 0 {
			return nil, bad("length", fmt.Errorf("%d units, want odd and at least 3: %w", units, errLength))
		}
		o := RDNSS{Lifetime: binary.BigEndian.Uint32(b[2:])}
		for i := 6; i+16 <= len(b); i += 16 {
			o.Servers = append(o.Servers, netip.AddrFrom16([16]byte(b[i:i+16])))
		}
		return o, nil
	}
	return UnknownOption{Type: t, Length: units, Data: b}, nil
}
