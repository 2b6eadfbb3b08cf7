// Package samplegen builds the capture files in samples/ from scratch: every
// frame is assembled byte by byte by the builders in this package, scheduled
// by a scenario with a fixed start time and a seeded PCG source, and written
// with gopacket's pcapgo writers. The same inputs give the same bytes on every
// run and every platform.
//
// # What it owns
//
//   - Frame builders (Ethernet II, IEEE 802.3 + LLC/SNAP, 802.1Q/802.1ad tags,
//     ARP, IPv4/TCP/UDP/ICMP, IPv6/ICMPv6/NDP/MLDv2/DHCPv6, STP/RSTP/MSTP
//     BPDUs, LLDP, Slow Protocols, EAPOL, PPPoE, CDP/VTP/DTP, IPX, Linux
//     cooked headers). They return new slices the caller owns; they compute
//     lengths and checksums but never validate their arguments beyond that.
//   - The scenarios (Incident, MixedEdge, AnySLL2, AnySLL), as []Packet so
//     tests elsewhere can feed the same frames to the dissectors and the
//     kernel model without reading a file.
//   - The writers (Files, WriteAll) that turn scenarios into samples/.
//
// # What it does not own
//
// It decides nothing about how the kernel treats a frame; the expected verdicts
// in samples/README.md come from the kernel RX model, not from this package.
// It does no parsing. It is used by cmd/samplegen and by tests only, never by
// the dropscope binary.
package samplegen
