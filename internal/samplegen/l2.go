package samplegen

import "encoding/binary"

// LLDPInfo holds the TLVs of an LLDPDU (IEEE 802.1AB-2016 §8.5).
type LLDPInfo struct {
	Chassis  [6]byte // chassis ID, subtype 4 (MAC address)
	PortName string  // port ID, subtype 5 (interface name)
	TTL      uint16  // seconds
	PortDesc string  // omitted if empty
	SysName  string  // omitted if empty
	SysDesc  string  // omitted if empty
	Caps     uint16  // system capabilities, also used as enabled capabilities; 0 omits the TLV
	MgmtIPv4 [4]byte // management address; zero omits the TLV
}

func lldpTLV(b []byte, typ uint8, v []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, uint16(typ)<<9|uint16(len(v)))
	return append(b, v...)
}

// LLDPDU returns the TLVs of l, ending with the End of LLDPDU TLV.
func LLDPDU(l LLDPInfo) []byte {
	b := lldpTLV(nil, 1, append([]byte{4}, l.Chassis[:]...))
	b = lldpTLV(b, 2, append([]byte{5}, l.PortName...))
	b = lldpTLV(b, 3, []byte{byte(l.TTL >> 8), byte(l.TTL)})
	if l.PortDesc != "" {
		b = lldpTLV(b, 4, []byte(l.PortDesc))
	}
	if l.SysName != "" {
		b = lldpTLV(b, 5, []byte(l.SysName))
	}
	if l.SysDesc != "" {
		b = lldpTLV(b, 6, []byte(l.SysDesc))
	}
	if l.Caps != 0 {
		b = lldpTLV(b, 7, []byte{byte(l.Caps >> 8), byte(l.Caps), byte(l.Caps >> 8), byte(l.Caps)})
	}
	if l.MgmtIPv4 != [4]byte{} {
		// address string length, subtype IPv4, address, interface
		// numbering ifIndex, interface number 0, OID length 0.
		v := append([]byte{5, 1}, l.MgmtIPv4[:]...)
		v = append(v, 2, 0, 0, 0, 0, 0)
		b = lldpTLV(b, 8, v)
	}
	return lldpTLV(b, 0, nil)
}

// LLDP returns the padded frame of l from src to 01:80:c2:00:00:0e.
func LLDP(src [6]byte, l LLDPInfo) []byte {
	return Pad(Ethernet(LLDPGroup, src, TypeLLDP, LLDPDU(l)))
}

// LACPActor holds one actor or partner information TLV of a LACPDU.
type LACPActor struct {
	SystemPriority uint16
	System         [6]byte
	Key            uint16
	PortPriority   uint16
	Port           uint16
	State          uint8
}

func (a LACPActor) append(b []byte, typ uint8) []byte {
	b = append(b, typ, 20)
	b = binary.BigEndian.AppendUint16(b, a.SystemPriority)
	b = append(b, a.System[:]...)
	b = binary.BigEndian.AppendUint16(b, a.Key)
	b = binary.BigEndian.AppendUint16(b, a.PortPriority)
	b = binary.BigEndian.AppendUint16(b, a.Port)
	return append(b, a.State, 0, 0, 0)
}

// LACPDU returns the 110-octet LACPDU (subtype 1, version 1; IEEE
// 802.1AX-2014 §6.4.2.3).
func LACPDU(actor, partner LACPActor) []byte {
	b := []byte{1, 1}
	b = actor.append(b, 1)
	b = partner.append(b, 2)
	b = append(b, 3, 16, 0, 0) // collector information, max delay 0
	b = append(b, make([]byte, 12)...)
	b = append(b, 0, 0) // terminator
	return append(b, make([]byte, 50)...)
}

// MarkerPDU returns the 110-octet marker PDU (subtype 2, version 1, marker
// information; IEEE 802.1AX-2014 §6.5.3.3).
func MarkerPDU(port uint16, system [6]byte, xid uint32) []byte {
	b := []byte{2, 1, 1, 16}
	b = binary.BigEndian.AppendUint16(b, port)
	b = append(b, system[:]...)
	b = binary.BigEndian.AppendUint32(b, xid)
	b = append(b, 0, 0, 0, 0) // pad, terminator
	return append(b, make([]byte, 90)...)
}

// PauseFrame returns a MAC Control PAUSE frame (opcode 0x0001) to
// 01:80:c2:00:00:01 with the given pause quanta (IEEE 802.3 annex 31B).
func PauseFrame(src [6]byte, quanta uint16) []byte {
	return Pad(Ethernet(PauseGroup, src, TypePause, []byte{0, 1, byte(quanta >> 8), byte(quanta)}))
}

