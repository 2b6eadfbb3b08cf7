package report

import (
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter/tw"
)

// writeViews prints who the senders are (their protocol identities) and
// the STP and DHCPv6 views, for the terminal.
func writeViews(p *printer, s *Summary, top int) error {
	var ids [][]string
	for _, sd := range s.Senders {
		for _, id := range sd.Identity {
			ids = append(ids, []string{sd.MAC, id})
		}
	}
	if len(ids) > 0 {
		p.line("")
		p.line("What the senders' protocols say about them")
		for i, r := range ids {
			if i == top {
				p.line("  (%d more)", len(ids)-top)
				break
			}
			p.line("  %s  %s", r[0], wrapIndent(r[1], tableWidth-21, strings.Repeat(" ", 21)))
		}
	}
	if v := s.STP; v != nil {
		p.line("")
		p.line("Spanning tree: %s BPDUs, %s with topology change, %s TCNs, %s malformed",
			n(v.BPDUs), n(v.TopologyChanges), n(v.TCNs), n(v.Malformed))
		if v.FirstChange != nil {
			p.line("  topology changes from %s to %s UTC", v.FirstChange.Format("2006-01-02 15:04:05"), v.LastChange.Format("15:04:05"))
		}
		var roots []string
		for _, r := range v.Roots {
			roots = append(roots, r.Root+" ("+n(r.BPDUs)+")")
		}
		if len(roots) > 0 {
			p.line("  %s", wrapIndent("roots: "+strings.Join(roots, ", "), tableWidth-2, "    "))
		}
		for _, r := range v.Regions {
			var ms []string
			for _, m := range r.MSTIs {
				ms = append(ms, strconv.Itoa(int(m.ID))+"->"+m.RegionalRoot)
			}
			line := "MST region '" + r.Name + "' rev " + strconv.Itoa(int(r.Revision)) + ", " + strconv.Itoa(r.Bridges) + " bridge(s)"
			if len(ms) > 0 {
				line += ", MSTIs " + strings.Join(ms, " ")
			}
			p.line("  %s", wrapIndent(line, tableWidth-2, "    "))
		}
		rows := [][]string{}
		for i, b := range v.Bridges {
			if i == top {
				rows = append(rows, more(len(v.Bridges)-top, 5))
				break
			}
			rows = append(rows, []string{b.MAC, strings.TrimPrefix(b.Protocol, "stp/"), b.Bridge + " " + b.Port, n(b.BPDUs), interval(b.IntervalSeconds)})
		}
		if len(rows) > 0 {
			if err := p.table([]string{"sender", "proto", "bridge, port", "bpdus", "every"}, rows,
				[]tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight}); err != nil {
				return err
			}
		}
	}
	if v := s.DHCPv6; v != nil {
		p.line("")
		var msgs []string
		for _, m := range v.Messages {
			msgs = append(msgs, m.Type+" "+n(m.Count))
		}
		p.line("%s", wrapIndent("DHCPv6: "+strings.Join(msgs, ", "), tableWidth, "  "))
		rows := [][]string{}
		for i, c := range v.Clients {
			if i == top {
				rows = append(rows, more(len(v.Clients)-top, 4))
				break
			}
			rows = append(rows, []string{c.MAC, trunc(c.DUID, 30), n(c.Messages), interval(c.MeanIntervalSeconds)})
		}
		if len(rows) > 0 {
			if err := p.table([]string{"client", "DUID", "msgs", "every"}, rows,
				[]tw.Align{tw.AlignLeft, tw.AlignLeft, tw.AlignRight, tw.AlignRight}); err != nil {
				return err
			}
		}
	}
	return p.err
}

// interval prints a mean interval in seconds, "-" when unknown.
func interval(sec float64) string {
	if sec <= 0 {
		return "-"
	}
	return strconv.FormatFloat(sec, 'f', 1, 64) + " s"
}
