// Package icmpv6 decodes ICMPv6 messages (RFC 4443) with the bodies a host
// acts on before any socket sees them: Neighbor Discovery (RFC 4861)
// router/neighbor solicitations and advertisements and redirects with
// their options, MLDv1 (RFC 2710) and MLDv2 (RFC 3810) queries, reports
// and dones, echo, and the four error messages. It also walks an IPv6
// header and its extension-header chain (RFC 8200) to the upper-layer
// bytes, so that callers can find the ICMPv6 message (or the UDP datagram
// that carries DHCPv6) the way the kernel's ipv6_rcv path does, without
// reassembling fragments.
//
// It owns those bytes only: Ethernet and VLAN framing are dissect's, UDP
// and DHCPv6 are dissect/dhcpv6's. The ICMPv6 checksum is reported but not
// verified, because it covers an IPv6 pseudo-header (RFC 4443 §2.3) that
// Parse does not see.
//
// # Outcomes
//
// Parse and WalkIPv6 separate three kinds of failure (style.md §2.2 rule 3):
//   - truncated: the message or a length field in it needs more bytes than
//     were given (errors.Is(err, ErrTruncated));
//   - malformed: a value is wrong for its field, e.g. a zero NDP option
//     length (errors.As(err, new(*FormatError)));
//   - unsupported: a message type (or jumbogram) this package does not
//     decode (errors.Is(err, ErrUnsupported)).
//
// On any error they return what they decoded before the failure; for an
// unsupported ICMPv6 type that is the type, code, checksum and raw body.
//
// # Ownership
//
// Both functions are pure. Byte slices in returned values (link-layer
// addresses, echo data, raw bodies and options, Upper.Payload) alias the
// input and are capacity-capped; copy them before the input is reused.
// netip.Addr values are copies.
//
// Only the standard library is imported.
package icmpv6
