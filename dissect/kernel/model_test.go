package kernel_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
)

var (
	hostMAC = []byte{0x02, 0x00, 0x00, 0x00, 0x00, 0x0b}
	peerMAC = []byte{0x02, 0x00, 0x00, 0x00, 0x00, 0x0a}
	otherMC = []byte{0x02, 0x00, 0x00, 0x00, 0x00, 0x99}
	bcast   = []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}
	stpMC   = []byte{0x01, 0x80, 0xc2, 0x00, 0x00, 0x00}
	v6MC    = []byte{0x33, 0x33, 0x00, 0x01, 0x00, 0x02}
)

// frame concatenates byte groups; each group in a test row is one header
// field with a comment.
func frame(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

func zeros(n int) []byte { return make([]byte, n) }

// want is the part of a Verdict a row checks.
type want struct {
	Outcome  kernel.Outcome
	Protocol dissect.EtherType
	PktType  kernel.PktType
	Tags     uint8
	Handler  string
	Tap      bool
	Reason   kernel.Reason
	Device   string
}

func view(v kernel.Verdict) want {
	return want{v.Outcome, v.Protocol, v.PktType, v.Tags, v.Handler, v.Tap, v.Reason, v.Device}
}

// incident is the default host with a known MAC.
func incident() kernel.Host {
	h := kernel.DefaultHost()
	copy(h.MAC[:], hostMAC)
	h.MACKnown = true
	return h
}

func withKernel(rel string) func(*kernel.Host) {
	return func(h *kernel.Host) {
		k, err := kernel.ParseKernel(rel)
		if err != nil {
			panic(err)
		}
		h.Kernel = k
	}
}

func withTap(dev string) func(*kernel.Host) {
	return func(h *kernel.Host) { h.Taps = append(h.Taps, kernel.Tap{Dev: dev, Func: "tpacket_rcv"}) }
}

func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		host []func(*kernel.Host)
		b    []byte
		want want
	}{{
		name: "IPv4 to the host: ip_rcv",
		b: frame(hostMAC, peerMAC,
			[]byte{0x08, 0x00}, // EtherType IPv4
			zeros(46)),
		want: want{Outcome: kernel.Delivered, Protocol: 0x0800, PktType: kernel.PacketHost, Handler: "ip_rcv"},
	}, {
		name: "IPv6 DHCPv6 solicit on the ipv6.disable=1 host: no handler (E11 contrast)",
		b: frame(v6MC, peerMAC,
			[]byte{0x86, 0xdd}, // EtherType IPv6
			zeros(60)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x86dd, PktType: kernel.PacketMulticast, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "unknown EtherType 0x88b5 broadcast (E1b)",
		b: frame(bcast, peerMAC,
			[]byte{0x88, 0xb5}, // local experimental
			zeros(46)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x88b5, PktType: kernel.PacketBroadcast, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "0x88b5 to a foreign unicast MAC still counts (E1c)",
		b: frame(otherMC, peerMAC,
			[]byte{0x88, 0xb5}, // local experimental
			zeros(46)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x88b5, PktType: kernel.PacketOtherHost, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "0x0600 is the first EtherType (E4d)",
		b: frame(hostMAC, peerMAC,
			[]byte{0x06, 0x00}, // type 0x0600
			zeros(46)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x0600, PktType: kernel.PacketHost, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "802.1D BPDU without llc: 802.3 length 0x0069 is ETH_P_802_2 (the incident)",
		b: frame(stpMC, []byte{0x50, 0xda, 0x00, 0xef, 0x54, 0x0a},
			[]byte{0x00, 0x69},       // 802.3 length 105
			[]byte{0x42, 0x42, 0x03}, // LLC DSAP, SSAP, UI
			zeros(43)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x0004, PktType: kernel.PacketMulticast, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "same BPDU with llc loaded: llc_rcv (E3)",
		host: []func(*kernel.Host){func(h *kernel.Host) { h.AddHandler(dissect.ETHP8022) }},
		b: frame(stpMC, peerMAC,
			[]byte{0x00, 0x26},       // 802.3 length 38
			[]byte{0x42, 0x42, 0x03}, // LLC
			zeros(43)),
		want: want{Outcome: kernel.Delivered, Protocol: 0x0004, PktType: kernel.PacketMulticast, Handler: "llc_rcv"},
	}, {
		name: "type/length 0x05dd (neither length nor type) is 802.2 (E4b)",
		host: []func(*kernel.Host){func(h *kernel.Host) { h.AddHandler(dissect.ETHP8022) }},
		b: frame(hostMAC, peerMAC,
			[]byte{0x05, 0xdd}, // 1501
			[]byte{0x42, 0x42}, // not FF FF
			zeros(44)),
		want: want{Outcome: kernel.Delivered, Protocol: 0x0004, PktType: kernel.PacketHost, Handler: "llc_rcv"},
	}, {
		name: "0x05ff followed by FF FF is raw 802.3, counted even with llc (E4f)",
		host: []func(*kernel.Host){func(h *kernel.Host) { h.AddHandler(dissect.ETHP8022) }},
		b: frame(hostMAC, peerMAC,
			[]byte{0x05, 0xff}, // 1535
			[]byte{0xff, 0xff}, // IPX checksum field
			zeros(44)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x0001, PktType: kernel.PacketHost, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "802.3 length 0 with FF FF: raw 802.3 (E4e)",
		b: frame(hostMAC, peerMAC,
			[]byte{0x00, 0x00}, // length 0
			[]byte{0xff, 0xff}, // raw 802.3
			zeros(44)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x0001, PktType: kernel.PacketHost, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "802.3 length with a 1-byte payload: 802.2 (skb_header_pointer fails)",
		b: frame(hostMAC, peerMAC,
			[]byte{0x00, 0x01}, // length 1
			[]byte{0xff}),      // one byte only
		want: want{Outcome: kernel.RxDropped, Protocol: 0x0004, PktType: kernel.PacketHost, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "9100 is not a VLAN TPID: counted with its own value (E7j)",
		b: frame(hostMAC, peerMAC,
			[]byte{0x91, 0x00}, // old QinQ TPID
			[]byte{0x00, 0x05}, // TCI VID 5
			[]byte{0x08, 0x00}, // IPv4
			zeros(42)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x9100, PktType: kernel.PacketHost, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "8100 VID 5 + IPv4, no VLAN device: OTHERHOST, ip_rcv drops it silently (E7a)",
		b: frame(hostMAC, peerMAC,
			[]byte{0x81, 0x00}, // 802.1Q
			[]byte{0x00, 0x05}, // TCI VID 5
			[]byte{0x08, 0x00}, // IPv4
			zeros(42)),
		want: want{Outcome: kernel.Delivered, Protocol: 0x0800, PktType: kernel.PacketOtherHost, Tags: 1, Handler: "ip_rcv"},
	}, {
		name: "8100 VID 5 + 0x88b5 (E7b)",
		b: frame(hostMAC, peerMAC,
			[]byte{0x81, 0x00}, // 802.1Q
			[]byte{0x00, 0x05}, // TCI VID 5
			[]byte{0x88, 0xb5}, // inner type
			zeros(42)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x88b5, PktType: kernel.PacketOtherHost, Tags: 1, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "priority tag VID 0 + IPv4 keeps PACKET_HOST (E7c)",
		b: frame(hostMAC, peerMAC,
			[]byte{0x81, 0x00}, // 802.1Q
			[]byte{0xa0, 0x00}, // TCI PCP 5, VID 0
			[]byte{0x08, 0x00}, // IPv4
			zeros(42)),
		want: want{Outcome: kernel.Delivered, Protocol: 0x0800, PktType: kernel.PacketHost, Tags: 1, Handler: "ip_rcv"},
	}, {
		name: "88a8 VID 5 + 8100 VID 6 + IPv4: the inner tag has no handler (E7e)",
		b: frame(hostMAC, peerMAC,
			[]byte{0x88, 0xa8}, // 802.1ad
			[]byte{0x00, 0x05}, // S-VID 5
			[]byte{0x81, 0x00}, // 802.1Q
			[]byte{0x00, 0x06}, // C-VID 6
			[]byte{0x08, 0x00}, // IPv4
			zeros(38)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x8100, PktType: kernel.PacketOtherHost, Tags: 1, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "8100 VID 0 + 8100 VID 7 + IPv4 on >= 5.2: inner tag stripped, ip_rcv (E7f)",
		b: frame(hostMAC, peerMAC,
			[]byte{0x81, 0x00}, // priority tag
			[]byte{0x00, 0x00}, // VID 0
			[]byte{0x81, 0x00}, // 802.1Q
			[]byte{0x00, 0x07}, // VID 7
			[]byte{0x08, 0x00}, // IPv4
			zeros(38)),
		want: want{Outcome: kernel.Delivered, Protocol: 0x0800, PktType: kernel.PacketOtherHost, Tags: 2, Handler: "ip_rcv"},
	}, {
		name: "same frame on el8: no VLAN-0-inner rule, 0x8100 has no handler",
		host: []func(*kernel.Host){withKernel("4.18.0-240.el8.x86_64")},
		b: frame(hostMAC, peerMAC,
			[]byte{0x81, 0x00}, // priority tag
			[]byte{0x00, 0x00}, // VID 0
			[]byte{0x81, 0x00}, // 802.1Q
			[]byte{0x00, 0x07}, // VID 7
			[]byte{0x08, 0x00}, // IPv4
			zeros(38)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x8100, PktType: kernel.PacketHost, Tags: 1},
	}, {
		name: "22-byte 8100 VID 0 + 8100 VID 7 + 88b5: second untag fails, freed silently (E7k)",
		b: frame(hostMAC, peerMAC,
			[]byte{0x81, 0x00},  // priority tag
			[]byte{0x00, 0x00},  // VID 0
			[]byte{0x81, 0x00},  // 802.1Q
			[]byte{0x00, 0x07},  // VID 7
			[]byte{0x88, 0xb5}), // inner type, no payload
		want: want{Outcome: kernel.Freed, Protocol: 0x8100, PktType: kernel.PacketHost, Tags: 1, Reason: kernel.ReasonNotSpecified},
	}, {
		name: "18-byte 8100 VID 5 + 88b5 on 6.18: untag needs 6 bytes, freed",
		b: frame(hostMAC, peerMAC,
			[]byte{0x81, 0x00},  // 802.1Q
			[]byte{0x00, 0x05},  // VID 5
			[]byte{0x88, 0xb5}), // inner type, no payload
		want: want{Outcome: kernel.Freed, Protocol: 0x8100, PktType: kernel.PacketHost, Reason: kernel.ReasonNotSpecified},
	}, {
		name: "same 18-byte frame on el7: untag needs 4 bytes, counted without a reason",
		host: []func(*kernel.Host){withKernel("3.10.0-514.16.1.el7.x86_64")},
		b: frame(hostMAC, peerMAC,
			[]byte{0x81, 0x00},  // 802.1Q
			[]byte{0x00, 0x05},  // VID 5
			[]byte{0x88, 0xb5}), // inner type, no payload
		want: want{Outcome: kernel.RxDropped, Protocol: 0x88b5, PktType: kernel.PacketOtherHost, Tags: 1},
	}, {
		name: "unbound tap suppresses an untagged drop (E5a)",
		host: []func(*kernel.Host){withTap("")},
		b: frame(hostMAC, peerMAC,
			[]byte{0x88, 0xb5}, // local experimental
			zeros(46)),
		want: want{Outcome: kernel.Delivered, Protocol: 0x88b5, PktType: kernel.PacketHost, Handler: "tpacket_rcv", Tap: true},
	}, {
		name: "tap bound to the device suppresses (E5b)",
		host: []func(*kernel.Host){func(h *kernel.Host) { h.Device = "vb" }, withTap("vb")},
		b: frame(hostMAC, peerMAC,
			[]byte{0x88, 0xb5}, // local experimental
			zeros(46)),
		want: want{Outcome: kernel.Delivered, Protocol: 0x88b5, PktType: kernel.PacketHost, Handler: "tpacket_rcv", Tap: true, Device: "vb"},
	}, {
		name: "tap bound to another device does not (E5c)",
		host: []func(*kernel.Host){func(h *kernel.Host) { h.Device = "vb" }, withTap("lo")},
		b: frame(hostMAC, peerMAC,
			[]byte{0x88, 0xb5}, // local experimental
			zeros(46)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x88b5, PktType: kernel.PacketHost, Reason: kernel.ReasonUnhandledProto, Device: "vb"},
	}, {
		name: "a VLAN tag resets the tap: counted (E8a)",
		host: []func(*kernel.Host){withTap("")},
		b: frame(hostMAC, peerMAC,
			[]byte{0x81, 0x00}, // 802.1Q
			[]byte{0x00, 0x05}, // VID 5
			[]byte{0x88, 0xb5}, // inner type
			zeros(42)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x88b5, PktType: kernel.PacketOtherHost, Tags: 1, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "tc ingress resets the tap: counted (E14a)",
		host: []func(*kernel.Host){withTap(""), func(h *kernel.Host) { h.Ingress = true }},
		b: frame(hostMAC, peerMAC,
			[]byte{0x88, 0xb5}, // local experimental
			zeros(46)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x88b5, PktType: kernel.PacketHost, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "a protocol socket for 0x88b5 is a handler (E6a)",
		host: []func(*kernel.Host){func(h *kernel.Host) {
			h.Handlers = append(h.Handlers, kernel.Handler{Type: 0x88b5, Func: "packet_rcv"})
		}},
		b: frame(hostMAC, peerMAC,
			[]byte{0x88, 0xb5}, // local experimental
			zeros(46)),
		want: want{Outcome: kernel.Delivered, Protocol: 0x88b5, PktType: kernel.PacketHost, Handler: "packet_rcv"},
	}, {
		name: "exact delivery (inactive bond slave) counts in rx_nohandler",
		host: []func(*kernel.Host){func(h *kernel.Host) { h.RxHandler = kernel.RxHandlerExact }},
		b: frame(hostMAC, peerMAC,
			[]byte{0x08, 0x00}, // IPv4: ptype_base is skipped under exact delivery
			zeros(46)),
		want: want{Outcome: kernel.RxNoHandler, Protocol: 0x0800, PktType: kernel.PacketHost, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "exact delivery on vanilla 3.10: rx_dropped (no rx_nohandler)",
		host: []func(*kernel.Host){withKernel("3.10"), func(h *kernel.Host) { h.RxHandler = kernel.RxHandlerExact }},
		b: frame(hostMAC, peerMAC,
			[]byte{0x08, 0x00}, // IPv4
			zeros(46)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x0800, PktType: kernel.PacketHost},
	}, {
		name: "exact delivery exempts link-local destinations on 6.18: normal lookup",
		host: []func(*kernel.Host){func(h *kernel.Host) { h.RxHandler = kernel.RxHandlerExact }},
		b: frame([]byte{0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e}, peerMAC,
			[]byte{0x88, 0xcc}, // LLDP
			zeros(46)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x88cc, PktType: kernel.PacketMulticast, Reason: kernel.ReasonUnhandledProto},
	}, {
		name: "VLAN device for VID 5: the drop is charged to it",
		host: []func(*kernel.Host){func(h *kernel.Host) {
			h.Device = "em1"
			h.VLANs = []kernel.VLANDevice{{Name: "em1.5", TPID: 0x8100, VID: 5, Up: true}}
		}},
		b: frame(hostMAC, peerMAC,
			[]byte{0x81, 0x00}, // 802.1Q
			[]byte{0x00, 0x05}, // VID 5
			[]byte{0x88, 0xb5}, // inner type
			zeros(42)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x88b5, PktType: kernel.PacketHost, Tags: 1, Reason: kernel.ReasonUnhandledProto, Device: "em1.5"},
	}, {
		name: "VLAN device down: freed silently",
		host: []func(*kernel.Host){func(h *kernel.Host) {
			h.Device = "em1"
			h.VLANs = []kernel.VLANDevice{{Name: "em1.5", TPID: 0x8100, VID: 5}}
		}},
		b: frame(hostMAC, peerMAC,
			[]byte{0x81, 0x00}, // 802.1Q
			[]byte{0x00, 0x05}, // VID 5
			[]byte{0x08, 0x00}, // IPv4
			zeros(42)),
		want: want{Outcome: kernel.Freed, Protocol: 0x0800, PktType: kernel.PacketHost, Tags: 1, Reason: kernel.ReasonNotSpecified, Device: "em1"},
	}, {
		name: "a tap on the VLAN device suppresses the drop there",
		host: []func(*kernel.Host){func(h *kernel.Host) {
			h.Device = "em1"
			h.VLANs = []kernel.VLANDevice{{Name: "em1.5", TPID: 0x8100, VID: 5, Up: true}}
		}, withTap("em1.5")},
		b: frame(hostMAC, peerMAC,
			[]byte{0x81, 0x00}, // 802.1Q
			[]byte{0x00, 0x05}, // VID 5
			[]byte{0x88, 0xb5}, // inner type
			zeros(42)),
		want: want{Outcome: kernel.Delivered, Protocol: 0x88b5, PktType: kernel.PacketHost, Tags: 1, Handler: "tpacket_rcv", Tap: true, Device: "em1.5"},
	}, {
		name: "5.18 names the reason PTYPE_ABSENT",
		host: []func(*kernel.Host){withKernel("5.18")},
		b: frame(hostMAC, peerMAC,
			[]byte{0x88, 0xcc}, // LLDP
			zeros(46)),
		want: want{Outcome: kernel.RxDropped, Protocol: 0x88cc, PktType: kernel.PacketHost, Reason: kernel.ReasonPtypeAbsent},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := incident()
			for _, f := range tt.host {
				f(&h)
			}
			eth, err := dissect.ParseEthernet(tt.b)
			if err != nil {
				t.Fatal(err)
			}
			got := view(kernel.Classify(&h, kernel.Input{Eth: eth, WireLen: len(tt.b)}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("verdict (-want +got):\n%s", diff)
			}
		})
	}
}

func TestClassifyCooked(t *testing.T) {
	h := incident()
	tests := []struct {
		name    string
		proto   dissect.EtherType
		pkt     kernel.PktType
		payload []byte
		want    want
	}{
		{"SLL2 LLC frame: protocol 0x0004 as recorded", 0x0004, kernel.PacketMulticast, frame([]byte{0x42, 0x42, 0x03}, zeros(40)),
			want{Outcome: kernel.RxDropped, Protocol: 0x0004, PktType: kernel.PacketMulticast, Reason: kernel.ReasonUnhandledProto}},
		{"SLL2 IPv4 to the host", 0x0800, kernel.PacketHost, zeros(40),
			want{Outcome: kernel.Delivered, Protocol: 0x0800, PktType: kernel.PacketHost, Handler: "ip_rcv"}},
		{"SLL2 re-inserted VLAN tag", 0x8100, kernel.PacketHost, frame([]byte{0x00, 0x05, 0x86, 0xdd}, zeros(40)),
			want{Outcome: kernel.RxDropped, Protocol: 0x86dd, PktType: kernel.PacketOtherHost, Tags: 1, Reason: kernel.ReasonUnhandledProto}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := view(kernel.Classify(&h, kernel.Input{Cooked: true, Protocol: tt.proto, PktType: tt.pkt, Payload: tt.payload, WireLen: len(tt.payload) + 14}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("verdict (-want +got):\n%s", diff)
			}
		})
	}
}

// TestClassifyAllocs guards the hot path: no allocation per frame.
func TestClassifyAllocs(t *testing.T) {
	h := incident()
	h.Taps = []kernel.Tap{{Func: "packet_rcv"}}
	b := frame(hostMAC, peerMAC, []byte{0x81, 0x00, 0x00, 0x05, 0x86, 0xdd}, zeros(60))
	allocs := testing.AllocsPerRun(1000, func() {
		eth, _ := dissect.ParseEthernet(b)
		_ = kernel.Classify(&h, kernel.Input{Eth: eth, WireLen: len(b)})
		_ = dissect.Classify(eth)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per frame, want 0", allocs)
	}
}
