package dissect

// Cooked is the header of a Linux "cooked" capture (tcpdump -i any):
// LINKTYPE_LINUX_SLL (113) or LINKTYPE_LINUX_SLL2 (276). The kernel already
// ran eth_type_trans: Protocol is skb->protocol and PktType the
// sll_pkttype of the frame.
type Cooked struct {
	PktType  uint8     // PACKET_HOST 0, BROADCAST 1, MULTICAST 2, OTHERHOST 3, OUTGOING 4
	Protocol EtherType // skb->protocol
	HAType   uint16    // ARPHRD_* of the device (1 = Ethernet)
	IfIndex  uint32    // SLL2 only
	// Src is the link-layer source address when it is 6 bytes long
	// (valid iff HasSrc).
	Src     MAC
	HasSrc  bool
	Payload []byte // aliases the input
}

// ParseSLL parses a 16-byte LINKTYPE_LINUX_SLL header: packet type (2),
// ARPHRD type (2), address length (2), address (8), protocol (2).
func ParseSLL(b []byte) (Cooked, error) {
	if len(b) < 16 {
		return Cooked{}, ErrShort
	}
	pt := uint16(b[0])<<8 | uint16(b[1])
	c := Cooked{
		PktType:  uint8(min(pt, 255)),
		HAType:   uint16(b[2])<<8 | uint16(b[3]),
		Protocol: EtherType(uint16(b[14])<<8 | uint16(b[15])),
		Payload:  b[16:],
	}
	if alen := uint16(b[4])<<8 | uint16(b[5]); alen == 6 {
		copy(c.Src[:], b[6:12])
		c.HasSrc = true
	}
	return c, nil
}

// ParseSLL2 parses a 20-byte LINKTYPE_LINUX_SLL2 header: protocol (2),
// reserved (2), interface index (4), ARPHRD type (2), packet type (1),
// address length (1), address (8).
func ParseSLL2(b []byte) (Cooked, error) {
	if len(b) < 20 {
		return Cooked{}, ErrShort
	}
	c := Cooked{
		Protocol: EtherType(uint16(b[0])<<8 | uint16(b[1])),
		IfIndex:  uint32(b[4])<<24 | uint32(b[5])<<16 | uint32(b[6])<<8 | uint32(b[7]),
		HAType:   uint16(b[8])<<8 | uint16(b[9]),
		PktType:  b[10],
		Payload:  b[20:],
	}
	if b[11] == 6 {
		copy(c.Src[:], b[12:18])
		c.HasSrc = true
	}
	return c, nil
}

// InnerCooked looks through the VLAN tags libpcap re-inserted in a cooked
// capture and returns the protocol and bytes that follow.
func InnerCooked(c Cooked) (proto EtherType, payload []byte, ok bool) {
	proto, p := c.Protocol, c.Payload
	for i := 0; i < maxTags && (proto.IsVLAN() || proto == EtherTypeQinQOld); i++ {
		_, tl, rest, ok := ParseVLAN(p)
		if !ok {
			return 0, nil, false
		}
		proto, p = Protocol(tl, rest), rest
	}
	return proto, p, true
}

// ClassifyCooked classifies the payload of a cooked capture, looking
// through VLAN tags libpcap re-inserted.
func ClassifyCooked(c Cooked) Class { return ClassifyInner(InnerCooked(c)) }
