package analyze

import (
	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
)

// classRow is everything counted per class: the verdict counters, the
// what-if counts, the last drop row and the pending timeline count.
type classRow struct {
	class    dissect.Class
	counts   counts
	variants []uint64 // frames each what-if variant counts, by variant

	// The drop row of the last counted frame of this class, by its key.
	dropProto   dissect.EtherType
	dropOutcome kernel.Outcome
	dropReason  kernel.Reason
	drop        *span

	// Frames of this class in timeline bucket tlBucket not yet added to
	// the timeline (valid while tlOn).
	tlOn       bool
	tlBucket   int64
	tlLo, tlHi int64 // the bucket's first and past-the-end Unix nanoseconds
	tlPending  uint64
}

// classTab interns classes: a class's row is found through a small
// direct-mapped cache in front of a map, so a frame costs no map access
// while its class is in the cache.
type classTab struct {
	ids   map[dissect.Class]int
	rows  []*classRow
	nvar  int
	cache [64]*classRow
}

func newClassTab(variants int) classTab {
	return classTab{ids: map[dissect.Class]int{}, nvar: variants}
}

// row returns the row of c, creating it.
func (t *classTab) row(c dissect.Class) *classRow {
	h := (uint32(c.Kind)*0x9e3779b1 ^ uint32(c.Sub)*0x85ebca6b ^ c.OUI*0xc2b2ae35) >> 26
	if r := t.cache[h]; r != nil && r.class == c {
		return r
	}
	i, ok := t.ids[c]
	if !ok {
		i = len(t.rows)
		t.ids[c] = i
		t.rows = append(t.rows, &classRow{class: c, variants: make([]uint64, t.nvar)})
	}
	r := t.rows[i]
	t.cache[h] = r
	return r
}
