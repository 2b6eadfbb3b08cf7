package analyze_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/analyze"
	"github.com/dropscope/dropscope/internal/source"
	"github.com/dropscope/dropscope/report"
)

var le = binary.LittleEndian

// Frames of the truncation captures. Each is captured whole or cut by the
// snap length; the cut ones must still be classified and counted as
// truncated.
var (
	arpBcast = append([]byte{
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // destination: broadcast
		0x02, 0, 0, 0, 0, 0x0a, // source
		0x08, 0x06, // ARP
	}, make([]byte, 46)...)
	v6Mcast = append([]byte{
		0x33, 0x33, 0, 0, 0, 1, // destination: all-nodes
		0x02, 0, 0, 0, 0, 0x0a, // source
		0x86, 0xdd, // IPv6
		0x60, 0, 0, 0, 0, 8, 58, 255, // IPv6 header, cut after 8 bytes
	}, make([]byte, 70)...)
	bpdu = []byte{
		0x01, 0x80, 0xc2, 0, 0, 0, // destination: bridge group
		0x02, 0, 0, 0, 0, 0x0b, // source
		0, 39, // 802.3 length
		0x42, 0x42, 0x03, // LLC
		0, 0, 2, 2, // RST BPDU
	}
)

// truncRecord is one record: the frame, and how many of its bytes were
// captured.
type truncRecord struct {
	frame  []byte
	caplen int
}

var truncRecords = []truncRecord{
	{arpBcast, len(arpBcast)},
	{v6Mcast, 20}, // snap length 20: the IPv6 header is cut
	{bpdu, len(bpdu)},
	{arpBcast, 30}, // snap length 30
	{v6Mcast, len(v6Mcast)},
}

// buildPcap returns a little-endian pcap of recs and the offsets at which
// a record ends (the first is the end of the file header).
func buildPcap(recs []truncRecord) ([]byte, []int64) {
	b := le.AppendUint32(nil, 0xa1b2c3d4) // magic
	b = le.AppendUint16(b, 2)             // version 2.4
	b = le.AppendUint16(b, 4)
	b = le.AppendUint64(b, 0)       // thiszone, sigfigs
	b = le.AppendUint32(b, 0x40000) // snaplen
	b = le.AppendUint32(b, 1)       // Ethernet
	ends := []int64{int64(len(b))}
	for i, r := range recs {
		b = le.AppendUint32(b, uint32(1000+i)) // ts_sec
		b = le.AppendUint32(b, 0)              // ts_usec
		b = le.AppendUint32(b, uint32(r.caplen))
		b = le.AppendUint32(b, uint32(len(r.frame)))
		b = append(b, r.frame[:r.caplen]...)
		ends = append(ends, int64(len(b)))
	}
	return b, ends
}

func ngBlock(b []byte, typ uint32, body []byte) []byte {
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	n := uint32(12 + len(body))
	b = le.AppendUint32(b, typ)
	b = le.AppendUint32(b, n)
	b = append(b, body...)
	return le.AppendUint32(b, n)
}

// buildPcapng returns a pcapng of recs (one section, one Ethernet
// interface, EPBs with an inbound flag and a comment) and the offsets at
// which a block ends (the first is the end of the section header).
func buildPcapng(recs []truncRecord) ([]byte, []int64) {
	shb := le.AppendUint32(nil, 0x1a2b3c4d) // byte-order magic
	shb = le.AppendUint16(shb, 1)           // version 1.0
	shb = le.AppendUint16(shb, 0)
	shb = le.AppendUint64(shb, ^uint64(0)) // section length unknown
	b := ngBlock(nil, 0x0a0d0d0a, shb)
	ends := []int64{int64(len(b))}
	idb := le.AppendUint16(nil, 1) // Ethernet
	idb = le.AppendUint16(idb, 0)  // reserved
	idb = le.AppendUint32(idb, 0)  // snaplen
	idb = le.AppendUint16(idb, 9)  // if_tsresol
	idb = le.AppendUint16(idb, 1)  // 1 byte
	idb = append(idb, 9, 0, 0, 0)  // 10^-9
	idb = le.AppendUint32(idb, 0)  // opt_endofopt
	b = ngBlock(b, 1, idb)
	ends = append(ends, int64(len(b)))
	for i, r := range recs {
		epb := le.AppendUint32(nil, 0)          // interface 0
		epb = le.AppendUint32(epb, 0)           // timestamp high
		epb = le.AppendUint32(epb, uint32(1+i)) // timestamp low
		epb = le.AppendUint32(epb, uint32(r.caplen))
		epb = le.AppendUint32(epb, uint32(len(r.frame)))
		epb = append(epb, r.frame[:r.caplen]...)
		for len(epb)%4 != 0 {
			epb = append(epb, 0)
		}
		epb = append(epb, 2, 0, 4, 0, 1, 0, 0, 0)                       // epb_flags: inbound
		epb = append(epb, 1, 0, 5, 0, 'c', 'u', 't', '?', '!', 0, 0, 0) // opt_comment
		epb = le.AppendUint32(epb, 0)                                   // opt_endofopt
		b = ngBlock(b, 6, epb)
		ends = append(ends, int64(len(b)))
	}
	return b, ends
}

