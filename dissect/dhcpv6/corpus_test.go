package dhcpv6_test

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/dropscope/dropscope/dissect/dhcpv6"
	"github.com/dropscope/dropscope/dissect/icmpv6"
)

// corpusDir holds the shared capture corpus; it is read in place, never
// copied into the repository.
const corpusDir = "../../../shared/corpus"

// corpusFrame is one Ethernet frame of a capture whose IPv6 packet was
// walked without a non-truncation error.
type corpusFrame struct {
	index int // 1-based, as tcpdump -# numbers frames
	upper icmpv6.Upper
}

// readCorpus returns the file names of counts.csv and its rows by file,
// skipping the test when the corpus is absent.
func readCorpus(t *testing.T) ([]string, map[string]map[string]string) {
	t.Helper()
	files, rows, err := readCorpusFiles()
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return files, rows
}

func readCorpusFiles() ([]string, map[string]map[string]string, error) {
	f, err := os.Open(filepath.Join(corpusDir, "counts.csv"))
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) == 0 {
		return nil, nil, fmt.Errorf("counts.csv: %v", err)
	}
	var files []string
	rows := map[string]map[string]string{}
	for _, r := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = r[i]
		}
		files = append(files, row["file"])
		rows[row["file"]] = row
	}
	return files, rows, nil
}

// ipv6Frames reads a pcap or pcapng file and returns the IPv6 packets found
// directly on Ethernet or behind 802.1Q/802.1ad/0x9100 tags. Reading stops
// quietly at the first file error, as counts.csv does.
func ipv6Frames(t *testing.T, name string) []corpusFrame {
	t.Helper()
	frames, err := readFrames(name)
	if err != nil {
		t.Fatal(err)
	}
	return frames
}

func readFrames(name string) ([]corpusFrame, error) {
	data, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		return nil, err
	}
	var src interface {
		ReadPacketData() ([]byte, gopacket.CaptureInfo, error)
	}
	linkType := func(gopacket.CaptureInfo) layers.LinkType { return layers.LinkTypeEthernet }
	if len(data) >= 4 && string(data[:4]) == "\x0a\x0d\x0d\x0a" {
		r, err := pcapgo.NewNgReader(strings.NewReader(string(data)), pcapgo.NgReaderOptions{WantMixedLinkType: true})
		if err != nil {
			return nil, nil
		}
		src = r
		linkType = func(ci gopacket.CaptureInfo) layers.LinkType {
			if len(ci.AncillaryData) > 0 {
				if lt, ok := ci.AncillaryData[0].(layers.LinkType); ok {
					return lt
				}
			}
			return r.LinkType()
		}
	} else {
		r, err := pcapgo.NewReader(strings.NewReader(string(data)))
		if err != nil {
			return nil, nil
		}
		r.SetSnaplen(1 << 30)
		src = r
		lt := r.LinkType()
		linkType = func(gopacket.CaptureInfo) layers.LinkType { return lt }
	}
	var out []corpusFrame
	for i := 1; ; i++ {
		b, ci, err := src.ReadPacketData()
		if err != nil {
			break
		}
		if linkType(ci) != layers.LinkTypeEthernet || len(b) < 14 {
			continue
		}
		et := uint16(b[12])<<8 | uint16(b[13])
		p := b[14:]
		for (et == 0x8100 || et == 0x88a8 || et == 0x9100) && len(p) >= 4 {
			et = uint16(p[2])<<8 | uint16(p[3])
			p = p[4:]
		}
		if et != 0x86dd {
			continue
		}
		u, err := icmpv6.WalkIPv6(p)
		if err != nil && !errors.Is(err, icmpv6.ErrTruncated) {
			continue
		}
		out = append(out, corpusFrame{index: i, upper: u})
	}
	return out, nil
}

// parseCounts turns "143=2;135=1" into a map.
func parseCounts(t *testing.T, s string) map[int]int {
	t.Helper()
	m := map[int]int{}
	if s == "" {
		return m
	}
	for _, kv := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(kv, "=")
		ki, err1 := strconv.Atoi(k)
		vi, err2 := strconv.Atoi(v)
		if !ok || err1 != nil || err2 != nil {
			t.Fatalf("bad count %q", kv)
		}
		m[ki] = vi
	}
	return m
}

// outLine returns the line of a tcpdump .out file for frame n (tcpdump -#).
func outLine(t *testing.T, name string, n int) string {
	t.Helper()
	f, err := os.Open(filepath.Join(corpusDir, name))
	if err != nil {
		t.Skipf("tcpdump output not available: %v", err)
	}
	defer f.Close()
	prefix := strconv.Itoa(n) + "  "
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if strings.HasPrefix(strings.TrimLeft(sc.Text(), " "), prefix) {
			return sc.Text()
		}
	}
	t.Fatalf("%s: no line for frame %d", name, n)
	return ""
}

