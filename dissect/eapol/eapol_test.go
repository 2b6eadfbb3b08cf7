package eapol_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/dropscope/dropscope/dissect/eapol"
)

var cmpOpts = []cmp.Option{cmpopts.EquateEmpty()}

// parseTest is one row: bytes, the value Parse returns, and the error:
// trunc wants ErrTruncated, field wants a *FormatError with that Field.
type parseTest struct {
	name    string
	b       []byte
	want    eapol.Frame
	trunc   bool
	field   string
	summary string // checked when not empty
}

var parseTests = []parseTest{{
	name: "EAP Response/Identity, Ethernet padding ignored",
	b: []byte{
		0x01,       // protocol version 1
		0x00,       // packet type: EAP-Packet
		0x00, 0x09, // body length 9
		0x02,       // EAP code: Response
		0x02,       // identifier 2
		0x00, 0x09, // EAP length 9
		0x01,               // type: Identity
		'u', 's', 'e', 'r', // identity
		0x00, 0x00, 0x00, // padding
	},
	want: eapol.Frame{
		Version: 1, Type: eapol.TypeEAPPacket, BodyLength: 9,
		Body: []byte{0x02, 0x02, 0x00, 0x09, 0x01, 'u', 's', 'e', 'r'},
		EAP: eapol.EAP{Code: eapol.CodeResponse, Identifier: 2, Length: 9, Type: eapol.MethodIdentity, HasType: true,
			Identity: "user", Data: []byte("user")},
		HasEAP: true,
	},
	summary: `eapol v1 eap-packet len 9 eap response id 2 identity "user"`,
}, {
	name: "EAP Request/Identity without prompt",
	b: []byte{
		0x02,       // protocol version 2
		0x00,       // packet type: EAP-Packet
		0x00, 0x05, // body length 5
		0x01,       // EAP code: Request
		0x01,       // identifier 1
		0x00, 0x05, // EAP length 5
		0x01, // type: Identity
	},
	want: eapol.Frame{
		Version: 2, Type: eapol.TypeEAPPacket, BodyLength: 5,
		Body:   []byte{0x01, 0x01, 0x00, 0x05, 0x01},
		EAP:    eapol.EAP{Code: eapol.CodeRequest, Identifier: 1, Length: 5, Type: eapol.MethodIdentity, HasType: true},
		HasEAP: true,
	},
	summary: `eapol v2 eap-packet len 5 eap request id 1 identity ""`,
}, {
	name: "EAP Request/SIM: type kept as a number",
	b: []byte{
		0x01,       // protocol version 1
		0x00,       // packet type: EAP-Packet
		0x00, 0x08, // body length 8
		0x01,       // EAP code: Request
		0x10,       // identifier 16
		0x00, 0x08, // EAP length 8
		0x12,             // type 18 (EAP-SIM)
		0x0a, 0x00, 0x00, // type data
	},
	want: eapol.Frame{
		Version: 1, Type: eapol.TypeEAPPacket, BodyLength: 8,
		Body: []byte{0x01, 0x10, 0x00, 0x08, 0x12, 0x0a, 0x00, 0x00},
		EAP: eapol.EAP{Code: eapol.CodeRequest, Identifier: 16, Length: 8, Type: 18, HasType: true,
			Data: []byte{0x0a, 0x00, 0x00}},
		HasEAP: true,
	},
	summary: `eapol v1 eap-packet len 8 eap request id 16 type 18`,
}, {
	name: "EAP Success",
	b: []byte{
		0x01,       // protocol version 1
		0x00,       // packet type: EAP-Packet
		0x00, 0x04, // body length 4
		0x03,       // EAP code: Success
		0x00,       // identifier 0
		0x00, 0x04, // EAP length 4
	},
	want: eapol.Frame{
		Version: 1, Type: eapol.TypeEAPPacket, BodyLength: 4,
		Body:   []byte{0x03, 0x00, 0x00, 0x04},
		EAP:    eapol.EAP{Code: eapol.CodeSuccess, Length: 4},
		HasEAP: true,
	},
	summary: `eapol v1 eap-packet len 4 eap success id 0`,
}, {
	name: "EAPOL-Start",
	b: []byte{
		0x01,       // protocol version 1
		0x01,       // packet type: Start
		0x00, 0x00, // body length 0
	},
	want:    eapol.Frame{Version: 1, Type: eapol.TypeStart},
	summary: `eapol v1 start len 0`,
}, {
	name: "EAPOL-Logoff",
	b: []byte{
		0x03,       // protocol version 3
		0x02,       // packet type: Logoff
		0x00, 0x00, // body length 0
	},
	want: eapol.Frame{Version: 3, Type: eapol.TypeLogoff},
}, {
	name: "EAPOL-Key: body kept raw",
	b: []byte{
		0x01,       // protocol version 1
		0x03,       // packet type: Key
		0x00, 0x03, // body length 3
		0x01, 0x00, 0x0d, // descriptor type RC4, key length
	},
	want:    eapol.Frame{Version: 1, Type: eapol.TypeKey, BodyLength: 3, Body: []byte{0x01, 0x00, 0x0d}},
	summary: `eapol v1 key len 3`,
}, {
	name: "MKA and unknown packet type 42",
	b: []byte{
		0x03,       // protocol version 3
		0x2a,       // packet type 42
		0x00, 0x01, // body length 1
		0xff,
	},
	want:    eapol.Frame{Version: 3, Type: 42, BodyLength: 1, Body: []byte{0xff}},
	summary: `eapol v3 42 len 1`,
}, {
	name:  "truncated: 3-byte header",
	b:     []byte{0x01, 0x00, 0x00},
	trunc: true,
}, {
	name: "truncated: body length past the end",
	b: []byte{
		0x01,       // protocol version 1
		0x03,       // packet type: Key
		0x00, 0x39, // body length 57
		0x01, 0x00, // 2 bytes
	},
	want:  eapol.Frame{Version: 1, Type: eapol.TypeKey, BodyLength: 57, Body: []byte{0x01, 0x00}},
	trunc: true,
}, {
	name: "truncated: EAP Response cut inside the identity",
	b: []byte{
		0x01,       // protocol version 1
		0x00,       // packet type: EAP-Packet
		0x00, 0x2d, // body length 45
		0x02,       // EAP code: Response
		0x02,       // identifier 2
		0x00, 0x2d, // EAP length 45
		0x01,     // type: Identity
		'1', '2', // 2 of 40 identity bytes
	},
	want: eapol.Frame{
		Version: 1, Type: eapol.TypeEAPPacket, BodyLength: 45,
		Body: []byte{0x02, 0x02, 0x00, 0x2d, 0x01, '1', '2'},
		EAP: eapol.EAP{Code: eapol.CodeResponse, Identifier: 2, Length: 45, Type: eapol.MethodIdentity, HasType: true,
			Identity: "12", Data: []byte("12")},
		HasEAP: true,
	},
	trunc: true,
}, {
	name: "malformed: EAP packet with a 2-byte body",
	b: []byte{
		0x01,       // protocol version 1
		0x00,       // packet type: EAP-Packet
		0x00, 0x02, // body length 2: an EAP header needs 4
		0x01, 0x01,
	},
	want:  eapol.Frame{Version: 1, Type: eapol.TypeEAPPacket, BodyLength: 2, Body: []byte{0x01, 0x01}},
	field: "eap header",
}, {
	name: "malformed: EAP length 2",
	b: []byte{
		0x01,       // protocol version 1
		0x00,       // packet type: EAP-Packet
		0x00, 0x04, // body length 4
		0x03,       // EAP code: Success
		0x00,       // identifier
		0x00, 0x02, // EAP length 2: under the header
	},
	want: eapol.Frame{
		Version: 1, Type: eapol.TypeEAPPacket, BodyLength: 4, Body: []byte{0x03, 0x00, 0x00, 0x02},
		EAP: eapol.EAP{Code: eapol.CodeSuccess, Length: 2}, HasEAP: true,
	},
	field: "eap length",
}, {
	name: "malformed: EAP length beyond the EAPOL body length",
	b: []byte{
		0x01,       // protocol version 1
		0x00,       // packet type: EAP-Packet
		0x00, 0x05, // body length 5
		0x01,       // EAP code: Request
		0x07,       // identifier 7
		0x00, 0x08, // EAP length 8 > 5
		0x01,             // type: Identity
		0x00, 0x00, 0x00, // padding, not body
	},
	want: eapol.Frame{
		Version: 1, Type: eapol.TypeEAPPacket, BodyLength: 5, Body: []byte{0x01, 0x07, 0x00, 0x08, 0x01},
		EAP:    eapol.EAP{Code: eapol.CodeRequest, Identifier: 7, Length: 8, Type: eapol.MethodIdentity, HasType: true},
		HasEAP: true,
	},
	field: "eap length",
}, {
	name: "malformed: EAP Request without a type",
	b: []byte{
		0x01,       // protocol version 1
		0x00,       // packet type: EAP-Packet
		0x00, 0x04, // body length 4
		0x01,       // EAP code: Request
		0x07,       // identifier 7
		0x00, 0x04, // EAP length 4: no type octet
	},
	want: eapol.Frame{
		Version: 1, Type: eapol.TypeEAPPacket, BodyLength: 4, Body: []byte{0x01, 0x07, 0x00, 0x04},
		EAP: eapol.EAP{Code: eapol.CodeRequest, Identifier: 7, Length: 4}, HasEAP: true,
	},
	field: "eap type",
}}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := eapol.Parse(tt.b)
			checkErr(t, err, tt.trunc, tt.field)
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

