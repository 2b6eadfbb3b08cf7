package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/analyze"
	"github.com/dropscope/dropscope/internal/hostinfo"
	"github.com/dropscope/dropscope/internal/source"
	"github.com/dropscope/dropscope/report"
)

// liveInput is what the live path needs from a capture.
type liveInput interface {
	source.Input
	Stats() source.LiveStats
}

// System seams, replaced by tests.
var (
	readHostInfo = hostinfo.Read
	readCounters = hostinfo.ReadCounters
	probeLive    = source.ProbeLive
	openLive     = func(o source.LiveOptions) (liveInput, error) {
		l, err := source.OpenLive(o)
		if err != nil {
			return nil, err
		}
		return l, nil
	}
)

// progressInterval is how often live progress is printed.
const progressInterval = time.Second

// liveMain runs `dropscope analyze --iface IF`.
func liveMain(ctx context.Context, fs *pflag.FlagSet, o *analyzeOptions, stdout, stderr io.Writer) error {
	if len(fs.Args()) > 0 {
		return usageError{"--iface captures live: give no capture files with it"}
	}
	format := o.format
	if format == "" {
		format = formatFromExt(o.output)
	}
	switch format {
	case "table", "markdown", "json", "jsonl", "html":
	default:
		return usageError{fmt.Sprintf("--format %q: want table, markdown, json, jsonl or html", format)}
	}
	if o.generatedAt != "" {
		if _, err := generatedAt(o.generatedAt); err != nil {
			return err
		}
	}
	if o.count < 0 || o.duration < 0 || o.calibrate < 0 {
		return usageError{"--count, --duration and --calibrate must not be negative"}
	}
	if fs.Changed("device") && o.device != o.iface {
		return usageError{"--device is the --iface in live mode"}
	}

	// The host first: /proc/net/ptype must not list dropscope's socket.
	info, err := readHostInfo(o.iface)
	if err != nil {
		var nie *hostinfo.NoInterfaceError
		switch {
		case errors.As(err, &nie):
			return err
		case errors.Is(err, hostinfo.ErrDown):
			return fmt.Errorf("live capture: %w", err)
		case errors.Is(err, hostinfo.ErrNotLinux):
			return err
		}
		return fmt.Errorf("reading the host: %w", err)
	}
	if err := probeLive(); err != nil {
		return err
	}
	host, hostSource, kernelSource, err := liveHost(fs, o, &info)
	if err != nil {
		return err
	}
	var caveats []string
	caveats = append(caveats, info.Assumptions...)
	if !info.Carrier {
		caveats = append(caveats, fmt.Sprintf("%s has no carrier: no frames may arrive.", o.iface))
	}

	progress := !o.quiet
	var cal *report.LiveCalibration
	if o.calibrate > 0 {
		if progress {
			fmt.Fprintf(stderr, "dropscope: calibrating: reading the counters of %s for %s with no capture socket open\n", o.iface, o.calibrate)
		}
		c0, err := readCounters(o.iface)
		if err != nil {
			return fmt.Errorf("--calibrate: %w", err)
		}
		start := time.Now()
		select {
		case <-ctx.Done():
			return errors.New("interrupted during calibration")
		case <-time.After(o.calibrate):
		}
		c1, err := readCounters(o.iface)
		if err != nil {
			return fmt.Errorf("--calibrate: %w", err)
		}
		d := c1.Sub(c0)
		secs := time.Since(start).Seconds()
		cal = &report.LiveCalibration{DurationSeconds: round3(secs), CountedDelta: d.RxDropped + d.RxNoHandler}
		cal.CountedPerSecond = round3(float64(cal.CountedDelta) / secs)
	}

	before, cerr := readCounters(o.iface)
	if cerr != nil {
		caveats = append(caveats, fmt.Sprintf("The drop counters of %s could not be read (%v): no counter check.", o.iface, cerr))
	}

	var wfile *os.File
	if o.write != "" {
		wfile, err = os.Create(o.write)
		if err != nil {
			return fmt.Errorf("--write: %w", err)
		}
		defer wfile.Close()
	}
	lo := source.LiveOptions{Iface: o.iface, Promisc: o.promisc, Count: uint64(o.count), Duration: o.duration, Stop: ctx,
		HostMAC: host.MAC, HostMACKnown: host.MACKnown}
	if wfile != nil {
		lo.Write = wfile
	}
	out, commit, err := openOutput(o.output, stdout)
	if err != nil {
		return err
	}
	defer commit(false)

	live, err := openLive(lo)
	if err != nil {
		return err
	}
	if !o.quiet {
		mode := "not promiscuous"
		if o.promisc {
			mode = "promiscuous"
		}
		fmt.Fprintf(stderr, "dropscope: capturing on %s (%s); Ctrl-C stops and writes the report\n", o.iface, mode)
	}
	tapHost := host
	tapHost.Taps = append(append([]kernel.Tap(nil), host.Taps...), kernel.Tap{Dev: o.iface, Func: "tpacket_rcv"})
	t := &tally{in: live, host: &host, tapHost: &tapHost, classes: map[dissect.Class]uint64{}}
	stopProgress := func() {}
	if progress {
		stopProgress = t.progress(stderr, o.iface)
	}

	aopts := analyze.Options{Host: host, HostSource: hostSource, KernelSource: kernelSource, Version: Version, MaxSenders: o.maxSenders,
		DetailAll: o.all, Variants: analyze.DefaultVariants(host)}
	if format == "jsonl" {
		aopts.JSONL = out
	}
	// The capture stops itself on ctx (and drains its ring); the analysis
	// must not stop early, or frames read would be missing from the totals.
	s, runErr := analyze.RunInputs(context.WithoutCancel(ctx), []source.Input{t}, aopts)
	closeErr := live.Close()
	stopProgress()
	st := live.Stats()
	var after hostinfo.Counters
	if cerr == nil {
		after, cerr = readCounters(o.iface)
		if cerr != nil {
			caveats = append(caveats, fmt.Sprintf("The drop counters of %s could not be read after the capture (%v): no counter check.", o.iface, cerr))
		}
	}
	if runErr != nil {
		return runErr
	}
	if closeErr != nil && o.write != "" {
		return fmt.Errorf("--write %s: %w", o.write, closeErr)
	}

	l := &report.Live{Interface: o.iface, Promiscuous: st.Promisc, OutgoingFilter: st.OutgoingFilter, SkippedOutgoing: st.SkippedOutgoing,
		TPacketVersion: st.TPacketVersion, StopReason: st.StopReason, Frames: st.Frames, SocketPackets: st.SocketPackets,
		RingDrops: st.RingDrops, QueueFreezes: st.QueueFreezes, StatsError: st.StatsErr, WrittenTo: o.write,
		Predicted: s.Totals.Counted, PredictedRxDropped: s.Totals.RxDropped, PredictedRxNoHandler: s.Totals.RxNoHandler,
		PredictedWithCapture: t.withTap}
	if !st.End.IsZero() {
		l.DurationSeconds = round3(st.End.Sub(st.Start).Seconds())
	}
	if cerr == nil {
		d := after.Sub(before)
		l.Counter = report.LiveCounters{Source: after.Source, RxDroppedBefore: before.RxDropped, RxDroppedAfter: after.RxDropped,
			RxDroppedDelta: d.RxDropped, HasRxNoHandler: d.HasNoHandler, HasProcNetDev: d.HasProcNetDev, Delta: d.RxDropped}
		if d.HasNoHandler {
			l.Counter.RxNoHandlerBefore, l.Counter.RxNoHandlerAfter, l.Counter.RxNoHandlerDelta = before.RxNoHandler, after.RxNoHandler, d.RxNoHandler
			l.Counter.Delta += d.RxNoHandler
		}
		if d.HasProcNetDev {
			l.Counter.ProcNetDevDropBefore, l.Counter.ProcNetDevDropAfter, l.Counter.ProcNetDevDropDelta = before.ProcNetDevDrop, after.ProcNetDevDrop, d.ProcNetDevDrop
		}
	}
	if cal != nil {
		if l.DurationSeconds > 0 {
			cal.PredictedPerSecond = round3(float64(l.Predicted) / l.DurationSeconds)
		}
		l.Calibration = cal
	}
	l.Comparison = liveComparison(l, cerr == nil)
	s.Live = l

	if host.MACKnown && !fs.Changed("host-mac") {
		s.Host.MACSource = "/sys/class/net/" + o.iface + "/address"
	}
	caveats = append(caveats, liveCaveats(l, o.iface)...)
	s.Caveats = append(caveats, s.Caveats...)

	if format != "jsonl" {
		err = writeSummary(out, s, writeOptions{format: format, top: o.top, generatedAt: o.generatedAt, color: useColor(out, stdout)})
	}
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if format == "jsonl" && !o.quiet {
		fmt.Fprintln(stderr, s.Headline)
		fmt.Fprintln(stderr, l.Comparison)
	}
	for _, w := range s.Warnings {
		if !o.quiet || format != "table" {
			fmt.Fprintf(stderr, "dropscope: warning: %s\n", w)
		}
	}
	return commit(true)
}

