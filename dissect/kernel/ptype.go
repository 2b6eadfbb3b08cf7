package kernel

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dropscope/dropscope/dissect"
)

// Ptype is a parsed /proc/net/ptype listing.
type Ptype struct {
	Handlers []Handler // entries with a protocol type
	Taps     []Tap     // ALL entries
}

// ErrNotPtype reports text that is not a /proc/net/ptype listing.
var ErrNotPtype = errors.New("not a /proc/net/ptype listing")

// ParsePtype parses the text of /proc/net/ptype in every format the kernel
// has printed it (ptype_seq_show, net/core/net-procfs.c, 3.10 to 6.18):
//
//	Type Device      Function
//	ALL  em1      tpacket_rcv
//	0800          ip_rcv
//	0004          llc_rcv [llc]
//
// A line is split on white space: the first token is the type ("ALL" or
// four hex digits), a last token in brackets is the module, and with three
// tokens left the middle one is the device (interface names hold no white
// space). The header line is optional; blank lines are skipped.
func ParsePtype(r io.Reader) (Ptype, error) {
	var p Ptype
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), 64*1024)
	line, entries := 0, 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if line == 1 && f[0] == "Type" {
			continue
		}
		mod := ""
		if last := f[len(f)-1]; len(f) > 2 && strings.HasPrefix(last, "[") && strings.HasSuffix(last, "]") {
			mod = strings.Trim(last, "[]")
			f = f[:len(f)-1]
		}
		var dev, fn string
		switch len(f) {
		case 2:
			fn = f[1]
		case 3:
			dev, fn = f[1], f[2]
		default:
			return Ptype{}, fmt.Errorf("kernel: ptype line %d: want TYPE [DEVICE] FUNCTION [MODULE], got %q: %w", line, clip(sc.Text()), ErrNotPtype)
		}
		if f[0] == "ALL" {
			p.Taps = append(p.Taps, Tap{Dev: dev, Func: fn})
			entries++
			continue
		}
		if len(f[0]) != 4 {
			return Ptype{}, fmt.Errorf("kernel: ptype line %d: type %q is not ALL or 4 hex digits: %w", line, clip(f[0]), ErrNotPtype)
		}
		v, err := strconv.ParseUint(f[0], 16, 16)
		if err != nil {
			return Ptype{}, fmt.Errorf("kernel: ptype line %d: type %q is not ALL or 4 hex digits: %w", line, f[0], ErrNotPtype)
		}
		p.Handlers = append(p.Handlers, Handler{Type: dissect.EtherType(v), Dev: dev, Func: fn, Module: mod})
		entries++
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return Ptype{}, fmt.Errorf("kernel: ptype line %d: longer than 64 KiB: %w", line+1, ErrNotPtype)
		}
		return Ptype{}, fmt.Errorf("kernel: ptype: %w", err)
	}
	if entries == 0 {
		return Ptype{}, fmt.Errorf("kernel: ptype: no entries: %w", ErrNotPtype)
	}
	return p, nil
}

// String prints p in the kernel's format (5.14+: "%-8s %ps").
func (p Ptype) String() string {
	var b strings.Builder
	b.WriteString("Type Device      Function\n")
	for _, t := range p.Taps {
		fmt.Fprintf(&b, "ALL  %-8s %s\n", t.Dev, t.Func)
	}
	for _, h := range p.Handlers {
		fmt.Fprintf(&b, "%04x %-8s %s", uint16(h.Type), h.Dev, h.Func)
		if h.Module != "" {
			fmt.Fprintf(&b, " [%s]", h.Module)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// clip shortens text quoted in an error to its first 60 bytes.
func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}
