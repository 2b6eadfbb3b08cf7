package kernel

import "github.com/dropscope/dropscope/dissect"

// Input is one received frame as the model needs it.
//
// For an Ethernet capture, set Eth (from dissect.ParseEthernet) and
// WireLen, the frame's original length on the wire. For a Linux cooked
// capture (SLL/SLL2, `tcpdump -i any`), eth_type_trans already ran: set
// Cooked, Protocol and PktType from the cooked header, Payload to what
// follows it, and WireLen to the payload's original length plus 14.
type Input struct {
	Eth     dissect.Ethernet
	WireLen int

	Cooked   bool
	Protocol dissect.EtherType
	PktType  PktType
	Payload  []byte
}

// state is the skb as it moves through __netif_receive_skb_core.
type state struct {
	proto   dissect.EtherType
	pktType PktType
	payload []byte // captured bytes at skb->data
	remain  int    // bytes at skb->data on the wire (>= len(payload) unless the capture was cut)
	dev     string // skb->dev
	tag     bool   // skb_vlan_tag_present()
	tagTPID dissect.EtherType
	tagVID  uint16
}

// maxRounds bounds another_round iterations (one per VLAN device level).
const maxRounds = 8

// Classify decides what the host does with a received frame, following
// eth_type_trans() and __netif_receive_skb_core(). It allocates nothing.
func Classify(h *Host, in Input) Verdict {
	var v Verdict
	var s state
	if in.Cooked {
		s.proto, s.pktType, s.payload = in.Protocol, in.PktType, in.Payload
		s.remain = in.WireLen - dissect.EthernetHeaderLen
	} else {
		s.pktType = ethPktType(h, in.Eth.Dst)
		s.payload = in.Eth.Payload
		s.remain = in.WireLen - dissect.EthernetHeaderLen
		s.proto = dissect.Protocol(in.Eth.TypeLen, s.payload)
		// The FF FF test reads two payload bytes; if the capture cut them
		// off, the answer is not known from the capture.
		if in.Eth.TypeLen < uint16(dissect.EtherTypeMin) && len(s.payload) < 2 && s.remain >= 2 {
			v.Uncertain = true
		}
	}
	if s.remain < len(s.payload) {
		s.remain = len(s.payload)
	}
	v.EthProtocol = s.proto
	s.dev = h.Device
	origDev := h.Device
	exact := false

	var pending *Tap // pt_prev: the last tap seen, served only if nothing else takes the frame
	for round := 0; ; round++ {
		// skb_vlan_untag(): a VLAN TPID in skb->protocol becomes a tag
		// (net/core/skbuff.c; 3.10: net/8021q/vlan_core.c vlan_untag()).
		if s.proto.IsVLAN() && !s.tag {
			if !untag(h, &s, &v) {
				return freed(h, &v, &s, StepVLANUntag)
			}
		}
		// Taps on the ptype_all lists become pt_prev.
		if t := h.tapFor(s.dev); t != nil {
			pending = t
		}
		// sch_handle_ingress() / nf_ingress() deliver pt_prev and forget it.
		if h.Ingress && s.dev == h.Device {
			pending = nil
		}
		if s.tag {
			// "if (skb_vlan_tag_present(skb)) { deliver pt_prev; pt_prev = NULL; vlan_do_receive() }"
			pending = nil
			if vd := h.vlanDev(s.dev, s.tagTPID, s.tagVID); vd != nil {
				if !vd.Up {
					return freed(h, &v, &s, StepVLANDev)
				}
				enterVLANDev(h, &s, vd, in.Eth.Dst)
				if round < maxRounds {
					continue // another_round
				}
			}
		}
		// rx_handler (bridge port, bond slave, macvlan lower ...): pt_prev
		// is delivered and reset first.
		if s.dev == h.Device && h.RxHandler != RxHandlerNone {
			pending = nil
			if h.RxHandler == RxHandlerExact && !(h.Kernel.ExactExemptsLinkLocal() && !in.Cooked && isLinkLocal(in.Eth.Dst)) {
				exact = true
			}
		}
		// Residual tag: "if (unlikely(skb_vlan_tag_present(skb)) && !netdev_uses_dsa(skb->dev))".
		again := false
		for s.tag {
			if s.tagVID != 0 {
				s.pktType = PacketOtherHost
				break
			}
			if !(s.proto.IsVLAN() && h.Kernel.VLAN0Inner()) {
				break
			}
			// >= 5.2: strip the 802.1p priority tag and look at the inner tag.
			s.tag = false
			if !untag(h, &s, &v) {
				return freed(h, &v, &s, StepVLANUntag)
			}
			if vd := h.vlanDev(s.dev, s.tagTPID, s.tagVID); vd != nil {
				if !vd.Up {
					return freed(h, &v, &s, StepVLANDev)
				}
				enterVLANDev(h, &s, vd, in.Eth.Dst)
				again = round < maxRounds
				break
			}
			// "goto check_vlan_id"
		}
		if again {
			continue
		}
		s.tag = false
		break
	}

	// Protocol lookup: ptype_base (skipped under exact delivery), then
	// device-bound entries of orig_dev and skb->dev (deliver_ptype_list_skb).
	v.Protocol, v.PktType, v.Device = s.proto, s.pktType, s.dev
	if hd := h.lookup(s.proto, s.dev, origDev, exact); hd != nil {
		v.Outcome, v.Handler = Delivered, hd.Func
		return v
	}
	if pending != nil {
		v.Outcome, v.Handler, v.Tap = Delivered, pending.Func, true
		return v
	}
	// drop: "if (!deliver_exact) rx_dropped++ else rx_nohandler++"
	if exact && h.Kernel.HasRxNoHandler() {
		v.Outcome = RxNoHandler
	} else {
		v.Outcome = RxDropped
	}
	v.Reason = h.Kernel.UnhandledReason()
	return v
}

