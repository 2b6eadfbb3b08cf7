package dissect

import "strconv"

// ClassKind is the family of a Class. The zero value is ClassUnknown.
type ClassKind uint8

// Class kinds. Sub and OUI of a Class carry the detail each kind needs.
const (
	ClassUnknown       ClassKind = iota
	ClassRunt                    // shorter than an Ethernet header
	ClassIPv4                    // IPv4
	ClassARP                     // ARP
	ClassIPv6DHCPv6              // Sub: DHCPv6 message type (RFC 8415 §7.3)
	ClassIPv6ICMPv6              // Sub: ICMPv6 type (143 is folded into 131, MLD report)
	ClassIPv6Fragment            // a non-first IPv6 fragment: no upper layer to look at
	ClassIPv6Next                // Sub: the upper-layer next header (6 TCP, 17 UDP, ...)
	ClassIPv6Malformed           // IPv6 header or extension headers cut short
	ClassSTP                     // Sub: STPKind
	ClassPVST                    // Cisco PVST+ / RPVST+ on SNAP 00000c/010b
	ClassGARP                    // LLC 42/42 with protocol identifier 1 (GARP/GVRP/GMRP)
	ClassSNAP                    // OUI and Sub (PID) of an LLC AA/AA frame
	ClassSNAPShort               // LLC AA/AA with fewer than 5 SNAP bytes
	ClassLLC                     // Sub: DSAP<<8 | SSAP as on the wire
	ClassLLCShort                // 802.3 length with fewer than 2 payload bytes
	ClassRaw8023                 // 802.3 length followed by FF FF (Novell raw 802.3)
	ClassSlow                    // Sub: slow protocols subtype (IEEE 802.3 Annex 57A)
	ClassEtherType               // Sub: any other EtherType
	ClassVLANTruncated           // a VLAN tag with no room for the encapsulated type
)

// STPKind tells BPDUs apart by protocol version and BPDU type
// (IEEE 802.1D-2004 §9.3, IEEE 802.1Q-2018 §14).
type STPKind uint16

// BPDU kinds.
const (
	STPMalformed STPKind = iota // fewer than 4 bytes, or a type/version pair that does not exist
	STPConfig                   // version 0, type 0x00
	STPTCN                      // type 0x80
	STPRSTP                     // version 2, type 0x02
	STPMSTP                     // version 3, type 0x02
	STPSPB                      // version 4, type 0x02
)

// Class is what a frame carries, down to the message type an operator asks
// about. It is a comparable value; String gives its stable id, such as
// "ipv6/dhcpv6-solicit", "stp/mstp", "llc/f0-f0" or "ethertype/0x88b5".
type Class struct {
	Kind ClassKind
	Sub  uint16
	OUI  uint32 // SNAP OUI, valid iff Kind == ClassSNAP
}

var dhcpv6Names = [...]string{1: "solicit", 2: "advertise", 3: "request", 4: "confirm", 5: "renew",
	6: "rebind", 7: "reply", 8: "release", 9: "decline", 10: "reconfigure", 11: "information-request",
	12: "relay-forw", 13: "relay-repl"}

var icmpv6Names = map[uint16]string{1: "dest-unreachable", 2: "packet-too-big", 3: "time-exceeded",
	4: "parameter-problem", 128: "echo", 129: "echo", 130: "mld-query", 131: "mld-report",
	132: "mld-done", 133: "router-solicitation", 134: "router-advertisement",
	135: "neighbor-solicitation", 136: "neighbor-advertisement", 137: "redirect"}

var stpNames = [...]string{STPMalformed: "stp/malformed", STPConfig: "stp/config", STPTCN: "stp/tcn",
	STPRSTP: "stp/rstp", STPMSTP: "stp/mstp", STPSPB: "stp/spb"}

var slowNames = map[uint16]string{1: "slow/lacp", 2: "slow/marker", 3: "slow/oam", 10: "slow/ossp"}

