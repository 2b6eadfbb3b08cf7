package icmpv6_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dropscope/dropscope/dissect/icmpv6"
)

// ipv6 builds a fixed IPv6 header from fe80::1 to ff02::16.
func ipv6(payloadLen uint16, next byte) []byte {
	return cat([]byte{
		0x60, 0x00, 0x00, 0x00, // version 6, traffic class 0, flow label 0
		byte(payloadLen >> 8), byte(payloadLen), // payload length
		next, // next header
		0x01, // hop limit
	}, a16("fe80::1"), // source
		a16("ff02::16"), // destination
	)
}

var (
	src = addr("fe80::1")
	dst = addr("ff02::16")
)

// walkTests are the annotated rows of TestWalkIPv6; fuzzing reuses them.
var walkTests = []struct {
	name  string
	b     []byte
	want  icmpv6.Upper
	kind  errKind
	field string
	off   int
}{{
	name: "ICMPv6 directly after the header, Ethernet padding after the payload",
	b: cat(ipv6(4, 58), []byte{
		0x80, 0x00, 0x00, 0x00, // ICMPv6 header
		0x00, 0x00, // padding
	}),
	want: icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1, PayloadLength: 4, NextHeader: icmpv6.ProtoICMPv6, Offset: 40, Payload: []byte{0x80, 0, 0, 0}, Padding: 2},
}, {
	name: "hop-by-hop with router alert, then MLD",
	b: cat(ipv6(12, 0), []byte{
		0x3a,       // hop-by-hop: next header ICMPv6
		0x00,       // header length: 8 bytes
		0x05, 0x02, // option: router alert, length 2
		0x00, 0x00, // value 0: MLD
		0x01, 0x00, // option: PadN, length 0
		0x83, 0x00, 0x00, 0x00, // ICMPv6 header
	}),
	want: icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1, PayloadLength: 12,
		Headers:    []icmpv6.ExtHeader{{Proto: icmpv6.ProtoHopByHop, Off: 40, Len: 8, NextHeader: icmpv6.ProtoICMPv6, HasRouterAlert: true}},
		NextHeader: icmpv6.ProtoICMPv6, Offset: 48, Payload: []byte{0x83, 0, 0, 0}},
}, {
	name: "routing, destination options and AH headers, then UDP",
	b: cat(ipv6(36, 43), []byte{
		0x3c,       // routing: next header destination options
		0x00,       // header length: 8 bytes
		0x04,       // routing type 4
		0x00,       // segments left 0
		0, 0, 0, 0, // type-specific data
		0x33,       // destination options: next header AH
		0x00,       // header length: 8 bytes
		0x01, 0x04, // option: PadN, length 4
		0, 0, 0, 0, // padding
		0x11,       // AH: next header UDP
		0x02,       // payload length: (2+2)*4 = 16 bytes
		0x00, 0x00, // reserved
		0, 0, 0, 1, // SPI
		0, 0, 0, 1, // sequence number
		0, 0, 0, 0, // ICV
		0x02, 0x22, 0x02, 0x23, // UDP ports 546 -> 547
	}),
	want: icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1, PayloadLength: 36,
		Headers: []icmpv6.ExtHeader{
			{Proto: icmpv6.ProtoRouting, Off: 40, Len: 8, NextHeader: icmpv6.ProtoDstOpts, RoutingType: 4},
			{Proto: icmpv6.ProtoDstOpts, Off: 48, Len: 8, NextHeader: icmpv6.ProtoAH},
			{Proto: icmpv6.ProtoAH, Off: 56, Len: 16, NextHeader: icmpv6.ProtoUDP},
		},
		NextHeader: icmpv6.ProtoUDP, Offset: 72, Payload: []byte{0x02, 0x22, 0x02, 0x23}},
}, {
	name: "first fragment: the walk goes on",
	b: cat(ipv6(12, 44), []byte{
		0x3a,       // fragment: next header ICMPv6
		0x00,       // reserved
		0x00, 0x01, // offset 0, M=1
		0x00, 0x00, 0x00, 0x2a, // identification 42
		0x80, 0x00, 0x00, 0x00, // ICMPv6 header
	}),
	want: icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1, PayloadLength: 12,
		Headers:    []icmpv6.ExtHeader{{Proto: icmpv6.ProtoFragment, Off: 40, Len: 8, NextHeader: icmpv6.ProtoICMPv6, MoreFragments: true, Identification: 42}},
		NextHeader: icmpv6.ProtoICMPv6, Offset: 48, Payload: []byte{0x80, 0, 0, 0}},
}, {
	name: "non-first fragment: the walk stops",
	b: cat(ipv6(12, 44), []byte{
		0x3a,       // fragment: next header ICMPv6
		0x00,       // reserved
		0x00, 0xb8, // offset 23 (184 bytes), M=0
		0x00, 0x00, 0x00, 0x2a, // identification 42
		0xaa, 0xbb, 0xcc, 0xdd, // middle of the ICMPv6 message
	}),
	want: icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1, PayloadLength: 12,
		Headers:  []icmpv6.ExtHeader{{Proto: icmpv6.ProtoFragment, Off: 40, Len: 8, NextHeader: icmpv6.ProtoICMPv6, FragmentOffset: 23, Identification: 42}},
		Fragment: true, NextHeader: icmpv6.ProtoICMPv6, Offset: 48, Payload: []byte{0xaa, 0xbb, 0xcc, 0xdd}},
}, {
	name: "ESP stops the walk",
	b: cat(ipv6(4, 50), []byte{
		0x00, 0x00, 0x10, 0x00, // SPI
	}),
	want: icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1, PayloadLength: 4, NextHeader: icmpv6.ProtoESP, Offset: 40, Payload: []byte{0, 0, 0x10, 0}},
}, {
	name: "no next header",
	b:    ipv6(0, 59),
	want: icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1, NextHeader: icmpv6.ProtoNoNext, Offset: 40, Payload: []byte{}},
}, {
	name: "header cut",
	b:    []byte{0x60, 0x00, 0x00, 0x00}, // version 6, then nothing
	kind: truncated,
}, {
	name: "IP version 4",
	b: cat([]byte{
		0x45, 0x00, 0x00, 0x00, // version 4
	}, make([]byte, 36)),
	kind:  malformed,
	field: "IPv6 version", off: 0,
}, {
	name: "payload length beyond the capture: what is there is returned",
	b: cat(ipv6(100, 58), []byte{
		0x87, 0x00, 0x00, 0x00, // ICMPv6 header; 96 bytes not captured
	}),
	want: icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1, PayloadLength: 100, NextHeader: icmpv6.ProtoICMPv6, Offset: 40, Payload: []byte{0x87, 0, 0, 0}},
	kind: truncated,
}, {
	name: "extension header beyond the payload length",
	b: cat(ipv6(8, 60), []byte{
		0x3a,                   // destination options: next header ICMPv6
		0x01,                   // header length: 16 bytes, payload length says 8
		0x01, 0x04, 0, 0, 0, 0, // PadN
		0, 0, 0, 0, 0, 0, 0, 0, // bytes past the payload length
	}),
	want:  icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1, PayloadLength: 8, Padding: 8},
	kind:  malformed,
	field: "extension header destination-options", off: 40,
}, {
	name: "extension header beyond the capture",
	b: cat(ipv6(16, 60), []byte{
		0x3a,                   // destination options: next header ICMPv6
		0x01,                   // header length: 16 bytes
		0x01, 0x04, 0, 0, 0, 0, // PadN; the second 8 bytes were not captured
	}),
	want: icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1, PayloadLength: 16},
	kind: truncated,
}, {
	name: "hop-by-hop after another header",
	b: cat(ipv6(16, 60), []byte{
		0x00,                   // destination options: next header hop-by-hop
		0x00,                   // header length: 8 bytes
		0x01, 0x04, 0, 0, 0, 0, // PadN
		0x3a,                   // hop-by-hop: next header ICMPv6
		0x00,                   // header length: 8 bytes
		0x01, 0x04, 0, 0, 0, 0, // PadN
	}),
	want: icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1, PayloadLength: 16,
		Headers: []icmpv6.ExtHeader{{Proto: icmpv6.ProtoDstOpts, Off: 40, Len: 8, NextHeader: icmpv6.ProtoHopByHop}}},
	kind:  malformed,
	field: "extension header hop-by-hop", off: 48,
}, {
	name: "router alert of wrong length",
	b: cat(ipv6(8, 0), []byte{
		0x3a,       // hop-by-hop: next header ICMPv6
		0x00,       // header length: 8 bytes
		0x05, 0x03, // option: router alert, length 3
		0x00, 0x00, 0x00, // value
		0x00, // Pad1
	}),
	want:  icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1, PayloadLength: 8},
	kind:  malformed,
	field: "hop-by-hop router alert length", off: 43,
}, {
	name: "hop-by-hop option overruns its header",
	b: cat(ipv6(8, 0), []byte{
		0x3a,       // hop-by-hop: next header ICMPv6
		0x00,       // header length: 8 bytes
		0x1e, 0x09, // option 0x1e, length 9: past the header
		0, 0, 0, 0, // data
	}),
	want:  icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1, PayloadLength: 8},
	kind:  malformed,
	field: "hop-by-hop option 0x1e", off: 42,
}, {
	name: "jumbogram is unsupported",
	b: cat(ipv6(0, 0), []byte{
		0x3a,       // hop-by-hop: next header ICMPv6
		0x00,       // header length: 8 bytes
		0xc2, 0x04, // option: jumbo payload, length 4
		0x00, 0x01, 0x00, 0x00, // jumbo payload length 65536
	}),
	want: icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1,
		Headers: []icmpv6.ExtHeader{{Proto: icmpv6.ProtoHopByHop, Off: 40, Len: 8, NextHeader: icmpv6.ProtoICMPv6}}},
	kind: unsupported,
}, {
	name: "zero payload length without a jumbo option",
	b: cat(ipv6(0, 0), []byte{
		0x3a,       // hop-by-hop: next header ICMPv6
		0x00,       // header length: 8 bytes
		0x01, 0x04, // option: PadN, length 4
		0, 0, 0, 0, // padding
	}),
	want: icmpv6.Upper{Src: src, Dst: dst, HopLimit: 1,
		Headers: []icmpv6.ExtHeader{{Proto: icmpv6.ProtoHopByHop, Off: 40, Len: 8, NextHeader: icmpv6.ProtoICMPv6}}},
	kind:  malformed,
	field: "IPv6 payload length", off: 4,
}}

