package crosscheck_test

import (
	"errors"
	"slices"
	"strings"

	"github.com/dropscope/dropscope/dissect/lldp"
	"github.com/dropscope/dropscope/dissect/stp"
)

// exception is a documented, reasoned kind of disagreement between
// dropscope and tshark. match must be narrow: it names the field, the
// values and, where it can, the error that make the case.
type exception struct {
	name, reason string
	match        func(d disagreement) bool
}

var exceptions = []exception{
	{
		name: "link-type-not-ethernet",
		reason: "dropscope's analysis reads Ethernet (link type 1) and Linux cooked captures only: " +
			"rx_dropped is an Ethernet-device counter. tshark also dissects raw-IP captures " +
			"(tcpdump/icmpv6_nodeinfo_queryipv6.pcap is LINKTYPE_IPV6).",
		match: func(d disagreement) bool {
			return d.field == "*" && d.dropscope == "absent" && strings.HasPrefix(d.why, "link type ")
		},
	},
	{
		name: "length-1501-1535",
		reason: "a type/length field of 1501..1535 is neither an 802.3 length nor an EtherType. " +
			"Linux's eth_type_trans() treats it as a length (ETH_P_802_2), so dropscope, which " +
			"models the kernel, reads the LLC header and the BPDU behind it; Wireshark calls the " +
			"field invalid and dissects nothing (samples/mixed-edge.pcap frames 52-60 test this on purpose).",
		match: func(d disagreement) bool {
			return d.field == "*" && d.dropscope == "dissected" && d.typeLen > 1500 && d.typeLen < 0x0600
		},
	},
	{
		name: "garp-protocol-id-1",
		reason: "GARP (GVRP, GMRP) PDUs share LLC SAP 0x42 with BPDUs and start with protocol " +
			"identifier 0x0001. stp.ParseBPDU reads the identifier and stops with ErrUnsupported, " +
			"as documented; tshark's STP dissector hands them to GVRP/GMRP before it adds any " +
			"stp field, so it prints no stp.protocol.",
		match: func(d disagreement) bool {
			layers := strings.Split(d.protocols, ":")
			return d.proto == "stp" && d.field == "stp.protocol" && d.dropscope == "0x0001" && d.tshark == "" &&
				errors.Is(d.err, stp.ErrUnsupported) && (slices.Contains(layers, "gvrp") || slices.Contains(layers, "gmrp"))
		},
	},
	{
		name: "bpdu-cut-before-type",
		reason: "BPDUs captured with fewer than 4 octets after the LLC header (tcpdump's " +
			"stp-heapoverflow-*.pcap fuzz cases): tshark's STP dissector reads the version and " +
			"type before it adds any field, so it throws a truncation exception and prints no " +
			"stp field; dropscope prints the fields it could read and returns ErrTruncated.",
		match: func(d disagreement) bool {
			return d.proto == "stp" && (d.field == "stp.protocol" || d.field == "stp.version") && d.tshark == "" &&
				errors.Is(d.err, stp.ErrTruncated)
		},
	},
	{
		name: "spb-auxiliary-mcid",
		reason: "an SPT BPDU (version 4) carries an auxiliary MST Configuration Identifier in its " +
			"version 4 fields (802.1Q-2018 §14.6). tshark decodes it into the same mstp.config_* " +
			"fields, so they occur twice; stp.ParseBPDU skips the version 4 fields by design and " +
			"reports the first identifier only. The first occurrence must agree.",
		match: func(d disagreement) bool {
			if d.proto != "stp" || !strings.HasPrefix(d.field, "mstp.config_") {
				return false
			}
			if d.field == "mstp.config_name" {
				return strings.HasPrefix(d.tshark, d.dropscope+",")
			}
			first, _, two := strings.Cut(d.tshark, ",")
			return two && !strings.Contains(d.dropscope, ",") && normalize(d.field, first) == normalize(d.field, d.dropscope)
		},
	},
	{
		name: "lldp-duplicate-ttl",
		reason: "arkime/wireshark-lldp.pcap frame 1 (and its copy in kernel-truth/corpus-eth.pcap) " +
			"holds two Time To Live TLVs (120, then 1). " +
			"802.1AB-2016 §9.2.7.7.1 requires discarding such an LLDPDU; dropscope keeps the " +
			"first TTL and returns a FormatError (duplicate TLV), tshark prints both values.",
		match: func(d disagreement) bool {
			var fe *lldp.FormatError
			return d.field == "lldp.time_to_live" && errors.As(d.err, &fe) && fe.Field == "ttl" &&
				strings.HasPrefix(d.tshark, d.dropscope+",")
		},
	},
	{
		name: "lldp-string-trailing-nul",
		reason: "a System Name TLV whose octets end in NUL (\"Summit300-48\\x00\" in " +
			"arkime/wireshark-lldp.pcap frame 2, copied into kernel-truth/corpus-eth.pcap): tshark's string fields end at the first NUL, " +
			"dropscope keeps every octet of the TLV.",
		match: func(d disagreement) bool {
			return d.field == "lldp.tlv.system.name" && strings.TrimRight(d.dropscope, "\x00") == d.tshark
		},
	},
}

// findException returns the first exception matching d, or nil.
func findException(d disagreement) *exception {
	for i := range exceptions {
		if exceptions[i].match(d) {
			return &exceptions[i]
		}
	}
	return nil
}
