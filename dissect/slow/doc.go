// Package slow decodes Slow Protocols PDUs: the payload of an Ethernet
// frame with EtherType 0x8809 (IEEE Std 802.3-2022 Annex 43B), dispatched
// on the subtype octet:
//   - 1, LACP: the LACPDU of IEEE Std 802.1AX-2020 §6.4.2 (formerly
//     802.3 clause 43.4.2.2); version 1 fields decoded, the TLVs that
//     version 2 adds kept raw;
//   - 2, Marker: the Marker and Marker Response PDUs of 802.1AX-2020
//     §6.5.3 (formerly 802.3 clause 43.5.3);
//   - 3, OAM: the OAMPDU header of 802.3-2022 §57.4.2 (flags and code;
//     the rest kept raw);
//   - 10, OSSP: the Organization Specific Slow Protocol of 802.3-2022
//     Annex 57B, used by ITU-T G.8264 ESMC (OUI 00-19-A7); OUI, ITU-T
//     subtype and the rest kept raw.
//
// Other subtypes are reported as unsupported. It owns the PDU only: the
// Ethernet header and VLAN tags belong to package dissect.
//
// Parse is a pure function: no I/O, no logging, no globals. Byte slices in
// the returned PDU alias the input and are capacity-capped (b[:n:n]); copy
// them before the input buffer is reused.
//
// # Errors
//
// Parse separates three outcomes:
//   - ErrTruncated: the PDU ends before a fixed field or a declared TLV
//     length (for example inside the LACP actor information). Parsing
//     stops there; fields read before stay valid.
//   - ErrUnsupported: a subtype this package does not decode. Only
//     PDU.Subtype is valid.
//   - *FormatError: bytes that contradict the standard (a TLV with a wrong
//     length, a missing LACP TLV, a non-zero terminator length). Fields of
//     well-formed TLVs stay valid.
//
// The first problem found in wire order is returned.
package slow
