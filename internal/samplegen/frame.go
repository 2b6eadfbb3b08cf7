package samplegen

import "encoding/binary"

// MinFrameLen is the shortest Ethernet frame a NIC hands up, without the FCS
// (IEEE 802.3 clause 3.2.8: 64 octets on the wire including the 4-octet FCS).
const MinFrameLen = 60

// EtherTypes and 802.3 length-field values used by the builders.
const (
	TypeIPv4    uint16 = 0x0800
	TypeARP     uint16 = 0x0806
	TypeIPv6    uint16 = 0x86dd
	TypeVLAN    uint16 = 0x8100 // IEEE 802.1Q C-tag
	TypeQinQ    uint16 = 0x88a8 // IEEE 802.1ad S-tag
	TypeOldQinQ uint16 = 0x9100 // pre-standard double-tag TPID
	TypeLLDP    uint16 = 0x88cc
	TypeSlow    uint16 = 0x8809 // IEEE 802.3 Slow Protocols (LACP, marker)
	TypePause   uint16 = 0x8808 // IEEE 802.3 MAC Control
	TypeEAPOL   uint16 = 0x888e
	TypeMPLSMc  uint16 = 0x8848
	TypePPPoED  uint16 = 0x8863
	TypeLoop    uint16 = 0x9000 // Configuration Testing Protocol
	TypeLocal1  uint16 = 0x88b5 // IEEE 802 local experimental EtherType 1
)

// Well-known destination addresses.
var (
	Broadcast    = [6]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	STPGroup     = [6]byte{0x01, 0x80, 0xc2, 0x00, 0x00, 0x00} // IEEE 802.1D bridge group address
	PauseGroup   = [6]byte{0x01, 0x80, 0xc2, 0x00, 0x00, 0x01} // IEEE 802.3 MAC Control
	SlowGroup    = [6]byte{0x01, 0x80, 0xc2, 0x00, 0x00, 0x02} // Slow Protocols
	PAEGroup     = [6]byte{0x01, 0x80, 0xc2, 0x00, 0x00, 0x03} // IEEE 802.1X PAE
	LLDPGroup    = [6]byte{0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e} // nearest bridge
	CiscoGroup   = [6]byte{0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc} // CDP, VTP, DTP
	PVSTGroup    = [6]byte{0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcd} // PVST+ / SSTP
	NetBIOSGroup = [6]byte{0x03, 0x00, 0x00, 0x00, 0x00, 0x01} // NetBIOS functional address
)

// Tag is one 802.1Q/802.1ad tag: a TPID and the TCI fields.
type Tag struct {
	TPID uint16 // TypeVLAN, TypeQinQ, TypeOldQinQ, or any other value to build odd frames
	PCP  uint8  // priority code point, 0..7
	DEI  bool
	VID  uint16 // 0..4095; 0 is a priority tag
}

// Ethernet returns dst, src, the type/length field and payload, unpadded.
func Ethernet(dst, src [6]byte, typeOrLen uint16, payload []byte) []byte {
	return Tagged(dst, src, nil, typeOrLen, payload)
}

// Tagged returns dst, src, each tag in order (outermost first), the
// type/length field and payload, unpadded.
func Tagged(dst, src [6]byte, tags []Tag, typeOrLen uint16, payload []byte) []byte {
	b := make([]byte, 0, 14+4*len(tags)+len(payload))
	b = append(b, dst[:]...)
	b = append(b, src[:]...)
	for _, t := range tags {
		tci := uint16(t.PCP&7)<<13 | t.VID&0x0fff
		if t.DEI {
			tci |= 1 << 12
		}
		b = binary.BigEndian.AppendUint16(b, t.TPID)
		b = binary.BigEndian.AppendUint16(b, tci)
	}
	b = binary.BigEndian.AppendUint16(b, typeOrLen)
	return append(b, payload...)
}

// Pad appends zero octets up to MinFrameLen, as a sending MAC does, and
// returns the result. Longer frames are returned unchanged.
func Pad(frame []byte) []byte {
	for len(frame) < MinFrameLen {
		frame = append(frame, 0)
	}
	return frame
}

// LLC returns an IEEE 802.2 header (DSAP, SSAP, one-octet control field)
// followed by payload.
func LLC(dsap, ssap, control uint8, payload []byte) []byte {
	return append([]byte{dsap, ssap, control}, payload...)
}

// SNAP returns LLC AA/AA/03 (UI), the SNAP OUI and protocol ID, then payload
// (IEEE 802 clause 10.3).
func SNAP(oui [3]byte, pid uint16, payload []byte) []byte {
	b := []byte{0xaa, 0xaa, 0x03, oui[0], oui[1], oui[2], byte(pid >> 8), byte(pid)}
	return append(b, payload...)
}

// IEEE8023 returns a padded IEEE 802.3 frame whose length field is
// len(payload); payload normally starts with an LLC header.
func IEEE8023(dst, src [6]byte, payload []byte) []byte {
	return Pad(Ethernet(dst, src, uint16(len(payload)), payload))
}

// OUICisco is Cisco's SNAP OUI 00-00-0C.
var OUICisco = [3]byte{0x00, 0x00, 0x0c}
