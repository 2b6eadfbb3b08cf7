//go:build linux

package hostinfo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
)

// Reader reads the system below roots that tests can replace.
type Reader struct {
	Proc string // "/proc"
	Sys  string // "/sys"
	// Uname returns the kernel release (`uname -r`).
	Uname func() (string, error)
	// Links lists the network devices (rtnetlink RTM_GETLINK).
	Links func() ([]Link, error)
	// Ingress reports whether the device has an ingress or clsact qdisc.
	Ingress func(ifindex int, name string) (bool, error)
}

// System reads the running system.
func System() Reader {
	return Reader{Proc: "/proc", Sys: "/sys", Uname: uname, Links: netlinkLinks, Ingress: ingressQdisc}
}

// Read reads the running system for iface.
func Read(iface string) (Info, error) { return System().Read(iface) }

// Interfaces lists the network devices of this namespace, sorted.
func Interfaces() ([]string, error) { return System().Interfaces() }

// Counters reads iface's drop counters on the running system.
func ReadCounters(iface string) (Counters, error) { return System().Counters(iface) }

func uname() (string, error) {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "", err
	}
	return unix.ByteSliceToString(u.Release[:]), nil
}

// Interfaces lists the network devices, from rtnetlink, else from
// /proc/net/dev.
func (r Reader) Interfaces() ([]string, error) {
	var names []string
	if links, err := r.Links(); err == nil {
		for _, l := range links {
			names = append(names, l.Name)
		}
	} else {
		b, err2 := os.ReadFile(filepath.Join(r.Proc, "net", "dev"))
		if err2 != nil {
			return nil, fmt.Errorf("hostinfo: listing interfaces: %v; %w", err, err2)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if name, _, ok := strings.Cut(line, ":"); ok && !strings.Contains(name, "|") {
				names = append(names, strings.TrimSpace(name))
			}
		}
	}
	sort.Strings(names)
	return names, nil
}

// Read gathers everything about the host and iface. It fails only when
// iface does not exist (*NoInterfaceError) or is down (ErrDown); any other
// fact that cannot be read becomes an assumption. /proc/net/ptype is read
// first, so call Read before opening a capture socket.
func (r Reader) Read(iface string) (Info, error) {
	info := Info{Iface: iface}
	// The handler table first: nothing dropscope opens may appear in it.
	if text, p, err := ReadPtype(r.Proc); err == nil {
		info.PtypeText, info.Ptype, info.PtypeKnown = text, p, true
	} else {
		info.assume("The handler table could not be read (%v): a stock host is assumed (0800 ip_rcv, 0806 arp_rcv, 86dd ipv6_rcv, 0004 llc_rcv), with no capture sockets.", err)
	}
	if rel, err := r.Uname(); err == nil {
		info.Release = rel
		if k, err := kernel.ParseKernel(rel); err == nil {
			info.Kernel, info.KernelKnown = k, true
		} else {
			info.assume("The kernel release %q was not understood: the rules of %s are assumed.", rel, kernel.Latest)
		}
	} else {
		info.assume("The kernel release could not be read (%v): the rules of %s are assumed.", err, kernel.Latest)
	}

	links, lerr := r.Links()
	var self *Link
	if lerr == nil {
		for i := range links {
			if links[i].Name == iface {
				self = &links[i]
			}
		}
		if self == nil {
			have := make([]string, 0, len(links))
			for _, l := range links {
				have = append(have, l.Name)
			}
			sort.Strings(have)
			return info, &NoInterfaceError{Name: iface, Have: have}
		}
		info.Index = self.Index
		info.Up = self.Flags&iffUp != 0
		info.Carrier = self.Flags&iffLowerUp != 0
		if self.HasMAC {
			info.MAC, info.MACKnown = self.MAC, true
		}
	} else {
		// No rtnetlink: fall back to sysfs alone.
		dir := filepath.Join(r.Sys, "class", "net", iface)
		if _, err := os.Stat(dir); err != nil {
			have, _ := r.Interfaces()
			return info, &NoInterfaceError{Name: iface, Have: have}
		}
		if v, err := readUint(filepath.Join(dir, "flags"), 0); err == nil {
			info.Up, info.Carrier = v&iffUp != 0, v&iffRunning != 0
		} else {
			info.Up, info.Carrier = true, true
		}
		if v, err := readUint(filepath.Join(dir, "ifindex"), 10); err == nil {
			info.Index = int(v)
		}
		info.assume("rtnetlink could not be read (%v): the interface was read from sysfs only.", lerr)
	}
	if !info.Up {
		return info, fmt.Errorf("%s: %w (ip link set %s up)", iface, ErrDown, iface)
	}
	sysOK := r.sysfsMatches(iface, info.Index)
	if !sysOK {
		info.assume("/sys/class/net/%s does not belong to this network namespace (sysfs was mounted in another one); netlink was used instead.", iface)
	}
	// MAC: sysfs when it belongs to this namespace, else netlink.
	if sysOK {
		if b, err := os.ReadFile(filepath.Join(r.Sys, "class", "net", iface, "address")); err == nil {
			if m, err := dissect.ParseMAC(strings.TrimSpace(string(b))); err == nil {
				info.MAC, info.MACKnown = m, true
			}
		}
	}
	if !info.MACKnown {
		info.assume("The MAC of %s could not be read: unicast frames get pkt_type unknown, and outgoing frames cannot be told by source address.", iface)
	}

	// VLAN devices, rx_handler.
	if lerr == nil {
		var notes []string
		info.VLANs, info.RxHandler, info.RxHandlerWhat, notes = Topology(info.Index, links)
		info.Assumptions = append(info.Assumptions, notes...)
	} else {
		r.sysfsTopology(&info)
	}

	// tc ingress.
	if ing, err := r.Ingress(info.Index, iface); err == nil {
		info.Ingress, info.IngressKnown = ing, true
	} else {
		info.assume("Whether %s has a tc ingress/clsact qdisc could not be read (%v): none is assumed. With one, untagged unhandled frames keep counting during the capture.", iface, err)
	}
	if info.Ingress && info.KernelKnown && !info.Kernel.AtLeast(6, 6) {
		info.assume("%s has an ingress/clsact qdisc. Before about 6.6 it resets capture sockets only when a filter is attached; one is assumed.", iface)
	}
	if info.PtypeKnown {
		k := kernel.Latest
		if info.KernelKnown {
			k = info.Kernel
		}
		info.Assumptions = append(info.Assumptions, PtypeNotes(k, iface)...)
	}
	return info, nil
}

