package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/hostinfo"
)

const ptypeUsage = `Usage: dropscope ptype [--save FILE] [--file FILE] [--kernel RELEASE]

Shows this host's protocol handler table (/proc/net/ptype) with what each
entry is, which module provides it, and what the absence of the well-known
handlers means for rx_dropped. --save keeps a copy for
'dropscope analyze --ptype FILE' on another machine.

Flags:
`

// System seams for ptype and explain, replaced by tests.
var (
	procRoot    = "/proc"
	readRelease = func() (string, error) {
		b, err := os.ReadFile(procRoot + "/sys/kernel/osrelease")
		return strings.TrimSpace(string(b)), err
	}
)

func runPtype(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("ptype", pflag.ContinueOnError)
	save := fs.String("save", "", "also write the raw table to `FILE`")
	file := fs.String("file", "", "explain a saved table `FILE` instead of this host's")
	kflag := fs.String("kernel", "", "kernel `RELEASE` of the table (default: this host's uname -r)")
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), ptypeUsage)
		fmt.Fprint(fs.Output(), fs.FlagUsages())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK
		}
		fmt.Fprintf(stderr, "dropscope ptype: %v\n", err)
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "dropscope ptype: unexpected argument %q\n", fs.Arg(0))
		return ExitUsage
	}
	var text, from string
	if *file != "" {
		b, err := os.ReadFile(*file)
		if err != nil {
			fmt.Fprintf(stderr, "dropscope: %v\n", err)
			return ExitError
		}
		text, from = string(b), *file
	} else {
		t, _, err := hostinfo.ReadPtype(procRoot)
		if err != nil && t == "" {
			fmt.Fprintf(stderr, "dropscope: reading this host's handler table: %v\n", err)
			return ExitError
		}
		text, from = t, procRoot+"/net/ptype"
	}
	p, err := kernel.ParsePtype(strings.NewReader(text))
	if err != nil {
		fmt.Fprintf(stderr, "dropscope: %s: %v\n", from, err)
		return ExitError
	}
	k, ksrc := kernel.Latest, "assumed latest rules"
	switch {
	case *kflag != "":
		if k, err = kernel.ParseKernel(*kflag); err != nil {
			fmt.Fprintf(stderr, "dropscope ptype: --kernel: %v\n", err)
			return ExitUsage
		}
		ksrc = "--kernel " + *kflag
	case *file == "":
		if rel, err := readRelease(); err == nil {
			if kk, err := kernel.ParseKernel(rel); err == nil {
				k, ksrc = kk, "uname -r "+rel
			}
		}
	}
	if *save != "" {
		if err := os.WriteFile(*save, []byte(text), 0o644); err != nil {
			fmt.Fprintf(stderr, "dropscope: --save: %v\n", err)
			return ExitError
		}
	}
	writePtype(stdout, from, k, ksrc, p)
	if *save != "" {
		fmt.Fprintf(stdout, "\nSaved to %s; use it with: dropscope analyze --ptype %s --kernel %s CAPTURE\n", *save, *save, k)
	}
	return ExitOK
}

// writePtype prints the explained table.
func writePtype(w io.Writer, from string, k kernel.Kernel, ksrc string, p kernel.Ptype) {
	fmt.Fprintf(w, "Protocol handler table %s (kernel rules %s, %s)\n\n", from, k, ksrc)
	fmt.Fprintf(w, "%-5s %-9s %-18s %-12s %s\n", "Type", "Device", "Function", "Module", "Meaning")
	for _, t := range p.Taps {
		fmt.Fprintf(w, "%-5s %-9s %-18s %-12s %s\n", "ALL", t.Dev, t.Func, "-", tapMeaning(t))
	}
	for _, h := range p.Handlers {
		mod := h.Module
		if mod == "" {
			mod = "built-in"
		}
		fmt.Fprintf(w, "%04x  %-9s %-18s %-12s %s\n", uint16(h.Type), h.Dev, h.Func, mod, handlerMeaning(h))
	}
	host := kernel.Host{Handlers: p.Handlers}
	var missing []string
	seen := map[dissect.EtherType]bool{}
	for _, kh := range kernel.KnownHandlers {
		if seen[kh.Type] || host.HasHandler(kh.Type) {
			continue
		}
		seen[kh.Type] = true
		name := kh.Type.Name()
		if name == "" {
			name = kh.Func
		}
		mod := kh.Module
		if mod == "" {
			mod = "built-in"
		}
		missing = append(missing, fmt.Sprintf("%04x %s (%s, %s): %s frames are counted in rx_dropped unless a socket takes them. Missing when: %s.",
			uint16(kh.Type), kh.Func, name, mod, name, kh.Absence))
	}
	if len(missing) > 0 {
		fmt.Fprintf(w, "\nWell-known handlers this table lacks\n")
		for _, m := range missing {
			fmt.Fprintf(w, "%s\n", wrapText("- "+m, 78, "  "))
		}
	}
	fmt.Fprintf(w, "\nNot shown by /proc/net/ptype on this kernel\n")
	for _, n := range hostinfo.PtypeNotes(k, "the device") {
		fmt.Fprintf(w, "%s\n", wrapText("- "+n, 78, "  "))
	}
}

func tapMeaning(t kernel.Tap) string {
	where := "every device of this network namespace"
	if t.Dev != "" {
		where = t.Dev
	}
	what := "a capture socket (tcpdump, dhclient, lldpd...)"
	switch t.Func {
	case "tpacket_rcv":
		what = "a capture socket with a ring (tcpdump, libpcap)"
	case "packet_rcv_spkt":
		what = "a legacy SOCK_PACKET socket (old dhclient)"
	case "packet_rcv_fanout":
		what = "a fanout capture group"
	}
	return fmt.Sprintf("%s: while open, untagged frames without a handler on %s are not counted", what, where)
}

func handlerMeaning(h kernel.Handler) string {
	name := h.Type.Name()
	if name == "" {
		name = "EtherType " + h.Type.String()
	}
	switch h.Func {
	case "packet_rcv", "tpacket_rcv", "packet_rcv_fanout", "packet_rcv_spkt":
		on := "any device"
		if h.Dev != "" {
			on = h.Dev
		}
		return fmt.Sprintf("a user-space packet socket for %s on %s: these frames are delivered to it, never counted", name, on)
	}
	if k, ok := kernel.LookupKnown(h.Type); ok && k.Func == h.Func {
		return fmt.Sprintf("the kernel's %s handler: these frames are taken, never counted. Missing when: %s", name, k.Absence)
	}
	return fmt.Sprintf("a kernel handler for %s: these frames are taken, never counted", name)
}

// wrapText wraps s at width, indenting continuation lines.
func wrapText(s string, width int, indent string) string {
	var b strings.Builder
	lead := s[:len(s)-len(strings.TrimLeft(s, " "))]
	b.WriteString(lead)
	col := len(lead)
	for i, word := range strings.Fields(s) {
		if i > 0 {
			if col+1+len(word) > width {
				b.WriteString("\n" + indent)
				col = len(indent)
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(word)
		col += len(word)
	}
	return b.String()
}