var snapNames = map[uint64]string{
	0x00000c<<16 | 0x2000: "llc/snap-cdp",
	0x00000c<<16 | 0x2003: "llc/snap-vtp",
	0x00000c<<16 | 0x2004: "llc/snap-dtp",
	0x00000c<<16 | 0x0111: "llc/snap-udld",
	0x00000c<<16 | 0x0104: "llc/snap-pagp",
}

var etherTypeClassNames = map[EtherType]string{
	EtherTypeLLDP: "lldp", EtherTypeEAPOL: "eapol", EtherTypeMACCtrl: "mac-control",
	EtherTypeLoopback: "loopback", EtherTypeMPLS: "mpls", EtherTypeMPLSMC: "mpls-multicast",
	EtherTypePPPoED: "pppoe-discovery", EtherTypePPPoES: "pppoe-session", EtherTypeRARP: "rarp",
	EtherTypeIPX: "ipx/ethernet-ii", EtherTypeAppleTalk: "appletalk", EtherTypePTP: "ptp",
	EtherTypeCFM: "cfm", EtherTypeMVRP: "mvrp", EtherTypeAVTP: "avtp", EtherTypeFCoE: "fcoe",
	EtherTypeFIP: "fcoe-fip", EtherTypeRSNPreauth: "rsn-preauth", EtherTypeHomePlug: "homeplug",
	EtherTypeRRCP: "rrcp", EtherTypeLocal1: "experimental/0x88b5", EtherTypeLocal2: "experimental/0x88b6",
	EtherTypeVLAN: "vlan/0x8100", EtherTypeQinQ: "vlan/0x88a8", EtherTypeQinQOld: "vlan/0x9100",
}

// String returns the stable class id.
func (c Class) String() string {
	switch c.Kind {
	case ClassRunt:
		return "malformed/runt"
	case ClassIPv4:
		return "ipv4"
	case ClassARP:
		return "arp"
	case ClassIPv6DHCPv6:
		if int(c.Sub) < len(dhcpv6Names) && dhcpv6Names[c.Sub] != "" {
			return "ipv6/dhcpv6-" + dhcpv6Names[c.Sub]
		}
		return "ipv6/dhcpv6-" + strconv.Itoa(int(c.Sub))
	case ClassIPv6ICMPv6:
		if n, ok := icmpv6Names[c.Sub]; ok {
			return "ipv6/icmpv6-" + n
		}
		return "ipv6/icmpv6-" + strconv.Itoa(int(c.Sub))
	case ClassIPv6Fragment:
		return "ipv6/fragment"
	case ClassIPv6Next:
		switch c.Sub {
		case 6:
			return "ipv6/tcp"
		case 17:
			return "ipv6/udp"
		}
		return "ipv6/nh-" + strconv.Itoa(int(c.Sub))
	case ClassIPv6Malformed:
		return "ipv6/malformed"
	case ClassSTP:
		if int(c.Sub) < len(stpNames) {
			return stpNames[c.Sub]
		}
	case ClassPVST:
		return "stp/pvst+"
	case ClassGARP:
		return "llc/garp"
	case ClassSNAP:
		if n, ok := snapNames[uint64(c.OUI)<<16|uint64(c.Sub)]; ok {
			return n
		}
		return "llc/snap-" + hex(uint64(c.OUI), 6) + "-" + hex(uint64(c.Sub), 4)
	case ClassSNAPShort:
		return "llc/snap-short"
	case ClassLLC:
		return "llc/" + hex(uint64(c.Sub>>8), 2) + "-" + hex(uint64(c.Sub&0xff), 2)
	case ClassLLCShort:
		return "llc/short"
	case ClassRaw8023:
		return "ipx/raw-802.3"
	case ClassSlow:
		if n, ok := slowNames[c.Sub]; ok {
			return n
		}
		return "slow/" + strconv.Itoa(int(c.Sub))
	case ClassEtherType:
		if n, ok := etherTypeClassNames[EtherType(c.Sub)]; ok {
			return n
		}
		return "ethertype/" + EtherType(c.Sub).String()
	case ClassVLANTruncated:
		return "vlan/truncated"
	}
	return "unknown/" + strconv.Itoa(int(c.Kind)) + "-" + strconv.Itoa(int(c.Sub))
}