// liveHost starts from what was read on the system and applies the flags
// that were given.
func liveHost(fs *pflag.FlagSet, o *analyzeOptions, info *hostinfo.Info) (kernel.Host, string, string, error) {
	h := info.Host()
	var from []string
	if info.PtypeKnown {
		from = append(from, "/proc/net/ptype")
	} else {
		from = append(from, "stock handlers (ptype unreadable)")
	}
	from = append(from, "/sys/class/net/"+o.iface, "rtnetlink")
	hostSource := "live system: " + strings.Join(from, ", ") + " (read before the capture socket was opened)"
	kernelSource := "assumed: latest rules"
	if info.KernelKnown {
		kernelSource = "uname -r: " + info.Release
	}
	if o.kernel != "" {
		k, err := kernel.ParseKernel(o.kernel)
		if err != nil {
			return h, "", "", usageError{"--kernel: " + err.Error()}
		}
		h.Kernel, kernelSource = k, "--kernel "+o.kernel
	}
	var changes []string
	if o.ptype != "" {
		f, err := os.Open(o.ptype)
		if err != nil {
			return h, "", "", fmt.Errorf("--ptype %s: %w", o.ptype, err)
		}
		p, err := kernel.ParsePtype(f)
		f.Close()
		if err != nil {
			return h, "", "", fmt.Errorf("--ptype %s: %w", o.ptype, err)
		}
		h.Handlers, h.Taps = p.Handlers, p.Taps
		changes = append(changes, "--ptype "+o.ptype)
	}
	hc, err := applyHandlerFlags(&h, o)
	if err != nil {
		return h, "", "", err
	}
	changes = append(changes, hc...)
	if fs.Changed("host-mac") {
		m, err := dissect.ParseMAC(o.hostMAC)
		if err != nil {
			return h, "", "", usageError{"--host-mac: " + err.Error()}
		}
		h.MAC, h.MACKnown = m, true
		changes = append(changes, "--host-mac")
	}
	if fs.Changed("rx-handler") {
		rx, err := parseRxHandler(o.rxHandler)
		if err != nil {
			return h, "", "", err
		}
		h.RxHandler = rx
		changes = append(changes, "--rx-handler "+o.rxHandler)
	}
	if fs.Changed("tc-ingress") {
		h.Ingress = o.tcIngress
		changes = append(changes, fmt.Sprintf("--tc-ingress=%t", o.tcIngress))
	}
	if fs.Changed("vlan-dev") {
		h.VLANs = nil
		for _, spec := range o.vlanDevs {
			vd, err := parseVLANDev(spec, o.iface)
			if err != nil {
				return h, "", "", usageError{"--vlan-dev: " + err.Error()}
			}
			h.VLANs = append(h.VLANs, vd)
		}
		changes = append(changes, "--vlan-dev")
	}
	if info.RxHandlerWhat != "" {
		hostSource += "; " + o.iface + " is a " + info.RxHandlerWhat
	}
	if len(changes) > 0 {
		hostSource += "; flags " + strings.Join(changes, " ")
	}
	return h, hostSource, kernelSource, nil
}