// sysfsMatches reports whether /sys/class/net/iface is the device with
// ifindex idx (false when sysfs belongs to another network namespace).
func (r Reader) sysfsMatches(iface string, idx int) bool {
	v, err := readUint(filepath.Join(r.Sys, "class", "net", iface, "ifindex"), 10)
	return err == nil && (idx == 0 || int(v) == idx)
}

// sysfsTopology reads VLAN devices and masters without rtnetlink:
// /proc/net/vlan/config, /sys/class/net/IF/{master,brport,bonding_slave}
// and upper_* links.
func (r Reader) sysfsTopology(info *Info) {
	iface := info.Iface
	if f, err := os.Open(filepath.Join(r.Proc, "net", "vlan", "config")); err == nil {
		v, err := ParseVLANConfig(f, iface)
		f.Close()
		if err == nil {
			info.VLANs = v
			if len(v) > 0 {
				info.assume("VLAN devices were read from /proc/net/vlan/config, which gives no TPID: 802.1Q is assumed for them.")
			}
		}
	}
	dir := filepath.Join(r.Sys, "class", "net", iface)
	master := ""
	if t, err := os.Readlink(filepath.Join(dir, "master")); err == nil {
		master = filepath.Base(t)
	}
	switch {
	case exists(filepath.Join(dir, "brport")):
		info.RxHandler, info.RxHandlerWhat = kernel.RxHandlerPass, "bridge port of "+master
	case exists(filepath.Join(dir, "bonding_slave")):
		b, _ := os.ReadFile(filepath.Join(dir, "bonding_slave", "state"))
		if strings.TrimSpace(string(b)) == "backup" {
			info.RxHandler, info.RxHandlerWhat = kernel.RxHandlerExact, "inactive (backup) slave of bond "+master
		} else {
			info.RxHandler, info.RxHandlerWhat = kernel.RxHandlerPass, "active slave of bond "+master
		}
	case master != "":
		info.RxHandler, info.RxHandlerWhat = kernel.RxHandlerPass, "enslaved to "+master
	default:
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), "upper_") {
				info.RxHandler, info.RxHandlerWhat = kernel.RxHandlerPass, "lower device of "+strings.TrimPrefix(e.Name(), "upper_")
				break
			}
		}
	}
	info.assume("Masters and upper devices of %s were read from sysfs: the kind of an upper device is not known there, so any upper device is modelled as a pass-through rx_handler.", iface)
}

