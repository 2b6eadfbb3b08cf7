package source

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

// pcapBufSize is the pcap record reader's buffer: room for the largest
// record and its header twice over, so a refill always reads a lot.
const pcapBufSize = 2*(maxRecord+16) + 64*1024

// pcapReader reads classic pcap (both byte orders, µs or ns timestamps)
// straight out of its own buffer. A record is handed out in place, so a
// frame costs no allocation and no copy beyond the one from the kernel
// (or the decompressing goroutine) into the buffer. It checks every
// record header as the gate does: a captured length over maxRecord or
// over the original length ends the stream with a *FormatError, and a
// stream that ends inside a record with a *TruncatedError naming the
// record's offset.
type pcapReader struct {
	pre   *bufio.Reader // what NewReader peeked into; drained first
	r     io.Reader     // the stream after pre's buffered bytes
	mm    *mmapFile     // or the mapped file: buf is its current window
	buf   []byte
	lo    int   // unread bytes are buf[lo:hi]
	hi    int   //
	base  int64 // capture offset of buf[0]
	be    bool
	nsMul uint32 // 1000 for µs timestamps, 1 for ns
	lt    uint16

	snaplen uint32
	ahead   byte  // a byte of the next record, loaded early (next)
	srcErr  error // the error r returned; io.EOF at a clean end
	err     error // sticky: what next returned last
}

// newPcapReader reads the 24-byte file header from pre (whose buffered
// bytes come first) and then r. Errors are the ones pcapgo gives for the
// same header.
func newPcapReader(pre *bufio.Reader, r io.Reader) (*pcapReader, error) {
	return (&pcapReader{pre: pre, r: r, buf: make([]byte, pcapBufSize)}).header()
}

// newPcapReaderMmap reads a mapped file from its start.
func newPcapReaderMmap(mm *mmapFile) (*pcapReader, error) {
	return (&pcapReader{mm: mm}).header()
}

// header reads the 24-byte file header.
func (p *pcapReader) header() (*pcapReader, error) {
	if !p.fill(24) {
		if p.srcErr == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, p.srcErr
	}
	h := p.buf[p.lo : p.lo+24]
	switch binary.LittleEndian.Uint32(h) {
	case 0xa1b2c3d4:
		p.nsMul = 1000
	case 0xa1b23c4d:
		p.nsMul = 1
	case 0xd4c3b2a1:
		p.be, p.nsMul = true, 1000
	case 0x4d3cb2a1:
		p.be, p.nsMul = true, 1
	default:
		return nil, fmt.Errorf("unknown magic %x", binary.LittleEndian.Uint32(h))
	}
	if v := p.u16(h[4:6]); v != 2 {
		return nil, fmt.Errorf("unknown major version %d", v)
	}
	if v := p.u16(h[6:8]); v != 4 {
		return nil, fmt.Errorf("unknown minor version %d", v)
	}
	p.snaplen = p.u32(h[16:20])
	p.lt = uint16(p.u32(h[20:24]))
	p.lo += 24
	return p, nil
}

