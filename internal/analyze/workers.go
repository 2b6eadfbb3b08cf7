package analyze

import (
	"context"

	"github.com/dropscope/dropscope/internal/source"
)

// With Workers > 1 an input is analysed on two goroutines: one reads the
// capture and runs the front (the frame counts, the destinations, the
// lane, which takes most frames of a busy link), the other runs the full
// path on the frames the lane leaves, which the first copies into
// batches. Each goroutine keeps counters of its own, and the full path
// sees its frames in capture order, so the report is byte for byte the
// one of a single goroutine.
const (
	batchArena  = 1 << 20
	batchFrames = 4096
	batchCount  = 4
)

type batch struct {
	arena  []byte
	frames []source.Frame
	index  []uint64 // frame number of each frame
}

// splitSink is the reading goroutine's sink: it batches the frames the
// front leaves to the full path.
type splitSink struct {
	f    *front
	full chan *batch
	free chan *batch
	cur  *batch
}

func (s *splitSink) fullPath(fr *source.Frame) {
	if s.cur != nil && len(s.cur.arena)+len(fr.Data) > cap(s.cur.arena) {
		s.send()
	}
	if s.cur == nil {
		b := <-s.free
		b.arena, b.frames, b.index = b.arena[:0], b.frames[:0], b.index[:0]
		s.cur = b
	}
	s.add(s.cur, fr)
	if len(s.cur.frames) == batchFrames {
		s.send()
	}
}

// add copies fr's bytes into b's arena and appends it. An empty arena
// holds any record (the readers refuse records over 256 KiB); were one
// larger, append would move the arena and the frames before it would
// keep the old one.
func (s *splitSink) add(b *batch, fr *source.Frame) {
	off := len(b.arena)
	b.arena = append(b.arena, fr.Data...)
	c := *fr
	c.Data = b.arena[off:len(b.arena):len(b.arena)]
	b.frames = append(b.frames, c)
	b.index = append(b.index, s.f.frames)
}

func (s *splitSink) send() {
	if s.cur != nil && len(s.cur.frames) > 0 {
		s.full <- s.cur
		s.cur = nil
	}
}

// readSplit is readFrames on a goroutine of its own, the full path on
// this one.
func (e *engine) readSplit(ctx context.Context, input int, src source.Input, r *inputRun) {
	s := &splitSink{f: &e.f, full: make(chan *batch, batchCount), free: make(chan *batch, batchCount)}
	for i := 0; i < batchCount; i++ {
		s.free <- &batch{arena: make([]byte, 0, batchArena), frames: make([]source.Frame, 0, batchFrames), index: make([]uint64, 0, batchFrames)}
	}
	go func() {
		defer close(s.full)
		e.readFrames(ctx, src, r, s)
		s.send()
	}()
	for b := range s.full {
		for i := range b.frames {
			e.frameIndex = b.index[i]
			e.fullFrame(input, &b.frames[i], b.frames[i].TS)
		}
		s.free <- b
	}
}

// inputOffset is how many bytes of in were read, for inputs that say.
func inputOffset(in source.Input) int64 {
	if o, ok := in.(interface{ Offset() int64 }); ok {
		return o.Offset()
	}
	return 0
}
