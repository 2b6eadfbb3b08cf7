package dhcpv6

import (
	"fmt"
	"strings"
)

// Limits of RFC 1035 §2.3.4.
const (
	maxNameLen  = 255
	maxLabelLen = 63
)

// decodeName reads one uncompressed domain name (RFC 1035 §3.1; RFC 8415
// §10 forbids compression) from the start of b and returns it in
// presentation form and the number of bytes read. With partialOK, running
// out of bytes before the root label ends a partial name (RFC 4704 §4.2),
// returned without a trailing dot; otherwise it is an error. Errors are
// bare causes.
func decodeName(b []byte, partialOK bool) (string, int, error) {
	var sb strings.Builder
	off := 0
	for {
		if off == len(b) {
			if partialOK {
				return sb.String(), off, nil
			}
			return "", off, fmt.Errorf("no root label after %d bytes: %w", off, errName)
		}
		n := int(b[off])
		if n == 0 {
			off++
			sb.WriteByte('.')
			if off > maxNameLen {
				return "", off, fmt.Errorf("name of %d bytes, limit %d: %w", off, maxNameLen, errName)
			}
			return sb.String(), off, nil
		}
		if n > maxLabelLen {
			return "", off, fmt.Errorf("label length byte %#02x (compression or extended label): %w", n, errName)
		}
		if n > len(b)-off-1 {
			return "", off, fmt.Errorf("label of %d bytes, %d left: %w", n, len(b)-off-1, errName)
		}
		if off+1+n > maxNameLen {
			return "", off, fmt.Errorf("name longer than %d bytes: %w", maxNameLen, errName)
		}
		if sb.Len() > 0 {
			sb.WriteByte('.')
		}
		for _, c := range b[off+1 : off+1+n] {
			if c <= ' ' || c >= 0x7f || c == '.' || c == '\\' {
				fmt.Fprintf(&sb, "\\%03d", c)
			} else {
				sb.WriteByte(c)
			}
		}
		off += 1 + n
	}
}
