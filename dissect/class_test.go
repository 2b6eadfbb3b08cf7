package dissect_test

import (
	"testing"

	"github.com/dropscope/dropscope/dissect"
)

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

var (
	dstMAC = []byte{0x01, 0x80, 0xc2, 0x00, 0x00, 0x00}
	srcMAC = []byte{0x50, 0xda, 0x00, 0xef, 0x54, 0x0a}
)

// ipv6 builds a 40-byte IPv6 header with the given next header and
// payload length, followed by the payload.
func ipv6(next byte, payload ...[]byte) []byte {
	p := cat(payload...)
	h := []byte{
		0x60, 0x00, 0x00, 0x00, // version 6, traffic class, flow label
		byte(len(p) >> 8), byte(len(p)), // payload length
		next, 0x01, // next header, hop limit
	}
	h = append(h, make([]byte, 32)...) // source and destination addresses
	return append(h, p...)
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
		want string
	}{
		{"IPv4", cat(dstMAC, srcMAC, []byte{0x08, 0x00}, make([]byte, 46)), "ipv4"},
		{"ARP", cat(dstMAC, srcMAC, []byte{0x08, 0x06}, make([]byte, 46)), "arp"},
		{"DHCPv6 solicit", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, ipv6(17,
			[]byte{0x02, 0x22, 0x02, 0x23}, // UDP ports 546 -> 547
			[]byte{0x00, 0x0c, 0x00, 0x00}, // UDP length, checksum
			[]byte{0x01, 0xaa, 0xbb, 0xcc}, // msg-type SOLICIT, transaction id
		)), "ipv6/dhcpv6-solicit"},
		{"DHCPv6 relay-forw", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, ipv6(17,
			[]byte{0x02, 0x23, 0x02, 0x23}, // UDP ports 547 -> 547
			[]byte{0x00, 0x0c, 0x00, 0x00}, // UDP length, checksum
			[]byte{0x0c, 0x00, 0x00, 0x00}, // msg-type RELAY-FORW
		)), "ipv6/dhcpv6-relay-forw"},
		{"MLDv2 report behind hop-by-hop router alert", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, ipv6(0,
			[]byte{58, 0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00}, // HBH: next ICMPv6, len 0, router alert MLD, PadN
			[]byte{143, 0x00, 0x00, 0x00},                        // ICMPv6 type 143, code, checksum
		)), "ipv6/icmpv6-mld-report"},
		{"MLDv1 report", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, ipv6(58, []byte{131, 0, 0, 0})), "ipv6/icmpv6-mld-report"},
		{"MLD done", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, ipv6(58, []byte{132, 0, 0, 0})), "ipv6/icmpv6-mld-done"},
		{"router solicitation", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, ipv6(58, []byte{133, 0, 0, 0})), "ipv6/icmpv6-router-solicitation"},
		{"router advertisement", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, ipv6(58, []byte{134, 0, 0, 0})), "ipv6/icmpv6-router-advertisement"},
		{"neighbor solicitation", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, ipv6(58, []byte{135, 0, 0, 0})), "ipv6/icmpv6-neighbor-solicitation"},
		{"neighbor advertisement", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, ipv6(58, []byte{136, 0, 0, 0})), "ipv6/icmpv6-neighbor-advertisement"},
		{"echo request", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, ipv6(58, []byte{128, 0, 0, 0})), "ipv6/icmpv6-echo"},
		{"ICMPv6 type 200", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, ipv6(58, []byte{200, 0, 0, 0})), "ipv6/icmpv6-200"},
		{"IPv6 TCP", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, ipv6(6, make([]byte, 20))), "ipv6/tcp"},
		{"IPv6 UDP not DHCPv6", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, ipv6(17, []byte{0x00, 0x35, 0x00, 0x35, 0, 8, 0, 0, 0})), "ipv6/udp"},
		{"IPv6 non-first fragment", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, ipv6(44,
			[]byte{17, 0x00, 0x00, 0x08, 0, 0, 0, 1}, // fragment: next UDP, offset 1 (8 bytes)
		)), "ipv6/fragment"},
		{"IPv6 header cut short", cat(dstMAC, srcMAC, []byte{0x86, 0xdd}, []byte{0x60, 0x00}), "ipv6/malformed"},
		{"802.1D config BPDU", cat(dstMAC, srcMAC, []byte{0x00, 0x26},
			[]byte{0x42, 0x42, 0x03},       // LLC DSAP, SSAP, UI
			[]byte{0x00, 0x00, 0x00, 0x00}, // protocol id, version 0, type config
			make([]byte, 31)), "stp/config"},
		{"TCN BPDU", cat(dstMAC, srcMAC, []byte{0x00, 0x07},
			[]byte{0x42, 0x42, 0x03},       // LLC
			[]byte{0x00, 0x00, 0x00, 0x80}, // protocol id, version 0, type TCN
		), "stp/tcn"},
		{"RST BPDU", cat(dstMAC, srcMAC, []byte{0x00, 0x27},
			[]byte{0x42, 0x42, 0x03},       // LLC
			[]byte{0x00, 0x00, 0x02, 0x02}, // protocol id, version 2, type RST
			make([]byte, 32)), "stp/rstp"},
		{"MST BPDU", cat(dstMAC, srcMAC, []byte{0x00, 0x69},
			[]byte{0x42, 0x42, 0x03},       // LLC
			[]byte{0x00, 0x00, 0x03, 0x02}, // protocol id, version 3, type RST/MST
			make([]byte, 98)), "stp/mstp"},
		{"SPB BPDU", cat(dstMAC, srcMAC, []byte{0x00, 0x69},
			[]byte{0x42, 0x42, 0x03},       // LLC
			[]byte{0x00, 0x00, 0x04, 0x02}, // protocol id, version 4
			make([]byte, 98)), "stp/spb"},
		{"GARP on SAP 42", cat(dstMAC, srcMAC, []byte{0x00, 0x10},
			[]byte{0x42, 0x42, 0x03},       // LLC
			[]byte{0x00, 0x01, 0x01, 0x01}, // protocol id 1 (GARP)
		), "llc/garp"},
		{"BPDU cut after 2 bytes", cat(dstMAC, srcMAC, []byte{0x00, 0x05},
			[]byte{0x42, 0x42, 0x03}, // LLC
			[]byte{0x00, 0x00},       // protocol id only
		), "stp/malformed"},
		{"PVST+", cat([]byte{0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcd}, srcMAC, []byte{0x00, 0x32},
			[]byte{0xaa, 0xaa, 0x03}, // LLC SNAP
			[]byte{0x00, 0x00, 0x0c}, // OUI Cisco
			[]byte{0x01, 0x0b},       // PID PVST+
			make([]byte, 36)), "stp/pvst+"},
		{"CDP", cat(srcMAC, srcMAC, []byte{0x00, 0x20},
			[]byte{0xaa, 0xaa, 0x03}, []byte{0x00, 0x00, 0x0c}, []byte{0x20, 0x00}, // SNAP Cisco/CDP
			make([]byte, 20)), "llc/snap-cdp"},
		{"VTP", cat(srcMAC, srcMAC, []byte{0x00, 0x20},
			[]byte{0xaa, 0xaa, 0x03}, []byte{0x00, 0x00, 0x0c}, []byte{0x20, 0x03}, // SNAP Cisco/VTP
			make([]byte, 20)), "llc/snap-vtp"},
		{"DTP", cat(srcMAC, srcMAC, []byte{0x00, 0x20},
			[]byte{0xaa, 0xaa, 0x03}, []byte{0x00, 0x00, 0x0c}, []byte{0x20, 0x04}, // SNAP Cisco/DTP
			make([]byte, 20)), "llc/snap-dtp"},
		{"SNAP RFC 1042", cat(srcMAC, srcMAC, []byte{0x00, 0x20},
			[]byte{0xaa, 0xaa, 0x03}, []byte{0x00, 0x00, 0x00}, []byte{0x08, 0x00}, // SNAP 000000/0800
			make([]byte, 20)), "llc/snap-000000-0800"},
		{"SNAP cut short", cat(srcMAC, srcMAC, []byte{0x00, 0x05},
			[]byte{0xaa, 0xaa, 0x03}, []byte{0x00, 0x00}), "llc/snap-short"},
		{"NetBIOS LLC", cat(srcMAC, srcMAC, []byte{0x00, 0x20}, []byte{0xf0, 0xf0, 0x03}, make([]byte, 20)), "llc/f0-f0"},
		{"802.3 with 1 payload byte", cat(srcMAC, srcMAC, []byte{0x00, 0x01}, []byte{0xf0}), "llc/short"},
		{"raw 802.3 IPX", cat(srcMAC, srcMAC, []byte{0x00, 0x20}, []byte{0xff, 0xff}, make([]byte, 30)), "ipx/raw-802.3"},
		{"1501 (0x05dd) is 802.2", cat(srcMAC, srcMAC, []byte{0x05, 0xdd}, []byte{0x42, 0x42, 0x00}, make([]byte, 40)), "llc/42-42"},
		{"LLDP", cat(srcMAC, srcMAC, []byte{0x88, 0xcc}, make([]byte, 46)), "lldp"},
		{"LACP", cat(srcMAC, srcMAC, []byte{0x88, 0x09}, []byte{0x01, 0x01}, make([]byte, 44)), "slow/lacp"},
		{"marker", cat(srcMAC, srcMAC, []byte{0x88, 0x09}, []byte{0x02, 0x01}, make([]byte, 44)), "slow/marker"},
		{"OAM", cat(srcMAC, srcMAC, []byte{0x88, 0x09}, []byte{0x03}, make([]byte, 45)), "slow/oam"},
		{"slow subtype 9", cat(srcMAC, srcMAC, []byte{0x88, 0x09}, []byte{0x09}, make([]byte, 45)), "slow/9"},
		{"EAPOL", cat(srcMAC, srcMAC, []byte{0x88, 0x8e}, make([]byte, 46)), "eapol"},
		{"MPLS", cat(srcMAC, srcMAC, []byte{0x88, 0x47}, make([]byte, 46)), "mpls"},
		{"MPLS multicast", cat(srcMAC, srcMAC, []byte{0x88, 0x48}, make([]byte, 46)), "mpls-multicast"},
		{"PPPoE discovery", cat(srcMAC, srcMAC, []byte{0x88, 0x63}, make([]byte, 46)), "pppoe-discovery"},
		{"PAUSE", cat(srcMAC, srcMAC, []byte{0x88, 0x08}, make([]byte, 46)), "mac-control"},
		{"loopback", cat(srcMAC, srcMAC, []byte{0x90, 0x00}, make([]byte, 46)), "loopback"},
		{"local experimental", cat(srcMAC, srcMAC, []byte{0x88, 0xb5}, make([]byte, 46)), "experimental/0x88b5"},
		{"unnamed EtherType", cat(srcMAC, srcMAC, []byte{0x12, 0x34}, make([]byte, 46)), "ethertype/0x1234"},
		{"VLAN-tagged DHCPv6 solicit is classified by its content", cat(dstMAC, srcMAC,
			[]byte{0x81, 0x00, 0x00, 0x05}, // 802.1Q VID 5
			[]byte{0x86, 0xdd}, ipv6(17,
				[]byte{0x02, 0x22, 0x02, 0x23, 0x00, 0x0c, 0x00, 0x00}, // UDP 546 -> 547
				[]byte{0x01, 0x00, 0x00, 0x01})), "ipv6/dhcpv6-solicit"},
		{"QinQ with IPv4 inside", cat(dstMAC, srcMAC,
			[]byte{0x88, 0xa8, 0x00, 0x05}, // 802.1ad VID 5
			[]byte{0x81, 0x00, 0x00, 0x06}, // 802.1Q VID 6
			[]byte{0x08, 0x00}, make([]byte, 20)), "ipv4"},
		{"VLAN tag cut short", cat(dstMAC, srcMAC, []byte{0x81, 0x00, 0x00}), "vlan/truncated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := dissect.ParseEthernet(tt.b)
			if err != nil {
				t.Fatal(err)
			}
			if got := dissect.Classify(e).String(); got != tt.want {
				t.Errorf("class %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProtocol(t *testing.T) {
	tests := []struct {
		name    string
		typeLen uint16
		payload []byte
		want    dissect.EtherType
	}{
		{"EtherType", 0x86dd, nil, 0x86dd},
		{"smallest EtherType", 0x0600, nil, 0x0600},
		{"802.3 length with LLC", 0x0026, []byte{0x42, 0x42}, dissect.ETHP8022},
		{"802.3 length with FF FF", 0x0026, []byte{0xff, 0xff}, dissect.ETHP8023},
		{"1535 with FF FF", 0x05ff, []byte{0xff, 0xff}, dissect.ETHP8023},
		{"1501 without", 0x05dd, []byte{0xff, 0xfe}, dissect.ETHP8022},
		{"one payload byte", 0x0001, []byte{0xff}, dissect.ETHP8022},
		{"no payload", 0x0000, nil, dissect.ETHP8022},
	}
	for _, tt := range tests {
		if got := dissect.Protocol(tt.typeLen, tt.payload); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestPerfProbe(t *testing.T) {
	// Values verified with perf 6.1 on a little-endian host (kernel-rx-model.md §7).
	for et, want := range map[dissect.EtherType]string{
		0x86dd: "0xdd86", 0x0004: "0x400", 0x0800: "0x8", 0x88cc: "0xcc88", 0x0001: "0x100",
		0x0806: "0x608", 0x8100: "0x81", 0x88a8: "0xa888", 0x9000: "0x90", 0x22f0: "0xf022", 0x00f8: "0xf800",
	} {
		if got := et.PerfProbe(); got != want {
			t.Errorf("%v: %s, want %s", et, got, want)
		}
	}
}

func TestMAC(t *testing.T) {
	m, err := dissect.ParseMAC("6c:0B:84:81:b4:d3")
	if err != nil {
		t.Fatal(err)
	}
	if m.String() != "6c:0b:84:81:b4:d3" || m.IsMulticast() || m.IsLocal() {
		t.Errorf("got %v multicast=%v local=%v", m, m.IsMulticast(), m.IsLocal())
	}
	for _, bad := range []string{"", "6c:0b:84:81:b4", "6c:0b:84:81:b4:dz", "6c0b84:81:b4:d3:00"} {
		if _, err := dissect.ParseMAC(bad); err == nil {
			t.Errorf("ParseMAC(%q) accepted", bad)
		}
	}
}

func TestCooked(t *testing.T) {
	sll2 := cat(
		[]byte{0x00, 0x04},             // protocol ETH_P_802_2
		[]byte{0x00, 0x00},             // reserved
		[]byte{0x00, 0x00, 0x00, 0x02}, // ifindex 2
		[]byte{0x00, 0x01},             // ARPHRD_ETHER
		[]byte{0x02},                   // PACKET_MULTICAST
		[]byte{0x06},                   // address length
		srcMAC, []byte{0x00, 0x00},     // address, padded to 8
		[]byte{0x42, 0x42, 0x03, 0x00, 0x00, 0x03, 0x02}, // LLC + MST BPDU start
	)
	c, err := dissect.ParseSLL2(sll2)
	if err != nil {
		t.Fatal(err)
	}
	if c.Protocol != dissect.ETHP8022 || c.PktType != 2 || c.IfIndex != 2 || !c.HasSrc || c.Src.String() != "50:da:00:ef:54:0a" {
		t.Errorf("SLL2 header: %+v", c)
	}
	if got := dissect.ClassifyCooked(c).String(); got != "stp/mstp" {
		t.Errorf("class %s, want stp/mstp", got)
	}
	sll := cat(
		[]byte{0x00, 0x04},         // PACKET_OUTGOING
		[]byte{0x00, 0x01},         // ARPHRD_ETHER
		[]byte{0x00, 0x06},         // address length
		srcMAC, []byte{0x00, 0x00}, // address
		[]byte{0x86, 0xdd}, // protocol
	)
	c, err = dissect.ParseSLL(sll)
	if err != nil || c.PktType != 4 || c.Protocol != dissect.EtherTypeIPv6 {
		t.Errorf("SLL header: %+v, %v", c, err)
	}
	if _, err := dissect.ParseSLL2(sll2[:19]); err == nil {
		t.Error("short SLL2 header accepted")
	}
}
