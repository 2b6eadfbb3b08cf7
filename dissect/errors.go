package dissect

import "fmt"

// FormatError reports bytes that are present but wrong for their field: a
// value out of range, a length that overruns what encloses it, an order or
// size the standard does not allow. It is the malformed-input error of
// every protocol dissector under dissect/; each names it FormatError and
// says what its offsets count from.
type FormatError struct {
	Proto string // the dissector, e.g. "stp"; the error text starts with it
	Field string // what was being read, e.g. "version 3 length"
	Off   int    // byte offset of the field in the dissector's input
	Err   error  // the cause
}

// Error returns "PROTO: FIELD at byte OFF: ERR".
func (e *FormatError) Error() string {
	return fmt.Sprintf("%s: %s at byte %d: %v", e.Proto, e.Field, e.Off, e.Err)
}

// Unwrap returns the cause.
func (e *FormatError) Unwrap() error { return e.Err }
