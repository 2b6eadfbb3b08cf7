package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/hostinfo"
)

const explainUsage = `Usage: dropscope explain [flags] VALUE...

Decodes a protocol number as one of the tools around rx_dropped prints it,
and says what the host model does with such frames:
  86dd, 0x86dd        an EtherType, as /proc/net/ptype, tcpdump and pcaps show it
  0xdd86, 0x400       skb->protocol from 'perf probe ... skb->protocol' (x16):
                      the big-endian value read as little-endian, bytes swapped
  56710, 1024         the same with ':u16' (decimal)
  protocol=34997      the skb:kfree_skb tracepoint: host-order decimal
When a value has several readings, each is listed with how plausible it is.
--as forces one reading.

The host is the default (incident) host, a saved table (--ptype FILE), or
this system (--local).

Flags:
`

// Readings of a value.
const (
	asEtherType = "ethertype"
	asPerf      = "perf"
	asPerfU16   = "perf-u16"
	asKfree     = "kfree"
)

// reading is one way to read a value.
type reading struct {
	As    string // asEtherType, asPerf, asPerfU16, asKfree
	Type  dissect.EtherType
	Score int // 2 plausible, 1 possible, 0 unlikely
}

var readingNames = map[string]string{
	asEtherType: "EtherType (as /proc/net/ptype, tcpdump and pcaps show it)",
	asPerf:      "perf probe skb->protocol, x16 hex (bytes swapped)",
	asPerfU16:   "perf probe skb->protocol:u16, decimal (bytes swapped)",
	asKfree:     "skb:kfree_skb protocol=, host-order decimal",
}

func swap16(v uint16) uint16 { return v>>8 | v<<8 }

// pseudoTypes are the skb->protocol values below 0x0600 the kernel uses
// for Ethernet frames (include/uapi/linux/if_ether.h).
var pseudoTypes = map[dissect.EtherType]bool{dissect.ETHP8023: true, dissect.ETHP8022: true, dissect.ETHPXDSA: true,
	0x001B: true, 0x001C: true}

// plausibility scores t as an skb->protocol of a received Ethernet frame.
func plausibility(t dissect.EtherType) int {
	switch {
	case pseudoTypes[t]:
		return 2
	case t < dissect.EtherTypeMin:
		return 0
	case t.Name() != "":
		return 2
	}
	return 1
}

func scoreText(s int) string {
	switch s {
	case 2:
		return "plausible"
	case 1:
		return "possible: a valid EtherType dropscope has no name for"
	}
	return "unlikely: no received Ethernet frame has this skb->protocol"
}

// readValue lists the readings of v, most plausible first. as forces one
// reading ("" lets the form decide).
func readValue(v, as string) ([]reading, error) {
	s := strings.ToLower(strings.TrimSpace(v))
	tracePrefix := false
	for _, p := range []string{"skb->protocol=", "protocol="} {
		if strings.HasPrefix(s, p) {
			s, tracePrefix = strings.TrimPrefix(s, p), true
			break
		}
	}
	hexPrefix := strings.HasPrefix(s, "0x")
	digits := strings.TrimPrefix(s, "0x")
	if digits == "" {
		return nil, fmt.Errorf("%q: want an EtherType (86dd), a perf probe value (0xdd86, 56710) or a kfree_skb protocol (protocol=34525)", v)
	}
	hexVal, hexErr := strconv.ParseUint(digits, 16, 16)
	decVal, decErr := strconv.ParseUint(digits, 10, 16)
	if hexPrefix {
		decErr = errors.New("hex")
	}
	var rs []reading
	add := func(form string, t uint16) {
		rs = append(rs, reading{As: form, Type: dissect.EtherType(t), Score: plausibility(dissect.EtherType(t))})
	}
	switch as {
	case asEtherType, asPerf:
		if hexErr != nil {
			return nil, fmt.Errorf("%q: not a 16-bit hex number", v)
		}
		if as == asPerf {
			add(asPerf, swap16(uint16(hexVal)))
		} else {
			add(asEtherType, uint16(hexVal))
		}
		return rs, nil
	case asPerfU16, asKfree:
		if decErr != nil {
			return nil, fmt.Errorf("%q: not a decimal number up to 65535", v)
		}
		if as == asPerfU16 {
			add(asPerfU16, swap16(uint16(decVal)))
		} else {
			add(asKfree, uint16(decVal))
		}
		return rs, nil
	case "":
	default:
		return nil, usageError{fmt.Sprintf("--as %q: want ethertype, perf, perf-u16 or kfree", as)}
	}
	if hexErr != nil && decErr != nil {
		return nil, fmt.Errorf("%q: not a 16-bit number in hex or decimal", v)
	}
	switch {
	case hexPrefix:
		// perf prints x16 with 0x; pcaps and ptype print EtherTypes.
		add(asPerf, swap16(uint16(hexVal)))
		if !tracePrefix {
			add(asEtherType, uint16(hexVal))
		}
	case decErr != nil:
		// Hex digits without 0x: an EtherType, or a perf value with the
		// prefix dropped.
		add(asEtherType, uint16(hexVal))
		if !tracePrefix {
			add(asPerf, swap16(uint16(hexVal)))
		}
	default:
		// Only decimal digits.
		add(asKfree, uint16(decVal))
		add(asPerfU16, swap16(uint16(decVal)))
		if hexErr == nil && !tracePrefix && len(digits) == 4 {
			add(asEtherType, uint16(hexVal))
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Score > rs[j].Score })
	return rs, nil
}

