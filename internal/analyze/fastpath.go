package analyze

import (
	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
)

// verdictCache remembers kernel.Classify's verdicts for one host. For an
// Ethernet II frame without a VLAN tag (an EtherType of 0x0600 or more
// that is not 0x8100 or 0x88a8) the model reads nothing but the EtherType
// and the destination address, and of the address only what
// eth_skb_pkt_type makes of it (the host's own, broadcast, multicast,
// other) and whether it is an 802.1Q link-local group (the exact-match
// rx_handler exemption): those make the key. Every other frame is
// classified in full.
type verdictCache struct {
	h    *kernel.Host
	keys [256]uint32 // key | 1<<31; 0 is an empty slot
	vals [256]kernel.Verdict
}

// outcome is classify(in).Outcome, without copying the verdict out.
func (c *verdictCache) outcome(in *kernel.Input) kernel.Outcome {
	i, key, ok := c.slot(in)
	if !ok {
		return kernel.Classify(c.h, *in).Outcome
	}
	if c.keys[i] != key {
		c.keys[i], c.vals[i] = key, kernel.Classify(c.h, *in)
	}
	return c.vals[i].Outcome
}

func (c *verdictCache) classify(in *kernel.Input) kernel.Verdict {
	i, key, ok := c.slot(in)
	if !ok {
		return kernel.Classify(c.h, *in)
	}
	if c.keys[i] != key {
		c.keys[i], c.vals[i] = key, kernel.Classify(c.h, *in)
	}
	return c.vals[i]
}

// slot returns the cache slot and key of in, or ok false when in's verdict
// depends on more than the key holds.
func (c *verdictCache) slot(in *kernel.Input) (i uint8, key uint32, ok bool) {
	tl := in.Eth.TypeLen
	if in.Cooked || tl < uint16(dissect.EtherTypeMin) || dissect.EtherType(tl).IsVLAN() {
		return 0, 0, false
	}
	i, key = cacheKey(c.h, tl, &in.Eth.Dst)
	return i, key, true
}

// cacheKey is the slot and key of an untagged EtherType frame in the
// caches above: the EtherType, what eth_skb_pkt_type makes of the
// destination (the host's own, broadcast, multicast, other) and whether it
// is an 802.1Q link-local group (the exact-match rx_handler exemption).
func cacheKey(h *kernel.Host, typeLen uint16, d *dissect.MAC) (uint8, uint32) {
	var kind uint32
	switch {
	case h.MACKnown && *d == h.MAC:
		kind = 0
	case d.IsBroadcast():
		kind = 1
	case d.IsMulticast():
		kind = 2
	default:
		kind = 3
	}
	if d[0] == 0x01 && d[1] == 0x80 && d[2] == 0xc2 && d[3] == 0 && d[4] == 0 && d[5]&0xf0 == 0 {
		kind |= 4
	}
	return uint8((uint32(typeLen)*0x9e3779b1 ^ kind<<24) >> 24), uint32(typeLen)<<3 | kind | 1<<31
}

// flushDsts adds the pending run of frames to one unicast destination to
// dsts. Within a run only the first frame can be refused by the bound, so
// adding the run at once counts what adding each frame would.
func (e *engine) flushDsts() {
	if e.dstRunN == 0 {
		return
	}
	if _, seen := e.dsts[e.dstRun]; seen || len(e.dsts) < maxDsts {
		e.dsts[e.dstRun] += e.dstRunN
	}
	e.dstRunN = 0
}

// lane short-cuts the commonest frame: an untagged Ethernet II frame that
// the host and every what-if variant deliver, whose class follows from its
// EtherType alone. For such a frame the verdict and the class depend only
// on the EtherType and the destination's kind (verdictCache), so one
// lookup gives everything its counting needs.
type lane struct {
	keys [256]uint32
	ents [256]laneEntry
}

type laneEntry struct {
	ok        bool // the frame takes the lane
	tap       bool // delivered only to a tap
	otherHost bool
	counts    *counts // the class's counters
}

// laneKey returns the lane slot and key for eth, or ok false when the
// frame's verdict or class needs more than the EtherType and the kind of
// destination: 802.3 lengths, VLAN tags (0x9100 included, which the class
// looks through), IPv6 (the class reads the upper layer) and slow
// protocols (the subtype).
func laneKey(h *kernel.Host, eth *dissect.Ethernet) (i uint8, key uint32, ok bool) {
	t := dissect.EtherType(eth.TypeLen)
	if t < dissect.EtherTypeMin || t.IsVLAN() || t == dissect.EtherTypeQinQOld || t == dissect.EtherTypeIPv6 || t == dissect.EtherTypeSlow {
		return 0, 0, false
	}
	i, key = cacheKey(h, eth.TypeLen, &eth.Dst)
	return i, key, true
}

// fastDelivered counts eth and returns true when it takes the lane;
// otherwise it does nothing and the frame goes the full way.
func (e *engine) fastDelivered(eth *dissect.Ethernet, wireLen int) bool {
	i, key, ok := laneKey(e.host, eth)
	if !ok {
		return false
	}
	ent := &e.lane.ents[i]
	if e.lane.keys[i] != key {
		in := kernel.Input{Eth: *eth, WireLen: wireLen}
		v := kernel.Classify(e.host, in)
		ok := v.Outcome == kernel.Delivered && !v.Uncertain
		for j := range e.o.Variants {
			if kernel.Classify(&e.o.Variants[j].Host, in).Outcome.Counted() {
				ok = false
			}
		}
		*ent = laneEntry{ok: ok, tap: v.Tap, otherHost: v.PktType == kernel.PacketOtherHost,
			counts: e.classCounts(dissect.ClassifyPayload(dissect.EtherType(eth.TypeLen), nil))}
		e.lane.keys[i] = key
	}
	if !ent.ok {
		return false
	}
	e.t.Analysed++
	e.t.Delivered++
	ent.counts[kernel.Delivered]++
	if ent.tap {
		e.t.DeliveredToTap++
	}
	if ent.otherHost {
		e.otherHost++
	}
	return true
}

// classCounts returns the verdict counters of a class.
func (e *engine) classCounts(class dissect.Class) *counts {
	c := e.classes[class]
	if c == nil {
		c = new(counts)
		e.classes[class] = c
	}
	return c
}

// countDst counts a unicast destination for the host-MAC hint, a run of
// frames to one destination at a time.
func (e *engine) countDst(d dissect.MAC) {
	if d.IsMulticast() {
		return
	}
	if d != e.dstRun || e.dstRunN == 0 {
		e.flushDsts()
		e.dstRun = d
	}
	e.dstRunN++
}
