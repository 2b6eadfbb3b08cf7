package samplegen

import "encoding/binary"

// Linux packet types (sll_pkttype, include/uapi/linux/if_packet.h).
const (
	PacketHost      uint8 = 0
	PacketBroadcast uint8 = 1
	PacketMulticast uint8 = 2
	PacketOtherHost uint8 = 3
	PacketOutgoing  uint8 = 4
)

// ARPHRDEther is ARPHRD_ETHER (include/uapi/linux/if_arp.h).
const ARPHRDEther uint16 = 1

// Cooked is what a Linux cooked capture keeps of an Ethernet frame: the
// protocol eth_type_trans gives it (net/ethernet/eth.c), the source address
// and the bytes after the MAC header.
type Cooked struct {
	Protocol uint16 // skb->protocol in host order: the EtherType, 0x0001 or 0x0004
	Src      [6]byte
	Payload  []byte // aliases the frame
}

// Cook splits an untagged Ethernet frame the way eth_type_trans does: a
// type/length of 0x0600 or more is the protocol; otherwise 0x0001
// (ETH_P_802_3) if the payload starts FF FF, else 0x0004 (ETH_P_802_2). The
// payload is not trimmed to an 802.3 length. frame must be at least 14
// octets long.
func Cook(frame []byte) Cooked {
	c := Cooked{Protocol: binary.BigEndian.Uint16(frame[12:]), Payload: frame[14:]}
	copy(c.Src[:], frame[6:12])
	if c.Protocol < 0x0600 {
		if len(c.Payload) >= 2 && c.Payload[0] == 0xff && c.Payload[1] == 0xff {
			c.Protocol = 0x0001
		} else {
			c.Protocol = 0x0004
		}
	}
	return c
}

// PktType returns the packet type eth_type_trans gives a frame to dst on a
// device whose address is host.
func PktType(dst, host [6]byte) uint8 {
	switch {
	case dst == host:
		return PacketHost
	case dst == Broadcast:
		return PacketBroadcast
	case dst[0]&1 != 0:
		return PacketMulticast
	}
	return PacketOtherHost
}

// SLL2 returns a LINKTYPE_LINUX_SLL2 header (20 octets: protocol, reserved,
// interface index, ARPHRD type, packet type, address length 6, address
// padded to 8) followed by c.Payload.
func SLL2(c Cooked, ifindex uint32, pktType uint8) []byte {
	b := binary.BigEndian.AppendUint16(nil, c.Protocol)
	b = append(b, 0, 0)
	b = binary.BigEndian.AppendUint32(b, ifindex)
	b = binary.BigEndian.AppendUint16(b, ARPHRDEther)
	b = append(b, pktType, 6)
	b = append(b, c.Src[:]...)
	b = append(b, 0, 0)
	return append(b, c.Payload...)
}

// SLL returns a LINKTYPE_LINUX_SLL header (16 octets: packet type, ARPHRD
// type, address length 6, address padded to 8, protocol) followed by
// c.Payload.
func SLL(c Cooked, pktType uint8) []byte {
	b := binary.BigEndian.AppendUint16(nil, uint16(pktType))
	b = binary.BigEndian.AppendUint16(b, ARPHRDEther)
	b = binary.BigEndian.AppendUint16(b, 6)
	b = append(b, c.Src[:]...)
	b = append(b, 0, 0)
	b = binary.BigEndian.AppendUint16(b, c.Protocol)
	return append(b, c.Payload...)
}
