package stp_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dropscope/dropscope/dissect/stp"
)

var (
	macA = stp.MAC{0x00, 0x19, 0x06, 0xea, 0xb8, 0x80}
	macB = stp.MAC{0x38, 0x1c, 0x1a, 0x7a, 0xc1, 0x80}
)

// cat joins annotated byte groups into one BPDU.
func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// name32 is a 32-octet MST configuration name field: s, then NULs.
func name32(s string) []byte {
	b := make([]byte, 32)
	copy(b, s)
	return b
}

// Octets 5-34 shared by the RST/MST rows: CIST root, external cost,
// regional root (bridge), port, timers.
var cistFields = []byte{
	0x80, 0x00, 0x38, 0x1c, 0x1a, 0x7a, 0xc1, 0x80, // root identifier: 32768/0/38:1c:1a:7a:c1:80
	0x00, 0x00, 0x00, 0x00, // root path cost: 0
	0x80, 0x00, 0x38, 0x1c, 0x1a, 0x7a, 0xc1, 0x80, // bridge (CIST regional root) identifier: 8000.38:1c:1a:7a:c1:80
	0x80, 0x36, // port identifier: priority 128, number 0x036
	0x00, 0x00, // message age: 0
	0x14, 0x00, // max age: 20 s
	0x02, 0x00, // hello time: 2 s
	0x0f, 0x00, // forward delay: 15 s
}

// Octets 38-88: MST configuration identifier of region "x", revision 1.
var mcidX = cat(
	[]byte{0x00},    // format selector: 0
	name32("x"),     // configuration name: "x", NUL-padded to 32 octets
	[]byte{0, 0x01}, // revision level: 1
	[]byte{0xac, 0x36, 0x17, 0x7f, 0x50, 0x28, 0x3c, 0xd4, 0xb8, 0x38, 0x21, 0xd8, 0xab, 0x26, 0xde, 0x62}, // digest
)

// Octets 89-101: CIST internal root path cost, CIST bridge, hops.
var cistTail = []byte{
	0x00, 0x00, 0x00, 0x00, // CIST internal root path cost: 0
	0x80, 0x00, 0x38, 0x1c, 0x1a, 0x7a, 0xc1, 0x80, // CIST bridge identifier: 8000.38:1c:1a:7a:c1:80
	0x14, // CIST remaining hops: 20
}

// MSTI configuration messages (802.1Q-2018 §14.6.1).
var msti1 = []byte{
	0x7c,                                           // flags: Agreement, Forward, Learn, role Designated
	0x80, 0x01, 0x38, 0x1c, 0x1a, 0x7a, 0xc1, 0x80, // regional root: 32768, MSTID 1, 38:1c:1a:7a:c1:80
	0x00, 0x00, 0x4e, 0x20, // internal root path cost: 20000
	0x80, // bridge priority: 0x8 -> 32768
	0x80, // port priority: 0x8 -> 128
	0x14, // remaining hops: 20
}

var msti2 = []byte{
	0x88,                                           // flags: Master, role Root
	0x90, 0x02, 0x00, 0x19, 0x06, 0xea, 0xb8, 0x80, // regional root: 36864, MSTID 2, 00:19:06:ea:b8:80
	0x00, 0x03, 0x0d, 0x40, // internal root path cost: 200000
	0x9f, // bridge priority: 0x9 -> 36864 (low nibble ignored)
	0x2f, // port priority: 0x2 -> 32 (low nibble ignored)
	0x13, // remaining hops: 19
}

var (
	wantCIST = stp.BPDU{
		Root:         stp.BridgeID{Priority: 32768, MAC: macB},
		Bridge:       stp.BridgeID{Priority: 32768, MAC: macB},
		Port:         stp.PortID{Priority: 128, Number: 0x36},
		MaxAge:       20 * 256,
		HelloTime:    2 * 256,
		ForwardDelay: 15 * 256,
	}
	wantMCIDX = stp.ConfigID{Name: "x", Revision: 1,
		Digest: [16]byte{0xac, 0x36, 0x17, 0x7f, 0x50, 0x28, 0x3c, 0xd4, 0xb8, 0x38, 0x21, 0xd8, 0xab, 0x26, 0xde, 0x62}}
	wantMSTI1 = stp.MSTI{
		Flags:                0x7c,
		RegionalRoot:         stp.BridgeID{Priority: 32768, SystemID: 1, MAC: macB},
		InternalRootPathCost: 20000,
		BridgePriority:       32768,
		PortPriority:         128,
		RemainingHops:        20,
	}
	wantMSTI2 = stp.MSTI{
		Flags:                0x88,
		RegionalRoot:         stp.BridgeID{Priority: 36864, SystemID: 2, MAC: macA},
		InternalRootPathCost: 200000,
		BridgePriority:       36864,
		PortPriority:         32,
		RemainingHops:        19,
	}
)

