package analyze

import (
	"fmt"
	"strings"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/report"
)

// headline is the one-sentence answer at the top of every report.
func headline(s *report.Summary) string {
	t := &s.Totals
	if t.Analysed == 0 {
		return "No received Ethernet frame was found in the input, so nothing can be said about rx_dropped."
	}
	if t.Counted == 0 {
		return fmt.Sprintf("None of the %d received frames would be counted in rx_dropped or rx_nohandler on this host.", t.Analysed)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d of %d received frames (%.1f%%) would be counted", t.Counted, t.Analysed, 100*float64(t.Counted)/float64(t.Analysed))
	switch {
	case t.RxNoHandler == 0:
		b.WriteString(" in rx_dropped")
	case t.RxDropped == 0:
		b.WriteString(" in rx_nohandler")
	default:
		fmt.Fprintf(&b, " (%d in rx_dropped, %d in rx_nohandler)", t.RxDropped, t.RxNoHandler)
	}
	b.WriteString(" on this host")
	if t.SpanSeconds > 0 {
		fmt.Fprintf(&b, ", about %s per second over %s", rateText(t.CountedPerSecond), spanText(t.SpanSeconds))
	}
	if len(s.Drops) > 0 {
		d := s.Drops[0]
		fmt.Fprintf(&b, "; top cause: %s (skb->protocol %s, %.1f%%)", d.Class, d.SkbProtocol, d.SharePercent)
	}
	b.WriteString(".")
	return b.String()
}

func rateText(r float64) string {
	switch {
	case r >= 100:
		return fmt.Sprintf("%.0f", r)
	case r >= 1:
		return fmt.Sprintf("%.1f", r)
	}
	return fmt.Sprintf("%.3f", r)
}

func spanText(sec float64) string {
	switch {
	case sec >= 3600:
		return fmt.Sprintf("%.1f h", sec/3600)
	case sec >= 120:
		return fmt.Sprintf("%.1f min", sec/60)
	}
	return fmt.Sprintf("%.1f s", sec)
}

// family groups drop rows that share a remedy.
type family uint8

const (
	famIPv6 family = iota
	famLLC
	famLLDP
	famRaw8023
	famVLAN
	famOther
	nFamilies
)

func familyOf(d *report.Drop) family {
	switch {
	case d.SkbProtocol == dissect.EtherTypeIPv6.String():
		return famIPv6
	case d.SkbProtocol == dissect.ETHP8022.String():
		return famLLC
	case d.SkbProtocol == dissect.EtherTypeLLDP.String():
		return famLLDP
	case d.SkbProtocol == dissect.ETHP8023.String():
		return famRaw8023
	case d.SkbProtocol == dissect.EtherTypeVLAN.String() || d.SkbProtocol == dissect.EtherTypeQinQ.String():
		return famVLAN
	}
	return famOther
}

// remedies proposes, per group of counted frames, a concrete and safe
// change that stops the count (background.md, kernel-rx-model.md §5).
func remedies(s *report.Summary, h *kernel.Host) []report.Remedy {
	var groups [nFamilies]report.Remedy
	for i := range s.Drops {
		d := &s.Drops[i]
		g := &groups[familyOf(d)]
		g.Frames += d.Frames
		if !contains(g.Classes, d.Class) {
			g.Classes = append(g.Classes, d.Class)
		}
	}
	actions := [nFamilies]string{
		famIPv6: "The host has no IPv6 handler (booted with ipv6.disable=1). Prefer disabling IPv6 with the sysctl net.ipv6.conf.all.disable_ipv6=1 " +
			"(and default.disable_ipv6=1) instead of the boot parameter: ipv6_rcv stays registered and discards these frames without touching rx_dropped " +
			"(they are counted in Ip6InDiscards instead). Or stop the senders listed below (NIC firmware or BIOS setting for DHCPv6/PXE, switch ACL).",
		famLLC: "802.2 LLC frames (STP BPDUs and other LLC) have no handler because the llc module is not loaded. Load it (modprobe llc; persist it in " +
			"/etc/modules-load.d/) so llc_rcv takes and discards them, or stop the switch from sending BPDUs on this access port (BPDU filter / edge port).",
		famLLDP: "No LLDP agent takes these frames. Run one (lldpd or lldpad open a socket for 0x88cc and so take them), or disable LLDP transmit " +
			"on the switch port.",
		famRaw8023: "Raw 802.3 (Novell IPX) frames have no handler on any current kernel. Find the sender below and turn IPX off there.",
		famVLAN: "Tagged frames whose inner tag the host cannot strip (QinQ, or a VLAN for which no VLAN device exists). Create the VLAN device, or " +
			"stop the switch from sending tagged frames to this port.",
		famOther: "No kernel handler exists for these protocols. Identify the senders by MAC and vendor below and stop the protocol there, " +
			"or, if the host should receive it, run the daemon that opens a socket for it.",
	}
	var out []report.Remedy
	for f := family(0); f < nFamilies; f++ {
		g := groups[f]
		if g.Frames == 0 {
			continue
		}
		a := actions[f]
		if f == famIPv6 && h.HasHandler(dissect.EtherTypeIPv6) {
			a = "IPv6 frames are counted although an IPv6 handler is in the model: check the host model (--ptype, --handler)."
		}
		if f == famLLC && h.HasHandler(dissect.ETHP8022) {
			a = "802.2 frames are counted although llc_rcv is in the model: check the host model (--ptype, --handler)."
		}
		g.Action = a
		out = append(out, g)
	}
	if out == nil {
		out = []report.Remedy{}
	}
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// caveats say what the verdicts assume and what a capture cannot show.
func (e *engine) caveats(s *report.Summary) []string {
	h := e.host
	t := &s.Totals
	var c []string
	c = append(c, "Only the unhandled-protocol drop in __netif_receive_skb_core is predicted. Drops before the capture point (NIC ring overflow, "+
		"backlog, MTU, XDP, driver filters: rx_missed_errors, /proc/net/softnet_stat column 2) are not in a capture; if the counter grows faster "+
		"than predicted, look there.")
	if t.Outgoing == 0 && !h.MACKnown {
		c = append(c, "Every Ethernet frame was taken as received: the capture records no direction and no --host-mac was given. If the capture "+
			"holds the host's own transmissions, give --host-mac to leave them out.")
	}
	if !h.MACKnown {
		c = append(c, "The host's MAC is unknown (--host-mac), so unicast frames have pkt_type \"unknown\"; this changes no rx_dropped verdict.")
	}
	if e.otherHost > 0 {
		c = append(c, fmt.Sprintf("%d received frames were unicast to another MAC. A NIC passes those up only in promiscuous mode (tcpdump without -p, "+
			"a bridge or macvlan port): if the capture was promiscuous and the host's NIC is not, those verdicts do not apply to it.", e.otherHost))
	}
	if len(h.Taps) > 0 {
		c = append(c, fmt.Sprintf("The host model has capture sockets (ETH_P_ALL): %d frames were delivered only to them and would otherwise be "+
			"counted. If such a socket was the capture's own (tcpdump), model the host without it (--no-tap).", t.DeliveredToTap))
	}
	c = append(c, "While a capture socket is open on the device (tcpdump, dropscope --iface), the kernel does not count untagged unhandled frames "+
		"there; VLAN-tagged ones, frames passed by an rx_handler (bridge, bond, macvlan) and frames on a device with tc ingress still count "+
		"(__netif_receive_skb_core, net/core/dev.c). The counter during the capture is therefore lower than these predictions.")
	if t.Truncated > 0 {
		c = append(c, fmt.Sprintf("%d frames were captured shorter than on the wire (snap length); they were classified from the captured bytes, "+
			"and %d verdicts depended on bytes that were not kept.", t.Truncated, t.Uncertain))
	}
	if t.UnsupportedLink > 0 {
		c = append(c, fmt.Sprintf("%d frames on link types other than Ethernet and Linux cooked were counted but not analysed.", t.UnsupportedLink))
	}
	if t.Analysed > 0 && t.SpanSeconds == 0 {
		c = append(c, "The capture spans no time (one timestamp), so no rate is given.")
	}
	if k := h.Kernel; k.Distro == kernel.Upstream && k.AtLeast(4, 19) && !k.AtLeast(5, 14) {
		c = append(c, "For kernels between 4.19 and 5.13 the VLAN untag length rule (4 or 6 bytes) is assumed to follow 5.14 from 5.0 on; only very short tagged frames are affected.")
	}
	if k := h.Kernel; k.Distro == kernel.EL9 {
		c = append(c, "RHEL 9 kernels were not read; they are modelled as upstream 5.14 (drop-reason names may differ).")
	}
	return c
}
