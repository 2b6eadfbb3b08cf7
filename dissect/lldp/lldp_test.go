package lldp_test

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/lldp"
)

var cmpOpts = []cmp.Option{
	cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
	cmpopts.EquateEmpty(),
}

// parseTest is one row: bytes, the value Parse returns, and the error:
// trunc wants ErrTruncated, field wants a *FormatError with that Field.
type parseTest struct {
	name    string
	b       []byte
	want    lldp.LLDPDU
	trunc   bool
	field   string
	summary string // checked when not empty
}

var parseTests = []parseTest{{
	name: "switch port: MAC chassis, ifname port, all optional TLVs",
	b: []byte{
		0x02, 0x07, // chassis ID TLV, length 7
		0x04,                               // subtype: MAC address
		0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc, // MAC
		0x04, 0x09, // port ID TLV, length 9
		0x05,                                   // subtype: interface name
		'G', 'i', '1', '/', '0', '/', '2', '4', // "Gi1/0/24"
		0x06, 0x02, // TTL TLV, length 2
		0x00, 0x78, // 120 s
		0x08, 0x06, // port description TLV, length 6
		'u', 'p', 'l', 'i', 'n', 'k',
		0x0a, 0x09, // system name TLV, length 9
		's', 'w', '-', 'c', 'o', 'r', 'e', '-', '1',
		0x0c, 0x03, // system description TLV, length 3
		'I', 'O', 'S',
		0x0e, 0x04, // system capabilities TLV, length 4
		0x00, 0x14, // supported: bridge, router
		0x00, 0x04, // enabled: bridge
		0x10, 0x0c, // management address TLV, length 12
		0x05,                   // address string length: family + 4
		0x01,                   // family: IPv4
		0x0a, 0x00, 0x00, 0x01, // 10.0.0.1
		0x02,                   // interface numbering: ifIndex
		0x00, 0x00, 0x00, 0x07, // ifIndex 7
		0x00,       // OID length 0
		0xfe, 0x06, // org-specific TLV, length 6
		0x00, 0x80, 0xc2, // OUI 802.1
		0x01,       // subtype: port VLAN ID
		0x00, 0x64, // PVID 100
		0xfe, 0x05, // org-specific TLV, length 5
		0x00, 0x12, 0x0f, // OUI 802.3
		0x04,       // subtype: max frame size
		0x05,       // info (truncated on purpose: kept raw)
		0x12, 0x01, // reserved TLV type 9, length 1
		0xff,       // value
		0x00, 0x00, // end TLV
		0x00, 0x00, 0x00, // Ethernet padding, ignored
	},
	want: lldp.LLDPDU{
		ChassisID:         lldp.ChassisID{Subtype: lldp.ChassisMACAddress, ID: lldp.ID{Value: []byte{0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc}, MAC: dissect.MAC{0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc}}},
		PortID:            lldp.PortID{Subtype: lldp.PortInterfaceName, ID: lldp.ID{Value: []byte("Gi1/0/24")}},
		TTL:               120,
		HasChassisID:      true,
		HasPortID:         true,
		HasTTL:            true,
		PortDescription:   "uplink",
		SystemName:        "sw-core-1",
		SystemDescription: "IOS",
		Capabilities:      lldp.SystemCapabilities{Supported: lldp.CapBridge | lldp.CapRouter, Enabled: lldp.CapBridge},
		HasCapabilities:   true,
		ManagementAddresses: []lldp.ManagementAddress{{
			Family: lldp.FamilyIPv4, Raw: []byte{10, 0, 0, 1}, Addr: netip.MustParseAddr("10.0.0.1"),
			IfNumbering: lldp.IfNumberingIfIndex, InterfaceNumber: 7,
		}},
		Org: []lldp.OrgTLV{
			{OUI: lldp.OUI8021, Subtype: 1, Info: []byte{0x00, 0x64}},
			{OUI: lldp.OUI{0x00, 0x12, 0x0f}, Subtype: 4, Info: []byte{0x05}},
		},
		PortVLANID:    100,
		HasPortVLANID: true,
		Unknown:       []lldp.TLV{{Type: 9, Length: 1, Off: 83, Value: []byte{0xff}}},
		End:           true,
	},
	summary: `chassis mac 00:1b:21:aa:bb:cc port ifname "Gi1/0/24" ttl 120s sysname "sw-core-1" pvid 100`,
}, {
	name: "network address chassis, locally assigned port, IPv6 management address with OID",
	b: []byte{
		0x02, 0x06, // chassis ID TLV, length 6
		0x05,                   // subtype: network address
		0x01,                   // family: IPv4
		0xc0, 0x00, 0x02, 0x01, // 192.0.2.1
		0x04, 0x03, // port ID TLV, length 3
		0x07,     // subtype: locally assigned
		'1', '2', // "12"
		0x06, 0x02, // TTL TLV, length 2
		0x00, 0x00, // 0 s: remove
		0x10, 0x1a, // management address TLV, length 26
		0x11,                                           // address string length: family + 16
		0x02,                                           // family: IPv6
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, // 2001:db8::
		0, 0, 0, 0x01, // ...1
		0x03,                   // interface numbering: system port
		0x00, 0x00, 0x00, 0x18, // port 24
		0x02,       // OID length 2
		0x2b, 0x06, // OID 1.3.6
	},
	want: lldp.LLDPDU{
		ChassisID:    lldp.ChassisID{Subtype: lldp.ChassisNetworkAddress, ID: lldp.ID{Value: []byte{1, 192, 0, 2, 1}, Family: lldp.FamilyIPv4, Addr: netip.MustParseAddr("192.0.2.1")}},
		PortID:       lldp.PortID{Subtype: lldp.PortLocallyAssigned, ID: lldp.ID{Value: []byte("12")}},
		HasChassisID: true, HasPortID: true, HasTTL: true,
		ManagementAddresses: []lldp.ManagementAddress{{
			Family: lldp.FamilyIPv6, Raw: netip.MustParseAddr("2001:db8::1").AsSlice(), Addr: netip.MustParseAddr("2001:db8::1"),
			IfNumbering: lldp.IfNumberingSystemPort, InterfaceNumber: 24, OID: []byte{0x2b, 0x06},
		}},
	},
	summary: `chassis addr 192.0.2.1 port local "12" ttl 0s`,
}, {
	name: "MAC port ID, binary chassis component printed as hex, reserved subtypes",
	b: []byte{
		0x02, 0x03, // chassis ID TLV, length 3
		0x01,       // subtype: chassis component
		0x00, 0xff, // not printable
		0x04, 0x07, // port ID TLV, length 7
		0x03,                               // subtype: MAC address
		0x08, 0x00, 0x27, 0x42, 0xba, 0x59, // MAC
		0x06, 0x02, // TTL TLV
		0x00, 0x78, // 120 s
	},
	want: lldp.LLDPDU{
		ChassisID:    lldp.ChassisID{Subtype: lldp.ChassisComponent, ID: lldp.ID{Value: []byte{0x00, 0xff}}},
		PortID:       lldp.PortID{Subtype: lldp.PortMACAddress, ID: lldp.ID{Value: []byte{0x08, 0x00, 0x27, 0x42, 0xba, 0x59}, MAC: dissect.MAC{0x08, 0x00, 0x27, 0x42, 0xba, 0x59}}},
		TTL:          120,
		HasChassisID: true, HasPortID: true, HasTTL: true,
	},
	summary: `chassis chassis-component 0x00ff port mac 08:00:27:42:ba:59 ttl 120s`,
}, {
	name: "malformed: port ID before chassis ID, rest still parsed",
	b: []byte{
		0x04, 0x03, // port ID TLV first: out of order
		0x05, 'e', '0', // interface name "e0"
		0x02, 0x03, // chassis ID TLV
		0x07, 'c', 'x', // locally assigned "cx"
		0x06, 0x02, // TTL TLV
		0x00, 0x0a, // 10 s
		0x0a, 0x01, // system name TLV
		'n',
	},
	want: lldp.LLDPDU{
		ChassisID:    lldp.ChassisID{Subtype: lldp.ChassisLocallyAssigned, ID: lldp.ID{Value: []byte("cx")}},
		PortID:       lldp.PortID{Subtype: lldp.PortInterfaceName, ID: lldp.ID{Value: []byte("e0")}},
		TTL:          10,
		HasChassisID: true, HasPortID: true, HasTTL: true,
		SystemName: "n",
	},
	field:   "tlv order",
	summary: `chassis local "cx" port ifname "e0" ttl 10s sysname "n"`,
}, {
	name: "malformed: zero-length chassis ID TLV",
	b: []byte{
		0x02, 0x00, // chassis ID TLV, length 0: forbidden (2..256)
		0x04, 0x02, // port ID TLV
		0x07, 'p', // locally assigned "p"
		0x06, 0x02, // TTL TLV
		0x00, 0x78, // 120 s
		0x00, 0x00, // end
	},
	want: lldp.LLDPDU{
		PortID:    lldp.PortID{Subtype: lldp.PortLocallyAssigned, ID: lldp.ID{Value: []byte("p")}},
		TTL:       120,
		HasPortID: true, HasTTL: true, End: true,
	},
	field:   "chassis-id",
	summary: `chassis none port local "p" ttl 120s`,
}, {
	name: "truncated: TLV length past the end",
	b: []byte{
		0x02, 0x07, // chassis ID TLV, length 7
		0x04,                               // subtype: MAC
		0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc, // MAC
		0x04, 0x09, // port ID TLV, length 9, but only 3 bytes follow
		0x05, 'G', 'i',
	},
	want: lldp.LLDPDU{
		ChassisID:    lldp.ChassisID{Subtype: lldp.ChassisMACAddress, ID: lldp.ID{Value: []byte{0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc}, MAC: dissect.MAC{0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc}}},
		HasChassisID: true,
	},
	trunc:   true,
	summary: `chassis mac 00:1b:21:aa:bb:cc port none ttl none`,
}, {
	name: "truncated: one byte left for a TLV header",
	b: []byte{
		0x02, 0x02, // chassis ID TLV
		0x07, 'c', // locally assigned "c"
		0x04, // half a TLV header
	},
	want: lldp.LLDPDU{
		ChassisID:    lldp.ChassisID{Subtype: lldp.ChassisLocallyAssigned, ID: lldp.ID{Value: []byte("c")}},
		HasChassisID: true,
	},
	trunc: true,
}, {
	name:  "truncated: empty",
	b:     []byte{},
	trunc: true,
}, {
	name: "malformed: end TLV with non-zero length",
	b: []byte{
		0x02, 0x02, 0x07, 'c', // chassis ID: locally assigned "c"
		0x04, 0x02, 0x07, 'p', // port ID: locally assigned "p"
		0x06, 0x02, 0x00, 0x01, // TTL 1 s
		0x00, 0x02, // end TLV, length 2: must be 0
		0xde, 0xad,
	},
	want: lldp.LLDPDU{
		ChassisID:    lldp.ChassisID{Subtype: lldp.ChassisLocallyAssigned, ID: lldp.ID{Value: []byte("c")}},
		PortID:       lldp.PortID{Subtype: lldp.PortLocallyAssigned, ID: lldp.ID{Value: []byte("p")}},
		TTL:          1,
		HasChassisID: true, HasPortID: true, HasTTL: true, End: true,
	},
	field: "end",
}, {
	name: "malformed: TTL TLV of length 3, value still read",
	b: []byte{
		0x02, 0x02, 0x07, 'c', // chassis ID: locally assigned "c"
		0x04, 0x02, 0x07, 'p', // port ID: locally assigned "p"
		0x06, 0x03, // TTL TLV, length 3: must be 2
		0x00, 0x1e, 0x00, // 30 s + stray byte
	},
	want: lldp.LLDPDU{
		ChassisID:    lldp.ChassisID{Subtype: lldp.ChassisLocallyAssigned, ID: lldp.ID{Value: []byte("c")}},
		PortID:       lldp.PortID{Subtype: lldp.PortLocallyAssigned, ID: lldp.ID{Value: []byte("p")}},
		TTL:          30,
		HasChassisID: true, HasPortID: true, HasTTL: true,
	},
	field: "ttl",
}, {
	name: "malformed: missing TTL",
	b: []byte{
		0x02, 0x02, 0x07, 'c', // chassis ID: locally assigned "c"
		0x04, 0x02, 0x07, 'p', // port ID: locally assigned "p"
	},
	want: lldp.LLDPDU{
		ChassisID:    lldp.ChassisID{Subtype: lldp.ChassisLocallyAssigned, ID: lldp.ID{Value: []byte("c")}},
		PortID:       lldp.PortID{Subtype: lldp.PortLocallyAssigned, ID: lldp.ID{Value: []byte("p")}},
		HasChassisID: true, HasPortID: true,
	},
	field: "tlv order",
}, {
	name: "malformed: duplicate chassis ID after TTL",
	b: []byte{
		0x02, 0x02, 0x07, 'c', // chassis ID: locally assigned "c"
		0x04, 0x02, 0x07, 'p', // port ID: locally assigned "p"
		0x06, 0x02, 0x00, 0x01, // TTL 1 s
		0x02, 0x02, 0x07, 'd', // chassis ID again: not decoded
	},
	want: lldp.LLDPDU{
		ChassisID:    lldp.ChassisID{Subtype: lldp.ChassisLocallyAssigned, ID: lldp.ID{Value: []byte("c")}},
		PortID:       lldp.PortID{Subtype: lldp.PortLocallyAssigned, ID: lldp.ID{Value: []byte("p")}},
		TTL:          1,
		HasChassisID: true, HasPortID: true, HasTTL: true,
	},
	field: "chassis-id",
}, {
	name: "malformed: management address string length 0, capabilities length 2, PVID length 3",
	b: []byte{
		0x02, 0x02, 0x07, 'c', // chassis ID: locally assigned "c"
		0x04, 0x02, 0x07, 'p', // port ID: locally assigned "p"
		0x06, 0x02, 0x00, 0x01, // TTL 1 s
		0x10, 0x09, // management address TLV, length 9
		0x00,                      // address string length 0: want 2..32
		0x01, 0, 0, 0, 0, 0, 0, 0, // rest
		0x0e, 0x02, // system capabilities TLV, length 2: want 4
		0x00, 0x04,
		0xfe, 0x07, // org-specific TLV, length 7
		0x00, 0x80, 0xc2, 0x01, // 802.1 port VLAN ID
		0x00, 0x01, 0x02, // 3 bytes: want 2
	},
	want: lldp.LLDPDU{
		ChassisID:    lldp.ChassisID{Subtype: lldp.ChassisLocallyAssigned, ID: lldp.ID{Value: []byte("c")}},
		PortID:       lldp.PortID{Subtype: lldp.PortLocallyAssigned, ID: lldp.ID{Value: []byte("p")}},
		TTL:          1,
		HasChassisID: true, HasPortID: true, HasTTL: true,
		Org: []lldp.OrgTLV{{OUI: lldp.OUI8021, Subtype: 1, Info: []byte{0, 1, 2}}},
	},
	field: "management address",
}, {
	name: "malformed: management address OID length past the end of the TLV",
	b: []byte{
		0x02, 0x02, 0x07, 'c', // chassis ID: locally assigned "c"
		0x04, 0x02, 0x07, 'p', // port ID: locally assigned "p"
		0x06, 0x02, 0x00, 0x01, // TTL 1 s
		0x10, 0x0d, // management address TLV, length 13
		0x05, 0x01, 10, 0, 0, 1, // IPv4 10.0.0.1
		0x01, 0, 0, 0, 0, // interface numbering unknown, 0
		0x05,       // OID length 5
		0x2b, 0x06, // only 2 bytes
	},
	want: lldp.LLDPDU{
		ChassisID:    lldp.ChassisID{Subtype: lldp.ChassisLocallyAssigned, ID: lldp.ID{Value: []byte("c")}},
		PortID:       lldp.PortID{Subtype: lldp.PortLocallyAssigned, ID: lldp.ID{Value: []byte("p")}},
		TTL:          1,
		HasChassisID: true, HasPortID: true, HasTTL: true,
	},
	field: "management address oid",
}, {
	// The byte pattern of tcpdump's lldp-infinite-loop regressions: a
	// chassis ID TLV whose 9-bit length reaches past the frame.
	name: "truncated: chassis ID length 0x1ff in a short frame",
	b: []byte{
		0x03, 0xff, // chassis ID TLV, length 511
		0x04, 0x00, // 2 bytes
	},
	trunc: true,
}}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := lldp.Parse(tt.b)
			checkErr(t, err, tt.trunc, tt.field)
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

