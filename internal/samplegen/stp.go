package samplegen

import (
	"crypto/hmac"
	"crypto/md5"
	"encoding/binary"
)

// BridgeID is an 802.1D bridge identifier: priority (including the 12-bit
// system ID extension, IEEE 802.1D-2004 §9.2.5) and MAC address.
type BridgeID struct {
	Priority uint16
	MAC      [6]byte
}

func (id BridgeID) append(b []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, id.Priority)
	return append(b, id.MAC[:]...)
}

// BPDU flag bits (IEEE 802.1D-2004 §9.3.1, §9.3.3).
const (
	FlagTC         uint8 = 0x01
	FlagProposal   uint8 = 0x02
	RoleAlternate  uint8 = 0x04 // alternate or backup port role, bits 2-3 = 01
	RoleRoot       uint8 = 0x08 // bits 2-3 = 10
	RoleDesignated uint8 = 0x0c // bits 2-3 = 11
	FlagLearning   uint8 = 0x10
	FlagForwarding uint8 = 0x20
	FlagAgreement  uint8 = 0x40
	FlagTCA        uint8 = 0x80
)

// BPDU holds the fields shared by configuration, RST and MST BPDUs. Times
// are in units of 1/256 s, as on the wire.
type BPDU struct {
	Flags        uint8
	Root         BridgeID
	RootPathCost uint32 // CIST external root path cost for MST
	Bridge       BridgeID
	PortID       uint16
	MessageAge   uint16
	MaxAge       uint16
	HelloTime    uint16
	ForwardDelay uint16
}

// Seconds converts seconds to the 1/256 s units of BPDU timers.
func Seconds(s float64) uint16 { return uint16(s * 256) }

func (p BPDU) append(b []byte, version, typ uint8) []byte {
	b = append(b, 0, 0, version, typ, p.Flags)
	b = p.Root.append(b)
	b = binary.BigEndian.AppendUint32(b, p.RootPathCost)
	b = p.Bridge.append(b)
	b = binary.BigEndian.AppendUint16(b, p.PortID)
	b = binary.BigEndian.AppendUint16(b, p.MessageAge)
	b = binary.BigEndian.AppendUint16(b, p.MaxAge)
	b = binary.BigEndian.AppendUint16(b, p.HelloTime)
	return binary.BigEndian.AppendUint16(b, p.ForwardDelay)
}

// ConfigBPDUMsg returns the 35-octet 802.1D configuration BPDU (protocol 0,
// version 0, type 0x00; IEEE 802.1D-2004 §9.3.1).
func ConfigBPDUMsg(p BPDU) []byte { return p.append(nil, 0, 0x00) }

// ConfigBPDU returns the padded 802.3 frame to 01:80:c2:00:00:00 carrying
// LLC 42/42/03 and a configuration BPDU: length field 0x0026.
func ConfigBPDU(src [6]byte, p BPDU) []byte {
	return IEEE8023(STPGroup, src, LLC(0x42, 0x42, 0x03, ConfigBPDUMsg(p)))
}

// TCNBPDU returns the padded 802.3 frame carrying a 4-octet topology change
// notification BPDU (type 0x80, IEEE 802.1D-2004 §9.3.2): length field 7.
func TCNBPDU(src [6]byte) []byte {
	return IEEE8023(STPGroup, src, LLC(0x42, 0x42, 0x03, []byte{0, 0, 0, 0x80}))
}

// RSTBPDUMsg returns the 36-octet RST BPDU (version 2, type 0x02, version 1
// length 0; IEEE 802.1D-2004 §9.3.3).
func RSTBPDUMsg(p BPDU) []byte { return append(p.append(nil, 2, 0x02), 0) }

// MSTI is one MSTI configuration message (IEEE 802.1Q-2018 §14.6.1), 16
// octets on the wire.
type MSTI struct {
	Flags          uint8
	RegionalRoot   BridgeID // its priority carries the MSTID in the low 12 bits
	PathCost       uint32
	BridgePriority uint8 // high 4 bits used
	PortPriority   uint8 // high 4 bits used
	RemainingHops  uint8
}

// MST holds the MST-specific fields of an MST BPDU (IEEE 802.1Q-2018
// §14.6).
type MST struct {
	BPDU                  // CIST fields; Bridge is the CIST regional root
	ConfigName   string   // MST configuration name, at most 32 octets
	Revision     uint16   // MST configuration revision level
	Digest       [16]byte // MST configuration digest
	InternalCost uint32   // CIST internal root path cost
	CISTBridge   BridgeID // CIST bridge identifier
	Hops         uint8    // CIST remaining hops
	MSTIs        []MSTI   // at most 64
}

// MSTBPDUMsg returns the MST BPDU: 102 octets plus 16 per MSTI.
func MSTBPDUMsg(m MST) []byte {
	b := append(m.BPDU.append(nil, 3, 0x02), 0) // version 1 length 0
	b = binary.BigEndian.AppendUint16(b, uint16(64+16*len(m.MSTIs)))
	b = append(b, 0) // configuration identifier format selector
	var name [32]byte
	copy(name[:], m.ConfigName)
	b = append(b, name[:]...)
	b = binary.BigEndian.AppendUint16(b, m.Revision)
	b = append(b, m.Digest[:]...)
	b = binary.BigEndian.AppendUint32(b, m.InternalCost)
	b = m.CISTBridge.append(b)
	b = append(b, m.Hops)
	for _, i := range m.MSTIs {
		b = append(b, i.Flags)
		b = i.RegionalRoot.append(b)
		b = binary.BigEndian.AppendUint32(b, i.PathCost)
		b = append(b, i.BridgePriority, i.PortPriority, i.RemainingHops)
	}
	return b
}

// MSTBPDU returns the 802.3 frame to 01:80:c2:00:00:00 carrying LLC 42/42/03
// and an MST BPDU. With no MSTIs the length field is 0x0069 (105).
func MSTBPDU(src [6]byte, m MST) []byte {
	return IEEE8023(STPGroup, src, LLC(0x42, 0x42, 0x03, MSTBPDUMsg(m)))
}

// mstDigestKey is the HMAC-MD5 key of the MST configuration digest (IEEE
// 802.1Q-2018 §13.8, table 13-1).
var mstDigestKey = []byte{
	0x13, 0xac, 0x06, 0xa6, 0x2e, 0x47, 0xfd, 0x51,
	0xf9, 0x5d, 0x2b, 0xa2, 0x43, 0xcd, 0x03, 0x46,
}

// MSTDigest returns the MST configuration digest of a VID-to-MSTID table
// (entry i is the MSTID of VID i; entries 0 and 4095 are ignored and encoded
// as 0).
func MSTDigest(table *[4096]uint16) [16]byte {
	var buf [8192]byte
	for vid := 1; vid < 4095; vid++ {
		binary.BigEndian.PutUint16(buf[2*vid:], table[vid])
	}
	h := hmac.New(md5.New, mstDigestKey)
	h.Write(buf[:])
	var d [16]byte
	copy(d[:], h.Sum(nil))
	return d
}