// mst builds the expected value of an MST-type BPDU from wantCIST.
func mst(v stp.Version, flags stp.Flags, v3len uint16, mstis ...stp.MSTI) stp.BPDU {
	w := wantCIST
	w.Version, w.Type, w.Flags = v, stp.TypeRST, flags
	w.Version3Length = v3len
	w.MCID = wantMCIDX
	w.CISTBridge = stp.BridgeID{Priority: 32768, MAC: macB}
	w.CISTRemainingHops = 20
	w.MSTIs = mstis
	return w
}

// with returns w with edits applied, for rows that differ from a base.
func with(w stp.BPDU, edit func(*stp.BPDU)) stp.BPDU {
	edit(&w)
	return w
}

type bpduCase struct {
	name string
	b    []byte
	want stp.BPDU
	// err is matched with errors.Is; field, when set, is the Field of the
	// *FormatError the error must be.
	err     error
	field   string
	summary string
	// valid marks complete Configuration/RST/MST BPDUs for the
	// comparison with gopacket.
	valid bool
}

func bpduCases() []bpduCase {
	return []bpduCase{{
		name: "802.1D config, TC, Ethernet padding",
		b: []byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x00,                                           // version: STP
			0x00,                                           // BPDU type: Config
			0x01,                                           // flags: TC
			0x80, 0x01, 0x00, 0x19, 0x06, 0xea, 0xb8, 0x80, // root identifier: 32768/1/00:19:06:ea:b8:80
			0x00, 0x00, 0x00, 0x04, // root path cost: 4
			0x80, 0x01, 0x38, 0x1c, 0x1a, 0x7a, 0xc1, 0x80, // bridge identifier: 8001.38:1c:1a:7a:c1:80
			0x80, 0x05, // port identifier: priority 128, number 5
			0x01, 0x80, // message age: 1.5 s
			0x14, 0x00, // max age: 20 s
			0x02, 0x00, // hello time: 2 s
			0x0f, 0x00, // forward delay: 15 s
			0, 0, 0, 0, 0, 0, 0, 0, // Ethernet padding
		},
		want: stp.BPDU{
			Flags:        stp.FlagTC,
			Root:         stp.BridgeID{Priority: 32768, SystemID: 1, MAC: macA},
			RootPathCost: 4,
			Bridge:       stp.BridgeID{Priority: 32768, SystemID: 1, MAC: macB},
			Port:         stp.PortID{Priority: 128, Number: 5},
			MessageAge:   384,
			MaxAge:       5120,
			HelloTime:    512,
			ForwardDelay: 3840,
			Decoded:      35,
			Trailing:     8,
		},
		summary: "STP Config flags [TC] root 32768/1/00:19:06:ea:b8:80 cost 4 bridge 8001.38:1c:1a:7a:c1:80 port 0x8005",
		valid:   true,
	}, {
		name: "802.1D config, TCA; RST bits are not shown",
		b: cat([]byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x00, // version: STP
			0x00, // BPDU type: Config
			0xfc, // flags: TCA, and RST bits a Configuration BPDU does not define
		}, cistFields),
		want:    with(wantCIST, func(w *stp.BPDU) { w.Flags, w.Decoded = 0xfc, 35 }),
		summary: "STP Config flags [TCA] root 32768/0/38:1c:1a:7a:c1:80 cost 0 bridge 8000.38:1c:1a:7a:c1:80 port 0x8036",
		valid:   true,
	}, {
		name: "802.1D TCN with Ethernet padding",
		b: []byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x00,       // version: STP
			0x80,       // BPDU type: TCN
			0, 0, 0, 0, // Ethernet padding
		},
		want:    stp.BPDU{Type: stp.TypeTCN, Decoded: 4, Trailing: 4},
		summary: "STP TCN",
	}, {
		name: "RST BPDU, proposal, designated role",
		b: cat([]byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x02, // version: RSTP
			0x02, // BPDU type: RST
			0x0e, // flags: Proposal, role Designated (3<<2)
		}, cistFields, []byte{
			0x00,                      // version 1 length: 0
			0x00, 0x00, 0x00, 0x00, 0, // Ethernet padding
		}),
		want: with(wantCIST, func(w *stp.BPDU) {
			w.Version, w.Type, w.Flags = stp.VersionRSTP, stp.TypeRST, 0x0e
			w.Decoded, w.Trailing = 36, 5
		}),
		summary: "RSTP RST flags [Proposal] root 32768/0/38:1c:1a:7a:c1:80 cost 0 bridge 8000.38:1c:1a:7a:c1:80 port 0x8036 role Designated",
		valid:   true,
	}, {
		name: "RST BPDU, agreement, root role, learning, forwarding",
		b: cat([]byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x02, // version: RSTP
			0x02, // BPDU type: RST
			0x78, // flags: Agreement, Forward, Learn, role Root (2<<2)
		}, cistFields, []byte{
			0x00, // version 1 length: 0
		}),
		want: with(wantCIST, func(w *stp.BPDU) {
			w.Version, w.Type, w.Flags = stp.VersionRSTP, stp.TypeRST, 0x78
			w.Decoded = 36
		}),
		summary: "RSTP RST flags [Learn, Forward, Agreement] root 32768/0/38:1c:1a:7a:c1:80 cost 0 bridge 8000.38:1c:1a:7a:c1:80 port 0x8036 role Root",
		valid:   true,
	}, {
		name: "MST BPDU, no MSTI",
		b: cat([]byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x03, // version: MSTP
			0x02, // BPDU type: RST/MST
			0x7c, // CIST flags: Agreement, Forward, Learn, role Designated
		}, cistFields, []byte{
			0x00,       // version 1 length: 0
			0x00, 0x40, // version 3 length: 64, no MSTI
		}, mcidX, cistTail),
		want:    with(mst(stp.VersionMSTP, 0x7c, 64), func(w *stp.BPDU) { w.Decoded = 102 }),
		summary: `MSTP RST flags [Learn, Forward, Agreement] root 32768/0/38:1c:1a:7a:c1:80 cost 0 bridge 8000.38:1c:1a:7a:c1:80 port 0x8036 role Designated region "x" rev 1 MSTIs 0`,
		valid:   true,
	}, {
		name: "MST BPDU, one MSTI, 4-octet FCS after it",
		b: cat([]byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x03, // version: MSTP
			0x02, // BPDU type: RST/MST
			0x7c, // CIST flags: Agreement, Forward, Learn, role Designated
		}, cistFields, []byte{
			0x00,       // version 1 length: 0
			0x00, 0x50, // version 3 length: 80, one MSTI
		}, mcidX, cistTail, msti1, []byte{
			0xde, 0xad, 0xbe, 0xef, // frame check sequence, fewer than 16 octets: trailing
		}),
		want:    with(mst(stp.VersionMSTP, 0x7c, 80, wantMSTI1), func(w *stp.BPDU) { w.Decoded, w.Trailing = 118, 4 }),
		summary: `MSTP RST flags [Learn, Forward, Agreement] root 32768/0/38:1c:1a:7a:c1:80 cost 0 bridge 8000.38:1c:1a:7a:c1:80 port 0x8036 role Designated region "x" rev 1 MSTIs 1`,
		valid:   true,
	}, {
		name: "MST BPDU, two MSTIs",
		b: cat([]byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x03, // version: MSTP
			0x02, // BPDU type: RST/MST
			0x7c, // CIST flags: Agreement, Forward, Learn, role Designated
		}, cistFields, []byte{
			0x00,       // version 1 length: 0
			0x00, 0x60, // version 3 length: 96, two MSTIs
		}, mcidX, cistTail, msti1, msti2),
		want:    with(mst(stp.VersionMSTP, 0x7c, 96, wantMSTI1, wantMSTI2), func(w *stp.BPDU) { w.Decoded = 134 }),
		summary: `MSTP RST flags [Learn, Forward, Agreement] root 32768/0/38:1c:1a:7a:c1:80 cost 0 bridge 8000.38:1c:1a:7a:c1:80 port 0x8036 role Designated region "x" rev 1 MSTIs 2`,
		valid:   true,
	}, {
		name: "SPT BPDU (version 4), one MSTI, version 4 fields skipped",
		b: cat([]byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x04, // version: SPB
			0x02, // BPDU type: RST/MST/SPT
			0x3c, // CIST flags: Forward, Learn, role Designated
		}, cistFields, []byte{
			0x00,       // version 1 length: 0
			0x00, 0x50, // version 3 length: 80, one MSTI
		}, mcidX, cistTail, msti1, []byte{
			0x00, 0x04, // version 4 length: 4
			0x01, 0x02, 0x03, 0x04, // SPB fields (not decoded)
			0x00, // trailing octet
		}),
		want:    with(mst(stp.VersionSPB, 0x3c, 80, wantMSTI1), func(w *stp.BPDU) { w.Version4Length, w.Decoded, w.Trailing = 4, 124, 1 }),
		summary: `SPB RST flags [Learn, Forward] root 32768/0/38:1c:1a:7a:c1:80 cost 0 bridge 8000.38:1c:1a:7a:c1:80 port 0x8036 role Designated region "x" rev 1 MSTIs 1`,
		valid:   true,
	},

		// Truncation at each boundary.
		{
			name:    "empty",
			b:       nil,
			want:    stp.BPDU{},
			err:     stp.ErrTruncated,
			summary: "BPDU [truncated]",
		}, {
			name: "protocol identifier cut",
			b: []byte{
				0x00, // protocol identifier, first octet only
			},
			want: stp.BPDU{},
			err:  stp.ErrTruncated,
		}, {
			name: "BPDU type missing",
			b: []byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x02, // version: RSTP; BPDU type missing
			},
			want:    stp.BPDU{Version: stp.VersionRSTP, Decoded: 3},
			err:     stp.ErrTruncated,
			summary: "STP [truncated]",
		}, {
			name: "config cut inside bridge identifier",
			b: []byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x00,                                           // version: STP
				0x00,                                           // BPDU type: Config
				0x01,                                           // flags: TC
				0x80, 0x01, 0x00, 0x19, 0x06, 0xea, 0xb8, 0x80, // root identifier
				0x00, 0x00, 0x00, 0x04, // root path cost: 4
				0x80, 0x01, 0x38, // bridge identifier, 3 of 8 octets
			},
			want: stp.BPDU{
				Flags:        stp.FlagTC,
				Root:         stp.BridgeID{Priority: 32768, SystemID: 1, MAC: macA},
				RootPathCost: 4,
				Decoded:      17,
			},
			err:     stp.ErrTruncated,
			summary: "STP Config [truncated]",
		}, {
			name: "config 34 octets: forward delay cut",
			b: cat([]byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x00, // version: STP
				0x00, // BPDU type: Config
				0x00, // flags: none
			}, cistFields[:len(cistFields)-1]), // forward delay, 1 of 2 octets
			want: with(wantCIST, func(w *stp.BPDU) { w.ForwardDelay, w.Decoded = 0, 33 }),
			err:  stp.ErrTruncated,
		}, {
			name: "RST 35 octets: version 1 length missing",
			b: cat([]byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x02, // version: RSTP
				0x02, // BPDU type: RST
				0x0e, // flags: Proposal, role Designated
			}, cistFields), // version 1 length missing
			want: with(wantCIST, func(w *stp.BPDU) {
				w.Version, w.Type, w.Flags, w.Decoded = stp.VersionRSTP, stp.TypeRST, 0x0e, 35
			}),
			err:     stp.ErrTruncated,
			summary: "RSTP RST flags [Proposal] root 32768/0/38:1c:1a:7a:c1:80 cost 0 bridge 8000.38:1c:1a:7a:c1:80 port 0x8036 [truncated]",
		}, {
			name: "MST 36 octets: version 3 length missing",
			b: cat([]byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x03, // version: MSTP
				0x02, // BPDU type: RST/MST
				0x7c, // CIST flags
			}, cistFields, []byte{
				0x00, // version 1 length: 0; version 3 length missing
			}),
			want: with(wantCIST, func(w *stp.BPDU) {
				w.Version, w.Type, w.Flags, w.Decoded = stp.VersionMSTP, stp.TypeRST, 0x7c, 36
			}),
			err: stp.ErrTruncated,
		}, {
			name: "MST 101 octets: CIST remaining hops missing",
			b: cat([]byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x03, // version: MSTP
				0x02, // BPDU type: RST/MST
				0x7c, // CIST flags
			}, cistFields, []byte{
				0x00,       // version 1 length: 0
				0x00, 0x40, // version 3 length: 64
			}, mcidX, cistTail[:12]), // CIST remaining hops missing
			want: with(mst(stp.VersionMSTP, 0x7c, 64), func(w *stp.BPDU) { w.CISTRemainingHops, w.Decoded = 0, 101 }),
			err:  stp.ErrTruncated,
		}, {
			name: "MST version 3 length 80, MSTI missing",
			b: cat([]byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x03, // version: MSTP
				0x02, // BPDU type: RST/MST
				0x7c, // CIST flags
			}, cistFields, []byte{
				0x00,       // version 1 length: 0
				0x00, 0x50, // version 3 length: 80, one MSTI declared
			}, mcidX, cistTail), // the MSTI is missing
			want:    with(mst(stp.VersionMSTP, 0x7c, 80), func(w *stp.BPDU) { w.Decoded = 102 }),
			err:     stp.ErrTruncated,
			summary: `MSTP RST flags [Learn, Forward, Agreement] root 32768/0/38:1c:1a:7a:c1:80 cost 0 bridge 8000.38:1c:1a:7a:c1:80 port 0x8036 role Designated region "x" rev 1 MSTIs 0 [truncated]`,
		}, {
			name: "MST version 3 length 96, second MSTI cut",
			b: cat([]byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x03, // version: MSTP
				0x02, // BPDU type: RST/MST
				0x7c, // CIST flags
			}, cistFields, []byte{
				0x00,       // version 1 length: 0
				0x00, 0x60, // version 3 length: 96, two MSTIs declared
			}, mcidX, cistTail, msti1, msti2[:8]), // second MSTI, 8 of 16 octets
			want: with(mst(stp.VersionMSTP, 0x7c, 96, wantMSTI1), func(w *stp.BPDU) { w.Decoded = 118 }),
			err:  stp.ErrTruncated,
		}, {
			name: "SPT BPDU, version 4 length missing",
			b: cat([]byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x04, // version: SPB
				0x02, // BPDU type: RST/MST/SPT
				0x3c, // CIST flags
			}, cistFields, []byte{
				0x00,       // version 1 length: 0
				0x00, 0x40, // version 3 length: 64
			}, mcidX, cistTail, []byte{
				0x00, // version 4 length, 1 of 2 octets
			}),
			want: with(mst(stp.VersionSPB, 0x3c, 64), func(w *stp.BPDU) { w.Decoded = 102 }),
			err:  stp.ErrTruncated,
		}, {
			name: "SPT BPDU, version 4 fields cut",
			b: cat([]byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x04, // version: SPB
				0x02, // BPDU type: RST/MST/SPT
				0x3c, // CIST flags
			}, cistFields, []byte{
				0x00,       // version 1 length: 0
				0x00, 0x40, // version 3 length: 64
			}, mcidX, cistTail, []byte{
				0x00, 0x55, // version 4 length: 85
				0x01, 0x02, // 2 of 85 octets
			}),
			want: with(mst(stp.VersionSPB, 0x3c, 64), func(w *stp.BPDU) { w.Version4Length, w.Decoded = 85, 104 }),
			err:  stp.ErrTruncated,
		},

		// Bad and inconsistent values.
		{
			name: "MST version 3 length 70: not 64 plus a multiple of 16",
			b: cat([]byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x03, // version: MSTP
				0x02, // BPDU type: RST/MST
				0x7c, // CIST flags
			}, cistFields, []byte{
				0x00,       // version 1 length: 0
				0x00, 0x46, // version 3 length: 70
			}, mcidX, cistTail, []byte{
				1, 2, 3, 4, 5, 6, // the 6 octets the length counts past 64
			}),
			want:  with(mst(stp.VersionMSTP, 0x7c, 70), func(w *stp.BPDU) { w.Decoded = 102 }),
			field: "version 3 length",
		}, {
			name: "MST version 3 length 0, fixed part still decoded",
			b: cat([]byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x03, // version: MSTP
				0x02, // BPDU type: RST/MST
				0x7c, // CIST flags
			}, cistFields, []byte{
				0x00,       // version 1 length: 0
				0x00, 0x00, // version 3 length: 0
			}, mcidX[:20]), // MCID, 20 of 51 octets
			want: with(mst(stp.VersionMSTP, 0x7c, 0), func(w *stp.BPDU) {
				w.MCID = stp.ConfigID{}
				w.CISTBridge, w.CISTRemainingHops = stp.BridgeID{}, 0
				w.Decoded = 39
			}),
			field: "version 3 length",
		}, {
			name: "MST version 3 length 1104: 65 MSTIs, more than 64",
			b: cat([]byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x03, // version: MSTP
				0x02, // BPDU type: RST/MST
				0x7c, // CIST flags
			}, cistFields, []byte{
				0x00,       // version 1 length: 0
				0x04, 0x50, // version 3 length: 1104 = 64 + 65*16
			}, mcidX, cistTail),
			want:  with(mst(stp.VersionMSTP, 0x7c, 1104), func(w *stp.BPDU) { w.Decoded = 102 }),
			field: "version 3 length",
		}, {
			name: "MST version 3 length 64 inconsistent with an MSTI that follows",
			b: cat([]byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x03, // version: MSTP
				0x02, // BPDU type: RST/MST
				0x7c, // CIST flags
			}, cistFields, []byte{
				0x00,       // version 1 length: 0
				0x00, 0x40, // version 3 length: 64, no MSTI
			}, mcidX, cistTail, msti1), // yet a whole MSTI follows
			want:  with(mst(stp.VersionMSTP, 0x7c, 64), func(w *stp.BPDU) { w.Decoded, w.Trailing = 102, 16 }),
			err:   stp.ErrInconsistent,
			field: "version 3 length",
		},

		// Unsupported.
		{
			name: "unknown version 7 with RST type",
			b: cat([]byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x07, // version: 7, unknown
				0x02, // BPDU type: RST
				0x3c, // flags
			}, cistFields, []byte{
				0x00,       // version 1 length: 0
				0x00, 0x40, // layout unknown from here
			}),
			want: with(wantCIST, func(w *stp.BPDU) {
				w.Version, w.Type, w.Flags, w.Decoded = 7, stp.TypeRST, 0x3c, 36
			}),
			err:     stp.ErrUnsupported,
			summary: "version 7 RST flags [Learn, Forward] root 32768/0/38:1c:1a:7a:c1:80 cost 0 bridge 8000.38:1c:1a:7a:c1:80 port 0x8036 role Designated",
		}, {
			name: "unknown BPDU type 0x01",
			b: []byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x00,                   // version: STP
				0x01,                   // BPDU type: 0x01, unknown
				0x00, 0x00, 0x00, 0x00, // unknown
			},
			want:    stp.BPDU{Type: 0x01, Decoded: 4},
			err:     stp.ErrUnsupported,
			summary: "STP 0x01",
		}, {
			name: "GARP: protocol identifier 1",
			b: []byte{
				0x00, 0x01, // protocol identifier: GARP
				0x01,       // GVRP attribute type
				0x02, 0x01, // attribute length, event
				0x00, 0x0a, // VLAN 10
			},
			want:    stp.BPDU{ProtocolID: 1, Decoded: 2},
			err:     stp.ErrUnsupported,
			summary: "protocol 0x0001",
		}, {
			name: "config BPDU with version 2 is decoded as config",
			b: cat([]byte{
				0x00, 0x00, // protocol identifier: spanning tree
				0x02, // version: RSTP
				0x00, // BPDU type: Config (802.1D-2004 §9.3.4 a)
				0x00, // flags: none
			}, cistFields),
			want:    with(wantCIST, func(w *stp.BPDU) { w.Version, w.Decoded = stp.VersionRSTP, 35 }),
			summary: "RSTP Config flags [none] root 32768/0/38:1c:1a:7a:c1:80 cost 0 bridge 8000.38:1c:1a:7a:c1:80 port 0x8036",
			valid:   true,
		},
	}
}

