package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// TableOptions tune the terminal report.
type TableOptions struct {
	// Top bounds the rows of the drop, sender and class tables (0: 20).
	Top int
}

// WriteTable writes the summary for a terminal: plain ASCII, fits 80
// columns for the usual class and sender names.
func WriteTable(w io.Writer, s *Summary, o TableOptions) error {
	top := o.Top
	if top <= 0 {
		top = 20
	}
	p := &printer{w: w}
	p.line("dropscope %s: which received frames this host counts in rx_dropped", s.Tool.Version)
	p.line("")
	p.line("Inputs")
	for _, in := range s.Inputs {
		p.line("  %s", describeInput(in))
	}
	p.line("")
	p.line("Host model (%s)", s.Host.Source)
	for _, l := range hostLines(&s.Host) {
		p.line("  %s", l)
	}
	p.line("")
	p.line("%s", wrap(s.Headline, 78))
	p.line("")
	t := &s.Totals
	p.line("Frames: %s read, %s analysed as received: %s delivered (%s only to a capture socket),",
		n(t.Frames), n(t.Analysed), n(t.Delivered), n(t.DeliveredToTap))
	p.line("  %s rx_dropped, %s rx_nohandler, %s freed before the lookup.", n(t.RxDropped), n(t.RxNoHandler), n(t.Freed))
	if t.Outgoing+t.UnsupportedLink+t.Runts > 0 {
		p.line("  Not analysed: %s outgoing, %s on other link types, %s runts.", n(t.Outgoing), n(t.UnsupportedLink), n(t.Runts))
	}
	if p.err != nil {
		return p.err
	}

	if len(s.Drops) > 0 {
		p.line("")
		p.line("Counted frames by class")
		rows := [][]string{}
		for i, d := range s.Drops {
			if i == top {
				rows = append(rows, []string{fmt.Sprintf("(%d more)", len(s.Drops)-top), "", "", "", "", ""})
				break
			}
			rows = append(rows, []string{d.Class, d.SkbProtocol + " " + d.PerfProbe, counterShort(d.Counter),
				n(d.Frames), pct(d.SharePercent), rate(d.PerSecond)})
		}
		if err := p.table([]string{"class", "skb->protocol / perf", "counter", "frames", "share", "per s"}, rows,
			[]tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight}); err != nil {
			return err
		}
	}
	if len(s.Senders) > 0 {
		p.line("")
		p.line("Who sends them")
		rows := [][]string{}
		for i, sd := range s.Senders {
			if i == top {
				rows = append(rows, []string{fmt.Sprintf("(%d more)", len(s.Senders)-top), "", "", "", ""})
				break
			}
			rows = append(rows, []string{sd.MAC, trunc(sd.Vendor, 22), vlans(sd.VLANs), trunc(strings.Join(sd.Classes, " "), 30), n(sd.Frames)})
		}
		if s.SendersOther > 0 {
			rows = append(rows, []string{"(other senders)", "", "", "", n(s.SendersOther)})
		}
		if err := p.table([]string{"source MAC", "vendor", "vlan", "classes", "frames"}, rows,
			[]tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight}); err != nil {
			return err
		}
	}
	if len(s.Classes) > 0 {
		p.line("")
		p.line("All analysed frames by class")
		rows := [][]string{}
		for i, c := range s.Classes {
			if i == top {
				rows = append(rows, []string{fmt.Sprintf("(%d more)", len(s.Classes)-top), "", "", "", "", ""})
				break
			}
			rows = append(rows, []string{c.Class, n(c.Frames), n(c.Delivered), n(c.RxDropped), n(c.RxNoHandler), n(c.Freed)})
		}
		if err := p.table([]string{"class", "frames", "delivered", "rx_dropped", "nohandler", "freed"}, rows,
			[]tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight, tw.AlignRight}); err != nil {
			return err
		}
	}
	if len(s.WhatIf) > 0 {
		p.line("")
		p.line("What other host configurations would count")
		rows := [][]string{{"this host (modelled)", n(t.Counted), rate(t.CountedPerSecond), topClasses(s.Drops)}}
		for _, w := range s.WhatIf {
			rows = append(rows, []string{w.Host, n(w.Counted), rate(w.PerSecond), strings.Join(w.TopClasses, " ")})
		}
		if err := p.table([]string{"host", "counted", "per s", "top classes"}, rows,
			[]tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignLeft}); err != nil {
			return err
		}
	}
	if len(s.Remedies) > 0 {
		p.line("")
		p.line("What to do")
		for _, r := range s.Remedies {
			p.line("%s", wrapIndent("- "+strings.Join(r.Classes, ", ")+" ("+n(r.Frames)+" frames): "+r.Action, 78, "  "))
		}
	}
	if len(s.Caveats) > 0 {
		p.line("")
		p.line("What this analysis assumes or cannot see")
		for _, c := range s.Caveats {
			p.line("%s", wrapIndent("- "+c, 78, "  "))
		}
	}
	if len(s.Warnings) > 0 {
		p.line("")
		p.line("Warnings")
		for _, c := range s.Warnings {
			p.line("%s", wrapIndent("- "+c, 78, "  "))
		}
	}
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(format string, a ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format+"\n", a...)
}

