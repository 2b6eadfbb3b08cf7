package stp

import (
	"strconv"
	"strings"
	"time"
)

// Octet offsets of BPDU fields, counted from the Protocol Identifier
// (IEEE 802.1D-2004 §9.3.1-§9.3.3, IEEE 802.1Q-2018 §14.6). The standards
// number octets from 1; these are 0-based.
const (
	offProtocolID = 0
	offVersion    = 2
	offType       = 3
	offV3Length   = 36
	// offPVSTTLV is where Cisco PVST+ places its TLVs after a Configuration
	// or RST BPDU: octet 36, after one pad octet in a Configuration BPDU.
	offPVSTTLV = 36
)

// Sizes of BPDUs and their parts.
const (
	// TCNLen, ConfigLen and RSTLen are the sizes of a Topology Change
	// Notification, Configuration and RST BPDU (802.1D-2004 §9.3.1-§9.3.3).
	TCNLen    = 4
	ConfigLen = 35
	RSTLen    = 36
	// MSTFixedLen is the size of an MST BPDU without MSTI configuration
	// messages: 36 octets, the version 3 length, and the 64 octets it
	// always counts (802.1Q-2018 §14.6).
	MSTFixedLen = 102
	// MSTIMessageLen is the size of one MSTI configuration message
	// (802.1Q-2018 §14.6.1).
	MSTIMessageLen = 16
	// V3FixedLen is the part of the version 3 length that is not MSTI
	// messages: MCID (51), CIST internal root path cost (4), CIST bridge
	// identifier (8), CIST remaining hops (1).
	V3FixedLen = 64
	// MaxMSTIs is the most MSTI configuration messages an MST BPDU can
	// carry (802.1Q-2018 §14.4: 0 to 64).
	MaxMSTIs = 64
)

// MAC is an IEEE 802 48-bit MAC address, a comparable value that converts
// directly to dissect.MAC.
type MAC [6]byte

const hexDigits = "0123456789abcdef"

// String formats m as six colon-separated lowercase hex octets,
// "aa:bb:cc:dd:ee:ff".
func (m MAC) String() string {
	var b [17]byte
	m.appendTo(b[:0])
	return string(b[:])
}

func (m MAC) appendTo(b []byte) []byte {
	for i, o := range m {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, hexDigits[o>>4], hexDigits[o&0xf])
	}
	return b
}

// Version is the Protocol Version Identifier (802.1D-2004 §9.3.2,
// 802.1Q-2018 §14.2). It holds the wire value, so the zero value is
// VersionSTP; values this package does not know are kept and print as
// decimal numbers.
//
//enumcheck:exhaustive
type Version uint8

// Known protocol versions.
const (
	VersionSTP  Version = 0 // 802.1D STP: Configuration and TCN BPDUs
	VersionRSTP Version = 2 // 802.1D-2004 RSTP (formerly 802.1w)
	VersionMSTP Version = 3 // 802.1Q MSTP (formerly 802.1s)
	VersionSPB  Version = 4 // 802.1Q SPB (formerly 802.1aq)
)

// String returns "STP", "RSTP", "MSTP", "SPB", or the decimal value.
func (v Version) String() string {
	switch v {
	case VersionSTP:
		return "STP"
	case VersionRSTP:
		return "RSTP"
	case VersionMSTP:
		return "MSTP"
	case VersionSPB:
		return "SPB"
	}
	return strconv.Itoa(int(v))
}

// Type is the BPDU Type (802.1D-2004 §9.3.1-§9.3.3). It holds the wire
// value; unknown values print as hex numbers.
//
//enumcheck:exhaustive
type Type uint8

// Known BPDU types.
const (
	TypeConfig Type = 0x00 // Configuration BPDU, 35 octets
	TypeRST    Type = 0x02 // RST BPDU; with version 3 an MST BPDU, with 4 an SPT BPDU
	TypeTCN    Type = 0x80 // Topology Change Notification BPDU, 4 octets
)

// String returns "Config", "RST", "TCN", or the value as "0x%02x".
func (t Type) String() string {
	switch t {
	case TypeConfig:
		return "Config"
	case TypeRST:
		return "RST"
	case TypeTCN:
		return "TCN"
	}
	return hex8(uint8(t))
}

// PortRole is the two-bit Port Role field of the flags (802.1D-2004
// §9.3.3, bits 3-4 of octet 5). In an MSTI configuration message the value
// 0 encodes the Master port role (802.1Q-2018 §14.2.1).
//
//enumcheck:exhaustive
type PortRole uint8

// Port roles as encoded in the flags.
const (
	RoleUnknown    PortRole = 0 // Unknown; Master in an MSTI message
	RoleAltBackup  PortRole = 1 // Alternate or Backup
	RoleRoot       PortRole = 2 // Root
	RoleDesignated PortRole = 3 // Designated
)