// Counters reads rx_dropped and rx_nohandler from
// /sys/class/net/IF/statistics (netlink IFLA_STATS64 when sysfs belongs to
// another namespace) and the drop column of /proc/net/dev.
func (r Reader) Counters(iface string) (Counters, error) {
	var c Counters
	var idx int
	var nl *Link
	if links, err := r.Links(); err == nil {
		for i := range links {
			if links[i].Name == iface {
				nl, idx = &links[i], links[i].Index
			}
		}
	}
	st := filepath.Join(r.Sys, "class", "net", iface, "statistics")
	if r.sysfsMatches(iface, idx) {
		v, err := readUint(filepath.Join(st, "rx_dropped"), 10)
		if err == nil {
			c.RxDropped, c.Source = v, "sysfs"
			if v, err := readUint(filepath.Join(st, "rx_nohandler"), 10); err == nil {
				c.RxNoHandler, c.HasNoHandler = v, true
			}
		}
	}
	if c.Source == "" {
		if nl == nil || !nl.HasStats {
			return c, fmt.Errorf("hostinfo: %s: no rx_dropped counter in sysfs or rtnetlink", iface)
		}
		c.RxDropped, c.RxNoHandler, c.HasNoHandler, c.Source = nl.RxDropped, nl.RxNoHandler, nl.HasNoHandler, "netlink"
	}
	if f, err := os.Open(filepath.Join(r.Proc, "net", "dev")); err == nil {
		if v, err := ParseProcNetDev(f, iface); err == nil {
			c.ProcNetDevDrop, c.HasProcNetDev = v, true
		}
		f.Close()
	}
	return c, nil
}

func readUint(name string, base int) (uint64, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return 0, err
	}
	s := strings.TrimSpace(string(b))
	if base == 0 {
		return strconv.ParseUint(s, 0, 64)
	}
	return strconv.ParseUint(s, base, 64)
}

func exists(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}

// rtnetlink attribute types not in x/sys or syscall.
const (
	iflaInfoKind      = 1
	iflaInfoData      = 2
	iflaInfoSlaveKind = 4
	iflaInfoSlaveData = 5
	iflaVLANID        = 1
	iflaVLANProtocol  = 5
	iflaBondSlaveSt   = 1
	iflaStats64       = 23
	iflaLinkInfo      = 18
)

// netlinkLinks dumps the devices of the current network namespace with
// RTM_GETLINK.
func netlinkLinks() ([]Link, error) {
	b, err := syscall.NetlinkRIB(syscall.RTM_GETLINK, syscall.AF_UNSPEC)
	if err != nil {
		return nil, fmt.Errorf("rtnetlink RTM_GETLINK: %w", err)
	}
	msgs, err := syscall.ParseNetlinkMessage(b)
	if err != nil {
		return nil, fmt.Errorf("rtnetlink RTM_GETLINK: %w", err)
	}
	var out []Link
	for _, m := range msgs {
		if m.Header.Type != syscall.RTM_NEWLINK || len(m.Data) < syscall.SizeofIfInfomsg {
			continue
		}
		out = append(out, parseLink(m.Data))
	}
	if len(out) == 0 {
		return nil, errors.New("rtnetlink RTM_GETLINK: no devices")
	}
	return out, nil
}

// parseLink decodes an ifinfomsg and its attributes.
func parseLink(b []byte) Link {
	l := Link{BondSlaveState: -1}
	l.Index = int(int32(binary.NativeEndian.Uint32(b[4:8])))
	l.Flags = binary.NativeEndian.Uint32(b[8:12])
	for _, a := range attrs(b[syscall.SizeofIfInfomsg:]) {
		switch a.typ {
		case syscall.IFLA_IFNAME:
			l.Name = string(bytes.TrimRight(a.val, "\x00"))
		case syscall.IFLA_ADDRESS:
			if len(a.val) == 6 {
				copy(l.MAC[:], a.val)
				l.HasMAC = true
			}
		case syscall.IFLA_LINK:
			if len(a.val) >= 4 {
				l.Parent = int(binary.NativeEndian.Uint32(a.val))
			}
		case syscall.IFLA_MASTER:
			if len(a.val) >= 4 {
				l.Master = int(binary.NativeEndian.Uint32(a.val))
			}
		case iflaStats64:
			// struct rtnl_link_stats64: rx_dropped is the 7th u64,
			// rx_nohandler the 24th (4.6+).
			if len(a.val) >= 7*8 {
				l.RxDropped, l.HasStats = binary.NativeEndian.Uint64(a.val[6*8:]), true
			}
			if len(a.val) >= 24*8 {
				l.RxNoHandler, l.HasNoHandler = binary.NativeEndian.Uint64(a.val[23*8:]), true
			}
		case iflaLinkInfo:
			for _, li := range attrs(a.val) {
				switch li.typ {
				case iflaInfoKind:
					l.Kind = string(bytes.TrimRight(li.val, "\x00"))
				case iflaInfoSlaveKind:
					l.SlaveKind = string(bytes.TrimRight(li.val, "\x00"))
				case iflaInfoData:
					for _, d := range attrs(li.val) {
						if d.typ == iflaVLANID && len(d.val) >= 2 {
							l.VLANID = binary.NativeEndian.Uint16(d.val)
						}
						if d.typ == iflaVLANProtocol && len(d.val) >= 2 {
							l.VLANProto = binary.BigEndian.Uint16(d.val)
						}
					}
				case iflaInfoSlaveData:
					for _, d := range attrs(li.val) {
						if d.typ == iflaBondSlaveSt && len(d.val) >= 1 {
							l.BondSlaveState = int(d.val[0])
						}
					}
				}
			}
		}
	}
	if l.Kind != "vlan" {
		l.VLANID, l.VLANProto = 0, 0
	}
	return l
}

