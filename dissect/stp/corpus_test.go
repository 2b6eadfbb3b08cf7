package stp_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/dropscope/dropscope/dissect/stp"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// corpusFrame is one BPDU found in a capture.
type corpusFrame struct {
	file  string
	index int // 1-based record number, as tcpdump -# prints it
	pvst  bool
	// key is the stp_bpdus class when the frame is not decoded at all
	// ("short", "non-ui-ctrl"), else "".
	key  string
	body []byte // after the LLC (42 42 03) or LLC/SNAP header
}

// bpduFrames finds LLC 42/42 and PVST+ (SNAP 00000c/010b) frames,
// untagged or behind VLAN tags.
func bpduFrames(dir, file string) ([]corpusFrame, error) {
	frames, err := corpustest.ReadFrames(dir, file)
	if err != nil {
		return nil, err
	}
	var out []corpusFrame
	for _, d := range frames {
		if d.LinkType != corpustest.LinkTypeEthernet {
			continue
		}
		typeLen, p, ok := corpustest.Ethernet(d.Data)
		if !ok || typeLen >= 0x0600 || len(p) < 2 {
			continue
		}
		fr := corpusFrame{file: file, index: d.Index}
		switch {
		case p[0] == 0x42 && p[1] == 0x42:
			switch {
			case len(p) < 3:
				fr.key = "short"
			case p[2] != 0x03:
				fr.key = "non-ui-ctrl"
			case len(p) < 3+4:
				fr.key = "short"
			}
			if len(p) >= 3 {
				fr.body = p[3:]
			}
		case len(p) >= 8 && bytes.Equal(p[:8], []byte{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x01, 0x0b}):
			fr.pvst, fr.body = true, p[8:]
		default:
			continue
		}
		out = append(out, fr)
	}
	return out, nil
}

// classKey gives the stp_bpdus class of a decoded 42/42 frame as
// counts.csv spells it (README.md, "counts.csv columns").
func classKey(b stp.BPDU, err error) string {
	switch b.ProtocolID {
	case 0:
	case 1:
		return "garp"
	default:
		return "badproto"
	}
	k := fmt.Sprintf("v%d/t%02x", uint8(b.Version), uint8(b.Type))
	var fe *stp.FormatError
	switch {
	case errors.Is(err, stp.ErrTruncated):
		k += "-trunc"
	case errors.As(err, &fe) && fe.Field == "version 3 length" && b.Version3Length < stp.V3FixedLen:
		k += "-badv3len"
	}
	return k
}

func sortedClasses(s string) string {
	if s == "" {
		return ""
	}
	parts := strings.Split(s, ";")
	sort.Strings(parts)
	return strings.Join(parts, ";")
}

// TestCorpusCounts decodes every BPDU in every capture of the corpus and
// compares the class breakdown and MSTI total with counts.csv.
func TestCorpusCounts(t *testing.T) {
	dir := corpustest.Dir(t)
	var files, bpdus int
	for _, c := range corpustest.Captures(t, dir) {
		file, row := c.Name, c.Counts
		if _, err := os.Stat(filepath.Join(dir, file)); err != nil {
			continue
		}
		frames, err := bpduFrames(dir, file)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		classes := map[string]int{}
		mstis := 0
		for _, fr := range frames {
			if fr.pvst {
				continue // not counted in stp_bpdus
			}
			key := fr.key
			if key == "" {
				b, err := stp.ParseBPDU(fr.body)
				key = classKey(b, err)
				mstis += len(b.MSTIs)
			}
			classes[key]++
			bpdus++
		}
		var parts []string
		for k, n := range classes {
			parts = append(parts, k+"="+strconv.Itoa(n))
		}
		got := sortedClasses(strings.Join(parts, ";"))
		if want := sortedClasses(row["stp_bpdus"]); got != want {
			t.Errorf("%s: stp_bpdus = %q, counts.csv says %q", file, got, want)
		}
		want, _ := strconv.Atoi(row["msti_records"])
		if mstis != want {
			t.Errorf("%s: %d MSTI records, counts.csv says %d", file, mstis, want)
		}
		files++
	}
	t.Logf("%d capture files, %d BPDU frames", files, bpdus)
	if bpdus == 0 {
		t.Error("no BPDU found in the corpus")
	}
}

