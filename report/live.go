package report

import (
	"fmt"
	"strconv"
	"strings"
)

// Live describes a live capture (dropscope analyze --iface) and compares
// the model with the kernel's own counters. Frame counts are frames;
// durations are seconds; rates are frames per second.
type Live struct {
	Interface   string `json:"interface"`
	Promiscuous bool   `json:"promiscuous"`
	// OutgoingFilter says how the host's own transmissions were left out:
	// "PACKET_IGNORE_OUTGOING", "bpf pkt_type != OUTGOING",
	// "source MAC == interface MAC" or "none".
	OutgoingFilter  string `json:"outgoing_filter"`
	SkippedOutgoing uint64 `json:"skipped_outgoing"` // frames left out by the source-MAC filter
	TPacketVersion  int    `json:"tpacket_version"`  // 1, 2 or 3
	// StopReason is count, duration, signal or error.
	StopReason      string  `json:"stop_reason"`
	DurationSeconds float64 `json:"duration_seconds"` // socket open to socket closed
	// Frames is how many frames were read from the ring; SocketPackets and
	// RingDrops are PACKET_STATISTICS tp_packets (drops included) and
	// tp_drops (frames lost because the ring was full: never analysed).
	Frames        uint64 `json:"frames"`
	SocketPackets uint64 `json:"socket_packets"`
	RingDrops     uint64 `json:"ring_drops"`
	QueueFreezes  uint64 `json:"queue_freezes"`
	StatsError    string `json:"stats_error"`
	// WrittenTo is the pcapng file the frames were saved to, "" if none.
	WrittenTo string `json:"written_to"`
	// Predicted is what the host WITHOUT dropscope's socket counts for the
	// frames read (rx_dropped + rx_nohandler).
	Predicted            uint64 `json:"predicted_counted"`
	PredictedRxDropped   uint64 `json:"predicted_rx_dropped"`
	PredictedRxNoHandler uint64 `json:"predicted_rx_nohandler"`
	// PredictedWithCapture is what the model counts for the same frames
	// with dropscope's socket as an extra tap on the interface: tagged
	// frames, rx_handler and tc ingress cases. The counter during the
	// capture should move by about this much.
	PredictedWithCapture uint64 `json:"predicted_counted_with_capture"`
	// Counter is the kernel's counters on the interface, read just before
	// the socket was opened and just after it was closed.
	Counter LiveCounters `json:"counter"`
	// Calibration is the counter read with no capture socket open, before
	// the capture (--calibrate); nil when not asked for.
	Calibration *LiveCalibration `json:"calibration,omitempty"`
	// Comparison is the sentence that relates the numbers.
	Comparison string `json:"comparison"`
}

// LiveCounters are interface counters before and after the capture.
type LiveCounters struct {
	Source string `json:"source"` // sysfs or netlink
	// RxDropped* is /sys/class/net/IF/statistics/rx_dropped.
	RxDroppedBefore uint64 `json:"rx_dropped_before"`
	RxDroppedAfter  uint64 `json:"rx_dropped_after"`
	RxDroppedDelta  uint64 `json:"rx_dropped_delta"`
	// RxNoHandler* is statistics/rx_nohandler; valid iff HasRxNoHandler.
	HasRxNoHandler    bool   `json:"has_rx_nohandler"`
	RxNoHandlerBefore uint64 `json:"rx_nohandler_before"`
	RxNoHandlerAfter  uint64 `json:"rx_nohandler_after"`
	RxNoHandlerDelta  uint64 `json:"rx_nohandler_delta"`
	// ProcNetDevDrop* is the rx drop column of /proc/net/dev (rx_dropped +
	// rx_missed_errors); valid iff HasProcNetDev.
	HasProcNetDev        bool   `json:"has_proc_net_dev"`
	ProcNetDevDropBefore uint64 `json:"proc_net_dev_drop_before"`
	ProcNetDevDropAfter  uint64 `json:"proc_net_dev_drop_after"`
	ProcNetDevDropDelta  uint64 `json:"proc_net_dev_drop_delta"`
	// Delta is RxDroppedDelta + RxNoHandlerDelta.
	Delta uint64 `json:"counted_delta"`
}

