package dissect

// EtherType is a 16-bit protocol number: the Ethernet II type field, or the
// value the kernel stores in skb->protocol (host order here). Values below
// 0x0600 in an Ethernet header are 802.3 lengths, not types; the kernel then
// uses the pseudo-types ETHP8023 and ETHP8022 (include/uapi/linux/if_ether.h).
type EtherType uint16

// EtherTypes and kernel pseudo-types dropscope names
// (include/uapi/linux/if_ether.h, IEEE registry).
const (
	ETHP8023            EtherType = 0x0001 // ETH_P_802_3: raw 802.3 (Novell IPX, payload FF FF)
	ETHPAll             EtherType = 0x0003 // ETH_P_ALL: capture sockets in /proc/net/ptype
	ETHP8022            EtherType = 0x0004 // ETH_P_802_2: 802.2 LLC
	ETHPTR8022          EtherType = 0x0011 // ETH_P_TR_802_2
	ETHPXDSA            EtherType = 0x00F8 // ETH_P_XDSA
	EtherTypeMin        EtherType = 0x0600 // ETH_P_802_3_MIN: smallest EtherType
	EtherTypeIPv4       EtherType = 0x0800
	EtherTypeARP        EtherType = 0x0806
	EtherTypeAVTP       EtherType = 0x22F0
	EtherTypeRARP       EtherType = 0x8035
	EtherTypeAppleTalk  EtherType = 0x809B
	EtherTypeVLAN       EtherType = 0x8100 // 802.1Q C-tag
	EtherTypeIPX        EtherType = 0x8137
	EtherTypeIPv6       EtherType = 0x86DD
	EtherTypeMACCtrl    EtherType = 0x8808 // MAC Control (PAUSE)
	EtherTypeSlow       EtherType = 0x8809 // Slow Protocols: LACP, marker, OAM
	EtherTypeMPLS       EtherType = 0x8847
	EtherTypeMPLSMC     EtherType = 0x8848
	EtherTypePPPoED     EtherType = 0x8863
	EtherTypePPPoES     EtherType = 0x8864
	EtherTypeRRCP       EtherType = 0x8899 // Realtek RRCP
	EtherTypeEAPOL      EtherType = 0x888E
	EtherTypeAoE        EtherType = 0x88A2 // ATA over Ethernet
	EtherTypeQinQ       EtherType = 0x88A8 // 802.1ad S-tag
	EtherTypeLocal1     EtherType = 0x88B5 // IEEE local experimental 1
	EtherTypeLocal2     EtherType = 0x88B6 // IEEE local experimental 2
	EtherTypeRSNPreauth EtherType = 0x88C7
	EtherTypeLLDP       EtherType = 0x88CC
	EtherTypeHomePlug   EtherType = 0x88E1
	EtherTypeMVRP       EtherType = 0x88F5
	EtherTypePTP        EtherType = 0x88F7
	EtherTypeCFM        EtherType = 0x8902
	EtherTypeFCoE       EtherType = 0x8906
	EtherTypeFIP        EtherType = 0x8914
	EtherTypeLoopback   EtherType = 0x9000 // Configuration Testing Protocol
	EtherTypeQinQOld    EtherType = 0x9100 // pre-standard QinQ; not a VLAN type to Linux
)

var etherTypeNames = map[EtherType]string{
	ETHP8023: "raw 802.3 (ETH_P_802_3)", ETHPAll: "all (ETH_P_ALL)", ETHP8022: "802.2 LLC (ETH_P_802_2)",
	ETHPTR8022: "802.2 (ETH_P_TR_802_2)", ETHPXDSA: "DSA (ETH_P_XDSA)",
	EtherTypeIPv4: "IPv4", EtherTypeARP: "ARP", EtherTypeAVTP: "AVTP", EtherTypeRARP: "RARP",
	EtherTypeAppleTalk: "AppleTalk", EtherTypeVLAN: "802.1Q VLAN", EtherTypeIPX: "IPX",
	EtherTypeIPv6: "IPv6", EtherTypeMACCtrl: "MAC control", EtherTypeSlow: "slow protocols",
	EtherTypeMPLS: "MPLS", EtherTypeMPLSMC: "MPLS multicast", EtherTypePPPoED: "PPPoE discovery",
	EtherTypePPPoES: "PPPoE session", EtherTypeRRCP: "Realtek RRCP", EtherTypeEAPOL: "EAPOL", EtherTypeAoE: "ATA over Ethernet",
	EtherTypeQinQ: "802.1ad QinQ", EtherTypeLocal1: "local experimental 1",
	EtherTypeLocal2: "local experimental 2", EtherTypeRSNPreauth: "RSN pre-auth",
	EtherTypeLLDP: "LLDP", EtherTypeHomePlug: "HomePlug", EtherTypeMVRP: "MVRP", EtherTypePTP: "PTP",
	EtherTypeCFM: "CFM", EtherTypeFCoE: "FCoE", EtherTypeFIP: "FIP", EtherTypeLoopback: "loopback (CTP)",
	EtherTypeQinQOld: "QinQ 0x9100",
}

// Name is a short human name ("IPv6", "802.2 LLC (ETH_P_802_2)"), or "" for
// values dropscope has no name for.
func (t EtherType) Name() string { return etherTypeNames[t] }

// String formats t as in the kernel's /proc/net/ptype, with a 0x prefix:
// "0x86dd". It never returns "".
func (t EtherType) String() string {
	return string(t.appendHex(make([]byte, 0, 6)))
}

func (t EtherType) appendHex(b []byte) []byte {
	return append(b, '0', 'x', hexDigits[t>>12], hexDigits[t>>8&0xf], hexDigits[t>>4&0xf], hexDigits[t&0xf])
}

// PerfProbe formats t the way `perf probe ... skb->protocol` prints the
// big-endian __be16 on a little-endian machine (x16 type, %#x without
// leading zeros): 0x86DD prints 0xdd86, 0x0004 prints 0x400
// (kernel-rx-model.md §7).
func (t EtherType) PerfProbe() string {
	v := uint16(t)>>8 | uint16(t)<<8
	if v == 0 {
		return "0x0"
	}
	var buf [6]byte
	i := len(buf)
	for v > 0 {
		i--
		buf[i] = hexDigits[v&0xf]
		v >>= 4
	}
	return "0x" + string(buf[i:])
}

// IsVLAN reports whether the kernel treats t as a VLAN tag protocol
// (eth_type_vlan(): 802.1Q or 802.1ad; 0x9100 is not one).
func (t EtherType) IsVLAN() bool { return t == EtherTypeVLAN || t == EtherTypeQinQ }
