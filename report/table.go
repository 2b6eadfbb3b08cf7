package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// TableOptions tune the terminal report.
type TableOptions struct {
	// Top bounds the rows of the drop, sender and class tables (0: 20).
	Top int
	// Color marks the headline and the counted numbers with ANSI escapes;
	// set it only for a terminal (and not when NO_COLOR is set).
	Color bool
}

// tableWidth is the terminal width every line and table is fitted to.
const tableWidth = 80

// WriteTable writes the summary for a terminal: plain ASCII, fits 80
// columns for the usual class and sender names.
func WriteTable(w io.Writer, s *Summary, o TableOptions) error {
	top := o.Top
	if top <= 0 {
		top = 20
	}
	p := &printer{w: w, color: o.Color}
	for _, section := range []func(*printer, *Summary, int){
		tableTitle,
		tableInputs,
		tableHost,
		tableHeadline,
		tableDrops,
		tableTimeline,
		tableSenders,
		tableViews,
		tableClasses,
		tableWhatIf,
		tableRemedies,
		tableCaveats,
		tableWarnings,
		tableLive,
	} {
		section(p, s, top)
	}
	return p.err
}

func tableViews(p *printer, s *Summary, top int) { _ = writeViews(p, s, top) }

func tableTitle(p *printer, s *Summary, _ int) {
	p.line("dropscope %s: which received frames this host counts in rx_dropped", s.Tool.Version)
	if s.GeneratedAt != "" {
		p.line("generated at %s", s.GeneratedAt)
	}
}

func tableInputs(p *printer, s *Summary, _ int) {
	p.line("")
	p.line("Inputs")
	for _, in := range s.Inputs {
		p.line("  %s", wrapIndent(describeInput(in), tableWidth-2, "    "))
	}
}

func tableHost(p *printer, s *Summary, _ int) {
	p.line("")
	p.line("Host model")
	for _, h := range s.Hosts {
		p.line("  %s", wrapIndent(fmt.Sprintf("%s: kernel %s, handlers %s; %s of %s received frames counted",
			h.Report, h.Host.Kernel, handlerList(&h.Host), n(h.Counted), n(h.Analysed)), tableWidth-2, "    "))
	}
	p.line("  %s", wrapIndent("from: "+s.Host.Source, tableWidth-2, "    "))
	for _, l := range hostLines(&s.Host) {
		p.line("  %s", l)
	}
}

func tableHeadline(p *printer, s *Summary, _ int) {
	p.line("")
	for _, l := range strings.Split(wrap(s.Headline, tableWidth-2), "\n") {
		p.line("%s", p.paint(ansiBold, l))
	}
	p.line("")
	t := &s.Totals
	p.line("%s", wrapIndent(fmt.Sprintf("Frames: %s read, %s analysed as received: %s delivered (%s only to a capture socket), %s rx_dropped, %s rx_nohandler, %s freed before the lookup.",
		n(t.Frames), n(t.Analysed), n(t.Delivered), n(t.DeliveredToTap), p.count(t.RxDropped), p.count(t.RxNoHandler), n(t.Freed)), tableWidth-2, "  "))
	if t.Outgoing+t.UnsupportedLink+t.Runts > 0 {
		p.line("  Not analysed: %s outgoing, %s on other link types, %s runts.", n(t.Outgoing), n(t.UnsupportedLink), n(t.Runts))
	}
}

func tableDrops(p *printer, s *Summary, top int) {
	if len(s.Drops) == 0 {
		return
	}
	p.line("")
	p.line("Counted frames by class (ptype: skb->protocol as /proc/net/ptype shows it,")
	p.line("perf: as perf probe prints it on x86)")
	mixed := false
	for _, d := range s.Drops {
		if d.Counter != s.Drops[0].Counter {
			mixed = true
		}
	}
	header := []string{"class", "ptype", "perf", "frames", "share", "per s"}
	align := []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight}
	if mixed {
		header = []string{"class", "ptype", "perf", "counter", "frames", "share", "per s"}
		align = []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignRight}
	} else {
		p.line("All counted in %s.", s.Drops[0].Counter)
	}
	rows := [][]string{}
	for i, d := range s.Drops {
		if i == top {
			rows = append(rows, more(len(s.Drops)-top, len(header)))
			break
		}
		r := []string{d.Class, strings.TrimPrefix(d.SkbProtocol, "0x"), d.PerfProbe}
		if mixed {
			r = append(r, counterShort(d.Counter))
		}
		rows = append(rows, append(r, n(d.Frames), pct(d.SharePercent), rate(d.PerSecond)))
	}
	p.table(header, fitColumn(header, rows, 0), align)
}

