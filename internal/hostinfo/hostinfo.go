package hostinfo

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
)

// ErrNotLinux is returned on systems other than Linux.
var ErrNotLinux = errors.New("live capture needs Linux")

// ErrDown reports an interface that is administratively down.
var ErrDown = errors.New("interface is down")

// NoInterfaceError reports an interface name that does not exist in this
// network namespace, with the names that do.
type NoInterfaceError struct {
	Name string
	Have []string // sorted
}

func (e *NoInterfaceError) Error() string {
	if len(e.Have) == 0 {
		return fmt.Sprintf("no interface %q (no interfaces found)", e.Name)
	}
	return fmt.Sprintf("no interface %q; interfaces: %s", e.Name, strings.Join(e.Have, ", "))
}

// Info is what was read about the host and one interface.
type Info struct {
	Iface string
	Index int // ifindex in the current network namespace
	// MAC is the interface's address (/sys/class/net/IF/address or
	// IFLA_ADDRESS). Valid iff MACKnown.
	MAC      dissect.MAC
	MACKnown bool
	Up       bool // IFF_UP
	Carrier  bool // IFF_LOWER_UP (or IFF_RUNNING when unknown)

	// Release is `uname -r`; Kernel is what kernel.ParseKernel made of it.
	// Valid iff KernelKnown.
	Release     string
	Kernel      kernel.Kernel
	KernelKnown bool

	// PtypeText is /proc/net/ptype as read; Ptype its parse. Valid iff
	// PtypeKnown.
	PtypeText  string
	Ptype      kernel.Ptype
	PtypeKnown bool

	VLANs []kernel.VLANDevice
	// RxHandler is the modelled rx_handler of the interface and
	// RxHandlerWhat what it is ("bridge port of br0", "" for none).
	RxHandler     kernel.RxHandler
	RxHandlerWhat string
	// Ingress reports an ingress or clsact qdisc on the interface. Valid
	// iff IngressKnown.
	Ingress      bool
	IngressKnown bool

	// Assumptions lists what could not be read or is only approximated,
	// one sentence each.
	Assumptions []string
}

// Host turns the facts into the host model; unknown facts take the
// defaults that Assumptions names.
func (i *Info) Host() kernel.Host {
	h := kernel.Host{Kernel: kernel.Latest, Device: i.Iface, MAC: i.MAC, MACKnown: i.MACKnown,
		VLANs: append([]kernel.VLANDevice(nil), i.VLANs...), RxHandler: i.RxHandler, Ingress: i.Ingress}
	if i.KernelKnown {
		h.Kernel = i.Kernel
	}
	if i.PtypeKnown {
		h.Handlers = append([]kernel.Handler(nil), i.Ptype.Handlers...)
		h.Taps = append([]kernel.Tap(nil), i.Ptype.Taps...)
	} else {
		h.Handlers = StockHandlers()
	}
	return h
}

// StockHandlers is the handler set of a stock distribution kernel with llc
// loaded: ip_rcv, arp_rcv, ipv6_rcv, llc_rcv (kernel-rx-model.md §8).
func StockHandlers() []kernel.Handler {
	var h kernel.Host
	for _, t := range []dissect.EtherType{dissect.EtherTypeIPv4, dissect.ETHP8022, dissect.EtherTypeARP, dissect.EtherTypeIPv6} {
		h.AddHandler(t)
	}
	return h.Handlers
}

func (i *Info) assume(format string, a ...any) {
	i.Assumptions = append(i.Assumptions, fmt.Sprintf(format, a...))
}

// ReadPtype reads and parses proc/net/ptype under procRoot ("/proc").
func ReadPtype(procRoot string) (string, kernel.Ptype, error) {
	b, err := os.ReadFile(filepath.Join(procRoot, "net", "ptype"))
	if err != nil {
		return "", kernel.Ptype{}, fmt.Errorf("hostinfo: %w", err)
	}
	p, err := kernel.ParsePtype(strings.NewReader(string(b)))
	if err != nil {
		return string(b), kernel.Ptype{}, fmt.Errorf("hostinfo: %s/net/ptype: %w", procRoot, err)
	}
	return string(b), p, nil
}