// EAPOLStart returns an EAPOL-Start (version 2, type 1, length 0) to the
// PAE group address (IEEE 802.1X-2020 §11.3).
func EAPOLStart(src [6]byte) []byte {
	return Pad(Ethernet(PAEGroup, src, TypeEAPOL, []byte{2, 1, 0, 0}))
}

// PPPoEPADI returns a broadcast PPPoE Active Discovery Initiation with an
// empty Service-Name and a Host-Uniq tag (RFC 2516 §5.1).
func PPPoEPADI(src [6]byte, hostUniq uint32) []byte {
	tags := []byte{0x01, 0x01, 0, 0, 0x01, 0x03, 0, 4}
	tags = binary.BigEndian.AppendUint32(tags, hostUniq)
	b := []byte{0x11, 0x09, 0, 0, byte(len(tags) >> 8), byte(len(tags))}
	return Pad(Ethernet(Broadcast, src, TypePPPoED, append(b, tags...)))
}

// CDP returns a CDP version 2 message (device ID, port ID, capabilities,
// platform) with its checksum, for use after SNAP 00000c/2000.
func CDP(device, port, platform string) []byte {
	tlv := func(b []byte, typ uint16, v []byte) []byte {
		b = binary.BigEndian.AppendUint16(b, typ)
		b = binary.BigEndian.AppendUint16(b, uint16(4+len(v)))
		return append(b, v...)
	}
	b := []byte{2, 180, 0, 0}
	b = tlv(b, 0x0001, []byte(device))
	b = tlv(b, 0x0003, []byte(port))
	b = tlv(b, 0x0004, []byte{0, 0, 0, 0x28}) // switch, IGMP capable
	b = tlv(b, 0x0006, []byte(platform))
	if len(b)%2 == 1 {
		b = tlv(b[:len(b):len(b)], 0x000b, []byte{1}) // duplex: full; makes the length even
	}
	binary.BigEndian.PutUint16(b[2:], Checksum(b))
	return b
}

// VTPSummary returns a VTP version 1 summary advertisement for use after
// SNAP 00000c/2003.
func VTPSummary(domain string, revision uint32, updater [4]byte) []byte {
	b := []byte{1, 1, 0, byte(len(domain))}
	var d [32]byte
	copy(d[:], domain)
	b = append(b, d[:]...)
	b = binary.BigEndian.AppendUint32(b, revision)
	b = append(b, updater[:]...)
	b = append(b, "261120141540"...) // update timestamp yymmddhhmmss
	return append(b, make([]byte, 16)...)
}

// DTP returns a DTP version 1 message (domain, status, type, neighbour) for
// use after SNAP 00000c/2004.
func DTP(domain string, neighbor [6]byte) []byte {
	tlv := func(b []byte, typ uint16, v []byte) []byte {
		b = binary.BigEndian.AppendUint16(b, typ)
		b = binary.BigEndian.AppendUint16(b, uint16(4+len(v)))
		return append(b, v...)
	}
	b := []byte{1}
	b = tlv(b, 0x0001, append([]byte(domain), 0))
	b = tlv(b, 0x0002, []byte{0x03}) // access/desirable
	b = tlv(b, 0x0003, []byte{0xa5}) // 802.1Q/802.1Q
	return tlv(b, 0x0004, neighbor[:])
}

// IPXSAPQuery returns an IPX packet carrying a SAP general query, broadcast
// on network 0. Its first two octets are the IPX checksum FFFF, which is what
// makes a "raw 802.3" frame (Novell) recognisable.
func IPXSAPQuery(src [6]byte) []byte {
	b := []byte{0xff, 0xff, 0, 0, 0, 0x04} // checksum, length, transport control, packet type PEP
	b = append(b, 0, 0, 0, 0)              // destination network
	b = append(b, Broadcast[:]...)
	b = append(b, 0x04, 0x52) // socket SAP
	b = append(b, 0, 0, 0, 0)
	b = append(b, src[:]...)
	b = append(b, 0x40, 0x00) // dynamic socket
	b = append(b, 0, 1, 0, 4) // general service query, server type file server
	binary.BigEndian.PutUint16(b[2:], uint16(len(b)))
	return b
}

// NetBIOSNameQuery returns a NetBIOS Frames Protocol NAME_QUERY (44-octet
// header, both names set to name) for use after LLC F0/F0/03.
func NetBIOSNameQuery(name string) []byte {
	b := []byte{0x2c, 0x00, 0xff, 0xef, 0x0a, 0, 0, 0, 0x01, 0x00, 0, 0}
	var n [16]byte
	for i := range n {
		n[i] = ' '
	}
	copy(n[:], name)
	b = append(b, n[:]...) // destination name
	return append(b, n[:]...)
}
