package source

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// Info describes an opened input.
type Info struct {
	Name       string // as given; "-" for standard input
	Format     string // "pcap", "pcapng", or "live" for a live capture
	Compressed bool   // gzip
	Size       int64  // bytes on disk (compressed size), -1 when unknown
	Snaplen    uint32 // pcap header snap length; 0 for pcapng
	Nanosecond bool   // pcap with nanosecond timestamps
}

// File is a Source over a pcap or pcapng file.
type File struct {
	info   Info
	closer io.Closer
	g      *gate         // checks the (decompressed) capture bytes
	br     *bufio.Reader // over g: pcapgo reads from it without a buffer of its own
	next   func() (Frame, error)
	pr     *pcapReader // classic pcap: read directly, not through next
	// offset of the record being read, for errors.
	recStart int64
	read     *readCounter // counts the bytes read from the input, for Offset
	mm       *mmapFile    // the mapped file, when classic pcap is read from one
	ng       *ngFast      // pcapng: the packet blocks read in place
}

// Open opens a capture file by name ("-" is standard input) and detects
// gzip, pcap and pcapng from its first bytes.
func Open(name string) (*File, error) {
	var rc io.ReadCloser
	var size int64 = -1
	if name == "-" {
		rc = io.NopCloser(os.Stdin)
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		if st.IsDir() {
			f.Close()
			return nil, errors.New("is a directory")
		}
		size = st.Size()
		rc = f
	}
	s, err := NewReader(name, rc)
	if err != nil {
		rc.Close()
		return nil, err
	}
	s.info.Size = size
	return s, nil
}

const bufSize = 1 << 20

// NewReader reads a capture from r; name is used in reports. Closing the
// File closes r.
func NewReader(name string, r io.ReadCloser) (*File, error) {
	return newReader(name, r, readAuto)
}

// How newReader reads classic pcap.
type readMode uint8

const (
	readAuto   readMode = iota // the record reader, on the mapped file when r is a regular file
	readStream                 // the record reader over r's bytes
	readPcapgo                 // pcapgo behind the gate
)

// newReader is NewReader with a choice of how classic pcap is read.
func newReader(name string, r io.ReadCloser, mode readMode) (*File, error) {
	f := &File{info: Info{Name: name, Size: -1}, closer: r, read: &readCounter{r: r}}
	osFile, mappable := canMmap(r)
	r = f.read
	br := bufio.NewReaderSize(r, bufSize)
	pre, under := br, io.Reader(r)
	magic, err := br.Peek(4)
	if err != nil {
		if len(magic) == 0 {
			return nil, fmt.Errorf("%w: empty file", ErrNotCapture)
		}
		return nil, fmt.Errorf("%w: only %d bytes", ErrNotCapture, len(magic))
	}
	var in io.Reader = br
	if magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("gzip-compressed: %w", err)
		}
		f.info.Compressed = true
		az := newAsyncReader(zr)
		f.closer = closeBoth{az, r}
		zb := bufio.NewReaderSize(az, bufSize)
		pre, under = zb, az
		if magic, err = zb.Peek(4); err != nil {
			if !errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("gzip-compressed: %w", err)
			}
			return nil, fmt.Errorf("%w: gzip holds only %d bytes", ErrNotCapture, len(magic))
		}
		in = zb
	}
	var open func() error
	switch binary.BigEndian.Uint32(magic) {
	case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1:
		if mode == readAuto && mappable && !f.info.Compressed {
			if err := f.openPcapMmap(osFile); err != nil {
				return nil, err
			}
			return f, nil
		}
		if mode != readPcapgo {
			if err := f.openPcapRecords(pre, under); err != nil {
				return nil, err
			}
			return f, nil
		}
		f.g, open = newGate(in, false), f.openPcap
	case 0x0a0d0d0a:
		f.g, open = newGate(in, true), f.openPcapng
	default:
		return nil, fmt.Errorf("%w (starts with % x)", ErrNotCapture, magic)
	}
	// pcapgo takes a *bufio.Reader of 4 KiB or more as it is, so every
	// byte it has consumed is g.off - br.Buffered().
	f.br = bufio.NewReaderSize(f.g, 64*1024)
	if err := open(); err != nil {
		return nil, err
	}
	return f, nil
}

// openPcapMmap reads classic pcap with a pcapReader on the mapped file,
// from its first byte (what was peeked is read again from the mapping).
func (f *File) openPcapMmap(osf *os.File) error {
	st, err := osf.Stat()
	if err != nil {
		return err
	}
	mm := &mmapFile{f: osf, size: st.Size()}
	p, err := newPcapReaderMmap(mm)
	if err != nil {
		mm.Close()
		return fmt.Errorf("pcap header: %w", err)
	}
	f.info.Format = "pcap"
	f.info.Snaplen = p.snaplen
	f.info.Nanosecond = p.nsMul == 1
	f.pr = p
	f.mm = mm
	f.closer = closeBoth{mm, f.closer}
	return nil
}

