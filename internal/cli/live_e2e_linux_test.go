//go:build linux

package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/report"
)

// TestLiveHelperProcess is not a test: the end-to-end test runs the test
// binary again under `ip netns exec` with DSLIVE_HELPER=1, and this runs
// dropscope's command line there, as cmd/dropscope would.
func TestLiveHelperProcess(t *testing.T) {
	if os.Getenv("DSLIVE_HELPER") != "1" {
		t.Skip("helper process for TestLiveEndToEnd")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Main(ctx, strings.Split(os.Getenv("DSLIVE_ARGS"), "\x1f"), os.Stdout, os.Stderr))
}

var (
	e2eRx = dissect.MAC{0x02, 0, 0, 0, 0, 0x0b} // vb, the receiver
	e2eTx = dissect.MAC{0x02, 0, 0, 0, 0, 0x0a} // va, the sender
)

// e2eMix is the injected frame mix, with what the receiver (6.18, llc
// built in, no capture) counts for each, and what it counts while a tap is
// bound to vb.
var e2eMix = []struct {
	name           string
	frame          []byte
	counted, inTap bool
}{
	{"0x88b5 to vb", eth(e2eRx, e2eTx, 0x88, 0xb5, 1, 2, 3), true, false},
	{"raw 802.3, FF FF", eth(e2eRx, e2eTx, 0x00, 0x26, 0xff, 0xff, 0, 0x26), true, false},
	{"LLDP", eth(dissect.MAC{0x01, 0x80, 0xc2, 0, 0, 0x0e}, e2eTx, 0x88, 0xcc, 0x02, 0x07, 0x04), true, false},
	{"802.1Q VID 5 + 0x88b5", eth(e2eRx, e2eTx, 0x81, 0x00, 0x00, 0x05, 0x88, 0xb5, 1, 2), true, true},
	{"IPv4 to vb", eth(e2eRx, e2eTx, 0x08, 0x00, 0x45, 0, 0, 46, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 10, 10, 0, 0, 11), false, false},
	{"STP BPDU (LLC 42/42)", eth(dissect.MAC{0x01, 0x80, 0xc2, 0, 0, 0}, e2eTx, 0x00, 0x26, 0x42, 0x42, 0x03, 0, 0, 0, 0), false, false},
}

const e2eRepeat = 3

type netnsPair struct {
	rx, tx string
	sendFD int
	vaIdx  int
}

func ipCmd(args ...string) error {
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return nil
}

func setupNetns(t *testing.T) *netnsPair {
	t.Helper()
	var b [4]byte
	rand.Read(b[:])
	suffix := fmt.Sprintf("%d-%s", os.Getpid(), hex.EncodeToString(b[:]))
	p := &netnsPair{rx: "dslive-rx-" + suffix, tx: "dslive-tx-" + suffix, sendFD: -1}
	t.Cleanup(func() {
		if p.sendFD >= 0 {
			unix.Close(p.sendFD)
		}
		for _, ns := range []string{p.rx, p.tx} {
			exec.Command("ip", "netns", "del", ns).Run()
		}
		for _, ns := range []string{p.rx, p.tx} {
			if _, err := os.Stat("/run/netns/" + ns); err == nil {
				t.Errorf("netns %s still exists", ns)
			}
		}
	})
	steps := [][]string{
		{"netns", "add", p.rx}, {"netns", "add", p.tx},
		{"netns", "exec", p.rx, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"},
		{"netns", "exec", p.tx, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"},
		{"link", "add", "va", "netns", p.tx, "address", e2eTx.String(), "type", "veth", "peer", "name", "vb", "netns", p.rx, "address", e2eRx.String()},
		{"-n", p.rx, "link", "set", "vb", "up"}, {"-n", p.tx, "link", "set", "va", "up"},
	}
	for _, s := range steps {
		if err := ipCmd(s...); err != nil {
			t.Fatal(err)
		}
	}
	// The sending socket lives in the sender namespace; protocol 0 makes
	// it receive nothing.
	err := inNetns(p.tx, func() error {
		ifc, err := net.InterfaceByName("va")
		if err != nil {
			return err
		}
		p.vaIdx = ifc.Index
		p.sendFD, err = unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// inNetns runs fn on a thread in the named network namespace.
func inNetns(name string, fn func() error) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	orig, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		return err
	}
	defer orig.Close()
	ns, err := os.Open("/run/netns/" + name)
	if err != nil {
		return err
	}
	defer ns.Close()
	if err := unix.Setns(int(ns.Fd()), unix.CLONE_NEWNET); err != nil {
		return err
	}
	ferr := fn()
	if err := unix.Setns(int(orig.Fd()), unix.CLONE_NEWNET); err != nil {
		panic("cannot return to the original network namespace: " + err.Error())
	}
	return ferr
}

func (p *netnsPair) send(t *testing.T, f []byte) {
	t.Helper()
	sa := &unix.SockaddrLinklayer{Ifindex: p.vaIdx, Halen: 6}
	copy(sa.Addr[:], f[:6])
	for i := 0; ; i++ {
		err := unix.Sendto(p.sendFD, f, 0, sa)
		if err == nil {
			return
		}
		if err != unix.ENOBUFS || i > 100 {
			t.Fatalf("send: %v", err)
		}
		time.Sleep(time.Millisecond)
	}
}

func (p *netnsPair) sendMix(t *testing.T) {
	for r := 0; r < e2eRepeat; r++ {
		for _, m := range e2eMix {
			p.send(t, m.frame)
		}
	}
}

// stat reads a vb statistic in the receiver namespace (a fresh sysfs).
func (p *netnsPair) stat(t *testing.T, name string) uint64 {
	t.Helper()
	out, err := exec.Command("ip", "netns", "exec", p.rx, "cat", "/sys/class/net/vb/statistics/"+name).Output()
	if err != nil {
		t.Fatalf("reading %s: %v", name, err)
	}
	v, err := strconv.ParseUint(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// waitPackets waits until vb's rx_packets reaches want, then lets the
// backlog drain.
func (p *netnsPair) waitPackets(t *testing.T, want uint64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for p.stat(t, "rx_packets") < want {
		if time.Now().After(deadline) {
			t.Fatalf("rx_packets stuck at %d, want %d", p.stat(t, "rx_packets"), want)
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
}

// warmUp sends probes until one arrives: right after the link comes up va
// may still transmit through the noop qdisc.
func (p *netnsPair) warmUp(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	base := p.stat(t, "rx_packets")
	for p.stat(t, "rx_packets") == base {
		if time.Now().After(deadline) {
			t.Fatal("no probe frame arrived on vb")
		}
		p.send(t, e2eMix[0].frame)
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
}

// startLive runs dropscope analyze --iface vb in the receiver namespace
// and waits until its capture socket is bound (listed in /proc/net/ptype).
func (p *netnsPair) startLive(t *testing.T, out string, extra ...string) *exec.Cmd {
	t.Helper()
	args := append([]string{"analyze", "--iface", "vb", "--format", "json", "-o", out}, extra...)
	cmd := exec.Command("ip", "netns", "exec", p.rx, os.Args[0], "-test.run=^TestLiveHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "DSLIVE_HELPER=1", "DSLIVE_ARGS="+strings.Join(args, "\x1f"))
	logf, err := os.Create(out + ".stderr")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logf.Close()
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		// The socket is listed once it is bound; the ring is read only
		// once dropscope says it is capturing.
		b, err := exec.Command("ip", "netns", "exec", p.rx, "cat", "/proc/net/ptype").Output()
		log, _ := os.ReadFile(out + ".stderr")
		if err == nil && strings.Contains(string(b), "ALL  vb ") && strings.Contains(string(log), "capturing on vb") {
			return cmd
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(out + ".stderr")
			t.Fatalf("the capture socket never appeared in /proc/net/ptype; dropscope said:\n%s", log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func readLiveReport(t *testing.T, cmd *exec.Cmd, out string) *report.Summary {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			log, _ := os.ReadFile(out + ".stderr")
			t.Fatalf("dropscope: %v\n%s", err, log)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("dropscope did not stop")
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var s report.Summary
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if s.Live == nil {
		t.Fatal("report has no live section")
	}
	return &s
}

func TestLiveEndToEnd(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root: creates network namespaces and a packet socket")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		t.Skip("needs ip (iproute2)")
	}
	p := setupNetns(t)
	p.warmUp(t)

	n := uint64(len(e2eMix) * e2eRepeat)
	var wantCounted, wantWithTap uint64
	for _, m := range e2eMix {
		if m.counted {
			wantCounted += e2eRepeat
		}
		if m.inTap {
			wantWithTap += e2eRepeat
		}
	}

	// (1) No capture open: the kernel's own count for the mix.
	drop0, pk0 := p.stat(t, "rx_dropped"), p.stat(t, "rx_packets")
	p.sendMix(t)
	p.waitPackets(t, pk0+n)
	kernelCount := p.stat(t, "rx_dropped") - drop0
	t.Logf("without a capture: %d frames sent, rx_dropped +%d", n, kernelCount)
	if kernelCount != wantCounted {
		t.Errorf("the kernel counted %d of the mix, the test expects %d", kernelCount, wantCounted)
	}

	dir := t.TempDir()
	check := func(s *report.Summary, stop string) {
		t.Helper()
		l := s.Live
		t.Logf("%s: predicted %d, with capture %d, counter +%d (rx_dropped %d -> %d), frames %d, ring drops %d, outgoing filter %q",
			stop, l.Predicted, l.PredictedWithCapture, l.Counter.Delta, l.Counter.RxDroppedBefore, l.Counter.RxDroppedAfter, l.Frames, l.RingDrops, l.OutgoingFilter)
		if l.StopReason != stop {
			t.Errorf("stop reason %q, want %q", l.StopReason, stop)
		}
		if s.Totals.Frames != n || l.Frames != n || s.Totals.Analysed != n {
			t.Errorf("frames: report %d, capture %d, analysed %d; %d were sent", s.Totals.Frames, l.Frames, s.Totals.Analysed, n)
		}
		if l.SocketPackets < n {
			t.Errorf("socket statistics: %d packets, %d frames were sent", l.SocketPackets, n)
		}
		if l.RingDrops != 0 {
			t.Errorf("ring drops %d", l.RingDrops)
		}
		if l.Predicted != kernelCount {
			t.Errorf("predicted %d for the host without a capture; the kernel counted %d without one", l.Predicted, kernelCount)
		}
		if l.PredictedWithCapture != wantWithTap || l.Counter.RxDroppedDelta != l.PredictedWithCapture {
			t.Errorf("during the capture the counter moved %d; the model says %d still count (test expects %d)",
				l.Counter.RxDroppedDelta, l.PredictedWithCapture, wantWithTap)
		}
		if l.OutgoingFilter != "PACKET_IGNORE_OUTGOING" {
			t.Errorf("outgoing filter %q on this kernel", l.OutgoingFilter)
		}
	}

	// (2) dropscope captures while the mix is sent again; it stops at --count.
	out := filepath.Join(dir, "count.json")
	cmd := p.startLive(t, out, "--count", strconv.FormatUint(n, 10), "--duration", "20s",
		"--write", filepath.Join(dir, "count.pcapng"))
	p.sendMix(t)
	check(readLiveReport(t, cmd, out), "count")
	if st, err := os.Stat(filepath.Join(dir, "count.pcapng")); err != nil || st.Size() == 0 {
		t.Errorf("--write: %v", err)
	} else {
		rs := readPcapngFrames(t, filepath.Join(dir, "count.pcapng"))
		if rs != int(n) {
			t.Errorf("--write saved %d frames, want %d", rs, n)
		}
	}

	// (3) The same, stopped by SIGINT: every frame read is in the totals.
	out = filepath.Join(dir, "signal.json")
	cmd = p.startLive(t, out, "--duration", "20s")
	pk := p.stat(t, "rx_packets")
	p.sendMix(t)
	p.waitPackets(t, pk+n)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	check(readLiveReport(t, cmd, out), "signal")
}

// readPcapngFrames counts the frames of a pcapng file with dropscope's
// reader.
func readPcapngFrames(t *testing.T, name string) int {
	t.Helper()
	var out, errb strings.Builder
	code := Main(context.Background(), []string{"analyze", "--format", "json", name}, &out, &errb)
	if code != ExitOK {
		t.Fatalf("reading %s: %s", name, errb.String())
	}
	var s report.Summary
	if err := json.Unmarshal([]byte(out.String()), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Inputs) != 1 || s.Inputs[0].Format != "pcapng" {
		t.Errorf("inputs %+v", s.Inputs)
	}
	return int(s.Totals.Frames)
}
