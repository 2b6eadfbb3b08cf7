package eapol_test

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// corpusDir is the shared capture corpus (never copied into the repo);
// DROPSCOPE_CORPUS overrides it.
func corpusDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("DROPSCOPE_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus")
	}
	if _, err := os.Stat(filepath.Join(dir, "counts.csv")); err != nil {
		tb.Skipf("capture corpus not available: %v", err)
	}
	return dir
}

// corpusFrame is one Ethernet frame of a corpus capture, with the tags
// stripped as the counts.csv columns do.
type corpusFrame struct {
	File  string // relative to the corpus directory
	Index int    // 1-based record number in the file
	Data  []byte // the whole frame
	// EtherType is the type after the VLAN tags; 0 for an 802.3 length.
	EtherType uint16
	// Payload follows the EtherType (or the length field).
	Payload []byte
	// CDP is set for an LLC/SNAP 00000c:2000 frame; CDPPayload follows
	// the SNAP header.
	CDP        bool
	CDPPayload []byte
}

var snapCDP = []byte{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00}

func classify(file string, idx int, data []byte) (corpusFrame, bool) {
	f := corpusFrame{File: file, Index: idx, Data: data}
	if len(data) < 14 {
		return f, false
	}
	off := 12
	tl := binary.BigEndian.Uint16(data[off:])
	for (tl == 0x8100 || tl == 0x88a8 || tl == 0x9100) && len(data)-off >= 6 {
		off += 4
		tl = binary.BigEndian.Uint16(data[off:])
	}
	if tl == 0x8100 || tl == 0x88a8 || tl == 0x9100 {
		return f, false // tag without a following type
	}
	f.Payload = data[off+2:]
	if tl >= 0x0600 {
		f.EtherType = tl
		return f, true
	}
	if int(tl) <= len(f.Payload) {
		f.Payload = f.Payload[:tl] // the 802.3 length: drop the padding
	}
	if bytes.HasPrefix(f.Payload, snapCDP) {
		f.CDP = true
		f.CDPPayload = f.Payload[len(snapCDP):]
	}
	return f, true
}

// readCapture returns the Ethernet frames of one pcap or pcapng file, up
// to the first record the reader cannot read.
func readCapture(tb testing.TB, path, name string) []corpusFrame {
	tb.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var next func() ([]byte, layers.LinkType, error)
	if len(raw) >= 4 && binary.LittleEndian.Uint32(raw) == 0x0a0d0d0a {
		r, err := pcapgo.NewNgReader(bytes.NewReader(raw), pcapgo.NgReaderOptions{WantMixedLinkType: true})
		if err != nil {
			return nil
		}
		next = func() ([]byte, layers.LinkType, error) {
			d, ci, err := r.ReadPacketData()
			if err != nil {
				return nil, 0, err
			}
			lt := r.LinkType()
			if len(ci.AncillaryData) > 0 {
				if v, ok := ci.AncillaryData[0].(layers.LinkType); ok {
					lt = v
				}
			}
			return d, lt, nil
		}
	} else {
		r, err := pcapgo.NewReader(bytes.NewReader(raw))
		if err != nil {
			return nil
		}
		r.SetSnaplen(1 << 30)
		next = func() ([]byte, layers.LinkType, error) {
			d, _, err := r.ReadPacketData()
			return d, r.LinkType(), err
		}
	}
	var out []corpusFrame
	for i := 1; ; i++ {
		d, lt, err := next()
		if err != nil { // io.EOF, or a record the reader cannot read
			break
		}
		if lt != layers.LinkTypeEthernet {
			continue
		}
		if f, ok := classify(name, i, d); ok {
			out = append(out, f)
		}
	}
	return out
}

// corpusRow is the part of a counts.csv row these tests check.
type corpusRow struct {
	File    string
	Columns map[string]string
	Classes string
}

func readCounts(tb testing.TB, dir string) []corpusRow {
	tb.Helper()
	fh, err := os.Open(filepath.Join(dir, "counts.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	var rows []corpusRow
	for _, rec := range recs[1:] {
		row := corpusRow{Columns: map[string]string{}}
		for i, h := range recs[0] {
			row.Columns[h] = rec[i]
		}
		row.File = row.Columns["file"]
		row.Classes = row.Columns["classes"]
		rows = append(rows, row)
	}
	return rows
}

// tcpdumpBlocks reads a tcpdump .out file of the corpus and returns, per
// frame number, the frame's lines (the numbered first line and the
// indented lines after it), with leading white space removed. It returns
// nil when the file does not exist.
func tcpdumpBlocks(tb testing.TB, dir, name string) map[int][]string {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil
	}
	blocks := map[int][]string{}
	cur := 0
	for _, line := range strings.Split(string(raw), "\n") {
		trim := strings.TrimLeft(line, " \t")
		if fields := strings.Fields(line); len(fields) > 2 && line[0] == ' ' {
			if n, err := strconv.Atoi(fields[0]); err == nil && len(fields[1]) == 10 && fields[1][4] == '-' {
				cur = n
			}
		}
		if cur > 0 && trim != "" {
			blocks[cur] = append(blocks[cur], trim)
		}
	}
	return blocks
}

// hasLine reports whether one of lines contains s.
func hasLine(lines []string, s string) bool {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}
