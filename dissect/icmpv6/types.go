package icmpv6

import "strconv"

// Type is the ICMPv6 type octet (RFC 4443 §2.1; IANA "ICMPv6 Parameters").
// Zero is reserved.
type Type uint8

// ICMPv6 types decoded or named by this package.
const (
	TypeDestinationUnreachable Type = 1   // RFC 4443 §3.1
	TypePacketTooBig           Type = 2   // RFC 4443 §3.2
	TypeTimeExceeded           Type = 3   // RFC 4443 §3.3
	TypeParameterProblem       Type = 4   // RFC 4443 §3.4
	TypeEchoRequest            Type = 128 // RFC 4443 §4.1
	TypeEchoReply              Type = 129 // RFC 4443 §4.2
	TypeMLDQuery               Type = 130 // RFC 2710 §3, RFC 3810 §5.1
	TypeMLDReport              Type = 131 // RFC 2710 §3
	TypeMLDDone                Type = 132 // RFC 2710 §3
	TypeRouterSolicitation     Type = 133 // RFC 4861 §4.1
	TypeRouterAdvertisement    Type = 134 // RFC 4861 §4.2
	TypeNeighborSolicitation   Type = 135 // RFC 4861 §4.3
	TypeNeighborAdvertisement  Type = 136 // RFC 4861 §4.4
	TypeRedirect               Type = 137 // RFC 4861 §4.5
	TypeMLDv2Report            Type = 143 // RFC 3810 §5.2
)

var typeNames = map[Type]string{
	TypeDestinationUnreachable: "destination-unreachable",
	TypePacketTooBig:           "packet-too-big",
	TypeTimeExceeded:           "time-exceeded",
	TypeParameterProblem:       "parameter-problem",
	TypeEchoRequest:            "echo-request",
	TypeEchoReply:              "echo-reply",
	TypeMLDQuery:               "mld-query",
	TypeMLDReport:              "mld-report",
	TypeMLDDone:                "mld-done",
	TypeRouterSolicitation:     "router-solicitation",
	TypeRouterAdvertisement:    "router-advertisement",
	TypeNeighborSolicitation:   "neighbor-solicitation",
	TypeNeighborAdvertisement:  "neighbor-advertisement",
	TypeRedirect:               "redirect",
	TypeMLDv2Report:            "mldv2-report",
}

// String returns the name used in this package's summaries, or the number.
func (t Type) String() string {
	if s, ok := typeNames[t]; ok {
		return s
	}
	return strconv.Itoa(int(t))
}

// OptionType is the NDP option type (RFC 4861 §4.6; IANA "IPv6 Neighbor
// Discovery Option Formats").
type OptionType uint8

// NDP option types.
const (
	OptSourceLinkLayerAddress OptionType = 1  // RFC 4861 §4.6.1
	OptTargetLinkLayerAddress OptionType = 2  // RFC 4861 §4.6.1
	OptPrefixInformation      OptionType = 3  // RFC 4861 §4.6.2
	OptRedirectedHeader       OptionType = 4  // RFC 4861 §4.6.3
	OptMTU                    OptionType = 5  // RFC 4861 §4.6.4
	OptNonce                  OptionType = 14 // RFC 3971 §5.3.2
	OptRouteInformation       OptionType = 24 // RFC 4191 §2.3
	OptRDNSS                  OptionType = 25 // RFC 8106 §5.1
	OptDNSSL                  OptionType = 31 // RFC 8106 §5.2
	OptPREF64                 OptionType = 38 // RFC 8781 §4
)

var optionTypeNames = map[OptionType]string{
	OptSourceLinkLayerAddress: "source-lladdr",
	OptTargetLinkLayerAddress: "target-lladdr",
	OptPrefixInformation:      "prefix-info",
	OptRedirectedHeader:       "redirected-header",
	OptMTU:                    "mtu",
	OptNonce:                  "nonce",
	OptRouteInformation:       "route-info",
	OptRDNSS:                  "rdnss",
	OptDNSSL:                  "dnssl",
	OptPREF64:                 "pref64",
}

// String returns a short name, or the number.
func (t OptionType) String() string {
	if s, ok := optionTypeNames[t]; ok {
		return s
	}
	return strconv.Itoa(int(t))
}

// RecordType is an MLDv2 multicast address record type (RFC 3810 §5.2.12).
// Zero is not assigned.
//
//enumcheck:exhaustive
type RecordType uint8

// Record types of RFC 3810 §5.2.12.
const (
	_                   RecordType = iota
	ModeIsInclude                  // MODE_IS_INCLUDE
	ModeIsExclude                  // MODE_IS_EXCLUDE
	ChangeToIncludeMode            // CHANGE_TO_INCLUDE_MODE
	ChangeToExcludeMode            // CHANGE_TO_EXCLUDE_MODE
	AllowNewSources                // ALLOW_NEW_SOURCES
	BlockOldSources                // BLOCK_OLD_SOURCES
)

var recordTypeNames = [...]string{
	ModeIsInclude:       "MODE_IS_INCLUDE",
	ModeIsExclude:       "MODE_IS_EXCLUDE",
	ChangeToIncludeMode: "CHANGE_TO_INCLUDE_MODE",
	ChangeToExcludeMode: "CHANGE_TO_EXCLUDE_MODE",
	AllowNewSources:     "ALLOW_NEW_SOURCES",
	BlockOldSources:     "BLOCK_OLD_SOURCES",
}

// String returns the RFC 3810 name, or the number.
func (t RecordType) String() string {
	if int(t) < len(recordTypeNames) && recordTypeNames[t] != "" {
		return recordTypeNames[t]
	}
	return strconv.Itoa(int(t))
}

// Proto is an IPv6 Next Header value (IANA "Assigned Internet Protocol
// Numbers").
type Proto uint8

// Next Header values WalkIPv6 knows.
const (
	ProtoHopByHop Proto = 0   // RFC 8200 §4.3
	ProtoTCP      Proto = 6   // RFC 9293
	ProtoUDP      Proto = 17  // RFC 768
	ProtoRouting  Proto = 43  // RFC 8200 §4.4
	ProtoFragment Proto = 44  // RFC 8200 §4.5
	ProtoESP      Proto = 50  // RFC 4303
	ProtoAH       Proto = 51  // RFC 4302
	ProtoICMPv6   Proto = 58  // RFC 4443
	ProtoNoNext   Proto = 59  // RFC 8200 §4.7
	ProtoDstOpts  Proto = 60  // RFC 8200 §4.6
	ProtoMobility Proto = 135 // RFC 6275
)

var protoNames = map[Proto]string{
	ProtoHopByHop: "hop-by-hop",
	ProtoTCP:      "tcp",
	ProtoUDP:      "udp",
	ProtoRouting:  "routing",
	ProtoFragment: "fragment",
	ProtoESP:      "esp",
	ProtoAH:       "ah",
	ProtoICMPv6:   "icmpv6",
	ProtoNoNext:   "no-next-header",
	ProtoDstOpts:  "destination-options",
	ProtoMobility: "mobility",
}

// String returns a short name, or the number.
func (p Proto) String() string {
	if s, ok := protoNames[p]; ok {
		return s
	}
	return strconv.Itoa(int(p))
}