// pos is the offset of the next byte pcapgo reads.
func (f *File) pos() int64 { return f.g.off - int64(f.br.Buffered()) }

func (f *File) openPcap() error {
	r, err := pcapgo.NewReader(f.br)
	if err != nil {
		return fmt.Errorf("pcap header: %w", f.headerErr(err))
	}
	f.info.Format = "pcap"
	f.info.Snaplen = r.Snaplen()
	f.info.Nanosecond = r.Resolution().Exponent == -9
	// pcapgo refuses records longer than the header's snap length and then
	// loses sync (style.md §3): accept any record up to the bound, which
	// the gate enforces.
	r.SetSnaplen(maxRecord)
	lt := uint16(r.LinkType())
	f.next = func() (Frame, error) {
		f.recStart = f.pos()
		data, ci, err := r.ZeroCopyReadPacketData()
		if err != nil {
			return Frame{}, f.wrapErr(err)
		}
		fr := Frame{Data: data, CapLen: ci.CaptureLength, OrigLen: ci.Length, LinkType: lt}
		fr.SetTime(ci.Timestamp)
		return fr, nil
	}
	return nil
}

func (f *File) openPcapng() error {
	r, err := pcapgo.NewNgReader(f.br, pcapgo.NgReaderOptions{WantMixedLinkType: true, SkipUnknownVersion: true})
	if err != nil {
		return fmt.Errorf("pcapng header: %w", f.headerErr(err))
	}
	f.info.Format = "pcapng"
	f.ng = &ngFast{f: f, r: r}
	f.next = func() (Frame, error) {
		var fr Frame
		f.ng.reset() // pcapgo may read interfaces and sections
		f.recStart = f.pos()
		data, ci, opts, err := r.ZeroCopyReadPacketDataWithOptions()
		if err != nil {
			return Frame{}, f.wrapErr(err)
		}
		fr = Frame{Data: data, CapLen: ci.CaptureLength, OrigLen: ci.Length, Iface: ci.InterfaceIndex}
		fr.SetTime(ci.Timestamp)
		// With WantMixedLinkType pcapgo puts the packet's link type first in
		// the ancillary data (cheaper than copying out its interface).
		fr.LinkType = 0xffff
		if len(ci.AncillaryData) > 0 {
			if lt, ok := ci.AncillaryData[0].(layers.LinkType); ok {
				fr.LinkType = uint16(lt)
			}
		}
		if opts.Flags != nil {
			switch opts.Flags.Direction & pcapgo.NgEpbFlagDirectionMask {
			case pcapgo.NgEpbFlagDirectionInbound:
				fr.Dir = DirInbound
			case pcapgo.NgEpbFlagDirectionOutbound:
				fr.Dir = DirOutbound
			}
		}
		return fr, nil
	}
	return nil
}

func (f *File) wrapErr(err error) error {
	if f.gateErr(err) {
		return f.g.err
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		if at, cut := f.g.truncated(); cut {
			return &TruncatedError{Offset: at, Err: io.ErrUnexpectedEOF}
		}
		if err == io.EOF {
			return io.EOF
		}
		return &TruncatedError{Offset: f.recStart, Err: err}
	}
	return &FormatError{Offset: f.recStart, Err: err}
}

// headerErr is wrapErr for the file or first section header.
func (f *File) headerErr(err error) error {
	if f.gateErr(err) {
		return f.g.err
	}
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// gateErr reports whether pcapgo's err is the gate refusing a header,
// returned as it is or wrapped in pcapgo's own text.
func (f *File) gateErr(err error) bool {
	return f.g.err != nil && (errors.Is(err, f.g.err) || strings.Contains(err.Error(), f.g.err.Error()))
}

// Info describes the file.
func (f *File) Info() Info { return f.info }

// Next returns the next frame.
func (f *File) Next() (Frame, error) {
	var fr Frame
	err := f.NextInto(&fr)
	return fr, err
}

// NextInto is Next without copying the frame out: it reads the next frame
// into fr.
func (f *File) NextInto(fr *Frame) error {
	if f.pr != nil {
		return f.pr.next(fr)
	}
	if f.ng != nil && f.ng.next(fr) {
		return nil
	}
	var err error
	*fr, err = f.next()
	return err
}

// Close closes the underlying file.
func (f *File) Close() error { return f.closer.Close() }