// LiveCalibration is the counter's rate with no capture socket open.
type LiveCalibration struct {
	DurationSeconds float64 `json:"duration_seconds"`
	// CountedDelta is rx_dropped + rx_nohandler growth over the period.
	CountedDelta     uint64  `json:"counted_delta"`
	CountedPerSecond float64 `json:"counted_per_second"`
	// PredictedPerSecond is the model's Predicted over the capture's
	// DurationSeconds.
	PredictedPerSecond float64 `json:"predicted_per_second"`
}

// tableLive prints the live-capture section of the table report.
func tableLive(p *printer, s *Summary, _ int) {
	l := s.Live
	if l == nil {
		return
	}
	p.line("")
	p.line("Live capture on %s", l.Interface)
	mode := "not promiscuous"
	if l.Promiscuous {
		mode = "PROMISCUOUS (--promisc): frames to other MACs were captured that the host would not receive otherwise"
	}
	p.line("  %s, %s; outgoing frames left out by %s", mode, fmtSeconds(l.DurationSeconds), l.OutgoingFilter)
	p.line("  stopped by %s; %s frames read, socket saw %s, ring drops %s, queue freezes %s",
		l.StopReason, n(l.Frames), n(l.SocketPackets), n(l.RingDrops), n(l.QueueFreezes))
	if l.RingDrops > 0 {
		p.line("  WARNING: %s frames were lost in the ring and not analysed; predictions are low by their share.", n(l.RingDrops))
	}
	if l.StatsError != "" {
		p.line("  socket statistics unavailable: %s", l.StatsError)
	}
	if l.SkippedOutgoing > 0 {
		p.line("  %s frames from the interface's own MAC were left out as outgoing", n(l.SkippedOutgoing))
	}
	if l.WrittenTo != "" {
		p.line("  frames saved to %s", l.WrittenTo)
	}
	c := &l.Counter
	p.line("  predicted for the host without a capture: %s (rx_dropped %s, rx_nohandler %s)",
		n(l.Predicted), n(l.PredictedRxDropped), n(l.PredictedRxNoHandler))
	p.line("  counted by the kernel during the capture: %s (expected about %s: tagged, rx_handler and tc ingress cases still count)",
		n(c.Delta), n(l.PredictedWithCapture))
	parts := []string{fmt.Sprintf("rx_dropped %s -> %s (+%s)", n(c.RxDroppedBefore), n(c.RxDroppedAfter), n(c.RxDroppedDelta))}
	if c.HasRxNoHandler {
		parts = append(parts, fmt.Sprintf("rx_nohandler %s -> %s (+%s)", n(c.RxNoHandlerBefore), n(c.RxNoHandlerAfter), n(c.RxNoHandlerDelta)))
	}
	if c.HasProcNetDev {
		parts = append(parts, fmt.Sprintf("/proc/net/dev drop +%s", n(c.ProcNetDevDropDelta)))
	}
	p.line("  %s: %s", c.Source, strings.Join(parts, ", "))
	if cal := l.Calibration; cal != nil {
		p.line("  calibration without a capture socket: %s counted in %s (%s/s); predicted rate %s/s",
			n(cal.CountedDelta), fmtSeconds(cal.DurationSeconds), strconv.FormatFloat(cal.CountedPerSecond, 'f', 3, 64),
			strconv.FormatFloat(cal.PredictedPerSecond, 'f', 3, 64))
	}
	if l.Comparison != "" {
		p.line("  %s", wrapIndent(l.Comparison, 76, "  "))
	}
}

func fmtSeconds(s float64) string {
	return strconv.FormatFloat(s, 'f', 1, 64) + " s"
}
