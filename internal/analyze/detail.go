package analyze

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"sort"
	"strconv"
	"time"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/cdp"
	"github.com/dropscope/dropscope/dissect/dhcpv6"
	"github.com/dropscope/dropscope/dissect/eapol"
	"github.com/dropscope/dropscope/dissect/icmpv6"
	"github.com/dropscope/dropscope/dissect/lldp"
	"github.com/dropscope/dropscope/dissect/slow"
	"github.com/dropscope/dropscope/dissect/stp"
	"github.com/dropscope/dropscope/internal/oui"
	"github.com/dropscope/dropscope/report"
)

// Bounds on what the protocol views track.
const (
	maxBridges     = 1024
	maxDHCPClients = 4096
	maxIdentities  = 4
	udpHeaderLen   = 8
	llcHeaderLen   = 3
	snapHeaderLen  = 8
	dhcpClientPort = 546
	dhcpServerPort = 547
	protoUDP       = 17
	protoICMPv6    = 58
	solicitMsgType = 1
)

type bridgeKey struct {
	src    dissect.MAC
	bridge stp.BridgeID
	port   uint16
	vlan   int
}

type bridgeAgg struct {
	span
	class    dissect.Class
	root     stp.BridgeID
	cost     uint32
	role     string
	region   string
	revision uint16
	mstis    []uint16
	tc       uint64
}

type regionKey struct {
	name     string
	revision uint16
	digest   [16]byte
}

type regionAgg struct {
	bridges map[dissect.MAC]bool
	mstis   map[uint16]stp.BridgeID
}

type stpAgg struct {
	bpdus, malformed, tc, tcn uint64
	change                    span
	roots                     map[stp.BridgeID]uint64
	bridges                   map[bridgeKey]*bridgeAgg
	bridgesOther              uint64
	regions                   map[regionKey]*regionAgg
}

type dhcpClient struct {
	span
	linkLocal   string
	duid        string
	vendorClass string
	solicits    uint64
	prev        int64
	minGap      int64
	maxElapsed  time.Duration
	// The client's last message, when it parsed whole, and where the
	// value of its elapsed-time option is (-1: none): a message equal to
	// it but for the transaction id and the elapsed time counts as it
	// would without being parsed again (dhcpRepeat).
	lastMsg    []byte
	elapsedOff int
}

type dhcpAgg struct {
	types        map[dhcpv6.MessageType]uint64
	clients      map[dissect.MAC]*dhcpClient
	clientsOther uint64
}

// detailer decodes the protocol fields of interesting frames.
type detailer struct {
	n    uint64
	stp  *stpAgg
	dhcp *dhcpAgg
	kv   []report.KV // per-frame fields for JSON Lines, reused
}

