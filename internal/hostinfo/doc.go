// Package hostinfo reads the receiving host's configuration from the
// running Linux system, for dropscope's live mode: the protocol handler
// table (/proc/net/ptype), the kernel release, an interface's MAC, state,
// VLAN devices, rx_handler (bridge, bond, team, macvlan membership) and tc
// ingress qdisc, and its receive-drop counters (sysfs statistics and
// /proc/net/dev).
//
// Every fact that could not be read becomes an assumption string in
// Info.Assumptions, so the report can say what was guessed. Nothing here
// models the kernel: Info.Host turns the facts into the plain-data
// kernel.Host that dissect/kernel classifies against.
//
// The Linux implementation reads files under /proc and /sys and asks
// rtnetlink (RTM_GETLINK, RTM_GETQDISC). /proc/net follows the network
// namespace of the process; /sys/class/net follows the namespace sysfs was
// mounted in (ip netns exec mounts a fresh one). Where the two disagree
// (the sysfs ifindex differs from rtnetlink's), the netlink values are used.
// Other systems get a stub that reports ErrNotLinux.
package hostinfo
