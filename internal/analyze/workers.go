package analyze

import (
	"runtime/debug"
	"sync"

	"github.com/dropscope/dropscope/internal/source"
)

// Read-ahead batches: frames are copied out of the reader's buffer into
// the arena of a batch, and a few batches circulate between the reading
// goroutine and the analysis.
const (
	batchArena  = 1 << 20
	batchFrames = 8192
	batchCount  = 4
)

type batch struct {
	arena  []byte
	frames []source.Frame
	err    error // what ended the input after these frames, or nil
}

// prefetch is a source.Input whose frames are read, decompressed and
// copied on a goroutine of their own while the caller analyses the
// previous batch. It yields exactly the frames and the error of the input
// it wraps, in the same order.
type prefetch struct {
	in   source.Input
	full chan *batch
	free chan *batch
	stop chan struct{}
	once sync.Once
	cur  *batch
	i    int
	err  error // sticky, once the batch that carried it is used up
}

func newPrefetch(in source.Input) *prefetch {
	p := &prefetch{in: in, full: make(chan *batch, batchCount), free: make(chan *batch, batchCount), stop: make(chan struct{})}
	for i := 0; i < batchCount; i++ {
		p.free <- &batch{arena: make([]byte, 0, batchArena), frames: make([]source.Frame, 0, batchFrames)}
	}
	go p.run()
	return p
}

func (p *prefetch) run() {
	defer close(p.full)
	var pending source.Frame // read, but not in the last batch: its bytes are still the reader's
	hasPending := false
	for {
		var b *batch
		select {
		case b = <-p.free:
		case <-p.stop:
			return
		}
		b.arena, b.frames, b.err = b.arena[:0], b.frames[:0], nil
		pending, hasPending = p.fill(b, pending, hasPending)
		select {
		case p.full <- b:
		case <-p.stop:
			return
		}
		if b.err != nil {
			return
		}
	}
}

// fill reads frames into b, after last when has is true, until b is full
// or the input ends (b.err set). A frame read that does not fit is
// returned, its bytes still the reader's. A fault while reading a mapped
// file ends the input with an error, as in readFrames.
func (p *prefetch) fill(b *batch, last source.Frame, has bool) (pending source.Frame, hasPending bool) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if x := recover(); x != nil {
			if !isFault(x) {
				panic(x)
			}
			b.err, hasPending = faultError(x), false
		}
	}()
	if has {
		b.add(last)
	}
	for len(b.frames) < batchFrames {
		fr, err := p.in.Next()
		if err != nil {
			b.err = err
			return
		}
		if len(b.arena)+len(fr.Data) > cap(b.arena) && len(b.frames) > 0 {
			return fr, true
		}
		b.add(fr)
	}
	return
}

// add copies fr's bytes into the arena and appends it.
func (b *batch) add(fr source.Frame) {
	if len(b.arena)+len(fr.Data) > cap(b.arena) {
		b.arena = make([]byte, 0, max(batchArena, len(fr.Data)))
	}
	off := len(b.arena)
	b.arena = append(b.arena, fr.Data...)
	fr.Data = b.arena[off:len(b.arena):len(b.arena)]
	b.frames = append(b.frames, fr)
}

// Next returns the next frame; its Data is valid until the next call.
func (p *prefetch) Next() (source.Frame, error) {
	for {
		if p.cur != nil {
			if p.i < len(p.cur.frames) {
				p.i++
				return p.cur.frames[p.i-1], nil
			}
			if p.cur.err != nil {
				p.err = p.cur.err
			}
			p.free <- p.cur
			p.cur = nil
		}
		if p.err != nil {
			return source.Frame{}, p.err
		}
		b, ok := <-p.full
		if !ok {
			return source.Frame{}, p.err
		}
		p.cur, p.i = b, 0
	}
}

// Info describes the wrapped input.
func (p *prefetch) Info() source.Info { return p.in.Info() }

// Close tells the goroutine to stop and closes nothing else: the caller
// closes the wrapped input, which ends a read the goroutine is blocked in.
func (p *prefetch) Close() error {
	p.once.Do(func() { close(p.stop) })
	return nil
}

// Offset is the wrapped input's, when it has one.
func (p *prefetch) Offset() int64 { return inputOffset(p.in) }

// inputOffset is how many bytes of in were read, for inputs that say.
func inputOffset(in source.Input) int64 {
	if o, ok := in.(interface{ Offset() int64 }); ok {
		return o.Offset()
	}
	return 0
}
