package dhcpv6

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"time"
)

// Option is one decoded option. The concrete types are the structs of this
// file; options this package does not decode are UnknownOption.
type Option interface {
	// Code is the option-code.
	Code() OptionCode
	// String is a short one-line description, used by Message.Summary.
	String() string
}

// ClientID is OPTION_CLIENTID (RFC 8415 §21.2).
type ClientID struct{ DUID DUID }

// ServerID is OPTION_SERVERID (RFC 8415 §21.3).
type ServerID struct{ DUID DUID }

// IANA is OPTION_IA_NA, an identity association for non-temporary addresses
// (RFC 8415 §21.4).
type IANA struct {
	IAID uint32
	// T1 and T2 are in seconds; 0 lets the client choose, 0xffffffff is
	// infinity (RFC 8415 §7.7).
	T1, T2 uint32
	// Options are the IA_NA-options (IAADDR, STATUS_CODE, ...).
	Options []Option
}

// IATA is OPTION_IA_TA, an identity association for temporary addresses
// (RFC 8415 §21.5). It has no T1/T2.
type IATA struct {
	IAID    uint32
	Options []Option
}

// IAPD is OPTION_IA_PD, an identity association for prefix delegation
// (RFC 8415 §21.21).
type IAPD struct {
	IAID uint32
	// T1 and T2 are in seconds, as for IANA.
	T1, T2  uint32
	Options []Option
}

// IAAddress is OPTION_IAADDR (RFC 8415 §21.6).
type IAAddress struct {
	Address netip.Addr
	// PreferredLifetime and ValidLifetime are in seconds; 0xffffffff is
	// infinity.
	PreferredLifetime, ValidLifetime uint32
	Options                          []Option
}

// IAPrefix is OPTION_IAPREFIX (RFC 8415 §21.22).
type IAPrefix struct {
	// PreferredLifetime and ValidLifetime are in seconds; 0xffffffff is
	// infinity.
	PreferredLifetime, ValidLifetime uint32
	// Prefix is the IPv6 prefix and its length (0..128), as on the wire:
	// bits past the length are not masked.
	Prefix  netip.Prefix
	Options []Option
}

// StatusCode is OPTION_STATUS_CODE (RFC 8415 §21.13).
type StatusCode struct {
	Status Status
	// Message is the status-message, UTF-8 text for humans, copied.
	Message string
}

// OptionRequest is OPTION_ORO (RFC 8415 §21.7).
type OptionRequest struct{ Codes []OptionCode }

// Preference is OPTION_PREFERENCE (RFC 8415 §21.8); 255 means "pick me".
type Preference struct{ Value uint8 }

// ElapsedTime is OPTION_ELAPSED_TIME (RFC 8415 §21.9).
type ElapsedTime struct {
	// Hundredths is the wire value in 1/100 s; 0xffff means 655.35 s or
	// more.
	Hundredths uint16
	// Duration is Hundredths as a time.Duration.
	Duration time.Duration
}

// RelayMessage is OPTION_RELAY_MSG (RFC 8415 §21.10), decoded.
type RelayMessage struct{ Message Message }

// RapidCommit is OPTION_RAPID_COMMIT (RFC 8415 §21.14); it has no data.
type RapidCommit struct{}

// ReconfigureAccept is OPTION_RECONF_ACCEPT (RFC 8415 §21.20); no data.
type ReconfigureAccept struct{}

// UserClass is OPTION_USER_CLASS (RFC 8415 §21.15).
type UserClass struct {
	// Data holds each user-class-data item; they alias the input.
	Data [][]byte
}

// VendorClass is OPTION_VENDOR_CLASS (RFC 8415 §21.16).
type VendorClass struct {
	// EnterpriseNumber is the IANA Private Enterprise Number.
	EnterpriseNumber uint32
	// Data holds each vendor-class-data item; they alias the input.
	Data [][]byte
}

// VendorOpts is OPTION_VENDOR_OPTS (RFC 8415 §21.17).
type VendorOpts struct {
	EnterpriseNumber uint32
	// Data is the undecoded option-data (vendor sub-options); it aliases
	// the input.
	Data []byte
}

// Client FQDN flags (RFC 4704 §4.1).
const (
	FQDNFlagS uint8 = 1 << 0 // server should perform AAAA updates
	FQDNFlagO uint8 = 1 << 1 // server overrode the client's S bit
	FQDNFlagN uint8 = 1 << 2 // server should perform no updates
)

// ClientFQDN is OPTION_CLIENT_FQDN (RFC 4704 §4).
type ClientFQDN struct {
	// Flags holds the N, O and S bits (FQDNFlag*); the other bits MBZ.
	Flags uint8
	// Name is the domain name in presentation form. A fully qualified
	// name ends in "."; a partial name (RFC 4704 §4.2) does not. Bytes
	// outside printable ASCII, '.' and '\' inside labels are escaped as
	// \DDD. Empty when the option carries flags only.
	Name string
}

// DNSServers is OPTION_DNS_SERVERS (RFC 3646 §3).
type DNSServers struct{ Servers []netip.Addr }

