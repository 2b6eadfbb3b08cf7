package stp

import (
	"errors"
	"strconv"
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
// version 3 length that is not 64 plus a multiple of 16.
type FormatError struct {
	// Field names the field as the standard does, e.g. "version 3 length".
	Field string
	// Off is the field's octet offset from the Protocol Identifier.
	Off int
	// Err describes the problem; it is ErrInconsistent for a length that
	// disagrees with the bytes present.
	Err error
}

// Error returns "stp: FIELD at byte OFF: ERR".
func (e *FormatError) Error() string {
	return "stp: " + e.Field + " at byte " + strconv.Itoa(e.Off) + ": " + e.Err.Error()
}

// Unwrap returns e.Err.
func (e *FormatError) Unwrap() error { return e.Err }
