package report

import (
	"sort"
	"strconv"
	"time"
)

// Timeline is the counted frames (rx_dropped and rx_nohandler) per time
// bucket, split by class. Buckets are contiguous: bucket i starts at
// Start + i*BucketSeconds and empty buckets are present with zero counts.
type Timeline struct {
	// BucketSeconds is the width of every bucket, in seconds. Bucket starts
	// are multiples of it since the Unix epoch.
	BucketSeconds int64     `json:"bucket_seconds"`
	Start         time.Time `json:"start_time"` // start of the first bucket, UTC
	// Classes names the series: the classes with the most counted frames,
	// most first, then "other" when further classes were folded into it.
	Classes []string         `json:"classes"`
	Buckets []TimelineBucket `json:"buckets"`
}

// TimelineBucket is one time bucket of a Timeline.
type TimelineBucket struct {
	Start   time.Time `json:"start_time"` // UTC
	Counted uint64    `json:"counted"`    // frames, the sum of Counts
	// Counts holds the frames of each class of Timeline.Classes, in the
	// same order.
	Counts []uint64 `json:"counts"`
}

// TimelineCell is the number of counted frames of one class in one bucket
// of a finer grid; BuildTimeline folds cells into a Timeline.
type TimelineCell struct {
	Bucket int64 // bucket start, Unix seconds, a multiple of the grid width
	Class  string
	Frames uint64
}

const (
	// TimelineMaxBuckets bounds the buckets of a built Timeline.
	TimelineMaxBuckets = 120
	// TimelineMaxClasses bounds the named series; the rest become "other".
	TimelineMaxClasses = 6
	// TimelineOther names the series of the classes beyond the top ones.
	TimelineOther = "other"
)

// niceWidths are the bucket widths, in seconds, a Timeline prefers.
var niceWidths = []int64{1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800,
	21600, 43200, 86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400}

// BuildTimeline folds cells, counted on a grid of width seconds (cell
// buckets are multiples of width), into at most TimelineMaxBuckets
// buckets and TimelineMaxClasses named classes. The bucket width is the
// smallest preferred width (1 s, 2 s, 5 s, 10 s, ... 1 h, ... 1 d, ...)
// that is a multiple of width and keeps the span within the bound. It
// returns nil when cells hold no frame.
func BuildTimeline(width int64, cells []TimelineCell) *Timeline {
	if width <= 0 {
		width = 1
	}
	var (
		lo, hi int64
		seen   bool
		total  = map[string]uint64{}
	)
	for _, c := range cells {
		if c.Frames == 0 {
			continue
		}
		if !seen || c.Bucket < lo {
			lo = c.Bucket
		}
		if !seen || c.Bucket > hi {
			hi = c.Bucket
		}
		seen = true
		total[c.Class] += c.Frames
	}
	if !seen {
		return nil
	}
	w := chooseWidth(width, lo, hi)
	start := floorDiv(lo, w) * w
	nb := int(floorDiv(hi, w)-floorDiv(lo, w)) + 1

	names := make([]string, 0, len(total))
	for c := range total {
		names = append(names, c)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := names[i], names[j]
		if total[a] != total[b] {
			return total[a] > total[b]
		}
		return a < b
	})
	index := map[string]int{}
	classes := names
	if len(names) > TimelineMaxClasses {
		classes = append(append([]string(nil), names[:TimelineMaxClasses-1]...), TimelineOther)
	}
	for i, c := range names {
		if i < len(classes)-1 || len(classes) == len(names) {
			index[c] = i
		} else {
			index[c] = len(classes) - 1
		}
	}
	t := &Timeline{BucketSeconds: w, Start: time.Unix(start, 0).UTC(), Classes: classes,
		Buckets: make([]TimelineBucket, nb)}
	for i := range t.Buckets {
		t.Buckets[i] = TimelineBucket{Start: time.Unix(start+int64(i)*w, 0).UTC(), Counts: make([]uint64, len(classes))}
	}
	for _, c := range cells {
		if c.Frames == 0 {
			continue
		}
		b := &t.Buckets[floorDiv(c.Bucket-start, w)]
		b.Counts[index[c.Class]] += c.Frames
		b.Counted += c.Frames
	}
	return t
}

// Cells lists t's counts as cells on its own grid, for rebuilding.
func (t *Timeline) Cells() []TimelineCell {
	var cs []TimelineCell
	for _, b := range t.Buckets {
		for i, n := range b.Counts {
			if n > 0 && i < len(t.Classes) {
				cs = append(cs, TimelineCell{Bucket: b.Start.Unix(), Class: t.Classes[i], Frames: n})
			}
		}
	}
	return cs
}

func chooseWidth(width, lo, hi int64) int64 {
	fits := func(w int64) bool { return floorDiv(hi, w)-floorDiv(lo, w) < TimelineMaxBuckets }
	for _, w := range niceWidths {
		if w >= width && w%width == 0 && fits(w) {
			return w
		}
	}
	w := width
	for !fits(w) {
		w *= 2
	}
	return w
}

// floorDiv is a / b rounded toward minus infinity, for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// WidthText names a bucket width for people: "10 s", "1 min", "2 h".
func WidthText(sec int64) string {
	switch {
	case sec >= 86400 && sec%86400 == 0:
		return strconv.FormatInt(sec/86400, 10) + " d"
	case sec >= 3600 && sec%3600 == 0:
		return strconv.FormatInt(sec/3600, 10) + " h"
	case sec >= 60 && sec%60 == 0:
		return strconv.FormatInt(sec/60, 10) + " min"
	}
	return strconv.FormatInt(sec, 10) + " s"
}
