package dhcpv6

import (
	"encoding/binary"
	"net/netip"
)

// MaxRelayDepth bounds how many Relay-Forward/Relay-Reply messages Parse
// unwraps through nested Relay Message options. RFC 8415 §7.6 sets
// HOP_COUNT_LIMIT to 8, so a valid chain never holds more relay headers.
const MaxRelayDepth = 8

// maxOptionDepth bounds option encapsulation (IA_NA > IAADDR > STATUS_CODE
// is depth 3). It protects the stack against hostile nesting.
const maxOptionDepth = 4

// Header lengths of RFC 8415 §8 and §9.
const (
	clientHeaderLen = 4  // msg-type, transaction-id
	relayHeaderLen  = 34 // msg-type, hop-count, link-address, peer-address
)

// Message is one DHCPv6 message.
type Message struct {
	// Type is the msg-type.
	Type MessageType
	// TransactionID is the 24-bit transaction-id (RFC 8415 §8). Valid iff
	// !Type.IsRelay().
	TransactionID uint32
	// HopCount is the number of relays this message passed (RFC 8415 §9).
	// Valid iff Type.IsRelay().
	HopCount uint8
	// LinkAddress identifies the link of the client (RFC 8415 §9.1); may be
	// the unspecified address. Valid iff Type.IsRelay().
	LinkAddress netip.Addr
	// PeerAddress is the address of the client or relay the message came
	// from or goes to. Valid iff Type.IsRelay().
	PeerAddress netip.Addr
	// Options in wire order. A Relay Message option appears as a
	// RelayMessage holding the decoded inner message.
	Options []Option
}

// Inner returns the message carried in m's Relay Message option, if any.
func (m Message) Inner() (Message, bool) {
	for _, o := range m.Options {
		if r, ok := o.(RelayMessage); ok {
			return r.Message, true
		}
	}
	return Message{}, false
}

// Option returns the first option of m with the given code.
func (m Message) Option(c OptionCode) (Option, bool) {
	for _, o := range m.Options {
		if o.Code() == c {
			return o, true
		}
	}
	return nil, false
}

// Parse decodes b, a UDP payload sent to or from port 546 or 547.
//
// Client/server messages (types 1..11, RFC 8415 §8) and relay messages
// (12, 13, §9) are decoded; for any other type Parse returns a Message with
// only Type set and an error matching ErrUnsupported. Relay Message
// options are decoded recursively up to MaxRelayDepth relay headers.
//
// On error, the returned Message holds the header fields read and every
// option that preceded the failing one.
func Parse(b []byte) (Message, error) {
	return parseMessage(b, 0, 0, false)
}

// parseMessage decodes b, which starts at byte base of the outermost
// input. depth counts enclosing relay messages. nested is true when b is
// the body of a Relay Message option, whose length was already satisfied.
func parseMessage(b []byte, base, depth int, nested bool) (Message, error) {
	var m Message
	if len(b) < 1 {
		return m, short(nested, "msg-type", base, 1, 0)
	}
	m.Type = MessageType(b[0])
	var off int
	switch {
	case m.Type.IsRelay():
		if len(b) < relayHeaderLen {
			return m, short(nested, m.Type.String()+" header", base, relayHeaderLen, len(b))
		}
		m.HopCount = b[1]
		m.LinkAddress = netip.AddrFrom16([16]byte(b[2:18]))
		m.PeerAddress = netip.AddrFrom16([16]byte(b[18:34]))
		off = relayHeaderLen
	case m.Type >= Solicit && m.Type <= InformationRequest:
		if len(b) < clientHeaderLen {
			return m, short(nested, m.Type.String()+" header", base, clientHeaderLen, len(b))
		}
		m.TransactionID = uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		off = clientHeaderLen
	default:
		return m, &unsupportedError{what: "message type " + m.Type.String()}
	}
	p := parser{relayDepth: depth}
	opts, err := p.options(b[off:], base+off, "", 0, nested)
	m.Options = opts
	return m, err
}

// optionField names the option code inside path for errors.
func optionField(path string, code OptionCode) string { return path + "option " + code.String() }

// parser carries the nesting state of one Parse call.
type parser struct {
	relayDepth int
}

// options splits b (starting at byte base of the input) into options
// (RFC 8415 §21.1: option-code, option-len, data) and decodes each. path
// names the enclosing option for error messages.
func (p parser) options(b []byte, base int, path string, depth int, nested bool) ([]Option, error) {
	if depth > maxOptionDepth {
		return nil, &FormatError{Proto: "dhcpv6", Field: path, Off: base, Err: errOptionDepth}
	}
	var opts []Option
	for off := 0; off < len(b); {
		if len(b)-off < 4 {
			return opts, short(nested, path+"option header", base+off, 4, len(b)-off)
		}
		code := OptionCode(binary.BigEndian.Uint16(b[off:]))
		n := int(binary.BigEndian.Uint16(b[off+2:]))
		if n > len(b)-off-4 {
			return opts, short(nested, optionField(path, code), base+off, 4+n, len(b)-off)
		}
		body := b[off+4 : off+4+n : off+4+n]
		o, err := p.option(code, body, base+off+4, path, depth)
		if err != nil {
			return opts, err
		}
		opts = append(opts, o)
		off += 4 + n
	}
	return opts, nil
}
