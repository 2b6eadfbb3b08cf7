package kernelreplay

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// Interface names inside the two namespaces.
const (
	txDev = "va"
	rxDev = "vb"
)

// Timing of the per-frame settle loop and the final settle.
const (
	pollInterval  = 200 * time.Microsecond
	settleTimeout = 100 * time.Millisecond
	// fallbackGrace is how long rx_packets must have moved without a drop
	// before a frame is considered done when softnet_stat cannot be read.
	fallbackGrace = 2 * time.Millisecond
	finalSettle   = 300 * time.Millisecond
	probeWait     = 5 * time.Second
)

// Capability numbers from include/uapi/linux/capability.h.
var requiredCaps = []struct {
	bit  uint
	name string
}{
	{12, "CAP_NET_ADMIN"},
	{13, "CAP_NET_RAW"},
	{21, "CAP_SYS_ADMIN"}, // ip netns add (mount) and setns
}

// Available returns nil when Replay can run here: the process holds
// CAP_NET_ADMIN, CAP_NET_RAW and CAP_SYS_ADMIN (as root normally does), `ip`
// from iproute2 is in PATH, and the kernel has network namespaces.
// Otherwise the error says what is missing, for use in t.Skip.
func Available() error {
	var missing []string
	caps, err := effectiveCaps()
	switch {
	case err != nil:
		missing = append(missing, err.Error())
	default:
		var lack []string
		for _, c := range requiredCaps {
			if caps&(1<<c.bit) == 0 {
				lack = append(lack, c.name)
			}
		}
		if len(lack) > 0 {
			missing = append(missing, strings.Join(lack, ", ")+" (run as root)")
		}
	}
	if _, err := exec.LookPath("ip"); err != nil {
		missing = append(missing, "`ip` from iproute2 in PATH")
	}
	if _, err := os.Stat("/proc/self/ns/net"); err != nil {
		missing = append(missing, "network namespace support (/proc/self/ns/net)")
	}
	if len(missing) > 0 {
		return fmt.Errorf("kernelreplay: replay needs %s", strings.Join(missing, "; "))
	}
	return nil
}

// effectiveCaps reads the CapEff mask from /proc/self/status.
func effectiveCaps() (uint64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("readable /proc/self/status: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), "CapEff:")
		if !ok {
			continue
		}
		caps, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
		if err != nil {
			return 0, fmt.Errorf("a parsable CapEff in /proc/self/status: %w", err)
		}
		return caps, nil
	}
	return 0, errors.New("a CapEff line in /proc/self/status")
}

// session holds the sockets of one replay.
type session struct {
	link    *linkReader    // rtnetlink, receiver namespace
	backlog *backlogReader // nil when softnet_stat has no backlog column
	tx      int            // AF_PACKET SOCK_RAW on va, sender namespace
	held    []int          // taps and protocol sockets, receiver namespace
}

func (s *session) close() {
	if s.link != nil {
		s.link.close()
	}
	if s.backlog != nil {
		s.backlog.close()
	}
	if s.tx >= 0 {
		unix.Close(s.tx)
	}
	for _, fd := range s.held {
		unix.Close(fd)
	}
}

