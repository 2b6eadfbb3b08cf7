package cdp_test

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/dropscope/dropscope/dissect/cdp"
)

var cmpOpts = []cmp.Option{
	cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
	cmpopts.EquateEmpty(),
}

// parseTest is one row: bytes, the value Parse returns, and the error:
// err is a sentinel for errors.Is, field wants a *FormatError with that
// Field.
type parseTest struct {
	name    string
	b       []byte
	want    cdp.Packet
	err     error
	field   string
	summary string // checked when not empty
}

var ipv6 = netip.MustParseAddr("2001:db8::1")

var parseTests = []parseTest{{
	name: "CDPv2 from a switch: all decoded TLVs",
	b: []byte{
		0x02,       // version 2
		0xb4,       // TTL 180 s
		0x0b, 0xea, // checksum
		0x00, 0x01, 0x00, 0x06, // device ID TLV, length 6
		'S', '1',
		0x00, 0x02, 0x00, 0x33, // addresses TLV, length 51
		0x00, 0x00, 0x00, 0x03, // 3 entries
		0x01, 0x01, 0xcc, // NLPID, length 1, IP
		0x00, 0x04, 10, 0, 0, 1, // 4-byte address 10.0.0.1
		0x02, 0x08, 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd, // 802.2, length 8, SNAP IPv6
		0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, // 16-byte 2001:db8::1
		0x01, 0x01, 0x81, // NLPID, length 1, 0x81 (CLNP): kept raw
		0x00, 0x01, 0x42, // 1-byte address
		0x00, 0x03, 0x00, 0x0a, // port ID TLV, length 10
		'F', 'a', '0', '/', '1', '3',
		0x00, 0x04, 0x00, 0x08, // capabilities TLV, length 8
		0x00, 0x00, 0x00, 0x28, // switch, IGMP
		0x00, 0x05, 0x00, 0x07, // software version TLV, length 7
		'I', 'O', 'S',
		0x00, 0x06, 0x00, 0x0c, // platform TLV, length 12
		'c', 'i', 's', 'c', 'o', ' ', 'W', 'S',
		0x00, 0x08, 0x00, 0x06, // protocol hello TLV, length 6: kept raw
		0x00, 0x00,
		0x00, 0x09, 0x00, 0x07, // VTP domain TLV, length 7
		'l', 'a', 'b',
		0x00, 0x0a, 0x00, 0x06, // native VLAN TLV, length 6
		0x00, 0x01, // VLAN 1
		0x00, 0x0b, 0x00, 0x05, // duplex TLV, length 5
		0x01,                   // full
		0x00, 0x16, 0x00, 0x11, // management address TLV, length 17
		0x00, 0x00, 0x00, 0x01, // 1 entry
		0x01, 0x01, 0xcc, // NLPID, length 1, IP
		0x00, 0x04, 192, 0, 2, 7, // 192.0.2.7
	},
	want: cdp.Packet{
		Version: 2, TTL: 180, Checksum: 0x0bea,
		DeviceID: "S1", PortID: "Fa0/13", SoftwareVersion: "IOS", Platform: "cisco WS", VTPDomain: "lab",
		Addresses: []cdp.Address{
			{ProtocolType: cdp.ProtoNLPID, Protocol: []byte{0xcc}, Raw: []byte{10, 0, 0, 1}, Addr: netip.MustParseAddr("10.0.0.1")},
			{ProtocolType: cdp.Proto8022, Protocol: []byte{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd}, Raw: ipv6.AsSlice(), Addr: ipv6},
			{ProtocolType: cdp.ProtoNLPID, Protocol: []byte{0x81}, Raw: []byte{0x42}},
		},
		ManagementAddresses: []cdp.Address{
			{ProtocolType: cdp.ProtoNLPID, Protocol: []byte{0xcc}, Raw: []byte{192, 0, 2, 7}, Addr: netip.MustParseAddr("192.0.2.7")},
		},
		Capabilities: cdp.CapSwitch | cdp.CapIGMP, HasCapabilities: true,
		NativeVLAN: 1, HasNativeVLAN: true,
		Duplex: cdp.DuplexFull, HasDuplex: true,
		Unknown: []cdp.TLV{{Type: cdp.TLVProtocolHello, Length: 6, Off: 98, Value: []byte{0, 0}}},
	},
	summary: `cdpv2 device "S1" port "Fa0/13" platform "cisco WS" addr 10.0.0.1 vlan 1 ttl 180s`,
}, {
	name: "CDPv1, no TLVs",
	b: []byte{
		0x01,       // version 1
		0x3c,       // TTL 60 s
		0x00, 0x00, // checksum
	},
	want:    cdp.Packet{Version: 1, TTL: 60},
	summary: `cdpv1 device "" port "" ttl 60s`,
}, {
	name: "unsupported: version 3",
	b: []byte{
		0x03,       // version 3
		0xb4,       // TTL 180 s
		0x12, 0x34, // checksum
		0x00, 0x01, 0x00, 0x05, 'X', // device ID: not read
	},
	want: cdp.Packet{Version: 3, TTL: 180, Checksum: 0x1234},
	err:  cdp.ErrUnsupported,
}, {
	name: "truncated: 3-byte header",
	b:    []byte{0x02, 0xb4, 0x0b},
	err:  cdp.ErrTruncated,
}, {
	name: "malformed: TLV length 2, below the 4-byte header",
	b: []byte{
		0x02, 0xb4, 0x00, 0x00, // header
		0x00, 0x01, 0x00, 0x05, 'A', // device ID "A"
		0x00, 0x03, 0x00, 0x02, // port ID TLV, length 2
		'x', 'y',
	},
	want:  cdp.Packet{Version: 2, TTL: 180, DeviceID: "A"},
	field: "port-id tlv length",
}, {
	name: "malformed: TLV length 0",
	b: []byte{
		0x02, 0xb4, 0x00, 0x00, // header
		0x00, 0x05, 0x00, 0x00, // software version TLV, length 0
	},
	want:  cdp.Packet{Version: 2, TTL: 180},
	field: "software-version tlv length",
}, {
	name: "truncated: TLV length past the end",
	b: []byte{
		0x02, 0xb4, 0x00, 0x00, // header
		0x00, 0x01, 0x00, 0x05, 'A', // device ID "A"
		0x00, 0x06, 0x00, 0x20, // platform TLV, length 32
		'c', 'i', 's', // 3 bytes
	},
	want: cdp.Packet{Version: 2, TTL: 180, DeviceID: "A"},
	err:  cdp.ErrTruncated,
}, {
	name: "truncated: half a TLV header",
	b: []byte{
		0x02, 0xb4, 0x00, 0x00, // header
		0x00, 0x01, // TLV type only
	},
	want: cdp.Packet{Version: 2, TTL: 180},
	err:  cdp.ErrTruncated,
}, {
	name: "malformed: native VLAN of 3 bytes, later TLVs still decoded",
	b: []byte{
		0x02, 0xb4, 0x00, 0x00, // header
		0x00, 0x0a, 0x00, 0x07, // native VLAN TLV, length 7: want 6
		0x00, 0x01, 0x00,
		0x00, 0x0b, 0x00, 0x05, // duplex TLV
		0x00,                   // half
		0x00, 0x04, 0x00, 0x06, // capabilities TLV, length 6: want 8
		0x00, 0x01,
	},
	want:  cdp.Packet{Version: 2, TTL: 180, Duplex: cdp.DuplexHalf, HasDuplex: true},
	field: "native-vlan",
}, {
	name: "malformed: address count 2 with one entry",
	b: []byte{
		0x02, 0xb4, 0x00, 0x00, // header
		0x00, 0x02, 0x00, 0x11, // addresses TLV, length 17
		0x00, 0x00, 0x00, 0x02, // 2 entries
		0x01, 0x01, 0xcc, // NLPID, IP
		0x00, 0x04, 10, 0, 0, 2, // 10.0.0.2
	},
	want: cdp.Packet{Version: 2, TTL: 180, Addresses: []cdp.Address{
		{ProtocolType: cdp.ProtoNLPID, Protocol: []byte{0xcc}, Raw: []byte{10, 0, 0, 2}, Addr: netip.MustParseAddr("10.0.0.2")},
	}},
	field: "addresses entry 1",
}, {
	name: "malformed: address length past the end of the TLV",
	b: []byte{
		0x02, 0xb4, 0x00, 0x00, // header
		0x00, 0x16, 0x00, 0x0f, // management address TLV, length 15
		0x00, 0x00, 0x00, 0x01, // 1 entry
		0x01, 0x01, 0xcc, // NLPID, IP
		0x00, 0x04, 10, 0, // address length 4, 2 bytes
	},
	want:  cdp.Packet{Version: 2, TTL: 180},
	field: "management-address entry 0",
}, {
	name: "malformed: addresses TLV without a count",
	b: []byte{
		0x02, 0xb4, 0x00, 0x00, // header
		0x00, 0x02, 0x00, 0x06, // addresses TLV, length 6
		0x00, 0x00, // 2 bytes of count
	},
	want:  cdp.Packet{Version: 2, TTL: 180},
	field: "addresses",
}}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cdp.Parse(tt.b)
			checkErr(t, err, tt.err, tt.field)
			if diff := cmp.Diff(tt.want, got, cmpOpts...); diff != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", diff)
			}
			if tt.summary != "" {
				if s := got.Summary(); s != tt.summary {
					t.Errorf("Summary() = %q, want %q", s, tt.summary)
				}
			}
			checkCapped(t, got)
		})
	}
}

