package icmpv6

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"time"
)

const (
	mldLen          = 24 // RFC 2710 §3
	mldv2QueryLen   = 28 // RFC 3810 §5.1, without sources
	mldv2RecordLen  = 20 // RFC 3810 §5.2.4, without sources and aux data
	mldv2ReportHead = 8  // RFC 3810 §5.2: header, reserved, record count
)

// MLD is an MLDv1 Query (24 bytes), Report or Done (RFC 2710 §3).
type MLD struct {
	// MaxResponseDelay is in milliseconds; meaningful in queries only.
	MaxResponseDelay uint16
	// MulticastAddress is the group; unspecified in a general query.
	MulticastAddress netip.Addr
}

// MLDv2Query is a Version 2 Multicast Listener Query (RFC 3810 §5.1): a
// type 130 message of 28 bytes or more.
type MLDv2Query struct {
	// MaxResponseCode is the wire value and MaxResponseDelay its decoded
	// form (RFC 3810 §5.1.3).
	MaxResponseCode  uint16
	MaxResponseDelay time.Duration
	// MulticastAddress is the group; unspecified in a general query.
	MulticastAddress netip.Addr
	// SuppressRouterSide is the S flag (§5.1.7).
	SuppressRouterSide bool
	// QRV is the querier's robustness variable (§5.1.8), 0..7.
	QRV uint8
	// QQIC is the wire value and QQI its decoded form (§5.1.9).
	QQIC uint8
	QQI  time.Duration
	// NumSources is the Number of Sources field; Sources has that many
	// addresses unless the error says the message was truncated.
	NumSources uint16
	Sources    []netip.Addr
}

// MLDv2Report is a Version 2 Multicast Listener Report (RFC 3810 §5.2).
type MLDv2Report struct {
	// NumRecords is the Nr of Mcast Address Records field; Records has
	// that many unless the error says the message was truncated.
	NumRecords uint16
	Records    []MLDv2Record
}

// MLDv2Record is one Multicast Address Record (RFC 3810 §5.2.4).
type MLDv2Record struct {
	Type RecordType
	// AuxDataLen is the Aux Data Len field in 32-bit words.
	AuxDataLen uint8
	// NumSources is the Number of Sources field; len(Sources) equals it.
	NumSources       uint16
	MulticastAddress netip.Addr
	Sources          []netip.Addr
	// AuxData aliases the input; RFC 3810 §5.2.10 says receivers ignore it.
	AuxData []byte
}

func parseMLD(b []byte) MLD {
	return MLD{
		MaxResponseDelay: binary.BigEndian.Uint16(b[4:]),
		MulticastAddress: netip.AddrFrom16([16]byte(b[8:24])),
	}
}

// mldv2Delay decodes a Maximum Response Code (RFC 3810 §5.1.3).
func mldv2Delay(code uint16) time.Duration {
	if code < 0x8000 {
		return time.Duration(code) * time.Millisecond
	}
	mant := uint64(code & 0x0fff)
	exp := uint64(code>>12) & 0x7
	return time.Duration((mant|0x1000)<<(exp+3)) * time.Millisecond
}

// mldv2QQI decodes a Querier's Query Interval Code (RFC 3810 §5.1.9).
func mldv2QQI(code uint8) time.Duration {
	if code < 0x80 {
		return time.Duration(code) * time.Second
	}
	mant := uint64(code & 0x0f)
	exp := uint64(code>>4) & 0x7
	return time.Duration((mant|0x10)<<(exp+3)) * time.Second
}

func parseMLDv2Query(b []byte) (MLDv2Query, error) {
	code := binary.BigEndian.Uint16(b[4:])
	q := MLDv2Query{
		MaxResponseCode:    code,
		MaxResponseDelay:   mldv2Delay(code),
		MulticastAddress:   netip.AddrFrom16([16]byte(b[8:24])),
		SuppressRouterSide: b[24]&0x08 != 0,
		QRV:                b[24] & 0x07,
		QQIC:               b[25],
		QQI:                mldv2QQI(b[25]),
		NumSources:         binary.BigEndian.Uint16(b[26:]),
	}
	off := mldv2QueryLen
	for i := 0; i < int(q.NumSources); i++ {
		if len(b)-off < 16 {
			return q, truncated(fmt.Sprintf("MLDv2 query source %d", i), off, 16, len(b)-off)
		}
		q.Sources = append(q.Sources, netip.AddrFrom16([16]byte(b[off:off+16])))
		off += 16
	}
	return q, nil
}

func parseMLDv2Report(b []byte) (MLDv2Report, error) {
	r := MLDv2Report{NumRecords: binary.BigEndian.Uint16(b[6:])}
	off := mldv2ReportHead
	for i := 0; i < int(r.NumRecords); i++ {
		field := fmt.Sprintf("MLDv2 record %d", i)
		if len(b)-off < mldv2RecordLen {
			return r, truncated(field, off, mldv2RecordLen, len(b)-off)
		}
		rec := MLDv2Record{
			Type:             RecordType(b[off]),
			AuxDataLen:       b[off+1],
			NumSources:       binary.BigEndian.Uint16(b[off+2:]),
			MulticastAddress: netip.AddrFrom16([16]byte(b[off+4 : off+20])),
		}
		n := mldv2RecordLen + 16*int(rec.NumSources) + 4*int(rec.AuxDataLen)
		if n > len(b)-off {
			return r, truncated(fmt.Sprintf("%s (%d sources, %d aux words)", field, rec.NumSources, rec.AuxDataLen), off, n, len(b)-off)
		}
		if rec.NumSources > 0 {
			rec.Sources = make([]netip.Addr, 0, rec.NumSources)
		}
		s := off + mldv2RecordLen
		for j := 0; j < int(rec.NumSources); j++ {
			rec.Sources = append(rec.Sources, netip.AddrFrom16([16]byte(b[s:s+16])))
			s += 16
		}
		if rec.AuxDataLen > 0 {
			rec.AuxData = b[s : off+n : off+n]
		}
		r.Records = append(r.Records, rec)
		off += n
	}
	return r, nil
}