type attr struct {
	typ uint16
	val []byte
}

// attrs splits a run of netlink attributes, stopping at the first one whose
// length does not fit.
func attrs(b []byte) []attr {
	var out []attr
	for len(b) >= 4 {
		n := int(binary.NativeEndian.Uint16(b[0:2]))
		if n < 4 || n > len(b) {
			break
		}
		out = append(out, attr{typ: binary.NativeEndian.Uint16(b[2:4]) & 0x3fff, val: b[4:n]})
		adv := (n + 3) &^ 3
		if adv > len(b) {
			break
		}
		b = b[adv:]
	}
	return out
}

// ingressQdisc asks rtnetlink for the qdiscs (RTM_GETQDISC dump) and looks
// for "ingress" or "clsact" on ifindex; without rtnetlink it runs
// `tc qdisc show dev NAME` when tc exists.
func ingressQdisc(ifindex int, name string) (bool, error) {
	found, err := netlinkIngress(ifindex)
	if err == nil {
		return found, nil
	}
	tc, lerr := exec.LookPath("tc")
	if lerr != nil {
		return false, err
	}
	out, terr := exec.Command(tc, "qdisc", "show", "dev", name).Output()
	if terr != nil {
		return false, fmt.Errorf("%v; tc: %w", err, terr)
	}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "qdisc" && (f[1] == "ingress" || f[1] == "clsact") {
			return true, nil
		}
	}
	return false, nil
}

func netlinkIngress(ifindex int) (bool, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return false, fmt.Errorf("rtnetlink: %w", err)
	}
	defer unix.Close(fd)
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return false, fmt.Errorf("rtnetlink: %w", err)
	}
	// nlmsghdr + struct tcmsg {family, pad[3], ifindex, handle, parent, info}.
	req := make([]byte, 16+20)
	binary.NativeEndian.PutUint32(req[0:], uint32(len(req)))
	binary.NativeEndian.PutUint16(req[4:], unix.RTM_GETQDISC)
	binary.NativeEndian.PutUint16(req[6:], unix.NLM_F_REQUEST|unix.NLM_F_DUMP)
	binary.NativeEndian.PutUint32(req[8:], 1)
	binary.NativeEndian.PutUint32(req[16+4:], uint32(ifindex))
	if err := unix.Sendto(fd, req, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return false, fmt.Errorf("rtnetlink RTM_GETQDISC: %w", err)
	}
	buf := make([]byte, 64*1024)
	found := false
	for {
		n, _, err := unix.Recvfrom(fd, buf, 0)
		if err != nil {
			return false, fmt.Errorf("rtnetlink RTM_GETQDISC: %w", err)
		}
		msgs, err := syscall.ParseNetlinkMessage(buf[:n])
		if err != nil {
			return false, fmt.Errorf("rtnetlink RTM_GETQDISC: %w", err)
		}
		for _, m := range msgs {
			switch m.Header.Type {
			case unix.NLMSG_DONE:
				return found, nil
			case unix.NLMSG_ERROR:
				if len(m.Data) >= 4 {
					if e := int32(binary.NativeEndian.Uint32(m.Data)); e != 0 {
						return false, fmt.Errorf("rtnetlink RTM_GETQDISC: %w", syscall.Errno(-e))
					}
				}
				return found, nil
			case unix.RTM_NEWQDISC:
				if len(m.Data) < 20 || int(int32(binary.NativeEndian.Uint32(m.Data[4:8]))) != ifindex {
					continue
				}
				for _, a := range attrs(m.Data[20:]) {
					if a.typ == unix.TCA_KIND {
						k := string(bytes.TrimRight(a.val, "\x00"))
						if k == "ingress" || k == "clsact" {
							found = true
						}
					}
				}
			}
		}
	}
}

// IsTerminal reports whether fd is a terminal.
func IsTerminal(fd uintptr) bool {
	_, err := unix.IoctlGetTermios(int(fd), unix.TCGETS)
	return err == nil
}
