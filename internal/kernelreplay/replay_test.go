package kernelreplay_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dropscope/dropscope/internal/kernelreplay"
)

var (
	vb = kernelreplay.DefaultReceiverMAC[:] // receiver, destination of every frame
	va = kernelreplay.SenderMAC[:]          // sender
)

// frame concatenates header fields and pads to the 60-byte Ethernet minimum
// (without FCS), as a NIC would deliver it.
func frame(parts ...[]byte) []byte {
	b := bytes.Join(parts, nil)
	if len(b) < 60 {
		b = append(b, make([]byte, 60-len(b))...)
	}
	return b
}

// Frames of docs/kernel-rx-model.md §9, all from va to vb.
var (
	// E1: an EtherType with no handler.
	f88b5 = frame(
		vb, va, // dst, src
		[]byte{0x88, 0xb5}, // EtherType: local experimental 1
	)
	// E6b: a second EtherType with no handler.
	f88b6 = frame(
		vb, va, // dst, src
		[]byte{0x88, 0xb6}, // EtherType: local experimental 2
	)
	// IPv4 with a valid header checksum; ip_rcv takes it (and drops it
	// later for want of a route, which is not rx_dropped).
	fIPv4 = frame(
		vb, va, // dst, src
		[]byte{0x08, 0x00}, // EtherType: IPv4
		[]byte{
			0x45, 0x00, 0x00, 0x2e, // version 4, IHL 5, TOS 0, total length 46
			0x00, 0x00, 0x40, 0x00, // id 0, DF
			0x40, 0x11, 0xb6, 0xbb, // TTL 64, UDP, header checksum
			192, 0, 2, 1, // source 192.0.2.1
			192, 0, 2, 2, // destination 192.0.2.2
		},
	)
	// E3: 802.3 length field, LLC to the STP SAP: ETH_P_802_2, llc_rcv.
	fLLC = frame(
		vb, va, // dst, src
		[]byte{0x00, 0x26},       // length 38
		[]byte{0x42, 0x42, 0x03}, // DSAP, SSAP: STP; control: UI
	)
	// E4e: raw 802.3 (Novell): length then FF FF gives ETH_P_802_3.
	fRaw8023 = frame(
		vb, va, // dst, src
		[]byte{0x00, 0x00}, // length 0
		[]byte{0xff, 0xff}, // IPX checksum field
	)
	// E7b: VLAN 5, inner EtherType with no handler.
	fVLAN88b5 = frame(
		vb, va, // dst, src
		[]byte{0x81, 0x00}, // TPID 802.1Q
		[]byte{0x00, 0x05}, // PCP 0, DEI 0, VID 5
		[]byte{0x88, 0xb5}, // inner EtherType
	)
	// One byte short of an Ethernet header: the sender refuses it.
	fRunt = bytes.Join([][]byte{vb, va, {0x88}}, nil)
)

var (
	dropped  = kernelreplay.Delta{Sent: true, RxPackets: 1, RxDropped: 1}
	accepted = kernelreplay.Delta{Sent: true, RxPackets: 1}
)

type sent struct {
	name string
	b    []byte
	n    int // times sent; 0 means 1
	want kernelreplay.Delta
}

