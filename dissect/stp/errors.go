package stp

import (
	"errors"

	"github.com/dropscope/dropscope/dissect"
)

// ErrTruncated is wrapped by errors reporting that the bytes end before a
// field the BPDU's type and lengths require: 4 octets for a TCN BPDU, 35
// for a Configuration BPDU, 36 for an RST BPDU, 38 + version 3 length for
// an MST BPDU (plus 2 + version 4 length for an SPT BPDU), and a PVST+ TLV
// whose length runs past the end. Whether the capture or the sender cut
// the frame is for the caller to decide.
var ErrTruncated = errors.New("truncated")

// ErrUnsupported is wrapped by errors reporting a BPDU this package cannot
// decode further: a protocol identifier other than 0 (e.g. 0x0001, GARP),
// an unknown BPDU type, or an RST-type BPDU with a version other than 2, 3
// or 4.
var ErrUnsupported = errors.New("unsupported")

// ErrInconsistent is the Err of a *FormatError reporting a length field
// that is well-formed but disagrees with the bytes present: an MST BPDU
// followed by at least one more MSTI message's worth of octets than its
// version 3 length counts.
var ErrInconsistent = errors.New("inconsistent with the bytes present")

// FormatError reports a field whose value cannot be right, such as a
// version 3 length that is not 64 plus a multiple of 16. Field names the
// field as the standard does, e.g. "version 3 length"; Off is its octet
// offset from the Protocol Identifier; Err is ErrInconsistent for a length
// that disagrees with the bytes present.
type FormatError = dissect.FormatError
