package dhcpv6

import (
	"encoding/binary"
	"fmt"
	"time"
)

// DUIDEpoch is the origin of DUID-LLT time: midnight UTC, 1 January 2000
// (RFC 8415 §11.2).
var DUIDEpoch = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// DUID is a DHCP Unique Identifier (RFC 8415 §11).
type DUID struct {
	Type DUIDType
	// HardwareType is the IANA hardware type (1 = Ethernet). Valid iff
	// Type is DUIDLLT or DUIDLL.
	HardwareType uint16
	// Time is the DUID-LLT time in seconds since DUIDEpoch, and Timestamp
	// the same instant in UTC. Valid iff Type == DUIDLLT.
	Time      uint32
	Timestamp time.Time
	// LinkLayerAddress aliases the input. Valid iff Type is DUIDLLT or
	// DUIDLL.
	LinkLayerAddress []byte
	// EnterpriseNumber is the vendor's IANA Private Enterprise Number and
	// Identifier its identifier bytes, aliasing the input. Valid iff
	// Type == DUIDEN.
	EnterpriseNumber uint32
	Identifier       []byte
	// UUID is the 16-octet UUID (RFC 6355 §4). Valid iff Type == DUIDUUID.
	UUID [16]byte
	// Raw is the whole DUID, type included, aliasing the input. For
	// unknown types it is the only content.
	Raw []byte
}

// parseDUID decodes b, the whole body of a client or server identifier
// option. Errors are bare causes; the caller adds field and offset.
func parseDUID(b []byte) (DUID, error) {
	d := DUID{Raw: b[:len(b):len(b)]}
	if len(b) < 2 {
		return d, fmt.Errorf("%d bytes, want at least 2: %w", len(b), errDUIDShort)
	}
	d.Type = DUIDType(binary.BigEndian.Uint16(b))
	need := map[DUIDType]int{DUIDLLT: 8, DUIDEN: 6, DUIDLL: 4, DUIDUUID: 18}[d.Type]
	if len(b) < need {
		return d, fmt.Errorf("%s of %d bytes, want at least %d: %w", d.Type, len(b), need, errDUIDShort)
	}
	switch d.Type {
	case DUIDLLT: // RFC 8415 §11.2: type, hardware type, time, link-layer address
		d.HardwareType = binary.BigEndian.Uint16(b[2:])
		d.Time = binary.BigEndian.Uint32(b[4:])
		d.Timestamp = DUIDEpoch.Add(time.Duration(d.Time) * time.Second)
		d.LinkLayerAddress = b[8:len(b):len(b)]
	case DUIDEN: // RFC 8415 §11.3: type, enterprise number, identifier
		d.EnterpriseNumber = binary.BigEndian.Uint32(b[2:])
		d.Identifier = b[6:len(b):len(b)]
	case DUIDLL: // RFC 8415 §11.4: type, hardware type, link-layer address
		d.HardwareType = binary.BigEndian.Uint16(b[2:])
		d.LinkLayerAddress = b[4:len(b):len(b)]
	case DUIDUUID: // RFC 6355 §4: type, 16-octet UUID
		if len(b) != 18 {
			return d, fmt.Errorf("DUID-UUID of %d bytes, want 18: %w", len(b), errLength)
		}
		d.UUID = [16]byte(b[2:18])
	}
	return d, nil
}

// String is e.g. "DUID-LL 6c:0b:84:81:b4:d3". The hardware type is shown
// only when it is not Ethernet (1).
func (d DUID) String() string {
	hw := ""
	if d.HardwareType != 1 {
		hw = fmt.Sprintf(" hw %d", d.HardwareType)
	}
	switch d.Type {
	case DUIDLLT:
		return fmt.Sprintf("%s%s %s time %d (%s)", d.Type, hw, colonHex(d.LinkLayerAddress), d.Time, d.Timestamp.Format(time.RFC3339))
	case DUIDLL:
		return fmt.Sprintf("%s%s %s", d.Type, hw, colonHex(d.LinkLayerAddress))
	case DUIDEN:
		return fmt.Sprintf("%s %d %x", d.Type, d.EnterpriseNumber, d.Identifier)
	case DUIDUUID:
		u := d.UUID
		return fmt.Sprintf("%s %x-%x-%x-%x-%x", d.Type, u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
	}
	if len(d.Raw) < 2 {
		return fmt.Sprintf("DUID %x", d.Raw)
	}
	return fmt.Sprintf("DUID type %s %x", d.Type, d.Raw[2:])
}

// colonHex formats b as colon-separated hex octets, "" for no bytes.
func colonHex(b []byte) string {
	out := make([]byte, 0, 3*len(b))
	const hex = "0123456789abcdef"
	for i, c := range b {
		if i > 0 {
			out = append(out, ':')
		}
		out = append(out, hex[c>>4], hex[c&0xf])
	}
	return string(out)
}