func checkErr(t *testing.T, err error, trunc bool, field string) {
	t.Helper()
	var fe *eapol.FormatError
	switch {
	case trunc:
		if !errors.Is(err, eapol.ErrTruncated) || errors.As(err, &fe) {
			t.Errorf("err = %v, want only ErrTruncated", err)
		}
	case field != "":
		if !errors.As(err, &fe) || fe.Field != field || errors.Is(err, eapol.ErrTruncated) {
			t.Errorf("err = %v, want *FormatError with Field %q", err, field)
		}
	default:
		if err != nil {
			t.Errorf("err = %v, want nil", err)
		}
	}
	if err != nil && !strings.HasPrefix(err.Error(), "eapol: ") {
		t.Errorf("error text %q lacks the eapol: prefix", err)
	}
}

// checkCapped verifies that every byte slice handed out is
// capacity-capped, so appending to it cannot write into the input.
func checkCapped(t testing.TB, f eapol.Frame) {
	t.Helper()
	for i, s := range [][]byte{f.Body, f.EAP.Data} {
		if cap(s) != len(s) {
			t.Errorf("slice %d: len %d cap %d, want capped", i, len(s), cap(s))
		}
	}
}

func TestEnumStrings(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{eapol.PacketType(9).String(), "9"},
		{eapol.TypeEncapsulatedASFAlert.String(), "encapsulated-asf-alert"},
		{eapol.TypeMKA.String(), "mka"},
		{eapol.Code(0).String(), "0"},
		{eapol.CodeFailure.String(), "failure"},
		{eapol.Method(25).String(), "25"},
		{eapol.MethodIdentity.String(), "identity"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("String() = %q, want %q", tt.got, tt.want)
		}
	}
}
