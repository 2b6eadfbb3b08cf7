package icmpv6_test

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/dropscope/dropscope/dissect/icmpv6"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// view is what both implementations decode: type and code; for NS the
// target and option types/lengths; for MLDv2 reports the record count and
// each record's type, group and sources.
type view struct {
	Type, Code uint8
	Target     string
	NDP        []string
	Records    []string
}

func ndpView(opts []icmpv6.NDPOption) []string {
	var s []string
	for _, o := range opts {
		n := 0
		switch o := o.(type) {
		case icmpv6.SourceLinkLayerAddress:
			n = len(o.Addr)
		case icmpv6.TargetLinkLayerAddress:
			n = len(o.Addr)
		case icmpv6.UnknownOption:
			n = len(o.Data)
		default:
			n = -1 // fixed-size options: compared by type only
		}
		s = append(s, fmt.Sprintf("%d/%d", o.Kind(), n))
	}
	return s
}

func viewOf(m icmpv6.Message) view {
	v := view{Type: uint8(m.Type), Code: m.Code}
	switch b := m.Body.(type) {
	case icmpv6.NeighborSolicitation:
		v.Target = b.Target.String()
		v.NDP = ndpView(b.Options)
	case icmpv6.MLDv2Report:
		for _, r := range b.Records {
			v.Records = append(v.Records, fmt.Sprintf("%d %s %v", r.Type, r.MulticastAddress, r.Sources))
		}
	}
	return v
}

func ip(b []byte) netip.Addr { return netip.AddrFrom16([16]byte(b)) }

// gopacketView decodes b with gopacket's ICMPv6 layers; ok is false when
// they fail (or panic).
func gopacketView(b []byte, mine view) (v view, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	var l layers.ICMPv6
	if err := l.DecodeFromBytes(b, gopacket.NilDecodeFeedback); err != nil {
		return v, false
	}
	v.Type, v.Code = l.TypeCode.Type(), l.TypeCode.Code()
	switch v.Type {
	case layers.ICMPv6TypeNeighborSolicitation:
		var ns layers.ICMPv6NeighborSolicitation
		if err := ns.DecodeFromBytes(l.Payload, gopacket.NilDecodeFeedback); err != nil {
			return v, false
		}
		v.Target = ip(ns.TargetAddress).String()
		for i, o := range ns.Options {
			n := len(o.Data)
			if i < len(mine.NDP) && mine.NDP[i][len(mine.NDP[i])-3:] == "/-1" {
				n = -1
			}
			v.NDP = append(v.NDP, fmt.Sprintf("%d/%d", o.Type, n))
		}
	case layers.ICMPv6TypeMLDv2MulticastListenerReportMessageV2:
		var r layers.MLDv2MulticastListenerReportMessage
		if err := r.DecodeFromBytes(l.Payload, gopacket.NilDecodeFeedback); err != nil {
			return v, false
		}
		for _, rec := range r.MulticastAddressRecords {
			var src []netip.Addr
			for _, s := range rec.SourceAddresses {
				src = append(src, ip(s))
			}
			v.Records = append(v.Records, fmt.Sprintf("%d %s %v", rec.RecordType, ip(rec.MulticastAddress), src))
		}
	}
	return v, true
}

// compareGopacket checks Parse against gopacket on b when Parse succeeds.
func compareGopacket(t *testing.T, b []byte) {
	t.Helper()
	m, err := icmpv6.Parse(b)
	if err != nil {
		return
	}
	mine := viewOf(m)
	theirs, ok := gopacketView(b, mine)
	if !ok {
		t.Errorf("gopacket fails on a message Parse accepts: %x", b)
		return
	}
	if diff := cmp.Diff(theirs, mine); diff != "" {
		t.Errorf("Parse vs gopacket on %x (-gopacket +Parse):\n%s", b, diff)
	}
}

// TestGopacketCorpus compares every ICMPv6 message of the corpus.
func TestGopacketCorpus(t *testing.T) {
	dir := corpustest.Dir(t)
	n := 0
	for _, c := range corpustest.Captures(t, dir) {
		name := c.Name
		for _, f := range ipv6Frames(t, dir, name) {
			if f.upper.Fragment || f.upper.NextHeader != icmpv6.ProtoICMPv6 {
				continue
			}
			t.Run(fmt.Sprintf("%s#%d", name, f.index), func(t *testing.T) { compareGopacket(t, f.upper.Payload) })
			n++
		}
	}
	if n == 0 {
		t.Error("no ICMPv6 message in the corpus")
	}
}

// TestGopacketTable compares the valid rows of the hand-written table.
func TestGopacketTable(t *testing.T) {
	for _, b := range validSeeds() {
		compareGopacket(t, b)
	}
}