// tableTimeline is a one-line sparkline of the timeline, for a terminal.
func tableTimeline(p *printer, s *Summary, _ int) {
	tl := s.Timeline
	if tl == nil || len(tl.Buckets) < 2 {
		return
	}
	peak, at := timelinePeak(tl)
	p.line("")
	p.line("%s", wrapIndent(fmt.Sprintf("Counted frames per %s from %s UTC (peak %s at %s)", WidthText(tl.BucketSeconds),
		tl.Start.Format("2006-01-02 15:04:05"), n(peak), at.Format("15:04:05")), tableWidth-2, "  "))
	const levels = " .:-=+*#"
	var b strings.Builder
	for i, bk := range tl.Buckets {
		if i > 0 && i%(tableWidth-4) == 0 {
			p.line("  |%s|", b.String())
			b.Reset()
		}
		l := 0
		if bk.Counted > 0 {
			l = 1 + int(float64(bk.Counted)/float64(peak)*float64(len(levels)-2)+0.5)
			l = min(l, len(levels)-1)
		}
		b.WriteByte(levels[l])
	}
	p.line("  |%s|", b.String())
}

func tableSenders(p *printer, s *Summary, top int) {
	if len(s.Senders) == 0 {
		return
	}
	p.line("")
	p.line("Who sends them")
	withVLAN := false
	for _, sd := range s.Senders {
		if len(sd.VLANs) > 0 {
			withVLAN = true
		}
	}
	header := []string{"source MAC", "vendor", "classes", "frames"}
	align := []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight}
	if withVLAN {
		header = []string{"source MAC", "vendor", "vlan", "classes", "frames"}
		align = []tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight}
	}
	rows := [][]string{}
	for i, sd := range s.Senders {
		if i == top {
			rows = append(rows, more(len(s.Senders)-top, len(header)))
			break
		}
		r := []string{sd.MAC, trunc(sd.Vendor, 16)}
		if withVLAN {
			r = append(r, vlans(sd.VLANs))
		}
		rows = append(rows, append(r, strings.Join(sd.Classes, " "), n(sd.Frames)))
	}
	if s.SendersOther > 0 {
		r := make([]string, len(header))
		r[0], r[len(r)-1] = "(other senders)", n(s.SendersOther)
		rows = append(rows, r)
	}
	p.table(header, fitColumn(header, rows, len(header)-2), align)
}

func tableClasses(p *printer, s *Summary, top int) {
	if len(s.Classes) == 0 {
		return
	}
	p.line("")
	p.line("All analysed frames by class")
	var nohandler, freed bool
	for _, c := range s.Classes {
		nohandler = nohandler || c.RxNoHandler > 0
		freed = freed || c.Freed > 0
	}
	header := []string{"class", "frames", "delivered", "rx_dropped"}
	if nohandler {
		header = append(header, "nohandler")
	}
	if freed {
		header = append(header, "freed")
	}
	align := []tw.Align{tw.AlignLeft}
	for range header[1:] {
		align = append(align, tw.AlignRight)
	}
	rows := [][]string{}
	for i, c := range s.Classes {
		if i == top {
			rows = append(rows, more(len(s.Classes)-top, len(header)))
			break
		}
		r := []string{c.Class, n(c.Frames), n(c.Delivered), n(c.RxDropped)}
		if nohandler {
			r = append(r, n(c.RxNoHandler))
		}
		if freed {
			r = append(r, n(c.Freed))
		}
		rows = append(rows, r)
	}
	if !nohandler || !freed {
		var zero []string
		if !nohandler {
			zero = append(zero, "rx_nohandler")
		}
		if !freed {
			zero = append(zero, "freed")
		}
		p.line("(%s: 0 for every class)", strings.Join(zero, " and "))
	}
	p.table(header, fitColumn(header, rows, 0), align)
}

func tableWhatIf(p *printer, s *Summary, _ int) {
	if len(s.WhatIf) == 0 {
		return
	}
	p.line("")
	p.line("What other host configurations would count")
	header := []string{"host", "counted", "per s", "top classes still counted"}
	var rows [][]string
	for _, w := range whatIfRows(s) {
		rows = append(rows, []string{w.Host, n(w.Counted), rate(w.PerSecond), strings.Join(w.TopClasses, " ")})
	}
	p.table(header, wrapColumn(header, rows, 3),
		[]tw.Align{tw.AlignLeft, tw.AlignRight, tw.AlignRight, tw.AlignLeft})
}

func tableRemedies(p *printer, s *Summary, _ int) {
	if len(s.Remedies) == 0 {
		return
	}
	p.line("")
	p.line("What to do")
	for _, r := range s.Remedies {
		p.line("%s", wrapIndent("- "+strings.Join(r.Classes, ", ")+" ("+n(r.Frames)+" frames): "+r.Action, tableWidth-2, "  "))
	}
}

func tableCaveats(p *printer, s *Summary, _ int) {
	if len(s.Caveats) == 0 {
		return
	}
	p.line("")
	p.line("What this analysis assumes or cannot see")
	for _, c := range s.Caveats {
		p.line("%s", wrapIndent("- "+c, tableWidth-2, "  "))
	}
}

func tableWarnings(p *printer, s *Summary, _ int) {
	if len(s.Warnings) == 0 {
		return
	}
	p.line("")
	p.line("Warnings")
	for _, c := range s.Warnings {
		p.line("%s", wrapIndent("- "+c, tableWidth-2, "  "))
	}
}

// more is the row that stands for the rows left out.
func more(k, cols int) []string {
	r := make([]string, cols)
	r[0] = fmt.Sprintf("(%d more)", k)
	return r
}

// fitColumn truncates column col so the table fits tableWidth.
func fitColumn(header []string, rows [][]string, col int) [][]string {
	widths := columnWidths(header, rows)
	total := 1
	for _, w := range widths {
		total += w + 3
	}
	if total <= tableWidth {
		return rows
	}
	limit := max(widths[col]-(total-tableWidth), len(header[col]), 8)
	for _, r := range rows {
		r[col] = truncRunes(r[col], limit)
	}
	return rows
}

// wrapColumn breaks long cells of column col over continuation rows so the
// table fits tableWidth.
func wrapColumn(header []string, rows [][]string, col int) [][]string {
	widths := columnWidths(header, rows)
	total := 1
	for i, w := range widths {
		if i != col {
			total += w
		}
		total += 3
	}
	limit := max(tableWidth-total, len(header[col]), 12)
	var out [][]string
	for _, r := range rows {
		lines := strings.Split(wrap(r[col], limit), "\n")
		for i, l := range lines {
			if i == 0 {
				r[col] = l
				out = append(out, r)
				continue
			}
			c := make([]string, len(r))
			c[col] = l
			out = append(out, c)
		}
	}
	return out
}

func columnWidths(header []string, rows [][]string) []int {
	widths := make([]int, len(header))
	for i, h := range header {
		widths[i] = utf8.RuneCountInString(h)
	}
	for _, r := range rows {
		for i, c := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], utf8.RuneCountInString(c))
			}
		}
	}
	return widths
}

func truncRunes(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	r := []rune(s)
	return string(r[:limit-1]) + "~"
}

type printer struct {
	w     io.Writer
	err   error
	color bool
}

const (
	ansiBold = "\x1b[1m"
	ansiRed  = "\x1b[31m"
	ansiOff  = "\x1b[0m"
)

func (p *printer) paint(code, s string) string {
	if !p.color || s == "" {
		return s
	}
	return code + s + ansiOff
}

// count formats a counted number, in colour when it is not zero.
func (p *printer) count(v uint64) string {
	if v == 0 {
		return n(v)
	}
	return p.paint(ansiRed, n(v))
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
	l = append(l, wrapIndent("device "+dev+", MAC "+mac+", rx_handler "+h.RxHandler+", tc ingress "+yesNo(h.TCIngress), 76, "  "))
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

func counterShort(c string) string { return strings.TrimPrefix(c, "rx_") }

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

func trunc(s string, max int) string { return truncRunes(s, max) }

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
