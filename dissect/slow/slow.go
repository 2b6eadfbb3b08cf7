package slow

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dropscope/dropscope/dissect"
)

// ErrTruncated reports that the PDU ends before a fixed field or a declared
// TLV length.
var ErrTruncated = errors.New("slow: truncated")

// ErrUnsupported reports a Slow Protocols subtype that Parse does not
// decode.
var ErrUnsupported = errors.New("slow: unsupported")

// FormatError reports bytes that contradict the standard; Off counts from
// the subtype octet, Field is e.g. "lacp actor".
type FormatError = dissect.FormatError

// Subtype is the Slow Protocols subtype (802.3-2022 Table 43B-3).
//
//enumcheck:exhaustive
type Subtype uint8

// Subtypes. 0 is unused; 4..9 are reserved or obsolete.
const (
	SubtypeLACP   Subtype = 1
	SubtypeMarker Subtype = 2
	SubtypeOAM    Subtype = 3
	SubtypeOSSP   Subtype = 10
)

func (s Subtype) String() string {
	switch s {
	case SubtypeLACP:
		return "lacp"
	case SubtypeMarker:
		return "marker"
	case SubtypeOAM:
		return "oam"
	case SubtypeOSSP:
		return "ossp"
	}
	return strconv.Itoa(int(s))
}

// PortState is the LACP actor or partner state octet (802.1AX-2020
// §6.4.2.3, bit 0 first).
type PortState uint8

// Port state bits.
const (
	StateActivity        PortState = 1 << 0 // LACP_Activity: active (1) or passive (0)
	StateTimeout         PortState = 1 << 1 // LACP_Timeout: short (1) or long (0)
	StateAggregation     PortState = 1 << 2 // aggregatable (1) or individual (0)
	StateSynchronization PortState = 1 << 3
	StateCollecting      PortState = 1 << 4
	StateDistributing    PortState = 1 << 5
	StateDefaulted       PortState = 1 << 6
	StateExpired         PortState = 1 << 7
)

var stateNames = [8]string{"Activity", "Timeout", "Aggregation", "Synchronization", "Collecting", "Distributing", "Defaulted", "Expired"}

