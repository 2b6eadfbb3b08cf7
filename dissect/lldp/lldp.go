package lldp

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/dropscope/dropscope/dissect"
)

// ErrTruncated reports that a TLV header or a declared TLV length runs past
// the end of the bytes given to Parse.
var ErrTruncated = errors.New("lldp: truncated")

// FormatError reports bytes that contradict IEEE 802.1AB-2016 §8; Off
// counts from the start of the LLDPDU, Field is e.g. "chassis id" or
// "tlv order".
type FormatError = dissect.FormatError

// TLVType is the 7-bit TLV type (802.1AB-2016 Table 8-1).
//
//enumcheck:exhaustive
type TLVType uint8

// TLV types of 802.1AB-2016 Table 8-1. Types 9 to 126 are reserved.
const (
	TLVEnd                TLVType = 0
	TLVChassisID          TLVType = 1
	TLVPortID             TLVType = 2
	TLVTTL                TLVType = 3
	TLVPortDescription    TLVType = 4
	TLVSystemName         TLVType = 5
	TLVSystemDescription  TLVType = 6
	TLVSystemCapabilities TLVType = 7
	TLVManagementAddress  TLVType = 8
	TLVOrgSpecific        TLVType = 127
)

func (t TLVType) String() string {
	switch t {
	case TLVEnd:
		return "end"
	case TLVChassisID:
		return "chassis-id"
	case TLVPortID:
		return "port-id"
	case TLVTTL:
		return "ttl"
	case TLVPortDescription:
		return "port-description"
	case TLVSystemName:
		return "system-name"
	case TLVSystemDescription:
		return "system-description"
	case TLVSystemCapabilities:
		return "system-capabilities"
	case TLVManagementAddress:
		return "management-address"
	case TLVOrgSpecific:
		return "org-specific"
	}
	return strconv.Itoa(int(t))
}

// ChassisIDSubtype is the chassis ID subtype (802.1AB-2016 Table 8-2).
//
//enumcheck:exhaustive
type ChassisIDSubtype uint8

// Chassis ID subtypes. 0 and 8..255 are reserved.
const (
	ChassisComponent       ChassisIDSubtype = 1 // entPhysicalAlias of a chassis (RFC 6933)
	ChassisInterfaceAlias  ChassisIDSubtype = 2 // ifAlias (RFC 2863)
	ChassisPortComponent   ChassisIDSubtype = 3 // entPhysicalAlias of a port or backplane
	ChassisMACAddress      ChassisIDSubtype = 4 // IEEE 802 MAC address
	ChassisNetworkAddress  ChassisIDSubtype = 5 // IANA address family octet + address
	ChassisInterfaceName   ChassisIDSubtype = 6 // ifName (RFC 2863)
	ChassisLocallyAssigned ChassisIDSubtype = 7 // local alphanumeric string
)

// String returns the short name used by Summary ("mac", "ifname", ...), or
// the number for a reserved subtype.
func (s ChassisIDSubtype) String() string {
	switch s {
	case ChassisComponent:
		return "chassis-component"
	case ChassisInterfaceAlias:
		return "ifalias"
	case ChassisPortComponent:
		return "port-component"
	case ChassisMACAddress:
		return "mac"
	case ChassisNetworkAddress:
		return "addr"
	case ChassisInterfaceName:
		return "ifname"
	case ChassisLocallyAssigned:
		return "local"
	}
	return strconv.Itoa(int(s))
}

// PortIDSubtype is the port ID subtype (802.1AB-2016 Table 8-3).
//
//enumcheck:exhaustive
type PortIDSubtype uint8

// Port ID subtypes. 0 and 8..255 are reserved.
const (
	PortInterfaceAlias  PortIDSubtype = 1 // ifAlias (RFC 2863)
	PortComponent       PortIDSubtype = 2 // entPhysicalAlias of a port (RFC 6933)
	PortMACAddress      PortIDSubtype = 3 // IEEE 802 MAC address
	PortNetworkAddress  PortIDSubtype = 4 // IANA address family octet + address
	PortInterfaceName   PortIDSubtype = 5 // ifName (RFC 2863)
	PortAgentCircuitID  PortIDSubtype = 6 // agent circuit ID (RFC 3046)
	PortLocallyAssigned PortIDSubtype = 7 // local alphanumeric string
)

// String returns the short name used by Summary ("ifname", "mac", ...), or
// the number for a reserved subtype.
func (s PortIDSubtype) String() string {
	switch s {
	case PortInterfaceAlias:
		return "ifalias"
	case PortComponent:
		return "port-component"
	case PortMACAddress:
		return "mac"
	case PortNetworkAddress:
		return "addr"
	case PortInterfaceName:
		return "ifname"
	case PortAgentCircuitID:
		return "circuit-id"
	case PortLocallyAssigned:
		return "local"
	}
	return strconv.Itoa(int(s))
}

