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
	d := &in.Eth.Dst
	var kind uint32
	switch {
	case c.h.MACKnown && *d == c.h.MAC:
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
	return uint8((uint32(tl)*0x9e3779b1 ^ kind<<24) >> 24), uint32(tl)<<3 | kind | 1<<31, true
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
