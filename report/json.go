package report

import (
	"encoding/json"
	"io"
	"strconv"
	"time"
	"unicode/utf8"
)

// WriteJSON writes s as indented JSON.
func WriteJSON(w io.Writer, s *Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// FrameRecord is one line of JSON Lines output: the verdict for one frame.
type FrameRecord struct {
	Frame     uint64    // 1-based index over all inputs
	Time      time.Time // capture timestamp
	Input     int       // 0-based index of the input file
	LinkType  string
	CapLen    int
	OrigLen   int
	Src, Dst  string // "" when the capture has no such address (cooked)
	VLAN      int    // first VLAN ID, -1 when untagged
	SkbProto  string // "0x86dd"
	PktType   string
	Verdict   string // delivered, rx_dropped, rx_nohandler, freed, outgoing, unsupported_link, runt
	Handler   string
	Reason    string
	Class     string
	Tap       bool
	Uncertain bool
	// DetailProtocol names the dissector that decoded the frame ("stp",
	// "dhcpv6", "icmpv6", ...), "" when the frame was not dissected;
	// Detail holds its fields in a fixed order.
	DetailProtocol string
	Detail         []KV
}

// KV is one decoded field of a frame.
type KV struct {
	Key, Val string
}

// AppendJSONL appends r as one JSON object and a newline. Keys are fixed
// and in a fixed order; nothing is omitted.
func AppendJSONL(b []byte, r *FrameRecord) []byte {
	b = append(b, `{"frame":`...)
	b = strconv.AppendUint(b, r.Frame, 10)
	b = append(b, `,"time":"`...)
	b = r.Time.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","input":`...)
	b = strconv.AppendInt(b, int64(r.Input), 10)
	b = appendStr(b, "link_type", r.LinkType)
	b = append(b, `,"caplen":`...)
	b = strconv.AppendInt(b, int64(r.CapLen), 10)
	b = append(b, `,"origlen":`...)
	b = strconv.AppendInt(b, int64(r.OrigLen), 10)
	b = appendStr(b, "src", r.Src)
	b = appendStr(b, "dst", r.Dst)
	b = append(b, `,"vlan":`...)
	if r.VLAN < 0 {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendInt(b, int64(r.VLAN), 10)
	}
	b = appendStr(b, "skb_protocol", r.SkbProto)
	b = appendStr(b, "pkt_type", r.PktType)
	b = appendStr(b, "verdict", r.Verdict)
	b = appendStr(b, "handler", r.Handler)
	b = appendStr(b, "reason", r.Reason)
	b = appendStr(b, "class", r.Class)
	b = append(b, `,"tap":`...)
	b = strconv.AppendBool(b, r.Tap)
	b = append(b, `,"uncertain":`...)
	b = strconv.AppendBool(b, r.Uncertain)
	b = append(b, `,"detail":`...)
	if r.DetailProtocol == "" {
		b = append(b, "null"...)
	} else {
		b = append(b, `{"protocol":`...)
		b = appendJSONString(b, r.DetailProtocol)
		for _, kv := range r.Detail {
			b = append(b, ',')
			b = appendJSONString(b, kv.Key)
			b = append(b, ':')
			b = appendJSONString(b, kv.Val)
		}
		b = append(b, '}')
	}
	return append(b, "}\n"...)
}

func appendStr(b []byte, key, val string) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	return appendJSONString(b, val)
}

// appendJSONString appends s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced (decoded fields such
// as an MST region name come from the wire).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20 || r == 0x7f:
			b = append(b, '\\', 'u', '0', '0', hexDigit(byte(r)>>4), hexDigit(byte(r)&0xf))
		case r == utf8.RuneError:
			b = append(b, "\\ufffd"...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}

func hexDigit(v byte) byte { return "0123456789abcdef"[v] }
