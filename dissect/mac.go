package dissect

import (
	"errors"
	"fmt"
)

// MAC is an IEEE 802 48-bit MAC address. It is a comparable value, so it
// can be a map key.
type MAC [6]byte

// Broadcast is ff:ff:ff:ff:ff:ff, the Ethernet broadcast address.
var Broadcast = MAC{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}

// IsMulticast reports whether the I/G bit is set (group address), which
// includes broadcast.
func (m MAC) IsMulticast() bool { return m[0]&0x01 != 0 }

// IsBroadcast reports whether m is ff:ff:ff:ff:ff:ff.
func (m MAC) IsBroadcast() bool { return m == Broadcast }

// IsZero reports whether m is 00:00:00:00:00:00.
func (m MAC) IsZero() bool { return m == MAC{} }

// OUI is the first three octets, the Organizationally Unique Identifier of
// a universally administered address.
func (m MAC) OUI() [3]byte { return [3]byte{m[0], m[1], m[2]} }

// IsLocal reports whether the U/L bit is set (locally administered).
func (m MAC) IsLocal() bool { return m[0]&0x02 != 0 }

const hexDigits = "0123456789abcdef"

// String formats m as six colon-separated lowercase hex octets.
func (m MAC) String() string {
	var b [17]byte
	for i, o := range m {
		if i > 0 {
			b[i*3-1] = ':'
		}
		b[i*3] = hexDigits[o>>4]
		b[i*3+1] = hexDigits[o&0xf]
	}
	return string(b[:])
}

// MarshalText implements encoding.TextMarshaler.
func (m MAC) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

var errBadMAC = errors.New("want six hex octets separated by ':' or '-'")

// ParseMAC parses "aa:bb:cc:dd:ee:ff" (or with '-' separators).
func ParseMAC(s string) (MAC, error) {
	var m MAC
	if len(s) != 17 {
		return m, fmt.Errorf("dissect: MAC %q: %w", s, errBadMAC)
	}
	for i := 0; i < 6; i++ {
		hi, ok1 := unhex(s[i*3])
		lo, ok2 := unhex(s[i*3+1])
		if !ok1 || !ok2 || (i < 5 && s[i*3+2] != ':' && s[i*3+2] != '-') {
			return m, fmt.Errorf("dissect: MAC %q: %w", s, errBadMAC)
		}
		m[i] = hi<<4 | lo
	}
	return m, nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
