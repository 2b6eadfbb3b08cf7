package samplegen_test

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/dropscope/dropscope/internal/samplegen"
)

const samplesDir = "../../samples"

// TestDeterministic generates every file twice, into two directories, and
// compares the bytes.
func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := samplegen.WriteAll(a); err != nil {
		t.Fatal(err)
	}
	if err := samplegen.WriteAll(b); err != nil {
		t.Fatal(err)
	}
	for _, f := range samplegen.Files() {
		x, err := os.ReadFile(filepath.Join(a, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s: two runs differ", f.Name)
		}
		if len(x) >= 1<<20 {
			t.Errorf("%s: %d bytes, want < 1 MiB", f.Name, len(x))
		}
	}
}

// TestCommittedUpToDate compares samples/ with freshly generated files. The
// gzip file is compared by its header fields and decompressed content, so a
// change in compress/flate's output does not fail it.
func TestCommittedUpToDate(t *testing.T) {
	for _, f := range samplegen.Files() {
		want, err := f.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(samplesDir, f.Name))
		if err != nil {
			t.Errorf("%v (run make samples)", err)
			continue
		}
		if strings.HasSuffix(f.Name, ".gz") {
			got, want = gunzip(t, f.Name, got), gunzip(t, f.Name, want)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("samples/%s is stale: run make samples", f.Name)
		}
	}
}