// PtypeNotes says what /proc/net/ptype does not show on kernel k
// (kernel-rx-model.md §6.1 and §3.2), for the report's assumptions.
func PtypeNotes(k kernel.Kernel, iface string) []string {
	var n []string
	vanilla310 := k.Distro == kernel.Upstream && !k.AtLeast(4, 0)
	switch {
	case vanilla310:
		n = append(n, "On this kernel (3.10) capture sockets form one global list: /proc/net/ptype also lists those of other network namespaces, and each of them keeps unhandled frames from being counted here too; they are modelled as taps.")
	case !k.AtLeast(5, 17) || k.Distro == kernel.EL7 || k.Distro == kernel.EL8 || k.Distro == kernel.EL9:
		n = append(n, fmt.Sprintf("This kernel does not list capture sockets bound to one device in /proc/net/ptype (shown from 5.17 on): if tcpdump -i %s or an ISC dhclient (LPF socket) runs on %s, frames without a handler are not counted while it runs, and the model cannot see it.", iface, iface))
	}
	if !vanilla310 {
		n = append(n, fmt.Sprintf("Packet sockets bound to one protocol and one device (an LLDP or EAPOL daemon on %s) are never listed in /proc/net/ptype; such a daemon hides that protocol's drops on %s.", iface, iface))
	}
	if !k.AtLeast(6, 15) && !vanilla310 {
		n = append(n, "Before 6.15 an unbound capture socket in any network namespace (tcpdump -i any in a container) suppresses counting on every device of every namespace; only those visible here are modelled.")
	}
	return n
}

// Counters are an interface's receive-drop counters at one moment.
type Counters struct {
	RxDropped uint64
	// RxNoHandler is valid iff HasNoHandler (absent on vanilla kernels
	// before 4.6).
	RxNoHandler  uint64
	HasNoHandler bool
	// ProcNetDevDrop is the rx "drop" column of /proc/net/dev
	// (rx_dropped + rx_missed_errors). Valid iff HasProcNetDev.
	ProcNetDevDrop uint64
	HasProcNetDev  bool
	// Source names where RxDropped came from: "sysfs" or "netlink".
	Source string
}

// Sub returns c - base, counter by counter (wrapping like the kernel's
// unsigned counters).
func (c Counters) Sub(base Counters) Counters {
	return Counters{RxDropped: c.RxDropped - base.RxDropped, RxNoHandler: c.RxNoHandler - base.RxNoHandler,
		HasNoHandler: c.HasNoHandler && base.HasNoHandler, ProcNetDevDrop: c.ProcNetDevDrop - base.ProcNetDevDrop,
		HasProcNetDev: c.HasProcNetDev && base.HasProcNetDev, Source: c.Source}
}

// ParseProcNetDev returns the rx drop column of iface in the text of
// /proc/net/dev (dev_seq_printf_stats, identical from 3.10 to 6.18:
// "IF: bytes packets errs drop ...").
func ParseProcNetDev(r io.Reader, iface string) (uint64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || strings.TrimSpace(name) != iface {
			continue
		}
		f := strings.Fields(rest)
		if len(f) < 4 {
			return 0, fmt.Errorf("hostinfo: /proc/net/dev: line for %s has %d columns", iface, len(f))
		}
		v, err := strconv.ParseUint(f[3], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("hostinfo: /proc/net/dev: drop column for %s: %w", iface, err)
		}
		return v, nil
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("hostinfo: /proc/net/dev: %w", err)
	}
	return 0, fmt.Errorf("hostinfo: /proc/net/dev: no line for %s", iface)
}

// ParseVLANConfig reads /proc/net/vlan/config (8021q's vlan_seq_show):
//
//	VLAN Dev name	 | VLAN ID
//	Name-Type: VLAN_NAME_TYPE_RAW_PLUS_VID_NO_PAD
//	eth0.5         | 5  | eth0
//
// and returns the VLAN devices whose parent is iface. The file does not
// give the TPID: 802.1Q is assumed.
func ParseVLANConfig(r io.Reader, iface string) ([]kernel.VLANDevice, error) {
	var out []kernel.VLANDevice
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "|")
		if len(f) != 3 {
			continue
		}
		name, vidText, parent := strings.TrimSpace(f[0]), strings.TrimSpace(f[1]), strings.TrimSpace(f[2])
		vid, err := strconv.ParseUint(vidText, 10, 16)
		if err != nil || vid > 4095 {
			continue // the header line
		}
		if parent == iface {
			out = append(out, kernel.VLANDevice{Name: name, TPID: dissect.EtherTypeVLAN, VID: uint16(vid), Up: true})
		}
	}
	return out, sc.Err()
}

// Link is one network device as rtnetlink (RTM_GETLINK) describes it.
type Link struct {
	Index  int
	Name   string
	Flags  uint32 // IFF_*
	MAC    dissect.MAC
	HasMAC bool
	Parent int // IFLA_LINK: the lower device of a vlan or macvlan, 0 if none
	Master int // IFLA_MASTER: the bridge, bond or team, 0 if none
	// Kind is IFLA_INFO_KIND ("vlan", "bridge", "macvlan"...), SlaveKind
	// IFLA_INFO_SLAVE_KIND ("bridge", "bond", "team", "openvswitch").
	Kind, SlaveKind string
	VLANID          uint16
	VLANProto       uint16 // host order; 0 when not given
	// BondSlaveState is IFLA_BOND_SLAVE_STATE: 0 active, 1 backup, -1
	// unknown.
	BondSlaveState int
	// Stats holds IFLA_STATS64 rx_dropped and rx_nohandler. Valid iff
	// HasStats.
	RxDropped, RxNoHandler uint64
	HasStats, HasNoHandler bool
}

