package dhcpv6_test

import (
	"strings"
	"testing"

	"github.com/dropscope/dropscope/dissect/dhcpv6"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// FuzzParse checks that Parse never panics, that Summary never panics or
// spans lines, and that whatever Parse accepts gopacket decodes the same
// way (msg-type, xid, relay header, option codes and lengths).
func FuzzParse(f *testing.F) {
	// Seeds: every row of the annotated table, valid and malformed.
	for _, tt := range parseTests {
		f.Add(tt.b)
	}
	// Seeds: every DHCPv6 message in the shared corpus, when present.
	for _, fr := range corpustest.SeedFrames(f) {
		if p, ok := dhcpMessage(fr); ok {
			f.Add(p)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := dhcpv6.Parse(b)
		s := m.Summary()
		if strings.ContainsAny(s, "\n\r") {
			t.Errorf("Summary spans lines: %q", s)
		}
		if err == nil {
			compareGopacket(t, b)
		}
	})
}
