package stp

import "fmt"

// cursor reads big-endian fields from b in order. It is the only code in
// the package that indexes the input. The first read that does not fit
// records an error wrapping ErrTruncated, leaves off at the start of that
// field, and makes every later read return zero.
type cursor struct {
	b   []byte
	off int
	err error
}

// left returns the number of octets not yet read.
func (c *cursor) left() int { return len(c.b) - c.off }

// fail records that field, n octets long, does not fit at c.off.
func (c *cursor) fail(field string, n int) {
	if c.err == nil {
		c.err = &truncError{field: field, off: c.off, need: n, have: c.left()}
	}
}

// truncError reports a field that does not fit; it wraps ErrTruncated and
// makes its text only when asked, as a truncated capture makes one per
// frame.
type truncError struct {
	field           string
	off, need, have int
}

func (e *truncError) Error() string {
	return fmt.Sprintf("stp: %s at byte %d: need %d, have %d bytes: %v", e.field, e.off, e.need, e.have, ErrTruncated)
}

func (e *truncError) Unwrap() error { return ErrTruncated }

// take returns the next n octets, capacity-capped, or nil if they are not
// all there or an earlier read failed.
func (c *cursor) take(field string, n int) []byte {
	if c.err != nil {
		return nil
	}
	if n < 0 || n > c.left() {
		c.fail(field, n)
		return nil
	}
	s := c.b[c.off : c.off+n : c.off+n]
	c.off += n
	return s
}

func (c *cursor) u8(field string) uint8 {
	if s := c.take(field, 1); s != nil {
		return s[0]
	}
	return 0
}

func (c *cursor) u16(field string) uint16 {
	if s := c.take(field, 2); s != nil {
		return be16(s)
	}
	return 0
}

func (c *cursor) u32(field string) uint32 {
	if s := c.take(field, 4); s != nil {
		return be32(s)
	}
	return 0
}

func (c *cursor) bridgeID(field string) BridgeID {
	if s := c.take(field, 8); s != nil {
		return bridgeIDFrom(s)
	}
	return BridgeID{}
}

func be16(b []byte) uint16 { return uint16(b[0])<<8 | uint16(b[1]) }

func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}
