package analyze

import (
	"math"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/report"
)

const (
	// timelineMaxBuckets bounds the fine buckets kept while streaming; when
	// a frame would open one more, adjacent pairs are merged and the width
	// doubles.
	timelineMaxBuckets = 4096
	// timelineMaxCells bounds the (bucket, class) counters kept.
	timelineMaxCells = 64 * 1024
)

type timelineKey struct {
	bucket int64 // bucket index: Unix seconds / width, rounded down
	class  dissect.Class
}

// timeline counts counted frames per fine time bucket and class in
// bounded memory. The zero value is ready to use with 1 s buckets.
type timeline struct {
	width   int64 // seconds; 0 means 1
	cells   map[timelineKey]uint64
	buckets map[int64]struct{}
	// Rows whose pending count (classRow.tlPending) belongs to a cell
	// that exists; added to it by flush.
	live []*classRow
}

// addRow counts one frame of r's class at ts: in r's pending count while
// the frame falls in the bucket of r's last frame (the Unix nanoseconds
// [tlLo, tlHi)), else through add.
func (t *timeline) addRow(ts int64, r *classRow) {
	if r.tlOn && ts >= r.tlLo && ts < r.tlHi {
		r.tlPending++
		return
	}
	if r.tlOn {
		t.cells[timelineKey{bucket: r.tlBucket, class: r.class}] += r.tlPending
		r.tlPending = 0
	}
	t.add(ts, r.class) // a coarsen in add flushes every row, r included
	if !r.tlOn {
		t.live = append(t.live, r)
	}
	b := floorDivInt64(floorDivInt64(ts, 1e9), t.width)
	r.tlOn, r.tlBucket, r.tlPending = true, b, 0
	// The bucket's nanoseconds; near the ends of int64 the range is left
	// empty and every frame takes the way above.
	r.tlLo, r.tlHi = 0, 0
	if lo, hi := b*t.width, (b+1)*t.width; lo > math.MinInt64/int64(1e9) && hi < math.MaxInt64/int64(1e9) {
		r.tlLo, r.tlHi = lo*1e9, hi*1e9
	}
}

// flush adds the pending counts to their cells and forgets the rows.
func (t *timeline) flush() {
	for _, r := range t.live {
		if r.tlPending > 0 {
			t.cells[timelineKey{bucket: r.tlBucket, class: r.class}] += r.tlPending
		}
		r.tlOn, r.tlPending = false, 0
	}
	t.live = t.live[:0]
}

// add counts one frame of class at ts (Unix nanoseconds).
func (t *timeline) add(ts int64, class dissect.Class) {
	if t.cells == nil {
		t.width = 1
		t.cells = map[timelineKey]uint64{}
		t.buckets = map[int64]struct{}{}
	}
	sec := floorDivInt64(ts, 1e9)
	k := timelineKey{bucket: floorDivInt64(sec, t.width), class: class}
	if _, ok := t.cells[k]; !ok {
		_, open := t.buckets[k.bucket]
		for i := 0; i < 62 && ((!open && len(t.buckets) >= timelineMaxBuckets) || len(t.cells) >= timelineMaxCells); i++ {
			t.coarsen()
			k.bucket = floorDivInt64(sec, t.width)
			if _, ok := t.cells[k]; ok {
				break
			}
			_, open = t.buckets[k.bucket]
		}
	}
	t.cells[k]++
	t.buckets[k.bucket] = struct{}{}
}

// coarsen doubles the bucket width, merging each pair of buckets.
func (t *timeline) coarsen() {
	t.flush()
	t.width *= 2
	cells := make(map[timelineKey]uint64, len(t.cells))
	buckets := make(map[int64]struct{}, len(t.buckets))
	for k, n := range t.cells {
		k.bucket = floorDivInt64(k.bucket, 2)
		cells[k] += n
		buckets[k.bucket] = struct{}{}
	}
	t.cells, t.buckets = cells, buckets
}

// build folds the fine buckets into the report's timeline; nil when
// nothing was counted.
func (t *timeline) build() *report.Timeline {
	t.flush()
	if len(t.cells) == 0 {
		return nil
	}
	cs := make([]report.TimelineCell, 0, len(t.cells))
	for k, n := range t.cells {
		cs = append(cs, report.TimelineCell{Bucket: k.bucket * t.width, Class: k.class.String(), Frames: n})
	}
	return report.BuildTimeline(t.width, cs)
}

func floorDivInt64(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