// AddressFamily is an IANA address family number (RFC 3232 "Address Family
// Numbers" registry) as carried by network-address IDs and the management
// address TLV.
//
//enumcheck:exhaustive
type AddressFamily uint8

// Address families that are decoded into netip.Addr or dissect.MAC.
const (
	FamilyIPv4 AddressFamily = 1
	FamilyIPv6 AddressFamily = 2
	Family802  AddressFamily = 6 // IEEE 802 MAC address (all 802 media)
)

func (f AddressFamily) String() string {
	switch f {
	case FamilyIPv4:
		return "ipv4"
	case FamilyIPv6:
		return "ipv6"
	case Family802:
		return "802"
	}
	return strconv.Itoa(int(f))
}

// ID is the decoded value of a chassis ID or port ID: the raw bytes after
// the subtype octet, and their interpretation when the subtype has one.
type ID struct {
	// Value is the ID as on the wire (1..255 bytes), aliasing the input.
	Value []byte
	// MAC is valid iff the subtype is a MAC address and len(Value) == 6.
	MAC dissect.MAC
	// Family and Addr are set iff the subtype is a network address and
	// len(Value) >= 1. Addr is valid iff Family is IPv4 with 4 address
	// bytes or IPv6 with 16; with Family802 and 6 bytes, MAC is set instead.
	Family AddressFamily
	Addr   netip.Addr
}

// ChassisID is the Chassis ID TLV (802.1AB-2016 §8.5.2).
type ChassisID struct {
	Subtype ChassisIDSubtype
	ID
}

// String returns "<subtype> <value>", e.g. "mac 00:1b:21:aa:bb:cc".
func (c ChassisID) String() string {
	return c.Subtype.String() + " " + c.ID.format(c.Subtype == ChassisMACAddress, c.Subtype == ChassisNetworkAddress)
}

// PortID is the Port ID TLV (802.1AB-2016 §8.5.3).
type PortID struct {
	Subtype PortIDSubtype
	ID
}

// String returns "<subtype> <value>", e.g. `ifname "Gi1/0/24"`.
func (p PortID) String() string {
	return p.Subtype.String() + " " + p.ID.format(p.Subtype == PortMACAddress, p.Subtype == PortNetworkAddress)
}

func (id ID) format(isMAC, isNet bool) string {
	switch {
	case isMAC && len(id.Value) == 6:
		return id.MAC.String()
	case isNet && id.Addr.IsValid():
		return id.Addr.String()
	case isNet && id.Family == Family802 && len(id.Value) == 7:
		return id.MAC.String()
	}
	return printable(id.Value)
}

// decodeID fills id from the bytes after the subtype octet.
func decodeID(v []byte, isMAC, isNet bool) ID {
	id := ID{Value: v}
	switch {
	case isMAC && len(v) == 6:
		id.MAC = dissect.MAC(v)
	case isNet && len(v) >= 1:
		id.Family = AddressFamily(v[0])
		id.Addr, id.MAC = decodeAddr(id.Family, v[1:])
	}
	return id
}

// decodeAddr interprets an address of family f; it returns the zero values
// when the length does not match the family.
func decodeAddr(f AddressFamily, a []byte) (netip.Addr, dissect.MAC) {
	switch {
	case f == FamilyIPv4 && len(a) == 4:
		return netip.AddrFrom4([4]byte(a)), dissect.MAC{}
	case f == FamilyIPv6 && len(a) == 16:
		return netip.AddrFrom16([16]byte(a)), dissect.MAC{}
	case f == Family802 && len(a) == 6:
		return netip.Addr{}, dissect.MAC(a)
	}
	return netip.Addr{}, dissect.MAC{}
}

// printable quotes b when every byte is printable ASCII, and writes it as
// 0x-prefixed hex otherwise.
func printable(b []byte) string {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return "0x" + hex.EncodeToString(b)
		}
	}
	return strconv.Quote(string(b))
}

// Capabilities is the system capabilities bit map (802.1AB-2016 Table 8-4;
// bit 1 of the standard is the least significant bit here).
type Capabilities uint16