// enterVLANDev is vlan_do_receive() finding an up VLAN device: skb->dev
// becomes it, the tag is consumed, and a frame addressed to the VLAN
// device's MAC becomes PACKET_HOST (net/8021q/vlan_core.c).
func enterVLANDev(h *Host, s *state, vd *VLANDevice, dst dissect.MAC) {
	s.dev, s.tag = vd.Name, false
	if s.pktType == PacketOtherHost && dst == vlanMAC(h, vd) {
		s.pktType = PacketHost
	}
}

// untag strips one VLAN tag from s, as skb_vlan_untag() does, and records
// it in v. It returns false when the kernel frees the frame instead.
func untag(h *Host, s *state, v *Verdict) bool {
	if s.remain < h.Kernel.UntagMinLen() {
		return false
	}
	tci, inner, rest, ok := dissect.ParseVLAN(s.payload)
	if !ok {
		// The capture cut the tag off; the wire had it.
		v.Uncertain = true
		return false
	}
	s.tag, s.tagTPID, s.tagVID = true, s.proto, tci&0x0fff
	if v.Tags == 0 {
		v.VID = s.tagVID
	}
	v.Tags++
	s.payload, s.remain = rest, s.remain-4
	if len(rest) < 2 && inner < uint16(dissect.EtherTypeMin) && s.remain >= 2 {
		v.Uncertain = true
	}
	s.proto = dissect.Protocol(inner, rest)
	return true
}

func freed(h *Host, v *Verdict, s *state, step Step) Verdict {
	v.Outcome, v.Step, v.Reason = Freed, step, h.Kernel.SilentReason()
	v.Protocol, v.PktType, v.Device = s.proto, s.pktType, s.dev
	return *v
}

// ethPktType is eth_skb_pkt_type() (include/linux/etherdevice.h; inline in
// older eth_type_trans).
func ethPktType(h *Host, dst dissect.MAC) PktType {
	switch {
	case h.MACKnown && dst == h.MAC:
		return PacketHost
	case dst.IsBroadcast():
		return PacketBroadcast
	case dst.IsMulticast():
		return PacketMulticast
	case !h.MACKnown:
		return PacketUnknown
	}
	return PacketOtherHost
}

// isLinkLocal reports a 01:80:c2:00:00:0X destination (IEEE 802.1Q
// reserved group addresses).
func isLinkLocal(m dissect.MAC) bool {
	return m[0] == 0x01 && m[1] == 0x80 && m[2] == 0xc2 && m[3] == 0 && m[4] == 0 && m[5]&0xf0 == 0
}

func vlanMAC(h *Host, vd *VLANDevice) dissect.MAC {
	if vd.MAC.IsZero() {
		return h.MAC
	}
	return vd.MAC
}

// devMatch reports whether an entry bound to entry applies on dev.
func (h *Host) devMatch(entry, dev string) bool {
	if entry == dev {
		return true
	}
	if h.Device == "" && dev == "" {
		// The capture device has no name: an entry bound to any device
		// that is not one of the VLAN devices is taken to be on it.
		for i := range h.VLANs {
			if h.VLANs[i].Name == entry {
				return false
			}
		}
		return true
	}
	return false
}

// tapFor returns the first tap that sees frames on dev: an unbound one
// (same netns on 6.15+, any netns before) or one bound to dev.
func (h *Host) tapFor(dev string) *Tap {
	for i := range h.Taps {
		t := &h.Taps[i]
		if t.Dev == "" || h.devMatch(t.Dev, dev) {
			return t
		}
	}
	return nil
}

// lookup walks the protocol entries as the end of
// __netif_receive_skb_core does.
func (h *Host) lookup(proto dissect.EtherType, dev, orig string, exact bool) *Handler {
	for i := range h.Handlers {
		e := &h.Handlers[i]
		if e.Type != proto {
			continue
		}
		if e.Dev == "" {
			if !exact {
				return e
			}
			continue
		}
		if h.devMatch(e.Dev, orig) || h.devMatch(e.Dev, dev) {
			return e
		}
	}
	return nil
}

func (h *Host) vlanDev(dev string, tpid dissect.EtherType, vid uint16) *VLANDevice {
	if dev != h.Device {
		return nil // stacked VLAN devices are not modelled
	}
	for i := range h.VLANs {
		if h.VLANs[i].TPID == tpid && h.VLANs[i].VID == vid {
			return &h.VLANs[i]
		}
	}
	return nil
}
