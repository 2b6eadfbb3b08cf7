package samplegen

import (
	"math/rand/v2"
	"sort"
	"time"
)

// seed is the first word of every PCG source; the second word names the
// stream, so adding a stream never changes the frames of another.
const seed = 0x64726f7073636f70 // "dropscop"

func newRand(stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}

// uniform returns a float64 in [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 {
	return lo + float64(r.Float64()*(hi-lo)) // the conversion forbids a fused multiply-add, which would differ by platform
}

// expo returns an exponentially distributed interval with the given mean,
// clamped to [lo, hi].
func expo(r *rand.Rand, mean, lo, hi float64) float64 {
	return min(max(r.ExpFloat64()*mean, lo), hi)
}

// sched collects frames of several generators and orders them by time.
// Times are seconds since Start, kept to the microsecond.
type sched struct {
	end   float64 // frames at or after end are discarded, as are negative times
	items []schedItem
}

type schedItem struct {
	us   int64
	seq  int
	data []byte
	note string
}

func (s *sched) add(t float64, data []byte, note string) {
	if t < 0 || t >= s.end {
		return
	}
	us := int64(float64(t*1e6) + 0.5)
	s.items = append(s.items, schedItem{us: us, seq: len(s.items), data: data, note: note})
}

// packets returns the collected frames in time order (ties keep the order
// of add) as inbound frames on interface 0.
func (s *sched) packets() []Packet {
	sort.SliceStable(s.items, func(i, j int) bool { return s.items[i].us < s.items[j].us })
	out := make([]Packet, len(s.items))
	for i, it := range s.items {
		out[i] = Packet{
			Time:    Start.Add(time.Duration(it.us) * time.Microsecond),
			Data:    it.data,
			OrigLen: len(it.data),
			Dir:     DirInbound,
			Note:    it.note,
		}
	}
	return out
}