// detail dissects one frame of the given class whose inner protocol and
// bytes are proto and p. It feeds the views and the sender's identity,
// and, when kv is wanted, returns the decoded fields for the frame's JSON
// Lines record (valid until the next call).
func (e *engine) detail(class dissect.Class, proto dissect.EtherType, p []byte, src dissect.MAC, hasSrc bool, ts int64, kv bool) (string, []report.KV) {
	d := &e.det
	d.n++
	d.kv = d.kv[:0]
	switch class.Kind {
	case dissect.ClassSTP, dissect.ClassPVST:
		return e.detailSTP(class, p, src, ts, kv)
	case dissect.ClassIPv6DHCPv6, dissect.ClassIPv6ICMPv6:
		return e.detailIPv6(class, p, src, hasSrc, ts, kv)
	case dissect.ClassSlow:
		if !kv && e.identityKnown(src, idLACP) {
			return "slow", nil
		}
		m, err := slow.Parse(p)
		if m.Subtype == slow.SubtypeLACP && err == nil && e.wantIdentity(src, idLACP) {
			e.addIdentity(src, "LACP actor system "+m.LACP.Actor.System.String()+" key "+strconv.Itoa(int(m.LACP.Actor.Key))+
				" port "+strconv.Itoa(int(m.LACP.Actor.Port)))
		}
		return detailKV(e, "slow", m, err, kv)
	case dissect.ClassEtherType:
		switch dissect.EtherType(class.Sub) {
		case dissect.EtherTypeLLDP:
			if !kv && e.identityKnown(src, idLLDP) {
				return "lldp", nil
			}
			m, err := lldp.Parse(p)
			if m.HasChassisID && e.wantIdentity(src, idLLDP) {
				id := "LLDP chassis " + m.ChassisID.String()
				if m.HasPortID {
					id += " port " + m.PortID.String()
				}
				if m.SystemName != "" {
					id += " system '" + m.SystemName + "'"
				}
				e.addIdentity(src, id)
			}
			return detailKV(e, "lldp", m, err, kv)
		case dissect.EtherTypeEAPOL:
			if !kv && e.identityKnown(src, idEAPOL) {
				return "eapol", nil
			}
			m, err := eapol.Parse(p)
			if m.HasEAP && m.EAP.Identity != "" && e.wantIdentity(src, idEAPOL) {
				e.addIdentity(src, "802.1X identity '"+m.EAP.Identity+"'")
			}
			return detailKV(e, "eapol", m, err, kv)
		}
	case dissect.ClassSNAP:
		if class.OUI == 0x00000c && class.Sub == 0x2000 && len(p) >= snapHeaderLen {
			if !kv && e.identityKnown(src, idCDP) {
				return "cdp", nil
			}
			m, err := cdp.Parse(p[snapHeaderLen:])
			if m.DeviceID != "" && e.wantIdentity(src, idCDP) {
				id := "CDP device '" + m.DeviceID + "'"
				if m.PortID != "" {
					id += " port '" + m.PortID + "'"
				}
				if m.Platform != "" {
					id += " platform '" + m.Platform + "'"
				}
				e.addIdentity(src, id)
			}
			return detailKV(e, "cdp", m, err, kv)
		}
	}
	return "", nil
}

// detailKV is the JSON Lines detail of a protocol decoded into its
// summary line; the summary is only made when kv asks for it.
func detailKV[M interface{ Summary() string }](e *engine, proto string, m M, err error, kv bool) (string, []report.KV) {
	d := &e.det
	if kv {
		d.kv = append(d.kv, report.KV{Key: "summary", Val: m.Summary()})
		if err != nil {
			d.kv = append(d.kv, report.KV{Key: "error", Val: err.Error()})
		}
	}
	return proto, d.kv
}

// stpRepeat is what a sender's last BPDU did to the STP view, to count
// the same BPDU again without parsing it (a bridge port sends the same
// bytes every hello time). Everything else the BPDU did sets values the
// repeat would set to the same.
type stpRepeat struct {
	class                      dissect.Class
	bytes                      []byte
	malformed, tcn, tc, noPort bool
	root                       stp.BridgeID
	ba                         *bridgeAgg // nil: over the bound (bridgesOther)
	// The MST region the BPDU's MSTIs were written to (the last writer
	// of an MSTI's regional root wins, so a repeat writes them again).
	ra    *regionAgg
	mstis []stp.MSTI
}

// stpRepeatMax bounds the BPDU kept per sender (25 MSTIs fit).
const stpRepeatMax = 512

// repeatSTP counts p, equal to the last BPDU of its sender, as detailSTP
// would.
func (e *engine) repeatSTP(r *stpRepeat, ts int64) {
	a := e.det.stp
	a.bpdus++
	if r.malformed {
		a.malformed++
	}
	if r.tcn {
		a.tcn++
		a.change.add(ts)
	} else if r.tc {
		a.tc++
		a.change.add(ts)
	}
	if r.noPort {
		return
	}
	a.roots[r.root]++
	if r.ba == nil {
		a.bridgesOther++
		return
	}
	r.ba.add(ts)
	if r.tc {
		r.ba.tc++
	}
	if r.ra != nil {
		for _, m := range r.mstis {
			if len(r.ra.mstis) < 4096 {
				r.ra.mstis[m.ID()] = m.RegionalRoot
			}
		}
	}
}

