package corpustest

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/dropscope/dropscope/internal/source"
)

// LinkTypeEthernet is the pcap link type of Ethernet frames.
const LinkTypeEthernet = 1

// Frame is one record of a capture.
type Frame struct {
	File     string // relative to the corpus directory
	Index    int    // 1-based record number, as tcpdump -# prints it
	LinkType uint16
	Data     []byte // the captured bytes (a copy, kept after reading)
}

// ReadFrames returns the records of the capture name in the corpus dir,
// up to the first record that cannot be read: counts.csv stops there too.
// A file that is not a capture at all has no frames; only a file that
// cannot be opened is an error.
func ReadFrames(dir, name string) ([]Frame, error) {
	fh, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	src, err := source.NewReader(name, fh)
	if err != nil {
		fh.Close()
		return nil, nil
	}
	defer src.Close()
	var out []Frame
	for i := 1; ; i++ {
		fr, err := src.Next()
		if err != nil { // io.EOF, a *source.TruncatedError, or a damaged record
			return out, nil
		}
		out = append(out, Frame{File: name, Index: i, LinkType: fr.LinkType, Data: bytes.Clone(fr.Data)})
	}
}

// Frames is ReadFrames, failing the test when the file cannot be opened.
func Frames(tb testing.TB, dir, name string) []Frame {
	tb.Helper()
	frames, err := ReadFrames(dir, name)
	if err != nil {
		tb.Fatal(err)
	}
	return frames
}

// VLAN tag protocol identifiers: 802.1Q, 802.1ad and the older 0x9100.
func isTag(t uint16) bool { return t == 0x8100 || t == 0x88a8 || t == 0x9100 }

// Ethernet splits an Ethernet frame after its VLAN tags: typeLen is the
// EtherType, or the 802.3 length when below 0x0600, and payload the bytes
// after it (not cut to an 802.3 length). ok is false for a frame shorter
// than an Ethernet header and for a tag without a type after it.
func Ethernet(data []byte) (typeLen uint16, payload []byte, ok bool) {
	if len(data) < 14 {
		return 0, nil, false
	}
	off := 12
	typeLen = binary.BigEndian.Uint16(data[off:])
	for isTag(typeLen) && len(data)-off >= 6 {
		off += 4
		typeLen = binary.BigEndian.Uint16(data[off:])
	}
	if isTag(typeLen) {
		return 0, nil, false
	}
	return typeLen, data[off+2:], true
}

// EthernetFrame is an Ethernet record of a capture split after its VLAN
// tags.
type EthernetFrame struct {
	Frame
	// EtherType is the type after the VLAN tags; 0 for an 802.3 length.
	EtherType uint16
	// Payload follows the EtherType, or the 802.3 length cut to that
	// length when it fits (dropping the Ethernet padding).
	Payload []byte
}

// EthernetFrames returns the Ethernet records of a capture that hold a
// type or length after their VLAN tags.
func EthernetFrames(tb testing.TB, dir, name string) []EthernetFrame {
	tb.Helper()
	var out []EthernetFrame
	for _, f := range Frames(tb, dir, name) {
		if f.LinkType != LinkTypeEthernet {
			continue
		}
		tl, p, ok := Ethernet(f.Data)
		if !ok {
			continue
		}
		ef := EthernetFrame{Frame: f, Payload: p}
		if tl >= 0x0600 {
			ef.EtherType = tl
		} else if int(tl) <= len(p) {
			ef.Payload = p[:tl]
		}
		out = append(out, ef)
	}
	return out
}

// SNAP returns the bytes after an LLC/SNAP header (AA AA 03) with the
// given OUI and protocol id, when f is an 802.3 frame that starts with it.
func (f EthernetFrame) SNAP(oui [3]byte, pid uint16) ([]byte, bool) {
	hdr := []byte{0xaa, 0xaa, 0x03, oui[0], oui[1], oui[2], byte(pid >> 8), byte(pid)}
	if f.EtherType != 0 || !bytes.HasPrefix(f.Payload, hdr) {
		return nil, false
	}
	return f.Payload[len(hdr):], true
}

// SeedFrames returns the Ethernet frames of every capture of the corpus,
// or nil when the corpus is absent; for fuzz seeds.
func SeedFrames(tb testing.TB) []EthernetFrame {
	tb.Helper()
	dir, ok := Lookup()
	if !ok {
		return nil
	}
	var out []EthernetFrame
	for _, c := range Captures(tb, dir) {
		out = append(out, EthernetFrames(tb, dir, c.Name)...)
	}
	return out
}
