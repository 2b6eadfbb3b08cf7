package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// MarkdownOptions tune the Markdown report.
type MarkdownOptions struct {
	// Top bounds the rows of a table shown in the open; longer tables
	// are repeated in full inside a collapsed <details> block (0: 10).
	Top int
}

// WriteMarkdown writes the summary as Markdown for a ticket: a summary
// paragraph, GitHub-flavoured pipe tables, and <details> blocks for long
// tables. It renders in GitHub and GitLab issues; Jira and Confluence show
// the tables and the <details> content as text.
func WriteMarkdown(w io.Writer, s *Summary, o MarkdownOptions) error {
	if o.Top <= 0 {
		o.Top = 10
	}
	m := &mdWriter{w: w, top: o.Top}
	for _, section := range []func(*mdWriter, *Summary){
		mdTitle,
		mdInputs,
		mdHost,
		mdDrops,
		mdTimeline,
		mdSenders,
		mdViews,
		mdClasses,
		mdWhatIf,
		mdRemedies,
		mdCaveats,
		mdWarnings,
	} {
		section(m, s)
	}
	return m.err
}

type mdWriter struct {
	w   io.Writer
	top int
	err error
}

func (m *mdWriter) printf(format string, a ...any) {
	if m.err == nil {
		_, m.err = fmt.Fprintf(m.w, format, a...)
	}
}

func (m *mdWriter) heading(title string) { m.printf("\n## %s\n\n", title) }

// mdTable is a pipe table; cells are already Markdown (see mdText and
// mdCode), right marks right-aligned columns.
type mdTable struct {
	header []string
	right  []bool
	rows   [][]string
}

// table writes t, and when it has more than m.top rows, the first m.top
// rows followed by the whole table in a collapsed <details> block.
func (m *mdWriter) table(t mdTable, what string) {
	if len(t.rows) <= m.top {
		m.pipeTable(t)
		return
	}
	m.pipeTable(mdTable{header: t.header, right: t.right, rows: t.rows[:m.top]})
	m.printf("\n<details>\n<summary>All %d %s</summary>\n\n", len(t.rows), what)
	m.pipeTable(t)
	m.printf("\n</details>\n")
}

func (m *mdWriter) pipeTable(t mdTable) {
	row := func(cells []string) {
		var b strings.Builder
		b.WriteString("|")
		for i := range t.header {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			b.WriteString(" " + c + " |")
		}
		m.printf("%s\n", b.String())
	}
	row(t.header)
	sep := make([]string, len(t.header))
	for i := range sep {
		sep[i] = "---"
		if i < len(t.right) && t.right[i] {
			sep[i] = "---:"
		}
	}
	row(sep)
	for _, r := range t.rows {
		row(r)
	}
}

