package source

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Link types (LINKTYPE_* in the pcap/pcapng link-type registry).
const (
	LinkNull     uint16 = 0
	LinkEthernet uint16 = 1
	LinkRaw      uint16 = 101
	LinkSLL      uint16 = 113
	LinkSLL2     uint16 = 276
)

// LinkTypeName names a link type for reports: "ethernet", "linux-sll",
// "linux-sll2", or "linktype-N".
func LinkTypeName(lt uint16) string {
	switch lt {
	case LinkNull:
		return "null"
	case LinkEthernet:
		return "ethernet"
	case LinkRaw:
		return "raw-ip"
	case LinkSLL:
		return "linux-sll"
	case LinkSLL2:
		return "linux-sll2"
	case 105:
		return "ieee802.11"
	case 127:
		return "ieee802.11-radiotap"
	case 9:
		return "ppp"
	case 228:
		return "ipv4"
	case 229:
		return "ipv6"
	}
	return fmt.Sprintf("linktype-%d", lt)
}

// Direction is what the capture says about a frame's direction.
type Direction uint8

// Directions.
const (
	DirUnknown  Direction = iota // classic pcap: nothing recorded
	DirInbound                   // pcapng epb_flags inbound
	DirOutbound                  // pcapng epb_flags outbound
)

// Frame is one captured record.
type Frame struct {
	// Data is the captured bytes. It aliases the reader's buffer and is
	// valid until the next call to Next.
	Data []byte
	// TS is the capture time in Unix nanoseconds. A time the capture
	// records outside what int64 nanoseconds hold (years 1678 to 2262)
	// is clamped to the nearer limit and BadTime is set.
	TS       int64
	BadTime  bool
	CapLen   int // == len(Data)
	OrigLen  int // length on the wire; > CapLen when the snap length cut it
	LinkType uint16
	Iface    int // pcapng interface id; 0 for pcap
	Dir      Direction
}

// Time is TS as a time.Time in UTC.
func (f *Frame) Time() time.Time { return time.Unix(0, f.TS).UTC() }

// The times TS holds, and the seconds strictly inside them.
var (
	minTime = time.Unix(0, math.MinInt64).UTC()
	maxTime = time.Unix(0, math.MaxInt64).UTC()
	minSec  = minTime.Unix()
	maxSec  = maxTime.Unix()
)

// SetTime sets TS from t, clamping it (and setting BadTime) when t is
// outside the years int64 nanoseconds hold.
func (f *Frame) SetTime(t time.Time) {
	if sec := t.Unix(); sec <= minSec || sec >= maxSec {
		switch {
		case t.Before(minTime):
			f.TS, f.BadTime = math.MinInt64, true
			return
		case t.After(maxTime):
			f.TS, f.BadTime = math.MaxInt64, true
			return
		}
	}
	f.TS, f.BadTime = t.UnixNano(), false
}

// Source yields frames until io.EOF.
type Source interface {
	// Next returns the next frame, io.EOF at a clean end, or an error. A
	// *TruncatedError means the file ended inside a record: the frames
	// before it are good.
	Next() (Frame, error)
	Close() error
}

// Input is a Source that can describe itself for a report: a capture
// file, or a live capture.
type Input interface {
	Source
	Info() Info
}

// TruncatedError reports a capture that ends in the middle of a record or
// block, as a rotated or interrupted capture does.
type TruncatedError struct {
	Offset int64 // byte offset, in the (decompressed) capture, of the incomplete record
	Err    error
}

func (e *TruncatedError) Error() string {
	return fmt.Sprintf("capture cut off in the record at byte %d: %v", e.Offset, e.Err)
}

func (e *TruncatedError) Unwrap() error { return e.Err }

// ErrNotCapture reports input that is neither pcap nor pcapng.
var ErrNotCapture = errors.New("not a pcap or pcapng capture")
