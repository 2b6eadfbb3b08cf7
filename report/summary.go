package report

import "time"

// SchemaVersion is the version of the JSON contract (Summary and
// FrameRecord). It changes when a field changes meaning or disappears.
const SchemaVersion = 1

// Summary is the result of one analysis run.
type Summary struct {
	SchemaVersion int     `json:"schema_version"`
	Tool          Tool    `json:"tool"`
	Inputs        []Input `json:"inputs"`
	Host          Host    `json:"host"`
	Totals        Totals  `json:"totals"`
	// Headline is the one-sentence answer.
	Headline string `json:"headline"`
	// Drops lists the frames the host would count, by class, skb->protocol
	// and counter, most frames first.
	Drops []Drop `json:"drops"`
	// Classes lists every analysed frame by class and verdict.
	Classes []ClassRow `json:"classes"`
	// Senders lists the source MACs of counted frames, most frames first.
	Senders []Sender `json:"senders"`
	// SendersOther counts counted frames from senders beyond the tracking
	// bound, aggregated as "other".
	SendersOther uint64 `json:"senders_other_frames"`
	// STP and DHCPv6 summarise the dissected BPDUs and DHCPv6 messages;
	// nil when there were none.
	STP    *STPView    `json:"stp"`
	DHCPv6 *DHCPv6View `json:"dhcpv6"`
	// Dissected counts the frames whose protocol fields were decoded (the
	// counted frames, or all with --all).
	Dissected uint64 `json:"dissected"`
	// WhatIf shows what other common host configurations would count for
	// the same frames.
	WhatIf   []WhatIf `json:"what_if"`
	Remedies []Remedy `json:"remedies"`
	// Caveats say what the tool assumed or could not see.
	Caveats  []string `json:"caveats"`
	Warnings []string `json:"warnings"`
	// Live describes a live capture and compares the model with the
	// interface's counters; absent for captures read from files.
	Live *Live `json:"live,omitempty"`
	// Timeline is the counted frames over time; null when none was counted.
	Timeline *Timeline `json:"timeline"`
	// Hosts lists the reports a merged summary combines; absent otherwise.
	Hosts []MergedReport `json:"hosts,omitempty"`
	// GeneratedAt is when the report was written, only when asked for
	// (--generated-at); absent otherwise, so reports are reproducible.
	GeneratedAt string `json:"generated_at,omitempty"`
}

// Tool identifies the program that wrote the summary.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Input is one capture read.
type Input struct {
	Name       string `json:"name"`
	Format     string `json:"format"`     // pcap, pcapng
	Compressed bool   `json:"compressed"` // gzip
	SizeBytes  int64  `json:"size_bytes"` // on disk; -1 for standard input
	Snaplen    uint32 `json:"snaplen"`    // pcap header snap length; 0 for pcapng
	Frames     uint64 `json:"frames"`     // records read
	// LinkTypes counts records by link type name (ethernet, linux-sll2, ...).
	LinkTypes map[string]uint64 `json:"link_types"`
	First     *time.Time        `json:"first_time"` // nil when no frame was read
	Last      *time.Time        `json:"last_time"`
	// Truncated is set when the file ended inside a record; TruncatedAt is
	// that record's byte offset in the (decompressed) file.
	Truncated   bool  `json:"truncated"`
	TruncatedAt int64 `json:"truncated_at"`
}

// Host is the host model every verdict was computed for, and where each
// fact came from.
type Host struct {
	Kernel       string `json:"kernel"`        // e.g. "6.18", "3.10 (el7)"
	KernelSource string `json:"kernel_source"` // default, flag
	Device       string `json:"device"`        // "" when not given
	MAC          string `json:"mac"`           // "" when unknown
	MACSource    string `json:"mac_source"`    // flag, unknown
	// MACHint is the host MAC inferred from the traffic (the most frequent
	// unicast destination); shown only, never used.
	MACHint   string       `json:"mac_hint"`
	Handlers  []HandlerRow `json:"handlers"`
	Taps      []TapRow     `json:"taps"`
	VLANs     []VLANRow    `json:"vlan_devices"`
	RxHandler string       `json:"rx_handler"` // none, pass, exact
	TCIngress bool         `json:"tc_ingress"`
	Source    string       `json:"source"`           // where the handler table came from
	Missing   []string     `json:"missing_handlers"` // well-known handlers absent, with what that means
}

// HandlerRow is one protocol entry of the host model.
type HandlerRow struct {
	Type     string `json:"type"` // "0x0800"
	Name     string `json:"name"` // "IPv4"
	Function string `json:"function"`
	Module   string `json:"module"`
	Device   string `json:"device"`
}

// TapRow is one capture socket of the host model.
type TapRow struct {
	Device   string `json:"device"` // "" unbound
	Function string `json:"function"`
}

