package corpustest

import (
	"errors"
	"strings"
	"testing"
)

// ErrKind is the outcome class a table row expects.
type ErrKind int

// Outcome classes.
const (
	OK ErrKind = iota
	Truncated
	Malformed
	Unsupported
)

// Errors describes the errors of a dissector whose malformed-input error
// type is E (a *FormatError).
type Errors[E error] struct {
	Prefix      string // every error text starts with it, e.g. "icmpv6: "
	Truncated   error  // the truncation sentinel
	Unsupported error  // the unsupported-input sentinel
	// Where returns the field and byte offset a format error names.
	Where func(E) (field string, off int)
}

// Check checks err against the outcome kind; for Malformed, the error must
// be an E naming field at byte off, and never a truncation.
func (e Errors[E]) Check(tb testing.TB, err error, kind ErrKind, field string, off int) {
	tb.Helper()
	var fe E
	switch kind {
	case OK:
		if err != nil {
			tb.Fatalf("unexpected error: %v", err)
		}
	case Truncated:
		if !errors.Is(err, e.Truncated) || errors.As(err, &fe) {
			tb.Fatalf("err = %v, want truncated", err)
		}
	case Unsupported:
		if !errors.Is(err, e.Unsupported) {
			tb.Fatalf("err = %v, want unsupported", err)
		}
	case Malformed:
		if !errors.As(err, &fe) || errors.Is(err, e.Truncated) {
			tb.Fatalf("err = %v, want *FormatError", err)
		}
		if f, o := e.Where(fe); f != field || o != off {
			tb.Errorf("FormatError at %q byte %d, want %q byte %d (%v)", f, o, field, off, err)
		}
	}
	if err != nil && !strings.HasPrefix(err.Error(), e.Prefix) {
		tb.Errorf("error text %q lacks the %s prefix", err, strings.TrimSpace(e.Prefix))
	}
}