func checkErr(t *testing.T, err error, trunc bool, field string) {
	t.Helper()
	var fe *lldp.FormatError
	switch {
	case trunc:
		if !errors.Is(err, lldp.ErrTruncated) || errors.As(err, &fe) {
			t.Errorf("err = %v, want only ErrTruncated", err)
		}
	case field != "":
		if !errors.As(err, &fe) || fe.Field != field || errors.Is(err, lldp.ErrTruncated) {
			t.Errorf("err = %v, want *FormatError with Field %q", err, field)
		}
	default:
		if err != nil {
			t.Errorf("err = %v, want nil", err)
		}
	}
	if err != nil && !strings.HasPrefix(err.Error(), "lldp: ") {
		t.Errorf("error text %q lacks the lldp: prefix", err)
	}
}

// checkCapped verifies that every byte slice handed out is
// capacity-capped, so appending to it cannot write into the input.
func checkCapped(t testing.TB, d lldp.LLDPDU) {
	t.Helper()
	slices := [][]byte{d.ChassisID.Value, d.PortID.Value}
	for _, m := range d.ManagementAddresses {
		slices = append(slices, m.Raw, m.OID)
	}
	for _, o := range d.Org {
		slices = append(slices, o.Info)
	}
	for _, u := range d.Unknown {
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
		{lldp.TLVType(42).String(), "42"},
		{lldp.TLVOrgSpecific.String(), "org-specific"},
		{lldp.ChassisIDSubtype(0).String(), "0"},
		{lldp.ChassisMACAddress.String(), "mac"},
		{lldp.PortIDSubtype(200).String(), "200"},
		{lldp.PortAgentCircuitID.String(), "circuit-id"},
		{lldp.AddressFamily(16).String(), "16"},
		{lldp.InterfaceNumbering(9).String(), "9"},
		{lldp.Capabilities(0).String(), "none"},
		{(lldp.CapStation | lldp.Capabilities(1<<15)).String(), "station,bit15"},
		{lldp.OUI8021.String(), "00-80-c2"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("String() = %q, want %q", tt.got, tt.want)
		}
	}
}
