// Package dhcpv6 decodes DHCPv6 messages (RFC 8415) carried in UDP to or
// from ports 546 and 547: the client/server header (message type and
// transaction id), the relay header (hop count, link and peer addresses)
// and the options a host's rx_dropped investigation cares about (DUIDs,
// identity associations, option request, elapsed time, user and vendor
// classes, client FQDN, DNS servers and domain list). Relay-Forward and
// Relay-Reply messages are unwrapped through their Relay Message option,
// to a bounded depth.
//
// It owns the bytes of the UDP payload only. IPv6, its extension headers
// and UDP are walked elsewhere (dissect/icmpv6 WalkIPv6 for IPv6); the
// UDP checksum is not verified here.
//
// # Outcomes
//
// Parse separates three kinds of failure (style.md §2.2 rule 3):
//   - truncated: a length field of the message itself declares more bytes
//     than Parse was given (errors.Is(err, ErrTruncated));
//   - malformed: a value is wrong for its field, including a length that
//     overruns the option that contains it (errors.As(err, new(*FormatError)));
//   - unsupported: a message type whose layout this package does not know
//     (errors.Is(err, ErrUnsupported)).
//
// On any error Parse returns what it decoded before the failure.
//
// # Ownership
//
// Parse is a pure function. Byte slices in the values it returns (DUID
// link-layer addresses and identifiers, class data, raw option bodies)
// alias the input and are capacity-capped (b[:n:n]); copy them before the
// input buffer is reused. Strings and netip.Addr values are copies.
//
// Only the standard library is imported.
package dhcpv6