// udpPayload returns the DHCPv6 message of a walked IPv6 packet: UDP to or
// from port 546 or 547, not a non-first fragment.
func udpPayload(u icmpv6.Upper) ([]byte, bool) {
	if u.Fragment || u.NextHeader != icmpv6.ProtoUDP || len(u.Payload) < 8 {
		return nil, false
	}
	p := u.Payload
	sport := uint16(p[0])<<8 | uint16(p[1])
	dport := uint16(p[2])<<8 | uint16(p[3])
	isDHCP := func(port uint16) bool { return port == 546 || port == 547 }
	if !isDHCP(sport) && !isDHCP(dport) {
		return nil, false
	}
	// RFC 768: the length covers header and data; use it when it fits.
	n := int(uint16(p[4])<<8 | uint16(p[5]))
	if n >= 8 && n <= len(p) {
		p = p[:n]
	}
	return p[8:], true
}

// messagesOf returns the DHCPv6 payloads of a capture by frame number.
func messagesOf(t *testing.T, name string) map[int][]byte {
	t.Helper()
	frames, err := readFrames(name)
	if err != nil {
		t.Fatal(err)
	}
	return dhcpPayloads(frames)
}

func dhcpPayloads(frames []corpusFrame) map[int][]byte {
	out := map[int][]byte{}
	for _, f := range frames {
		if p, ok := udpPayload(f.upper); ok {
			out[f.index] = p
		}
	}
	return out
}

// TestCorpusCounts checks, for every capture, the DHCPv6 message type
// counts against counts.csv column dhcpv6_msgtypes (outer messages only),
// and that every message parses cleanly.
func TestCorpusCounts(t *testing.T) {
	files, rows := readCorpus(t)
	total := 0
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			got := map[int]int{}
			msgs := messagesOf(t, name)
			for i, p := range msgs {
				if len(p) == 0 {
					continue
				}
				m, err := dhcpv6.Parse(p)
				got[int(m.Type)]++
				total++
				_ = m.Summary()
				if err != nil {
					t.Errorf("frame %d: %v", i, err)
				}
			}
			want := parseCounts(t, rows[name]["dhcpv6_msgtypes"])
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("dhcpv6 message type counts (-want +got):\n%s", diff)
			}
		})
	}
	if total == 0 {
		t.Error("no DHCPv6 message found in the corpus")
	}
}

