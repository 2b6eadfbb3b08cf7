package slow_test

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/dropscope/dropscope/dissect/slow"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// TestCorpus parses every Slow Protocols frame of the corpus and checks
// the per-file count by subtype against counts.csv (`lacp=20;oam=1`).
// gopacket v1.7.7 has no LACP layer, so values are checked against
// tcpdump's output in TestTcpdump instead.
func TestCorpus(t *testing.T) {
	dir := corpustest.Dir(t)
	total := 0
	for _, row := range corpustest.Captures(t, dir) {
		bySubtype := map[string]int{}
		for _, f := range corpustest.EthernetFrames(t, dir, row.Name) {
			if f.EtherType != 0x8809 {
				continue
			}
			p, err := slow.Parse(f.Payload)
			_ = p.Summary()
			checkCapped(t, p)
			if err != nil {
				t.Errorf("%s frame %d: %v", row.Name, f.Index, err)
			}
			bySubtype[p.Subtype.String()]++
			total++
		}
		var parts []string
		for k, v := range bySubtype {
			parts = append(parts, k+"="+strconv.Itoa(v))
		}
		sort.Strings(parts)
		got := strings.Join(parts, ";")
		want := strings.Split(row.Counts["slow_protocols"], ";")
		sort.Strings(want)
		if got != strings.Join(want, ";") {
			t.Errorf("%s: slow protocols %q, counts.csv says %q", row.Name, got, row.Counts["slow_protocols"])
		}
	}
	if total == 0 {
		t.Error("no Slow Protocols frame in the corpus")
	}
}

// tcpdumpState renders a state octet the way tcpdump's print-slow.c does:
// bracketed, comma-separated, "Default" for Defaulted, "none" when empty.
func tcpdumpState(s slow.PortState) string {
	names := s.Names()
	for i, n := range names {
		if n == "Defaulted" {
			names[i] = "Default"
		}
	}
	if len(names) == 0 {
		return "[none]"
	}
	return "[" + strings.Join(names, ", ") + "]"
}

// TestTcpdump checks actor and partner system, priority, key, port and
// state, and the collector max delay, against tcpdump/lacp-ev.out for
// every frame of tcpdump/LACP.pcap.
func TestTcpdump(t *testing.T) {
	dir := corpustest.Dir(t)
	blocks := corpustest.TcpdumpBlocks(t, dir, "tcpdump/lacp-ev.out")
	if blocks == nil {
		t.Skip("tcpdump/lacp-ev.out not available")
	}
	checked := 0
	for _, f := range corpustest.EthernetFrames(t, dir, "tcpdump/LACP.pcap") {
		if f.EtherType != 0x8809 {
			continue
		}
		p, err := slow.Parse(f.Payload)
		if err != nil {
			t.Fatalf("frame %d: %v", f.Index, err)
		}
		l := p.LACP
		info := func(i slow.PortInfo) string {
			return fmt.Sprintf("System %v, System Priority %d, Key %d, Port %d, Port Priority %d",
				i.System, i.SystemPriority, i.Key, i.Port, i.PortPriority)
		}
		lines := blocks[f.Index]
		for _, want := range []string{
			fmt.Sprintf("LACPv%d, length %d", l.Version, len(f.Payload)),
			info(l.Actor),
			"State Flags " + tcpdumpState(l.Actor.State),
			info(l.Partner),
			"State Flags " + tcpdumpState(l.Partner.State),
			fmt.Sprintf("Max Delay %d", l.CollectorMaxDelay),
		} {
			if !corpustest.HasLine(lines, want) {
				t.Errorf("frame %d: tcpdump output lacks %q; got summary %s", f.Index, want, p.Summary())
			}
		}
		// Actor comes before partner in tcpdump's output too.
		if len(lines) < 6 || !strings.Contains(lines[2], info(l.Actor)) || !strings.Contains(lines[5], info(l.Partner)) {
			t.Errorf("frame %d: actor/partner lines out of place: %q", f.Index, lines)
		}
		checked++
	}
	if checked != 20 {
		t.Errorf("checked %d LACP frames, want 20", checked)
	}
}
