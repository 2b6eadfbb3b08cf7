package dhcpv6

import (
	"errors"
	"fmt"

	"github.com/dropscope/dropscope/dissect"
)

// ErrTruncated matches (with errors.Is) every error reporting that a length
// field declares more bytes than the slice given to Parse holds: the
// datagram was cut short by the capture or by the caller.
var ErrTruncated = errors.New("dhcpv6: truncated")

// ErrUnsupported matches (with errors.Is) the error for a message type whose
// layout is not one of the RFC 8415 §8 (client/server) or §9 (relay)
// formats this package decodes.
var ErrUnsupported = errors.New("dhcpv6: unsupported")

// FormatError reports bytes that are present but wrong for their field: a
// value out of range, an option body of the wrong size, a length that
// overruns its enclosing option, a nesting too deep. Field names what was
// being decoded, outermost first, e.g. "option IA_NA (3): option IAADDR
// (5)"; Off counts from the start of the slice given to Parse.
type FormatError = dissect.FormatError

// truncatedError is the concrete error matching ErrTruncated.
type truncatedError struct {
	field      string
	off        int
	need, have int
}

func (e *truncatedError) Error() string {
	return fmt.Sprintf("dhcpv6: %s at byte %d: needs %d bytes, %d left: truncated", e.field, e.off, e.need, e.have)
}

func (e *truncatedError) Is(target error) bool { return target == ErrTruncated }

// unsupportedError is the concrete error matching ErrUnsupported.
type unsupportedError struct{ what string }

func (e *unsupportedError) Error() string { return "dhcpv6: " + e.what + " unsupported" }

func (e *unsupportedError) Is(target error) bool { return target == ErrUnsupported }

var (
	errOverrun      = errors.New("length overruns the enclosing option")
	errRelayDepth   = errors.New("relay messages nested too deep")
	errOptionDepth  = errors.New("options nested too deep")
	errLength       = errors.New("wrong option length")
	errDUIDShort    = errors.New("DUID too short for its type")
	errPrefixLength = errors.New("prefix length above 128")
	errName         = errors.New("bad domain name")
)

// short reports that n bytes were needed at off but only have were left.
// At the top level (nested false) this is truncation; inside an option
// whose own length was satisfied it is a malformed value.
func short(nested bool, field string, off, need, have int) error {
	if nested {
		return &FormatError{Proto: "dhcpv6", Field: field, Off: off, Err: fmt.Errorf("needs %d bytes, %d left: %w", need, have, errOverrun)}
	}
	return &truncatedError{field: field, off: off, need: need, have: have}
}
