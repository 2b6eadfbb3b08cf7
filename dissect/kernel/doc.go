// Package kernel is a model of the Linux receive path for one Ethernet
// frame: eth_type_trans() (net/ethernet/eth.c), which sets skb->protocol
// and skb->pkt_type, and __netif_receive_skb_core() (net/core/dev.c),
// which untags VLANs, serves capture sockets (taps), runs an rx_handler,
// looks the protocol up in the packet-type lists and, when nothing takes
// the frame, frees it and counts it in the device's rx_dropped (or
// rx_nohandler for exact-match delivery).
//
// The rules and the kernel versions they depend on follow
// kernel-rx-model.md (§1-§5); each branch of Classify names the kernel
// function it mirrors.
//
// The model takes plain data in (a Host and a parsed frame) and returns a
// Verdict. It never fails: a frame the kernel would drop is a Verdict, not
// an error. Reading a live system's configuration (/proc/net/ptype, sysfs)
// is not done here; ParsePtype only parses text it is given.
package kernel