// TestCorpusTcpdump checks values that tcpdump prints (tests/*.out) against
// what Parse decodes from the same frames. Each row names the frame, a
// string that must appear in tcpdump's line for it, and the value Parse
// must produce.
func TestCorpusTcpdump(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	opt := func(m dhcpv6.Message, c dhcpv6.OptionCode) dhcpv6.Option {
		o, ok := m.Option(c)
		if !ok {
			return nil
		}
		return o
	}
	tests := []struct {
		pcap, out string
		frame     int
		tcpdump   string // substring of tcpdump's line for the frame
		got       func(dhcpv6.Message) any
		want      any
	}{{
		pcap: "tcpdump/dhcpv6-ia-na.pcap", out: "tcpdump/dhcpv6-ia-na.out", frame: 1,
		tcpdump: "dhcp6 solicit (xid=90b45c (client-ID hwaddr type 1 000102030405)",
		got: func(m dhcpv6.Message) any {
			return []any{m.Type, m.TransactionID, opt(m, dhcpv6.OptClientID).String()}
		},
		want: []any{dhcpv6.Solicit, uint32(0x90b45c), "client DUID-LL 00:01:02:03:04:05"},
	}, {
		pcap: "tcpdump/dhcpv6-ia-na.pcap", out: "tcpdump/dhcpv6-ia-na.out", frame: 1,
		tcpdump: "(IA_NA IAID:33752069 T1:3600 T2:5400)",
		got: func(m dhcpv6.Message) any {
			ia := opt(m, dhcpv6.OptIANA).(dhcpv6.IANA)
			return []uint32{ia.IAID, ia.T1, ia.T2}
		},
		want: []uint32{33752069, 3600, 5400},
	}, {
		pcap: "tcpdump/dhcpv6-ia-na.pcap", out: "tcpdump/dhcpv6-ia-na.out", frame: 2,
		tcpdump: "(IA_ADDR 2a00:1:1:200:38e6:b22e:c440:acdf pltime:4500 vltime:7200)) (client-ID hwaddr type 1 000102030405) (server-ID hwaddr/time type 1 time 407259276 001122334455)",
		got: func(m dhcpv6.Message) any {
			ia := opt(m, dhcpv6.OptIANA).(dhcpv6.IANA)
			d := opt(m, dhcpv6.OptServerID).(dhcpv6.ServerID).DUID
			return []any{ia.Options[0].String(), d.Type, d.HardwareType, d.Time, d.String()}
		},
		want: []any{
			"addr 2a00:1:1:200:38e6:b22e:c440:acdf pltime 4500 vltime 7200",
			dhcpv6.DUIDLLT, uint16(1), uint32(407259276),
			"DUID-LLT 00:11:22:33:44:55 time 407259276 (2012-11-26T15:34:36Z)",
		},
	}, {
		pcap: "tcpdump/dhcpv6-ia-na.pcap", out: "tcpdump/dhcpv6-ia-na.out", frame: 3,
		tcpdump: "dhcp6 request (xid=2ffdd1",
		got:     func(m dhcpv6.Message) any { return []any{m.Type, m.TransactionID} },
		want:    []any{dhcpv6.Request, uint32(0x2ffdd1)},
	}, {
		pcap: "tcpdump/dhcpv6-rfc8415-duid-type2.pcap", out: "tcpdump/dhcpv6-rfc8415-duid-type2.out", frame: 1,
		tcpdump: "(client-ID enterprise 30065 4853483134343235313438) (server-ID hwaddr/time type 1 time 721155524 828662a1defd)",
		got: func(m dhcpv6.Message) any {
			c := opt(m, dhcpv6.OptClientID).(dhcpv6.ClientID).DUID
			s := opt(m, dhcpv6.OptServerID).(dhcpv6.ServerID).DUID
			return []any{m.TransactionID, c.Type, c.EnterpriseNumber, fmt.Sprintf("%x", c.Identifier), s.Time, fmt.Sprintf("%x", s.LinkLayerAddress)}
		},
		want: []any{uint32(0xe4a4a3), dhcpv6.DUIDEN, uint32(30065), "4853483134343235313438", uint32(721155524), "828662a1defd"},
	}, {
		pcap: "tcpdump/dhcpv6-rfc8415-duid-type2.pcap", out: "tcpdump/dhcpv6-rfc8415-duid-type2.out", frame: 1,
		tcpdump: "(user-class Arista) (IA_NA IAID:16842752 T1:3600 T2:5400 (IA_ADDR 1234:5678::4 pltime:7200 vltime:7500))",
		got: func(m dhcpv6.Message) any {
			return []string{opt(m, dhcpv6.OptUserClass).String(), opt(m, dhcpv6.OptIANA).String()}
		},
		want: []string{`user-class "Arista"`, "IA_NA iaid 0x01010000 t1 3600 t2 5400 { addr 1234:5678::4 pltime 7200 vltime 7500 }"},
	}, {
		pcap: "tcpdump/dhcpv6-domain-list.pcap", out: "tcpdump/dhcpv6-domain-list.out", frame: 1,
		tcpdump: "(DNS-search-list example.com. sales.example.com. eng.example.com.)",
		got:     func(m dhcpv6.Message) any { return opt(m, dhcpv6.OptDomainList).(dhcpv6.DomainList).Domains },
		want:    []string{"example.com.", "sales.example.com.", "eng.example.com."},
	}, {
		pcap: "tcpdump/dhcpv6-vendor-specific-information.pcap", out: "tcpdump/dhcpv6-vendor-specific-information.out", frame: 1,
		tcpdump: "dhcp6 relay-fwd (linkaddr=fc00:502:411:1::1 peeraddr=fc00:502:411:1::1 (interface-ID 54d46ffa109a) (vendor-specific-info enterprise 4491",
		got: func(m dhcpv6.Message) any {
			in, _ := m.Inner()
			return []any{m.Type, m.LinkAddress.String(), m.PeerAddress.String(), opt(m, dhcpv6.OptVendorOpts).(dhcpv6.VendorOpts).EnterpriseNumber, in.Type, in.TransactionID}
		},
		want: []any{dhcpv6.RelayForw, "fc00:502:411:1::1", "fc00:502:411:1::1", uint32(4491), dhcpv6.Request, uint32(0xd98c5d)},
	}, {
		pcap: "tcpdump/dhcpv6-vendor-specific-information.pcap", out: "tcpdump/dhcpv6-vendor-specific-information.out", frame: 1,
		tcpdump: "(relay-message (dhcp6 request (xid=d98c5d (reconfigure-accept) (vendor-class enterprise 4491 (len 9 data docsis3.0))",
		got: func(m dhcpv6.Message) any {
			in, _ := m.Inner()
			return []string{in.Options[0].String(), in.Options[1].String()}
		},
		want: []string{"reconfigure-accept", `vendor-class 4491 "docsis3.0"`},
	}}
	for _, tt := range tests {
		t.Run(tt.pcap+"#"+strconv.Itoa(tt.frame), func(t *testing.T) {
			if line := outLine(t, tt.out, tt.frame); !strings.Contains(line, tt.tcpdump) {
				t.Fatalf("%s frame %d does not print %q", tt.out, tt.frame, tt.tcpdump)
			}
			p, ok := messagesOf(t, tt.pcap)[tt.frame]
			if !ok {
				t.Fatalf("%s: no DHCPv6 in frame %d", tt.pcap, tt.frame)
			}
			m, err := dhcpv6.Parse(p)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, tt.got(m)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