func runExplain(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("explain", pflag.ContinueOnError)
	as := fs.String("as", "", "force one reading: ethertype, perf, perf-u16 or kfree")
	ptypeFile := fs.String("ptype", "", "model the host of a saved /proc/net/ptype `FILE`")
	local := fs.Bool("local", false, "model this system (its /proc/net/ptype and kernel)")
	kflag := fs.String("kernel", "", "kernel rules: 3.10, el7, el8, 5.14, 6.18 or a uname -r `RELEASE`")
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), explainUsage)
		fmt.Fprint(fs.Output(), fs.FlagUsages())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK
		}
		fmt.Fprintf(stderr, "dropscope explain: %v\n", err)
		return ExitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "dropscope explain: no value given\nRun 'dropscope help explain' for usage.\n")
		return ExitUsage
	}
	if *local && *ptypeFile != "" {
		fmt.Fprintf(stderr, "dropscope explain: --local and --ptype exclude each other\n")
		return ExitUsage
	}
	host, hostDesc, err := explainHost(*ptypeFile, *local, *kflag)
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "dropscope explain: %v\n", err)
			return ExitUsage
		}
		fmt.Fprintf(stderr, "dropscope: %v\n", err)
		return ExitError
	}
	code := ExitOK
	for i, v := range fs.Args() {
		rs, err := readValue(v, *as)
		if err != nil {
			var ue usageError
			if errors.As(err, &ue) {
				fmt.Fprintf(stderr, "dropscope explain: %v\n", err)
				return ExitUsage
			}
			fmt.Fprintf(stderr, "dropscope explain: %v\n", err)
			code = ExitUsage
			continue
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		writeExplain(stdout, v, rs, &host, hostDesc)
	}
	return code
}

func explainHost(ptypeFile string, local bool, kflag string) (kernel.Host, string, error) {
	h := kernel.DefaultHost()
	desc := "the default host: handlers 0800 ip_rcv and 0806 arp_rcv only (ipv6.disable=1, no llc)"
	switch {
	case ptypeFile != "":
		f, err := os.Open(ptypeFile)
		if err != nil {
			return h, "", fmt.Errorf("--ptype: %w", err)
		}
		p, err := kernel.ParsePtype(f)
		f.Close()
		if err != nil {
			return h, "", fmt.Errorf("--ptype %s: %w", ptypeFile, err)
		}
		h.Handlers, h.Taps = p.Handlers, p.Taps
		desc = "the host of " + ptypeFile
	case local:
		_, p, err := hostinfo.ReadPtype(procRoot)
		if err != nil {
			return h, "", fmt.Errorf("--local: %w", err)
		}
		h.Handlers, h.Taps = p.Handlers, p.Taps
		desc = "this system (" + procRoot + "/net/ptype"
		if rel, err := readRelease(); err == nil {
			if k, err := kernel.ParseKernel(rel); err == nil {
				h.Kernel = k
				desc += ", kernel " + rel
			}
		}
		desc += ")"
	}
	if kflag != "" {
		k, err := kernel.ParseKernel(kflag)
		if err != nil {
			return h, "", usageError{"--kernel: " + err.Error()}
		}
		h.Kernel = k
	}
	return h, desc, nil
}

