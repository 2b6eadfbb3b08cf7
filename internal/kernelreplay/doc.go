// Package kernelreplay replays Ethernet frames into the running Linux kernel
// and reports, frame by frame, what the receiving device counted in
// rx_packets, rx_dropped and rx_nohandler.
//
// It is the oracle that the kernel model in dissect/kernel is tested
// against. It owns the experiment set-up of docs/kernel-rx-model.md §9:
// two freshly created network namespaces, "dstx-<pid>-<hex>" and
// "dsrx-<pid>-<hex>", joined by a veth pair (va in the sender namespace, vb
// in the receiver namespace), IPv6 disabled in both so that nothing but the
// replayed frames reaches vb, and an AF_PACKET SOCK_RAW socket on va that
// sends each frame unchanged. Optional packet sockets and an ingress qdisc in
// the receiver namespace reproduce the tap effects of §3.2. Both namespaces
// are deleted before Replay returns, whatever the outcome.
//
// Before the first frame, Replay sends probe frames (EtherType 0x88b5 to
// the receiver) until one arrives: right after the link comes up, va still
// transmits through the noop qdisc, which discards frames although sendto
// succeeds, until linkwatch activates its real qdisc. Probes are counted
// before the replay starts and appear in no Delta or total.
//
// # Counters
//
// Counters are read over rtnetlink (RTM_GETLINK, IFLA_STATS64) from a socket
// opened inside the receiver namespace, so reading them starts no process.
// A frame's Delta is the change seen between a read just before it is sent
// and the read at which its processing is known to be over: rx_dropped or
// rx_nohandler moved (the drop is the last thing __netif_receive_skb_core
// does), or rx_packets moved and every CPU's receive backlog is empty
// (/proc/net/softnet_stat), or a time-out passed with nothing moving.
//
// # What it does not own
//
// It does not parse frames, model the kernel, or read captures; callers
// hand it raw frames and compare its answers with their own prediction. It
// needs Linux, root (CAP_NET_ADMIN, CAP_NET_RAW and CAP_SYS_ADMIN) and `ip`
// from iproute2, plus `tc` for Options.IngressQdisc; Available says what is
// missing.
package kernelreplay
