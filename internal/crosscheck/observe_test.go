package crosscheck_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/cdp"
	"github.com/dropscope/dropscope/dissect/dhcpv6"
	"github.com/dropscope/dropscope/dissect/eapol"
	"github.com/dropscope/dropscope/dissect/icmpv6"
	"github.com/dropscope/dropscope/dissect/lldp"
	"github.com/dropscope/dropscope/dissect/slow"
	"github.com/dropscope/dropscope/dissect/stp"
	"github.com/dropscope/dropscope/internal/source"
)

// observation is what dropscope decoded from one frame, in tshark's field
// names: each field holds its occurrences in tshark's tree order.
type observation struct {
	fields map[string][]string
	// proto is the protocol dropscope dissected ("stp", "dhcpv6", ...),
	// "" when it reached none of them.
	proto string
	// err is the dissector's error, nil when it decoded cleanly.
	err error
	// why says why no dissector ran, for frames dropscope did not reach.
	why string
	// typeLen is the Ethernet type/length field (0 for cooked captures).
	typeLen uint16
}

func (o *observation) add(field string, v string) {
	o.fields[field] = append(o.fields[field], v)
}

func (o *observation) addUint(field string, v uint64) {
	o.add(field, strconv.FormatUint(v, 10))
}

const (
	maxVLANTags = 8
	udpHdrLen   = 8
)

var (
	llcBPDU  = []byte{0x42, 0x42, 0x03}
	snapPVST = []byte{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x01, 0x0b}
	snapCDP  = []byte{0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00}
)

// observe walks one captured frame as dropscope does (link layer, VLAN
// tags, LLC/SNAP or EtherType, IPv6 and UDP) and runs the dissector for
// the protocol it finds.
func observe(fr source.Frame) observation {
	o := observation{fields: map[string][]string{}}
	var proto dissect.EtherType
	var p []byte
	switch fr.LinkType {
	case source.LinkEthernet:
		e, err := dissect.ParseEthernet(fr.Data)
		if err != nil {
			o.why = "short Ethernet header"
			return o
		}
		proto, p = dissect.Protocol(e.TypeLen, e.Payload), e.Payload
		o.typeLen = e.TypeLen
	case source.LinkSLL, source.LinkSLL2:
		parse := dissect.ParseSLL
		if fr.LinkType == source.LinkSLL2 {
			parse = dissect.ParseSLL2
		}
		c, err := parse(fr.Data)
		if err != nil {
			o.why = "short cooked header"
			return o
		}
		proto, p = c.Protocol, c.Payload
	default:
		o.why = "link type " + source.LinkTypeName(fr.LinkType)
		return o
	}
	for i := 0; i < maxVLANTags && (proto.IsVLAN() || proto == dissect.EtherTypeQinQOld); i++ {
		_, tl, rest, ok := dissect.ParseVLAN(p)
		if !ok {
			o.why = "truncated VLAN tag"
			return o
		}
		proto, p = dissect.Protocol(tl, rest), rest
	}
	switch proto {
	case dissect.ETHP8022:
		switch {
		case bytes.HasPrefix(p, llcBPDU):
			b, err := stp.ParseBPDU(p[len(llcBPDU):])
			observeBPDU(&o, b, err)
		case bytes.HasPrefix(p, snapPVST):
			b, err := stp.ParsePVST(p[len(snapPVST):])
			observeBPDU(&o, b, err)
		case bytes.HasPrefix(p, snapCDP):
			c, err := cdp.Parse(p[len(snapCDP):])
			observeCDP(&o, c, err)
		default:
			o.why = "other LLC"
		}
	case dissect.EtherTypeIPv6:
		observeIPv6(&o, p)
	case dissect.EtherTypeLLDP:
		d, err := lldp.Parse(p)
		observeLLDP(&o, d, err)
	case dissect.EtherTypeSlow:
		s, err := slow.Parse(p)
		observeSlow(&o, s, err)
	case dissect.EtherTypeEAPOL:
		f, err := eapol.Parse(p)
		observeEAPOL(&o, f, err)
	default:
		o.why = "EtherType " + proto.String()
	}
	return o
}

