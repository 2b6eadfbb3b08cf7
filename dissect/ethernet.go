package dissect

import "errors"

// ErrShort reports a frame too short for the header being read.
var ErrShort = errors.New("dissect: frame too short")

// EthernetHeaderLen is the length of the Ethernet header: destination,
// source and type/length (ETH_HLEN).
const EthernetHeaderLen = 14

// Ethernet is the 14-byte Ethernet header of a frame and what follows it.
// Payload aliases the slice given to ParseEthernet.
type Ethernet struct {
	Dst, Src MAC
	// TypeLen is the type/length field as on the wire: an EtherType when
	// >= 0x0600, an 802.3 length otherwise (1501..1535 are neither and the
	// kernel treats them as lengths).
	TypeLen uint16
	// Payload is every byte after the header, trailing padding included.
	Payload []byte
}

// ParseEthernet splits b into the Ethernet header and payload. It fails
// only when b is shorter than 14 bytes.
func ParseEthernet(b []byte) (Ethernet, error) {
	if len(b) < EthernetHeaderLen {
		return Ethernet{}, ErrShort
	}
	var e Ethernet
	copy(e.Dst[:], b[0:6])
	copy(e.Src[:], b[6:12])
	e.TypeLen = uint16(b[12])<<8 | uint16(b[13])
	e.Payload = b[EthernetHeaderLen:]
	return e, nil
}

// Protocol returns the skb->protocol value eth_type_trans()
// (net/ethernet/eth.c) derives from a type/length field and the bytes that
// follow it, on a device that is not a DSA conduit:
//   - typeLen >= 0x0600 (eth_proto_is_802_3): the EtherType itself;
//   - payload starting FF FF: ETH_P_802_3 (raw 802.3, Novell IPX);
//   - anything else, including 1501..1535 and payloads under 2 bytes:
//     ETH_P_802_2.
//
// The same rule gives the inner protocol after a VLAN tag
// (vlan_set_encap_proto(), include/linux/if_vlan.h).
func Protocol(typeLen uint16, payload []byte) EtherType {
	if typeLen >= uint16(EtherTypeMin) {
		return EtherType(typeLen)
	}
	if len(payload) >= 2 && payload[0] == 0xff && payload[1] == 0xff {
		return ETHP8023
	}
	return ETHP8022
}

// VLANTag is one 802.1Q/802.1ad tag.
type VLANTag struct {
	TPID EtherType // 0x8100 or 0x88a8 (or 0x9100 when read as a tag by a dissector)
	TCI  uint16    // priority (3 bits), DEI (1 bit), VLAN ID (12 bits)
}

// VID is the 12-bit VLAN identifier; 0 means a priority tag.
func (t VLANTag) VID() uint16 { return t.TCI & 0x0fff }

// Priority is the 3-bit PCP.
func (t VLANTag) Priority() uint8 { return uint8(t.TCI >> 13) }

// ParseVLAN reads one tag whose TPID has already been read: b starts at
// the TCI. It returns the tag's TCI, the encapsulated type/length field and
// what follows it. ok is false when fewer than 4 bytes remain.
func ParseVLAN(b []byte) (tci, typeLen uint16, rest []byte, ok bool) {
	if len(b) < 4 {
		return 0, 0, nil, false
	}
	return uint16(b[0])<<8 | uint16(b[1]), uint16(b[2])<<8 | uint16(b[3]), b[4:], true
}
