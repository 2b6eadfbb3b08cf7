package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/hostinfo"
	"github.com/dropscope/dropscope/internal/source"
	"github.com/dropscope/dropscope/report"
)

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// seams replaces the system seams for one test.
func seams(t *testing.T, info func(string) (hostinfo.Info, error), counters func(string) (hostinfo.Counters, error),
	probe func() error, open func(source.LiveOptions) (liveInput, error)) {
	t.Helper()
	oi, oc, op, oo := readHostInfo, readCounters, probeLive, openLive
	t.Cleanup(func() { readHostInfo, readCounters, probeLive, openLive = oi, oc, op, oo })
	if info != nil {
		readHostInfo = info
	}
	if counters != nil {
		readCounters = counters
	}
	if probe != nil {
		probeLive = probe
	}
	if open != nil {
		openLive = open
	}
}

func run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestLiveUnknownInterface(t *testing.T) {
	// The real system: the name cannot exist (IFNAMSIZ is 16).
	code, _, stderr := run("analyze", "--iface", "dslive-no-such-interface")
	if code != ExitError {
		t.Fatalf("exit %d, want %d", code, ExitError)
	}
	if hostinfo.ErrNotLinux.Error() != "" && strings.Contains(stderr, "needs Linux") {
		t.Skip("not Linux: ", stderr)
	}
	if !strings.Contains(stderr, `no interface "dslive-no-such-interface"; interfaces: `) || !strings.Contains(stderr, "lo") {
		t.Errorf("stderr does not list the interfaces: %q", stderr)
	}
	if strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
		t.Errorf("want one line, got %q", stderr)
	}
}

func TestLiveErrors(t *testing.T) {
	up := func(iface string) (hostinfo.Info, error) {
		return hostinfo.Info{Iface: iface, Up: true, Carrier: true}, nil
	}
	tests := []struct {
		name  string
		info  func(string) (hostinfo.Info, error)
		probe func() error
		args  []string
		code  int
		want  string
	}{{
		name:  "not root",
		info:  up,
		probe: func() error { return source.ErrLivePermission },
		args:  []string{"analyze", "--iface", "em1"},
		code:  ExitError,
		want:  "dropscope: live capture needs root or the CAP_NET_RAW capability (run it with sudo, or: setcap cap_net_raw+ep dropscope)\n",
	}, {
		name: "interface down",
		info: func(iface string) (hostinfo.Info, error) {
			return hostinfo.Info{Iface: iface}, &wrapped{"em1: interface is down (ip link set em1 up)", hostinfo.ErrDown}
		},
		args: []string{"analyze", "--iface", "em1"},
		code: ExitError,
		want: "dropscope: live capture: em1: interface is down (ip link set em1 up)\n",
	}, {
		name: "not Linux",
		info: func(iface string) (hostinfo.Info, error) { return hostinfo.Info{}, hostinfo.ErrNotLinux },
		args: []string{"analyze", "--iface", "em1"},
		code: ExitError,
		want: "dropscope: live capture needs Linux\n",
	}, {
		name: "capture files with --iface",
		args: []string{"analyze", "--iface", "em1", "a.pcap"},
		code: ExitUsage,
		want: "dropscope analyze: --iface captures live: give no capture files with it\n",
	}, {
		name: "negative count",
		args: []string{"analyze", "--iface", "em1", "--count", "-1"},
		code: ExitUsage,
		want: "must not be negative",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seams(t, tt.info, nil, tt.probe, func(source.LiveOptions) (liveInput, error) {
				t.Fatal("capture opened")
				return nil, nil
			})
			code, _, stderr := run(tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, stderr, tt.code, tt.want)
			}
		})
	}
}

type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.err }

// fakeLive yields frames, then io.EOF.
type fakeLive struct {
	frames [][]byte
	i      int
	opts   source.LiveOptions
	closed bool
}

func (f *fakeLive) Info() source.Info {
	return source.Info{Name: f.opts.Iface, Format: "live", Size: -1}
}
func (f *fakeLive) Close() error { f.closed = true; return nil }
func (f *fakeLive) Next() (source.Frame, error) {
	if f.i == len(f.frames) {
		return source.Frame{}, io.EOF
	}
	b := f.frames[f.i]
	f.i++
	return source.Frame{Data: b, TS: 1700000000e9 + int64(f.i)*1e6, CapLen: len(b), OrigLen: len(b),
		LinkType: source.LinkEthernet, Dir: source.DirInbound}, nil
}
func (f *fakeLive) Stats() source.LiveStats {
	return source.LiveStats{Frames: uint64(f.i), SocketPackets: uint64(f.i), OutgoingFilter: source.OutgoingIgnoreSockopt,
		TPacketVersion: 3, StopReason: "count", Start: time.Unix(1700000000, 0), End: time.Unix(1700000002, 0)}
}

// eth builds a frame: dst, src, then the rest, padded to 60 bytes.
func eth(dst, src dissect.MAC, rest ...byte) []byte {
	b := append(append(append([]byte{}, dst[:]...), src[:]...), rest...)
	for len(b) < 60 {
		b = append(b, 0)
	}
	return b
}

func TestLiveWithFakes(t *testing.T) {
	self := dissect.MAC{2, 0, 0, 0, 0, 0x0b}
	peer := dissect.MAC{2, 0, 0, 0, 0, 0x0a}
	frames := [][]byte{
		eth(self, peer, 0x88, 0xb5),                         // unknown EtherType: counted; not with the tap
		eth(self, peer, 0x81, 0x00, 0x00, 0x05, 0x88, 0xb5), // VLAN 5 + 0x88b5: counted, also with the tap
		eth(self, peer, 0x08, 0x00, 0x45),                   // IPv4: delivered
		eth(peer, self, 0x88, 0xb5),                         // from the host itself: outgoing
	}
	var fl *fakeLive
	calls := 0
	seams(t,
		func(iface string) (hostinfo.Info, error) {
			return hostinfo.Info{Iface: iface, Index: 7, Up: true, Carrier: true, MAC: self, MACKnown: true,
				Kernel: kernel.Latest, KernelKnown: true, Release: "6.18.44",
				Ptype: kernel.Ptype{Handlers: []kernel.Handler{{Type: 0x0800, Func: "ip_rcv"}, {Type: 0x0806, Func: "arp_rcv"}}}, PtypeKnown: true,
				Assumptions: []string{"test assumption"}}, nil
		},
		func(string) (hostinfo.Counters, error) {
			calls++
			return hostinfo.Counters{RxDropped: uint64(100 * calls), HasNoHandler: true, RxNoHandler: 5, Source: "sysfs"}, nil
		},
		func() error { return nil },
		func(o source.LiveOptions) (liveInput, error) {
			fl = &fakeLive{frames: frames, opts: o}
			return fl, nil
		})
	code, stdout, stderr := run("analyze", "--iface", "em1", "--format", "json", "--quiet", "--count", "4")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !fl.closed || fl.opts.Count != 4 || !fl.opts.HostMACKnown || fl.opts.Promisc {
		t.Errorf("capture options %+v, closed %v", fl.opts, fl.closed)
	}
	var s report.Summary
	if err := json.Unmarshal([]byte(stdout), &s); err != nil {
		t.Fatal(err)
	}
	l := s.Live
	if l == nil {
		t.Fatal("no live section")
	}
	if l.Predicted != 2 || l.PredictedWithCapture != 1 || l.Frames != 4 {
		t.Errorf("predicted %d, with capture %d, frames %d; want 2, 1, 4", l.Predicted, l.PredictedWithCapture, l.Frames)
	}
	if l.Counter.RxDroppedBefore != 100 || l.Counter.RxDroppedAfter != 200 || l.Counter.Delta != 100 {
		t.Errorf("counter %+v", l.Counter)
	}
	if s.Totals.Outgoing != 1 || s.Host.MACSource != "/sys/class/net/em1/address" {
		t.Errorf("outgoing %d, mac source %q", s.Totals.Outgoing, s.Host.MACSource)
	}
	all := strings.Join(s.Caveats, "\n")
	for _, want := range []string{"test assumption", "PACKET_IGNORE_OUTGOING", "not put in promiscuous mode", "WITHOUT dropscope's own capture socket"} {
		if !strings.Contains(all, want) {
			t.Errorf("caveats lack %q", want)
		}
	}
	if !strings.Contains(l.Comparison, "more than the model expects") {
		t.Errorf("comparison %q", l.Comparison)
	}

	// The table shows the same numbers.
	fl = nil
	calls = 0
	code, stdout, stderr = run("analyze", "--iface", "em1", "--quiet", "--promisc", "--no-handler", "0806")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !fl.opts.Promisc {
		t.Error("--promisc not passed on")
	}
	for _, want := range []string{"Live capture on em1", "predicted for the host without a capture: 2",
		"counted by the kernel during the capture: 100 (expected about 1"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, stdout)
		}
	}
}