// BPDU field ends, in octets from the Protocol Identifier: a field is
// valid iff its end is at most BPDU.Decoded.
const (
	endFlags     = 5
	endRoot      = 13
	endRootCost  = 17
	endBridge    = 25
	endPort      = 27
	endMsgAge    = 29
	endMaxAge    = 31
	endHello     = 33
	endForward   = 35
	endV1Len     = 36
	endV3Len     = 38
	endFormatSel = 39
	endName      = 71
	endRevision  = 73
	endDigest    = 89
	endCISTCost  = 93
	endCISTBrid  = 101
	endCISTHops  = 102
)

func observeBPDU(o *observation, b stp.BPDU, err error) {
	o.proto, o.err = "stp", err
	d := b.Decoded
	if d < 2 {
		return
	}
	o.add("stp.protocol", fmt.Sprintf("0x%04x", b.ProtocolID))
	if b.ProtocolID != 0 {
		return
	}
	if d >= 3 {
		o.addUint("stp.version", uint64(b.Version))
	}
	if d < 4 {
		return
	}
	o.add("stp.type", fmt.Sprintf("0x%02x", uint8(b.Type)))
	if b.Type == stp.TypeTCN {
		return
	}
	type item struct {
		end   int
		field string
		val   string
	}
	u := func(v uint64) string { return strconv.FormatUint(v, 10) }
	timer := func(t stp.Timer) string { return strconv.FormatFloat(float64(t)/256, 'g', -1, 64) }
	items := []item{
		{endFlags, "stp.flags", fmt.Sprintf("0x%02x", uint8(b.Flags))},
		{endRoot, "stp.root.prio", u(uint64(b.Root.Priority))},
		{endRoot, "stp.root.ext", u(uint64(b.Root.SystemID))},
		{endRoot, "stp.root.hw", b.Root.MAC.String()},
		{endRootCost, "stp.root.cost", u(uint64(b.RootPathCost))},
		{endBridge, "stp.bridge.prio", u(uint64(b.Bridge.Priority))},
		{endBridge, "stp.bridge.ext", u(uint64(b.Bridge.SystemID))},
		{endBridge, "stp.bridge.hw", b.Bridge.MAC.String()},
		{endPort, "stp.port", fmt.Sprintf("0x%04x", b.Port.Raw())},
		{endMsgAge, "stp.msg_age", timer(b.MessageAge)},
		{endMaxAge, "stp.max_age", timer(b.MaxAge)},
		{endHello, "stp.hello", timer(b.HelloTime)},
		{endForward, "stp.forward", timer(b.ForwardDelay)},
	}
	if b.Type == stp.TypeRST {
		items = append(items, item{endV1Len, "stp.version_1_length", u(uint64(b.Version1Length))})
	}
	if b.IsMST() {
		items = append(items,
			item{endV3Len, "mstp.version_3_length", u(uint64(b.Version3Length))},
			item{endFormatSel, "mstp.config_format_selector", u(uint64(b.MCID.FormatSelector))},
			item{endName, "mstp.config_name", b.MCID.Name},
			item{endRevision, "mstp.config_revision_level", u(uint64(b.MCID.Revision))},
			item{endDigest, "mstp.config_digest", fmt.Sprintf("%x", b.MCID.Digest)},
			item{endCISTCost, "mstp.cist_internal_root_path_cost", u(uint64(b.CISTInternalRootPathCost))},
			item{endCISTBrid, "mstp.cist_bridge.prio", u(uint64(b.CISTBridge.Priority))},
			item{endCISTBrid, "mstp.cist_bridge.ext", u(uint64(b.CISTBridge.SystemID))},
			item{endCISTBrid, "mstp.cist_bridge.hw", b.CISTBridge.MAC.String()},
			item{endCISTHops, "mstp.cist_remaining_hops", u(uint64(b.CISTRemainingHops))},
		)
	}
	for _, it := range items {
		if it.end <= d {
			o.add(it.field, it.val)
		}
	}
	for _, m := range b.MSTIs {
		o.add("mstp.msti.flags", fmt.Sprintf("0x%02x", uint8(m.Flags)))
		o.addUint("mstp.msti.msti_id", uint64(m.ID()))
		o.add("mstp.msti.root.hw", m.RegionalRoot.MAC.String())
		o.addUint("mstp.msti.root_cost", uint64(m.InternalRootPathCost))
		// tshark prints the 4-bit priority fields, not their values.
		o.addUint("mstp.msti.bridge_priority", uint64(m.BridgePriority>>12))
		o.addUint("mstp.msti.port_priority", uint64(m.PortPriority>>4))
		o.addUint("mstp.msti.remaining_hops", uint64(m.RemainingHops))
	}
	if b.Version == stp.VersionSPB && err == nil {
		o.addUint("mstp.version_4_length", uint64(b.Version4Length))
	}
	if b.HasVLAN {
		o.addUint("stp.pvst.origvlan", uint64(b.VLAN))
	}
}

