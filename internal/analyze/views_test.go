package analyze_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/analyze"
)

// TestIncidentViews checks the protocol views and sender identities on the
// incident sample against what its generator put in it (samples/README.md).
func TestIncidentViews(t *testing.T) {
	s, err := analyze.Run(context.Background(), []string{"../../samples/incident-el7.pcapng"},
		analyze.Options{Host: kernel.DefaultHost(), Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if s.STP == nil || s.DHCPv6 == nil {
		t.Fatalf("views missing: stp %v dhcpv6 %v", s.STP, s.DHCPv6)
	}
	st := s.STP
	if st.BPDUs != 906 || st.TCNs != 3 || st.Malformed != 0 {
		t.Errorf("STP: %d BPDUs, %d TCNs, %d malformed; want 906, 3, 0", st.BPDUs, st.TCNs, st.Malformed)
	}
	var config, mst0, mst2 bool
	for _, b := range st.Bridges {
		switch {
		case b.Bridge == "812c.38:1c:1a:7a:c1:80" && b.Port == "0x8036" && b.Protocol == "stp/config":
			config = b.BPDUs == 303 && b.IntervalSeconds > 1.9 && b.IntervalSeconds < 2.1
		case b.MAC == "50:da:00:ef:54:0a" && b.Protocol == "stp/mstp":
			mst0 = b.BPDUs == 300 && len(b.MSTIs) == 0 && b.Region != ""
		case b.Protocol == "stp/mstp":
			mst2 = b.BPDUs == 300 && len(b.MSTIs) == 2
		}
	}
	if !config || !mst0 || !mst2 {
		t.Errorf("bridges: config port %v, MST without MSTIs %v, MST with 2 MSTIs %v\n%+v", config, mst0, mst2, st.Bridges)
	}
	if len(st.Regions) == 0 {
		t.Error("no MST region")
	}
	var solicits uint64
	for _, m := range s.DHCPv6.Messages {
		if m.Type == "SOLICIT" {
			solicits = m.Count
		}
	}
	if solicits != 202 {
		t.Errorf("DHCPv6 solicits %d, want 202", solicits)
	}
	if len(s.DHCPv6.Clients) != 8 {
		t.Errorf("%d DHCPv6 clients, want 8", len(s.DHCPv6.Clients))
	}
	for _, c := range s.DHCPv6.Clients {
		if !strings.HasPrefix(c.MAC, "6c:0b:84:") || !strings.Contains(c.DUID, c.MAC) || !strings.HasPrefix(c.LinkLocal, "fe80::6e0b:84ff:fe") {
			t.Errorf("client %+v: want a 6c:0b:84 NIC with its DUID-LL and EUI-64 link-local", c)
		}
	}
	ident := map[string]string{}
	for _, sd := range s.Senders {
		ident[sd.MAC] = strings.Join(sd.Identity, "; ")
	}
	if got := ident["38:1c:1a:7a:c1:80"]; !strings.Contains(got, "bridge 812c.38:1c:1a:7a:c1:80 port 0x8036") {
		t.Errorf("identity of 38:1c:1a:7a:c1:80: %q", got)
	}
	if s.Dissected != s.Totals.Counted {
		t.Errorf("dissected %d frames, want the %d counted", s.Dissected, s.Totals.Counted)
	}
}