// String returns "Unknown", "AltBackup", "Root", "Designated", or the
// decimal value.
func (r PortRole) String() string {
	switch r {
	case RoleUnknown:
		return "Unknown"
	case RoleAltBackup:
		return "AltBackup"
	case RoleRoot:
		return "Root"
	case RoleDesignated:
		return "Designated"
	}
	return strconv.Itoa(int(r))
}

// Flags is the flags octet of a Configuration, RST or MST BPDU
// (802.1D-2004 §9.3.1, §9.3.3; 802.1Q-2018 §14.6). A Configuration BPDU
// defines only TC and TCA; the other bits are defined for RST, MST and SPT
// BPDUs.
type Flags uint8

// Flag bits, bit 0 being the least significant (bit 1 in the standards).
const (
	FlagTC          Flags = 1 << 0 // Topology Change
	FlagProposal    Flags = 1 << 1 // Proposal
	FlagRoleMask    Flags = 3 << 2 // Port Role, see PortRole
	FlagLearning    Flags = 1 << 4 // Learning
	FlagForwarding  Flags = 1 << 5 // Forwarding
	FlagAgreement   Flags = 1 << 6 // Agreement
	FlagTCA         Flags = 1 << 7 // Topology Change Acknowledgment
	configFlagsMask       = FlagTC | FlagTCA
)

// TC reports the Topology Change flag (bit 0).
func (f Flags) TC() bool { return f&FlagTC != 0 }

// Proposal reports the Proposal flag (bit 1).
func (f Flags) Proposal() bool { return f&FlagProposal != 0 }

// Role returns the Port Role (bits 2-3).
func (f Flags) Role() PortRole { return PortRole(f & FlagRoleMask >> 2) }

// Learning reports the Learning flag (bit 4).
func (f Flags) Learning() bool { return f&FlagLearning != 0 }

// Forwarding reports the Forwarding flag (bit 5).
func (f Flags) Forwarding() bool { return f&FlagForwarding != 0 }

// Agreement reports the Agreement flag (bit 6).
func (f Flags) Agreement() bool { return f&FlagAgreement != 0 }

// TCA reports the Topology Change Acknowledgment flag (bit 7). In an MSTI
// configuration message this bit is the Master flag instead.
func (f Flags) TCA() bool { return f&FlagTCA != 0 }

// String lists the set flags other than the role, in bit order, as
// "[TC, Proposal, Learn, Forward, Agreement, TCA]", or "[none]".
func (f Flags) String() string { return f.format("TCA") }

func (f Flags) format(bit7 string) string {
	names := [8]string{"TC", "Proposal", "", "", "Learn", "Forward", "Agreement", bit7}
	var b strings.Builder
	b.WriteByte('[')
	n := 0
	for i, name := range names {
		if name == "" || f&(1<<i) == 0 {
			continue
		}
		if n > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name)
		n++
	}
	if n == 0 {
		b.WriteString("none")
	}
	b.WriteByte(']')
	return b.String()
}

// MSTIFlags is the flags octet of an MSTI configuration message
// (802.1Q-2018 §14.6.1): as Flags, except that bit 7 is the Master flag.
type MSTIFlags uint8

// TC reports the Topology Change flag (bit 0).
func (f MSTIFlags) TC() bool { return Flags(f).TC() }

// Proposal reports the Proposal flag (bit 1).
func (f MSTIFlags) Proposal() bool { return Flags(f).Proposal() }

// Role returns the Port Role (bits 2-3); RoleUnknown encodes Master.
func (f MSTIFlags) Role() PortRole { return Flags(f).Role() }

// Learning reports the Learning flag (bit 4).
func (f MSTIFlags) Learning() bool { return Flags(f).Learning() }

// Forwarding reports the Forwarding flag (bit 5).
func (f MSTIFlags) Forwarding() bool { return Flags(f).Forwarding() }

// Agreement reports the Agreement flag (bit 6).
func (f MSTIFlags) Agreement() bool { return Flags(f).Agreement() }

// Master reports the Master flag (bit 7).
func (f MSTIFlags) Master() bool { return f&MSTIFlags(FlagTCA) != 0 }

// String lists the set flags other than the role, as Flags does, with
// "Master" for bit 7.
func (f MSTIFlags) String() string { return Flags(f).format("Master") }

