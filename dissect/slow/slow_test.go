package slow_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/slow"
)

var cmpOpts = []cmp.Option{cmpopts.EquateEmpty()}

// cat joins annotated byte groups, e.g. a header and reserved zeros.
func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// parseTest is one row: bytes, the value Parse returns, and the error:
// err is a sentinel for errors.Is, field wants a *FormatError with that
// Field.
type parseTest struct {
	name    string
	b       []byte
	want    slow.PDU
	err     error
	field   string
	summary string // checked when not empty
}

var (
	actorSys   = dissect.MAC{0x00, 0x13, 0xc4, 0x12, 0x0f, 0x00}
	partnerSys = dissect.MAC{0x00, 0x0e, 0x83, 0x16, 0xf5, 0x00}
	actor      = slow.PortInfo{SystemPriority: 32768, System: actorSys, Key: 13, PortPriority: 32768, Port: 22,
		State: slow.StateActivity | slow.StateAggregation | slow.StateExpired}
	partner = slow.PortInfo{SystemPriority: 32768, System: partnerSys, Key: 13, PortPriority: 32768, Port: 25,
		State: slow.StateTimeout | slow.StateAggregation | slow.StateCollecting | slow.StateDistributing}
)

// lacpHead is subtype, version, actor and partner TLVs of the LACPDU in
// tcpdump's LACP.pcap frame 1.
var lacpHead = []byte{
	0x01,       // subtype: LACP
	0x01,       // version 1
	0x01, 0x14, // actor information TLV, length 20
	0x80, 0x00, // actor system priority 32768
	0x00, 0x13, 0xc4, 0x12, 0x0f, 0x00, // actor system
	0x00, 0x0d, // actor key 13
	0x80, 0x00, // actor port priority 32768
	0x00, 0x16, // actor port 22
	0x85,             // actor state: Activity, Aggregation, Expired
	0x00, 0x00, 0x00, // reserved
	0x02, 0x14, // partner information TLV, length 20
	0x80, 0x00, // partner system priority 32768
	0x00, 0x0e, 0x83, 0x16, 0xf5, 0x00, // partner system
	0x00, 0x0d, // partner key 13
	0x80, 0x00, // partner port priority 32768
	0x00, 0x19, // partner port 25
	0x36,             // partner state: Timeout, Aggregation, Collecting, Distributing
	0x00, 0x00, 0x00, // reserved
}

var collector = []byte{
	0x03, 0x10, // collector information TLV, length 16
	0x80, 0x00, // collector max delay 32768
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // reserved
}

