package source

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Bounds on what one record may make the reader hold.
const (
	// maxRecord bounds one record's captured length, whatever the header
	// says (libpcap's MAXIMUM_SNAPLEN).
	maxRecord = 256 * 1024
	// maxBlock bounds a pcapng block's total length (Wireshark's
	// MAX_BLOCK_SIZE in wiretap/pcapng.c).
	maxBlock = 16 * 1024 * 1024
)

// FormatError reports a record or block header that cannot be right: a
// length under the header's own size, over the bound, or past the end of
// its block. Reading stops there, since the records after it cannot be
// found.
type FormatError struct {
	Offset int64 // byte offset, in the (decompressed) capture, of the record or block
	Err    error
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("record at byte %d: %v", e.Offset, e.Err)
}

func (e *FormatError) Unwrap() error { return e.Err }

// pcapng block types (draft-ietf-opsawg-pcapng §4) and their least total
// lengths.
const (
	blockSHB = 0x0a0d0d0a
	blockIDB = 1
	blockPB  = 2 // obsolete Packet Block
	blockSPB = 3
	blockNRB = 4
	blockISB = 5
	blockEPB = 6
	blockDSB = 10
)

func minBlockLen(typ uint32) uint32 {
	switch typ {
	case blockSHB:
		return 28
	case blockIDB:
		return 20
	case blockPB, blockEPB:
		return 32
	case blockSPB:
		return 16
	case blockISB:
		return 24
	case blockDSB:
		return 20
	}
	return 12
}

// What the gate checks next.
type gateKind uint8

const (
	kPcapFile   gateKind = iota // the 24-byte pcap file header
	kPcapRecord                 // a 16-byte pcap record header
	kBlock                      // a pcapng block header (8 bytes, more for some types)
	kOption                     // a 4-byte pcapng option header inside a block
)

// gate passes the capture bytes on to pcapgo and checks every record,
// block and option header on the way, before pcapgo has all of it: a length
// over the bounds or past its block ends the stream with a *FormatError
// instead of reaching pcapgo, which would allocate what the length says or
// read on across record boundaries. It also knows where each record starts,
// so a stream that ends inside one names that record's offset.
type gate struct {
	r   io.Reader
	off int64 // bytes passed on

	kind gateKind
	at   int64 // offset of the header to check next
	need int   // bytes of it to collect before checking
	hdr  [28]byte
	hn   int   // bytes of it collected
	rec  int64 // start of the record or block being passed on
	end  int64 // pcapng: the offset just past the block at rec
	// optEnd is the end of the options of the block at rec: its length
	// trailer.
	optEnd int64

	be bool // big-endian (pcap header, or the current pcapng section)
	// The first interface's snap length in the current section: a Simple
	// Packet Block's captured length is its original length capped by it.
	snap0  uint32
	ifaces int
	// Where the sections passed on start and their byte order, for
	// orderAt; the oldest are dropped past maxMarks.
	marks []sectionMark

	err    error // the *FormatError that ended the stream
	srcErr error // the error r returned, io.EOF at a clean end
}

// sectionMark is a section header the gate passed on.
type sectionMark struct {
	off int64
	be  bool
}

const maxMarks = 64

// orderAt returns the byte order of the pcapng section that holds the
// byte at pos (which the gate has passed on), ok false when that is not
// known any more. Marks before the section of pos are forgotten: pos only
// grows.
func (g *gate) orderAt(pos int64) (be, ok bool) {
	i := 0
	for i+1 < len(g.marks) && g.marks[i+1].off <= pos {
		i++
	}
	if i > 0 {
		g.marks = append(g.marks[:0], g.marks[i:]...)
	}
	if len(g.marks) == 0 || g.marks[0].off > pos {
		return false, false // before every mark kept
	}
	return g.marks[0].be, true
}

func newGate(r io.Reader, pcapng bool) *gate {
	g := &gate{r: r, kind: kPcapFile, need: 24}
	if pcapng {
		g.kind, g.need = kBlock, 8
	}
	return g
}

func (g *gate) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	if n > 0 {
		m, ferr := g.scan(p[:n])
		g.off += int64(m)
		if ferr != nil {
			g.err = ferr
			if m == 0 {
				return 0, ferr
			}
			return m, nil
		}
	}
	if err != nil {
		g.srcErr = err
	}
	return n, err
}

// scan checks the headers that p, the bytes at g.off, completes. On a bad
// header it returns how many bytes of p come before that header.
func (g *gate) scan(p []byte) (int, error) {
	base := g.off
	for {
		pos := g.at + int64(g.hn)
		if pos >= base+int64(len(p)) {
			return len(p), nil
		}
		j := int(pos - base)
		k := copy(g.hdr[g.hn:g.need], p[j:])
		g.hn += k
		if g.hn < g.need {
			return len(p), nil
		}
		if err := g.check(); err != nil {
			return int(max(0, g.at-base)), &FormatError{Offset: g.rec, Err: err}
		}
	}
}