// VLANRow is one VLAN device of the host model.
type VLANRow struct {
	Name string `json:"name"`
	TPID string `json:"tpid"`
	VID  uint16 `json:"vid"`
	Up   bool   `json:"up"`
}

// Totals are run-wide counters. Every analysed frame has exactly one
// verdict: Analysed == Delivered + RxDropped + RxNoHandler + Freed.
type Totals struct {
	Frames          uint64            `json:"frames"`           // records read from all inputs
	Analysed        uint64            `json:"analysed"`         // received frames given a verdict
	Outgoing        uint64            `json:"outgoing"`         // frames the capture marks as sent by the host: not on the receive path
	UnsupportedLink uint64            `json:"unsupported_link"` // frames on link types the model does not cover
	Runts           uint64            `json:"runts"`            // Ethernet records under 14 bytes: never reach the stack
	ByLinkType      map[string]uint64 `json:"by_link_type"`
	Delivered       uint64            `json:"delivered"`
	DeliveredToTap  uint64            `json:"delivered_to_tap_only"` // delivered only because a capture socket of the host model was open
	RxDropped       uint64            `json:"rx_dropped"`
	RxNoHandler     uint64            `json:"rx_nohandler"`
	Freed           uint64            `json:"freed"`
	Counted         uint64            `json:"counted"`   // rx_dropped + rx_nohandler
	Truncated       uint64            `json:"truncated"` // captured shorter than on the wire (snap length)
	Uncertain       uint64            `json:"uncertain"` // verdicts that depended on bytes the capture did not keep
	First           *time.Time        `json:"first_time"`
	Last            *time.Time        `json:"last_time"`
	SpanSeconds     float64           `json:"span_seconds"`
	// CountedPerSecond is Counted / SpanSeconds; 0 when the span is 0.
	CountedPerSecond float64 `json:"counted_per_second"`
}

// Drop is one row of counted frames.
type Drop struct {
	Class       string `json:"class"`
	Counter     string `json:"counter"`      // rx_dropped or rx_nohandler
	SkbProtocol string `json:"skb_protocol"` // host-order value as /proc/net/ptype prints it, "0x86dd"
	// PerfProbe is skb->protocol as `perf probe ... skb->protocol` prints
	// it on little-endian x86: "0xdd86".
	PerfProbe string `json:"perf_probe"`
	// KfreeSkbProtocol is the host-order decimal the skb:kfree_skb
	// tracepoint prints: 34525.
	KfreeSkbProtocol uint16    `json:"kfree_skb_protocol"`
	Reason           string    `json:"reason"` // kfree_skb drop reason, "" before 5.17
	Frames           uint64    `json:"frames"`
	SharePercent     float64   `json:"share_percent"` // of all counted frames
	PerSecond        float64   `json:"per_second"`    // over the capture span
	Senders          int       `json:"senders"`       // distinct source MACs
	First            time.Time `json:"first_time"`
	Last             time.Time `json:"last_time"`
}

// ClassRow counts every analysed frame of one class by verdict.
type ClassRow struct {
	Class       string `json:"class"`
	Frames      uint64 `json:"frames"`
	Delivered   uint64 `json:"delivered"`
	RxDropped   uint64 `json:"rx_dropped"`
	RxNoHandler uint64 `json:"rx_nohandler"`
	Freed       uint64 `json:"freed"`
}

// Sender is a source MAC of counted frames.
type Sender struct {
	MAC     string   `json:"mac"`
	Vendor  string   `json:"vendor"` // OUI owner; "" when unknown or locally administered
	VLANs   []uint16 `json:"vlans"`
	Classes []string `json:"classes"`
	// Identity is what the sender's protocols reveal about it: bridge and
	// port of its BPDUs, DUID and vendor class of its DHCPv6 messages,
	// LLDP/CDP system and port names.
	Identity  []string  `json:"identity"`
	Frames    uint64    `json:"frames"` // counted frames
	PerSecond float64   `json:"per_second"`
	First     time.Time `json:"first_time"`
	Last      time.Time `json:"last_time"`
}

// Remedy is a concrete, safe way to stop a group of drops.
type Remedy struct {
	Classes []string `json:"classes"`
	Frames  uint64   `json:"frames"`
	Action  string   `json:"action"`
}

// WhatIf is what one other host configuration would count for the same
// frames.
type WhatIf struct {
	Host        string   `json:"host"` // stock, ipv6-disabled, no-llc, ipv6-disabled-no-llc
	Description string   `json:"description"`
	Counted     uint64   `json:"counted"`
	RxDropped   uint64   `json:"rx_dropped"`
	RxNoHandler uint64   `json:"rx_nohandler"`
	PerSecond   float64  `json:"per_second"`
	TopClasses  []string `json:"top_classes"` // up to three classes still counted, most first
}
