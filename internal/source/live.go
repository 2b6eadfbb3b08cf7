package source

import (
	"context"
	"errors"
	"io"
	"time"
)

// ErrLivePermission reports that the process may not open a packet socket.
var ErrLivePermission = errors.New("live capture needs root or the CAP_NET_RAW capability (run it with sudo, or: setcap cap_net_raw+ep dropscope)")

// LiveOptions configure a live capture.
type LiveOptions struct {
	Iface string
	// Promisc puts the interface in promiscuous mode for the capture.
	Promisc bool
	// Count stops the capture after that many frames (0: no limit).
	Count uint64
	// Duration stops the capture after that long (0: no limit).
	Duration time.Duration
	// Stop ends the capture when it is done (Ctrl-C). Frames already in
	// the ring are still read.
	Stop context.Context
	// Write, when set, receives every frame read as pcapng (one Ethernet
	// interface named Iface, each packet marked inbound).
	Write io.Writer
	// HostMAC is the interface's address, used to leave out outgoing
	// frames when the kernel cannot (before 4.20). Valid iff HostMACKnown.
	HostMAC      [6]byte
	HostMACKnown bool
}

// Outgoing-frame filters, in order of preference.
const (
	OutgoingIgnoreSockopt = "PACKET_IGNORE_OUTGOING"      // Linux 4.20+: the kernel never queues outgoing frames
	OutgoingBPF           = "bpf pkt_type != OUTGOING"    // a classic BPF filter on the socket
	OutgoingSourceMAC     = "source MAC == interface MAC" // frames from the interface's own MAC are skipped
	OutgoingNone          = "none"                        // nothing can tell them apart
)

// LiveStats are the capture's own statistics.
type LiveStats struct {
	// Frames is how many frames Next returned.
	Frames uint64
	// SocketPackets and RingDrops come from PACKET_STATISTICS: frames that
	// passed the socket filter (tp_packets, drops included) and frames
	// lost because the ring was full (tp_drops).
	SocketPackets, RingDrops uint64
	// QueueFreezes is TPACKET_V3 tp_freeze_q_cnt.
	QueueFreezes uint64
	// SkippedOutgoing counts frames left out by the source-MAC filter.
	SkippedOutgoing uint64
	// OutgoingFilter names how outgoing frames were left out.
	OutgoingFilter string
	TPacketVersion int
	Promisc        bool
	// StopReason is "count", "duration", "signal" or "error".
	StopReason string
	Start, End time.Time
	// StatsErr is set when PACKET_STATISTICS could not be read.
	StatsErr string
}