func (g *gate) u16(b []byte) uint16 {
	if g.be {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

func (g *gate) u32(b []byte) uint32 {
	if g.be {
		return binary.BigEndian.Uint32(b)
	}
	return binary.LittleEndian.Uint32(b)
}

// next makes the header of kind k at offset at the one to check.
func (g *gate) next(k gateKind, at int64, need int) {
	g.kind, g.at, g.need, g.hn = k, at, need, 0
}

func pad4(n uint32) int64 { return int64(n+3) &^ 3 }

// check checks the g.need collected bytes of the header at g.at. It either
// asks for more bytes of the same header or moves on to the next one.
func (g *gate) check() error {
	h := g.hdr[:g.hn]
	switch g.kind {
	case kPcapFile:
		g.be = binary.LittleEndian.Uint32(h) != 0xa1b2c3d4 && binary.LittleEndian.Uint32(h) != 0xa1b23c4d
		g.next(kPcapRecord, 24, 16)
	case kPcapRecord:
		g.rec = g.at
		caplen := g.u32(h[8:12])
		if caplen > maxRecord {
			return fmt.Errorf("captured length %d is over the %d-byte limit", caplen, maxRecord)
		}
		g.next(kPcapRecord, g.at+16+int64(caplen), 16)
	case kBlock:
		return g.checkBlock(h)
	case kOption:
		code, l := g.u16(h[0:2]), g.u16(h[2:4])
		if code == 0 {
			// opt_endofopt: the rest of the block is skipped.
			g.next(kBlock, g.end, 8)
			return nil
		}
		end := g.at + 4 + pad4(uint32(l))
		if end > g.optEnd {
			return fmt.Errorf("option %d at byte %d: length %d runs past the end of the block", code, g.at, l)
		}
		g.nextOption(end)
	}
	return nil
}

// nextOption moves to the option header at off, or to the next block when
// the options end there.
func (g *gate) nextOption(off int64) {
	if off < g.optEnd {
		g.next(kOption, off, 4)
		return
	}
	g.next(kBlock, g.end, 8)
}

func (g *gate) checkBlock(h []byte) error {
	g.rec = g.at
	typ := binary.LittleEndian.Uint32(h[0:4]) // the section header type reads the same both ways
	if typ == blockSHB {
		if len(h) < 12 {
			g.need = 12
			return nil
		}
		switch {
		case binary.LittleEndian.Uint32(h[8:12]) == 0x1a2b3c4d:
			g.be = false
		case binary.BigEndian.Uint32(h[8:12]) == 0x1a2b3c4d:
			g.be = true
		default:
			return fmt.Errorf("section header byte-order magic % x", h[8:12])
		}
		g.snap0, g.ifaces = 0, 0
		if len(g.marks) == maxMarks {
			g.marks = append(g.marks[:0], g.marks[1:]...)
		}
		g.marks = append(g.marks, sectionMark{g.at, g.be})
	} else {
		typ = g.u32(h[0:4])
	}
	length := g.u32(h[4:8])
	switch {
	case length%4 != 0:
		return fmt.Errorf("block type %#x: length %d is not a multiple of 4", typ, length)
	case length < minBlockLen(typ):
		return fmt.Errorf("block type %#x: length %d is under the %d bytes of its fixed part", typ, length, minBlockLen(typ))
	case length > maxBlock:
		return fmt.Errorf("block type %#x: length %d is over the %d-byte limit", typ, length, maxBlock)
	}
	g.end, g.optEnd = g.at+int64(length), g.at+int64(length)-4
	var want int
	switch typ {
	case blockEPB, blockPB:
		want = 28
	case blockIDB, blockDSB:
		want = 16
	case blockSPB:
		want = 12
	}
	if len(h) < want {
		g.need = want
		return nil
	}
	switch typ {
	case blockSHB:
		g.nextOption(g.at + 24)
	case blockIDB:
		if g.ifaces == 0 {
			g.snap0 = g.u32(h[12:16])
		}
		g.ifaces++
		g.nextOption(g.at + 16)
	case blockISB:
		g.nextOption(g.at + 20)
	case blockEPB, blockPB:
		caplen := g.u32(h[20:24])
		if err := g.checkCaplen(caplen, 28, length); err != nil {
			return err
		}
		if typ == blockPB {
			g.next(kBlock, g.end, 8)
			break
		}
		g.nextOption(g.at + 28 + pad4(caplen))
	case blockSPB:
		caplen := g.u32(h[8:12])
		if g.ifaces > 0 && g.snap0 != 0 && caplen > g.snap0 {
			caplen = g.snap0
		}
		if err := g.checkCaplen(caplen, 12, length); err != nil {
			return err
		}
		g.next(kBlock, g.end, 8)
	case blockDSB:
		if n := g.u32(h[12:16]); int64(n) > int64(length)-20 {
			return fmt.Errorf("decryption secrets length %d does not fit in the block length %d", n, length)
		}
		g.next(kBlock, g.end, 8)
	default:
		g.next(kBlock, g.end, 8)
	}
	return nil
}

// checkCaplen checks a packet block's captured length against the bound
// and against the block length, which must hold it (padded to 4 bytes)
// after the fixed part of fixed bytes and before the 4-byte trailer.
func (g *gate) checkCaplen(caplen uint32, fixed int64, length uint32) error {
	if caplen > maxRecord {
		return fmt.Errorf("captured length %d is over the %d-byte limit", caplen, maxRecord)
	}
	if fixed+pad4(caplen)+4 > int64(length) {
		return fmt.Errorf("captured length %d does not fit in the block length %d", caplen, length)
	}
	return nil
}

// truncated reports whether the stream ended inside a record, and the
// offset of that record. A compressed stream cut short ends with
// io.ErrUnexpectedEOF even between records.
func (g *gate) truncated() (int64, bool) {
	if g.srcErr == nil {
		return 0, false
	}
	recordLevel := g.kind == kPcapRecord || g.kind == kBlock
	switch {
	case recordLevel && g.off == g.at && g.hn == 0:
		return g.at, errors.Is(g.srcErr, io.ErrUnexpectedEOF)
	case recordLevel && g.off > g.at:
		return g.at, true
	}
	return g.rec, true
}