func (p *printer) table(header []string, rows [][]string, align []tw.Align) error {
	if p.err != nil {
		return p.err
	}
	t := tablewriter.NewTable(p.w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleASCII)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
	)
	t.Header(header)
	for _, r := range rows {
		if err := t.Append(r); err != nil {
			p.err = err
			return err
		}
	}
	p.err = t.Render()
	return p.err
}

func describeInput(in Input) string {
	var b strings.Builder
	b.WriteString(in.Name)
	b.WriteString(" (")
	b.WriteString(in.Format)
	if in.Compressed {
		b.WriteString(", gzip")
	}
	if in.SizeBytes >= 0 {
		b.WriteString(", " + bytesHuman(in.SizeBytes))
	}
	b.WriteString(", " + n(in.Frames) + " frames")
	if len(in.LinkTypes) > 0 {
		b.WriteString(", " + linkTypes(in.LinkTypes))
	}
	b.WriteString(")")
	if in.First != nil {
		b.WriteString(" " + in.First.UTC().Format("2006-01-02 15:04:05") + " to " + in.Last.UTC().Format("15:04:05 UTC"))
	}
	if in.Truncated {
		b.WriteString("; cut off at byte " + strconv.FormatInt(in.TruncatedAt, 10))
	}
	return b.String()
}

func hostLines(h *Host) []string {
	var l []string
	l = append(l, "kernel "+h.Kernel+" ("+h.KernelSource+")")
	var hs []string
	for _, x := range h.Handlers {
		s := strings.TrimPrefix(x.Type, "0x") + " " + x.Function
		if x.Module != "" {
			s += " [" + x.Module + "]"
		}
		if x.Device != "" {
			s += " on " + x.Device
		}
		hs = append(hs, s)
	}
	if len(hs) == 0 {
		hs = []string{"none"}
	}
	l = append(l, wrapIndent("handlers: "+strings.Join(hs, ", "), 76, "  "))
	for _, m := range h.Missing {
		l = append(l, wrapIndent("no "+m, 76, "  "))
	}
	if len(h.Taps) == 0 {
		l = append(l, "capture sockets (ETH_P_ALL): none")
	} else {
		var ts []string
		for _, t := range h.Taps {
			d := t.Device
			if d == "" {
				d = "any device"
			}
			ts = append(ts, t.Function+" on "+d)
		}
		l = append(l, "capture sockets (ETH_P_ALL): "+strings.Join(ts, ", "))
	}
	dev := h.Device
	if dev == "" {
		dev = "(not named)"
	}
	mac := h.MAC
	if mac == "" {
		mac = "unknown"
		if h.MACHint != "" {
			mac += ", traffic suggests " + h.MACHint
		}
	}
	l = append(l, "device "+dev+", MAC "+mac+", rx_handler "+h.RxHandler+", tc ingress "+yesNo(h.TCIngress))
	for _, v := range h.VLANs {
		l = append(l, fmt.Sprintf("vlan device %s: %s vid %d, %s", v.Name, v.TPID, v.VID, map[bool]string{true: "up", false: "down"}[v.Up]))
	}
	return l
}

func topClasses(d []Drop) string {
	var l []string
	for _, x := range d {
		if !contains(l, x.Class) {
			l = append(l, x.Class)
		}
		if len(l) == 3 {
			break
		}
	}
	return strings.Join(l, " ")
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func counterShort(c string) string { return c }

func linkTypes(m map[string]uint64) string {
	keys := sortedKeys(m)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+" "+n(m[k]))
	}
	return strings.Join(parts, ", ")
}

func vlans(v []uint16) string {
	if len(v) == 0 {
		return "-"
	}
	var parts []string
	for i, x := range v {
		if i == 3 {
			parts = append(parts, "...")
			break
		}
		parts = append(parts, strconv.Itoa(int(x)))
	}
	return strings.Join(parts, ",")
}

// n formats a count with thousands separators.
func n(v uint64) string {
	s := strconv.FormatUint(v, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

func pct(p float64) string { return strconv.FormatFloat(p, 'f', 1, 64) + "%" }

func rate(r float64) string {
	switch {
	case r == 0:
		return "-"
	case r < 0.01:
		return "<0.01"
	}
	return strconv.FormatFloat(r, 'f', 2, 64)
}

func trunc(s string, max int) string {
	if len(s) <= max {
		return s
	}
	return s[:max-1] + "~"
}

func bytesHuman(b int64) string {
	switch {
	case b >= 1<<30:
		return strconv.FormatFloat(float64(b)/(1<<30), 'f', 1, 64) + " GiB"
	case b >= 1<<20:
		return strconv.FormatFloat(float64(b)/(1<<20), 'f', 1, 64) + " MiB"
	case b >= 1<<10:
		return strconv.FormatFloat(float64(b)/(1<<10), 'f', 1, 64) + " KiB"
	}
	return strconv.FormatInt(b, 10) + " B"
}

func wrap(s string, width int) string { return wrapIndent(s, width, "") }

// wrapIndent breaks s at spaces so lines stay within width, indenting
// continuation lines.
func wrapIndent(s string, width int, indent string) string {
	words := strings.Fields(s)
	var b strings.Builder
	col := 0
	for i, w := range words {
		if i > 0 {
			if col+1+len(w) > width {
				b.WriteString("\n" + indent)
				col = len(indent)
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}

// FormatDuration prints a capture span for humans.
func FormatDuration(d time.Duration) string {
	return d.Round(time.Millisecond).String()
}
