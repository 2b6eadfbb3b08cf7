package cdp

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/dropscope/dropscope/dissect"
)

// ErrTruncated reports that the header, a TLV header or a declared TLV
// length runs past the end of the bytes given to Parse.
var ErrTruncated = errors.New("cdp: truncated")

// ErrUnsupported reports a CDP version other than 1 or 2.
var ErrUnsupported = errors.New("cdp: unsupported")

// FormatError reports bytes that contradict the CDP format; Off counts
// from the start of the CDP packet, Field is e.g. "tlv length" or
// "native vlan".
type FormatError = dissect.FormatError

// HeaderLen is the length of the CDP header: version, TTL, checksum.
const HeaderLen = 4

// TLVType is a CDP TLV type.
//
//enumcheck:exhaustive
type TLVType uint16

// TLV types.
const (
	TLVDeviceID          TLVType = 0x01
	TLVAddresses         TLVType = 0x02
	TLVPortID            TLVType = 0x03
	TLVCapabilities      TLVType = 0x04
	TLVSoftwareVersion   TLVType = 0x05
	TLVPlatform          TLVType = 0x06
	TLVIPPrefixes        TLVType = 0x07
	TLVProtocolHello     TLVType = 0x08
	TLVVTPDomain         TLVType = 0x09
	TLVNativeVLAN        TLVType = 0x0a
	TLVDuplex            TLVType = 0x0b
	TLVApplianceReply    TLVType = 0x0e
	TLVApplianceQuery    TLVType = 0x0f
	TLVPowerConsumption  TLVType = 0x10
	TLVMTU               TLVType = 0x11
	TLVTrustBitmap       TLVType = 0x12
	TLVUntrustedCoS      TLVType = 0x13
	TLVSystemName        TLVType = 0x14
	TLVSystemOID         TLVType = 0x15
	TLVManagementAddress TLVType = 0x16
	TLVLocation          TLVType = 0x17
	TLVPowerRequest      TLVType = 0x19
	TLVPowerAvailable    TLVType = 0x1a
)

func (t TLVType) String() string {
	switch t {
	case TLVDeviceID:
		return "device-id"
	case TLVAddresses:
		return "addresses"
	case TLVPortID:
		return "port-id"
	case TLVCapabilities:
		return "capabilities"
	case TLVSoftwareVersion:
		return "software-version"
	case TLVPlatform:
		return "platform"
	case TLVIPPrefixes:
		return "ip-prefixes"
	case TLVProtocolHello:
		return "protocol-hello"
	case TLVVTPDomain:
		return "vtp-domain"
	case TLVNativeVLAN:
		return "native-vlan"
	case TLVDuplex:
		return "duplex"
	case TLVApplianceReply:
		return "appliance-reply"
	case TLVApplianceQuery:
		return "appliance-query"
	case TLVPowerConsumption:
		return "power-consumption"
	case TLVMTU:
		return "mtu"
	case TLVTrustBitmap:
		return "trust-bitmap"
	case TLVUntrustedCoS:
		return "untrusted-cos"
	case TLVSystemName:
		return "system-name"
	case TLVSystemOID:
		return "system-oid"
	case TLVManagementAddress:
		return "management-address"
	case TLVLocation:
		return "location"
	case TLVPowerRequest:
		return "power-request"
	case TLVPowerAvailable:
		return "power-available"
	}
	return "0x" + strconv.FormatUint(uint64(t), 16)
}

// Capabilities is the 32-bit capabilities bit map of TLV 0x04.
type Capabilities uint32

// Capability bits.
const (
	CapRouter            Capabilities = 0x001
	CapTransparentBridge Capabilities = 0x002
	CapSourceRouteBridge Capabilities = 0x004
	CapSwitch            Capabilities = 0x008
	CapHost              Capabilities = 0x010
	CapIGMP              Capabilities = 0x020 // IGMP snooping / filtering
	CapRepeater          Capabilities = 0x040
	CapPhone             Capabilities = 0x080
	CapRemote            Capabilities = 0x100 // remotely managed device
	CapCVTA              Capabilities = 0x200
	CapMACRelay          Capabilities = 0x400 // two-port MAC relay
)

var capNames = [...]string{"router", "trans-bridge", "sr-bridge", "switch", "host", "igmp", "repeater", "phone", "remote", "cvta", "mac-relay"}

// Names returns the names of the set bits, lowest first; an undefined bit
// n (0-based) is named "bitN".
func (c Capabilities) Names() []string {
	var names []string
	for i := 0; i < 32; i++ {
		if c&(1<<i) == 0 {
			continue
		}
		if i < len(capNames) {
			names = append(names, capNames[i])
		} else {
			names = append(names, "bit"+strconv.Itoa(i))
		}
	}
	return names
}

// String joins Names with ","; no bit set prints "none".
func (c Capabilities) String() string {
	if c == 0 {
		return "none"
	}
	return strings.Join(c.Names(), ",")
}

// Duplex is the value of the Duplex TLV (0x0b).
//
//enumcheck:exhaustive
type Duplex uint8

// Duplex values as on the wire.
const (
	DuplexHalf Duplex = 0
	DuplexFull Duplex = 1
)

func (d Duplex) String() string {
	switch d {
	case DuplexHalf:
		return "half"
	case DuplexFull:
		return "full"
	}
	return strconv.Itoa(int(d))
}

// ProtocolType is the protocol type of an address entry.
//
//enumcheck:exhaustive
type ProtocolType uint8

// Protocol types of address entries.
const (
	ProtoNLPID ProtocolType = 1 // ISO 9577 NLPID; 0xcc is IPv4
	Proto8022  ProtocolType = 2 // 802.2 LLC/SNAP header; aa aa 03 00 00 00 86 dd is IPv6
)

func (p ProtocolType) String() string {
	switch p {
	case ProtoNLPID:
		return "nlpid"
	case Proto8022:
		return "802.2"
	}
	return strconv.Itoa(int(p))
}

var snapIPv6 = []byte{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd}

// Address is one entry of an Addresses (0x02) or Management Address
// (0x16) TLV.
type Address struct {
	ProtocolType ProtocolType
	// Protocol identifies the network protocol (NLPID 0xcc for IPv4, an
	// 802.2 SNAP header for IPv6), aliasing the input.
	Protocol []byte
	// Raw is the address as on the wire, aliasing the input.
	Raw []byte
	// Addr is valid iff the entry is IPv4 (NLPID 0xcc, 4 bytes) or IPv6
	// (SNAP 86dd, 16 bytes).
	Addr netip.Addr
}

// String returns the IP address, or "<type>:<protocol hex>:<address hex>".
func (a Address) String() string {
	if a.Addr.IsValid() {
		return a.Addr.String()
	}
	return fmt.Sprintf("%v:%x:%x", a.ProtocolType, a.Protocol, a.Raw)
}

// TLV is a TLV kept undecoded.
type TLV struct {
	Type   TLVType
	Length uint16 // as on the wire, including the 4-byte TLV header
	Off    int    // offset of the TLV header in the packet
	// Value is the value after the TLV header, aliasing the input.
	Value []byte
}

// Packet is a decoded CDP packet. Fields of TLVs that did not appear, or
// were malformed, are zero; Has* tell which fixed-size values were read.
type Packet struct {
	Version  uint8  // 1 or 2
	TTL      uint8  // hold time, seconds
	Checksum uint16 // as on the wire, not verified

	DeviceID        string
	PortID          string
	SoftwareVersion string
	Platform        string
	VTPDomain       string

	Addresses           []Address
	ManagementAddresses []Address

	Capabilities    Capabilities // valid iff HasCapabilities
	HasCapabilities bool

	// NativeVLAN is the 802.1Q native VLAN ID of the sending port; valid
	// iff HasNativeVLAN.
	NativeVLAN    uint16
	HasNativeVLAN bool

	Duplex    Duplex // valid iff HasDuplex
	HasDuplex bool

	Unknown []TLV // TLVs not decoded above, in wire order
}

// Summary returns one deterministic line, e.g.
// `cdpv2 device "S1" port "FastEthernet0/13" platform "cisco WS-C3560-24TS" addr 10.0.0.1 vlan 1 ttl 180s`.
// Absent optional values are omitted.
func (p Packet) Summary() string {
	var sb strings.Builder
	sb.WriteString("cdpv")
	sb.WriteString(strconv.Itoa(int(p.Version)))
	sb.WriteString(" device ")
	sb.WriteString(strconv.Quote(p.DeviceID))
	sb.WriteString(" port ")
	sb.WriteString(strconv.Quote(p.PortID))
	if p.Platform != "" {
		sb.WriteString(" platform ")
		sb.WriteString(strconv.Quote(p.Platform))
	}
	if len(p.Addresses) > 0 {
		sb.WriteString(" addr ")
		sb.WriteString(p.Addresses[0].String())
	}
	if p.HasNativeVLAN {
		sb.WriteString(" vlan ")
		sb.WriteString(strconv.Itoa(int(p.NativeVLAN)))
	}
	sb.WriteString(" ttl ")
	sb.WriteString(strconv.Itoa(int(p.TTL)))
	sb.WriteString("s")
	return sb.String()
}

// Errors wrapped by FormatError.
var (
	errTLVLength = errors.New("TLV length below the 4-byte header")
	errValueLen  = errors.New("bad value length")
	errEntries   = errors.New("address entries past the end of the TLV")
)

