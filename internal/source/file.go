package source

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

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
	cr     *countingReader
	next   func() (Frame, error)
	// offset of the record being read, for TruncatedError.
	recStart int64
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
	f := &File{info: Info{Name: name, Size: -1}, closer: r}
	br := bufio.NewReaderSize(r, bufSize)
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
			return nil, fmt.Errorf("gzip: %w", err)
		}
		f.info.Compressed = true
		zb := bufio.NewReaderSize(zr, bufSize)
		if magic, err = zb.Peek(4); err != nil {
			return nil, fmt.Errorf("%w: gzip holds only %d bytes", ErrNotCapture, len(magic))
		}
		in = zb
	}
	f.cr = &countingReader{r: in}
	switch binary.BigEndian.Uint32(magic) {
	case 0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1:
		return f, f.openPcap()
	case 0x0a0d0d0a:
		return f, f.openPcapng()
	}
	return nil, fmt.Errorf("%w (starts with % x)", ErrNotCapture, magic)
}

func (f *File) openPcap() error {
	r, err := pcapgo.NewReader(f.cr)
	if err != nil {
		return fmt.Errorf("pcap header: %w", err)
	}
	f.info.Format = "pcap"
	f.info.Snaplen = r.Snaplen()
	f.info.Nanosecond = r.Resolution().Exponent == -9
	// pcapgo refuses records longer than the header's snap length and then
	// loses sync (style.md §3): accept any record up to the bound.
	r.SetSnaplen(maxRecord)
	lt := uint16(r.LinkType())
	f.next = func() (Frame, error) {
		f.recStart = f.cr.n
		data, ci, err := r.ZeroCopyReadPacketData()
		if err != nil {
			return Frame{}, f.wrapErr(err)
		}
		return Frame{Data: data, Time: ci.Timestamp, CapLen: ci.CaptureLength, OrigLen: ci.Length, LinkType: lt}, nil
	}
	return nil
}

// maxRecord bounds one record's captured length, whatever the header says.
const maxRecord = 256 * 1024

func (f *File) openPcapng() error {
	r, err := pcapgo.NewNgReader(f.cr, pcapgo.NgReaderOptions{WantMixedLinkType: true, SkipUnknownVersion: true})
	if err != nil {
		return fmt.Errorf("pcapng header: %w", err)
	}
	f.info.Format = "pcapng"
	f.next = func() (Frame, error) {
		f.recStart = f.cr.n
		data, ci, opts, err := r.ZeroCopyReadPacketDataWithOptions()
		if err != nil {
			return Frame{}, f.wrapErr(err)
		}
		fr := Frame{Data: data, Time: ci.Timestamp, CapLen: ci.CaptureLength, OrigLen: ci.Length, Iface: ci.InterfaceIndex}
		fr.LinkType = ngLinkType(r, ci.InterfaceIndex)
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

func ngLinkType(r *pcapgo.NgReader, iface int) uint16 {
	intf, err := r.Interface(iface)
	if err != nil {
		return 0xffff
	}
	return uint16(intf.LinkType)
}

func (f *File) wrapErr(err error) error {
	switch {
	case errors.Is(err, io.EOF):
		if f.cr.n > f.recStart {
			return &TruncatedError{Offset: f.recStart, Err: io.ErrUnexpectedEOF}
		}
		return io.EOF
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &TruncatedError{Offset: f.recStart, Err: err}
	}
	return fmt.Errorf("record at byte %d: %w", f.recStart, err)
}

// Info describes the file.
func (f *File) Info() Info { return f.info }

// Next returns the next frame.
func (f *File) Next() (Frame, error) { return f.next() }

// Close closes the underlying file.
func (f *File) Close() error { return f.closer.Close() }

// countingReader counts the bytes handed to the capture reader, so errors
// can name the offset of the record they hit.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
