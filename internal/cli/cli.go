package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/analyze"
)

// Version is set at build time with -ldflags "-X github.com/dropscope/dropscope/internal/cli.Version=...".
var Version = "dev"

// Exit codes.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

const mainUsage = `dropscope: which received frames does this Linux host count in rx_dropped,
who sends them, and what to do about it.

Usage:
  dropscope analyze [flags] CAPTURE...   verdict for every frame of pcap/pcapng captures
  dropscope analyze --iface IF [flags]   the same, live on interface IF, with the host read from this system
  dropscope ptype [--save FILE]          this host's protocol handler table, explained
  dropscope explain VALUE                decode an EtherType, perf probe or kfree_skb protocol value
  dropscope merge [flags] REPORT.json... combine JSON reports of several hosts or captures
  dropscope version                      print the version
  dropscope help [COMMAND]               this text, or a command's flags

Exit codes: 0 report written, 1 input or runtime error, 2 usage error.
Run 'dropscope help analyze' for the analyze flags and examples.
`

// Main runs dropscope with args (without the program name) and returns
// the exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return ExitUsage
	}
	switch args[0] {
	case "analyze":
		return runAnalyze(ctx, args[1:], stdout, stderr)
	case "merge":
		return runMerge(ctx, args[1:], stdout, stderr)
	case "ptype":
		return runPtype(ctx, args[1:], stdout, stderr)
	case "explain":
		return runExplain(ctx, args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "dropscope %s\n", Version)
		return ExitOK
	case "help", "-h", "--help":
		if len(args) > 1 && args[1] == "analyze" {
			fs, _ := analyzeFlags()
			fs.SetOutput(stdout)
			fs.Usage()
			return ExitOK
		}
		if len(args) > 1 && args[1] == "merge" {
			fs, _ := mergeFlags()
			fs.SetOutput(stdout)
			fs.Usage()
			return ExitOK
		}
		if len(args) > 1 && (args[1] == "ptype" || args[1] == "explain") {
			return Main(ctx, []string{args[1], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, mainUsage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "dropscope: unknown command %q (run 'dropscope help' for the commands)\n", args[0])
	return ExitUsage
}

// analyzeOptions are the analyze flags.
type analyzeOptions struct {
	format, output, ptype, kernel, hostMAC, device, rxHandler string
	generatedAt                                               string
	handlers, noHandlers, vlanDevs                            []string
	ipv6, llc, tap, noTap, tcIngress, quiet, all              bool
	top, maxSenders, workers                                  int
	// Live capture (--iface).
	iface, write        string
	promisc             bool
	count               int
	duration, calibrate time.Duration
	cpuProfile          string
}

const analyzeUsage = `Usage: dropscope analyze [flags] CAPTURE...

Reads pcap or pcapng captures (gzip-compressed or not; "-" is standard input),
models what the receiving Linux host does with every frame (eth_type_trans and
__netif_receive_skb_core), and reports which frames it would count in
rx_dropped or rx_nohandler, by class and sender, with remedies.

The default host is the one of the incident: handlers ip_rcv (0800) and
arp_rcv (0806) only, i.e. booted with ipv6.disable=1 and without the llc
module, no capture sockets open, kernel 6.18 rules. Give the host's own
/proc/net/ptype with --ptype, or adjust with the flags below.

Examples:
  dropscope analyze capture.pcap
  dropscope analyze --ptype ptype.txt --kernel 3.10.0-514.16.1.el7.x86_64 a.pcapng b.pcap
  dropscope analyze --format json -o report.json capture.pcap.gz
  dropscope analyze --format jsonl capture.pcap | jq 'select(.verdict=="rx_dropped")'
  dropscope analyze --ipv6 --llc capture.pcap        # a stock host: what would still count?
  tcpdump -i em1 -w - | dropscope analyze -          # from standard input
  sudo dropscope analyze --iface em1 --duration 60s  # live, host read from this system

Exit codes: 0 report written, 1 input or runtime error, 2 usage error.

Flags:
`

func analyzeFlags() (*pflag.FlagSet, *analyzeOptions) {
	o := &analyzeOptions{}
	fs := pflag.NewFlagSet("analyze", pflag.ContinueOnError)
	fs.SortFlags = false
	fs.StringVarP(&o.format, "format", "f", "", "report format: table, markdown, json, jsonl (one JSON object per frame) or html; default table, or from the -o extension (.md, .json, .jsonl, .html)")
	fs.StringVarP(&o.output, "output", "o", "", "write the report to `FILE` (written atomically) instead of standard output")
	fs.StringVar(&o.ptype, "ptype", "", "host model from a saved /proc/net/ptype `FILE` of the host")
	fs.StringVar(&o.kernel, "kernel", "", "kernel rules: 3.10, el7, el8, 5.14, 6.18 or a uname -r `RELEASE` (default 6.18)")
	fs.StringSliceVar(&o.handlers, "handler", nil, "add protocol handlers, hex EtherTypes (e.g. 86dd,0004)")
	fs.StringSliceVar(&o.noHandlers, "no-handler", nil, "remove protocol handlers, hex EtherTypes")
	fs.BoolVar(&o.ipv6, "ipv6", false, "the host has IPv6 (adds 86dd ipv6_rcv)")
	fs.BoolVar(&o.llc, "llc", false, "the host has the llc module (adds 0004 llc_rcv)")
	fs.StringVar(&o.hostMAC, "host-mac", "", "the receiving device's `MAC`: frames from it are the host's own transmissions and are left out")
	fs.StringVar(&o.device, "device", "", "`NAME` of the device the capture was taken on (matches device-bound ptype entries)")
	fs.BoolVar(&o.tap, "tap", false, "a capture socket (ETH_P_ALL) was open on the host during the period of interest")
	fs.BoolVar(&o.noTap, "no-tap", false, "ignore the capture sockets (ALL lines) of the --ptype file")
	fs.StringVar(&o.rxHandler, "rx-handler", "none", "rx_handler on the device: none, pass (bridge/macvlan lower) or exact (inactive bond slave)")
	fs.BoolVar(&o.tcIngress, "tc-ingress", false, "a tc ingress/clsact qdisc or nftables ingress hook is on the device")
	fs.StringSliceVar(&o.vlanDevs, "vlan-dev", nil, "VLAN devices on the device: `[802.1ad:]VID[:down]`, comma-separated")
	fs.IntVar(&o.top, "top", 20, "rows shown per table")
	fs.IntVar(&o.maxSenders, "max-senders", 10000, "distinct senders tracked; the rest are summed as other")
	fs.IntVar(&o.workers, "workers", 0, "goroutines per capture: 1, or 2 (reading and the common frames on one, the full path on the other; same report); 0: 2 when there are 2 or more CPUs")
	fs.BoolVar(&o.all, "all", false, "decode the protocol fields of every frame, not only of the counted ones (STP, DHCPv6 views, JSON Lines detail)")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress on standard error")
	fs.StringVar(&o.iface, "iface", "", "capture live on interface `IF` (needs root or CAP_NET_RAW); the host model is read from this system")
	fs.BoolVar(&o.promisc, "promisc", false, "live: put the interface in promiscuous mode (adds frames the host would not receive)")
	fs.DurationVar(&o.duration, "duration", 0, "live: stop after `DURATION` (e.g. 60s; default: until --count or Ctrl-C)")
	fs.IntVar(&o.count, "count", 0, "live: stop after `N` frames")
	fs.StringVar(&o.write, "write", "", "live: save the captured frames to `FILE.pcapng`")
	fs.DurationVar(&o.calibrate, "calibrate", 0, "live: first read the drop counters for `DURATION` with no capture socket open, and compare rates")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a Go CPU profile of the analysis to `FILE` (for performance reports)")
	_ = fs.MarkHidden("cpuprofile")
	fs.StringVar(&o.generatedAt, "generated-at", "", "add a generated-at line: now or an RFC 3339 `TIME`")
	fs.MarkHidden("generated-at")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), analyzeUsage)
		fmt.Fprint(fs.Output(), fs.FlagUsages())
	}
	return fs, o
}

