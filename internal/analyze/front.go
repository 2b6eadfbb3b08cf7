package analyze

import (
	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/source"
)

// front is the part of the analysis every frame goes through, in capture
// order, before the full path: the frame and truncation counts, the
// unicast destinations for the host-MAC hint, and the lane. It keeps
// counters of its own, added to the engine's by merge, so that it can run
// on the reading goroutine while the engine runs the full path on another
// (readSplit).
type front struct {
	host     *kernel.Host
	host48   uint64 // the host's MAC (mac48), when MACKnown
	variants []Variant
	on       bool // the lane is taken (not with JSON Lines or DetailAll)

	frames, truncated                     uint64
	analysed, delivered, toTap, otherHost uint64 // of the frames the lane took
	classes                               map[dissect.Class]*counts
	lane                                  lane

	// Unicast destinations, and a run of frames to one of them not yet
	// in dsts.
	dsts    map[uint64]*uint64 // by mac48
	dstRun  uint64             // mac48
	dstRunN uint64
	// The counters of recent destinations, direct-mapped by mac48.
	dstCache [256]struct {
		mac uint64
		n   *uint64
	}

	merged bool // mergeFront has run
}

func newFront(host *kernel.Host, variants []Variant, laneOn bool) front {
	return front{host: host, host48: mac48(host.MAC[:]), variants: variants, on: laneOn,
		classes: map[dissect.Class]*counts{}, dsts: map[uint64]*uint64{}}
}

// take counts fr and returns true when the lane took it: then nothing is
// left to do for it. Otherwise the frame goes the full way.
func (f *front) take(fr *source.Frame) bool {
	f.frames++
	if fr.CapLen < fr.OrigLen {
		f.truncated++
	}
	b := fr.Data
	if fr.LinkType != source.LinkEthernet || fr.Dir == source.DirOutbound || len(b) < dissect.EthernetHeaderLen {
		return false
	}
	if f.host.MACKnown && mac48(b[6:12]) == f.host48 {
		return false // the host's own: outgoing
	}
	d := mac48(b[0:6])
	f.countDst(d)
	if !f.on {
		return false
	}
	t := dissect.EtherType(uint16(b[12])<<8 | uint16(b[13]))
	if !laneType(t) {
		return false
	}
	i, key := cacheKey48(uint16(t), macKind(d, f.host48, f.host.MACKnown))
	ent := &f.lane.ents[i]
	if f.lane.keys[i] != key {
		f.fillLane(ent, b, fr.OrigLen)
		f.lane.keys[i] = key
	}
	if !ent.ok {
		return false
	}
	f.analysed++
	f.delivered++
	ent.counts[kernel.Delivered]++
	if ent.tap {
		f.toTap++
	}
	if ent.otherHost {
		f.otherHost++
	}
	return true
}

// fillLane sets the lane entry of the frame b (wireLen bytes on the wire).
func (f *front) fillLane(ent *laneEntry, b []byte, wireLen int) {
	eth, _ := dissect.ParseEthernet(b)
	in := kernel.Input{Eth: eth, WireLen: wireLen}
	v := kernel.Classify(f.host, in)
	ok := v.Outcome == kernel.Delivered && !v.Uncertain
	for j := range f.variants {
		if kernel.Classify(&f.variants[j].Host, in).Outcome.Counted() {
			ok = false
		}
	}
	*ent = laneEntry{ok: ok, tap: v.Tap, otherHost: v.PktType == kernel.PacketOtherHost}
	if ok {
		class := dissect.ClassifyPayload(dissect.EtherType(eth.TypeLen), nil)
		c := f.classes[class]
		if c == nil {
			c = new(counts)
			f.classes[class] = c
		}
		ent.counts = c
	}
}

// countDst counts a unicast destination d (mac48) for the host-MAC hint,
// a run of frames to one destination at a time.
func (f *front) countDst(d uint64) {
	if d>>40&1 != 0 {
		return // multicast
	}
	if d != f.dstRun || f.dstRunN == 0 {
		f.flushDsts()
		f.dstRun = d
	}
	f.dstRunN++
}

// flushDsts adds the pending run of frames to one unicast destination to
// dsts. Within a run only the first frame can be refused by the bound, so
// adding the run at once counts what adding each frame would.
func (f *front) flushDsts() {
	if f.dstRunN == 0 {
		return
	}
	m := f.dstRun
	c := &f.dstCache[uint8(m*0x9e3779b97f4a7c15>>56)]
	if c.n != nil && c.mac == m {
		*c.n += f.dstRunN
		f.dstRunN = 0
		return
	}
	n := f.dsts[m]
	if n == nil {
		if len(f.dsts) >= maxDsts {
			f.dstRunN = 0
			return
		}
		n = new(uint64)
		f.dsts[m] = n
	}
	*n += f.dstRunN
	c.mac, c.n = m, n
	f.dstRunN = 0
}

// merge adds what the front counted to the engine's totals and classes,
// once, when the inputs are done.
func (e *engine) mergeFront() {
	f := &e.f
	if f.merged {
		return
	}
	f.merged = true
	f.flushDsts()
	e.t.Frames += f.frames
	e.t.Truncated += f.truncated
	e.t.Analysed += f.analysed
	e.t.Delivered += f.delivered
	e.t.DeliveredToTap += f.toTap
	e.otherHost += f.otherHost
	for c, n := range f.classes {
		r := e.ct.row(c)
		for i := range n {
			r.counts[i] += n[i]
		}
	}
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

// laneType reports whether a frame of type/length t can take the lane:
// not when its verdict or class needs more than the EtherType and the
// kind of destination: 802.3 lengths, VLAN tags (0x9100 included, which
// the class looks through), IPv6 (the class reads the upper layer) and
// slow protocols (the subtype).
func laneType(t dissect.EtherType) bool {
	return t >= dissect.EtherTypeMin && !t.IsVLAN() && t != dissect.EtherTypeQinQOld && t != dissect.EtherTypeIPv6 && t != dissect.EtherTypeSlow
}
