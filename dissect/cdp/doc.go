// Package cdp decodes Cisco Discovery Protocol packets: what follows the
// IEEE 802.2 LLC/SNAP header aa aa 03 00 00 0c 20 00 of a frame sent to
// 01:00:0c:cc:cc:cc. CDP has no IEEE or IETF standard; the format is
// Cisco's "Cisco Discovery Protocol Version 2" description (header of
// version, TTL and checksum, then type(2)/length(2)/value TLVs whose
// length counts the 4-byte TLV header), as also implemented by Wireshark's
// packet-cdp.c and tcpdump's print-cdp.c.
//
// It owns the CDP header and TLVs only: the Ethernet/802.3 header, VLAN
// tags and the LLC/SNAP header belong to package dissect. TLVs other than
// the ones decoded into Packet fields are kept as type, length and raw
// value.
//
// The caller cuts b to the 802.3 length field of the frame, so that
// Ethernet padding is not read as a TLV.
//
// Parse is a pure function: no I/O, no logging, no globals. Byte slices in
// the returned Packet alias the input and are capacity-capped (b[:n:n]);
// copy them before the input buffer is reused. Strings are copies.
//
// # Errors
//
// Parse separates three outcomes:
//   - ErrTruncated: the 4-byte header, a TLV header or a declared TLV
//     length runs past the end of b. Parsing stops there.
//   - ErrUnsupported: a version other than 1 or 2. Only Version, TTL and
//     Checksum are then valid.
//   - *FormatError: a TLV length below 4 (parsing stops, since the next
//     TLV cannot be found) or a TLV value that contradicts its type
//     (parsing continues with the next TLV).
//
// The first problem found in wire order is returned; fields decoded
// before it stay valid.
package cdp