// Device flags (include/uapi/linux/if.h).
const (
	iffUp      = 0x1
	iffRunning = 0x40
	iffLowerUp = 0x10000
)

// Topology derives from the device list what the model needs about the
// device with index idx: its VLAN devices, its rx_handler, and notes on
// what is approximated.
func Topology(idx int, links []Link) (vlans []kernel.VLANDevice, rxh kernel.RxHandler, what string, notes []string) {
	byIndex := map[int]*Link{}
	for i := range links {
		byIndex[links[i].Index] = &links[i]
	}
	self := byIndex[idx]
	var uppers []string
	for i := range links {
		l := &links[i]
		if l.Parent != idx || l.Index == idx {
			continue
		}
		switch l.Kind {
		case "vlan":
			tpid := dissect.EtherTypeVLAN
			if l.VLANProto == uint16(dissect.EtherTypeQinQ) {
				tpid = dissect.EtherTypeQinQ
			}
			vlans = append(vlans, kernel.VLANDevice{Name: l.Name, TPID: tpid, VID: l.VLANID, Up: l.Flags&iffUp != 0, MAC: l.MAC})
		case "macvlan", "macvtap", "ipvlan", "ipvtap":
			uppers = append(uppers, l.Kind+" "+l.Name)
		}
	}
	sort.Slice(vlans, func(i, j int) bool { return vlans[i].Name < vlans[j].Name })
	sort.Strings(uppers)
	if self == nil {
		return vlans, kernel.RxHandlerNone, "", nil
	}
	masterName := ""
	if m := byIndex[self.Master]; m != nil {
		masterName = m.Name
	}
	switch self.SlaveKind {
	case "bridge":
		what = "bridge port of " + masterName
		rxh = kernel.RxHandlerPass
		notes = append(notes, fmt.Sprintf("%s is a port of bridge %s: link-local frames (LLDP, LACP, EAPOL to 01:80:c2:00:00:0X) are passed up and counted on %s, as modelled; other frames are taken by the bridge and, if unhandled, counted on %s, which this run does not capture (br_handle_frame, net/bridge/br_input.c).", self.Name, masterName, self.Name, masterName))
	case "bond":
		switch self.BondSlaveState {
		case 1:
			what = "inactive (backup) slave of bond " + masterName
			rxh = kernel.RxHandlerExact
		default:
			what = "active slave of bond " + masterName
			rxh = kernel.RxHandlerPass
			notes = append(notes, fmt.Sprintf("%s is an active slave of %s: frames are handed to %s and counted there, which this run does not capture; they are modelled as if passed on %s.", self.Name, masterName, masterName, self.Name))
		}
	case "team":
		what = "port of team " + masterName
		rxh = kernel.RxHandlerPass
		notes = append(notes, fmt.Sprintf("%s is a team port of %s: enabled ports hand frames to %s (counted there), disabled ones deliver exact-match only; modelled as a pass-through handler.", self.Name, masterName, masterName))
	case "openvswitch":
		what = "Open vSwitch port"
		rxh = kernel.RxHandlerPass
		notes = append(notes, fmt.Sprintf("%s is an Open vSwitch port: OVS consumes every frame, so nothing is counted on %s; the model's verdicts for it are upper bounds.", self.Name, self.Name))
	case "":
		if self.Master != 0 {
			what = "enslaved to " + masterName
			rxh = kernel.RxHandlerPass
			notes = append(notes, fmt.Sprintf("%s has master %s of an unknown kind; modelled as a pass-through rx_handler.", self.Name, masterName))
		}
	default:
		what = self.SlaveKind + " port of " + masterName
		rxh = kernel.RxHandlerPass
		notes = append(notes, fmt.Sprintf("%s is a %s port of %s; modelled as a pass-through rx_handler.", self.Name, self.SlaveKind, masterName))
	}
	if len(uppers) > 0 && rxh == kernel.RxHandlerNone {
		what = "lower device of " + strings.Join(uppers, ", ")
		rxh = kernel.RxHandlerPass
		notes = append(notes, fmt.Sprintf("%s carries %s: unicast frames to their MACs are counted on them, not on %s (not modelled); multicast and other frames stay on %s, as modelled.", self.Name, strings.Join(uppers, ", "), self.Name, self.Name))
	}
	return vlans, rxh, what, notes
}
