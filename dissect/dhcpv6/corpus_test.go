package dhcpv6_test

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dropscope/dropscope/dissect/dhcpv6"
	"github.com/dropscope/dropscope/dissect/icmpv6"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// walkIPv6 walks the IPv6 packet of an Ethernet frame; ok is false for
// another EtherType and for a walk error other than truncation.
func walkIPv6(f corpustest.EthernetFrame) (icmpv6.Upper, bool) {
	if f.EtherType != 0x86dd {
		return icmpv6.Upper{}, false
	}
	u, err := icmpv6.WalkIPv6(f.Payload)
	return u, err == nil || errors.Is(err, icmpv6.ErrTruncated)
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

// dhcpMessage returns the DHCPv6 message of an Ethernet frame, if any.
func dhcpMessage(f corpustest.EthernetFrame) ([]byte, bool) {
	u, ok := walkIPv6(f)
	if !ok {
		return nil, false
	}
	return udpPayload(u)
}

// messagesOf returns the DHCPv6 messages of a capture by frame number.
func messagesOf(tb testing.TB, dir, name string) map[int][]byte {
	tb.Helper()
	out := map[int][]byte{}
	for _, f := range corpustest.EthernetFrames(tb, dir, name) {
		if p, ok := dhcpMessage(f); ok {
			out[f.Index] = p
		}
	}
	return out
}

// TestCorpusCounts checks, for every capture, the DHCPv6 message type
// counts against counts.csv column dhcpv6_msgtypes (outer messages only),
// and that every message parses cleanly.
func TestCorpusCounts(t *testing.T) {
	dir := corpustest.Dir(t)
	total := 0
	for _, c := range corpustest.Captures(t, dir) {
		t.Run(c.Name, func(t *testing.T) {
			got := map[int]int{}
			msgs := messagesOf(t, dir, c.Name)
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
			want := corpustest.ParseCounts(t, c.Counts["dhcpv6_msgtypes"])
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
	dir := corpustest.Dir(t)
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
			if line := corpustest.OutLine(t, dir, tt.out, tt.frame); !strings.Contains(line, tt.tcpdump) {
				t.Fatalf("%s frame %d does not print %q", tt.out, tt.frame, tt.tcpdump)
			}
			p, ok := messagesOf(t, dir, tt.pcap)[tt.frame]
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
