package analyze

import "github.com/dropscope/dropscope/internal/source"

// frame runs one frame through the pipeline as readFrames does with one
// goroutine: the front, then the full path unless the front took it.
func (e *engine) frame(input int, fr *source.Frame) {
	if !e.f.take(fr) {
		(&inline{e: e, input: input}).fullPath(fr)
	}
}