func checkErr(t *testing.T, err error, wantErr error, field string) {
	t.Helper()
	switch {
	case wantErr == nil && field == "":
		if err != nil {
			t.Fatalf("error: %v, want nil", err)
		}
		return
	case err == nil:
		t.Fatalf("error: nil, want %v %q", wantErr, field)
	}
	if wantErr != nil && !errors.Is(err, wantErr) {
		t.Errorf("error: %v, want one wrapping %v", err, wantErr)
	}
	var fe *stp.FormatError
	isFormat := errors.As(err, &fe)
	if field != "" && (!isFormat || fe.Field != field) {
		t.Errorf("error: %v, want *FormatError for field %q", err, field)
	}
	if field == "" && isFormat {
		t.Errorf("error: %v is a *FormatError, want %v", err, wantErr)
	}
	if msg := err.Error(); len(msg) < 5 || msg[:5] != "stp: " {
		t.Errorf("error text %q lacks the stp: prefix", msg)
	}
}

func TestParseBPDU(t *testing.T) {
	for _, tt := range bpduCases() {
		t.Run(tt.name, func(t *testing.T) {
			got, err := stp.ParseBPDU(tt.b)
			checkErr(t, err, tt.err, tt.field)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseBPDU (-want +got):\n%s", diff)
			}
			if tt.summary != "" {
				if s := got.Summary(); s != tt.summary {
					t.Errorf("Summary:\n got %s\nwant %s", s, tt.summary)
				}
			}
		})
	}
}

