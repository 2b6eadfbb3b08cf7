package samplegen

import (
	"strconv"
	"time"
)

// Direction is the direction of a captured frame relative to the capturing
// host, as pcapng epb_flags bits 0-1 or a Linux cooked packet type encode it.
type Direction uint8

// Directions.
const (
	DirUnknown  Direction = iota // no information (classic pcap of Ethernet)
	DirInbound                   // received by the host
	DirOutbound                  // sent by the host; never reaches the receive path
)

func (d Direction) String() string {
	switch d {
	case DirUnknown:
		return "unknown"
	case DirInbound:
		return "inbound"
	case DirOutbound:
		return "outbound"
	}
	return "Direction(" + strconv.Itoa(int(d)) + ")"
}

// Packet is one captured frame of a scenario.
type Packet struct {
	// Time is the capture timestamp, in UTC.
	Time time.Time
	// Data is the captured bytes in the file's link-layer format: an Ethernet
	// frame, or for AnySLL2 and AnySLL a Linux cooked header and the frame
	// without its MAC header. The slice is owned by the Packet.
	Data []byte
	// OrigLen is the length of the frame on the wire; it exceeds len(Data)
	// only for a frame cut by the snap length.
	OrigLen int
	// Iface is the index of the capture interface: the position in the
	// pcapng interface table (0 = em1) for Incident, 0 for classic pcap
	// Ethernet files, and the Linux ifindex for the cooked captures.
	Iface int
	// Dir is the direction of the frame.
	Dir Direction
	// Note names what the frame is and why it is there, in a few words.
	Note string
}

// Start is the capture start time of every scenario.
var Start = time.Date(2026, time.November, 20, 14, 15, 40, 0, time.UTC)