// Replay sends each frame, unchanged, from va in a fresh sender namespace
// to vb in a fresh receiver namespace and returns what vb counted for it.
// Frames are sent one at a time; the next one goes out only after the
// counters for the previous one have settled. ctx is checked between
// frames. On error the Result holds the deltas measured so far. The
// namespaces are deleted before Replay returns, also on error or
// cancellation; a failure to delete them is reported in the error.
func Replay(ctx context.Context, frames [][]byte, opts Options) (res Result, err error) {
	opts, err = opts.withDefaults()
	if err != nil {
		return res, err
	}
	if err := Available(); err != nil {
		return res, err
	}
	if opts.IngressQdisc {
		if _, err := exec.LookPath("tc"); err != nil {
			return res, fmt.Errorf("kernelreplay: ingress qdisc needs `tc` from iproute2: %w", err)
		}
	}
	var uts unix.Utsname
	if err := unix.Uname(&uts); err != nil {
		return res, fmt.Errorf("kernelreplay: uname: %w", err)
	}
	res.KernelRelease = unix.ByteSliceToString(uts.Release[:])
	res.Device = rxDev

	rxNS, txNS, err := newNames()
	if err != nil {
		return res, err
	}
	s := &session{tx: -1}
	var created []string
	defer func() {
		s.close()
		for _, ns := range created {
			if derr := deleteNetns(ns); derr != nil {
				err = errors.Join(err, fmt.Errorf("kernelreplay: cleanup: %w", derr))
			}
		}
	}()
	for _, ns := range []string{rxNS, txNS} {
		created = append(created, ns)
		if err := run(ctx, "ip", "netns", "add", ns); err != nil {
			return res, fmt.Errorf("kernelreplay: %w", err)
		}
	}
	if err := setup(ctx, s, rxNS, txNS, opts, &res); err != nil {
		return res, fmt.Errorf("kernelreplay: %w", err)
	}

	start, err := s.link.read()
	if err != nil {
		return res, fmt.Errorf("kernelreplay: %w", err)
	}
	res.Deltas = make([]Delta, 0, len(frames))
	for i, f := range frames {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("kernelreplay: stopped before frame %d: %w", i, err)
		}
		d, err := s.replayOne(f)
		if err != nil {
			return res, fmt.Errorf("kernelreplay: frame %d: %w", i, err)
		}
		res.Deltas = append(res.Deltas, d)
	}
	t := time.NewTimer(finalSettle)
	select {
	case <-ctx.Done():
		t.Stop()
		return res, fmt.Errorf("kernelreplay: final settle: %w", ctx.Err())
	case <-t.C:
	}
	end, err := s.link.read()
	if err != nil {
		return res, fmt.Errorf("kernelreplay: %w", err)
	}
	tot := end.sub(start)
	res.TotalPackets, res.TotalDropped, res.TotalNoHandler = tot.rxPackets, tot.rxDropped, tot.rxNoHandler
	return res, nil
}

// setup builds the veth pair between the two namespaces and opens the
// sockets of s. It fills res.Ptype.
func setup(ctx context.Context, s *session, rxNS, txNS string, opts Options, res *Result) error {
	// Before the veth exists, so that both ends inherit disable_ipv6 from
	// "default" and never send DAD, MLD or router solicitations.
	for _, ns := range []string{rxNS, txNS} {
		if err := inNetns(ns, func() error { return disableIPv6("all", "default") }); err != nil {
			return err
		}
	}
	mtu := strconv.Itoa(opts.MTU)
	if err := run(ctx, "ip", "link", "add",
		txDev, "netns", txNS, "address", macString(SenderMAC), "mtu", mtu,
		"type", "veth", "peer",
		"name", rxDev, "netns", rxNS, "address", macString(opts.ReceiverMAC), "mtu", mtu); err != nil {
		return err
	}
	if err := inNetns(rxNS, func() error { return disableIPv6(rxDev) }); err != nil {
		return err
	}
	if err := inNetns(txNS, func() error { return disableIPv6(txDev) }); err != nil {
		return err
	}
	if opts.IngressQdisc {
		if err := run(ctx, "tc", "-n", rxNS, "qdisc", "add", "dev", rxDev, "ingress"); err != nil {
			return err
		}
	}
	if err := run(ctx, "ip", "-n", txNS, "link", "set", txDev, "up"); err != nil {
		return err
	}
	if err := run(ctx, "ip", "-n", rxNS, "link", "set", rxDev, "up"); err != nil {
		return err
	}

	err := inNetns(rxNS, func() error {
		lr, err := openLinkReader()
		if err != nil {
			return err
		}
		s.link = lr
		idx, err := ifIndex(lr.fd, rxDev)
		if err != nil {
			return err
		}
		lr.ifindex = int32(idx)
		if opts.TapBound {
			if err := s.hold(unix.ETH_P_ALL, idx); err != nil {
				return err
			}
		}
		if opts.TapUnbound {
			if err := s.hold(unix.ETH_P_ALL, 0); err != nil {
				return err
			}
		}
		for _, p := range opts.ProtoSockets {
			if err := s.hold(p, 0); err != nil {
				return err
			}
		}
		b, err := os.ReadFile("/proc/thread-self/net/ptype")
		if err != nil {
			return fmt.Errorf("receiver ptype: %w", err)
		}
		res.Ptype = string(b)
		return nil
	})
	if err != nil {
		return err
	}

	err = inNetns(txNS, func() error {
		fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			return fmt.Errorf("sender socket: %w", err)
		}
		s.tx = fd
		idx, err := ifIndex(fd, txDev)
		if err != nil {
			return err
		}
		// Protocol 0: the socket only sends and registers no receive hook.
		if err := unix.Bind(fd, &unix.SockaddrLinklayer{Ifindex: idx}); err != nil {
			return fmt.Errorf("sender bind to %s: %w", txDev, err)
		}
		return nil
	})
	if err != nil {
		return err
	}

	if b, err := openBacklogReader(); err == nil {
		s.backlog = b
	}
	return s.probe(ctx, opts.ReceiverMAC)
}