// DomainList is OPTION_DOMAIN_LIST (RFC 3646 §4), names in presentation
// form as for ClientFQDN.Name.
type DomainList struct{ Domains []string }

// UnknownOption is an option this package does not decode.
type UnknownOption struct {
	Type OptionCode
	// Length is the option-len field.
	Length uint16
	// Data is the option body; it aliases the input.
	Data []byte
}

// Code implements Option.
func (ClientID) Code() OptionCode          { return OptClientID }
func (ServerID) Code() OptionCode          { return OptServerID }
func (IANA) Code() OptionCode              { return OptIANA }
func (IATA) Code() OptionCode              { return OptIATA }
func (IAPD) Code() OptionCode              { return OptIAPD }
func (IAAddress) Code() OptionCode         { return OptIAAddr }
func (IAPrefix) Code() OptionCode          { return OptIAPrefix }
func (StatusCode) Code() OptionCode        { return OptStatusCode }
func (OptionRequest) Code() OptionCode     { return OptORO }
func (Preference) Code() OptionCode        { return OptPreference }
func (ElapsedTime) Code() OptionCode       { return OptElapsedTime }
func (RelayMessage) Code() OptionCode      { return OptRelayMsg }
func (RapidCommit) Code() OptionCode       { return OptRapidCommit }
func (ReconfigureAccept) Code() OptionCode { return OptReconfAccept }
func (UserClass) Code() OptionCode         { return OptUserClass }
func (VendorClass) Code() OptionCode       { return OptVendorClass }
func (VendorOpts) Code() OptionCode        { return OptVendorOpts }
func (ClientFQDN) Code() OptionCode        { return OptClientFQDN }
func (DNSServers) Code() OptionCode        { return OptDNSServers }
func (DomainList) Code() OptionCode        { return OptDomainList }
func (o UnknownOption) Code() OptionCode   { return o.Type }

