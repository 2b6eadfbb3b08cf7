package icmpv6_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/dropscope/dropscope/dissect/icmpv6"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// FuzzParse checks that Parse never panics, that Summary never panics or
// spans lines, and that whatever Parse accepts gopacket decodes the same
// way (type, code, NS target and options, MLDv2 records).
func FuzzParse(f *testing.F) {
	// Seeds: every row of the annotated table, valid and malformed.
	for _, tt := range parseTests {
		f.Add(tt.b)
	}
	// Seeds: every ICMPv6 message in the shared corpus, when present.
	for _, fr := range corpustest.SeedFrames(f) {
		if u, ok := walkIPv6(fr); ok && u.NextHeader == icmpv6.ProtoICMPv6 && !u.Fragment {
			f.Add(u.Payload)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := icmpv6.Parse(b)
		if s := m.Summary(); strings.ContainsAny(s, "\n\r") {
			t.Errorf("Summary spans lines: %q", s)
		}
		if err == nil {
			compareGopacket(t, b)
		}
	})
}

// FuzzWalkIPv6 checks that WalkIPv6 never panics, that Summary never
// panics, and that the payload it returns lies inside the input.
func FuzzWalkIPv6(f *testing.F) {
	// Seeds: every row of the annotated walk table.
	for _, tt := range walkTests {
		f.Add(tt.b)
	}
	f.Add(tooManyHeaders())
	// Seeds: every IPv6 packet in the shared corpus, when present.
	for _, fr := range corpustest.SeedFrames(f) {
		if _, ok := walkIPv6(fr); ok {
			f.Add(fr.Payload)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		u, err := icmpv6.WalkIPv6(b)
		_ = u.Summary()
		if err != nil && !errors.Is(err, icmpv6.ErrTruncated) {
			return
		}
		if u.Offset == 0 {
			return // the fixed header itself was cut
		}
		if u.Offset+len(u.Payload)+u.Padding > len(b) || u.Offset < icmpv6.IPv6HeaderLen {
			t.Errorf("payload [%d:+%d] padding %d outside %d bytes", u.Offset, len(u.Payload), u.Padding, len(b))
		}
		if len(u.Headers) > icmpv6.MaxExtensionHeaders {
			t.Errorf("%d extension headers", len(u.Headers))
		}
		if len(u.Payload) > 0 {
			_, _ = icmpv6.Parse(u.Payload)
		}
	})
}