type pvstCase struct {
	name    string
	b       []byte
	want    stp.BPDU
	err     error
	field   string
	summary string
}

func pvstCases() []pvstCase {
	return []pvstCase{{
		name: "PVST+ config, originating VLAN 10",
		b: cat([]byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x00, // version: STP
			0x00, // BPDU type: Config
			0x00, // flags: none
		}, cistFields, []byte{
			0x00,       // pad octet 35
			0x00, 0x00, // TLV type: originating VLAN
			0x00, 0x02, // TLV length: 2
			0x00, 0x0a, // VLAN: 10
		}),
		want: with(wantCIST, func(w *stp.BPDU) {
			w.VLAN, w.HasVLAN, w.Decoded = 10, true, 42
		}),
		summary: "STP Config flags [none] root 32768/0/38:1c:1a:7a:c1:80 cost 0 bridge 8000.38:1c:1a:7a:c1:80 port 0x8036 vlan 10",
	}, {
		name: "RPVST+ RST, designated, originating VLAN 20",
		b: cat([]byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x02, // version: RSTP
			0x02, // BPDU type: RST
			0x3c, // flags: Forward, Learn, role Designated
		}, cistFields, []byte{
			0x00,       // version 1 length: 0
			0x00, 0x00, // TLV type: originating VLAN
			0x00, 0x02, // TLV length: 2
			0x00, 0x14, // VLAN: 20
			0xaa, 0xbb, 0xcc, 0xdd, // FCS: trailing
		}),
		want: with(wantCIST, func(w *stp.BPDU) {
			w.Version, w.Type, w.Flags = stp.VersionRSTP, stp.TypeRST, 0x3c
			w.VLAN, w.HasVLAN, w.Decoded, w.Trailing = 20, true, 42, 4
		}),
		summary: "RSTP RST flags [Learn, Forward] root 32768/0/38:1c:1a:7a:c1:80 cost 0 bridge 8000.38:1c:1a:7a:c1:80 port 0x8036 role Designated vlan 20",
	}, {
		name: "RPVST+ RST, unknown TLV skipped before the VLAN TLV",
		b: cat([]byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x02, // version: RSTP
			0x02, // BPDU type: RST
			0x3c, // flags: Forward, Learn, role Designated
		}, cistFields, []byte{
			0x00,       // version 1 length: 0
			0x12, 0x34, // TLV type: 0x1234, unknown
			0x00, 0x01, // TLV length: 1
			0xff,       // value
			0x00, 0x00, // TLV type: originating VLAN
			0x00, 0x02, // TLV length: 2
			0x0f, 0xfe, // VLAN: 4094
		}),
		want: with(wantCIST, func(w *stp.BPDU) {
			w.Version, w.Type, w.Flags = stp.VersionRSTP, stp.TypeRST, 0x3c
			w.VLAN, w.HasVLAN, w.Decoded = 4094, true, 47
		}),
	}, {
		name: "PVST+ config without TLV, Ethernet padding too short for one",
		b: cat([]byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x00, // version: STP
			0x00, // BPDU type: Config
			0x00, // flags: none
		}, cistFields, []byte{
			0x00,       // pad octet 35
			0x00, 0x00, // Ethernet padding
		}),
		want: with(wantCIST, func(w *stp.BPDU) { w.Decoded, w.Trailing = 36, 2 }),
	}, {
		name: "PVST+ TCN carries no TLV",
		b: []byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x00,                   // version: STP
			0x80,                   // BPDU type: TCN
			0x00, 0x00, 0x00, 0x02, // Ethernet padding that looks like a TLV
		},
		want: stp.BPDU{Type: stp.TypeTCN, Decoded: 4, Trailing: 4},
	}, {
		name: "PVST+ VLAN TLV length 3",
		b: cat([]byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x02, // version: RSTP
			0x02, // BPDU type: RST
			0x3c, // flags
		}, cistFields, []byte{
			0x00,       // version 1 length: 0
			0x00, 0x00, // TLV type: originating VLAN
			0x00, 0x03, // TLV length: 3, want 2
			0x00, 0x14, 0x00, // value
		}),
		want: with(wantCIST, func(w *stp.BPDU) {
			w.Version, w.Type, w.Flags, w.Decoded = stp.VersionRSTP, stp.TypeRST, 0x3c, 43
		}),
		field: "PVST+ originating VLAN TLV length",
	}, {
		name: "PVST+ VLAN ID above 4095",
		b: cat([]byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x02, // version: RSTP
			0x02, // BPDU type: RST
			0x3c, // flags
		}, cistFields, []byte{
			0x00,       // version 1 length: 0
			0x00, 0x00, // TLV type: originating VLAN
			0x00, 0x02, // TLV length: 2
			0x10, 0x00, // VLAN: 4096
		}),
		want: with(wantCIST, func(w *stp.BPDU) {
			w.Version, w.Type, w.Flags, w.Decoded = stp.VersionRSTP, stp.TypeRST, 0x3c, 42
		}),
		field: "PVST+ originating VLAN",
	}, {
		name: "PVST+ VLAN TLV value cut",
		b: cat([]byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x02, // version: RSTP
			0x02, // BPDU type: RST
			0x3c, // flags
		}, cistFields, []byte{
			0x00,       // version 1 length: 0
			0x00, 0x00, // TLV type: originating VLAN
			0x00, 0x02, // TLV length: 2
			0x00, // VLAN, 1 of 2 octets
		}),
		want: with(wantCIST, func(w *stp.BPDU) {
			w.Version, w.Type, w.Flags, w.Decoded = stp.VersionRSTP, stp.TypeRST, 0x3c, 40
		}),
		err: stp.ErrTruncated,
	}, {
		name: "PVST+ body truncated",
		b: []byte{
			0x00, 0x00, // protocol identifier: spanning tree
			0x00, // version: STP
			0x00, // BPDU type: Config
			0x00, // flags; the rest is missing
		},
		want: stp.BPDU{Decoded: 5},
		err:  stp.ErrTruncated,
	}}
}