// tooManyHeaders chains MaxExtensionHeaders+1 destination options headers.
func tooManyHeaders() []byte {
	n := icmpv6.MaxExtensionHeaders + 1
	b := ipv6(uint16(8*n), 60)
	for i := 0; i < n; i++ {
		b = append(b,
			60,                     // destination options: next header destination options
			0x00,                   // header length: 8 bytes
			0x01, 0x04, 0, 0, 0, 0, // PadN
		)
	}
	return b
}

func TestWalkIPv6(t *testing.T) {
	for _, tt := range walkTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := icmpv6.WalkIPv6(tt.b)
			checkErr(t, err, tt.kind, tt.field, tt.off)
			if diff := cmp.Diff(tt.want, got, cmpOpts...); diff != "" {
				t.Errorf("WalkIPv6 (-want +got):\n%s", diff)
			}
			_ = got.Summary()
		})
	}
	t.Run("too many extension headers", func(t *testing.T) {
		u, err := icmpv6.WalkIPv6(tooManyHeaders())
		checkErr(t, err, malformed, "extension header destination-options", 40+8*icmpv6.MaxExtensionHeaders)
		if len(u.Headers) != icmpv6.MaxExtensionHeaders {
			t.Errorf("walked %d headers, want %d", len(u.Headers), icmpv6.MaxExtensionHeaders)
		}
	})
}

func TestUpperSummary(t *testing.T) {
	u, err := icmpv6.WalkIPv6(walkTests[1].b)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := u.RouterAlert(); !ok || v != 0 {
		t.Errorf("RouterAlert() = %d, %v; want 0, true", v, ok)
	}
	want := "fe80::1 > ff02::16 hlim 1 plen 12 hop-by-hop(router-alert 0) icmpv6 4 bytes"
	if got := u.Summary(); got != want {
		t.Errorf("Summary:\n got %s\nwant %s", got, want)
	}
}