func TestReplay(t *testing.T) {
	skipUnlessAvailable(t)
	tests := []struct {
		name  string
		opts  kernelreplay.Options
		sends []sent
		ptype []string // regexps, each must match a line of the receiver's /proc/net/ptype
	}{{
		name: "stock handlers",
		sends: []sent{
			{name: "E1 0x88b5", b: f88b5, n: 10, want: dropped},
			{name: "IPv4", b: fIPv4, want: accepted},
			{name: "E3 802.3 LLC", b: fLLC, want: accepted},
			{name: "E4e raw 802.3", b: fRaw8023, want: dropped},
			{name: "E7b VLAN 5 0x88b5", b: fVLAN88b5, want: dropped},
			{name: "13-byte runt", b: fRunt, want: kernelreplay.Delta{SendErr: "invalid argument"}},
		},
		ptype: []string{`^0800\s+ip_rcv$`, `^0004\s+llc_rcv$`, `^0806\s+arp_rcv$`, `^86dd\s+ipv6_rcv$`},
	}, {
		name: "E5b tap bound to vb",
		opts: kernelreplay.Options{TapBound: true},
		sends: []sent{
			{name: "E8d 0x88b5", b: f88b5, n: 10, want: accepted},
			{name: "E8a VLAN 5 0x88b5", b: fVLAN88b5, n: 10, want: dropped},
		},
		ptype: []string{`^ALL  vb\s+packet_rcv$`},
	}, {
		name: "E5a tap not bound",
		opts: kernelreplay.Options{TapUnbound: true},
		sends: []sent{
			{name: "0x88b5", b: f88b5, n: 10, want: accepted},
		},
		ptype: []string{`^ALL\s+packet_rcv$`},
	}, {
		name: "E14a ingress qdisc and tap bound to vb",
		opts: kernelreplay.Options{TapBound: true, IngressQdisc: true},
		sends: []sent{
			{name: "0x88b5", b: f88b5, n: 10, want: dropped},
		},
		ptype: []string{`^ALL  vb\s+packet_rcv$`},
	}, {
		name: "E6 protocol socket 0x88b5",
		opts: kernelreplay.Options{ProtoSockets: []uint16{0x88b5}},
		sends: []sent{
			{name: "E6a 0x88b5", b: f88b5, n: 10, want: accepted},
			{name: "E6b 0x88b6", b: f88b6, n: 10, want: dropped},
		},
		ptype: []string{`^88b5\s+packet_rcv$`},
	}, {
		name: "MTU 1500",
		opts: kernelreplay.Options{MTU: 1500},
		sends: []sent{
			{name: "1514 bytes", b: frame(vb, va, []byte{0x88, 0xb5}, make([]byte, 1500)), want: dropped},
			{name: "1515 bytes", b: frame(vb, va, []byte{0x88, 0xb5}, make([]byte, 1501)), want: kernelreplay.Delta{SendErr: "message too long"}},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkNoNamespaces(t)
			var frames [][]byte
			var want []kernelreplay.Delta
			var names []string
			for _, s := range tt.sends {
				for i := range max(s.n, 1) {
					frames = append(frames, s.b)
					want = append(want, s.want)
					names = append(names, fmt.Sprintf("%s #%d", s.name, i))
				}
			}
			res, err := kernelreplay.Replay(context.Background(), frames, tt.opts)
			if err != nil {
				t.Fatalf("Replay: %v", err)
			}
			if len(res.Deltas) != len(frames) {
				t.Fatalf("got %d deltas for %d frames", len(res.Deltas), len(frames))
			}
			for i := range frames {
				if diff := cmp.Diff(want[i], res.Deltas[i]); diff != "" {
					t.Errorf("frame %d (%s): (-want +got)\n%s", i, names[i], diff)
				}
			}
			for _, re := range tt.ptype {
				if !regexp.MustCompile(`(?m)` + re).MatchString(res.Ptype) {
					t.Errorf("ptype has no line matching %s:\n%s", re, res.Ptype)
				}
			}
			if res.Device != "vb" {
				t.Errorf("Device = %q, want vb", res.Device)
			}
			checkTotals(t, res)
		})
	}
}

func TestReplayKernelRelease(t *testing.T) {
	skipUnlessAvailable(t)
	checkNoNamespaces(t)
	res, err := kernelreplay.Replay(context.Background(), nil, kernelreplay.Options{})
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	out, err := exec.Command("uname", "-r").Output()
	if err != nil {
		t.Skipf("uname -r: %v", err)
	}
	if want := strings.TrimSpace(string(out)); res.KernelRelease != want {
		t.Errorf("KernelRelease = %q, want %q", res.KernelRelease, want)
	}
	if res.TotalPackets != 0 || res.TotalDropped != 0 || res.TotalNoHandler != 0 {
		t.Errorf("background traffic on an idle receiver: %+v", res)
	}
}