func liveCaveats(l *report.Live, iface string) []string {
	var c []string
	switch l.OutgoingFilter {
	case source.OutgoingIgnoreSockopt:
		c = append(c, "Outgoing frames were left out by the kernel (PACKET_IGNORE_OUTGOING, Linux 4.20+).")
	case source.OutgoingBPF:
		c = append(c, "PACKET_IGNORE_OUTGOING is not available (Linux before 4.20): outgoing frames were left out by a BPF filter on pkt_type.")
	case source.OutgoingSourceMAC:
		c = append(c, fmt.Sprintf("PACKET_IGNORE_OUTGOING is not available (Linux before 4.20): frames whose source MAC is %s's own were taken as outgoing and left out.", iface))
	default:
		c = append(c, "Outgoing frames could not be told apart: every captured frame was taken as received.")
	}
	if l.Promiscuous {
		c = append(c, fmt.Sprintf("The capture put %s in promiscuous mode (--promisc): unicast frames to other MACs were captured and classified, although without promiscuous mode the NIC would filter them out before the kernel.", iface))
	} else {
		c = append(c, fmt.Sprintf("%s was not put in promiscuous mode: frames the NIC filters (unicast to other MACs, unjoined multicast) are not seen, as the kernel does not see them either.", iface))
	}
	c = append(c, fmt.Sprintf("Per-frame verdicts describe %s WITHOUT dropscope's own capture socket; while it was open, the kernel counted only the frames in predicted_counted_with_capture.", iface))
	if l.RingDrops > 0 {
		c = append(c, fmt.Sprintf("%d frames were lost because the capture ring was full (tp_drops): they were not analysed.", l.RingDrops))
	}
	return c
}