// pcapEnds walks a little-endian classic pcap's record headers.
func pcapEnds(b []byte) []int64 {
	ends := []int64{24}
	for off := int64(24); off+16 <= int64(len(b)); {
		off += 16 + int64(le.Uint32(b[off+8:]))
		ends = append(ends, off)
	}
	return ends
}

func runBytes(t *testing.T, name string, b []byte) (*report.Summary, error) {
	t.Helper()
	src, err := source.NewReader(name, io.NopCloser(bytes.NewReader(b)))
	if err != nil {
		return nil, err
	}
	defer src.Close()
	return analyze.RunInputs(context.Background(), []source.Input{src}, analyze.Options{Host: kernel.DefaultHost()})
}

// TestTruncatedEverywhere cuts each capture at every byte offset. Past the
// file header, every cut yields a report of the complete records before
// the cut and, unless the cut falls between records, a warning naming the
// offset of the record it falls in.
func TestTruncatedEverywhere(t *testing.T) {
	pcap, pcapRecEnds := buildPcap(truncRecords)
	ng, ngRecEnds := buildPcapng(truncRecords)
	type capture struct {
		name   string
		b      []byte
		ends   []int64 // ends[0]: end of the header; then one per record or block
		frames func(i int) int
		// every, when > 0, limits the cuts to the first every bytes and
		// one byte either side of each record boundary.
		every int64
	}
	caps := []capture{
		{"built.pcap", pcap, pcapRecEnds, func(i int) int { return i }, 0},
		// ends[1] is the interface block, which holds no frame.
		{"built.pcapng", ng, ngRecEnds, func(i int) int { return max(0, i-1) }, 0},
	}
	for _, name := range []string{"mixed-edge.pcap", "any-sll2.pcap", "any-sll.pcap"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "samples", name))
		if err != nil {
			t.Logf("samples/%s: %v", name, err)
			continue
		}
		caps = append(caps, capture{"samples/" + name, b, pcapEnds(b), func(i int) int { return i }, 2048})
	}
	for _, c := range caps {
		t.Run(c.name, func(t *testing.T) {
			if c.ends[len(c.ends)-1] != int64(len(c.b)) {
				t.Fatalf("records end at %d, file at %d", c.ends[len(c.ends)-1], len(c.b))
			}
			cuts := map[int64]bool{}
			for cut := int64(0); cut <= int64(len(c.b)); cut++ {
				if c.every == 0 || cut <= c.every {
					cuts[cut] = true
				}
			}
			for _, e := range c.ends {
				for _, cut := range []int64{e - 1, e, e + 1} {
					cuts[min(max(cut, 0), int64(len(c.b)))] = true
				}
			}
			for cut := range cuts {
				s, err := runBytes(t, c.name, c.b[:cut])
				if cut < c.ends[0] {
					if err == nil {
						t.Fatalf("cut at %d, inside the file header: no error", cut)
					}
					continue
				}
				if err != nil {
					t.Fatalf("cut at %d: %v", cut, err)
				}
				// i: records complete before the cut; start: where the
				// cut record begins.
				i := 0
				for i+1 < len(c.ends) && c.ends[i+1] <= cut {
					i++
				}
				in := s.Inputs[0]
				if want := uint64(c.frames(i)); in.Frames != want || s.Totals.Frames != want {
					t.Fatalf("cut at %d: %d frames (totals %d), want %d", cut, in.Frames, s.Totals.Frames, want)
				}
				between := cut == c.ends[i]
				if between {
					if in.Truncated || len(s.Warnings) != 0 {
						t.Fatalf("cut at %d, between records: truncated %v, warnings %q", cut, in.Truncated, s.Warnings)
					}
					continue
				}
				start := c.ends[i]
				if !in.Truncated || in.TruncatedAt != start {
					t.Fatalf("cut at %d: truncated %v at %d, want the record at %d", cut, in.Truncated, in.TruncatedAt, start)
				}
				if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], fmt.Sprintf("byte %d", start)) {
					t.Fatalf("cut at %d: warnings %q, want one naming byte %d", cut, s.Warnings, start)
				}
			}
		})
	}
}