// stpCaptures are the corpus files holding LLC 42/42 or PVST+ frames.
var stpCaptures = []string{
	"pcapplusplus/EthDot3_2.pcap",
	"pcapplusplus/Stp.pcap",
	"scapy/gvrp.pcapng",
	"tcpdump/802.1D_spanning_tree.pcap",
	"tcpdump/802.1w_rapid_STP.pcap",
	"tcpdump/evb.pcap",
	"tcpdump/spb_bpduv4.pcap",
	"tcpdump/stp-heapoverflow-1.pcap",
	"tcpdump/stp-heapoverflow-2.pcap",
	"tcpdump/stp-heapoverflow-3.pcap",
	"zeek/raw_packets.pcap",
	"zeek/wikipedia.pcap",
}

// corpusBodies returns the BPDU bodies of the STP captures, or nil when
// the corpus is absent.
func corpusBodies() []corpusFrame {
	dir, ok := corpustest.Lookup()
	if !ok {
		return nil
	}
	var all []corpusFrame
	for _, file := range stpCaptures {
		frames, err := bpduFrames(dir, file)
		if err != nil {
			continue
		}
		all = append(all, frames...)
	}
	return all
}

// gopacketPrefix is what layers.STP decodes: the 35-octet Configuration
// BPDU prefix.
type gopacketPrefix struct {
	ProtocolID                  uint16
	Version, Type               uint8
	TC, TCA                     bool
	RootPriority, RootSysID     uint16
	RootMAC                     [6]byte
	Cost                        uint32
	BridgePriority, BridgeSysID uint16
	BridgeMAC                   [6]byte
	PortID                      uint16
	MessageAge, MaxAge          uint16
	HelloTime, ForwardDelay     uint16
}

func prefixFromGopacket(t *testing.T, b []byte) gopacketPrefix {
	t.Helper()
	var l layers.STP
	if err := l.DecodeFromBytes(b, gopacket.NilDecodeFeedback); err != nil {
		t.Fatalf("layers.STP: %v", err)
	}
	p := gopacketPrefix{
		ProtocolID: l.ProtocolID, Version: l.Version, Type: l.Type, TC: l.TC, TCA: l.TCA,
		RootPriority: l.RouteID.Priority, RootSysID: l.RouteID.SysID,
		Cost:           l.Cost,
		BridgePriority: l.BridgeID.Priority, BridgeSysID: l.BridgeID.SysID,
		PortID:     l.PortID,
		MessageAge: l.MessageAge, MaxAge: l.MaxAge, HelloTime: l.HelloTime, ForwardDelay: l.FDelay,
	}
	copy(p.RootMAC[:], l.RouteID.HwAddr)
	copy(p.BridgeMAC[:], l.BridgeID.HwAddr)
	return p
}

func prefixFromBPDU(b stp.BPDU) gopacketPrefix {
	return gopacketPrefix{
		ProtocolID: b.ProtocolID, Version: uint8(b.Version), Type: uint8(b.Type),
		TC: b.Flags.TC(), TCA: b.Flags.TCA(),
		RootPriority: b.Root.Priority, RootSysID: b.Root.SystemID, RootMAC: b.Root.MAC,
		Cost:           b.RootPathCost,
		BridgePriority: b.Bridge.Priority, BridgeSysID: b.Bridge.SystemID, BridgeMAC: b.Bridge.MAC,
		PortID:     b.Port.Raw(),
		MessageAge: uint16(b.MessageAge), MaxAge: uint16(b.MaxAge),
		HelloTime: uint16(b.HelloTime), ForwardDelay: uint16(b.ForwardDelay),
	}
}

func checkGopacket(t *testing.T, b []byte, got stp.BPDU) {
	t.Helper()
	want := prefixFromGopacket(t, b)
	if diff := cmp.Diff(want, prefixFromBPDU(got)); diff != "" {
		t.Errorf("35-octet prefix differs from layers.STP (-gopacket +stp):\n%s", diff)
	}
}