var parseTests = []parseTest{{
	name: "LACPv1: actor, partner, collector, terminator, reserved",
	b: cat(lacpHead, collector, []byte{
		0x00, 0x00, // terminator TLV
	}, make([]byte, 50)), // reserved
	want: slow.PDU{Subtype: slow.SubtypeLACP, LACP: slow.LACP{
		Version: 1, Actor: actor, Partner: partner, CollectorMaxDelay: 32768,
		HasActor: true, HasPartner: true, HasCollector: true,
	}},
	summary: "lacp actor 00:13:c4:12:0f:00 key 13 port 22 state Activity,Aggregation,Expired" +
		" partner 00:0e:83:16:f5:00 key 13 port 25 state Timeout,Aggregation,Collecting,Distributing",
}, {
	name: "LACPv2: an extra TLV is kept raw",
	b: cat([]byte{0x01, 0x02}, lacpHead[2:], collector, []byte{
		0x04, 0x06, // port algorithm TLV, length 6
		0x00, 0x80, 0xc2, 0x01, // algorithm
		0x00, 0x00, // terminator TLV
	}),
	want: slow.PDU{Subtype: slow.SubtypeLACP, LACP: slow.LACP{
		Version: 2, Actor: actor, Partner: partner, CollectorMaxDelay: 32768,
		HasActor: true, HasPartner: true, HasCollector: true,
		Unknown: []slow.TLV{{Type: 4, Length: 6, Off: 58, Value: []byte{0x00, 0x80, 0xc2, 0x01}}},
	}},
}, {
	name: "truncated: LACP actor information cut after the system",
	b: []byte{
		0x01,       // subtype: LACP
		0x01,       // version 1
		0x01, 0x14, // actor information TLV, length 20
		0x80, 0x00, // actor system priority
		0x00, 0x13, 0xc4, 0x12, 0x0f, 0x00, // actor system, then the capture ends
	},
	want:    slow.PDU{Subtype: slow.SubtypeLACP, LACP: slow.LACP{Version: 1}},
	err:     slow.ErrTruncated,
	summary: "lacp",
}, {
	name: "truncated: LACP subtype only",
	b:    []byte{0x01},
	want: slow.PDU{Subtype: slow.SubtypeLACP},
	err:  slow.ErrTruncated,
}, {
	name: "truncated: LACP without terminator",
	b:    cat(lacpHead, collector),
	want: slow.PDU{Subtype: slow.SubtypeLACP, LACP: slow.LACP{
		Version: 1, Actor: actor, Partner: partner, CollectorMaxDelay: 32768,
		HasActor: true, HasPartner: true, HasCollector: true,
	}},
	err: slow.ErrTruncated,
}, {
	name: "malformed: LACP actor TLV length 18",
	b: []byte{
		0x01,       // subtype: LACP
		0x01,       // version 1
		0x01, 0x12, // actor information TLV, length 18: want 20
		0x80, 0x00, 0x00, 0x13, 0xc4, 0x12, 0x0f, 0x00, 0x00, 0x0d, 0x80, 0x00, 0x00, 0x16, 0x85, 0x00, // 16 bytes
		0x00, 0x00, // terminator
	},
	want:  slow.PDU{Subtype: slow.SubtypeLACP, LACP: slow.LACP{Version: 1}},
	field: "lacp actor",
}, {
	name: "malformed: zero-length LACP TLV",
	b: []byte{
		0x01,       // subtype: LACP
		0x01,       // version 1
		0x05, 0x00, // TLV type 5, length 0: only the terminator may be empty
		0x00, 0x00, // terminator
	},
	want:  slow.PDU{Subtype: slow.SubtypeLACP, LACP: slow.LACP{Version: 1}},
	field: "lacp TLV 5",
}, {
	name: "malformed: LACP without collector",
	b: cat(lacpHead, []byte{
		0x00, 0x00, // terminator right after the partner
	}),
	want: slow.PDU{Subtype: slow.SubtypeLACP, LACP: slow.LACP{
		Version: 1, Actor: actor, Partner: partner, HasActor: true, HasPartner: true,
	}},
	field: "lacp",
}, {
	name: "malformed: LACP terminator with length 2",
	b: cat(lacpHead, collector, []byte{
		0x00, 0x02, // terminator TLV, length 2: want 0
	}),
	want: slow.PDU{Subtype: slow.SubtypeLACP, LACP: slow.LACP{
		Version: 1, Actor: actor, Partner: partner, CollectorMaxDelay: 32768,
		HasActor: true, HasPartner: true, HasCollector: true,
	}},
	field: "lacp terminator",
}, {
	name: "Marker information",
	b: cat([]byte{
		0x02,       // subtype: Marker
		0x01,       // version 1
		0x01,       // TLV type: marker information
		0x10,       // TLV length 16
		0x00, 0x16, // requester port 22
		0x00, 0x13, 0xc4, 0x12, 0x0f, 0x00, // requester system
		0x00, 0x00, 0x00, 0x2a, // transaction ID 42
		0x00, 0x00, // pad
		0x00, 0x00, // terminator TLV
	}, make([]byte, 90)), // reserved
	want: slow.PDU{Subtype: slow.SubtypeMarker, Marker: slow.Marker{
		Version: 1, Type: slow.MarkerInformation, RequesterPort: 22, RequesterSystem: actorSys, TransactionID: 42,
	}},
	summary: "marker info requester 00:13:c4:12:0f:00 port 22 txid 42",
}, {
	name: "truncated: Marker response cut in the requester system",
	b: []byte{
		0x02,       // subtype: Marker
		0x01,       // version 1
		0x02,       // TLV type: marker response
		0x10,       // TLV length 16
		0x00, 0x16, // requester port 22
		0x00, 0x13, // 2 bytes of requester system
	},
	want: slow.PDU{Subtype: slow.SubtypeMarker, Marker: slow.Marker{Version: 1, Type: slow.MarkerResponse}},
	err:  slow.ErrTruncated,
}, {
	name: "malformed: Marker TLV length 14",
	b: []byte{
		0x02,       // subtype: Marker
		0x01,       // version 1
		0x01,       // TLV type: marker information
		0x0e,       // TLV length 14: want 16
		0x00, 0x16, // requester port
	},
	want:  slow.PDU{Subtype: slow.SubtypeMarker, Marker: slow.Marker{Version: 1, Type: slow.MarkerInformation}},
	field: "marker info",
}, {
	name: "malformed: Marker without terminator",
	b: []byte{
		0x02,       // subtype: Marker
		0x01,       // version 1
		0x01,       // TLV type: marker information
		0x10,       // TLV length 16
		0x00, 0x16, // requester port 22
		0x00, 0x13, 0xc4, 0x12, 0x0f, 0x00, // requester system
		0x00, 0x00, 0x00, 0x2a, // transaction ID 42
		0x00, 0x00, // pad
		0x01, 0x10, // another TLV where the terminator must be
	},
	want: slow.PDU{Subtype: slow.SubtypeMarker, Marker: slow.Marker{
		Version: 1, Type: slow.MarkerInformation, RequesterPort: 22, RequesterSystem: actorSys, TransactionID: 42,
	}},
	field: "marker terminator",
}, {
	name: "OAM information",
	b: []byte{
		0x03,       // subtype: OAM
		0x00, 0x50, // flags: local stable, remote stable
		0x00,       // code: information
		0x01, 0x10, // local information TLV, length 16 (kept raw)
		0x01, 0x00,
	},
	want: slow.PDU{Subtype: slow.SubtypeOAM, OAM: slow.OAM{
		Flags: slow.OAMLocalStable | slow.OAMRemoteStable, Code: slow.OAMInformation, Data: []byte{0x01, 0x10, 0x01, 0x00},
	}},
	summary: "oam information flags local-stable,remote-stable len 4",
}, {
	name: "truncated: OAM header",
	b: []byte{
		0x03,       // subtype: OAM
		0x00, 0x50, // flags, no code
	},
	want: slow.PDU{Subtype: slow.SubtypeOAM},
	err:  slow.ErrTruncated,
}, {
	name: "OSSP: ITU-T ESMC",
	b: []byte{
		0x0a,             // subtype: OSSP
		0x00, 0x19, 0xa7, // ITU-T OUI
		0x00, 0x01, // ITU-T subtype: ESMC
		0x10,             // version 1, event flag 0
		0x00, 0x00, 0x00, // reserved
		0x01, 0x00, 0x04, 0x02, // QL TLV: type 1, length 4, SSM 0x02
	},
	want: slow.PDU{Subtype: slow.SubtypeOSSP, OSSP: slow.OSSP{
		OUI: slow.OUIITU, ITUSubtype: 1, Data: []byte{0x10, 0, 0, 0, 0x01, 0x00, 0x04, 0x02},
	}},
	summary: "ossp oui 00-19-a7 subtype 1 len 8",
}, {
	name: "truncated: OSSP without the ITU-T subtype",
	b: []byte{
		0x0a,             // subtype: OSSP
		0x00, 0x19, 0xa7, // ITU-T OUI
	},
	want: slow.PDU{Subtype: slow.SubtypeOSSP},
	err:  slow.ErrTruncated,
}, {
	name: "unsupported: subtype 4",
	b: []byte{
		0x04,       // subtype 4 (obsolete)
		0x01, 0x02, // body
	},
	want:    slow.PDU{Subtype: 4},
	err:     slow.ErrUnsupported,
	summary: "slow subtype 4",
}, {
	name: "truncated: empty",
	b:    []byte{},
	err:  slow.ErrTruncated,
}}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := slow.Parse(tt.b)
			checkErr(t, err, tt.err, tt.field)
			if diff := cmp.Diff(tt.want, got, cmpOpts...); diff != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", diff)
			}
			if tt.summary != "" {
				if s := got.Summary(); s != tt.summary {
					t.Errorf("Summary() = %q, want %q", s, tt.summary)
				}
			}
			checkCapped(t, got)
		})
	}
}