// lastSTP is the sender's last BPDU, if kept; s may be nil.
func (s *senderAgg) lastSTP() *stpRepeat {
	if s == nil {
		return nil
	}
	return s.stp
}

// keepSTP keeps r, the effect of the BPDU p, as the sender's last (not
// when s is nil or p is large).
func (s *senderAgg) keepSTP(r *stpRepeat, p []byte) {
	if s == nil || len(p) > stpRepeatMax {
		return
	}
	if s.stp == nil {
		s.stp = new(stpRepeat)
	}
	buf := append(s.stp.bytes[:0], p...)
	mstis := append(s.stp.mstis[:0], r.mstis...)
	*s.stp = *r
	s.stp.bytes, s.stp.mstis = buf, mstis
}

func (e *engine) detailSTP(class dissect.Class, p []byte, src dissect.MAC, ts int64, kv bool) (string, []report.KV) {
	d := &e.det
	var sender *senderAgg
	if !kv {
		sender = e.sender(&src)
		if r := sender.lastSTP(); r != nil && r.class == class && bytes.Equal(r.bytes, p) {
			e.repeatSTP(r, ts)
			return "stp", nil
		}
	}
	var b stp.BPDU
	var err error
	if class.Kind == dissect.ClassPVST {
		if len(p) < snapHeaderLen {
			return "", nil
		}
		b, err = stp.ParsePVST(p[snapHeaderLen:])
	} else {
		if len(p) < llcHeaderLen {
			return "", nil
		}
		b, err = stp.ParseBPDU(p[llcHeaderLen:])
	}
	a := d.stp
	if a == nil {
		a = &stpAgg{roots: map[stp.BridgeID]uint64{}, bridges: map[bridgeKey]*bridgeAgg{}, regions: map[regionKey]*regionAgg{}}
		d.stp = a
	}
	a.bpdus++
	if err != nil {
		a.malformed++
	}
	isTCN := b.Type == stp.TypeTCN
	if isTCN {
		a.tcn++
		a.change.add(ts)
	} else if b.Flags.TC() {
		a.tc++
		a.change.add(ts)
	}
	rep := stpRepeat{class: class, malformed: err != nil, tcn: isTCN, tc: !isTCN && b.Flags.TC()}
	if isTCN || b.Decoded < stp.ConfigLen {
		rep.noPort = true
		sender.keepSTP(&rep, p)
		if kv {
			d.kv = append(d.kv, report.KV{Key: "summary", Val: b.Summary()})
			if err != nil {
				d.kv = append(d.kv, report.KV{Key: "error", Val: err.Error()})
			}
		}
		return "stp", d.kv
	}
	a.roots[b.Root]++
	bridge := b.Bridge
	if b.IsMST() && b.Decoded >= stp.MSTFixedLen {
		bridge = b.CISTBridge
	}
	vlan := -1
	if b.HasVLAN {
		vlan = int(b.VLAN)
	}
	k := bridgeKey{src: src, bridge: bridge, port: b.Port.Raw(), vlan: vlan}
	ba := a.bridges[k]
	if ba == nil {
		if len(a.bridges) >= maxBridges {
			a.bridgesOther++
		} else {
			ba = &bridgeAgg{class: class}
			a.bridges[k] = ba
			e.addIdentity(src, bridgeIdentity(class, bridge, b))
		}
	}
	rep.root, rep.ba = b.Root, ba
	if ba != nil {
		ba.add(ts)
		ba.root, ba.cost = b.Root, b.RootPathCost
		if b.Version >= stp.VersionRSTP {
			ba.role = b.Flags.Role().String()
		}
		if b.Flags.TC() {
			ba.tc++
		}
		if b.IsMST() && b.Decoded >= stp.MSTFixedLen {
			if ba.region != b.MCID.Name || ba.revision != b.MCID.Revision || len(ba.mstis) != len(b.MSTIs) {
				ba.region, ba.revision = b.MCID.Name, b.MCID.Revision
				ba.mstis = ba.mstis[:0]
				for _, m := range b.MSTIs {
					ba.mstis = append(ba.mstis, m.ID())
				}
			}
			rk := regionKey{b.MCID.Name, b.MCID.Revision, b.MCID.Digest}
			ra := a.regions[rk]
			if ra == nil && len(a.regions) < maxBridges {
				ra = &regionAgg{bridges: map[dissect.MAC]bool{}, mstis: map[uint16]stp.BridgeID{}}
				a.regions[rk] = ra
			}
			if ra != nil {
				if len(ra.bridges) < maxBridges {
					ra.bridges[dissect.MAC(bridge.MAC)] = true
				}
				for _, m := range b.MSTIs {
					if len(ra.mstis) < 4096 {
						ra.mstis[m.ID()] = m.RegionalRoot
					}
				}
				rep.ra, rep.mstis = ra, b.MSTIs
			}
		}
	}
	sender.keepSTP(&rep, p)
	if kv {
		d.kv = append(d.kv,
			report.KV{Key: "summary", Val: b.Summary()},
			report.KV{Key: "root", Val: b.Root.String()},
			report.KV{Key: "bridge", Val: bridge.String()},
			report.KV{Key: "port", Val: b.Port.String()},
			report.KV{Key: "root_path_cost", Val: strconv.FormatUint(uint64(b.RootPathCost), 10)},
			report.KV{Key: "flags", Val: b.Flags.String()})
		if b.IsMST() {
			d.kv = append(d.kv, report.KV{Key: "region", Val: b.MCID.Name},
				report.KV{Key: "revision", Val: strconv.Itoa(int(b.MCID.Revision))},
				report.KV{Key: "mstis", Val: strconv.Itoa(len(b.MSTIs))})
		}
		if err != nil {
			d.kv = append(d.kv, report.KV{Key: "error", Val: err.Error()})
		}
	}
	return "stp", d.kv
}

