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
	return cacheKey48(typeLen, macKind(mac48(d[:]), mac48(h.MAC[:]), h.MACKnown))
}

// cacheKey48 is cacheKey from the destination's macKind.
func cacheKey48(typeLen uint16, kind uint32) (uint8, uint32) {
	return uint8((uint32(typeLen)*0x9e3779b1 ^ kind<<24) >> 24), uint32(typeLen)<<3 | kind | 1<<31
}

// mac48 is the address in b[0:6] as a 48-bit number, first octet highest.
func mac48(b []byte) uint64 {
	_ = b[5]
	return uint64(b[0])<<40 | uint64(b[1])<<32 | uint64(b[2])<<24 | uint64(b[3])<<16 | uint64(b[4])<<8 | uint64(b[5])
}

// macKind is what the key keeps of a destination d (mac48): the host's
// own (host, when known) 0, broadcast 1, other multicast 2, other 3; plus
// 4 for the 802.1Q link-local groups 01:80:c2:00:00:0x.
func macKind(d, host uint64, known bool) uint32 {
	var kind uint32
	switch {
	case known && d == host:
		kind = 0
	case d == 0xffff_ffff_ffff:
		kind = 1
	case d>>40&1 != 0:
		kind = 2
	default:
		kind = 3
	}
	if d>>4 == 0x0180_c200_000 {
		kind |= 4
	}
	return kind
}