func gunzip(t *testing.T, name string, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if zr.Name != "" || zr.Comment != "" || !zr.ModTime.IsZero() || zr.Extra != nil {
		t.Errorf("%s: gzip header name %q comment %q mtime %v extra %x, want all empty", name, zr.Name, zr.Comment, zr.ModTime, zr.Extra)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return out
}

func fileBytes(t *testing.T, name string) []byte {
	t.Helper()
	for _, f := range samplegen.Files() {
		if f.Name == name {
			b, err := f.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("no file %s", name)
	return nil
}

// readPcap reads a classic pcap with pcapgo and checks it against pkts.
func readPcap(t *testing.T, name string, r io.Reader, lt layers.LinkType, nanos bool, pkts []samplegen.Packet) {
	t.Helper()
	pr, err := pcapgo.NewReader(r)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if pr.LinkType() != lt {
		t.Errorf("%s: link type %v, want %v", name, pr.LinkType(), lt)
	}
	if pr.Snaplen() != samplegen.SnapLen {
		t.Errorf("%s: snaplen %d", name, pr.Snaplen())
	}
	if got := pr.Resolution() == gopacket.TimestampResolutionNanosecond; got != nanos {
		t.Errorf("%s: nanosecond resolution %v, want %v", name, got, nanos)
	}
	for i := 0; ; i++ {
		data, ci, err := pr.ReadPacketData()
		if errors.Is(err, io.EOF) {
			if i != len(pkts) {
				t.Errorf("%s: %d frames, want %d", name, i, len(pkts))
			}
			return
		}
		if err != nil {
			t.Fatalf("%s frame %d: %v", name, i+1, err)
		}
		if i >= len(pkts) {
			t.Fatalf("%s: more frames than packets", name)
		}
		p := pkts[i]
		if !bytes.Equal(data, p.Data) || ci.Length != p.OrigLen || !ci.Timestamp.Equal(p.Time) {
			t.Errorf("%s frame %d: read back (%d/%d bytes, %v), want (%d/%d, %v)", name, i+1, len(data), ci.Length, ci.Timestamp, len(p.Data), p.OrigLen, p.Time)
		}
	}
}

func TestReadBackPcap(t *testing.T) {
	readPcap(t, "mixed-edge.pcap", bytes.NewReader(fileBytes(t, "mixed-edge.pcap")), layers.LinkTypeEthernet, true, samplegen.MixedEdge())
	readPcap(t, "any-sll2.pcap", bytes.NewReader(fileBytes(t, "any-sll2.pcap")), layers.LinkTypeLinuxSLL2, false, samplegen.AnySLL2())
	readPcap(t, "any-sll.pcap", bytes.NewReader(fileBytes(t, "any-sll.pcap")), layers.LinkTypeLinuxSLL, false, samplegen.AnySLL())
	zr, err := gzip.NewReader(bytes.NewReader(fileBytes(t, "incident-el7.pcap.gz")))
	if err != nil {
		t.Fatal(err)
	}
	readPcap(t, "incident-el7.pcap.gz", zr, layers.LinkTypeEthernet, false, samplegen.Incident())
}

func TestReadBackPcapng(t *testing.T) {
	pkts := samplegen.Incident()
	r, err := pcapgo.NewNgReader(bytes.NewReader(fileBytes(t, "incident-el7.pcapng")), pcapgo.NgReaderOptions{WantMixedLinkType: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		data, ci, opts, err := r.ReadPacketDataWithOptions()
		if errors.Is(err, io.EOF) {
			if i != len(pkts) {
				t.Errorf("%d frames, want %d", i, len(pkts))
			}
			break
		}
		if err != nil {
			t.Fatalf("frame %d: %v", i+1, err)
		}
		p := pkts[i]
		if !bytes.Equal(data, p.Data) || !ci.Timestamp.Equal(p.Time) || ci.InterfaceIndex != 0 {
			t.Fatalf("frame %d differs from Incident()[%d]", i+1, i)
		}
		if opts.Flags == nil || opts.Flags.Direction != pcapgo.NgEpbFlagDirectionInbound {
			t.Fatalf("frame %d: epb_flags %+v, want inbound", i+1, opts.Flags)
		}
		want := pcapgo.NgEpbFlagReceptionTypeMulticast
		switch {
		case [6]byte(data[:6]) == samplegen.IncidentHostMAC:
			want = pcapgo.NgEpbFlagReceptionTypeUnicast
		case [6]byte(data[:6]) == samplegen.Broadcast:
			want = pcapgo.NgEpbFlagReceptionTypeBroadcast
		}
		if opts.Flags.Reception != want {
			t.Fatalf("frame %d: reception type %v, want %v", i+1, opts.Flags.Reception, want)
		}
	}
	if r.NInterfaces() != 1 {
		t.Fatalf("%d interfaces, want 1", r.NInterfaces())
	}
	intf, err := r.Interface(0)
	if err != nil {
		t.Fatal(err)
	}
	if intf.Name != "em1" || intf.LinkType != layers.LinkTypeEthernet {
		t.Errorf("interface %q link type %v, want em1 Ethernet", intf.Name, intf.LinkType)
	}
}

// TestPacketInvariants checks time order, lengths and the Ethernet framing
// of every scenario frame with a reading independent of the builders.
func TestPacketInvariants(t *testing.T) {
	for name, pkts := range map[string][]samplegen.Packet{
		"Incident": samplegen.Incident(), "MixedEdge": samplegen.MixedEdge(),
		"AnySLL2": samplegen.AnySLL2(), "AnySLL": samplegen.AnySLL(),
	} {
		var last time.Time
		for i, p := range pkts {
			if p.Time.Before(last) || p.Time.Before(samplegen.Start) {
				t.Errorf("%s[%d]: time %v out of order", name, i, p.Time)
			}
			last = p.Time
			if p.OrigLen < len(p.Data) || p.Note == "" {
				t.Errorf("%s[%d]: origlen %d, len %d, note %q", name, i, p.OrigLen, len(p.Data), p.Note)
			}
			if name == "Incident" && (p.Dir != samplegen.DirInbound || p.Time.Nanosecond()%1000 != 0) {
				t.Errorf("%s[%d]: dir %v, time %v: want inbound, whole microseconds", name, i, p.Dir, p.Time)
			}
			if name != "Incident" && name != "MixedEdge" {
				continue
			}
			b := p.Data
			if len(b) < samplegen.MinFrameLen && !strings.Contains(p.Note, "22 bytes") {
				t.Errorf("%s[%d] %s: %d bytes, want padded to 60", name, i, p.Note, len(b))
			}
			if name == "Incident" && [6]byte(b[:6]) != samplegen.IncidentHostMAC && b[0]&1 == 0 {
				t.Errorf("%s[%d]: unicast to %x, not the host", name, i, b[:6])
			}
			off := 12
			for {
				tl := binary.BigEndian.Uint16(b[off:])
				if tl != samplegen.TypeVLAN && tl != samplegen.TypeQinQ && tl != samplegen.TypeOldQinQ {
					break
				}
				off += 4
			}
			tl := int(binary.BigEndian.Uint16(b[off:]))
			if tl <= 1500 && tl > p.OrigLen-off-2 {
				t.Errorf("%s[%d] %s: 802.3 length %d exceeds the %d bytes after it", name, i, p.Note, tl, p.OrigLen-off-2)
			}
		}
	}
}

// TestIncidentContent checks the frame classes and senders the README
// describes.
func TestIncidentContent(t *testing.T) {
	count := map[string]int{}
	var len69 int
	for _, p := range samplegen.Incident() {
		b := p.Data
		src := [6]byte(b[6:12])
		tl := binary.BigEndian.Uint16(b[12:])
		switch {
		case tl == 0x0069:
			len69++
			if src != [6]byte{0x50, 0xda, 0x00, 0xef, 0x54, 0x0a} || [6]byte(b[:6]) != samplegen.STPGroup {
				t.Errorf("length 0x69 frame from %x to %x", src, b[:6])
			}
		case tl == samplegen.TypeIPv6 && src[0] == 0x6c && src[1] == 0x0b && src[2] == 0x84:
			count["6c:0b:84"]++
		}
	}
	if len69 < 250 {
		t.Errorf("%d frames with 802.3 length 0x69, want one every 2 s", len69)
	}
	if count["6c:0b:84"] < 200 {
		t.Errorf("%d IPv6 frames from 6c:0b:84 NICs", count["6c:0b:84"])
	}
}

func TestMSTDigest(t *testing.T) {
	var table [4096]uint16
	d := samplegen.MSTDigest(&table)
	// The well-known digest of a table with every VLAN on the CIST.
	if got := strings.ToUpper(hex.EncodeToString(d[:])); got != "AC36177F50283CD4B83821D8AB26DE62" {
		t.Errorf("MSTDigest(all CIST) = %s", got)
	}
}

func TestChecksum(t *testing.T) {
	// RFC 1071 §3 example: 0001 f203 f4f5 f6f7 sums to ddf2, complement 220d.
	if got := samplegen.Checksum([]byte{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7}); got != 0x220d {
		t.Errorf("Checksum = %#04x, want 0x220d", got)
	}
}

func TestReadmeListsMixedEdge(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(samplesDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	rest := string(readme)
	prev := ""
	for _, p := range samplegen.MixedEdge() {
		if p.Note == prev {
			continue
		}
		prev = p.Note
		i := strings.Index(rest, "| "+p.Note+" |")
		if i < 0 {
			t.Errorf("samples/README.md: mixed-edge case %q missing or out of order", p.Note)
			continue
		}
		rest = rest[i:]
	}
}
