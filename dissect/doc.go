// Package dissect turns the bytes of a captured frame into values: the
// Ethernet II / IEEE 802.3 header, 802.1Q/802.1ad tags, the 802.2 LLC and
// SNAP headers, and the class of the frame (which protocol, down to the
// message type an operator asks about: a DHCPv6 solicit, an MSTP BPDU).
//
// It owns framing only. The kernel's decision about a frame lives in
// dissect/kernel, and each protocol with fields worth showing has its own
// package (dissect/stp, dissect/dhcpv6, dissect/icmpv6, ...).
//
// Everything here is a pure function of its input: no I/O, no logging, no
// globals that change, no clock. Values returned alias the input slice
// unless said otherwise, and parsing a frame allocates nothing.
// Only the standard library is imported.
package dissect
