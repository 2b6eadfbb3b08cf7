package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/dropscope/dropscope/internal/hostinfo"
)

// progressMinSize is the input size from which analyze shows progress.
const progressMinSize = 8 << 20

// progressBar draws one status line on a terminal: bytes read of the
// total, frames, frames per second and the time left. It is driven by
// analyze.Options.Progress, on the analysing goroutine.
type progressBar struct {
	w          io.Writer
	total      int64 // bytes of all inputs
	start, due time.Time
	drawn      bool
}

// newProgressBar returns a bar for inputs of total bytes, or nil when
// stderr is not a terminal, quiet is set or the inputs are small.
func newProgressBar(stderr io.Writer, files []string, quiet bool) *progressBar {
	if quiet {
		return nil
	}
	f, ok := stderr.(*os.File)
	if !ok || !hostinfo.IsTerminal(f.Fd()) {
		return nil
	}
	var total int64
	for _, name := range files {
		st, err := os.Stat(name)
		if name == "-" || err != nil || !st.Mode().IsRegular() {
			return nil
		}
		total += st.Size()
	}
	if total < progressMinSize {
		return nil
	}
	now := time.Now()
	return &progressBar{w: stderr, total: total, start: now, due: now.Add(300 * time.Millisecond)}
}

func (p *progressBar) update(frames uint64, bytes int64) {
	now := time.Now()
	if now.Before(p.due) {
		return
	}
	p.due = now.Add(250 * time.Millisecond)
	el := now.Sub(p.start).Seconds()
	frac := min(float64(bytes)/float64(p.total), 1)
	eta := "?"
	if frac > 0.01 {
		eta = time.Duration(el * (1 - frac) / frac * float64(time.Second)).Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r\033[Kdropscope: %s of %s (%.0f%%), %d frames, %s frames/s, %s left",
		sizeIEC(bytes), sizeIEC(p.total), 100*frac, frames, siCount(float64(frames)/el), eta)
	p.drawn = true
}

// clear erases the line.
func (p *progressBar) clear() {
	if p != nil && p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func sizeIEC(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

func siCount(f float64) string {
	switch {
	case f >= 1e6:
		return fmt.Sprintf("%.1fM", f/1e6)
	case f >= 1e3:
		return fmt.Sprintf("%.0fk", f/1e3)
	}
	return fmt.Sprintf("%.0f", f)
}
