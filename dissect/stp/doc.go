// Package stp decodes Spanning Tree Bridge Protocol Data Units: the 802.1D
// Configuration and Topology Change Notification BPDUs, RST BPDUs
// (IEEE 802.1D-2004 §9.3), MST BPDUs with their MSTI configuration messages
// and SPT BPDUs (IEEE 802.1Q-2018 §14), and Cisco PVST+/Rapid-PVST+ BPDUs
// with their originating-VLAN TLV.
//
// # What it owns
//
// The bytes from the BPDU's Protocol Identifier onwards: ParseBPDU takes what
// follows the 802.2 LLC header 42 42 03, ParsePVST what follows the LLC/SNAP
// header aa aa 03 00 00 0c 01 0b. Every length field is checked against the
// bytes present before it is used, and the package never panics on any input.
//
// # What it does not own
//
// Ethernet, 802.1Q tags, LLC and SNAP framing belong to package dissect,
// and the kernel's handling of a BPDU (whether the llc/stp modules would
// consume it or rx_dropped counts it) belongs to dissect/kernel. Whether a
// short BPDU was cut by the capture's snap length is decided by the caller
// from CapLen and OrigLen; this package only reports which bytes are
// missing. It does not run the spanning tree state machines and does not
// validate BPDUs the way a bridge's receive path does (§9.3.4, §14.4)
// beyond what is needed to decode them. The SPB-specific fields after the
// version 4 length of an SPT BPDU are skipped, not decoded.
//
// # Outcomes
//
// Parsing ends in one of four ways: a nil error; ErrTruncated when bytes
// that the BPDU's own type and lengths require are missing; a *FormatError
// for a value that cannot be right (ErrInconsistent marks a length that
// disagrees with the bytes present); and ErrUnsupported for a protocol
// identifier, version or type whose layout is unknown. In every case the
// returned BPDU holds the fields decoded so far; see BPDU.Decoded.
//
// Everything is a pure function of its input: no I/O, no logging, no
// globals that change, no clock. A returned BPDU shares no memory with the
// input slice. Only the standard library is imported.
package stp
