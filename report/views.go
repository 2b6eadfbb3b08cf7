package report

import "time"

// STPView summarises the spanning-tree BPDUs that were dissected: who
// sends them, which roots and MST regions they describe, and how often
// the topology changes.
type STPView struct {
	BPDUs     uint64 `json:"bpdus"`
	Malformed uint64 `json:"malformed"` // BPDUs that did not parse whole (short, long, inconsistent)
	// TopologyChanges counts BPDUs with the TC flag set; TCNs counts
	// Topology Change Notification BPDUs.
	TopologyChanges uint64      `json:"topology_changes"`
	TCNs            uint64      `json:"tcns"`
	FirstChange     *time.Time  `json:"first_change"` // first TC-flagged BPDU or TCN, nil if none
	LastChange      *time.Time  `json:"last_change"`
	Roots           []STPRoot   `json:"roots"`
	Bridges         []STPBridge `json:"bridges"`
	// BridgesOther counts BPDUs from bridge ports beyond the tracking bound.
	BridgesOther uint64      `json:"bridges_other_bpdus"`
	Regions      []MSTRegion `json:"regions"`
}

// STPRoot is a root bridge named by BPDUs.
type STPRoot struct {
	Root  string `json:"root"` // priority.MAC as tcpdump prints it, e.g. "8000.38:1c:1a:7a:c1:80"
	BPDUs uint64 `json:"bpdus"`
}

// STPBridge is one bridge port sending BPDUs.
type STPBridge struct {
	MAC      string   `json:"mac"` // source MAC of the frames
	Vendor   string   `json:"vendor"`
	Protocol string   `json:"protocol"` // class: stp/config, stp/rstp, stp/mstp, stp/pvst+ ...
	Bridge   string   `json:"bridge"`   // bridge identifier (for MSTP the CIST bridge), priority.MAC
	Port     string   `json:"port"`     // port identifier, 0xPPNN
	Root     string   `json:"root"`
	RootCost uint32   `json:"root_path_cost"`
	Role     string   `json:"role"`   // port role from the flags (RST/MST), "" for 802.1D
	Region   string   `json:"region"` // MST configuration name, "" unless MSTP
	Revision uint16   `json:"revision"`
	MSTIs    []uint16 `json:"mstis"` // MSTIDs carried
	VLAN     int      `json:"vlan"`  // PVST+ originating VLAN, -1 when none
	BPDUs    uint64   `json:"bpdus"`
	TC       uint64   `json:"topology_changes"`
	// IntervalSeconds is the mean time between this port's BPDUs (the
	// hello time, normally 2 s); 0 with fewer than two BPDUs.
	IntervalSeconds float64   `json:"interval_seconds"`
	First           time.Time `json:"first_time"`
	Last            time.Time `json:"last_time"`
}

// MSTRegion is an MST region seen in MSTP BPDUs.
type MSTRegion struct {
	Name     string    `json:"name"`
	Revision uint16    `json:"revision"`
	Digest   string    `json:"digest"` // configuration digest, hex
	Bridges  int       `json:"bridges"`
	MSTIs    []MSTIRow `json:"mstis"`
}

// MSTIRow is one MST instance of a region and its regional root.
type MSTIRow struct {
	ID           uint16 `json:"id"`
	RegionalRoot string `json:"regional_root"`
}

// DHCPv6View summarises the DHCPv6 messages that were dissected.
type DHCPv6View struct {
	Messages []MessageCount `json:"messages"` // by message type
	Clients  []DHCPv6Client `json:"clients"`
	// ClientsOther counts messages from clients beyond the tracking bound.
	ClientsOther uint64 `json:"clients_other_messages"`
}

// MessageCount is a count by message type.
type MessageCount struct {
	Type  string `json:"type"`
	Count uint64 `json:"count"`
}

// DHCPv6Client is one client (source MAC) sending DHCPv6 messages.
type DHCPv6Client struct {
	MAC         string `json:"mac"`
	Vendor      string `json:"vendor"`
	LinkLocal   string `json:"link_local"`   // IPv6 source address
	DUID        string `json:"duid"`         // e.g. "DUID-LL 6c:0b:84:81:b4:d3"
	VendorClass string `json:"vendor_class"` // enterprise number and data, "" when absent
	Messages    uint64 `json:"messages"`
	Solicits    uint64 `json:"solicits"`
	// MeanIntervalSeconds and MinIntervalSeconds are the mean and the
	// smallest time between this client's messages: its retransmission
	// behaviour (RFC 8415 §15); 0 with fewer than two messages.
	MeanIntervalSeconds float64 `json:"mean_interval_seconds"`
	MinIntervalSeconds  float64 `json:"min_interval_seconds"`
	// MaxElapsedSeconds is the largest Elapsed Time option seen: how long
	// the client has been trying.
	MaxElapsedSeconds float64   `json:"max_elapsed_seconds"`
	First             time.Time `json:"first_time"`
	Last              time.Time `json:"last_time"`
}