// BridgeID is an 8-octet bridge identifier (802.1D-2004 §9.2.5,
// 802.1Q-2018 §13.26.2): a 4-bit priority, a 12-bit system ID extension and
// a MAC address.
type BridgeID struct {
	// Priority is the bridge priority as a value: the top 4 bits of the
	// first two octets, so always a multiple of 4096 in 0..61440
	// (32768 is the default).
	Priority uint16
	// SystemID is the 12-bit system ID extension, 0..4095: the VLAN of a
	// PVST+ BPDU's tree, the MSTID of an MSTI regional root, 0 otherwise.
	SystemID uint16
	// MAC is the bridge address.
	MAC MAC
}

func bridgeIDFrom(b []byte) BridgeID {
	v := uint16(b[0])<<8 | uint16(b[1])
	var id BridgeID
	id.Priority = v & 0xf000
	id.SystemID = v & 0x0fff
	copy(id.MAC[:], b[2:8])
	return id
}

// String formats id as tcpdump and switch CLIs do: the first two octets
// in hex, a dot, and the MAC, "8000.38:1c:1a:7a:c1:80".
func (id BridgeID) String() string {
	return string(id.appendDotted(make([]byte, 0, 22)))
}

func (id BridgeID) appendDotted(b []byte) []byte {
	v := id.Priority | id.SystemID
	b = append(b, hexDigits[v>>12], hexDigits[v>>8&0xf], hexDigits[v>>4&0xf], hexDigits[v&0xf], '.')
	return id.MAC.appendTo(b)
}

// Expanded formats id as priority/system ID/MAC in decimal,
// "32768/0/38:1c:1a:7a:c1:80".
func (id BridgeID) Expanded() string {
	return string(id.appendExpanded(make([]byte, 0, 29)))
}

func (id BridgeID) appendExpanded(b []byte) []byte {
	b = strconv.AppendUint(b, uint64(id.Priority), 10)
	b = append(b, '/')
	b = strconv.AppendUint(b, uint64(id.SystemID), 10)
	b = append(b, '/')
	return id.MAC.appendTo(b)
}

// PortID is a 2-octet port identifier (802.1D-2004 §9.2.7): a 4-bit port
// priority and a 12-bit port number.
type PortID struct {
	// Priority is the port priority as a value: the top 4 bits of the
	// first octet, so a multiple of 16 in 0..240 (128 is the default).
	Priority uint8
	// Number is the 12-bit port number, 0..4095.
	Number uint16
}

func portIDFrom(v uint16) PortID {
	return PortID{Priority: uint8(v >> 8 & 0xf0), Number: v & 0x0fff}
}

// Raw returns the two octets as on the wire.
func (p PortID) Raw() uint16 { return uint16(p.Priority&0xf0)<<8 | p.Number&0x0fff }

// String formats the port identifier as on the wire in hex, "0x8036".
func (p PortID) String() string {
	v := p.Raw()
	return string([]byte{'0', 'x', hexDigits[v>>12], hexDigits[v>>8&0xf], hexDigits[v>>4&0xf], hexDigits[v&0xf]})
}

// Timer is a BPDU timer value in units of 1/256 second as on the wire
// (802.1D-2004 §9.2.8). Duration converts it exactly.
type Timer uint16

// Duration returns t as a time.Duration; every Timer value is a whole
// number of nanoseconds (1/256 s = 3906250 ns).
func (t Timer) Duration() time.Duration { return time.Duration(t) * (time.Second / 256) }

// String formats t as seconds with two decimals, as tcpdump does, "20.00s".
func (t Timer) String() string {
	return strconv.FormatFloat(float64(t)/256, 'f', 2, 64) + "s"
}

// ConfigID is the MST Configuration Identifier (802.1Q-2018 §13.8), 51
// octets.
type ConfigID struct {
	// FormatSelector is the Configuration Identifier Format Selector; 0
	// is the only value defined.
	FormatSelector uint8
	// Name is the Configuration Name: the 32-octet field up to its first
	// NUL octet, undecoded (usually ASCII, not guaranteed to be UTF-8).
	Name string
	// Revision is the Revision Level.
	Revision uint16
	// Digest is the HMAC-MD5 Configuration Digest of the MST Configuration
	// Table.
	Digest [16]byte
}

// MSTI is one MSTI configuration message (802.1Q-2018 §14.6.1), 16 octets.
type MSTI struct {
	// Flags is octet 1 of the message.
	Flags MSTIFlags
	// RegionalRoot is the MSTI Regional Root Identifier (octets 2-9); its
	// SystemID is the MSTID.
	RegionalRoot BridgeID
	// InternalRootPathCost is the MSTI Internal Root Path Cost (octets
	// 10-13), in the units of 802.1Q-2018 §13.18 (a dimensionless cost).
	InternalRootPathCost uint32
	// BridgePriority is the MSTI Bridge Priority as a value: the top 4
	// bits of octet 14 shifted into the top of a 16-bit priority, a
	// multiple of 4096 in 0..61440. The low 4 bits of the octet are
	// ignored.
	BridgePriority uint16
	// PortPriority is the MSTI Port Priority as a value: the top 4 bits of
	// octet 15, a multiple of 16 in 0..240. The low 4 bits are ignored.
	PortPriority uint8
	// RemainingHops is the MSTI Remaining Hops (octet 16).
	RemainingHops uint8
}

