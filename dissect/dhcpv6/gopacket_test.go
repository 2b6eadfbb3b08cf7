package dhcpv6_test

import (
	"fmt"
	"net/netip"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/dropscope/dropscope/dissect/dhcpv6"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// wireLen rebuilds an option's option-len from its decoded value, so that
// the decoded values can be checked against a second implementation's raw
// lengths. ok is false where the value does not determine the length.
func wireLen(o dhcpv6.Option) (n int, ok bool) {
	sum := func(opts []dhcpv6.Option) (int, bool) {
		t := 0
		for _, s := range opts {
			n, ok := wireLen(s)
			if !ok {
				return 0, false
			}
			t += 4 + n
		}
		return t, true
	}
	items := func(d [][]byte) int {
		t := 0
		for _, x := range d {
			t += 2 + len(x)
		}
		return t
	}
	switch o := o.(type) {
	case dhcpv6.ClientID:
		return len(o.DUID.Raw), true
	case dhcpv6.ServerID:
		return len(o.DUID.Raw), true
	case dhcpv6.IANA:
		n, ok := sum(o.Options)
		return 12 + n, ok
	case dhcpv6.IAPD:
		n, ok := sum(o.Options)
		return 12 + n, ok
	case dhcpv6.IATA:
		n, ok := sum(o.Options)
		return 4 + n, ok
	case dhcpv6.IAAddress:
		n, ok := sum(o.Options)
		return 24 + n, ok
	case dhcpv6.IAPrefix:
		n, ok := sum(o.Options)
		return 25 + n, ok
	case dhcpv6.StatusCode:
		return 2 + len(o.Message), true
	case dhcpv6.OptionRequest:
		return 2 * len(o.Codes), true
	case dhcpv6.Preference:
		return 1, true
	case dhcpv6.ElapsedTime:
		return 2, true
	case dhcpv6.RapidCommit, dhcpv6.ReconfigureAccept:
		return 0, true
	case dhcpv6.UserClass:
		return items(o.Data), true
	case dhcpv6.VendorClass:
		return 4 + items(o.Data), true
	case dhcpv6.VendorOpts:
		return 4 + len(o.Data), true
	case dhcpv6.DNSServers:
		return 16 * len(o.Servers), true
	case dhcpv6.UnknownOption:
		return int(o.Length), true
	case dhcpv6.RelayMessage:
		hdr := 4
		if o.Message.Type.IsRelay() {
			hdr = 34
		}
		n, ok := sum(o.Message.Options)
		return hdr + n, ok
	}
	return 0, false
}

// gopacketView is what both implementations decode: msg-type, xid, relay
// header, top-level option codes and lengths.
type gopacketView struct {
	Type  uint8
	XID   uint32
	Hops  uint8
	Link  string
	Peer  string
	Codes []uint16
	Lens  []int // -1 where wireLen cannot rebuild the length
}

func viewOf(m dhcpv6.Message) gopacketView {
	v := gopacketView{Type: uint8(m.Type), XID: m.TransactionID}
	if m.Type.IsRelay() {
		v.Hops, v.Link, v.Peer = m.HopCount, m.LinkAddress.String(), m.PeerAddress.String()
	}
	for _, o := range m.Options {
		v.Codes = append(v.Codes, uint16(o.Code()))
		n, ok := wireLen(o)
		if !ok {
			n = -1
		}
		v.Lens = append(v.Lens, n)
	}
	return v
}

// gopacketDecode decodes b with gopacket's DHCPv6 layer; ok is false when
// it fails (or panics).
func gopacketDecode(b []byte, mine gopacketView) (v gopacketView, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	var d layers.DHCPv6
	if err := d.DecodeFromBytes(b, gopacket.NilDecodeFeedback); err != nil {
		return v, false
	}
	v.Type = uint8(d.MsgType)
	if len(d.TransactionID) == 3 {
		v.XID = uint32(d.TransactionID[0])<<16 | uint32(d.TransactionID[1])<<8 | uint32(d.TransactionID[2])
	}
	if d.MsgType == layers.DHCPv6MsgTypeRelayForward || d.MsgType == layers.DHCPv6MsgTypeRelayReply {
		// net.IP prints v4-mapped addresses as IPv4; compare as netip.
		v.Hops = d.HopCount
		v.Link = netip.AddrFrom16([16]byte(d.LinkAddr.To16())).String()
		v.Peer = netip.AddrFrom16([16]byte(d.PeerAddr.To16())).String()
	}
	for i, o := range d.Options {
		v.Codes = append(v.Codes, uint16(o.Code))
		n := int(o.Length)
		if i < len(mine.Lens) && mine.Lens[i] == -1 {
			n = -1
		}
		v.Lens = append(v.Lens, n)
	}
	return v, true
}

// compareGopacket checks Parse against gopacket on b when Parse succeeds.
func compareGopacket(t *testing.T, b []byte) {
	t.Helper()
	m, err := dhcpv6.Parse(b)
	if err != nil {
		return
	}
	mine := viewOf(m)
	theirs, ok := gopacketDecode(b, mine)
	if !ok {
		t.Errorf("gopacket fails on a message Parse accepts: %x", b)
		return
	}
	if diff := cmp.Diff(theirs, mine); diff != "" {
		t.Errorf("Parse vs gopacket on %x (-gopacket +Parse):\n%s", b, diff)
	}
}

// TestGopacketCorpus compares every DHCPv6 message of the corpus.
func TestGopacketCorpus(t *testing.T) {
	dir := corpustest.Dir(t)
	n := 0
	for _, c := range corpustest.Captures(t, dir) {
		name := c.Name
		for i, p := range messagesOf(t, dir, name) {
			t.Run(fmt.Sprintf("%s#%d", name, i), func(t *testing.T) { compareGopacket(t, p) })
			n++
		}
	}
	if n == 0 {
		t.Error("no DHCPv6 message in the corpus")
	}
}

// TestGopacketTable compares the valid rows of the hand-written table and
// past fuzz findings.
func TestGopacketTable(t *testing.T) {
	for _, b := range validSeeds() {
		compareGopacket(t, b)
	}
	regressions := []struct {
		name string
		b    []byte
	}{{
		// testdata/fuzz/FuzzParse/9942197b9f97a6cc
		name: "fuzz: v4-mapped link-address, which net.IP prints as IPv4",
		b: []byte{
			0x0c,                                                             // msg-type: RELAY-FORW
			0x30,                                                             // hop-count
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0x30, 0x30, 0x30, 0x30, // link-address ::ffff:48.48.48.48
			0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, // peer-address
		},
	}}
	for _, tt := range regressions {
		t.Run(tt.name, func(t *testing.T) {
			m, err := dhcpv6.Parse(tt.b)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := m.LinkAddress.String(), "::ffff:48.48.48.48"; got != want {
				t.Errorf("LinkAddress = %s, want %s", got, want)
			}
			compareGopacket(t, tt.b)
		})
	}
}
