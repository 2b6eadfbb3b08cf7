// Package eapol decodes EAPOL frames: the payload of an Ethernet frame
// with EtherType 0x888e (IEEE Std 802.1X-2020 clause 11, "EAPOL PDUs";
// §11.3 common format, §11.3.2 packet types), and the header of an EAP
// packet carried in an EAPOL-EAP frame (IETF RFC 3748 §4), with the
// identity string of an EAP Identity request or response (RFC 3748 §5.1).
//
// It owns the EAPOL header and the EAP header only: EAPOL-Key descriptors,
// MKPDUs, announcements and EAP method payloads are kept raw in Body and
// EAP.Data. The Ethernet header and VLAN tags belong to package dissect.
//
// Parse is a pure function: no I/O, no logging, no globals. Byte slices in
// the returned Frame alias the input and are capacity-capped (b[:n:n]);
// copy them before the input buffer is reused. Strings are copies.
//
// # Errors
//
// Parse separates two outcomes (no packet type is unsupported: unknown
// types are kept raw, as §11.4 tells receivers to ignore them):
//   - ErrTruncated: fewer than the 4 header bytes, or a body length (or an
//     EAP length) beyond the bytes present. The header fields stay valid;
//     Body, and for an EAP packet the EAP fields that fit, are then
//     decoded from the bytes present.
//   - *FormatError: an EAP packet whose lengths contradict RFC 3748 (EAP
//     length under 4, a Request or Response without a type, an EAP length
//     beyond the EAPOL body length). The EAPOL header stays valid; the EAP
//     fields read before the problem stay valid.
package eapol