// liveComparison relates prediction and counters in one paragraph.
func liveComparison(l *report.Live, haveCounter bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Predicted for the host without a capture: %d; ", l.Predicted)
	if !haveCounter {
		fmt.Fprintf(&b, "the kernel's counters could not be read (expected during the capture: %d).", l.PredictedWithCapture)
		return b.String()
	}
	m, k := l.Counter.Delta, l.PredictedWithCapture
	fmt.Fprintf(&b, "counted by the kernel during the capture: %d (expected about %d: tagged, rx_handler and tc ingress cases still count). ", m, k)
	switch {
	case m == k:
		b.WriteString("The counter matches the model.")
	case m > k:
		fmt.Fprintf(&b, "The counter grew by %d more than the model expects: drops before the capture point (NIC ring, backlog, MTU, driver: see rx_missed_errors and /proc/net/softnet_stat)", m-k)
		if l.RingDrops > 0 {
			fmt.Fprintf(&b, ", frames lost in dropscope's ring (%d)", l.RingDrops)
		}
		b.WriteString(", or frames that arrived before or after the socket was open.")
	default:
		fmt.Fprintf(&b, "The counter grew by %d less than the model expects: a protocol socket or capture the host model does not show (hidden device-bound sockets), or a tc/rx_handler setting the model has wrong.", k-m)
	}
	if c := l.Calibration; c != nil {
		fmt.Fprintf(&b, " Without a capture socket the counter grew %.3f/s; the model predicts %.3f/s for the frames captured.", c.CountedPerSecond, c.PredictedPerSecond)
	}
	return b.String()
}

// tally wraps the live input: for each received frame it keeps what the
// model counts with and without dropscope's socket, for progress and the
// counter check. Its figures are read from another goroutine under mu.
type tally struct {
	in               liveInput
	host, tapHost    *kernel.Host
	mu               sync.Mutex
	frames, predicts uint64
	withTap          uint64
	classes          map[dissect.Class]uint64
}

func (t *tally) Info() source.Info { return t.in.Info() }
func (t *tally) Close() error      { return nil }

func (t *tally) Next() (source.Frame, error) {
	fr, err := t.in.Next()
	if err != nil {
		return fr, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.frames++
	eth, perr := dissect.ParseEthernet(fr.Data)
	if perr != nil || (t.host.MACKnown && eth.Src == t.host.MAC) {
		return fr, nil
	}
	in := kernel.Input{Eth: eth, WireLen: fr.OrigLen}
	if v := kernel.Classify(t.host, in); v.Outcome.Counted() {
		t.predicts++
		t.classes[dissect.Classify(eth)]++
	}
	if v := kernel.Classify(t.tapHost, in); v.Outcome.Counted() {
		t.withTap++
	}
	return fr, nil
}

func (t *tally) line() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	top := "-"
	var best uint64
	keys := make([]dissect.Class, 0, len(t.classes))
	for c := range t.classes {
		keys = append(keys, c)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	for _, c := range keys {
		if t.classes[c] > best {
			best, top = t.classes[c], c.String()
		}
	}
	return fmt.Sprintf("%d frames, %d predicted drops (%d with the capture open), top: %s", t.frames, t.predicts, t.withTap, top)
}

// progress prints the tally every progressInterval until the returned
// function is called: in place on a terminal, one line each otherwise.
func (t *tally) progress(w io.Writer, iface string) func() {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = hostinfo.IsTerminal(f.Fd())
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	start := time.Now()
	go func() {
		defer wg.Done()
		tk := time.NewTicker(progressInterval)
		defer tk.Stop()
		for {
			select {
			case <-done:
				if tty {
					fmt.Fprintf(w, "\r\033[K")
				}
				return
			case now := <-tk.C:
				msg := fmt.Sprintf("dropscope: %s %4.0fs: %s", iface, now.Sub(start).Seconds(), t.line())
				if tty {
					fmt.Fprintf(w, "\r\033[K%s", msg)
				} else {
					fmt.Fprintln(w, msg)
				}
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }
