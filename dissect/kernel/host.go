package kernel

import (
	"github.com/dropscope/dropscope/dissect"
)

// Handler is one protocol entry the lookup can match: a kernel protocol
// handler registered with dev_add_pack() (ptype_base), or a packet socket
// bound to one protocol.
type Handler struct {
	Type dissect.EtherType // host order, as /proc/net/ptype prints it
	// Dev is the device the entry is bound to; "" matches any device
	// except under exact-match delivery.
	Dev    string
	Func   string // function name as /proc/net/ptype prints it: ip_rcv, packet_rcv
	Module string // module name printed in brackets, "" for built-in code
}

// Tap is an ETH_P_ALL packet socket (tcpdump, dhclient's LPF socket,
// lldpd, dropscope itself): it takes a copy of every frame and, when
// nothing resets it, keeps an unhandled frame from being counted
// (kernel-rx-model.md §3.2).
type Tap struct {
	Dev  string // bound device, "" for an unbound socket (tcpdump -i any)
	Func string // packet_rcv, tpacket_rcv, packet_rcv_spkt, packet_rcv_fanout
}

// VLANDevice is an 802.1Q/802.1ad device on top of the modelled device.
type VLANDevice struct {
	Name string
	TPID dissect.EtherType // 0x8100 or 0x88a8
	VID  uint16
	Up   bool
	MAC  dissect.MAC // zero: the parent's MAC
}

// RxHandler is what rx_handler the modelled device has (kernel-rx-model.md
// §4). Only its effect on the counters is modelled.
type RxHandler uint8

// rx_handler kinds.
const (
	RxHandlerNone  RxHandler = iota // a plain NIC
	RxHandlerPass                   // a handler that returns RX_HANDLER_PASS (bridge port for link-local frames, macvlan lower): taps are reset, lookup on this device
	RxHandlerExact                  // an inactive bonding slave or disabled team port: RX_HANDLER_EXACT, only device-bound entries match
)

// String names the rx_handler kind as the --rx-handler flag takes it.
func (r RxHandler) String() string {
	switch r {
	case RxHandlerNone:
		return "none"
	case RxHandlerPass:
		return "pass"
	case RxHandlerExact:
		return "exact"
	}
	return "rxhandler(" + itoa(int(r)) + ")"
}

// Host is the modelled receiving host and device. It is plain data.
type Host struct {
	Kernel Kernel
	// Device is the name of the device frames arrive on, used to match
	// entries bound to a device. When it is "", entries bound to any
	// device other than a VLANDevice are taken to be bound to it.
	Device string
	// MAC is the device's address; it decides PACKET_HOST versus
	// PACKET_OTHERHOST. Valid iff MACKnown.
	MAC       dissect.MAC
	MACKnown  bool
	Handlers  []Handler
	Taps      []Tap
	VLANs     []VLANDevice
	RxHandler RxHandler
	// Ingress is true when a tc ingress/clsact qdisc (6.x: any; 4.x/5.x: one
	// with a filter) or an nftables netdev ingress hook is on the device:
	// pending taps are served and forgotten before the lookup.
	Ingress bool
}

// DefaultHost is the host of the incident: handlers ip_rcv (0x0800) and
// arp_rcv (0x0806) only, i.e. booted with ipv6.disable=1 and without the
// llc module, no capture sockets, latest kernel rules.
func DefaultHost() Host {
	return Host{
		Kernel: Latest,
		Handlers: []Handler{
			{Type: dissect.EtherTypeIPv4, Func: "ip_rcv"},
			{Type: dissect.EtherTypeARP, Func: "arp_rcv"},
		},
	}
}

// KnownHandler is a kernel protocol handler dropscope knows by EtherType:
// its function, the module that registers it, and what its absence means
// (kernel-rx-model.md §5).
type KnownHandler struct {
	Type    dissect.EtherType
	Func    string
	Module  string
	Absence string // when is it missing
}

// KnownHandlers lists the kernel handlers of kernel-rx-model.md §5 that
// matter for Ethernet.
var KnownHandlers = []KnownHandler{
	{dissect.EtherTypeIPv4, "ip_rcv", "", "never: IPv4 is always built in"},
	{dissect.EtherTypeARP, "arp_rcv", "", "never: ARP is always built in"},
	{dissect.EtherTypeIPv6, "ipv6_rcv", "ipv6", "booted with ipv6.disable=1 (the sysctl disable_ipv6 keeps it), or ipv6 not built"},
	{dissect.ETHP8022, "llc_rcv", "llc", "the llc module is not loaded (it comes with bridge/stp, garp, psnap users)"},
	{dissect.ETHP8023, "ipx_rcv", "ipx", "always on kernels after IPX left mainline (about 4.18)"},
	{dissect.EtherTypeIPX, "ipx_rcv", "ipx", "always on kernels after IPX left mainline (about 4.18)"},
	{dissect.EtherTypePPPoED, "pppoe_disc_rcv", "pppoe", "the pppoe module is not loaded"},
	{dissect.EtherTypePPPoES, "pppoe_rcv", "pppoe", "the pppoe module is not loaded"},
	{dissect.EtherTypeMPLS, "mpls_forward", "mpls_router", "the mpls_router module is not loaded"},
	{dissect.EtherTypeMVRP, "mrp_rcv", "mrp", "8021q with MVRP is not loaded"},
	{dissect.EtherTypeAoE, "aoenet_rcv", "aoe", "the aoe module is not loaded"},
	{dissect.ETHPXDSA, "dsa_switch_rcv", "dsa_core", "the device is not a DSA conduit"},
}

// LookupKnown returns the known kernel handler for t.
func LookupKnown(t dissect.EtherType) (KnownHandler, bool) {
	for _, k := range KnownHandlers {
		if k.Type == t {
			return k, true
		}
	}
	return KnownHandler{}, false
}

// AddHandler adds a handler for t (the known kernel function, else
// "packet_rcv" for a protocol socket) unless one with that type and no
// device exists.
func (h *Host) AddHandler(t dissect.EtherType) {
	for _, x := range h.Handlers {
		if x.Type == t && x.Dev == "" {
			return
		}
	}
	fn, mod := "packet_rcv", ""
	if k, ok := LookupKnown(t); ok {
		fn, mod = k.Func, k.Module
	}
	h.Handlers = append(h.Handlers, Handler{Type: t, Func: fn, Module: mod})
}

// RemoveHandler removes every entry for t.
func (h *Host) RemoveHandler(t dissect.EtherType) {
	out := h.Handlers[:0]
	for _, x := range h.Handlers {
		if x.Type != t {
			out = append(out, x)
		}
	}
	h.Handlers = out
}

// HasHandler reports whether an entry for t bound to no device exists.
func (h *Host) HasHandler(t dissect.EtherType) bool {
	for _, x := range h.Handlers {
		if x.Type == t && x.Dev == "" {
			return true
		}
	}
	return false
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	neg := i < 0
	if neg {
		i = -i
	}
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}