// TestGopacketAgrees compares the 35-octet prefix of every complete
// Configuration, RST and MST BPDU, in the table and in the corpus, with
// gopacket's layers.STP.
func TestGopacketAgrees(t *testing.T) {
	for _, tt := range bpduCases() {
		if !tt.valid {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			got, err := stp.ParseBPDU(tt.b)
			if err != nil {
				t.Fatal(err)
			}
			checkGopacket(t, tt.b, got)
		})
	}
	corpustest.Dir(t)
	n := 0
	for _, fr := range corpusBodies() {
		if fr.key != "" {
			continue
		}
		parse := stp.ParseBPDU
		if fr.pvst {
			parse = stp.ParsePVST
		}
		got, err := parse(fr.body)
		if err != nil || (got.Type != stp.TypeConfig && got.Type != stp.TypeRST) {
			continue
		}
		t.Run(fmt.Sprintf("%s#%d", fr.file, fr.index), func(t *testing.T) {
			checkGopacket(t, fr.body, got)
		})
		n++
	}
	if n == 0 {
		t.Error("no corpus BPDU compared")
	}
	t.Logf("%d corpus BPDUs compared", n)
}

// tcpdumpBlocks splits a tcpdump -# output into the text of each record,
// by record number.
func tcpdumpBlocks(t *testing.T, path string) map[int]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head := regexp.MustCompile(`^\s*(\d+)\s+\d{4}-\d\d-\d\d `)
	blocks := map[int]string{}
	cur := -1
	for _, line := range strings.Split(string(data), "\n") {
		if m := head.FindStringSubmatch(line); m != nil {
			cur, _ = strconv.Atoi(m[1])
		}
		if cur >= 0 {
			blocks[cur] += line + "\n"
		}
	}
	return blocks
}

// tcpdumpFlags maps the names tcpdump prints in "Flags [...]" to ours.
var tcpdumpFlags = strings.NewReplacer("Topology change ACK", "TCA", "Topology change", "TC")