// ID returns the MSTID, the system ID extension of the regional root.
func (m MSTI) ID() uint16 { return m.RegionalRoot.SystemID }

// BPDU is a decoded Bridge Protocol Data Unit.
//
// Fields are decoded in wire order and decoding stops at the first field
// that cannot be read, so after an error exactly the fields whose octets
// lie below Decoded are valid (each field's doc names its octets, counted
// from 0 at the Protocol Identifier) and the others are zero. Fields that
// the BPDU's Type and Version do not carry are zero.
type BPDU struct {
	// ProtocolID is the Protocol Identifier, octets 0-1; 0 for spanning
	// tree (0x0001 is GARP, which shares LLC SAP 0x42). Any other value
	// ends decoding with ErrUnsupported.
	ProtocolID uint16
	// Version is the Protocol Version Identifier, octet 2.
	Version Version
	// Type is the BPDU Type, octet 3.
	Type Type

	// Flags is octet 4 (the CIST flags of an MST BPDU). Valid for
	// Configuration, RST, MST and SPT BPDUs.
	Flags Flags
	// Root is the Root Identifier, octets 5-12 (CIST Root Identifier).
	Root BridgeID
	// RootPathCost is the Root Path Cost, octets 13-16 (CIST External Root
	// Path Cost): a dimensionless cost (802.1D-2004 §17.14).
	RootPathCost uint32
	// Bridge is the Bridge Identifier, octets 17-24. In MST and SPT BPDUs
	// these octets are the CIST Regional Root Identifier; the transmitting
	// bridge is then CISTBridge.
	Bridge BridgeID
	// Port is the Port Identifier, octets 25-26 (CIST Port Identifier).
	Port PortID
	// MessageAge, MaxAge, HelloTime and ForwardDelay are the timers,
	// octets 27-34, in 1/256 s.
	MessageAge, MaxAge, HelloTime, ForwardDelay Timer

	// Version1Length is octet 35 of RST, MST and SPT BPDUs; 0 on the wire
	// (802.1D-2004 §9.3.3).
	Version1Length uint8

	// Version3Length is octets 36-37 of MST and SPT BPDUs (Version 3 or
	// more): the number of octets that follow it up to the end of the
	// MSTI configuration messages, 64 + 16 × the number of MSTIs.
	Version3Length uint16
	// MCID is the MST Configuration Identifier, octets 38-88.
	MCID ConfigID
	// CISTInternalRootPathCost is octets 89-92, a dimensionless cost.
	CISTInternalRootPathCost uint32
	// CISTBridge is the CIST Bridge Identifier, octets 93-100: the bridge
	// that sent an MST or SPT BPDU.
	CISTBridge BridgeID
	// CISTRemainingHops is octet 101.
	CISTRemainingHops uint8
	// MSTIs are the MSTI configuration messages from octet 102 on, 16
	// octets each, nil when there are none. With a nil error there are
	// exactly (Version3Length-64)/16; after ErrTruncated, those that were
	// present whole.
	MSTIs []MSTI
	// Version4Length is the 2 octets after the MSTI messages of an SPT BPDU
	// (Version 4): the number of SPB-specific octets that follow it
	// (802.1Q-2018 §14.6). Those octets are skipped, not decoded.
	Version4Length uint16

	// VLAN is the originating VLAN ID from a PVST+ originating-VLAN TLV,
	// 0..4095. Valid iff HasVLAN.
	VLAN uint16
	// HasVLAN reports that ParsePVST found the originating-VLAN TLV.
	HasVLAN bool

	// Decoded is the number of octets decoded into fields, counted from
	// the Protocol Identifier; for ParsePVST it includes the pad octet and
	// the TLVs up to the originating-VLAN TLV.
	Decoded int
	// Trailing is the number of octets after the decoded BPDU (Ethernet
	// padding, a frame check sequence): len(b) - Decoded when the error is
	// nil or a *FormatError reporting ErrInconsistent, 0 otherwise.
	Trailing int
}

// IsMST reports whether b is an MST or SPT BPDU, i.e. carries the fields
// from Version3Length on.
func (b BPDU) IsMST() bool {
	return b.ProtocolID == 0 && b.Type == TypeRST && (b.Version == VersionMSTP || b.Version == VersionSPB)
}

func hex8(v uint8) string {
	return string([]byte{'0', 'x', hexDigits[v>>4], hexDigits[v&0xf]})
}