// Parse decodes b, a CDP packet starting at the version octet (after the
// LLC/SNAP header aa aa 03 00 00 0c 20 00). See the package documentation
// for the errors and which fields are valid then.
func Parse(b []byte) (Packet, error) {
	var p Packet
	if len(b) < HeaderLen {
		return p, fmt.Errorf("cdp: header: %d bytes: %w", len(b), ErrTruncated)
	}
	p.Version = b[0]
	p.TTL = b[1]
	p.Checksum = binary.BigEndian.Uint16(b[2:])
	if p.Version != 1 && p.Version != 2 {
		return p, fmt.Errorf("cdp: version %d: %w", p.Version, ErrUnsupported)
	}
	var first error
	for off := HeaderLen; off < len(b); {
		if len(b)-off < 4 {
			if first == nil {
				first = fmt.Errorf("cdp: TLV header at byte %d: %w", off, ErrTruncated)
			}
			break
		}
		t := TLVType(binary.BigEndian.Uint16(b[off:]))
		n := int(binary.BigEndian.Uint16(b[off+2:]))
		if n < 4 {
			if first == nil {
				first = &FormatError{Proto: "cdp", Field: t.String() + " tlv length", Off: off, Err: fmt.Errorf("%w: %d", errTLVLength, n)}
			}
			break
		}
		if n > len(b)-off {
			if first == nil {
				first = fmt.Errorf("cdp: %v TLV at byte %d: length %d past the end: %w", t, off, n, ErrTruncated)
			}
			break
		}
		v := b[off+4 : off+n : off+n]
		if err := p.decodeTLV(t, off, v); err != nil && first == nil {
			first = err
		}
		off += n
	}
	return p, first
}

func valueLenError(t TLVType, off, n int, want string) error {
	return &FormatError{Proto: "cdp", Field: t.String(), Off: off, Err: fmt.Errorf("%w: %d, want %s", errValueLen, n, want)}
}

// decodeTLV decodes one TLV whose value v (TLV header at off) is in bounds.
func (p *Packet) decodeTLV(t TLVType, off int, v []byte) error {
	switch t {
	case TLVDeviceID:
		p.DeviceID = string(v)
	case TLVPortID:
		p.PortID = string(v)
	case TLVSoftwareVersion:
		p.SoftwareVersion = string(v)
	case TLVPlatform:
		p.Platform = string(v)
	case TLVVTPDomain:
		p.VTPDomain = string(v)
	case TLVAddresses, TLVManagementAddress:
		addrs, err := parseAddresses(t, off, v)
		if t == TLVAddresses {
			p.Addresses = append(p.Addresses, addrs...)
		} else {
			p.ManagementAddresses = append(p.ManagementAddresses, addrs...)
		}
		return err
	case TLVCapabilities:
		if len(v) != 4 {
			return valueLenError(t, off, len(v), "4")
		}
		p.Capabilities = Capabilities(binary.BigEndian.Uint32(v))
		p.HasCapabilities = true
	case TLVNativeVLAN:
		if len(v) != 2 {
			return valueLenError(t, off, len(v), "2")
		}
		p.NativeVLAN = binary.BigEndian.Uint16(v)
		p.HasNativeVLAN = true
	case TLVDuplex:
		if len(v) != 1 {
			return valueLenError(t, off, len(v), "1")
		}
		p.Duplex = Duplex(v[0])
		p.HasDuplex = true
	default:
		p.Unknown = append(p.Unknown, TLV{Type: t, Length: uint16(len(v) + 4), Off: off, Value: v})
	}
	return nil
}

// parseAddresses decodes an address list: a 4-byte count, then entries of
// protocol type (1), protocol length (1), protocol, address length (2),
// address. It returns the entries read before any error.
func parseAddresses(t TLVType, off int, v []byte) ([]Address, error) {
	if len(v) < 4 {
		return nil, valueLenError(t, off, len(v), ">= 4")
	}
	count := binary.BigEndian.Uint32(v)
	var out []Address
	i := 4
	for k := uint32(0); k < count; k++ {
		bad := func() error {
			return &FormatError{Proto: "cdp", Field: fmt.Sprintf("%v entry %d", t, k), Off: off + 4 + i, Err: errEntries}
		}
		if len(v)-i < 2 {
			return out, bad()
		}
		var a Address
		a.ProtocolType = ProtocolType(v[i])
		pl := int(v[i+1])
		i += 2
		if len(v)-i < pl+2 {
			return out, bad()
		}
		a.Protocol = v[i : i+pl : i+pl]
		i += pl
		al := int(binary.BigEndian.Uint16(v[i:]))
		i += 2
		if len(v)-i < al {
			return out, bad()
		}
		a.Raw = v[i : i+al : i+al]
		i += al
		switch {
		case a.ProtocolType == ProtoNLPID && pl == 1 && a.Protocol[0] == 0xcc && al == 4:
			a.Addr = netip.AddrFrom4([4]byte(a.Raw))
		case a.ProtocolType == Proto8022 && bytes.Equal(a.Protocol, snapIPv6) && al == 16:
			a.Addr = netip.AddrFrom16([16]byte(a.Raw))
		}
		out = append(out, a)
	}
	return out, nil
}