// TestTcpdumpOutputs checks values that both tcpdump and this package
// print for every BPDU of the captures with tcpdump expected outputs.
func TestTcpdumpOutputs(t *testing.T) {
	dir := corpustest.Dir(t)
	re := func(s string) *regexp.Regexp { return regexp.MustCompile(s) }
	var (
		reSTP      = re(`STP 802\.1[dwsq]|STP 802\.1aq`)
		reFlags    = re(`(?:CIST )?Flags (\[[^\]]*\])`)
		reBridge   = re(`bridge-id ([0-9a-f]{4}\.[0-9a-f:]{17})\.([0-9a-f]{4})`)
		reRoot     = re(`\troot-id ([0-9a-f]{4}\.[0-9a-f:]{17})`)
		reCISTRoot = re(`CIST root-id ([0-9a-f]{4}\.[0-9a-f:]{17})`)
		reRegional = re(`CIST regional-root-id ([0-9a-f]{4}\.[0-9a-f:]{17})`)
		rePortID   = re(`CIST port-id ([0-9a-f]{4})`)
		reCISTBr   = re(`CIST bridge-id ([0-9a-f]{4}\.[0-9a-f:]{17})`)
		reRole     = re(`port-role (\w+)`)
		reMCID     = re(`MCID Name (.*), rev (\d+),`)
		reMSTI     = re(`MSTI (\d+), Flags (\[[^\]]*\]), port-role (\w+)\n\s*MSTI regional-root-id ([0-9a-f]{4}\.[0-9a-f:]{17}), pathcost (\d+)\n\s*MSTI bridge-prio (\d+), port-prio (\d+), hops (\d+)`)
		reV3       = re(`v3len (\d+)`)
		reCost     = re(`root-pathcost (\d+)`)
	)
	for _, tc := range []struct{ pcap, out string }{
		{"tcpdump/802.1D_spanning_tree.pcap", "tcpdump/stp-v.out"},
		{"tcpdump/802.1w_rapid_STP.pcap", "tcpdump/rstp-v.out"},
		{"tcpdump/evb.pcap", "tcpdump/evb.out"},
		{"tcpdump/spb_bpduv4.pcap", "tcpdump/spb_bpduv4-v.out"},
	} {
		t.Run(tc.out, func(t *testing.T) {
			blocks := tcpdumpBlocks(t, filepath.Join(dir, tc.out))
			frames, err := bpduFrames(dir, tc.pcap)
			if err != nil {
				t.Fatal(err)
			}
			checked := 0
			for _, fr := range frames {
				text, ok := blocks[fr.index]
				if !ok || !reSTP.MatchString(text) {
					t.Errorf("record %d: no STP line in %s", fr.index, tc.out)
					continue
				}
				b, err := stp.ParseBPDU(fr.body)
				if err != nil {
					t.Errorf("record %d: %v", fr.index, err)
					continue
				}
				expect := func(what, want, got string) {
					t.Helper()
					if want != got {
						t.Errorf("record %d %s: tcpdump %q, stp %q", fr.index, what, want, got)
					}
				}
				if m := reFlags.FindStringSubmatch(text); m != nil {
					f := b.Flags
					if b.Type == stp.TypeConfig {
						f &= stp.FlagTC | stp.FlagTCA
					}
					expect("flags", tcpdumpFlags.Replace(m[1]), f.String())
				} else {
					t.Errorf("record %d: no flags in tcpdump output", fr.index)
				}
				if m := reCost.FindStringSubmatch(text); m != nil {
					expect("root path cost", m[1], strconv.FormatUint(uint64(b.RootPathCost), 10))
				}
				if m := reBridge.FindStringSubmatch(text); m != nil {
					expect("bridge id", m[1], b.Bridge.String())
					expect("port id", m[2], b.Port.String()[2:])
				}
				if m := reRoot.FindStringSubmatch(text); m != nil {
					expect("root id", m[1], b.Root.String())
				}
				if m := reRole.FindStringSubmatch(text); m != nil && b.Version >= stp.VersionRSTP {
					expect("port role", m[1], b.Flags.Role().String())
				}
				if b.IsMST() {
					for _, c := range []struct {
						re   *regexp.Regexp
						what string
						got  string
					}{
						{reCISTRoot, "CIST root id", b.Root.String()},
						{reRegional, "CIST regional root id", b.Bridge.String()},
						{rePortID, "CIST port id", b.Port.String()[2:]},
						{reCISTBr, "CIST bridge id", b.CISTBridge.String()},
						{reV3, "version 3 length", strconv.Itoa(int(b.Version3Length))},
					} {
						m := c.re.FindStringSubmatch(text)
						if m == nil {
							t.Errorf("record %d: no %s in tcpdump output", fr.index, c.what)
							continue
						}
						expect(c.what, m[1], c.got)
					}
					if m := reMCID.FindStringSubmatch(text); m != nil {
						expect("region name", m[1], b.MCID.Name)
						expect("revision", m[2], strconv.Itoa(int(b.MCID.Revision)))
					} else {
						t.Errorf("record %d: no MCID in tcpdump output", fr.index)
					}
					ms := reMSTI.FindAllStringSubmatch(text, -1)
					if len(ms) != len(b.MSTIs) {
						t.Errorf("record %d: tcpdump prints %d MSTIs, stp has %d", fr.index, len(ms), len(b.MSTIs))
					}
					for i, m := range ms {
						if i >= len(b.MSTIs) {
							break
						}
						mi := b.MSTIs[i]
						expect("MSTI id", m[1], strconv.Itoa(int(mi.ID())))
						expect("MSTI flags", m[2], mi.Flags.String())
						expect("MSTI role", m[3], mi.Flags.Role().String())
						expect("MSTI regional root", m[4], mi.RegionalRoot.String())
						expect("MSTI cost", m[5], strconv.FormatUint(uint64(mi.InternalRootPathCost), 10))
						expect("MSTI bridge priority", m[6], strconv.Itoa(int(mi.BridgePriority>>12)))
						expect("MSTI port priority", m[7], strconv.Itoa(int(mi.PortPriority>>4)))
						expect("MSTI hops", m[8], strconv.Itoa(int(mi.RemainingHops)))
					}
				}
				checked++
			}
			if checked == 0 {
				t.Error("no BPDU checked")
			}
			t.Logf("%d BPDUs checked against %s", checked, tc.out)
		})
	}
}
