package eapol

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/dropscope/dropscope/dissect"
)

// ErrTruncated reports that the frame ends before the header or before
// the body length it declares.
var ErrTruncated = errors.New("eapol: truncated")

// FormatError reports bytes that contradict 802.1X-2020 or RFC 3748; Off
// counts from the version octet, Field is e.g. "eap length".
type FormatError = dissect.FormatError

// HeaderLen is the length of the EAPOL header: protocol version, packet
// type, packet body length.
const HeaderLen = 4

// PacketType is the EAPOL packet type (802.1X-2020 Table 11-3).
//
//enumcheck:exhaustive
type PacketType uint8

// Packet types.
const (
	TypeEAPPacket            PacketType = 0
	TypeStart                PacketType = 1
	TypeLogoff               PacketType = 2
	TypeKey                  PacketType = 3
	TypeEncapsulatedASFAlert PacketType = 4
	TypeMKA                  PacketType = 5
	TypeAnnouncementGeneric  PacketType = 6
	TypeAnnouncementSpecific PacketType = 7
	TypeAnnouncementReq      PacketType = 8
)

func (t PacketType) String() string {
	switch t {
	case TypeEAPPacket:
		return "eap-packet"
	case TypeStart:
		return "start"
	case TypeLogoff:
		return "logoff"
	case TypeKey:
		return "key"
	case TypeEncapsulatedASFAlert:
		return "encapsulated-asf-alert"
	case TypeMKA:
		return "mka"
	case TypeAnnouncementGeneric:
		return "announcement-generic"
	case TypeAnnouncementSpecific:
		return "announcement-specific"
	case TypeAnnouncementReq:
		return "announcement-req"
	}
	return strconv.Itoa(int(t))
}

// Code is the EAP code (RFC 3748 §4; 5 and 6 from RFC 6696 §5.3).
//
//enumcheck:exhaustive
type Code uint8

// EAP codes.
const (
	CodeRequest  Code = 1
	CodeResponse Code = 2
	CodeSuccess  Code = 3
	CodeFailure  Code = 4
	CodeInitiate Code = 5
	CodeFinish   Code = 6
)

func (c Code) String() string {
	switch c {
	case CodeRequest:
		return "request"
	case CodeResponse:
		return "response"
	case CodeSuccess:
		return "success"
	case CodeFailure:
		return "failure"
	case CodeInitiate:
		return "initiate"
	case CodeFinish:
		return "finish"
	}
	return strconv.Itoa(int(c))
}

// Method is the EAP type of a Request or Response (RFC 3748 §5, IANA "EAP
// Method Types"). Only Identity is decoded; the others print as numbers.
type Method uint8

// MethodIdentity is the Identity type (RFC 3748 §5.1).
const MethodIdentity Method = 1

func (m Method) String() string {
	if m == MethodIdentity {
		return "identity"
	}
	return strconv.Itoa(int(m))
}

// EAP is the header of an EAP packet (RFC 3748 §4).
type EAP struct {
	Code       Code
	Identifier uint8
	Length     uint16 // the whole EAP packet, header included, in bytes
	// Type is valid iff HasType: Code is Request or Response and Length
	// is at least 5.
	Type    Method
	HasType bool
	// Identity is the identity string of an Identity Request or Response
	// (valid iff Type == MethodIdentity); a Request may carry a prompt.
	Identity string
	// Data is what follows the type octet (or the 4-byte header when
	// there is no type), up to Length, aliasing the input.
	Data []byte
}

// Frame is a decoded EAPOL frame.
type Frame struct {
	Version    uint8 // protocol version: 1, 2 or 3
	Type       PacketType
	BodyLength uint16 // packet body length as on the wire
	// Body is the packet body, BodyLength bytes (fewer when truncated),
	// without trailing Ethernet padding, aliasing the input.
	Body []byte
	// EAP is valid iff HasEAP, which is set when Type is TypeEAPPacket and
	// the body holds the 4-byte EAP header.
	EAP    EAP
	HasEAP bool
}

