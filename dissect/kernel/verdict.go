package kernel

import "github.com/dropscope/dropscope/dissect"

// PktType mirrors skb->pkt_type as set by eth_type_trans
// (net/ethernet/eth.c) and changed later in the core.
type PktType uint8

// Packet types (include/uapi/linux/if_packet.h), plus Unknown.
const (
	PacketHost      PktType = iota // PACKET_HOST
	PacketBroadcast                // PACKET_BROADCAST
	PacketMulticast                // PACKET_MULTICAST
	PacketOtherHost                // PACKET_OTHERHOST
	PacketOutgoing                 // PACKET_OUTGOING: never on the receive path
	PacketUnknown                  // the host's MAC is unknown and the frame is unicast
)

var pktTypeNames = [...]string{"host", "broadcast", "multicast", "otherhost", "outgoing", "unknown"}

// String is the lowercase name of PACKET_*: host, broadcast, multicast,
// otherhost, outgoing, or unknown.
func (p PktType) String() string {
	if int(p) < len(pktTypeNames) {
		return pktTypeNames[p]
	}
	return "pkttype(" + itoa(int(p)) + ")"
}

// Outcome is what happens to the frame. The zero value is invalid.
type Outcome uint8

// Outcomes.
const (
	_           Outcome = iota
	Delivered           // a handler or a tap took it: not counted
	RxDropped           // no handler: counted in rx_dropped
	RxNoHandler         // exact-match delivery found no handler: counted in rx_nohandler
	Freed               // freed before the lookup, no counter (a failed VLAN untag, a down VLAN device)
)

var outcomeNames = [...]string{"invalid", "delivered", "rx_dropped", "rx_nohandler", "freed"}

// String is the verdict name used in reports: delivered, rx_dropped,
// rx_nohandler, freed.
func (o Outcome) String() string {
	if int(o) < len(outcomeNames) {
		return outcomeNames[o]
	}
	return "outcome(" + itoa(int(o)) + ")"
}

// Counted reports whether the outcome increments a device counter.
func (o Outcome) Counted() bool { return o == RxDropped || o == RxNoHandler }

// Reason is a kernel drop reason (enum skb_drop_reason,
// include/net/dropreason-core.h), as the skb:kfree_skb tracepoint prints
// it. Names, not numbers, are stable across releases.
type Reason uint8

// Drop reasons the model produces.
const (
	ReasonNone           Reason = iota // the kernel gives no reason (before 5.17), or nothing was dropped
	ReasonNotSpecified                 // SKB_DROP_REASON_NOT_SPECIFIED
	ReasonUnhandledProto               // SKB_DROP_REASON_UNHANDLED_PROTO (5.19+)
	ReasonPtypeAbsent                  // SKB_DROP_REASON_PTYPE_ABSENT (5.18)
)

var reasonNames = [...]string{"", "NOT_SPECIFIED", "UNHANDLED_PROTO", "PTYPE_ABSENT"}

// String is the reason's name without the SKB_DROP_REASON_ prefix, or ""
// for ReasonNone.
func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "reason(" + itoa(int(r)) + ")"
}

// Step is the place on the receive path that decided the outcome.
type Step uint8

// Steps.
const (
	StepLookup    Step = iota // the protocol lookup at the end of __netif_receive_skb_core
	StepVLANUntag             // skb_vlan_untag() could not pull the tag
	StepVLANDev               // vlan_do_receive() found the VLAN device down
)

var stepNames = [...]string{"ptype lookup", "vlan untag", "vlan device down"}

// String names the step.
func (s Step) String() string {
	if int(s) < len(stepNames) {
		return stepNames[s]
	}
	return "step(" + itoa(int(s)) + ")"
}

// Verdict is the model's answer for one frame.
type Verdict struct {
	Outcome Outcome
	Reason  Reason // valid iff Outcome != Delivered
	Step    Step
	// PktType is skb->pkt_type at the decision.
	PktType PktType
	// EthProtocol is skb->protocol as eth_type_trans set it (for cooked
	// captures: as recorded).
	EthProtocol dissect.EtherType
	// Protocol is skb->protocol at the decision, after any VLAN tags were
	// removed: the value a perf probe on the drop prints.
	Protocol dissect.EtherType
	// Tags is how many VLAN tags the kernel removed; VID is the first
	// one's VLAN ID (valid iff Tags > 0).
	Tags uint8
	VID  uint16
	// Handler is the function that took the frame (Outcome == Delivered),
	// e.g. "ip_rcv" or, for a tap, "tpacket_rcv".
	Handler string
	// Tap is true when only a tap took the frame: without that capture
	// socket the frame would have been counted.
	Tap bool
	// Device is the device the frame was on at the decision, and the one
	// charged when counted: the VLAN device's name after vlan_do_receive,
	// else Host.Device.
	Device string
	// Uncertain is true when the decision depended on bytes the capture
	// did not keep (snap length), or on the host's MAC when it is unknown.
	Uncertain bool
}