// Capability bits.
const (
	CapOther     Capabilities = 1 << 0
	CapRepeater  Capabilities = 1 << 1
	CapBridge    Capabilities = 1 << 2 // MAC Bridge component
	CapWLANAP    Capabilities = 1 << 3 // WLAN Access Point
	CapRouter    Capabilities = 1 << 4
	CapTelephone Capabilities = 1 << 5
	CapDOCSIS    Capabilities = 1 << 6  // DOCSIS cable device
	CapStation   Capabilities = 1 << 7  // Station Only
	CapCVLAN     Capabilities = 1 << 8  // C-VLAN component
	CapSVLAN     Capabilities = 1 << 9  // S-VLAN component
	CapTPMR      Capabilities = 1 << 10 // two-port MAC relay
)

var capNames = [...]string{"other", "repeater", "bridge", "wlan-ap", "router", "telephone", "docsis", "station", "c-vlan", "s-vlan", "tpmr"}

// Names returns the names of the set bits, lowest first; a reserved bit n
// (0-based) is named "bitN".
func (c Capabilities) Names() []string {
	var names []string
	for i := 0; i < 16; i++ {
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

// SystemCapabilities is the System Capabilities TLV (802.1AB-2016 §8.5.8).
type SystemCapabilities struct {
	Supported Capabilities
	Enabled   Capabilities
}

// InterfaceNumbering is the interface numbering subtype of the management
// address TLV (802.1AB-2016 §8.5.9.5, IF-MIB ifIndex or port number).
//
//enumcheck:exhaustive
type InterfaceNumbering uint8

// Interface numbering subtypes.
const (
	IfNumberingUnknown    InterfaceNumbering = 1
	IfNumberingIfIndex    InterfaceNumbering = 2
	IfNumberingSystemPort InterfaceNumbering = 3
)

func (n InterfaceNumbering) String() string {
	switch n {
	case IfNumberingUnknown:
		return "unknown"
	case IfNumberingIfIndex:
		return "ifindex"
	case IfNumberingSystemPort:
		return "system-port"
	}
	return strconv.Itoa(int(n))
}

// ManagementAddress is one Management Address TLV (802.1AB-2016 §8.5.9).
type ManagementAddress struct {
	Family AddressFamily
	// Raw is the address after the family octet (1..31 bytes), aliasing
	// the input.
	Raw []byte
	// Addr is valid iff Family is IPv4 with 4 bytes or IPv6 with 16.
	Addr netip.Addr
	// MAC is set iff Family is Family802 with 6 bytes.
	MAC             dissect.MAC
	IfNumbering     InterfaceNumbering
	InterfaceNumber uint32
	// OID is the BER-encoded object identifier (0..128 bytes), aliasing
	// the input; nil when absent.
	OID []byte
}

// String returns the address as text: an IP address, a MAC, or hex.
func (m ManagementAddress) String() string {
	switch {
	case m.Addr.IsValid():
		return m.Addr.String()
	case m.Family == Family802 && len(m.Raw) == 6:
		return m.MAC.String()
	}
	return m.Family.String() + ":" + printable(m.Raw)
}

// OUI is an IEEE Organizationally Unique Identifier.
type OUI [3]byte

// OUI8021 is the IEEE 802.1 OUI, 00-80-C2.
var OUI8021 = OUI{0x00, 0x80, 0xc2}

func (o OUI) String() string { return fmt.Sprintf("%02x-%02x-%02x", o[0], o[1], o[2]) }

// OrgTLV is an organizationally specific TLV (802.1AB-2016 §8.6).
type OrgTLV struct {
	OUI     OUI
	Subtype uint8
	// Info is the information string after OUI and subtype (0..507
	// bytes), aliasing the input.
	Info []byte
}

// TLV is a TLV kept undecoded: a reserved type (9..126).
type TLV struct {
	Type   TLVType
	Length uint16 // the 9-bit information string length
	Off    int    // offset of the TLV header in the LLDPDU
	// Value is the information string, aliasing the input.
	Value []byte
}

// LLDPDU is a decoded LLDP data unit. Fields of TLVs that did not appear,
// or were malformed, are zero; Has* tell which optional values were read.
type LLDPDU struct {
	ChassisID ChassisID // valid iff HasChassisID
	PortID    PortID    // valid iff HasPortID
	TTL       uint16    // seconds; valid iff HasTTL. 0 means "remove this neighbour"

	HasChassisID, HasPortID, HasTTL bool

	PortDescription   string
	SystemName        string
	SystemDescription string

	Capabilities    SystemCapabilities // valid iff HasCapabilities
	HasCapabilities bool

	ManagementAddresses []ManagementAddress
	Org                 []OrgTLV // every organizationally specific TLV, decoded or not

	// PortVLANID is the 802.1 Port VLAN ID (OUI 00-80-C2 subtype 1,
	// 802.1Q-2018 §D.2.1): the PVID, 0 when the port has none. Valid iff
	// HasPortVLANID.
	PortVLANID    uint16
	HasPortVLANID bool

	Unknown []TLV // reserved TLV types, in wire order
	End     bool  // an End Of LLDPDU TLV ended the parse
}

// Summary returns one deterministic line, e.g.
// `chassis mac 00:1b:21:aa:bb:cc port ifname "Gi1/0/24" ttl 120s sysname "sw-core-1"`.
// Absent mandatory TLVs print as "none"; absent optional ones are omitted.
func (d LLDPDU) Summary() string {
	var sb strings.Builder
	sb.WriteString("chassis ")
	if d.HasChassisID {
		sb.WriteString(d.ChassisID.String())
	} else {
		sb.WriteString("none")
	}
	sb.WriteString(" port ")
	if d.HasPortID {
		sb.WriteString(d.PortID.String())
	} else {
		sb.WriteString("none")
	}
	sb.WriteString(" ttl ")
	if d.HasTTL {
		sb.WriteString(strconv.Itoa(int(d.TTL)))
		sb.WriteString("s")
	} else {
		sb.WriteString("none")
	}
	if d.SystemName != "" {
		sb.WriteString(" sysname ")
		sb.WriteString(strconv.Quote(d.SystemName))
	}
	if d.HasPortVLANID {
		sb.WriteString(" pvid ")
		sb.WriteString(strconv.Itoa(int(d.PortVLANID)))
	}
	return sb.String()
}

// Errors wrapped by FormatError.
var (
	errOrder     = errors.New("first TLVs must be chassis id, port id, ttl in that order")
	errDuplicate = errors.New("duplicate TLV")
	errMissing   = errors.New("missing chassis id, port id or ttl TLV")
	errLength    = errors.New("bad TLV length")
	errEndLength = errors.New("end TLV with non-zero length")
	errMgmtLen   = errors.New("address string length out of range")
	errOIDLen    = errors.New("OID length past the end of the TLV")
)

// Parse decodes b, the payload of an Ethernet frame with EtherType 0x88cc
// (IEEE 802.1AB-2016 §8.2). Trailing bytes after an End Of LLDPDU TLV
// (Ethernet padding) are ignored. See the package documentation for the
// errors and which fields are valid then.
func Parse(b []byte) (LLDPDU, error) {
	var d LLDPDU
	var first error
	note := func(err error) {
		if first == nil {
			first = err
		}
	}
	for i, off := 0, 0; off < len(b); i++ {
		if len(b)-off < 2 {
			note(fmt.Errorf("lldp: TLV header at byte %d: %w", off, ErrTruncated))
			break
		}
		h := binary.BigEndian.Uint16(b[off:])
		t, n := TLVType(h>>9), int(h&0x1ff)
		start := off + 2
		if n > len(b)-start {
			note(fmt.Errorf("lldp: %v TLV at byte %d: length %d past the end: %w", t, off, n, ErrTruncated))
			break
		}
		v := b[start : start+n : start+n]
		dup, err := checkOrder(i, t, off, &d)
		if err != nil {
			note(err)
		}
		if t == TLVEnd {
			if n != 0 {
				note(&FormatError{Proto: "lldp", Field: "end", Off: off, Err: errEndLength})
			}
			d.End = true
			break
		}
		if !dup {
			if err := d.decodeTLV(t, off, v); err != nil {
				note(err)
			}
		}
		off = start + n
	}
	if first == nil && len(b) == 0 {
		first = fmt.Errorf("lldp: empty LLDPDU: %w", ErrTruncated)
	}
	if first == nil && !(d.HasChassisID && d.HasPortID && d.HasTTL) {
		first = &FormatError{Proto: "lldp", Field: "tlv order", Off: len(b), Err: errMissing}
	}
	return d, first
}

// checkOrder enforces §8.2: the first three TLVs are Chassis ID, Port ID
// and TTL, and none of them appears again (§9.2.7.7.1 discards such an
// LLDPDU). A repeated one is reported as dup and not decoded, so the
// first value stays.
func checkOrder(i int, t TLVType, off int, d *LLDPDU) (dup bool, err error) {
	dup = (t == TLVChassisID && d.HasChassisID) || (t == TLVPortID && d.HasPortID) || (t == TLVTTL && d.HasTTL)
	want := [3]TLVType{TLVChassisID, TLVPortID, TLVTTL}
	if i < 3 && t != want[i] {
		return dup, &FormatError{Proto: "lldp", Field: "tlv order", Off: off, Err: fmt.Errorf("TLV %d is %v: %w", i, t, errOrder)}
	}
	if dup {
		return dup, &FormatError{Proto: "lldp", Field: t.String(), Off: off, Err: errDuplicate}
	}
	return false, nil
}

func lengthError(t TLVType, off, n int, rng string) error {
	return &FormatError{Proto: "lldp", Field: t.String(), Off: off, Err: fmt.Errorf("%w: %d, want %s", errLength, n, rng)}
}

// decodeTLV decodes one TLV whose value v (at TLV offset off) is in bounds.
func (d *LLDPDU) decodeTLV(t TLVType, off int, v []byte) error {
	switch t {
	case TLVChassisID:
		if len(v) < 2 {
			return lengthError(t, off, len(v), "2..256")
		}
		s := ChassisIDSubtype(v[0])
		d.ChassisID = ChassisID{Subtype: s, ID: decodeID(v[1:], s == ChassisMACAddress, s == ChassisNetworkAddress)}
		d.HasChassisID = true
	case TLVPortID:
		if len(v) < 2 {
			return lengthError(t, off, len(v), "2..256")
		}
		s := PortIDSubtype(v[0])
		d.PortID = PortID{Subtype: s, ID: decodeID(v[1:], s == PortMACAddress, s == PortNetworkAddress)}
		d.HasPortID = true
	case TLVTTL:
		if len(v) < 2 {
			return lengthError(t, off, len(v), "2")
		}
		d.TTL = binary.BigEndian.Uint16(v)
		d.HasTTL = true
		if len(v) != 2 {
			return lengthError(t, off, len(v), "2")
		}
	case TLVPortDescription:
		d.PortDescription = string(v)
	case TLVSystemName:
		d.SystemName = string(v)
	case TLVSystemDescription:
		d.SystemDescription = string(v)
	case TLVSystemCapabilities:
		if len(v) != 4 {
			return lengthError(t, off, len(v), "4")
		}
		d.Capabilities = SystemCapabilities{
			Supported: Capabilities(binary.BigEndian.Uint16(v)),
			Enabled:   Capabilities(binary.BigEndian.Uint16(v[2:])),
		}
		d.HasCapabilities = true
	case TLVManagementAddress:
		m, err := parseMgmt(off, v)
		if err != nil {
			return err
		}
		d.ManagementAddresses = append(d.ManagementAddresses, m)
	case TLVOrgSpecific:
		if len(v) < 4 {
			return lengthError(t, off, len(v), "4..511")
		}
		o := OrgTLV{OUI: OUI(v[:3]), Subtype: v[3], Info: v[4:len(v):len(v)]}
		d.Org = append(d.Org, o)
		if o.OUI == OUI8021 && o.Subtype == 1 {
			if len(o.Info) != 2 {
				return &FormatError{Proto: "lldp", Field: "port vlan id", Off: off, Err: fmt.Errorf("%w: %d, want 6", errLength, len(v))}
			}
			d.PortVLANID = binary.BigEndian.Uint16(o.Info)
			d.HasPortVLANID = true
		}
	default:
		d.Unknown = append(d.Unknown, TLV{Type: t, Length: uint16(len(v)), Off: off, Value: v})
	}
	return nil
}

// parseMgmt decodes a Management Address TLV value (§8.5.9):
// address string length (1), family (1), address, numbering subtype (1),
// interface number (4), OID string length (1), OID.
func parseMgmt(off int, v []byte) (ManagementAddress, error) {
	var m ManagementAddress
	if len(v) < 9 {
		return m, lengthError(TLVManagementAddress, off, len(v), "9..167")
	}
	alen := int(v[0]) // covers the family octet and the address
	if alen < 2 || alen > 32 || 1+alen+6 > len(v) {
		return m, &FormatError{Proto: "lldp", Field: "management address", Off: off + 2, Err: fmt.Errorf("%w: %d", errMgmtLen, alen)}
	}
	m.Family = AddressFamily(v[1])
	m.Raw = v[2 : 1+alen : 1+alen]
	m.Addr, m.MAC = decodeAddr(m.Family, m.Raw)
	p := 1 + alen
	m.IfNumbering = InterfaceNumbering(v[p])
	m.InterfaceNumber = binary.BigEndian.Uint32(v[p+1:])
	olen := int(v[p+5])
	rest := v[p+6:]
	if olen > len(rest) {
		return m, &FormatError{Proto: "lldp", Field: "management address oid", Off: off + 2 + p + 5, Err: errOIDLen}
	}
	if olen > 0 {
		m.OID = rest[:olen:olen]
	}
	return m, nil
}