func checkErr(t *testing.T, err, sentinel error, field string) {
	t.Helper()
	var fe *cdp.FormatError
	switch {
	case sentinel != nil:
		if !errors.Is(err, sentinel) || errors.As(err, &fe) {
			t.Errorf("err = %v, want only %v", err, sentinel)
		}
	case field != "":
		if !errors.As(err, &fe) || fe.Field != field || errors.Is(err, cdp.ErrTruncated) || errors.Is(err, cdp.ErrUnsupported) {
			t.Errorf("err = %v, want *FormatError with Field %q", err, field)
		}
	default:
		if err != nil {
			t.Errorf("err = %v, want nil", err)
		}
	}
	if err != nil && !strings.HasPrefix(err.Error(), "cdp: ") {
		t.Errorf("error text %q lacks the cdp: prefix", err)
	}
}

// checkCapped verifies that every byte slice handed out is
// capacity-capped, so appending to it cannot write into the input.
func checkCapped(t testing.TB, p cdp.Packet) {
	t.Helper()
	var slices [][]byte
	for _, a := range append(append([]cdp.Address(nil), p.Addresses...), p.ManagementAddresses...) {
		slices = append(slices, a.Protocol, a.Raw)
	}
	for _, u := range p.Unknown {
		slices = append(slices, u.Value)
	}
	for i, s := range slices {
		if cap(s) != len(s) {
			t.Errorf("slice %d: len %d cap %d, want capped", i, len(s), cap(s))
		}
	}
}

func TestEnumStrings(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{cdp.TLVType(0x99).String(), "0x99"},
		{cdp.TLVNativeVLAN.String(), "native-vlan"},
		{cdp.Duplex(7).String(), "7"},
		{cdp.ProtocolType(9).String(), "9"},
		{cdp.Capabilities(0).String(), "none"},
		{(cdp.CapRouter | cdp.Capabilities(1<<20)).String(), "router,bit20"},
		{cdp.Address{ProtocolType: 9, Protocol: []byte{1}, Raw: []byte{2, 3}}.String(), "9:01:0203"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("String() = %q, want %q", tt.got, tt.want)
		}
	}
}