// Names returns the names of the set bits, bit 0 first.
func (s PortState) Names() []string {
	var names []string
	for i, n := range stateNames {
		if s&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return names
}

// String joins Names with ","; no bit set prints "none".
func (s PortState) String() string {
	if s == 0 {
		return "none"
	}
	return strings.Join(s.Names(), ",")
}

// PortInfo is the actor or partner information of a LACPDU (802.1AX-2020
// §6.4.2.3).
type PortInfo struct {
	SystemPriority uint16
	System         dissect.MAC
	Key            uint16
	PortPriority   uint16
	Port           uint16
	State          PortState
}

// TLV is a TLV kept undecoded.
type TLV struct {
	Type   uint8
	Length uint8 // as on the wire, including the 2-byte TLV header
	Off    int   // offset of the TLV header in the PDU
	// Value is the value after the TLV header, aliasing the input.
	Value []byte
}

// LACP is a LACPDU (subtype 1).
type LACP struct {
	Version uint8
	Actor   PortInfo // valid iff HasActor
	Partner PortInfo // valid iff HasPartner
	// CollectorMaxDelay is in tens of microseconds; valid iff
	// HasCollector.
	CollectorMaxDelay uint16

	HasActor, HasPartner, HasCollector bool

	Unknown []TLV // TLVs other than actor, partner, collector (version 2 TLVs)
}

// MarkerType is the TLV type of a Marker PDU (802.1AX-2020 §6.5.3.3).
//
//enumcheck:exhaustive
type MarkerType uint8

// Marker TLV types.
const (
	MarkerInformation MarkerType = 1
	MarkerResponse    MarkerType = 2
)

func (t MarkerType) String() string {
	switch t {
	case MarkerInformation:
		return "info"
	case MarkerResponse:
		return "response"
	}
	return strconv.Itoa(int(t))
}

// Marker is a Marker or Marker Response PDU (subtype 2).
type Marker struct {
	Version         uint8
	Type            MarkerType
	RequesterPort   uint16
	RequesterSystem dissect.MAC
	TransactionID   uint32
}

// OAMFlags is the OAMPDU flags field (802.3-2022 §57.4.2.1).
type OAMFlags uint16

// OAM flag bits.
const (
	OAMLinkFault        OAMFlags = 1 << 0
	OAMDyingGasp        OAMFlags = 1 << 1
	OAMCriticalEvent    OAMFlags = 1 << 2
	OAMLocalEvaluating  OAMFlags = 1 << 3
	OAMLocalStable      OAMFlags = 1 << 4
	OAMRemoteEvaluating OAMFlags = 1 << 5
	OAMRemoteStable     OAMFlags = 1 << 6
)

var oamFlagNames = [...]string{"link-fault", "dying-gasp", "critical-event", "local-evaluating", "local-stable", "remote-evaluating", "remote-stable"}

// String joins the names of the set bits with ","; a reserved bit n is
// "bitN"; no bit set prints "none".
func (f OAMFlags) String() string {
	if f == 0 {
		return "none"
	}
	var names []string
	for i := 0; i < 16; i++ {
		if f&(1<<i) == 0 {
			continue
		}
		if i < len(oamFlagNames) {
			names = append(names, oamFlagNames[i])
		} else {
			names = append(names, "bit"+strconv.Itoa(i))
		}
	}
	return strings.Join(names, ",")
}

// OAMCode is the OAMPDU code (802.3-2022 Table 57-4).
//
//enumcheck:exhaustive
type OAMCode uint8

// OAMPDU codes.
const (
	OAMInformation       OAMCode = 0x00
	OAMEventNotification OAMCode = 0x01
	OAMVariableRequest   OAMCode = 0x02
	OAMVariableResponse  OAMCode = 0x03
	OAMLoopbackControl   OAMCode = 0x04
	OAMOrgSpecific       OAMCode = 0xfe
)

func (c OAMCode) String() string {
	switch c {
	case OAMInformation:
		return "information"
	case OAMEventNotification:
		return "event-notification"
	case OAMVariableRequest:
		return "variable-request"
	case OAMVariableResponse:
		return "variable-response"
	case OAMLoopbackControl:
		return "loopback-control"
	case OAMOrgSpecific:
		return "org-specific"
	}
	return strconv.Itoa(int(c))
}

// OAM is an OAMPDU (subtype 3).
type OAM struct {
	Flags OAMFlags
	Code  OAMCode
	// Data is everything after the code, Ethernet padding included,
	// aliasing the input.
	Data []byte
}

// OUIITU is the ITU-T OUI, 00-19-A7, used by ESMC (G.8264 §11.3.1.1).
var OUIITU = [3]byte{0x00, 0x19, 0xa7}

// OSSP is an Organization Specific Slow Protocol PDU (subtype 10).
type OSSP struct {
	OUI [3]byte
	// ITUSubtype is the 2-byte subtype after the OUI; 1 is ESMC when OUI
	// is OUIITU.
	ITUSubtype uint16
	// Data is everything after the subtype, Ethernet padding included,
	// aliasing the input.
	Data []byte
}

// PDU is a decoded Slow Protocols PDU. Subtype says which one of LACP,
// Marker, OAM or OSSP is valid; the others are zero.
type PDU struct {
	Subtype Subtype
	LACP    LACP
	Marker  Marker
	OAM     OAM
	OSSP    OSSP
}

// Summary returns one deterministic line, e.g.
// `lacp actor 00:13:c4:12:0f:00 key 13 port 22 state Activity,Aggregation partner 00:0e:83:16:f5:00 key 13 port 25 state Timeout`.
func (p PDU) Summary() string {
	var sb strings.Builder
	switch p.Subtype {
	case SubtypeLACP:
		sb.WriteString("lacp")
		if p.LACP.HasActor {
			sb.WriteString(" actor ")
			writeInfo(&sb, p.LACP.Actor)
		}
		if p.LACP.HasPartner {
			sb.WriteString(" partner ")
			writeInfo(&sb, p.LACP.Partner)
		}
	case SubtypeMarker:
		fmt.Fprintf(&sb, "marker %v requester %v port %d txid %d",
			p.Marker.Type, p.Marker.RequesterSystem, p.Marker.RequesterPort, p.Marker.TransactionID)
	case SubtypeOAM:
		fmt.Fprintf(&sb, "oam %v flags %v len %d", p.OAM.Code, p.OAM.Flags, len(p.OAM.Data))
	case SubtypeOSSP:
		fmt.Fprintf(&sb, "ossp oui %02x-%02x-%02x subtype %d len %d",
			p.OSSP.OUI[0], p.OSSP.OUI[1], p.OSSP.OUI[2], p.OSSP.ITUSubtype, len(p.OSSP.Data))
	default:
		fmt.Fprintf(&sb, "slow subtype %v", p.Subtype)
	}
	return sb.String()
}

func writeInfo(sb *strings.Builder, i PortInfo) {
	fmt.Fprintf(sb, "%v key %d port %d state %v", i.System, i.Key, i.Port, i.State)
}

// Errors wrapped by FormatError.
var (
	errTLVLength    = errors.New("bad TLV length")
	errTerminator   = errors.New("terminator TLV with non-zero length")
	errMissing      = errors.New("missing TLV")
	errNoTerminator = errors.New("want terminator TLV, type 0 length 0")
)

// Parse decodes b, the payload of an Ethernet frame with EtherType 0x8809,
// starting at the subtype octet. See the package documentation for the
// errors and which fields are valid then.
func Parse(b []byte) (PDU, error) {
	var p PDU
	if len(b) == 0 {
		return p, fmt.Errorf("slow: subtype: %w", ErrTruncated)
	}
	p.Subtype = Subtype(b[0])
	var err error
	switch p.Subtype {
	case SubtypeLACP:
		p.LACP, err = parseLACP(b)
	case SubtypeMarker:
		p.Marker, err = parseMarker(b)
	case SubtypeOAM:
		if len(b) < 4 {
			return p, fmt.Errorf("slow: oam header: %d bytes: %w", len(b), ErrTruncated)
		}
		p.OAM = OAM{Flags: OAMFlags(binary.BigEndian.Uint16(b[1:])), Code: OAMCode(b[3]), Data: b[4:len(b):len(b)]}
	case SubtypeOSSP:
		if len(b) < 6 {
			return p, fmt.Errorf("slow: ossp header: %d bytes: %w", len(b), ErrTruncated)
		}
		p.OSSP = OSSP{OUI: [3]byte(b[1:4]), ITUSubtype: binary.BigEndian.Uint16(b[4:]), Data: b[6:len(b):len(b)]}
	default:
		return p, fmt.Errorf("slow: subtype %d: %w", b[0], ErrUnsupported)
	}
	return p, err
}

// LACP TLV types (802.1AX-2020 §6.4.2.3).
const (
	tlvTerminator = 0
	tlvActor      = 1
	tlvPartner    = 2
	tlvCollector  = 3
)

// parseLACP walks the TLVs after the subtype and version octets.
func parseLACP(b []byte) (LACP, error) {
	var l LACP
	if len(b) < 2 {
		return l, fmt.Errorf("slow: lacp version: %w", ErrTruncated)
	}
	l.Version = b[1]
	var first error
	note := func(err error) {
		if first == nil {
			first = err
		}
	}
	off := 2
	for {
		if len(b)-off < 2 {
			note(fmt.Errorf("slow: lacp TLV header at byte %d: %w", off, ErrTruncated))
			break
		}
		t, n := b[off], int(b[off+1])
		if t == tlvTerminator {
			if n != 0 {
				note(&FormatError{Proto: "slow", Field: "lacp terminator", Off: off, Err: errTerminator})
			}
			break
		}
		if n < 2 {
			note(&FormatError{Proto: "slow", Field: "lacp TLV " + strconv.Itoa(int(t)), Off: off, Err: fmt.Errorf("%w: %d", errTLVLength, n)})
			break
		}
		if n > len(b)-off {
			note(fmt.Errorf("slow: lacp %s at byte %d: length %d past the end: %w", lacpTLVName(t), off, n, ErrTruncated))
			break
		}
		v := b[off+2 : off+n : off+n]
		switch t {
		case tlvActor, tlvPartner:
			if n != 20 {
				note(&FormatError{Proto: "slow", Field: "lacp " + lacpTLVName(t), Off: off, Err: fmt.Errorf("%w: %d, want 20", errTLVLength, n)})
				break
			}
			info := PortInfo{
				SystemPriority: binary.BigEndian.Uint16(v),
				System:         dissect.MAC(v[2:8]),
				Key:            binary.BigEndian.Uint16(v[8:]),
				PortPriority:   binary.BigEndian.Uint16(v[10:]),
				Port:           binary.BigEndian.Uint16(v[12:]),
				State:          PortState(v[14]),
			}
			if t == tlvActor {
				l.Actor, l.HasActor = info, true
			} else {
				l.Partner, l.HasPartner = info, true
			}
		case tlvCollector:
			if n != 16 {
				note(&FormatError{Proto: "slow", Field: "lacp collector", Off: off, Err: fmt.Errorf("%w: %d, want 16", errTLVLength, n)})
				break
			}
			l.CollectorMaxDelay = binary.BigEndian.Uint16(v)
			l.HasCollector = true
		default:
			l.Unknown = append(l.Unknown, TLV{Type: t, Length: uint8(n), Off: off, Value: v})
		}
		off += n
	}
	if first == nil && !(l.HasActor && l.HasPartner && l.HasCollector) {
		first = &FormatError{Proto: "slow", Field: "lacp", Off: off, Err: fmt.Errorf("%w: actor %t partner %t collector %t",
			errMissing, l.HasActor, l.HasPartner, l.HasCollector)}
	}
	return l, first
}

func lacpTLVName(t uint8) string {
	switch t {
	case tlvActor:
		return "actor"
	case tlvPartner:
		return "partner"
	case tlvCollector:
		return "collector"
	}
	return "TLV " + strconv.Itoa(int(t))
}

// parseMarker decodes subtype (1), version (1), TLV type (1), TLV length
// (1) = 16, requester port (2), requester system (6), transaction ID (4),
// pad (2), terminator type (1) and length (1) = 0.
func parseMarker(b []byte) (Marker, error) {
	var m Marker
	if len(b) < 4 {
		return m, fmt.Errorf("slow: marker header: %d bytes: %w", len(b), ErrTruncated)
	}
	m.Version = b[1]
	m.Type = MarkerType(b[2])
	if n := b[3]; n != 16 {
		return m, &FormatError{Proto: "slow", Field: "marker " + m.Type.String(), Off: 2, Err: fmt.Errorf("%w: %d, want 16", errTLVLength, n)}
	}
	if len(b) < 2+16 {
		return m, fmt.Errorf("slow: marker %v: %d bytes: %w", m.Type, len(b), ErrTruncated)
	}
	m.RequesterPort = binary.BigEndian.Uint16(b[4:])
	m.RequesterSystem = dissect.MAC(b[6:12])
	m.TransactionID = binary.BigEndian.Uint32(b[12:])
	if len(b) < 20 {
		return m, fmt.Errorf("slow: marker terminator: %w", ErrTruncated)
	}
	if b[18] != tlvTerminator || b[19] != 0 {
		return m, &FormatError{Proto: "slow", Field: "marker terminator", Off: 18, Err: fmt.Errorf("%w: type %d length %d", errNoTerminator, b[18], b[19])}
	}
	return m, nil
}