func observeIPv6(o *observation, p []byte) {
	u, err := icmpv6.WalkIPv6(p)
	if err != nil && len(u.Payload) == 0 {
		o.why = "IPv6 walk: " + err.Error()
		return
	}
	switch u.NextHeader {
	case icmpv6.ProtoICMPv6:
		if u.Fragment {
			o.why = "non-first IPv6 fragment"
			return
		}
		m, err := icmpv6.Parse(u.Payload)
		observeICMPv6(o, m, err)
	case icmpv6.ProtoUDP:
		if u.Fragment || len(u.Payload) < udpHdrLen {
			o.why = "no UDP header"
			return
		}
		sp := binary.BigEndian.Uint16(u.Payload[0:])
		dp := binary.BigEndian.Uint16(u.Payload[2:])
		if sp != 546 && sp != 547 && dp != 546 && dp != 547 {
			o.why = "UDP port"
			return
		}
		m, err := dhcpv6.Parse(u.Payload[udpHdrLen:])
		o.proto, o.err = "dhcpv6", err
		observeDHCPv6(o, m)
	default:
		o.why = fmt.Sprintf("IPv6 next header %d", u.NextHeader)
	}
}

func observeICMPv6(o *observation, m icmpv6.Message, err error) {
	o.proto, o.err = "icmpv6", err
	if err != nil && m.Body == nil && m.Type == 0 && m.Code == 0 {
		return
	}
	o.addUint("icmpv6.type", uint64(m.Type))
	o.addUint("icmpv6.code", uint64(m.Code))
	switch b := m.Body.(type) {
	case icmpv6.NeighborSolicitation:
		o.add("icmpv6.nd.ns.target_address", b.Target.String())
	case icmpv6.NeighborAdvertisement:
		o.add("icmpv6.nd.na.target_address", b.Target.String())
	case icmpv6.MLDv2Report:
		o.addUint("icmpv6.mldr.nb_mcast_records", uint64(b.NumRecords))
		for _, r := range b.Records {
			o.addUint("icmpv6.mldr.mar.record_type", uint64(r.Type))
			o.add("icmpv6.mldr.mar.multicast_address", r.MulticastAddress.String())
		}
	}
}

// observeDHCPv6 adds m's fields in wire order, descending into relayed
// messages and encapsulated options as tshark's tree does.
func observeDHCPv6(o *observation, m dhcpv6.Message) {
	o.addUint("dhcpv6.msgtype", uint64(m.Type))
	if m.Type.IsRelay() {
		o.addUint("dhcpv6.hopcount", uint64(m.HopCount))
		if m.LinkAddress.IsValid() {
			o.add("dhcpv6.linkaddr", m.LinkAddress.String())
			o.add("dhcpv6.peeraddr", m.PeerAddress.String())
		}
	} else if m.Type >= dhcpv6.Solicit && m.Type <= dhcpv6.InformationRequest {
		o.add("dhcpv6.xid", fmt.Sprintf("0x%06x", m.TransactionID))
	}
	observeOptions(o, m.Options)
}

func observeOptions(o *observation, opts []dhcpv6.Option) {
	for _, op := range opts {
		switch v := op.(type) {
		case dhcpv6.ClientID:
			observeDUID(o, v.DUID)
		case dhcpv6.ServerID:
			observeDUID(o, v.DUID)
		case dhcpv6.IANA:
			o.add("dhcpv6.iaid", fmt.Sprintf("%08x", v.IAID))
			observeOptions(o, v.Options)
		case dhcpv6.IATA:
			o.add("dhcpv6.iata", fmt.Sprintf("%08x", v.IAID))
			observeOptions(o, v.Options)
		case dhcpv6.IAPD:
			o.add("dhcpv6.iaid", fmt.Sprintf("%08x", v.IAID))
			observeOptions(o, v.Options)
		case dhcpv6.IAAddress:
			observeOptions(o, v.Options)
		case dhcpv6.IAPrefix:
			observeOptions(o, v.Options)
		case dhcpv6.ElapsedTime:
			// tshark shows the elapsed time in milliseconds.
			o.addUint("dhcpv6.elapsed_time", uint64(v.Hundredths)*10)
		case dhcpv6.VendorClass:
			o.addUint("dhcpv6.vendorclass.enterprise", uint64(v.EnterpriseNumber))
		case dhcpv6.RelayMessage:
			observeDHCPv6(o, v.Message)
		}
	}
}

func observeDUID(o *observation, d dhcpv6.DUID) {
	if len(d.Raw) < 2 {
		return
	}
	o.addUint("dhcpv6.duid.type", uint64(d.Type))
	switch d.Type {
	case dhcpv6.DUIDLL:
		o.add("dhcpv6.duidll.link_layer_addr", colonHex(d.LinkLayerAddress))
	case dhcpv6.DUIDLLT:
		o.add("dhcpv6.duidllt.link_layer_addr", colonHex(d.LinkLayerAddress))
	case dhcpv6.DUIDEN:
		o.addUint("dhcpv6.duiden.enterprise", uint64(d.EnterpriseNumber))
	}
}

func colonHex(b []byte) string {
	var sb bytes.Buffer
	for i, c := range b {
		if i > 0 {
			sb.WriteByte(':')
		}
		fmt.Fprintf(&sb, "%02x", c)
	}
	return sb.String()
}

func observeLLDP(o *observation, d lldp.LLDPDU, err error) {
	o.proto, o.err = "lldp", err
	if d.HasChassisID {
		o.addUint("lldp.chassis.subtype", uint64(d.ChassisID.Subtype))
		if d.ChassisID.Subtype == lldp.ChassisMACAddress && len(d.ChassisID.Value) == 6 {
			o.add("lldp.chassis.id.mac", d.ChassisID.MAC.String())
		}
	}
	if d.HasPortID {
		o.addUint("lldp.port.subtype", uint64(d.PortID.Subtype))
		switch d.PortID.Subtype {
		case lldp.PortMACAddress, lldp.PortNetworkAddress:
		default:
			o.add("lldp.port.id", string(d.PortID.Value))
		}
	}
	if d.HasTTL {
		o.addUint("lldp.time_to_live", uint64(d.TTL))
	}
	if d.SystemName != "" {
		o.add("lldp.tlv.system.name", d.SystemName)
	}
}

func observeCDP(o *observation, p cdp.Packet, err error) {
	o.proto, o.err = "cdp", err
	if p.Version == 0 && err != nil {
		return
	}
	o.addUint("cdp.version", uint64(p.Version))
	o.addUint("cdp.ttl", uint64(p.TTL))
	if p.DeviceID != "" {
		o.add("cdp.deviceid", p.DeviceID)
	}
	if p.PortID != "" {
		o.add("cdp.portid", p.PortID)
	}
	if p.Platform != "" {
		o.add("cdp.platform", p.Platform)
	}
	if p.HasNativeVLAN {
		o.addUint("cdp.native_vlan", uint64(p.NativeVLAN))
	}
}

func observeSlow(o *observation, p slow.PDU, err error) {
	o.proto, o.err = "slow", err
	if p.Subtype == 0 && err != nil {
		return
	}
	o.add("slow.subtype", fmt.Sprintf("0x%02x", uint8(p.Subtype)))
	if p.Subtype != slow.SubtypeLACP {
		return
	}
	if p.LACP.HasActor {
		o.add("lacp.actor.sysid", p.LACP.Actor.System.String())
		o.addUint("lacp.actor.key", uint64(p.LACP.Actor.Key))
		o.addUint("lacp.actor.port", uint64(p.LACP.Actor.Port))
	}
	if p.LACP.HasPartner {
		o.add("lacp.partner.sysid", p.LACP.Partner.System.String())
		o.addUint("lacp.partner.key", uint64(p.LACP.Partner.Key))
		o.addUint("lacp.partner.port", uint64(p.LACP.Partner.Port))
	}
}

func observeEAPOL(o *observation, f eapol.Frame, err error) {
	o.proto, o.err = "eapol", err
	if f.Version == 0 && err != nil {
		return
	}
	o.addUint("eapol.version", uint64(f.Version))
	o.addUint("eapol.type", uint64(f.Type))
	o.addUint("eapol.len", uint64(f.BodyLength))
}
