package icmpv6_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dropscope/dropscope/dissect/icmpv6"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// corpusFrame is one IPv6 packet of a capture, walked without an error
// other than truncation.
type corpusFrame struct {
	index int // 1-based, as tcpdump -# numbers frames
	upper icmpv6.Upper
}

// walkIPv6 walks the IPv6 packet of an Ethernet frame; ok is false for
// another EtherType and for a walk error other than truncation.
func walkIPv6(f corpustest.EthernetFrame) (icmpv6.Upper, bool) {
	if f.EtherType != 0x86dd {
		return icmpv6.Upper{}, false
	}
	u, err := icmpv6.WalkIPv6(f.Payload)
	return u, err == nil || errors.Is(err, icmpv6.ErrTruncated)
}

// ipv6Frames returns the walked IPv6 packets of a capture.
func ipv6Frames(tb testing.TB, dir, name string) []corpusFrame {
	tb.Helper()
	var out []corpusFrame
	for _, f := range corpustest.EthernetFrames(tb, dir, name) {
		if u, ok := walkIPv6(f); ok {
			out = append(out, corpusFrame{index: f.Index, upper: u})
		}
	}
	return out
}

// TestCorpusCounts checks, for every capture, the ICMPv6 type counts
// against counts.csv column icmpv6_types, and that every ICMPv6 message
// parses without a malformed or truncated error unless the capture is
// known to be malformed.
func TestCorpusCounts(t *testing.T) {
	dir := corpustest.Dir(t)
	total := 0
	for _, c := range corpustest.Captures(t, dir) {
		t.Run(c.Name, func(t *testing.T) {
			got := map[int]int{}
			for _, f := range ipv6Frames(t, dir, c.Name) {
				u := f.upper
				if u.Fragment || u.NextHeader != icmpv6.ProtoICMPv6 || len(u.Payload) == 0 {
					continue
				}
				m, err := icmpv6.Parse(u.Payload)
				if len(u.Payload) < icmpv6.HeaderLen {
					got[int(u.Payload[0])]++
				} else {
					got[int(m.Type)]++
				}
				total++
				_ = m.Summary()
				if err != nil && !errors.Is(err, icmpv6.ErrUnsupported) && !strings.Contains(c.Counts["classes"], "malformed") {
					t.Errorf("frame %d: %v", f.index, err)
				}
			}
			want := corpustest.ParseCounts(t, c.Counts["icmpv6_types"])
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("icmpv6 type counts (-want +got):\n%s", diff)
			}
		})
	}
	if total == 0 {
		t.Error("no ICMPv6 message found in the corpus")
	}
}

// messageAt parses the ICMPv6 message of frame n of a capture.
func messageAt(t *testing.T, dir, name string, n int) (icmpv6.Upper, icmpv6.Message) {
	t.Helper()
	for _, f := range ipv6Frames(t, dir, name) {
		if f.index == n {
			m, err := icmpv6.Parse(f.upper.Payload)
			if err != nil {
				t.Fatalf("%s frame %d: %v", name, n, err)
			}
			return f.upper, m
		}
	}
	t.Fatalf("%s: no IPv6 frame %d", name, n)
	return icmpv6.Upper{}, icmpv6.Message{}
}