// MarshalText implements encoding.TextMarshaler with the class id.
func (c Class) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

func hex(v uint64, digits int) string {
	b := make([]byte, digits)
	for i := digits - 1; i >= 0; i-- {
		b[i] = hexDigits[v&0xf]
		v >>= 4
	}
	return string(b)
}

// maxTags bounds how many stacked VLAN tags Classify looks through.
const maxTags = 8

// Inner looks through any stack of VLAN tags (0x8100, 0x88a8, 0x9100) of
// an Ethernet frame and returns the protocol of what follows, by the
// eth_type_trans rule (an EtherType, ETH_P_802_2 or ETH_P_802_3), and its
// bytes. ok is false when a tag is cut short.
func Inner(e Ethernet) (proto EtherType, payload []byte, ok bool) {
	typeLen, p := e.TypeLen, e.Payload
	for i := 0; i < maxTags && (EtherType(typeLen).IsVLAN() || EtherType(typeLen) == EtherTypeQinQOld); i++ {
		_, tl, rest, ok := ParseVLAN(p)
		if !ok {
			return 0, nil, false
		}
		typeLen, p = tl, rest
	}
	proto = Protocol(typeLen, p)
	if proto == ETHP8022 && int(typeLen) <= len(p) {
		p = p[:typeLen] // the 802.3 length: what follows is padding (llc_fixup_skb trims it too)
	}
	return proto, p, true
}

// Classify returns the class of an Ethernet frame's content, looking
// through any stack of VLAN tags. It allocates nothing and never fails:
// short or malformed payloads have classes of their own.
func Classify(e Ethernet) Class { return ClassifyInner(Inner(e)) }

// ClassifyInner classifies what Inner or InnerCooked returned: a frame
// whose VLAN tag was cut short is ClassVLANTruncated.
func ClassifyInner(proto EtherType, p []byte, ok bool) Class {
	if !ok {
		return Class{Kind: ClassVLANTruncated}
	}
	return ClassifyPayload(proto, p)
}

// ClassifyPayload classifies a payload given the skb->protocol value that
// describes it, as a Linux cooked (SLL/SLL2) capture records it: an
// EtherType, ETH_P_802_2 (the payload starts at the LLC header) or
// ETH_P_802_3.
func ClassifyPayload(proto EtherType, p []byte) Class {
	switch proto {
	case EtherTypeIPv4:
		return Class{Kind: ClassIPv4}
	case EtherTypeARP:
		return Class{Kind: ClassARP}
	case EtherTypeIPv6:
		return classifyIPv6(p)
	case ETHP8023:
		return Class{Kind: ClassRaw8023}
	case ETHP8022:
		return classifyLLC(p)
	case EtherTypeSlow:
		if len(p) < 1 {
			return Class{Kind: ClassEtherType, Sub: uint16(proto)}
		}
		return Class{Kind: ClassSlow, Sub: uint16(p[0])}
	}
	return Class{Kind: ClassEtherType, Sub: uint16(proto)}
}

// classifyLLC looks at an IEEE 802.2 LLC header and what follows it.
func classifyLLC(p []byte) Class {
	if len(p) < 2 {
		return Class{Kind: ClassLLCShort}
	}
	dsap, ssap := p[0], p[1]
	switch {
	case dsap == 0x42 && ssap == 0x42 && len(p) >= 3 && p[2] == 0x03:
		return classifyBPDU(p[3:])
	case dsap == 0xaa && ssap == 0xaa && len(p) >= 3 && p[2] == 0x03:
		if len(p) < 8 {
			return Class{Kind: ClassSNAPShort}
		}
		oui := uint32(p[3])<<16 | uint32(p[4])<<8 | uint32(p[5])
		pid := uint16(p[6])<<8 | uint16(p[7])
		if oui == 0x00000c && pid == 0x010b {
			return Class{Kind: ClassPVST}
		}
		return Class{Kind: ClassSNAP, OUI: oui, Sub: pid}
	}
	return Class{Kind: ClassLLC, Sub: uint16(dsap)<<8 | uint16(ssap)}
}