// mdText escapes s for a Markdown paragraph or table cell: punctuation
// that could start markup is backslash-escaped, newlines become spaces.
func mdText(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch r {
		case '_':
			// Only an underscore at a word boundary can open or close
			// emphasis; rx_dropped stays readable.
			if i == 0 || i == len(rs)-1 || !isWordRune(rs[i-1]) || !isWordRune(rs[i+1]) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case '\\', '`', '*', '[', ']', '<', '>', '|', '~', '&':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r', '\t':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// mdCode is s as a code span; a pipe is escaped, as GitHub-flavoured
// tables require even inside code.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	s = strings.NewReplacer("|", `\|`, "`", "'", "\n", " ").Replace(s)
	return "`" + s + "`"
}

// mdClassList is up to max names as code spans and how many more there are.
func mdClassList(l []string, max int) string {
	if len(l) <= max {
		return mdCodes(l)
	}
	return mdCodes(l[:max]) + fmt.Sprintf(", +%d more", len(l)-max)
}

func mdCodes(l []string) string {
	parts := make([]string, len(l))
	for i, x := range l {
		parts[i] = mdCode(x)
	}
	return strings.Join(parts, ", ")
}

func mdTitle(m *mdWriter, s *Summary) {
	m.printf("# dropscope report: received frames counted in rx_dropped\n\n")
	m.printf("**%s**\n\n", mdText(s.Headline))
	m.printf("%s\n", mdText(overview(s)))
	if s.GeneratedAt != "" {
		m.printf("\nGenerated at %s by %s %s.\n", mdText(s.GeneratedAt), mdText(s.Tool.Name), mdText(s.Tool.Version))
	} else {
		m.printf("\nWritten by %s %s.\n", mdText(s.Tool.Name), mdText(s.Tool.Version))
	}
}

func mdInputs(m *mdWriter, s *Summary) {
	m.heading("Inputs")
	t := mdTable{header: []string{"capture", "format", "size", "frames", "link types", "first frame (UTC)", "last frame (UTC)"},
		right: []bool{false, false, true, true}}
	for _, in := range s.Inputs {
		r := inputRow(in)
		t.rows = append(t.rows, []string{mdCode(r.Name), mdText(r.Format), r.Size, r.Frames, mdText(r.LinkTypes), r.First, r.Last})
	}
	m.table(t, "inputs")
	for _, in := range s.Inputs {
		if in.Truncated {
			m.printf("\n%s is cut off inside the record at byte %d.\n", mdCode(in.Name), in.TruncatedAt)
		}
	}
}

func mdHost(m *mdWriter, s *Summary) {
	m.heading("Host model")
	if len(s.Hosts) > 0 {
		t := mdTable{header: []string{"report", "kernel", "handlers", "captures", "analysed", "counted"},
			right: []bool{false, false, false, false, true, true}}
		for _, h := range s.Hosts {
			t.rows = append(t.rows, []string{mdCode(h.Report), mdText(h.Host.Kernel), mdText(handlerList(&h.Host)),
				mdCodes(h.Inputs), n(h.Analysed), n(h.Counted)})
		}
		m.table(t, "reports")
		m.printf("\n")
	}
	m.printf("Every verdict is computed for this host model; the last column says where each fact comes from.\n\n")
	t := mdTable{header: []string{"fact", "value", "source"}}
	for _, f := range hostFacts(&s.Host) {
		t.rows = append(t.rows, []string{mdText(f.Name), mdText(f.Value), mdText(f.Source)})
	}
	m.pipeTable(t)
}

func mdDrops(m *mdWriter, s *Summary) {
	m.heading("Counted frames by class")
	if len(s.Drops) == 0 {
		m.printf("No frame would be counted.\n")
		return
	}
	m.printf("skb->protocol as /proc/net/ptype prints it, as `perf probe` prints it on x86, and as the skb:kfree_skb tracepoint prints it.\n\n")
	t := mdTable{header: []string{"class", "counter", "skb->protocol", "perf", "kfree_skb", "reason", "frames", "share", "per s", "senders"},
		right: []bool{false, false, false, false, true, false, true, true, true, true}}
	for _, d := range s.Drops {
		t.rows = append(t.rows, []string{mdCode(d.Class), mdText(d.Counter), mdCode(d.SkbProtocol), mdCode(d.PerfProbe),
			strconv.Itoa(int(d.KfreeSkbProtocol)), mdText(dash(d.Reason)), n(d.Frames), pct(d.SharePercent), rate(d.PerSecond), strconv.Itoa(d.Senders)})
	}
	m.table(t, "rows")
}

func mdTimeline(m *mdWriter, s *Summary) {
	tl := s.Timeline
	if tl == nil {
		return
	}
	m.heading("Timeline")
	peak, at := timelinePeak(tl)
	m.printf("Counted frames per %s from %s: peak %s frames in the bucket at %s.\n\n",
		WidthText(tl.BucketSeconds), tl.Start.Format(timeLayout), n(peak), at.Format(timeLayout))
	header := []string{"bucket start (UTC)", "counted"}
	right := []bool{false, true}
	for _, c := range tl.Classes {
		header = append(header, mdCode(c))
		right = append(right, true)
	}
	t := mdTable{header: header, right: right}
	for _, b := range tl.Buckets {
		r := []string{b.Start.Format(timeLayout), n(b.Counted)}
		for _, c := range b.Counts {
			r = append(r, n(c))
		}
		t.rows = append(t.rows, r)
	}
	m.printf("<details>\n<summary>%d buckets of %s</summary>\n\n", len(tl.Buckets), WidthText(tl.BucketSeconds))
	m.pipeTable(t)
	m.printf("\n</details>\n")
}

func mdSenders(m *mdWriter, s *Summary) {
	m.heading("Who sends them")
	if len(s.Senders) == 0 && s.SendersOther == 0 {
		m.printf("No sender of counted frames.\n")
		return
	}
	t := mdTable{header: []string{"source MAC", "vendor", "VLANs", "classes", "frames", "per s", "first (UTC)", "last (UTC)"},
		right: []bool{false, false, false, false, true, true}}
	for _, sd := range s.Senders {
		t.rows = append(t.rows, []string{mdCode(sd.MAC), mdText(dash(sd.Vendor)), vlanList(sd.VLANs), mdClassList(sd.Classes, 4),
			n(sd.Frames), rate(sd.PerSecond), sd.First.Format(timeLayout), sd.Last.Format(timeLayout)})
	}
	if s.SendersOther > 0 {
		t.rows = append(t.rows, []string{"(other senders)", "", "", "", n(s.SendersOther)})
	}
	m.table(t, "senders")
}

func mdClasses(m *mdWriter, s *Summary) {
	m.heading("All analysed frames by class")
	t := mdTable{header: []string{"class", "frames", "delivered", "rx_dropped", "rx_nohandler", "freed"},
		right: []bool{false, true, true, true, true, true}}
	for _, c := range s.Classes {
		t.rows = append(t.rows, []string{mdCode(c.Class), n(c.Frames), n(c.Delivered), n(c.RxDropped), n(c.RxNoHandler), n(c.Freed)})
	}
	m.table(t, "classes")
}

func mdWhatIf(m *mdWriter, s *Summary) {
	if len(s.WhatIf) == 0 {
		return
	}
	m.heading("What other host configurations would count")
	t := mdTable{header: []string{"host", "counted", "rx_dropped", "rx_nohandler", "per s", "top classes still counted"},
		right: []bool{false, true, true, true, true}}
	for _, r := range whatIfRows(s) {
		t.rows = append(t.rows, []string{mdText(r.Host), n(r.Counted), n(r.RxDropped), n(r.RxNoHandler), rate(r.PerSecond), mdCodes(r.TopClasses)})
	}
	m.pipeTable(t)
	m.printf("\n")
	for _, r := range whatIfRows(s)[1:] {
		m.printf("- %s: %s\n", mdCode(r.Host), mdText(r.Description))
	}
}

func mdRemedies(m *mdWriter, s *Summary) {
	if len(s.Remedies) == 0 {
		return
	}
	m.heading("What to do")
	for _, r := range s.Remedies {
		m.printf("- **%s frames** (%s): %s\n", n(r.Frames), mdCodes(r.Classes), mdText(r.Action))
	}
}

func mdCaveats(m *mdWriter, s *Summary) {
	if len(s.Caveats) == 0 {
		return
	}
	m.heading("What this analysis assumes or cannot see")
	for _, c := range s.Caveats {
		m.printf("- %s\n", mdText(c))
	}
}

func mdWarnings(m *mdWriter, s *Summary) {
	if len(s.Warnings) == 0 {
		return
	}
	m.heading("Warnings")
	for _, c := range s.Warnings {
		m.printf("- %s\n", mdText(c))
	}
}

// Shared by the Markdown and HTML writers.

const timeLayout = "2006-01-02 15:04:05"

// overview is the summary paragraph: what was read and what happened to
// every frame.
func overview(s *Summary) string {
	t := &s.Totals
	var b strings.Builder
	fmt.Fprintf(&b, "%s frames read from %d capture", n(t.Frames), len(s.Inputs))
	if len(s.Inputs) != 1 {
		b.WriteString("s")
	}
	if t.First != nil && t.Last != nil {
		fmt.Fprintf(&b, " spanning %s (%s to %s UTC)", spanHuman(t.SpanSeconds), t.First.Format(timeLayout), t.Last.Format(timeLayout))
	}
	fmt.Fprintf(&b, "; %s analysed as received: %s delivered (%s only because a capture socket was open), %s rx_dropped, %s rx_nohandler, %s freed before the protocol lookup.",
		n(t.Analysed), n(t.Delivered), n(t.DeliveredToTap), n(t.RxDropped), n(t.RxNoHandler), n(t.Freed))
	if t.Outgoing+t.UnsupportedLink+t.Runts > 0 {
		fmt.Fprintf(&b, " Not analysed: %s outgoing, %s on other link types, %s runts.", n(t.Outgoing), n(t.UnsupportedLink), n(t.Runts))
	}
	if t.Truncated > 0 {
		fmt.Fprintf(&b, " %s frames were captured shorter than on the wire; %s verdicts depended on bytes not kept.", n(t.Truncated), n(t.Uncertain))
	}
	return b.String()
}

func spanHuman(sec float64) string {
	switch {
	case sec >= 2*86400:
		return strconv.FormatFloat(sec/86400, 'f', 1, 64) + " d"
	case sec >= 3600:
		return strconv.FormatFloat(sec/3600, 'f', 1, 64) + " h"
	case sec >= 120:
		return strconv.FormatFloat(sec/60, 'f', 1, 64) + " min"
	}
	return strconv.FormatFloat(sec, 'f', 1, 64) + " s"
}

type inputView struct {
	Name, Format, Size, Frames, LinkTypes, First, Last string
}

func inputRow(in Input) inputView {
	v := inputView{Name: in.Name, Format: in.Format, Size: "-", Frames: n(in.Frames), LinkTypes: dash(linkTypes(in.LinkTypes)), First: "-", Last: "-"}
	if in.Compressed {
		v.Format += " (gzip)"
	}
	if in.SizeBytes >= 0 {
		v.Size = bytesHuman(in.SizeBytes)
	}
	if in.First != nil {
		v.First = in.First.UTC().Format(timeLayout)
	}
	if in.Last != nil {
		v.Last = in.Last.UTC().Format(timeLayout)
	}
	return v
}

// hostFact is one fact of the host model and where it came from.
type hostFact struct{ Name, Value, Source string }

func hostFacts(h *Host) []hostFact {
	flag := func(set bool, name string) string {
		if set {
			return name
		}
		return "default (" + name + " not given)"
	}
	f := []hostFact{
		{"kernel", h.Kernel, h.KernelSource},
		{"protocol handlers", handlerList(h), h.Source},
	}
	for _, m := range h.Missing {
		f = append(f, hostFact{"missing handler", m, h.Source})
	}
	taps := "none"
	if len(h.Taps) > 0 {
		var ts []string
		for _, t := range h.Taps {
			d := t.Device
			if d == "" {
				d = "any device"
			}
			ts = append(ts, t.Function+" on "+d)
		}
		taps = strings.Join(ts, ", ")
	}
	f = append(f, hostFact{"capture sockets (ETH_P_ALL)", taps, h.Source})
	f = append(f, hostFact{"device", dash(h.Device), flag(h.Device != "", "--device")})
	mac, macSrc := h.MAC, h.MACSource
	switch {
	case mac != "" && macSrc == "flag":
		macSrc = "--host-mac"
	case mac == "":
		mac = "unknown"
		macSrc = "not given (--host-mac)"
	}
	f = append(f, hostFact{"MAC", mac, macSrc})
	if h.MACHint != "" {
		f = append(f, hostFact{"MAC suggested by the traffic", h.MACHint, "most frequent unicast destination; shown only, not used"})
	}
	f = append(f, hostFact{"rx_handler", h.RxHandler, flag(h.RxHandler != "none", "--rx-handler")})
	f = append(f, hostFact{"tc ingress", yesNo(h.TCIngress), flag(h.TCIngress, "--tc-ingress")})
	if len(h.VLANs) == 0 {
		f = append(f, hostFact{"VLAN devices", "none", "default (--vlan-dev not given)"})
	}
	for _, v := range h.VLANs {
		f = append(f, hostFact{"VLAN device", fmt.Sprintf("%s: %s vid %d, %s", v.Name, v.TPID, v.VID, map[bool]string{true: "up", false: "down"}[v.Up]), "--vlan-dev"})
	}
	return f
}

func handlerList(h *Host) string {
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
		return "none"
	}
	return strings.Join(hs, ", ")
}

// whatIfRows is the what-if table with this host's own row first.
func whatIfRows(s *Summary) []WhatIf {
	t := &s.Totals
	rows := []WhatIf{{Host: "this host (modelled)", Description: "the host model above", Counted: t.Counted, RxDropped: t.RxDropped,
		RxNoHandler: t.RxNoHandler, PerSecond: round3(t.CountedPerSecond), TopClasses: strings.Fields(topClasses(s.Drops))}}
	return append(rows, s.WhatIf...)
}

func timelinePeak(tl *Timeline) (uint64, time.Time) {
	var peak uint64
	at := tl.Start
	for _, b := range tl.Buckets {
		if b.Counted > peak {
			peak, at = b.Counted, b.Start
		}
	}
	return peak, at
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func vlanList(v []uint16) string {
	if len(v) == 0 {
		return "-"
	}
	parts := make([]string, len(v))
	for i, x := range v {
		parts[i] = strconv.Itoa(int(x))
	}
	return strings.Join(parts, ", ")
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }
