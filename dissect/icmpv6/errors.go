package icmpv6

import (
	"errors"
	"fmt"

	"github.com/dropscope/dropscope/dissect"
)

// ErrTruncated matches (with errors.Is) every error reporting that a
// message or length field needs more bytes than were given: the packet was
// cut short by the capture or by the caller.
var ErrTruncated = errors.New("icmpv6: truncated")

// ErrUnsupported matches (with errors.Is) errors for input this package
// recognises but does not decode: ICMPv6 types without a body decoder,
// IPv6 jumbograms (RFC 2675).
var ErrUnsupported = errors.New("icmpv6: unsupported")

// FormatError reports bytes that are present but wrong for their field;
// Field names what was being decoded, e.g. "NDP option 2 length", and Off
// counts from the start of the slice given to Parse or WalkIPv6.
type FormatError = dissect.FormatError

type truncatedError struct {
	field      string
	off        int
	need, have int
}

func (e *truncatedError) Error() string {
	return fmt.Sprintf("icmpv6: %s at byte %d: needs %d bytes, %d left: truncated", e.field, e.off, e.need, e.have)
}

func (e *truncatedError) Is(target error) bool { return target == ErrTruncated }

type unsupportedError struct{ what string }

func (e *unsupportedError) Error() string { return "icmpv6: " + e.what + " unsupported" }

func (e *unsupportedError) Is(target error) bool { return target == ErrUnsupported }

var (
	errZeroLength    = errors.New("zero length")
	errLength        = errors.New("bad length")
	errValue         = errors.New("bad value")
	errTooManyHeader = errors.New("too many extension headers")
	errVersion       = errors.New("not IP version 6")
	errOrder         = errors.New("hop-by-hop options header not first")
	errOverrun       = errors.New("length overruns the enclosing header")
)

func truncated(field string, off, need, have int) error {
	return &truncatedError{field: field, off: off, need: need, have: have}
}