// TestReplay2000 replays a capture-sized run and checks that it is fast and
// that every counter change is attributed to a frame.
func TestReplay2000(t *testing.T) {
	skipUnlessAvailable(t)
	checkNoNamespaces(t)
	var frames [][]byte
	var want []kernelreplay.Delta
	mix := []struct {
		b    []byte
		want kernelreplay.Delta
	}{{f88b5, dropped}, {fIPv4, accepted}, {fLLC, accepted}, {fRaw8023, dropped}, {fVLAN88b5, dropped}}
	for i := range 2000 {
		m := mix[i%len(mix)]
		frames = append(frames, m.b)
		want = append(want, m.want)
	}
	start := time.Now()
	res, err := kernelreplay.Replay(context.Background(), frames, kernelreplay.Options{})
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	t.Logf("2000 frames in %v", elapsed)
	if elapsed > time.Minute {
		t.Errorf("2000 frames took %v, want under a minute", elapsed)
	}
	bad := 0
	for i, d := range res.Deltas {
		if d != want[i] {
			bad++
			if bad <= 5 {
				t.Errorf("frame %d: got %+v, want %+v", i, d, want[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d frames differ", bad, len(frames))
	}
	checkTotals(t, res)
}

func TestReplayCanceled(t *testing.T) {
	skipUnlessAvailable(t)
	checkNoNamespaces(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := kernelreplay.Replay(ctx, [][]byte{f88b5}, kernelreplay.Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Replay with a canceled context: got %v, want context.Canceled", err)
	}
}

func TestReplayCanceledMidway(t *testing.T) {
	skipUnlessAvailable(t)
	checkNoNamespaces(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	frames := make([][]byte, 1_000_000)
	for i := range frames {
		frames[i] = f88b5
	}
	time.AfterFunc(300*time.Millisecond, cancel)
	res, err := kernelreplay.Replay(ctx, frames, kernelreplay.Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if len(res.Deltas) == 0 || len(res.Deltas) == len(frames) {
		t.Errorf("got %d deltas, want some but not all", len(res.Deltas))
	}
}

func TestReplayBadOptions(t *testing.T) {
	tests := []struct {
		name string
		opts kernelreplay.Options
	}{
		{"multicast receiver MAC", kernelreplay.Options{ReceiverMAC: [6]byte{0x01, 0, 0x5e, 0, 0, 1}}},
		{"receiver MAC equals sender", kernelreplay.Options{ReceiverMAC: kernelreplay.SenderMAC}},
		{"MTU too small", kernelreplay.Options{MTU: 67}},
		{"MTU too large", kernelreplay.Options{MTU: 65536}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := kernelreplay.Replay(context.Background(), nil, tt.opts)
			if err == nil || !strings.HasPrefix(err.Error(), "kernelreplay: ") {
				t.Errorf("got %v, want a kernelreplay error", err)
			}
		})
	}
}

func skipUnlessAvailable(t *testing.T) {
	t.Helper()
	if err := kernelreplay.Available(); err != nil {
		t.Skip(err.Error())
	}
}

// checkTotals is the attribution check: every counter change over the run
// belongs to exactly one frame.
func checkTotals(t *testing.T, res kernelreplay.Result) {
	t.Helper()
	var p, d, n uint64
	for _, x := range res.Deltas {
		p += x.RxPackets
		d += x.RxDropped
		n += x.RxNoHandler
	}
	got := [3]uint64{p, d, n}
	want := [3]uint64{res.TotalPackets, res.TotalDropped, res.TotalNoHandler}
	if got != want {
		t.Errorf("sum of deltas (packets, dropped, nohandler) = %v, totals = %v", got, want)
	}
}

// checkNoNamespaces fails the test if a namespace made by this process
// is left behind once the test is over.
func checkNoNamespaces(t *testing.T) {
	t.Helper()
	t.Cleanup(func() {
		out, err := exec.Command("ip", "netns", "list").Output()
		if err != nil {
			t.Fatalf("ip netns list: %v", err)
		}
		for _, prefix := range []string{"dsrx-", "dstx-"} {
			p := fmt.Sprintf("%s%d-", prefix, os.Getpid())
			for line := range strings.Lines(string(out)) {
				if strings.HasPrefix(line, p) {
					t.Errorf("namespace left behind: %s", strings.TrimSpace(line))
				}
			}
		}
	})
}
