package kernelreplay

import (
	"fmt"
)

// Defaults used when the matching Options field is zero.
var (
	// DefaultReceiverMAC is the address given to the receiving veth end, vb.
	DefaultReceiverMAC = [6]byte{0x02, 0x00, 0x00, 0x00, 0x00, 0x0b}
	// SenderMAC is the address of the sending veth end, va. It is fixed.
	SenderMAC = [6]byte{0x02, 0x00, 0x00, 0x00, 0x00, 0x0a}
)

// DefaultMTU is the MTU of both veth ends when Options.MTU is zero. It is
// large enough for jumbo frames from a capture to pass.
const DefaultMTU = 9000

// Options configures one replay. The zero value replays into a receiver
// with the stock protocol handlers and no packet sockets.
type Options struct {
	// ReceiverMAC is the MAC address of the receiving veth end. The zero
	// value means DefaultReceiverMAC. It must be a unicast address other
	// than SenderMAC.
	ReceiverMAC [6]byte
	// MTU is set on both veth ends, in bytes of Ethernet payload (68 to
	// 65535; zero means DefaultMTU). Frames longer than MTU+14 bytes (MTU+18
	// when they carry an 802.1Q tag) are refused by the sender and reported
	// as not sent.
	MTU int
	// TapBound opens an ETH_P_ALL packet socket in the receiver namespace,
	// bound to the receiving device, for the whole replay (tcpdump -i vb).
	TapBound bool
	// TapUnbound opens an ETH_P_ALL packet socket in the receiver namespace,
	// not bound to any device, for the whole replay (tcpdump -i any).
	TapUnbound bool
	// ProtoSockets lists EtherTypes, in host byte order, for which an
	// unbound protocol-specific packet socket is held open in the receiver
	// namespace.
	ProtoSockets []uint16
	// IngressQdisc attaches an ingress qdisc, with no filters, to the
	// receiving device before any frame is sent.
	IngressQdisc bool
}

// Delta is what the receiving device counted for one frame.
type Delta struct {
	// Sent reports whether the sender's sendto accepted the frame.
	Sent bool
	// SendErr is the errno text of a failed sendto ("invalid argument" for
	// frames shorter than 14 bytes, "message too long" above the MTU).
	// Empty when Sent is true.
	SendErr string
	// RxPackets, RxDropped and RxNoHandler are the changes of the receiving
	// device's rx_packets, rx_dropped and rx_nohandler counters
	// (struct rtnl_link_stats64) attributed to this frame.
	RxPackets, RxDropped, RxNoHandler uint64
}

// Result is the outcome of one replay.
type Result struct {
	// Deltas holds one entry per input frame, in input order.
	Deltas []Delta
	// Ptype is the text of /proc/net/ptype in the receiver namespace, read
	// while the sockets requested in Options were open.
	Ptype string
	// KernelRelease is the running kernel's release (uname -r).
	KernelRelease string
	// Device is the name of the receiving interface in the receiver
	// namespace.
	Device string
	// TotalPackets, TotalDropped and TotalNoHandler are the counter changes
	// over the whole replay, read after a final settle. When every frame was
	// attributed correctly they equal the sums over Deltas.
	TotalPackets, TotalDropped, TotalNoHandler uint64
}

// withDefaults fills zero fields of o and checks the rest.
func (o Options) withDefaults() (Options, error) {
	if o.ReceiverMAC == ([6]byte{}) {
		o.ReceiverMAC = DefaultReceiverMAC
	}
	if o.ReceiverMAC[0]&0x01 != 0 {
		return o, fmt.Errorf("kernelreplay: receiver MAC %s is not unicast", macString(o.ReceiverMAC))
	}
	if o.ReceiverMAC == SenderMAC {
		return o, fmt.Errorf("kernelreplay: receiver MAC %s equals the sender MAC", macString(o.ReceiverMAC))
	}
	if o.MTU == 0 {
		o.MTU = DefaultMTU
	}
	if o.MTU < 68 || o.MTU > 65535 {
		return o, fmt.Errorf("kernelreplay: MTU %d out of range 68..65535", o.MTU)
	}
	for _, p := range o.ProtoSockets {
		if p == 0 {
			return o, fmt.Errorf("kernelreplay: protocol socket for EtherType 0 would receive nothing")
		}
	}
	return o, nil
}

func macString(m [6]byte) string {
	return fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5])
}
