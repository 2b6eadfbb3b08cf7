package analyze

import (
	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
)

// verdictCache remembers kernel.Classify's verdicts for one host and the
// outcomes for its what-if variants. For a frame without a VLAN tag (an
// EtherType that is not 0x8100 or 0x88a8, or an 802.3 length) the model
// reads nothing but the protocol eth_type_trans makes of the type/length
// field and the destination address,
// and of the address only what eth_skb_pkt_type makes of it (the host's
// own, broadcast, multicast, other) and whether it is an 802.1Q
// link-local group (the exact-match rx_handler exemption): those make the
// key. Variants that share the host's MAC (DefaultVariants' do) share
// the key; otherwise their outcomes are not cached. Every other frame is
// classified in full.
type verdictCache struct {
	h     *kernel.Host
	vs    []Variant
	keys  [256]uint32 // key | 1<<31; 0 is an empty slot
	vals  [256]kernel.Verdict
	vouts []kernel.Outcome // 256 rows of len(vs): the variants' outcomes
	tmp   []kernel.Outcome // the variants' outcomes of an uncached frame
	// The variants' MACs are the host's: the key is theirs too.
	shared bool
}

func newVerdictCache(h *kernel.Host, vs []Variant) verdictCache {
	c := verdictCache{h: h, vs: vs, vouts: make([]kernel.Outcome, 256*len(vs)), tmp: make([]kernel.Outcome, len(vs)), shared: true}
	for i := range vs {
		if vs[i].Host.MACKnown != h.MACKnown || vs[i].Host.MAC != h.MAC {
			c.shared = false
		}
	}
	return c
}

// classify returns the host's verdict on in and each variant's outcome
// (valid until the next call).
func (c *verdictCache) classify(in *kernel.Input) (kernel.Verdict, []kernel.Outcome) {
	n := len(c.vs)
	i, key, ok := c.slot(in)
	if !ok || !c.shared {
		for j := range c.vs {
			c.tmp[j] = kernel.Classify(&c.vs[j].Host, *in).Outcome
		}
		if !ok {
			return kernel.Classify(c.h, *in), c.tmp
		}
		if c.keys[i] != key {
			c.keys[i], c.vals[i] = key, kernel.Classify(c.h, *in)
		}
		return c.vals[i], c.tmp
	}
	o := c.vouts[int(i)*n : int(i)*n+n : int(i)*n+n]
	if c.keys[i] != key {
		c.keys[i], c.vals[i] = key, kernel.Classify(c.h, *in)
		for j := range c.vs {
			o[j] = kernel.Classify(&c.vs[j].Host, *in).Outcome
		}
	}
	return c.vals[i], o
}

// slot returns the cache slot and key of in, or ok false when in's verdict
// depends on more than the key holds.
func (c *verdictCache) slot(in *kernel.Input) (i uint8, key uint32, ok bool) {
	tl := in.Eth.TypeLen
	if in.Cooked || dissect.EtherType(tl).IsVLAN() {
		return 0, 0, false
	}
	if tl < uint16(dissect.EtherTypeMin) {
		// An 802.3 length: the model reads the protocol eth_type_trans
		// makes of it (0x0004, or 0x0001 after FF FF), which is below
		// every EtherType, so it keys the frame as well. Without the two
		// payload bytes that decide it the verdict is uncertain: no key.
		if len(in.Eth.Payload) < 2 {
			return 0, 0, false
		}
		tl = uint16(dissect.Protocol(tl, in.Eth.Payload))
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
