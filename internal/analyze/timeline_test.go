package analyze

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/dropscope/dropscope/dissect"
)

// TestTimelinePending: counting through the rows' pending counts (addRow)
// builds the same timeline as adding every frame to the map (add), also
// when the bounds force the buckets to coarsen in the middle of a run.
func TestTimelinePending(t *testing.T) {
	classes := []dissect.Class{
		{Kind: dissect.ClassSTP, Sub: 3},
		{Kind: dissect.ClassIPv6DHCPv6, Sub: 1},
		{Kind: dissect.ClassEtherType, Sub: 0x88cc},
		{Kind: dissect.ClassSNAP, Sub: 0x2000, OUI: 0x00000c},
	}
	coarsened := 0
	for seed := uint64(0); seed < 40; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		var direct, pending timeline
		ct := newClassTab(0)
		ts := int64(1_700_000_000e9) + r.Int64N(1e12)
		n := 2000 + r.IntN(20000)
		if seed%3 == 0 {
			n = 1000 + r.IntN(1000) // stays under the bucket bound
		}
		for i := 0; i < n; i++ {
			// Mostly small steps forward, sometimes jumps (new buckets,
			// coarsening) and steps back (unordered captures).
			// Three kinds of run: fine buckets only (no coarsening, where a
			// wrong bucket would show), jumps that coarsen, and times at
			// the ends of int64 nanoseconds (where clamped times sit).
			switch x := r.IntN(1000); {
			case seed%3 == 2 && x < 3:
				ts = math.MaxInt64 - r.Int64N(3e9)
			case seed%3 == 2 && x < 6:
				ts = math.MinInt64 + r.Int64N(3e9)
			case seed%3 != 0 && x < 20:
				ts += r.Int64N(1e14)
			case x < 40:
				ts -= r.Int64N(1e12)
			case x < 500:
				ts += r.Int64N(1e7)
			default:
				ts += r.Int64N(4e9)
			}
			c := classes[r.IntN(len(classes))]
			direct.add(ts, c)
			pending.addRow(ts, ct.row(c))
		}
		a, b := direct.build(), pending.build()
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("seed %d, %d frames: timelines differ:\nmap:     %+v\npending: %+v", seed, n, a, b)
		}
		if direct.width > 1 {
			coarsened++
			if seed%3 == 0 {
				t.Fatalf("seed %d: a fine-bucket run coarsened", seed)
			}
		}
	}
	if coarsened < 10 {
		t.Fatalf("only %d of 40 runs coarsened the buckets: the test does not reach coarsen", coarsened)
	}
	t.Logf("%d of 40 runs coarsened the buckets", coarsened)
}