// option decodes the body b of one option with the given code. b starts at
// byte base of the input; path names where the option is, for errors
// (made only when there is one).
func (p parser) option(code OptionCode, b []byte, base int, path string, depth int) (Option, error) {
	bad := func(sub string, off int, err error) error {
		f := optionField(path, code)
		if sub != "" {
			f += " " + sub
		}
		return &FormatError{Proto: "dhcpv6", Field: f, Off: base + off, Err: err}
	}
	wantLen := func(min int, exact bool) error {
		switch {
		case exact && len(b) != min:
			return bad("", 0, fmt.Errorf("%d bytes, want %d: %w", len(b), min, errLength))
		case len(b) < min:
			return bad("", 0, fmt.Errorf("%d bytes, want at least %d: %w", len(b), min, errLength))
		}
		return nil
	}
	be32 := func(off int) uint32 { return binary.BigEndian.Uint32(b[off:]) }
	sub := func(off int) ([]Option, error) {
		return p.options(b[off:], base+off, optionField(path, code)+": ", depth+1, true)
	}

	switch code {
	case OptClientID, OptServerID:
		d, err := parseDUID(b)
		if err != nil {
			return nil, bad("DUID", 0, err)
		}
		if code == OptClientID {
			return ClientID{d}, nil
		}
		return ServerID{d}, nil

	case OptIANA, OptIAPD: // RFC 8415 §21.4, §21.21: IAID, T1, T2, options
		if err := wantLen(12, false); err != nil {
			return nil, err
		}
		opts, err := sub(12)
		if err != nil {
			return nil, err
		}
		if code == OptIANA {
			return IANA{IAID: be32(0), T1: be32(4), T2: be32(8), Options: opts}, nil
		}
		return IAPD{IAID: be32(0), T1: be32(4), T2: be32(8), Options: opts}, nil

	case OptIATA: // RFC 8415 §21.5: IAID, options
		if err := wantLen(4, false); err != nil {
			return nil, err
		}
		opts, err := sub(4)
		if err != nil {
			return nil, err
		}
		return IATA{IAID: be32(0), Options: opts}, nil

	case OptIAAddr: // RFC 8415 §21.6: address, preferred, valid, options
		if err := wantLen(24, false); err != nil {
			return nil, err
		}
		opts, err := sub(24)
		if err != nil {
			return nil, err
		}
		return IAAddress{
			Address:           netip.AddrFrom16([16]byte(b[0:16])),
			PreferredLifetime: be32(16),
			ValidLifetime:     be32(20),
			Options:           opts,
		}, nil

	case OptIAPrefix: // RFC 8415 §21.22: preferred, valid, length, prefix, options
		if err := wantLen(25, false); err != nil {
			return nil, err
		}
		bits := int(b[8])
		if bits > 128 {
			return nil, bad("prefix-length", 8, fmt.Errorf("%d: %w", bits, errPrefixLength))
		}
		opts, err := sub(25)
		if err != nil {
			return nil, err
		}
		return IAPrefix{
			PreferredLifetime: be32(0),
			ValidLifetime:     be32(4),
			Prefix:            netip.PrefixFrom(netip.AddrFrom16([16]byte(b[9:25])), bits),
			Options:           opts,
		}, nil

	case OptStatusCode: // RFC 8415 §21.13: status-code, status-message
		if err := wantLen(2, false); err != nil {
			return nil, err
		}
		return StatusCode{Status: Status(binary.BigEndian.Uint16(b)), Message: string(b[2:])}, nil

	case OptORO: // RFC 8415 §21.7: list of 2-octet codes
		if len(b)%2 != 0 {
			return nil, bad("", 0, fmt.Errorf("odd length %d: %w", len(b), errLength))
		}
		o := OptionRequest{Codes: make([]OptionCode, 0, len(b)/2)}
		for i := 0; i < len(b); i += 2 {
			o.Codes = append(o.Codes, OptionCode(binary.BigEndian.Uint16(b[i:])))
		}
		return o, nil

	case OptPreference:
		if err := wantLen(1, true); err != nil {
			return nil, err
		}
		return Preference{b[0]}, nil

	case OptElapsedTime:
		if err := wantLen(2, true); err != nil {
			return nil, err
		}
		h := binary.BigEndian.Uint16(b)
		return ElapsedTime{Hundredths: h, Duration: time.Duration(h) * 10 * time.Millisecond}, nil

	case OptRelayMsg:
		if p.relayDepth >= MaxRelayDepth {
			return nil, bad("", 0, fmt.Errorf("more than %d relay headers: %w", MaxRelayDepth, errRelayDepth))
		}
		m, err := parseMessage(b, base, p.relayDepth+1, true)
		if err != nil {
			return nil, err
		}
		return RelayMessage{m}, nil

	case OptRapidCommit, OptReconfAccept:
		if err := wantLen(0, true); err != nil {
			return nil, err
		}
		if code == OptRapidCommit {
			return RapidCommit{}, nil
		}
		return ReconfigureAccept{}, nil

	case OptUserClass: // RFC 8415 §21.15: list of (2-octet length, data)
		data, err := opaqueList(b, 0, bad)
		if err != nil {
			return nil, err
		}
		return UserClass{data}, nil

	case OptVendorClass: // RFC 8415 §21.16: enterprise number, list of (length, data)
		if err := wantLen(4, false); err != nil {
			return nil, err
		}
		data, err := opaqueList(b, 4, bad)
		if err != nil {
			return nil, err
		}
		return VendorClass{EnterpriseNumber: be32(0), Data: data}, nil

	case OptVendorOpts: // RFC 8415 §21.17: enterprise number, option-data
		if err := wantLen(4, false); err != nil {
			return nil, err
		}
		return VendorOpts{EnterpriseNumber: be32(0), Data: b[4:len(b):len(b)]}, nil

	case OptClientFQDN: // RFC 4704 §4: flags, domain name (RFC 1035 §3.1, no compression)
		if err := wantLen(1, false); err != nil {
			return nil, err
		}
		name, n, err := decodeName(b[1:], true)
		if err != nil {
			return nil, bad("domain-name", 1, err)
		}
		if 1+n != len(b) {
			return nil, bad("domain-name", 1+n, fmt.Errorf("%d bytes after the name: %w", len(b)-1-n, errName))
		}
		return ClientFQDN{Flags: b[0], Name: name}, nil

	case OptDNSServers: // RFC 3646 §3: list of 16-octet addresses
		if len(b)%16 != 0 {
			return nil, bad("", 0, fmt.Errorf("length %d not a multiple of 16: %w", len(b), errLength))
		}
		o := DNSServers{Servers: make([]netip.Addr, 0, len(b)/16)}
		for i := 0; i < len(b); i += 16 {
			o.Servers = append(o.Servers, netip.AddrFrom16([16]byte(b[i:i+16])))
		}
		return o, nil

	case OptDomainList: // RFC 3646 §4: concatenated uncompressed names
		var o DomainList
		for off := 0; off < len(b); {
			name, n, err := decodeName(b[off:], false)
			if err != nil {
				return nil, bad(fmt.Sprintf("domain %d", len(o.Domains)), off, err)
			}
			o.Domains = append(o.Domains, name)
			off += n
		}
		return o, nil
	}
	return UnknownOption{Type: code, Length: uint16(len(b)), Data: b[:len(b):len(b)]}, nil
}

// opaqueList splits b[off:] into 2-octet-length-prefixed items (RFC 8415
// §21.15, §21.16). Items alias b and are capacity-capped.
func opaqueList(b []byte, off int, bad func(string, int, error) error) ([][]byte, error) {
	var out [][]byte
	for off < len(b) {
		i := len(out)
		if len(b)-off < 2 {
			return nil, bad(fmt.Sprintf("item %d length", i), off, fmt.Errorf("needs 2 bytes, %d left: %w", len(b)-off, errOverrun))
		}
		n := int(binary.BigEndian.Uint16(b[off:]))
		off += 2
		if n > len(b)-off {
			return nil, bad(fmt.Sprintf("item %d", i), off-2, fmt.Errorf("declares %d bytes, %d left: %w", n, len(b)-off, errOverrun))
		}
		out = append(out, b[off:off+n:off+n])
		off += n
	}
	return out, nil
}