func checkErr(t *testing.T, err, sentinel error, field string) {
	t.Helper()
	var fe *slow.FormatError
	switch {
	case sentinel != nil:
		if !errors.Is(err, sentinel) || errors.As(err, &fe) {
			t.Errorf("err = %v, want only %v", err, sentinel)
		}
	case field != "":
		if !errors.As(err, &fe) || fe.Field != field || errors.Is(err, slow.ErrTruncated) || errors.Is(err, slow.ErrUnsupported) {
			t.Errorf("err = %v, want *FormatError with Field %q", err, field)
		}
	default:
		if err != nil {
			t.Errorf("err = %v, want nil", err)
		}
	}
	if err != nil && !strings.HasPrefix(err.Error(), "slow: ") {
		t.Errorf("error text %q lacks the slow: prefix", err)
	}
}

// checkCapped verifies that every byte slice handed out is
// capacity-capped, so appending to it cannot write into the input.
func checkCapped(t testing.TB, p slow.PDU) {
	t.Helper()
	slices := [][]byte{p.OAM.Data, p.OSSP.Data}
	for _, u := range p.LACP.Unknown {
		slices = append(slices, u.Value)
	}
	for i, s := range slices {
		if cap(s) != len(s) {
			t.Errorf("slice %d: len %d cap %d, want capped", i, len(s), cap(s))
		}
	}
}

func TestEnumStrings(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{slow.Subtype(0).String(), "0"},
		{slow.SubtypeOSSP.String(), "ossp"},
		{slow.PortState(0).String(), "none"},
		{slow.PortState(0xff).String(), "Activity,Timeout,Aggregation,Synchronization,Collecting,Distributing,Defaulted,Expired"},
		{slow.MarkerType(3).String(), "3"},
		{slow.OAMCode(9).String(), "9"},
		{slow.OAMFlags(0).String(), "none"},
		{(slow.OAMDyingGasp | slow.OAMFlags(1<<9)).String(), "dying-gasp,bit9"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("String() = %q, want %q", tt.got, tt.want)
		}
	}
}