// TestCorpusTcpdump checks values that tcpdump prints (tests/*.out) against
// what Parse decodes from the same frames. Each row names the frame, a
// string that must appear in tcpdump's line for it, and the value Parse
// must produce.
func TestCorpusTcpdump(t *testing.T) {
	dir := corpustest.Dir(t)
	groups := func(m icmpv6.Message) []string {
		var g []string
		for _, r := range m.Body.(icmpv6.MLDv2Report).Records {
			g = append(g, r.Type.String()+" "+r.MulticastAddress.String())
		}
		return g
	}
	tests := []struct {
		pcap, out string
		frame     int
		tcpdump   string // substring of tcpdump's line
		got       func(icmpv6.Upper, icmpv6.Message) any
		want      any
	}{{
		pcap: "tcpdump/icmpv6.pcap", out: "tcpdump/icmpv6.out", frame: 2,
		tcpdump: "1 group record(s) [gaddr ff02::db8:1122:3344 to_ex { }]",
		got:     func(_ icmpv6.Upper, m icmpv6.Message) any { return groups(m) },
		want:    []string{"CHANGE_TO_EXCLUDE_MODE ff02::db8:1122:3344"},
	}, {
		pcap: "tcpdump/icmpv6.pcap", out: "tcpdump/icmpv6.out", frame: 2,
		tcpdump: "HBH (rtalert: 0x0000)",
		got: func(u icmpv6.Upper, _ icmpv6.Message) any {
			v, ok := u.RouterAlert()
			return []any{v, ok}
		},
		want: []any{uint16(0), true},
	}, {
		pcap: "tcpdump/icmpv6.pcap", out: "tcpdump/icmpv6.out", frame: 4,
		tcpdump: "4 group record(s) [gaddr ff02::db8:1122:3344 is_ex { }] [gaddr ff02::1:ffcc:e546 is_ex { }] [gaddr ff02::1:ffa7:10ad is_ex { }] [gaddr ff02::1:ff00:2 is_ex { }]",
		got:     func(_ icmpv6.Upper, m icmpv6.Message) any { return groups(m) },
		want: []string{
			"MODE_IS_EXCLUDE ff02::db8:1122:3344",
			"MODE_IS_EXCLUDE ff02::1:ffcc:e546",
			"MODE_IS_EXCLUDE ff02::1:ffa7:10ad",
			"MODE_IS_EXCLUDE ff02::1:ff00:2",
		},
	}, {
		pcap: "tcpdump/icmpv6.pcap", out: "tcpdump/icmpv6.out", frame: 3,
		tcpdump: "multicast listener query v2 [max resp delay=10000] [gaddr :: robustness=2 qqi=60]",
		got: func(_ icmpv6.Upper, m icmpv6.Message) any {
			q := m.Body.(icmpv6.MLDv2Query)
			return []any{q.MaxResponseDelay.Milliseconds(), q.MulticastAddress.String(), q.QRV, q.QQI.Seconds()}
		},
		want: []any{int64(10000), "::", uint8(2), float64(60)},
	}, {
		pcap: "tcpdump/icmpv6.pcap", out: "tcpdump/icmpv6.out", frame: 1,
		tcpdump: "hop limit 64, Flags [home agent], pref medium, router lifetime 15s, reachable time 0ms, retrans timer 0ms",
		got: func(_ icmpv6.Upper, m icmpv6.Message) any {
			ra := m.Body.(icmpv6.RouterAdvertisement)
			return []any{ra.CurHopLimit, ra.RouterLifetime, ra.ReachableTime, ra.RetransTimer, ra.Managed, ra.Other}
		},
		want: []any{uint8(64), uint16(15), uint32(0), uint32(0), false, false},
	}, {
		pcap: "tcpdump/icmpv6.pcap", out: "tcpdump/icmpv6.out", frame: 1,
		tcpdump: "ICMP6, router advertisement, length 176",
		got: func(_ icmpv6.Upper, m icmpv6.Message) any {
			var s []string
			for _, o := range m.Body.(icmpv6.RouterAdvertisement).Options {
				s = append(s, o.String())
			}
			return s
		},
		want: []string{
			"prefix 2222:3333:4444:5555:6600::/72 flags LA valid 2592000 preferred 604800", // tcpdump: Flags [onlink, auto], valid time 2592000s, pref. time 604800s
			"rdnss abcd::efef,1234:5678::1 lifetime 5",                                     // tcpdump: lifetime 5s, addr: abcd::efef addr: 1234:5678::1
			"ndp-opt dnssl len 56",
			"mtu 100",
			"source-lladdr b0:99:28:c8:d6:6c",
			"ndp-opt 7 len 8",
			"ndp-opt 8 len 8",
		},
	}, {
		pcap: "tcpdump/dcb_qcn.pcap", out: "tcpdump/dcb_qcn.out", frame: 11,
		tcpdump: "neighbor solicitation, length 24, who has fe80::a00:27ff:fe46:e884",
		got: func(_ icmpv6.Upper, m icmpv6.Message) any {
			return m.Body.(icmpv6.NeighborSolicitation).Target.String()
		},
		want: "fe80::a00:27ff:fe46:e884",
	}, {
		pcap: "tcpdump/dcb_qcn.pcap", out: "tcpdump/dcb_qcn.out", frame: 13,
		tcpdump: "[gaddr ff02::1:ff00:0 to_ex { }] [gaddr ff02::1:ff46:e884 to_ex { }] [gaddr ff02::2 to_ex { }] [gaddr ff02::202 to_ex { }]",
		got:     func(_ icmpv6.Upper, m icmpv6.Message) any { return groups(m) },
		want: []string{
			"CHANGE_TO_EXCLUDE_MODE ff02::1:ff00:0",
			"CHANGE_TO_EXCLUDE_MODE ff02::1:ff46:e884",
			"CHANGE_TO_EXCLUDE_MODE ff02::2",
			"CHANGE_TO_EXCLUDE_MODE ff02::202",
		},
	}, {
		pcap: "tcpdump/ipv6-bad-version.pcap", out: "tcpdump/ipv6-bad-version.out", frame: 3,
		tcpdump: "who has 1111:2222:3333:4444:20c:29ff:fe76:6c14",
		got: func(_ icmpv6.Upper, m icmpv6.Message) any {
			return m.Body.(icmpv6.NeighborSolicitation).Target.String()
		},
		want: "1111:2222:3333:4444:20c:29ff:fe76:6c14",
	}}
	for _, tt := range tests {
		t.Run(tt.pcap+"#"+strconv.Itoa(tt.frame), func(t *testing.T) {
			if line := corpustest.OutLine(t, dir, tt.out, tt.frame); !strings.Contains(line, tt.tcpdump) {
				// Multi-line outputs: the detail may be on a following line.
				if !fileContains(t, dir, tt.out, tt.tcpdump) {
					t.Fatalf("%s does not print %q", tt.out, tt.tcpdump)
				}
			}
			u, m := messageAt(t, dir, tt.pcap, tt.frame)
			if diff := cmp.Diff(tt.want, tt.got(u, m)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func fileContains(t *testing.T, dir, name, s string) bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(b), s)
}
