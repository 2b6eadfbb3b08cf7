package hostinfo_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/hostinfo"
)

// procWith writes text as DIR/net/ptype and returns DIR.
func procWith(t *testing.T, file, text string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "net"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "net", file), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestReadPtype(t *testing.T) {
	tests := []struct {
		name     string
		kernel   string
		text     string
		want     kernel.Ptype
		noteHas  []string
		noteLack []string
	}{{
		name:   "3.10 vanilla: one global tap list (%pf), llc as a module",
		kernel: "3.10.105",
		text: "Type Device      Function\n" +
			"ALL  eth0     packet_rcv\n" + // dhclient bound to eth0, listed on 3.10
			"ALL           tpacket_rcv\n" + // tcpdump -i any, possibly in another netns
			"0800          ip_rcv\n" +
			"0011          llc_rcv [llc]\n" + // ETH_P_TR_802_2, removed about 6.8
			"0004          llc_rcv [llc]\n" +
			"0806          arp_rcv\n",
		want: kernel.Ptype{
			Taps: []kernel.Tap{{Dev: "eth0", Func: "packet_rcv"}, {Func: "tpacket_rcv"}},
			Handlers: []kernel.Handler{
				{Type: dissect.EtherTypeIPv4, Func: "ip_rcv"},
				{Type: dissect.ETHPTR8022, Func: "llc_rcv", Module: "llc"},
				{Type: dissect.ETHP8022, Func: "llc_rcv", Module: "llc"},
				{Type: dissect.EtherTypeARP, Func: "arp_rcv"},
			},
		},
		noteHas:  []string{"one global list"},
		noteLack: []string{"never listed"},
	}, {
		name:   "el7: device-bound sockets hidden, ipv6.disable=1 (no 86dd)",
		kernel: "3.10.0-1160.el7.x86_64",
		text: "Type Device      Function\n" +
			"0800          ip_rcv\n" +
			"0806          arp_rcv\n",
		want: kernel.Ptype{Handlers: []kernel.Handler{
			{Type: dissect.EtherTypeIPv4, Func: "ip_rcv"},
			{Type: dissect.EtherTypeARP, Func: "arp_rcv"},
		}},
		noteHas: []string{"does not list capture sockets bound to one device", "never listed", "Before 6.15"},
	}, {
		name:   "5.14: unbound tap only, device-bound ones hidden",
		kernel: "5.14.0",
		text: "Type Device      Function\n" +
			"ALL           packet_rcv\n" +
			"0800          ip_rcv\n" +
			"0004          llc_rcv [llc]\n" +
			"0806          arp_rcv\n" +
			"86dd          ipv6_rcv\n",
		want: kernel.Ptype{
			Taps: []kernel.Tap{{Func: "packet_rcv"}},
			Handlers: []kernel.Handler{
				{Type: dissect.EtherTypeIPv4, Func: "ip_rcv"},
				{Type: dissect.ETHP8022, Func: "llc_rcv", Module: "llc"},
				{Type: dissect.EtherTypeARP, Func: "arp_rcv"},
				{Type: dissect.EtherTypeIPv6, Func: "ipv6_rcv"},
			},
		},
		noteHas: []string{"does not list capture sockets bound to one device", "Before 6.15"},
	}, {
		name:   "6.18: ALL vb packet_rcv, per-netns protocol socket, llc built in",
		kernel: "6.18.44-fc-v657",
		text: "Type Device      Function\n" +
			"ALL  vb       packet_rcv\n" +
			"ALL           packet_rcv\n" +
			"88b5          packet_rcv\n" +
			"0800          ip_rcv\n" +
			"0004          llc_rcv\n" +
			"0806          arp_rcv\n" +
			"86dd          ipv6_rcv\n",
		want: kernel.Ptype{
			Taps: []kernel.Tap{{Dev: "vb", Func: "packet_rcv"}, {Func: "packet_rcv"}},
			Handlers: []kernel.Handler{
				{Type: dissect.EtherTypeLocal1, Func: "packet_rcv"},
				{Type: dissect.EtherTypeIPv4, Func: "ip_rcv"},
				{Type: dissect.ETHP8022, Func: "llc_rcv"},
				{Type: dissect.EtherTypeARP, Func: "arp_rcv"},
				{Type: dissect.EtherTypeIPv6, Func: "ipv6_rcv"},
			},
		},
		noteHas:  []string{"never listed"},
		noteLack: []string{"Before 6.15", "does not list capture sockets bound"},
	}, {
		name:   "device name longer than 8 columns shifts the function",
		kernel: "6.1.0-56-amd64",
		text: "Type Device      Function\n" +
			"ALL  enp0s31f6 tpacket_rcv\n" +
			"8864          pppoe_rcv [pppoe]\n",
		want: kernel.Ptype{
			Taps:     []kernel.Tap{{Dev: "enp0s31f6", Func: "tpacket_rcv"}},
			Handlers: []kernel.Handler{{Type: dissect.EtherTypePPPoES, Func: "pppoe_rcv", Module: "pppoe"}},
		},
		noteHas: []string{"Before 6.15"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, got, err := hostinfo.ReadPtype(procWith(t, "ptype", tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if text != tt.text {
				t.Errorf("text not kept verbatim")
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("ReadPtype (-want +got):\n%s", d)
			}
			k, err := kernel.ParseKernel(tt.kernel)
			if err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(hostinfo.PtypeNotes(k, "em1"), "\n")
			for _, s := range tt.noteHas {
				if !strings.Contains(notes, s) {
					t.Errorf("notes lack %q:\n%s", s, notes)
				}
			}
			for _, s := range tt.noteLack {
				if strings.Contains(notes, s) {
					t.Errorf("notes should not say %q:\n%s", s, notes)
				}
			}
		})
	}
}

func TestReadPtypeErrors(t *testing.T) {
	if _, _, err := hostinfo.ReadPtype(t.TempDir()); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v, want ErrNotExist", err)
	}
	_, _, err := hostinfo.ReadPtype(procWith(t, "ptype", "Type Device      Function\n"))
	if !errors.Is(err, kernel.ErrNotPtype) {
		t.Errorf("header only: err = %v, want ErrNotPtype", err)
	}
}

func TestParseProcNetDev(t *testing.T) {
	const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    1234      12    0    0    0     0          0         0     1234      12    0    0    0     0       0          0
    vb:    6000     100    0   42    0     0          0         0        0       0    0    0    0     0       0          0
enp0s31f6:1 2 3 7 0 0 0 0 0 0 0 0 0 0 0 0
`
	for iface, want := range map[string]uint64{"lo": 0, "vb": 42, "enp0s31f6": 7} {
		got, err := hostinfo.ParseProcNetDev(strings.NewReader(text), iface)
		if err != nil || got != want {
			t.Errorf("%s: got %d, %v; want %d", iface, got, err, want)
		}
	}
	if _, err := hostinfo.ParseProcNetDev(strings.NewReader(text), "eth9"); err == nil {
		t.Error("eth9: no error")
	}
}

func TestParseVLANConfig(t *testing.T) {
	const text = "VLAN Dev name\t | VLAN ID\nName-Type: VLAN_NAME_TYPE_RAW_PLUS_VID_NO_PAD\n" +
		"em1.5          | 5  | em1\nem1.100        | 100  | em1\neth2.7         | 7  | eth2\n"
	got, err := hostinfo.ParseVLANConfig(strings.NewReader(text), "em1")
	if err != nil {
		t.Fatal(err)
	}
	want := []kernel.VLANDevice{
		{Name: "em1.5", TPID: dissect.EtherTypeVLAN, VID: 5, Up: true},
		{Name: "em1.100", TPID: dissect.EtherTypeVLAN, VID: 100, Up: true},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestTopology(t *testing.T) {
	mac := dissect.MAC{2, 0, 0, 0, 0, 0x55}
	links := []hostinfo.Link{
		{Index: 1, Name: "lo", Flags: 1},
		{Index: 2, Name: "em1", Flags: 1, Master: 10, SlaveKind: "bridge"},
		{Index: 3, Name: "em1.5", Flags: 1, Parent: 2, Kind: "vlan", VLANID: 5, VLANProto: 0x8100, MAC: mac},
		{Index: 4, Name: "em1.ad7", Flags: 0, Parent: 2, Kind: "vlan", VLANID: 7, VLANProto: 0x88a8},
		{Index: 5, Name: "em2", Flags: 1, Master: 11, SlaveKind: "bond", BondSlaveState: 1},
		{Index: 6, Name: "em3", Flags: 1, Master: 11, SlaveKind: "bond", BondSlaveState: 0},
		{Index: 7, Name: "em4", Flags: 1},
		{Index: 8, Name: "mv0", Flags: 1, Parent: 7, Kind: "macvlan"},
		{Index: 9, Name: "em5", Flags: 1},
		{Index: 10, Name: "br0", Flags: 1, Kind: "bridge"},
		{Index: 11, Name: "bond0", Flags: 1, Kind: "bond"},
	}
	tests := []struct {
		idx   int
		vlans []kernel.VLANDevice
		rxh   kernel.RxHandler
		what  string
	}{
		{2, []kernel.VLANDevice{
			{Name: "em1.5", TPID: dissect.EtherTypeVLAN, VID: 5, Up: true, MAC: mac},
			{Name: "em1.ad7", TPID: dissect.EtherTypeQinQ, VID: 7, Up: false},
		}, kernel.RxHandlerPass, "bridge port of br0"},
		{5, nil, kernel.RxHandlerExact, "inactive (backup) slave of bond bond0"},
		{6, nil, kernel.RxHandlerPass, "active slave of bond bond0"},
		{7, nil, kernel.RxHandlerPass, "lower device of macvlan mv0"},
		{9, nil, kernel.RxHandlerNone, ""},
	}
	for _, tt := range tests {
		vlans, rxh, what, _ := hostinfo.Topology(tt.idx, links)
		if d := cmp.Diff(tt.vlans, vlans); d != "" {
			t.Errorf("%d: vlans (-want +got):\n%s", tt.idx, d)
		}
		if rxh != tt.rxh || what != tt.what {
			t.Errorf("%d: rx_handler %v %q, want %v %q", tt.idx, rxh, what, tt.rxh, tt.what)
		}
	}
}

func TestInfoHostDefaults(t *testing.T) {
	var i hostinfo.Info
	i.Iface = "em1"
	h := i.Host()
	if h.Kernel != kernel.Latest || h.Device != "em1" || h.MACKnown {
		t.Errorf("defaults: %+v", h)
	}
	for _, et := range []dissect.EtherType{dissect.EtherTypeIPv4, dissect.EtherTypeARP, dissect.EtherTypeIPv6, dissect.ETHP8022} {
		if !h.HasHandler(et) {
			t.Errorf("stock host lacks %s", et)
		}
	}
}
