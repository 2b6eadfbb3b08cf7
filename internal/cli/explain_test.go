package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dropscope/dropscope/dissect"
)

func TestReadValue(t *testing.T) {
	tests := []struct {
		name string
		in   string
		as   string
		want []reading
	}{{
		name: "EtherType with 0x: perf x16 reading is unlikely, EtherType first",
		in:   "0x86dd",
		want: []reading{{asEtherType, 0x86dd, 2}, {asPerf, 0xdd86, 1}},
	}, {
		name: "EtherType without 0x",
		in:   "86dd",
		want: []reading{{asEtherType, 0x86dd, 2}, {asPerf, 0xdd86, 1}},
	}, {
		name: "perf probe x16 without 0x (as pasted from the incident): IPv6 is plausible",
		in:   "dd86",
		want: []reading{{asPerf, 0x86dd, 2}, {asEtherType, 0xdd86, 1}},
	}, {
		name: "perf probe x16 of ETH_P_802_2",
		in:   "0x400",
		want: []reading{{asPerf, dissect.ETHP8022, 2}, {asEtherType, 0x0400, 0}},
	}, {
		name: "perf probe x16 of IPv4 prints 0x8",
		in:   "0x8",
		want: []reading{{asPerf, 0x0800, 2}, {asEtherType, 0x0008, 0}},
	}, {
		name: "perf probe line protocol=0xcc88: never a tracepoint or EtherType",
		in:   "protocol=0xcc88",
		want: []reading{{asPerf, dissect.EtherTypeLLDP, 2}},
	}, {
		name: "perf :u16 decimal of IPv6",
		in:   "56710",
		want: []reading{{asPerfU16, 0x86dd, 2}, {asKfree, 0xdd86, 1}},
	}, {
		name: "perf :u16 decimal of 802.2: 1024 is also hex 0x1024",
		in:   "1024",
		want: []reading{{asPerfU16, dissect.ETHP8022, 2}, {asEtherType, 0x1024, 1}, {asKfree, 0x0400, 0}},
	}, {
		name: "kfree_skb tracepoint field",
		in:   "protocol=34997",
		want: []reading{{asKfree, dissect.EtherTypeLocal1, 2}, {asPerfU16, 0xb588, 1}},
	}, {
		name: "kfree_skb raw 802.3",
		in:   "protocol=1",
		want: []reading{{asKfree, dissect.ETHP8023, 2}, {asPerfU16, 0x0100, 0}},
	}, {
		name: "forced reading",
		in:   "34525",
		as:   asKfree,
		want: []reading{{asKfree, 0x86dd, 2}},
	}, {
		name: "forced perf reading of a hex value",
		in:   "0xa888",
		as:   asPerf,
		want: []reading{{asPerf, dissect.EtherTypeQinQ, 2}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readValue(tt.in, tt.as)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got, cmp.AllowUnexported(reading{})); d != "" {
				t.Errorf("readValue(%q) (-want +got):\n%s", tt.in, d)
			}
		})
	}
	for _, bad := range []string{"", "0x", "0x12345", "zz", "70000", "protocol="} {
		if _, err := readValue(bad, ""); err == nil {
			t.Errorf("readValue(%q): no error", bad)
		}
	}
}

func TestExplainCommand(t *testing.T) {
	tests := []struct {
		args []string
		code int
		has  []string
	}{
		{[]string{"explain", "dd86"}, ExitOK, []string{"0x86dd IPv6", "plausible", "counted in rx_dropped", "ipv6.disable=1"}},
		{[]string{"explain", "--ipv6-is-not-a-flag", "dd86"}, ExitUsage, nil},
		{[]string{"explain", "--kernel", "el7", "protocol=4"}, ExitOK, []string{"0x0004 802.2 LLC", "rules 3.10 (el7)", "counted in rx_dropped:"}},
		{[]string{"explain", "0x8"}, ExitOK, []string{"0x0800 IPv4", "delivered to ip_rcv"}},
		{[]string{"explain", "0x81"}, ExitOK, []string{"0x8100", "VLAN tag protocol"}},
		{[]string{"explain"}, ExitUsage, nil},
		{[]string{"explain", "--as", "bogus", "1"}, ExitUsage, nil},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := Main(context.Background(), tt.args, &out, &errb)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d; stderr %s", tt.args, code, tt.code, errb.String())
		}
		for _, s := range tt.has {
			if !strings.Contains(out.String(), s) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, s, out.String())
			}
		}
	}
}

func TestPtypeCommand(t *testing.T) {
	dir := t.TempDir()
	old := procRoot
	procRoot = dir
	defer func() { procRoot = old }()
	writeFile(t, dir+"/net/ptype", "Type Device      Function\nALL  em1      packet_rcv\n0800          ip_rcv\n0806          arp_rcv\n0004          llc_rcv [llc]\n")
	writeFile(t, dir+"/sys/kernel/osrelease", "3.10.0-1160.el7.x86_64\n")
	var out, errb bytes.Buffer
	save := dir + "/saved.txt"
	if code := Main(context.Background(), []string{"ptype", "--save", save}, &out, &errb); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, s := range []string{"kernel rules 3.10 (el7)", "ALL   em1", "untagged frames without a handler on em1", "llc_rcv            llc",
		"86dd ipv6_rcv", "does not list capture sockets bound to one device", "Saved to " + save} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, out.String())
		}
	}
	out.Reset()
	if code := Main(context.Background(), []string{"explain", "--ptype", save, "0x8"}, &out, &errb); code != ExitOK || !strings.Contains(out.String(), "delivered to ip_rcv") {
		t.Errorf("explain --ptype saved: exit %d\n%s", code, out.String())
	}
}
