// Package lldp decodes Link Layer Discovery Protocol data units: the
// payload of an Ethernet frame with EtherType 0x88cc, as defined by
// IEEE Std 802.1AB-2016 clause 8 ("LLDPDU format", §8.2; "TLV categories
// and formats", §8.4 and §8.5), and the IEEE 802.1 organizationally
// specific Port VLAN ID TLV (802.1Q-2018 Annex D.2.1).
//
// It owns the LLDPDU only: the Ethernet header, VLAN tags and the choice
// of EtherType belong to package dissect, and what the kernel does with
// the frame belongs to dissect/kernel. Organizationally specific TLVs other
// than the 802.1 Port VLAN ID are kept raw (OUI, subtype, information).
//
// Parse is a pure function: no I/O, no logging, no globals. Byte slices in
// the returned LLDPDU alias the input and are capacity-capped (b[:n:n]), so
// appending to them never writes into the caller's buffer; copy them before
// the input buffer is reused. Strings are copies.
//
// # Errors
//
// Parse separates three outcomes:
//   - ErrTruncated: a TLV header or a declared TLV length runs past the end
//     of b (the capture was cut, or the length lies). Parsing stops there.
//   - *FormatError: bytes that contradict the standard (wrong TLV order, a
//     TLV shorter than its minimum, a zero-length TLV where one is
//     forbidden, an End TLV with a non-zero length). Parsing continues with
//     the next TLV whenever the TLV lengths still allow it, so every field
//     whose TLV was well formed is valid.
//
// The first problem found in wire order is returned. Fields decoded before
// a truncation stay valid; fields whose TLV was not reached are zero.
package lldp