func bridgeIdentity(class dissect.Class, bridge stp.BridgeID, b stp.BPDU) string {
	s := "bridge " + bridge.String() + " port " + b.Port.String()
	if b.IsMST() && b.MCID.Name != "" {
		s += " MST region '" + b.MCID.Name + "' rev " + strconv.Itoa(int(b.MCID.Revision))
	}
	if b.HasVLAN {
		s += " vlan " + strconv.Itoa(int(b.VLAN))
	}
	return s + " (" + class.String() + ")"
}

func (e *engine) detailIPv6(class dissect.Class, p []byte, src dissect.MAC, hasSrc bool, ts int64, kv bool) (string, []report.KV) {
	d := &e.det
	if class.Kind == dissect.ClassIPv6ICMPv6 && !kv {
		return "icmpv6", nil // no view counts ICMPv6 fields: decode them only for JSON Lines
	}
	u, err := icmpv6.WalkIPv6(p)
	if err != nil && len(u.Payload) == 0 {
		return "", nil
	}
	switch {
	case class.Kind == dissect.ClassIPv6ICMPv6 && u.NextHeader == protoICMPv6:
		if kv {
			m, err := icmpv6.Parse(u.Payload)
			d.kv = append(d.kv, report.KV{Key: "summary", Val: m.Summary()},
				report.KV{Key: "src", Val: u.Src.String()}, report.KV{Key: "dst", Val: u.Dst.String()})
			if err != nil {
				d.kv = append(d.kv, report.KV{Key: "error", Val: err.Error()})
			}
		}
		return "icmpv6", d.kv
	case class.Kind == dissect.ClassIPv6DHCPv6 && u.NextHeader == protoUDP && len(u.Payload) >= udpHeaderLen:
		b := u.Payload[udpHeaderLen:]
		if !kv && hasSrc && e.dhcpRepeat(src, b, ts) {
			return "dhcpv6", nil
		}
		m, err := dhcpv6.Parse(b)
		c := e.dhcpClient(m, u, src, hasSrc, ts)
		if c != nil && err == nil {
			c.remember(b)
		}
		if kv {
			d.kv = append(d.kv, report.KV{Key: "summary", Val: m.Summary()},
				report.KV{Key: "msg_type", Val: m.Type.String()},
				report.KV{Key: "xid", Val: "0x" + strconv.FormatUint(uint64(m.TransactionID), 16)},
				report.KV{Key: "src", Val: u.Src.String()})
			if o, ok := m.Option(dhcpv6.OptClientID); ok {
				d.kv = append(d.kv, report.KV{Key: "client_id", Val: o.String()})
			}
			if err != nil {
				d.kv = append(d.kv, report.KV{Key: "error", Val: err.Error()})
			}
		}
		return "dhcpv6", d.kv
	}
	return "", nil
}

