package stp_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dropscope/dropscope/dissect/stp"
)

// checkOutcome is the property both fuzz targets share: the error is one
// of the documented outcomes, the counters are in range, parsing is
// deterministic, a valid BPDU re-parses the same from its decoded octets,
// and the MSTI count agrees with the version 3 length.
func checkOutcome(t *testing.T, parse func([]byte) (stp.BPDU, error), b []byte) {
	got, err := parse(b)
	_ = got.Summary()

	var fe *stp.FormatError
	switch {
	case err == nil:
	case errors.Is(err, stp.ErrTruncated), errors.Is(err, stp.ErrUnsupported):
		if errors.As(err, &fe) {
			t.Fatalf("error %v is both a sentinel and a *FormatError", err)
		}
	case errors.As(err, &fe):
	default:
		t.Fatalf("error %v is none of the documented outcomes", err)
	}
	if got.Decoded < 0 || got.Decoded > len(b) {
		t.Fatalf("Decoded = %d, input %d octets", got.Decoded, len(b))
	}
	if (err == nil || errors.Is(err, stp.ErrInconsistent)) && got.Decoded+got.Trailing != len(b) {
		t.Fatalf("Decoded %d + Trailing %d != %d", got.Decoded, got.Trailing, len(b))
	}
	if err != nil && !errors.Is(err, stp.ErrInconsistent) && got.Trailing != 0 {
		t.Fatalf("Trailing = %d with error %v", got.Trailing, err)
	}

	again, err2 := parse(b)
	if diff := cmp.Diff(got, again); diff != "" || (err == nil) != (err2 == nil) {
		t.Fatalf("second parse differs (-first +second):\n%s\nerrors %v, %v", diff, err, err2)
	}
	if err != nil {
		return
	}

	if got.IsMST() {
		n := (int(got.Version3Length) - stp.V3FixedLen) / stp.MSTIMessageLen
		if int(got.Version3Length) < stp.V3FixedLen || len(got.MSTIs) != n {
			t.Fatalf("%d MSTIs for version 3 length %d", len(got.MSTIs), got.Version3Length)
		}
	} else if got.MSTIs != nil {
		t.Fatalf("MSTIs in a %v %v BPDU", got.Version, got.Type)
	}

	exact, err := parse(b[:got.Decoded])
	if err != nil {
		t.Fatalf("re-parsing the %d decoded octets: %v", got.Decoded, err)
	}
	exact.Trailing = got.Trailing
	if diff := cmp.Diff(got, exact); diff != "" {
		t.Fatalf("re-parsing the decoded octets differs (-whole +decoded):\n%s", diff)
	}

	if got.Type == stp.TypeConfig || got.Type == stp.TypeRST {
		checkGopacket(t, b, got)
	}
}

func FuzzParseBPDU(f *testing.F) {
	// Every table row, valid and malformed.
	for _, tt := range bpduCases() {
		f.Add(tt.b)
	}
	// Every 42/42 frame body in the corpus STP captures.
	for _, fr := range corpusBodies() {
		if !fr.pvst {
			f.Add(fr.body)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkOutcome(t, stp.ParseBPDU, b)
	})
}

func FuzzParsePVST(f *testing.F) {
	// Every PVST+ table row, and the plain BPDU rows as PVST+ bodies.
	for _, tt := range pvstCases() {
		f.Add(tt.b)
	}
	for _, tt := range bpduCases() {
		f.Add(tt.b)
	}
	// PVST+ frames in the corpus (none at present) and 42/42 bodies.
	for _, fr := range corpusBodies() {
		f.Add(fr.body)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkOutcome(t, stp.ParsePVST, b)
	})
}
