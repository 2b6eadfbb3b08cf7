package report

import (
	"strconv"
	"strings"
)

// mdViews writes who the senders are and the STP and DHCPv6 views.
func mdViews(m *mdWriter, s *Summary) {
	var ids [][]string
	for _, sd := range s.Senders {
		for _, id := range sd.Identity {
			ids = append(ids, []string{mdCode(sd.MAC), mdText(dash(sd.Vendor)), mdText(id)})
		}
	}
	if len(ids) > 0 {
		m.heading("What the senders' protocols say about them")
		m.table(mdTable{header: []string{"source MAC", "vendor", "identity"}, rows: ids}, "identities")
	}
	if v := s.STP; v != nil {
		m.heading("Spanning tree")
		m.printf("%s BPDUs, %s with the topology-change flag, %s TCNs, %s malformed.", n(v.BPDUs), n(v.TopologyChanges), n(v.TCNs), n(v.Malformed))
		if v.FirstChange != nil {
			m.printf(" Topology changes from %s to %s UTC.", v.FirstChange.Format(timeLayout), v.LastChange.Format(timeLayout))
		}
		m.printf("\n\n")
		if len(v.Roots) > 0 {
			var roots []string
			for _, r := range v.Roots {
				roots = append(roots, mdCode(r.Root)+" ("+n(r.BPDUs)+" BPDUs)")
			}
			m.printf("Root bridges: %s.\n\n", strings.Join(roots, ", "))
		}
		for _, r := range v.Regions {
			var ms []string
			for _, x := range r.MSTIs {
				ms = append(ms, "MSTI "+strconv.Itoa(int(x.ID))+" root "+mdCode(x.RegionalRoot))
			}
			m.printf("- MST region %s revision %d, digest %s, %d bridge(s)", mdCode(r.Name), r.Revision, mdCode(r.Digest), r.Bridges)
			if len(ms) > 0 {
				m.printf(": %s", strings.Join(ms, ", "))
			}
			m.printf("\n")
		}
		t := mdTable{header: []string{"source MAC", "protocol", "bridge", "port", "role", "root", "cost", "BPDUs", "TC", "every"},
			right: []bool{false, false, false, false, false, false, true, true, true, true}}
		for _, b := range v.Bridges {
			t.rows = append(t.rows, []string{mdCode(b.MAC), mdCode(b.Protocol), mdCode(b.Bridge), mdCode(b.Port), mdText(dash(b.Role)),
				mdCode(b.Root), strconv.FormatUint(uint64(b.RootCost), 10), n(b.BPDUs), n(b.TC), interval(b.IntervalSeconds)})
		}
		if len(t.rows) > 0 {
			m.printf("\n")
			m.table(t, "bridge ports")
		}
	}
	if v := s.DHCPv6; v != nil {
		m.heading("DHCPv6")
		var msgs []string
		for _, x := range v.Messages {
			msgs = append(msgs, mdText(x.Type)+" "+n(x.Count))
		}
		m.printf("Messages: %s.\n\n", strings.Join(msgs, ", "))
		t := mdTable{header: []string{"client MAC", "vendor", "link-local", "DUID", "vendor class", "messages", "every", "min gap"},
			right: []bool{false, false, false, false, false, true, true, true}}
		for _, c := range v.Clients {
			t.rows = append(t.rows, []string{mdCode(c.MAC), mdText(dash(c.Vendor)), mdCode(c.LinkLocal), mdText(dash(c.DUID)),
				mdText(dash(c.VendorClass)), n(c.Messages), interval(c.MeanIntervalSeconds), interval(c.MinIntervalSeconds)})
		}
		if len(t.rows) > 0 {
			m.table(t, "clients")
		}
	}
}