// hold opens a packet socket for EtherType proto (host order) in the
// calling thread's namespace, bound to ifindex unless it is 0.
func (s *session) hold(proto uint16, ifindex int) error {
	// socket(2) and sockaddr_ll take the protocol in network byte order.
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, int(htons(proto)))
	if err != nil {
		return fmt.Errorf("packet socket %#04x: %w", proto, err)
	}
	s.held = append(s.held, fd)
	if ifindex != 0 {
		sa := &unix.SockaddrLinklayer{Protocol: htons(proto), Ifindex: ifindex}
		if err := unix.Bind(fd, sa); err != nil {
			return fmt.Errorf("packet socket %#04x: bind to ifindex %d: %w", proto, ifindex, err)
		}
	}
	return nil
}

// probe sends a frame to vb until vb counts it, then lets it settle.
// Until linkwatch has run for va (a work item, queued when the second veth
// end comes up and gives both ends carrier), va transmits through the noop
// qdisc, which frees frames while sendto still reports success. Frames
// sent before that would be lost without a trace.
func (s *session) probe(ctx context.Context, receiverMAC [6]byte) error {
	f := make([]byte, 60)
	copy(f[0:6], receiverMAC[:])
	copy(f[6:12], SenderMAC[:])
	f[12], f[13] = 0x88, 0xb5 // local experimental EtherType
	deadline := time.Now().Add(probeWait)
	for {
		before, err := s.link.read()
		if err != nil {
			return err
		}
		if err := sendRetry(s.tx, f); err != nil {
			return fmt.Errorf("probe frame: %w", err)
		}
		st, err := s.link.read()
		if err != nil {
			return err
		}
		if st != before {
			_, err := s.settle(before)
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no frame from %s reached %s within %v", txDev, rxDev, probeWait)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		time.Sleep(time.Millisecond)
	}
}

// sendRetry sends f on fd, retrying when a signal interrupts the call.
func sendRetry(fd int, f []byte) error {
	for {
		err := unix.Sendto(fd, f, 0, nil)
		if !errors.Is(err, unix.EINTR) {
			return err
		}
	}
}

// replayOne sends one frame and measures what vb counted for it.
func (s *session) replayOne(f []byte) (Delta, error) {
	before, err := s.link.read()
	if err != nil {
		return Delta{}, err
	}
	sendErr := sendRetry(s.tx, f)
	var after counters
	if sendErr != nil {
		if after, err = s.link.read(); err != nil {
			return Delta{}, err
		}
	} else if after, err = s.settle(before); err != nil {
		return Delta{}, err
	}
	c := after.sub(before)
	d := Delta{Sent: sendErr == nil, RxPackets: c.rxPackets, RxDropped: c.rxDropped, RxNoHandler: c.rxNoHandler}
	if sendErr != nil {
		d.SendErr = sendErr.Error()
	}
	return d, nil
}

// settle polls the counters until the frame sent after before was read is
// known to be fully processed, or settleTimeout passes.
//
// A drop ends __netif_receive_skb_core, so a moved rx_dropped or
// rx_nohandler ends the wait. rx_packets alone is not enough: veth counts
// it when it queues the frame on the backlog (veth_xmit), before the
// receive path runs. The frame is done once the backlog is seen empty
// after rx_packets moved; the counters are then read once more.
func (s *session) settle(before counters) (counters, error) {
	deadline := time.Now().Add(settleTimeout)
	var movedAt time.Time
	for {
		cur, err := s.link.read()
		if err != nil {
			return counters{}, err
		}
		if cur.rxDropped != before.rxDropped || cur.rxNoHandler != before.rxNoHandler {
			return cur, nil
		}
		if cur.rxPackets != before.rxPackets {
			if movedAt.IsZero() {
				movedAt = time.Now()
			}
			if s.processed(movedAt) {
				return s.link.read()
			}
		}
		if time.Now().After(deadline) {
			return cur, nil
		}
		time.Sleep(pollInterval)
	}
}

// processed reports whether a frame already counted in rx_packets has left
// the receive backlog.
func (s *session) processed(movedAt time.Time) bool {
	if s.backlog != nil {
		idle, err := s.backlog.idle()
		if err == nil {
			return idle
		}
		s.backlog.close()
		s.backlog = nil
	}
	return time.Since(movedAt) >= fallbackGrace
}

// htons converts a host-order 16-bit value to network byte order.
func htons(v uint16) uint16 {
	var b [2]byte
	binary.BigEndian.PutUint16(b[:], v)
	return binary.NativeEndian.Uint16(b[:])
}