// usageError is a bad command line: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func runAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, o := analyzeFlags()
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK
		}
		fmt.Fprintf(stderr, "dropscope analyze: %v\n", err)
		return ExitUsage
	}
	var err error
	switch {
	case o.workers < 0 || o.workers > 2:
		err = usageError{fmt.Sprintf("--workers %d: want 0 (as many as help, up to 2), 1 or 2", o.workers)}
	case o.maxSenders < 1:
		err = usageError{fmt.Sprintf("--max-senders %d: want 1 or more", o.maxSenders)}
	case o.iface != "":
		err = liveMain(ctx, fs, o, stdout, stderr)
	default:
		err = analyzeMain(ctx, fs.Args(), o, stdout, stderr)
	}
	var ue usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "dropscope analyze: %v\n", err)
		return ExitUsage
	}
	fmt.Fprintf(stderr, "dropscope: %v\n", err)
	return ExitError
}

// startCPUProfile starts a CPU profile into name (none when name is
// empty); the returned function stops it.
func startCPUProfile(name string) (func(), error) {
	if name == "" {
		return func() {}, nil
	}
	f, err := os.Create(name)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

func analyzeMain(ctx context.Context, files []string, o *analyzeOptions, stdout, stderr io.Writer) error {
	if len(files) == 0 {
		return usageError{"no capture given"}
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
	host, hostSource, kernelSource, err := buildHost(o)
	if err != nil {
		return err
	}
	out, commit, err := openOutput(o.output, stdout)
	if err != nil {
		return err
	}
	defer commit(false)
	aopts := analyze.Options{Host: host, HostSource: hostSource, KernelSource: kernelSource, Version: Version, MaxSenders: o.maxSenders,
		DetailAll: o.all,
		Variants:  analyze.DefaultVariants(host)}
	if format == "jsonl" {
		aopts.JSONL = out
	}
	aopts.Workers = o.workers
	if o.workers == 0 && runtime.NumCPU() >= 2 {
		aopts.Workers = 2
	}
	bar := newProgressBar(stderr, files, o.quiet)
	if bar != nil {
		aopts.Progress = bar.update
	}
	stopProfile, err := startCPUProfile(o.cpuProfile)
	if err != nil {
		return err
	}
	s, err := analyze.Run(ctx, files, aopts)
	stopProfile()
	bar.clear()
	if err != nil {
		return err
	}
	if format != "jsonl" {
		err = writeSummary(out, s, writeOptions{format: format, top: o.top, generatedAt: o.generatedAt, color: useColor(out, stdout)})
	}
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if format == "jsonl" && !o.quiet {
		// The summary's headline goes to standard error so the frames stay machine-readable.
		fmt.Fprintln(stderr, s.Headline)
	}
	for _, w := range s.Warnings {
		if !o.quiet || format != "table" {
			fmt.Fprintf(stderr, "dropscope: warning: %s\n", w)
		}
	}
	return commit(true)
}

func formatFromExt(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return "json"
	case ".jsonl", ".ndjson":
		return "jsonl"
	case ".md", ".markdown":
		return "markdown"
	case ".html", ".htm":
		return "html"
	}
	return "table"
}

// openOutput returns the writer for the report. For a file it writes a
// temporary file beside it and renames it into place on commit(true), so a
// failed run never leaves half a report.
func openOutput(name string, stdout io.Writer) (io.Writer, func(ok bool) error, error) {
	if name == "" || name == "-" {
		return stdout, func(bool) error { return nil }, nil
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return nil, nil, fmt.Errorf("output %s: %w", name, err)
	}
	done := false
	return f, func(ok bool) error {
		if done {
			return nil
		}
		done = true
		if !ok {
			f.Close()
			os.Remove(f.Name())
			return nil
		}
		if err := f.Close(); err != nil {
			os.Remove(f.Name())
			return fmt.Errorf("output %s: %w", name, err)
		}
		if err := os.Rename(f.Name(), name); err != nil {
			os.Remove(f.Name())
			return fmt.Errorf("output %s: %w", name, err)
		}
		return nil
	}, nil
}

// buildHost assembles the host model from the defaults, --ptype and the
// flags, in that order.
func buildHost(o *analyzeOptions) (kernel.Host, string, string, error) {
	h := kernel.DefaultHost()
	hostSource := "default: the incident host, handlers 0800 ip_rcv and 0806 arp_rcv only (ipv6.disable=1, no llc)"
	kernelSource := "default: latest rules"
	if o.kernel != "" {
		k, err := kernel.ParseKernel(o.kernel)
		if err != nil {
			return h, "", "", usageError{"--kernel: " + err.Error()}
		}
		h.Kernel = k
		kernelSource = "--kernel " + o.kernel
	}
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
		hostSource = "/proc/net/ptype snapshot " + o.ptype
	}
	var changes []string
	hc, err := applyHandlerFlags(&h, o)
	if err != nil {
		return h, "", "", err
	}
	changes = append(changes, hc...)
	if o.hostMAC != "" {
		m, err := dissect.ParseMAC(o.hostMAC)
		if err != nil {
			return h, "", "", usageError{"--host-mac: " + err.Error()}
		}
		h.MAC, h.MACKnown = m, true
	}
	h.Device = o.device
	rx, err := parseRxHandler(o.rxHandler)
	if err != nil {
		return h, "", "", err
	}
	h.RxHandler = rx
	h.Ingress = o.tcIngress
	for _, spec := range o.vlanDevs {
		vd, err := parseVLANDev(spec, o.device)
		if err != nil {
			return h, "", "", usageError{"--vlan-dev: " + err.Error()}
		}
		h.VLANs = append(h.VLANs, vd)
	}
	if len(changes) > 0 {
		hostSource += "; flags " + strings.Join(changes, " ")
	}
	return h, hostSource, kernelSource, nil
}

// parseEtherType reads "86dd", "0x86dd" or "0004".
func parseEtherType(s string) (dissect.EtherType, error) {
	t := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "0x")
	v, err := strconv.ParseUint(t, 16, 16)
	if err != nil || t == "" {
		return 0, fmt.Errorf("%q is not a hex EtherType such as 86dd", s)
	}
	return dissect.EtherType(v), nil
}

// parseVLANDev reads "[802.1ad:]VID[:down]".
func parseVLANDev(spec, parent string) (kernel.VLANDevice, error) {
	vd := kernel.VLANDevice{TPID: dissect.EtherTypeVLAN, Up: true}
	parts := strings.Split(spec, ":")
	if len(parts) > 0 && (parts[0] == "802.1ad" || parts[0] == "802.1q") {
		if parts[0] == "802.1ad" {
			vd.TPID = dissect.EtherTypeQinQ
		}
		parts = parts[1:]
	}
	if len(parts) == 0 || len(parts) > 2 {
		return vd, fmt.Errorf("%q: want [802.1ad:]VID[:down]", spec)
	}
	vid, err := strconv.ParseUint(parts[0], 10, 16)
	if err != nil || vid > 4094 {
		return vd, fmt.Errorf("%q: VLAN ID must be 0..4094", spec)
	}
	vd.VID = uint16(vid)
	if len(parts) == 2 {
		if parts[1] != "down" {
			return vd, fmt.Errorf("%q: want [802.1ad:]VID[:down]", spec)
		}
		vd.Up = false
	}
	if parent == "" {
		parent = "dev"
	}
	vd.Name = parent + "." + parts[0]
	return vd, nil
}

// applyHandlerFlags applies --handler, --ipv6, --llc, --no-handler,
// --no-tap and --tap to h, in that order, and returns what it changed for
// the report.
func applyHandlerFlags(h *kernel.Host, o *analyzeOptions) ([]string, error) {
	var changes []string
	for _, spec := range o.handlers {
		t, err := parseEtherType(spec)
		if err != nil {
			return nil, usageError{"--handler: " + err.Error()}
		}
		h.AddHandler(t)
		changes = append(changes, "+"+t.String())
	}
	if o.ipv6 {
		h.AddHandler(dissect.EtherTypeIPv6)
		changes = append(changes, "+ipv6")
	}
	if o.llc {
		h.AddHandler(dissect.ETHP8022)
		changes = append(changes, "+llc")
	}
	for _, spec := range o.noHandlers {
		t, err := parseEtherType(spec)
		if err != nil {
			return nil, usageError{"--no-handler: " + err.Error()}
		}
		h.RemoveHandler(t)
		changes = append(changes, "-"+t.String())
	}
	if o.noTap {
		h.Taps = nil
		changes = append(changes, "no taps")
	}
	if o.tap {
		h.Taps = append(h.Taps, kernel.Tap{Func: "packet_rcv"})
		changes = append(changes, "+tap")
	}
	return changes, nil
}

// parseRxHandler reads the --rx-handler value.
func parseRxHandler(s string) (kernel.RxHandler, error) {
	switch s {
	case "none", "":
		return kernel.RxHandlerNone, nil
	case "pass":
		return kernel.RxHandlerPass, nil
	case "exact":
		return kernel.RxHandlerExact, nil
	}
	return 0, usageError{fmt.Sprintf("--rx-handler %q: want none, pass or exact", s)}
}