func TestParsePVST(t *testing.T) {
	for _, tt := range pvstCases() {
		t.Run(tt.name, func(t *testing.T) {
			got, err := stp.ParsePVST(tt.b)
			checkErr(t, err, tt.err, tt.field)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParsePVST (-want +got):\n%s", diff)
			}
			if tt.summary != "" {
				if s := got.Summary(); s != tt.summary {
					t.Errorf("Summary:\n got %s\nwant %s", s, tt.summary)
				}
			}
		})
	}
}

func TestStrings(t *testing.T) {
	for _, tt := range []struct {
		got, want string
	}{
		{stp.VersionSTP.String(), "STP"},
		{stp.VersionRSTP.String(), "RSTP"},
		{stp.VersionMSTP.String(), "MSTP"},
		{stp.VersionSPB.String(), "SPB"},
		{stp.Version(1).String(), "1"},
		{stp.Version(255).String(), "255"},
		{stp.TypeConfig.String(), "Config"},
		{stp.TypeRST.String(), "RST"},
		{stp.TypeTCN.String(), "TCN"},
		{stp.Type(0x01).String(), "0x01"},
		{stp.RoleUnknown.String(), "Unknown"},
		{stp.RoleAltBackup.String(), "AltBackup"},
		{stp.RoleRoot.String(), "Root"},
		{stp.RoleDesignated.String(), "Designated"},
		{stp.PortRole(4).String(), "4"},
		{stp.Flags(0).String(), "[none]"},
		{stp.Flags(0xff).String(), "[TC, Proposal, Learn, Forward, Agreement, TCA]"},
		{stp.MSTIFlags(0x80).String(), "[Master]"},
		{macB.String(), "38:1c:1a:7a:c1:80"},
		{stp.BridgeID{Priority: 61440, SystemID: 4095, MAC: macA}.String(), "ffff.00:19:06:ea:b8:80"},
		{stp.BridgeID{Priority: 32768, SystemID: 10, MAC: macA}.Expanded(), "32768/10/00:19:06:ea:b8:80"},
		{stp.PortID{Priority: 128, Number: 0x36}.String(), "0x8036"},
		{stp.Timer(512).String(), "2.00s"},
		{stp.Timer(1).Duration().String(), "3.90625ms"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestFlags(t *testing.T) {
	f := stp.Flags(0x78)
	if f.TC() || f.Proposal() || !f.Learning() || !f.Forwarding() || !f.Agreement() || f.TCA() || f.Role() != stp.RoleRoot {
		t.Errorf("Flags(0x78) decoded wrong: %v role %v", f, f.Role())
	}
	m := stp.MSTIFlags(0x83)
	if !m.TC() || !m.Proposal() || !m.Master() || m.Role() != stp.RoleUnknown {
		t.Errorf("MSTIFlags(0x83) decoded wrong: %v", m)
	}
	if got, want := stp.Timer(5120).Duration(), 20*time.Second; got != want {
		t.Errorf("Timer(5120).Duration() = %v, want %v", got, want)
	}
	if got := (stp.PortID{Priority: 240, Number: 4095}).Raw(); got != 0xffff {
		t.Errorf("PortID.Raw() = %#x, want 0xffff", got)
	}
}

// TestNoAliasing checks that a returned BPDU does not change when the
// input buffer is reused, as sources do.
func TestNoAliasing(t *testing.T) {
	c := bpduCases()[7] // MST BPDU, two MSTIs
	b := append([]byte(nil), c.b...)
	got, err := stp.ParseBPDU(b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = 0xee
	}
	if diff := cmp.Diff(c.want, got); diff != "" {
		t.Errorf("BPDU changed with its input (-want +got):\n%s", diff)
	}
}