// classifyBPDU reads the protocol identifier, version and BPDU type
// (IEEE 802.1D-2004 §9.3.1-9.3.3; 802.1Q-2018 §14.4).
func classifyBPDU(b []byte) Class {
	if len(b) < 4 {
		if len(b) >= 3 && b[0] == 0 && b[1] == 0 && b[2] == 0x80 {
			return Class{Kind: ClassSTP, Sub: uint16(STPTCN)}
		}
		return Class{Kind: ClassSTP, Sub: uint16(STPMalformed)}
	}
	pid := uint16(b[0])<<8 | uint16(b[1])
	if pid == 1 {
		return Class{Kind: ClassGARP}
	}
	if pid != 0 {
		return Class{Kind: ClassSTP, Sub: uint16(STPMalformed)}
	}
	version, typ := b[2], b[3]
	switch {
	case typ == 0x80:
		return Class{Kind: ClassSTP, Sub: uint16(STPTCN)}
	case typ == 0x00:
		return Class{Kind: ClassSTP, Sub: uint16(STPConfig)}
	case typ == 0x02 && version == 2:
		return Class{Kind: ClassSTP, Sub: uint16(STPRSTP)}
	case typ == 0x02 && version == 3:
		return Class{Kind: ClassSTP, Sub: uint16(STPMSTP)}
	case typ == 0x02 && version >= 4:
		return Class{Kind: ClassSTP, Sub: uint16(STPSPB)}
	}
	return Class{Kind: ClassSTP, Sub: uint16(STPMalformed)}
}

// IPv6 next-header values walked as extension headers (RFC 8200 §4).
const (
	nhHopByHop = 0
	nhTCP      = 6
	nhUDP      = 17
	nhRouting  = 43
	nhFragment = 44
	nhICMPv6   = 58
	nhNone     = 59
	nhDestOpts = 60
	nhMobility = 135
)

// classifyIPv6 walks the IPv6 header and its extension headers (RFC 8200
// §4) to the upper layer: ICMPv6 type, DHCPv6 message type (UDP port 546
// or 547 on either side, RFC 8415 §7.2), or the next header.
func classifyIPv6(p []byte) Class {
	if len(p) < 40 || p[0]>>4 != 6 {
		return Class{Kind: ClassIPv6Malformed}
	}
	plen := int(p[4])<<8 | int(p[5])
	nh := p[6]
	b := p[40:]
	if plen < len(b) {
		b = b[:plen] // drop Ethernet padding
	}
	for i := 0; i < 16; i++ {
		switch nh {
		case nhHopByHop, nhRouting, nhDestOpts, nhMobility:
			if len(b) < 8 {
				return Class{Kind: ClassIPv6Malformed}
			}
			l := (int(b[1]) + 1) * 8
			if l > len(b) {
				return Class{Kind: ClassIPv6Malformed}
			}
			nh, b = b[0], b[l:]
			continue
		case nhFragment:
			if len(b) < 8 {
				return Class{Kind: ClassIPv6Malformed}
			}
			if (uint16(b[2])<<8|uint16(b[3]))&0xfff8 != 0 {
				return Class{Kind: ClassIPv6Fragment}
			}
			nh, b = b[0], b[8:]
			continue
		case nhICMPv6:
			if len(b) < 1 {
				return Class{Kind: ClassIPv6Malformed}
			}
			t := uint16(b[0])
			if t == 143 {
				t = 131 // MLDv2 report (RFC 3810) and MLDv1 report (RFC 2710) are one class
			}
			return Class{Kind: ClassIPv6ICMPv6, Sub: t}
		case nhUDP:
			if len(b) >= 9 {
				sp := uint16(b[0])<<8 | uint16(b[1])
				dp := uint16(b[2])<<8 | uint16(b[3])
				if sp == 546 || sp == 547 || dp == 546 || dp == 547 {
					return Class{Kind: ClassIPv6DHCPv6, Sub: uint16(b[8])}
				}
			}
		}
		return Class{Kind: ClassIPv6Next, Sub: uint16(nh)}
	}
	return Class{Kind: ClassIPv6Malformed}
}