// Summary returns one deterministic line, e.g.
// `eapol v1 eap-packet len 9 eap response id 1 identity "user"`.
func (f Frame) Summary() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "eapol v%d %v len %d", f.Version, f.Type, f.BodyLength)
	if f.HasEAP {
		fmt.Fprintf(&sb, " eap %v id %d", f.EAP.Code, f.EAP.Identifier)
		if f.EAP.HasType {
			if f.EAP.Type == MethodIdentity {
				sb.WriteString(" identity ")
				sb.WriteString(strconv.Quote(f.EAP.Identity))
			} else {
				fmt.Fprintf(&sb, " type %v", f.EAP.Type)
			}
		}
	}
	return sb.String()
}

// Errors wrapped by FormatError.
var (
	errEAPShort  = errors.New("EAP length below the 4-byte header")
	errNoType    = errors.New("request or response without a type")
	errEAPLength = errors.New("EAP length beyond the EAPOL body")
)

// Parse decodes b, the payload of an Ethernet frame with EtherType 0x888e.
// Bytes after the declared body (Ethernet padding) are ignored. See the
// package documentation for the errors and which fields are valid then.
func Parse(b []byte) (Frame, error) {
	var f Frame
	if len(b) < HeaderLen {
		return f, fmt.Errorf("eapol: header: %d bytes: %w", len(b), ErrTruncated)
	}
	f.Version = b[0]
	f.Type = PacketType(b[1])
	f.BodyLength = binary.BigEndian.Uint16(b[2:])
	var err error
	n := int(f.BodyLength)
	if n > len(b)-HeaderLen {
		n = len(b) - HeaderLen
		err = fmt.Errorf("eapol: body length %d, %d bytes present: %w", f.BodyLength, n, ErrTruncated)
	}
	f.Body = b[HeaderLen : HeaderLen+n : HeaderLen+n]
	if f.Type != TypeEAPPacket {
		return f, err
	}
	if len(f.Body) < 4 {
		if err == nil {
			err = &FormatError{Proto: "eapol", Field: "eap header", Off: HeaderLen, Err: fmt.Errorf("%w: body length %d", errEAPShort, n)}
		}
		return f, err
	}
	eerr := f.parseEAP(err != nil)
	if err == nil {
		err = eerr
	}
	return f, err
}

// parseEAP decodes the EAP header from f.Body, which holds at least 4
// bytes. cut reports that the body itself was truncated.
func (f *Frame) parseEAP(cut bool) error {
	b := f.Body
	e := &f.EAP
	e.Code = Code(b[0])
	e.Identifier = b[1]
	e.Length = binary.BigEndian.Uint16(b[2:])
	f.HasEAP = true
	l := int(e.Length)
	if l < 4 {
		return &FormatError{Proto: "eapol", Field: "eap length", Off: HeaderLen + 2, Err: fmt.Errorf("%w: %d", errEAPShort, l)}
	}
	var err error
	if l > len(b) {
		if cut {
			err = fmt.Errorf("eapol: eap length %d, %d bytes present: %w", l, len(b), ErrTruncated)
		} else {
			err = &FormatError{Proto: "eapol", Field: "eap length", Off: HeaderLen + 2, Err: fmt.Errorf("%w: %d > %d", errEAPLength, l, len(b))}
		}
		l = len(b)
	}
	if e.Code != CodeRequest && e.Code != CodeResponse {
		e.Data = b[4:l:l]
		return err
	}
	if l < 5 {
		if err == nil {
			err = &FormatError{Proto: "eapol", Field: "eap type", Off: HeaderLen + 4, Err: errNoType}
		}
		return err
	}
	e.Type = Method(b[4])
	e.HasType = true
	e.Data = b[5:l:l]
	if e.Type == MethodIdentity {
		e.Identity = string(e.Data)
	}
	return err
}