func (p *pcapReader) u16(b []byte) uint16 {
	if p.be {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

func (p *pcapReader) u32(b []byte) uint32 {
	if p.be {
		return binary.BigEndian.Uint32(b)
	}
	return binary.LittleEndian.Uint32(b)
}

// fill makes at least n bytes unread in the buffer, reading as much as
// fits. It returns false when the stream ends (or fails) first; p.srcErr
// says how.
func (p *pcapReader) fill(n int) bool {
	if p.hi-p.lo >= n {
		return true
	}
	if p.srcErr != nil {
		return false
	}
	if p.mm != nil {
		return p.fillMmap(n)
	}
	if len(p.buf)-p.lo < n || p.lo > len(p.buf)/2 {
		m := copy(p.buf, p.buf[p.lo:p.hi])
		p.base += int64(p.lo)
		p.lo, p.hi = 0, m
	}
	empty := 0
	for p.hi-p.lo < n {
		var m int
		var err error
		if p.pre != nil && p.pre.Buffered() > 0 {
			m, err = p.pre.Read(p.buf[p.hi:])
		} else {
			p.pre = nil
			m, err = p.r.Read(p.buf[p.hi:])
		}
		p.hi += m
		if err != nil {
			p.srcErr = err
			return p.hi-p.lo >= n
		}
		if m == 0 {
			if empty++; empty > 100 {
				p.srcErr = io.ErrNoProgress
				return false
			}
		}
	}
	return true
}

// fillMmap is fill for a mapped file: it maps the window that starts
// with the first unread byte.
func (p *pcapReader) fillMmap(n int) bool {
	pos := p.base + int64(p.lo)
	b, start, err := p.mm.mapAt(pos, n)
	if err != nil {
		p.buf, p.lo, p.hi = nil, 0, 0
		p.srcErr = err
		return false
	}
	if b == nil {
		p.buf, p.base, p.lo, p.hi = nil, pos, 0, 0
	} else {
		p.buf, p.base, p.lo, p.hi = b, start, int(pos-start), len(b)
	}
	if p.hi-p.lo < n {
		p.srcErr = io.EOF // the window ends with the file
		return false
	}
	return true
}

// next reads the next record into fr; fr.Data aliases the buffer until the
// following call.
func (p *pcapReader) next(fr *Frame) error {
	// The common case first: a little-endian record whole in the buffer,
	// with lengths read checks (it returns the errors otherwise).
	if lo := p.lo; p.err == nil && !p.be && p.hi-lo >= 16 {
		h := p.buf[lo : lo+16 : lo+16]
		caplen, origlen := binary.LittleEndian.Uint32(h[8:12]), binary.LittleEndian.Uint32(h[12:16])
		if caplen <= maxRecord && caplen <= origlen && p.hi-lo-16 >= int(caplen) {
			end := lo + 16 + int(caplen)
			p.set(fr, p.buf[lo+16:end:end], binary.LittleEndian.Uint32(h[0:4]), binary.LittleEndian.Uint32(h[4:8]), origlen)
			p.lo = end
			// Load the next record's header now: on a large file it is
			// not in the cache, and the load goes on while the caller
			// analyses this frame instead of stalling the next call.
			if end+16 <= p.hi {
				p.ahead = p.buf[end+8]
			}
			return nil
		}
	}
	if p.err != nil {
		return p.err
	}
	p.err = p.read(fr)
	return p.err
}

func (p *pcapReader) read(fr *Frame) error {
	rec := p.base + int64(p.lo)
	if !p.fill(16) {
		return p.endErr(rec)
	}
	h := p.buf[p.lo : p.lo+16 : p.lo+16]
	var sec, frac, caplen, origlen uint32
	if p.be {
		sec, frac = binary.BigEndian.Uint32(h[0:4]), binary.BigEndian.Uint32(h[4:8])
		caplen, origlen = binary.BigEndian.Uint32(h[8:12]), binary.BigEndian.Uint32(h[12:16])
	} else {
		sec, frac = binary.LittleEndian.Uint32(h[0:4]), binary.LittleEndian.Uint32(h[4:8])
		caplen, origlen = binary.LittleEndian.Uint32(h[8:12]), binary.LittleEndian.Uint32(h[12:16])
	}
	if caplen > maxRecord {
		return &FormatError{Offset: rec, Err: fmt.Errorf("captured length %d is over the %d-byte limit", caplen, maxRecord)}
	}
	if caplen > origlen {
		return &FormatError{Offset: rec, Err: fmt.Errorf("capture length exceeds original packet length: %d > %d", caplen, origlen)}
	}
	n := 16 + int(caplen)
	if !p.fill(n) {
		return p.endErr(rec)
	}
	start := p.lo + 16
	p.lo += n
	p.set(fr, p.buf[start:p.lo:p.lo], sec, frac, origlen)
	return nil
}

// set makes fr the record of data with the header's seconds, fraction and
// original length. Field by field: a composite literal stored through fr
// costs a copy of the whole struct with write barriers.
func (p *pcapReader) set(fr *Frame, data []byte, sec, frac, origlen uint32) {
	fr.Data = data
	// pcapgo scales the fraction in 32 bits, and so does this. An unsigned
	// 32-bit second is always within int64 nanoseconds.
	fr.TS = int64(sec)*1e9 + int64(frac*p.nsMul)
	fr.BadTime = false
	fr.CapLen = len(data)
	fr.OrigLen = int(origlen)
	fr.LinkType = p.lt
	fr.Iface = 0
	fr.Dir = DirUnknown
}

// endErr is the error for a stream that ended before the record at rec
// was whole: io.EOF at a record boundary, a *TruncatedError inside a
// record or when a compressed stream was cut short, and a *FormatError
// naming rec for any other read error.
func (p *pcapReader) endErr(rec int64) error {
	if p.mm != nil && p.srcErr != io.EOF {
		return &FormatError{Offset: rec, Err: fmt.Errorf("mapping the file: %w", p.srcErr)}
	}
	switch {
	case p.srcErr == io.EOF && p.hi == p.lo:
		return io.EOF
	case p.srcErr == io.EOF || errors.Is(p.srcErr, io.ErrUnexpectedEOF):
		return &TruncatedError{Offset: rec, Err: io.ErrUnexpectedEOF}
	}
	return &FormatError{Offset: rec, Err: p.srcErr}
}

// asyncReader reads r on its own goroutine into a few reused chunks, so
// decompression runs on another core than the analysis.
type asyncReader struct {
	full chan []byte
	free chan []byte
	stop chan struct{}
	once sync.Once
	cur  []byte // unread part of chunk
	chnk []byte
	err  error // valid once full is closed
}

const (
	asyncChunk  = 256 * 1024
	asyncChunks = 4
)

func newAsyncReader(r io.Reader) *asyncReader {
	a := &asyncReader{
		full: make(chan []byte, asyncChunks),
		free: make(chan []byte, asyncChunks),
		stop: make(chan struct{}),
	}
	for i := 0; i < asyncChunks; i++ {
		a.free <- make([]byte, asyncChunk)
	}
	go a.run(r)
	return a
}

func (a *asyncReader) run(r io.Reader) {
	defer close(a.full)
	for {
		var b []byte
		select {
		case b = <-a.free:
		case <-a.stop:
			return
		}
		n := 0
		var err error
		for n < len(b) && err == nil {
			var m int
			m, err = r.Read(b[n:])
			n += m
		}
		if n > 0 {
			select {
			case a.full <- b[:n]:
			case <-a.stop:
				return
			}
		}
		if err != nil {
			a.err = err
			return
		}
	}
}

func (a *asyncReader) Read(p []byte) (int, error) {
	if len(a.cur) == 0 {
		b, ok := <-a.full
		if !ok {
			return 0, a.err
		}
		a.cur, a.chnk = b, b
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	if len(a.cur) == 0 {
		a.free <- a.chnk[:cap(a.chnk)]
		a.cur, a.chnk = nil, nil
	}
	return n, nil
}

// Close stops the goroutine; reads after it are not allowed.
func (a *asyncReader) Close() error {
	a.once.Do(func() { close(a.stop) })
	return nil
}

// openPcapRecords reads classic pcap with a pcapReader over pre, then r.
func (f *File) openPcapRecords(pre *bufio.Reader, r io.Reader) error {
	p, err := newPcapReader(pre, r)
	if err != nil {
		return fmt.Errorf("pcap header: %w", err)
	}
	f.info.Format = "pcap"
	f.info.Snaplen = p.snaplen
	f.info.Nanosecond = p.nsMul == 1
	f.pr = p
	return nil
}

// closeBoth closes a, then b.
type closeBoth struct{ a, b io.Closer }

func (c closeBoth) Close() error {
	c.a.Close()
	return c.b.Close()
}

// readCounter counts the bytes read from r; Offset may read the count
// while another goroutine reads.
type readCounter struct {
	r io.ReadCloser
	n atomic.Int64
}

func (c *readCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *readCounter) Close() error { return c.r.Close() }

// Offset is how many bytes of the input (as stored: compressed when it is
// gzip) have been read so far, read-ahead included; for a mapped file, the
// start of the window being read. It is safe to call while another
// goroutine calls Next.
func (f *File) Offset() int64 {
	if f.mm != nil {
		return f.mm.pos.Load()
	}
	return f.read.n.Load()
}

// MaxRecord is the largest captured length a record may have: a longer one
// ends the capture with a *FormatError.
const MaxRecord = maxRecord

// Records is the record reader of a little-endian classic pcap file, for a
// caller that reads the records where they are, without a Frame each: it
// walks Window, hands the whole records it finds on, Advances past them,
// and reads the next record with the File's Next or NextInto, which
// refills the window and reports what is wrong with a record.
type Records struct{ p *pcapReader }

// Records returns f's record reader, when f is little-endian classic pcap.
func (f *File) Records() (*Records, bool) {
	if f.pr == nil || f.pr.be {
		return nil, false
	}
	return &Records{f.pr}, true
}

// Window returns the unread bytes read so far: records of a 16-byte
// little-endian header (seconds, fraction, captured length, original
// length) and the captured bytes, the last maybe not whole. It is empty
// once the reader has failed or ended. The bytes are valid until the next
// call to Next or NextInto of the File.
func (r *Records) Window() []byte {
	if r.p.err != nil {
		return nil
	}
	return r.p.buf[r.p.lo:r.p.hi:r.p.hi]
}

// Advance marks the first n bytes of the window read: they must be whole
// records, which the header checks of the File's reader would pass.
func (r *Records) Advance(n int) { r.p.lo += n }

// FracNanos is what a timestamp fraction is multiplied by for nanoseconds
// (in 32 bits, as pcapgo does): 1000 for microsecond files, 1 for
// nanosecond ones.
func (r *Records) FracNanos() uint32 { return r.p.nsMul }

// LinkType is the file's link type.
func (r *Records) LinkType() uint16 { return r.p.lt }