// TestTruncatedJSON: the report of a cut capture carries the cut in
// inputs[].truncated/truncated_at and warnings, and snap-length cuts in
// totals.truncated.
func TestTruncatedJSON(t *testing.T) {
	for _, build := range []func([]truncRecord) ([]byte, []int64){buildPcap, buildPcapng} {
		b, ends := build(truncRecords)
		last := ends[len(ends)-2]
		s, err := runBytes(t, "x", b[:last+20])
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := report.WriteJSON(&buf, s); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Inputs []struct {
				Frames      uint64 `json:"frames"`
				Truncated   bool   `json:"truncated"`
				TruncatedAt int64  `json:"truncated_at"`
			} `json:"inputs"`
			Totals struct {
				Frames    uint64 `json:"frames"`
				Truncated uint64 `json:"truncated"`
			} `json:"totals"`
			Warnings []string `json:"warnings"`
		}
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		in := got.Inputs[0]
		if !in.Truncated || in.TruncatedAt != last || in.Frames != 4 || got.Totals.Frames != 4 {
			t.Errorf("inputs[0] = %+v, totals.frames %d; want 4 frames, truncated at %d", in, got.Totals.Frames, last)
		}
		if got.Totals.Truncated != 2 {
			t.Errorf("totals.truncated = %d, want the 2 snap-length cuts", got.Totals.Truncated)
		}
		if len(got.Warnings) != 1 || !strings.Contains(got.Warnings[0], fmt.Sprintf("byte %d", last)) {
			t.Errorf("warnings %q, want one naming byte %d", got.Warnings, last)
		}
	}
}

// TestSnapLengthCuts: frames shorter than on the wire are classified from
// the bytes captured and counted in totals.truncated.
func TestSnapLengthCuts(t *testing.T) {
	for _, build := range []func([]truncRecord) ([]byte, []int64){buildPcap, buildPcapng} {
		b, _ := build(truncRecords)
		s, err := runBytes(t, "x", b)
		if err != nil {
			t.Fatal(err)
		}
		tt := s.Totals
		if tt.Frames != 5 || tt.Analysed != 5 || tt.Truncated != 2 {
			t.Errorf("frames %d analysed %d truncated %d, want 5, 5, 2", tt.Frames, tt.Analysed, tt.Truncated)
		}
		// Default host: ARP is delivered, IPv6 and the BPDU (no llc) count.
		if tt.Delivered != 2 || tt.RxDropped != 3 {
			t.Errorf("delivered %d rx_dropped %d, want 2 and 3", tt.Delivered, tt.RxDropped)
		}
		classes := map[string]uint64{}
		for _, c := range s.Classes {
			classes[c.Class] += c.Frames
		}
		if classes["ipv6/malformed"] != 1 || classes["arp"] != 2 {
			t.Errorf("classes %v: want the cut IPv6 frame as ipv6/malformed and both ARP frames", classes)
		}
	}
}

// TestTruncatedGzip cuts a gzip-compressed capture at every offset: never
// an error past the gzip and pcap headers, never more frames than were
// written, and a cut stream is reported as truncated.
func TestTruncatedGzip(t *testing.T) {
	raw, _ := buildPcap(truncRecords)
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(raw)
	zw.Close()
	gz := z.Bytes()
	for cut := 0; cut <= len(gz); cut++ {
		s, err := runBytes(t, "x.gz", gz[:cut])
		if err != nil {
			continue // the gzip or pcap header is cut
		}
		in := s.Inputs[0]
		if in.Frames > uint64(len(truncRecords)) {
			t.Fatalf("cut at %d: %d frames", cut, in.Frames)
		}
		if cut < len(gz) && !in.Truncated && len(s.Warnings) == 0 {
			t.Fatalf("cut at %d of %d: %d frames and no warning", cut, len(gz), in.Frames)
		}
		if cut == len(gz) && (in.Truncated || in.Frames != uint64(len(truncRecords))) {
			t.Fatalf("whole file: truncated %v, %d frames", in.Truncated, in.Frames)
		}
	}
}