func writeExplain(w io.Writer, v string, rs []reading, h *kernel.Host, hostDesc string) {
	if len(rs) == 1 {
		fmt.Fprintf(w, "%s read as %s: EtherType %s\n", v, readingNames[rs[0].As], typeLabel(rs[0].Type))
	} else {
		fmt.Fprintf(w, "%s can be read %d ways:\n", v, len(rs))
		for _, r := range rs {
			fmt.Fprintf(w, "  %-55s -> %-28s %s\n", readingNames[r.As], typeLabel(r.Type), scoreText(r.Score))
		}
	}
	shown := map[dissect.EtherType]bool{}
	best := rs[0].Score
	for _, r := range rs {
		if shown[r.Type] || (r.Score < best && len(rs) > 1 && r.Score == 0) {
			continue
		}
		shown[r.Type] = true
		fmt.Fprintln(w)
		describeType(w, r.Type, h, hostDesc)
	}
}

func typeLabel(t dissect.EtherType) string {
	if n := t.Name(); n != "" {
		return t.String() + " " + n
	}
	return t.String()
}

// describeType prints the forms of t and the host model's verdict.
func describeType(w io.Writer, t dissect.EtherType, h *kernel.Host, hostDesc string) {
	fmt.Fprintf(w, "EtherType %s\n", typeLabel(t))
	fmt.Fprintf(w, "  /proc/net/ptype: %04x; perf probe: %s (:u16 %d); kfree_skb: protocol=%d\n",
		uint16(t), t.PerfProbe(), swap16(uint16(t)), uint16(t))
	if k, ok := kernel.LookupKnown(t); ok {
		mod := k.Module
		if mod == "" {
			mod = "built in"
		} else {
			mod = "module " + mod
		}
		fmt.Fprintf(w, "%s\n", wrapText(fmt.Sprintf("  kernel handler: %s (%s); missing when %s", k.Func, mod, k.Absence), 78, "    "))
	} else if t >= dissect.EtherTypeMin && !t.IsVLAN() {
		fmt.Fprintf(w, "  kernel handler: none in any kernel dropscope knows; only a user-space socket or a capture keeps it from being counted\n")
	}
	if t.IsVLAN() {
		fmt.Fprintf(w, "%s\n", wrapText("  host: a VLAN tag protocol; the kernel strips the tag and decides on the inner type (counted only as the inner type of a second tag, e.g. QinQ without a VLAN device).", 78, "    "))
		return
	}
	if t < dissect.EtherTypeMin && !pseudoTypes[t] {
		fmt.Fprintf(w, "  host: eth_type_trans never sets this value for an Ethernet frame\n")
		return
	}
	v := kernel.Classify(h, kernel.Input{Cooked: true, Protocol: t, PktType: kernel.PacketHost,
		Payload: make([]byte, 46), WireLen: 60})
	verdict := v.Outcome.String()
	switch v.Outcome {
	case kernel.Delivered:
		verdict = "delivered to " + v.Handler + ", not counted"
		if v.Tap {
			verdict = "taken only by a capture socket (" + v.Handler + "); counted once it closes"
		}
	case kernel.RxDropped, kernel.RxNoHandler:
		verdict = "counted in " + v.Outcome.String()
		if r := v.Reason.String(); r != "" {
			verdict += " (kfree_skb reason " + r + ")"
		}
		verdict += ": no handler"
	}
	fmt.Fprintf(w, "%s\n", wrapText(fmt.Sprintf("  host, %s, kernel rules %s: %s", hostDesc, h.Kernel, verdict), 78, "    "))
}