// dhcpClient counts the message m from src in the DHCPv6 view and returns
// its client, nil when the message is not a client's or not tracked.
func (e *engine) dhcpClient(m dhcpv6.Message, u icmpv6.Upper, src dissect.MAC, hasSrc bool, ts int64) *dhcpClient {
	d := &e.det
	if d.dhcp == nil {
		d.dhcp = &dhcpAgg{types: map[dhcpv6.MessageType]uint64{}, clients: map[dissect.MAC]*dhcpClient{}}
	}
	a := d.dhcp
	a.types[m.Type]++
	if !hasSrc || m.Type.IsRelay() || m.Type == 0 {
		return nil
	}
	c := a.clients[src]
	if c == nil {
		if len(a.clients) >= maxDHCPClients {
			a.clientsOther++
			return nil
		}
		c = &dhcpClient{linkLocal: u.Src.String(), minGap: -1}
		a.clients[src] = c
	}
	if c.n > 0 {
		if gap := ts - c.prev; gap >= 0 && (c.minGap < 0 || gap < c.minGap) {
			c.minGap = gap
		}
	}
	c.seen(m.Type, ts)
	if c.duid == "" {
		if o, ok := m.Option(dhcpv6.OptClientID); ok {
			if id, ok := o.(dhcpv6.ClientID); ok {
				c.duid = id.DUID.String()
			}
		}
		if o, ok := m.Option(dhcpv6.OptVendorClass); ok {
			c.vendorClass = o.String()
		}
		if c.duid != "" {
			id := c.duid
			if c.vendorClass != "" {
				id += ", " + c.vendorClass
			}
			e.addIdentity(src, "DHCPv6 client "+id)
		}
	}
	if o, ok := m.Option(dhcpv6.OptElapsedTime); ok {
		if et, ok := o.(dhcpv6.ElapsedTime); ok && et.Duration > c.maxElapsed {
			c.maxElapsed = et.Duration
		}
	}
	return c
}

// seen counts a message of type t at ts.
func (c *dhcpClient) seen(t dhcpv6.MessageType, ts int64) {
	if c.n > 0 {
		if gap := ts - c.prev; gap >= 0 && (c.minGap < 0 || gap < c.minGap) {
			c.minGap = gap
		}
	}
	c.prev = ts
	c.add(ts)
	if t == solicitMsgType {
		c.solicits++
	}
}

// remember keeps b, a message of the client that parsed whole, for
// dhcpRepeat, with the place of its (first) elapsed-time value.
func (c *dhcpClient) remember(b []byte) {
	c.lastMsg = append(c.lastMsg[:0], b...)
	c.elapsedOff = -1
	for off := 4; off+4 <= len(b); {
		code, n := binary.BigEndian.Uint16(b[off:]), int(binary.BigEndian.Uint16(b[off+2:]))
		if code == uint16(dhcpv6.OptElapsedTime) && n == 2 {
			c.elapsedOff = off + 4
			break
		}
		off += 4 + n
	}
}

// dhcpRepeat counts b from src as dhcpClient would and returns true when
// it equals src's last whole message but for the transaction id (bytes
// 1-3) and the elapsed-time value: the parse would give the same message
// with another elapsed time, and nothing else of it is counted.
func (e *engine) dhcpRepeat(src dissect.MAC, b []byte, ts int64) bool {
	a := e.det.dhcp
	if a == nil {
		return false
	}
	c := a.clients[src]
	if c == nil || c.lastMsg == nil || len(b) != len(c.lastMsg) || b[0] != c.lastMsg[0] {
		return false
	}
	if eo := c.elapsedOff; eo < 0 {
		if !bytes.Equal(b[4:], c.lastMsg[4:]) {
			return false
		}
	} else if !bytes.Equal(b[4:eo], c.lastMsg[4:eo]) || !bytes.Equal(b[eo+2:], c.lastMsg[eo+2:]) {
		return false
	}
	a.types[dhcpv6.MessageType(b[0])]++
	c.seen(dhcpv6.MessageType(b[0]), ts)
	if eo := c.elapsedOff; eo >= 0 {
		if d := time.Duration(binary.BigEndian.Uint16(b[eo:])) * 10 * time.Millisecond; d > c.maxElapsed {
			c.maxElapsed = d
		}
	}
	return true
}

// Protocols whose first frame from a sender names it.
const (
	idLLDP uint8 = 1 << iota
	idCDP
	idLACP
	idEAPOL
)

// wantIdentity reports whether the sender's identity from protocol id is
// still to be recorded, and marks it recorded: later frames of the same
// protocol are not described again.
func (e *engine) wantIdentity(src dissect.MAC, id uint8) bool {
	s := e.sender(&src)
	if s == nil || s.idDone&id != 0 {
		return false
	}
	s.idDone |= id
	return true
}

// identityKnown reports whether parsing a frame of protocol id from src
// can add nothing to the report but JSON Lines detail: the sender's
// identity from it is recorded, or the sender is not tracked.
func (e *engine) identityKnown(src dissect.MAC, id uint8) bool {
	s := e.sender(&src)
	return s == nil || s.idDone&id != 0
}

// addIdentity records what a protocol revealed about a sender (bounded).
func (e *engine) addIdentity(src dissect.MAC, id string) {
	s := e.sender(&src)
	if s == nil || len(s.identity) >= maxIdentities {
		return
	}
	for _, x := range s.identity {
		if x == id {
			return
		}
	}
	s.identity = append(s.identity, id)
}

func (e *engine) stpView() *report.STPView {
	a := e.det.stp
	if a == nil {
		return nil
	}
	v := &report.STPView{BPDUs: a.bpdus, Malformed: a.malformed, TopologyChanges: a.tc, TCNs: a.tcn,
		BridgesOther: a.bridgesOther, Roots: []report.STPRoot{}, Bridges: []report.STPBridge{}, Regions: []report.MSTRegion{}}
	if a.change.n > 0 {
		f, l := time.Unix(0, a.change.first).UTC(), time.Unix(0, a.change.last).UTC()
		v.FirstChange, v.LastChange = &f, &l
	}
	for r, n := range a.roots {
		v.Roots = append(v.Roots, report.STPRoot{Root: r.String(), BPDUs: n})
	}
	sort.Slice(v.Roots, func(i, j int) bool {
		if v.Roots[i].BPDUs != v.Roots[j].BPDUs {
			return v.Roots[i].BPDUs > v.Roots[j].BPDUs
		}
		return v.Roots[i].Root < v.Roots[j].Root
	})
	for k, b := range a.bridges {
		row := report.STPBridge{MAC: k.src.String(), Vendor: oui.Vendor(k.src), Protocol: b.class.String(),
			Bridge: k.bridge.String(), Port: "0x" + strconv.FormatUint(uint64(k.port)|0x10000, 16)[1:], Root: b.root.String(),
			RootCost: b.cost, Role: b.role, Region: b.region, Revision: b.revision, MSTIs: append([]uint16{}, b.mstis...),
			VLAN: k.vlan, BPDUs: uint64(b.n), TC: b.tc, First: time.Unix(0, b.first).UTC(), Last: time.Unix(0, b.last).UTC()}
		if b.n > 1 {
			row.IntervalSeconds = round3(float64(b.last-b.first) / 1e9 / float64(b.n-1))
		}
		v.Bridges = append(v.Bridges, row)
	}
	sort.Slice(v.Bridges, func(i, j int) bool {
		x, y := v.Bridges[i], v.Bridges[j]
		if x.BPDUs != y.BPDUs {
			return x.BPDUs > y.BPDUs
		}
		if x.MAC != y.MAC {
			return x.MAC < y.MAC
		}
		if x.Bridge != y.Bridge {
			return x.Bridge < y.Bridge
		}
		if x.Port != y.Port {
			return x.Port < y.Port
		}
		return x.VLAN < y.VLAN
	})
	for k, r := range a.regions {
		row := report.MSTRegion{Name: k.name, Revision: k.revision, Digest: hex.EncodeToString(k.digest[:]), Bridges: len(r.bridges), MSTIs: []report.MSTIRow{}}
		for id, root := range r.mstis {
			row.MSTIs = append(row.MSTIs, report.MSTIRow{ID: id, RegionalRoot: root.String()})
		}
		sort.Slice(row.MSTIs, func(i, j int) bool { return row.MSTIs[i].ID < row.MSTIs[j].ID })
		v.Regions = append(v.Regions, row)
	}
	sort.Slice(v.Regions, func(i, j int) bool {
		x, y := v.Regions[i], v.Regions[j]
		if x.Name != y.Name {
			return x.Name < y.Name
		}
		if x.Revision != y.Revision {
			return x.Revision < y.Revision
		}
		return x.Digest < y.Digest
	})
	return v
}

func (e *engine) dhcpView() *report.DHCPv6View {
	a := e.det.dhcp
	if a == nil {
		return nil
	}
	v := &report.DHCPv6View{Messages: []report.MessageCount{}, Clients: []report.DHCPv6Client{}, ClientsOther: a.clientsOther}
	for t, n := range a.types {
		v.Messages = append(v.Messages, report.MessageCount{Type: t.String(), Count: n})
	}
	sort.Slice(v.Messages, func(i, j int) bool {
		if v.Messages[i].Count != v.Messages[j].Count {
			return v.Messages[i].Count > v.Messages[j].Count
		}
		return v.Messages[i].Type < v.Messages[j].Type
	})
	for mac, c := range a.clients {
		row := report.DHCPv6Client{MAC: mac.String(), Vendor: oui.Vendor(mac), LinkLocal: c.linkLocal, DUID: c.duid,
			VendorClass: c.vendorClass, Messages: uint64(c.n), Solicits: c.solicits, MaxElapsedSeconds: round3(c.maxElapsed.Seconds()),
			First: time.Unix(0, c.first).UTC(), Last: time.Unix(0, c.last).UTC()}
		if c.n > 1 {
			row.MeanIntervalSeconds = round3(float64(c.last-c.first) / 1e9 / float64(c.n-1))
			row.MinIntervalSeconds = round3(float64(c.minGap) / 1e9)
		}
		v.Clients = append(v.Clients, row)
	}
	sort.Slice(v.Clients, func(i, j int) bool {
		if v.Clients[i].Messages != v.Clients[j].Messages {
			return v.Clients[i].Messages > v.Clients[j].Messages
		}
		return v.Clients[i].MAC < v.Clients[j].MAC
	})
	return v
}
