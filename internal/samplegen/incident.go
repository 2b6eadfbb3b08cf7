package samplegen

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
)

// The incident host and its neighbours (see samples/README.md).
var (
	// IncidentHostMAC is em1 of the CentOS 7 host of the incident.
	IncidentHostMAC = [6]byte{0x00, 0x25, 0x90, 0xaa, 0xbb, 0x01}
	// IncidentHostIP is em1's IPv4 address.
	IncidentHostIP = netip.MustParseAddr("10.20.30.41")

	gatewayMAC = [6]byte{0x50, 0xda, 0x00, 0xef, 0x54, 0x01} // sw-core-1 VLAN interface
	gatewayIP  = netip.MustParseAddr("10.20.30.1")

	swPortMAC    = [6]byte{0x50, 0xda, 0x00, 0xef, 0x54, 0x0a} // sw-core-1 Gi1/0/24, MST BPDUs (length 0x69) and LLDP
	swChassisMAC = [6]byte{0x50, 0xda, 0x00, 0xef, 0x54, 0x00}
	ciscoMAC     = [6]byte{0x38, 0x1c, 0x1a, 0x7a, 0xc1, 0x80} // 802.1D config BPDUs, bridge 812c.381c1a7ac180
	mstMAC       = [6]byte{0x00, 0x0f, 0xe2, 0x41, 0x7c, 0x19} // second switch port, MST BPDUs with 2 MSTIs
	mstBridgeMAC = [6]byte{0x00, 0x0f, 0xe2, 0x41, 0x7c, 0x00}
	tcnMAC       = [6]byte{0x00, 0x1e, 0xbe, 0xa4, 0x20, 0x19} // bridge whose root port faces the segment
	vendorMAC    = [6]byte{0x00, 0x90, 0xfb, 0x3a, 0x10, 0x07} // appliance sending EtherType 0x88b5

	appClientMAC = [6]byte{0x00, 0x25, 0x90, 0xaa, 0xbb, 0x17}
	appClientIP  = netip.MustParseAddr("10.20.30.57")
	monitorIP    = netip.MustParseAddr("10.20.5.10")
	dnsIP        = netip.MustParseAddr("10.20.0.53")
	ntpIP        = netip.MustParseAddr("10.20.0.123")

	// IncidentNICs are the NICs whose firmware sends the DHCPv6 solicits,
	// MLDv2 reports, router and neighbour solicitations.
	IncidentNICs = [][6]byte{
		{0x6c, 0x0b, 0x84, 0x5e, 0x21, 0x0a},
		{0x6c, 0x0b, 0x84, 0x5e, 0x21, 0x0b},
		{0x6c, 0x0b, 0x84, 0x5e, 0x2c, 0x72},
		{0x6c, 0x0b, 0x84, 0x5e, 0x2c, 0x73},
		{0x6c, 0x0b, 0x84, 0x61, 0x07, 0xd4},
		{0x6c, 0x0b, 0x84, 0x61, 0x07, 0xd5},
		{0x6c, 0x0b, 0x84, 0x63, 0x9a, 0x18},
		{0x6c, 0x0b, 0x84, 0x63, 0x9a, 0x19},
	}
)

// IncidentDuration is the length of the incident capture in seconds.
const IncidentDuration = 600

// Incident returns the frames of samples/incident-el7.pcapng (and of
// incident-el7.pcap.gz): ten minutes received on em1 of the incident host,
// in time order, all inbound on interface 0. Times are whole microseconds.
func Incident() []Packet {
	s := &sched{end: IncidentDuration}
	incidentSTP(s, newRand(1))
	incidentLLDP(s)
	incidentVendor(s, newRand(2))
	for i, nic := range IncidentNICs {
		incidentFirmware(s, newRand(uint64(100+i)), nic)
	}
	incidentAppClient(s, newRand(3))
	incidentHTTPS(s, newRand(4))
	incidentDNS(s, newRand(5))
	incidentNTP(s)
	incidentMonitor(s, newRand(6))
	incidentARP(s, newRand(7))
	return s.packets()
}

// jitter returns a small random offset of a periodic timer, in seconds.
func jitter(r *rand.Rand) float64 { return uniform(r, -0.002, 0.002) }

func incidentSTP(s *sched, r *rand.Rand) {
	const hello = 2.0
	timers := BPDU{MaxAge: Seconds(20), HelloTime: Seconds(2), ForwardDelay: Seconds(15)}

	// sw-core-1 port Gi1/0/24: MSTP, alone in its region (default name =
	// bridge MAC, revision 0, every VLAN on the CIST), no MSTIs: 102-octet
	// BPDU, 802.3 length 0x69.
	var cistOnly [4096]uint16
	h3c := MST{
		BPDU:         timers,
		ConfigName:   "50da00ef5400",
		Digest:       MSTDigest(&cistOnly),
		CISTBridge:   BridgeID{0x8000, swChassisMAC},
		Hops:         20,
		InternalCost: 0,
	}
	h3c.Flags = RoleDesignated | FlagLearning | FlagForwarding | FlagAgreement
	h3c.Root = BridgeID{0x8000, swChassisMAC}
	h3c.Bridge = BridgeID{0x8000, swChassisMAC}
	h3c.PortID = 0x8018
	for t := 0.37; t < IncidentDuration; t += hello {
		s.add(t+jitter(r), MSTBPDU(swPortMAC, h3c), "MST BPDU, no MSTI, 802.3 length 0x69, sw-core-1 Gi1/0/24")
	}

	// Second switch port: region DC1-REGION revision 1, VLANs 10-19 on MSTI
	// 1 and 20-29 on MSTI 2.
	var region [4096]uint16
	for v := 10; v < 20; v++ {
		region[v] = 1
	}
	for v := 20; v < 30; v++ {
		region[v] = 2
	}
	bridge := BridgeID{0x8000, mstBridgeMAC}
	mst := MST{
		BPDU:         timers,
		ConfigName:   "DC1-REGION",
		Revision:     1,
		Digest:       MSTDigest(&region),
		InternalCost: 0,
		CISTBridge:   bridge,
		Hops:         19,
		MSTIs: []MSTI{
			{Flags: RoleDesignated | FlagLearning | FlagForwarding | FlagAgreement, RegionalRoot: BridgeID{0x6001, mstBridgeMAC}, PathCost: 0, BridgePriority: 0x60, PortPriority: 0x80, RemainingHops: 20},
			{Flags: RoleDesignated | FlagLearning | FlagForwarding | FlagAgreement, RegionalRoot: BridgeID{0x7002, [6]byte{0x00, 0x0f, 0xe2, 0x41, 0x88, 0x00}}, PathCost: 20000, BridgePriority: 0x80, PortPriority: 0x80, RemainingHops: 19},
		},
	}
	mst.Flags = RoleDesignated | FlagLearning | FlagForwarding | FlagAgreement
	mst.Root = BridgeID{0x8000, swChassisMAC}
	mst.RootPathCost = 20000 // external, to sw-core-1
	mst.Bridge = bridge      // CIST regional root: itself, the region's boundary bridge
	mst.PortID = 0x8019
	mst.MessageAge = Seconds(1)
	for t := 0.81; t < IncidentDuration; t += hello {
		s.add(t+jitter(r), MSTBPDU(mstMAC, mst), "MST BPDU, 2 MSTIs, region DC1-REGION rev 1, second switch port")
	}

	// Topology changes: a TCN from the bridge behind tcnMAC, acknowledged
	// at once by the designated bridge, whose config BPDUs then carry TC
	// for max age + forward delay = 35 s.
	tcns := []float64{212.4, 318.9, 431.7}
	cfg := BPDU{
		Root:         BridgeID{0x612c, [6]byte{0x00, 0x1e, 0xf7, 0x10, 0x00, 0x01}},
		RootPathCost: 4,
		Bridge:       BridgeID{0x812c, ciscoMAC},
		PortID:       0x8036,
		MessageAge:   Seconds(1),
		MaxAge:       Seconds(20),
		HelloTime:    Seconds(2),
		ForwardDelay: Seconds(15),
	}
	for _, t := range tcns {
		s.add(t, TCNBPDU(tcnMAC), "TCN BPDU")
		ack := cfg
		ack.Flags = FlagTCA
		s.add(t+uniform(r, 0.002, 0.006), ConfigBPDU(ciscoMAC, ack), "config BPDU, TCA, 812c.38:1c:1a:7a:c1:80 port 8036")
	}
	for t := 1.12; t < IncidentDuration; t += hello {
		b := cfg
		note := "config BPDU, 812c.38:1c:1a:7a:c1:80 port 8036"
		for _, tc := range tcns {
			if t > tc+0.5 && t < tc+35.5 {
				b.Flags = FlagTC
				note = "config BPDU, TC, 812c.38:1c:1a:7a:c1:80 port 8036"
			}
		}
		s.add(t+jitter(r), ConfigBPDU(ciscoMAC, b), note)
	}
}

func incidentLLDP(s *sched) {
	l := LLDPInfo{
		Chassis:  swChassisMAC,
		PortName: "Gi1/0/24",
		TTL:      120,
		PortDesc: "GigabitEthernet1/0/24 db-node-41 em1",
		SysName:  "sw-core-1",
		SysDesc:  "core switch, rack B07",
		Caps:     0x0014, // bridge, router
		MgmtIPv4: [4]byte{10, 20, 0, 2},
	}
	for t := 7.3; t < IncidentDuration; t += 30 {
		s.add(t, LLDP(swPortMAC, l), "LLDP, sw-core-1 Gi1/0/24, ttl 120")
	}
}

func incidentVendor(s *sched, r *rand.Rand) {
	seq := uint32(41870)
	for t := 45.0; t < IncidentDuration; t += 70 {
		p := []byte{0x01, 0x02, 0x00, 0x00}
		p = append(p, byte(seq>>24), byte(seq>>16), byte(seq>>8), byte(seq))
		p = append(p, "PWB-2211-0457"...)
		s.add(t+uniform(r, 0, 3), Pad(Ethernet(Broadcast, vendorMAC, TypeLocal1, p)), "EtherType 0x88b5 broadcast from 00:90:fb:3a:10:07")
		seq++
	}
}

// incidentFirmware simulates the boot firmware of one NIC trying IPv6
// network boot over and over: MLDv2 join from ::, duplicate address
// detection, MLDv2 report from the link-local address, three router
// solicitations, then Solicits with the RFC 8415 §15 backoff until the
// firmware gives up after 7 transmissions and starts again.
func incidentFirmware(s *sched, r *rand.Rand, mac [6]byte) {
	const (
		irt = 1.0   // SOL_TIMEOUT, RFC 8415 §7.6
		mrt = 120.0 // the firmware keeps the RFC 3315 SOL_MAX_RT
		mrc = 7     // transmissions per attempt
	)
	ll := LinkLocal(mac)
	sn := SolicitedNode(ll)
	join := []MLDRecord{{Type: MLDChangeToExclude, Group: sn}}
	name := fmt.Sprintf("%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5])
	iaid := uint32(mac[2])<<24 | uint32(mac[3])<<16 | uint32(mac[4])<<8 | uint32(mac[5])
	swLL := LinkLocal(gatewayMAC)

	t := uniform(r, -180, 60)
	for t < IncidentDuration {
		s.add(t, MLDv2Report(mac, UnspecifiedIPv6, join), "MLDv2 report from ::, join "+sn.String()+", "+name)
		tNS := t + uniform(r, 0.01, 0.3)
		s.add(tNS, NeighborSolicit(mac, UnspecifiedIPv6, ll), "NS (DAD) from :: for "+ll.String())
		up := tNS + 1.0 // RetransTimer, RFC 4861 §10
		s.add(up+uniform(r, 0.001, 0.02), MLDv2Report(mac, ll, join), "MLDv2 report from "+ll.String())
		rs := up + uniform(r, 0, 1) // MAX_RTR_SOLICITATION_DELAY
		for i := range 3 {          // MAX_RTR_SOLICITATIONS, RTR_SOLICITATION_INTERVAL 4 s
			s.add(rs+float64(4*i), RouterSolicit(mac, ll), "RS from "+ll.String())
		}
		s.add(rs+uniform(r, 1.5, 2.5), NeighborSolicit(gatewayMAC, swLL, ll), "NS from sw-core-1 for "+ll.String())

		xid := r.Uint32() & 0xffffff
		first := up + uniform(r, 0, 1) // SOL_MAX_DELAY
		at, rt := first, irt+float64(uniform(r, 0.001, 0.1)*irt)
		for n := range mrc {
			el := min(float64((at-first)*100)+0.5, 0xffff)
			sol := Solicit{
				XID:         xid,
				Elapsed:     uint16(el),
				IAID:        iaid,
				ORO:         []uint16{23, 24, 59, 60},
				Enterprise:  343,
				VendorClass: "PXEClient:Arch:00007:UNDI:003016",
				Arch:        7,
			}
			s.add(at, DHCPv6Solicit(mac, sol), fmt.Sprintf("DHCPv6 Solicit %d/%d xid %06x from %s", n+1, mrc, xid, name))
			at += rt
			rt = 2*rt + float64(uniform(r, -0.1, 0.1)*rt)
			if rt > mrt {
				rt = mrt + float64(uniform(r, -0.1, 0.1)*mrt)
			}
		}
		t = at + uniform(r, 20, 60)
	}
}

func ipv4Frame(dst, src [6]byte, h IPv4Header, l4 []byte) []byte {
	return Pad(Ethernet(dst, src, TypeIPv4, IPv4(h, l4)))
}

// tcpEnd is one end of a TCP connection: its address, port, next sequence
// number, window and timestamp clock (ms ticks since tsBase).
type tcpEnd struct {
	ip     netip.Addr
	port   uint16
	seq    uint32
	win    uint16
	tsBase uint32
}

func (e *tcpEnd) ts(t float64) uint32 { return e.tsBase + uint32(t*1000) }

// seg returns a segment from e to peer at time t and advances e.seq.
func (e *tcpEnd) seg(t float64, peer *tcpEnd, flags uint8, payload []byte) TCPSegment {
	sg := TCPSegment{
		SrcPort: e.port, DstPort: peer.port,
		Seq: e.seq, Ack: peer.seq, Flags: flags, Window: e.win,
		Options: TCPOptsTS(e.ts(t), peer.ts(t-0.001)),
		Payload: payload,
	}
	if flags&TCPAck == 0 {
		sg.Ack = 0
	}
	e.seq += uint32(len(payload))
	if flags&(TCPSyn|TCPFin) != 0 {
		e.seq++
	}
	return sg
}

var mysqlQueries = []string{
	"SELECT id, state, updated_at FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 50",
	"SELECT COUNT(*) FROM sessions WHERE expires_at > NOW()",
	"UPDATE jobs SET state = 'running', worker = 'w-17' WHERE id = 882731",
	"SELECT v FROM kv WHERE k = 'feature.flags'",
	"INSERT INTO audit (ts, actor, action) VALUES (NOW(), 'svc-batch', 'poll')",
	"COMMIT",
}

// incidentAppClient: a same-subnet client keeps one TCP connection to the
// host's port 3306 and sends a query about once a second; it acknowledges
// each response after the 40 ms delayed-ACK timer.
func incidentAppClient(s *sched, r *rand.Rand) {
	c := &tcpEnd{ip: appClientIP, port: 45872, seq: r.Uint32(), win: 1452, tsBase: r.Uint32()}
	h := &tcpEnd{ip: IncidentHostIP, port: 3306, seq: r.Uint32(), win: 501, tsBase: r.Uint32()}
	id := uint16(r.Uint32())
	send := func(t float64, sg TCPSegment, note string) {
		ip := IPv4Header{ID: id, DF: true, TTL: 64, Protocol: ProtoTCP, Src: c.ip, Dst: h.ip}
		id++
		s.add(t, ipv4Frame(IncidentHostMAC, appClientMAC, ip, TCP(c.ip, h.ip, sg)), note)
	}
	for t := uniform(r, 0, 1); t < IncidentDuration; t += expo(r, 1.3, 0.05, 8) {
		q := mysqlQueries[r.IntN(len(mysqlQueries))]
		p := []byte{byte(len(q) + 1), byte((len(q) + 1) >> 8), 0, 0, 0x03}
		p = append(p, q...)
		send(t, c.seg(t, h, TCPPsh|TCPAck, p), "TCP 10.20.30.57:45872 > :3306 query")
		h.seq += uint32(60 + r.IntN(1300)) // the response, not captured (outbound)
		ta := t + uniform(r, 0.0004, 0.004) + 0.040
		send(ta, c.seg(ta, h, TCPAck, nil), "TCP 10.20.30.57:45872 > :3306 ack")
	}
}

// incidentHTTPS: short TLS connections from remote clients, routed through
// the gateway (TTL 62). Only the client's segments are captured.
func incidentHTTPS(s *sched, r *rand.Rand) {
	for t := uniform(r, 0, 5); t < IncidentDuration; t += expo(r, 8, 0.2, 40) {
		src := netip.AddrFrom4([4]byte{10, 60, byte(r.IntN(8)), byte(1 + r.IntN(250))})
		c := &tcpEnd{ip: src, port: uint16(32768 + r.IntN(28232)), seq: r.Uint32(), win: 502, tsBase: r.Uint32()}
		h := &tcpEnd{ip: IncidentHostIP, port: 443, seq: r.Uint32(), win: 509, tsBase: r.Uint32()}
		id := uint16(r.Uint32())
		rtt := uniform(r, 0.002, 0.025)
		send := func(t float64, sg TCPSegment, note string) {
			ip := IPv4Header{ID: id, DF: true, TTL: 62, Protocol: ProtoTCP, Src: c.ip, Dst: h.ip}
			id++
			s.add(t, ipv4Frame(IncidentHostMAC, gatewayMAC, ip, TCP(c.ip, h.ip, sg)), note)
		}
		syn := TCPSegment{SrcPort: c.port, DstPort: 443, Seq: c.seq, Flags: TCPSyn, Window: 64240, Options: TCPOptsSyn(1460, c.ts(t), 7)}
		c.seq++
		send(t, syn, "TCP SYN to :443")
		h.seq++ // SYN-ACK
		t1 := t + rtt
		send(t1, c.seg(t1, h, TCPAck, nil), "TCP ACK to :443")
		hello := tlsRecord(r, 0x16, 512)
		send(t1+0.0002, c.seg(t1+0.0002, h, TCPPsh|TCPAck, hello), "TLS ClientHello to :443")
		h.seq += uint32(2800 + r.IntN(1500)) // ServerHello .. Finished
		t2 := t1 + rtt + 0.001
		send(t2, c.seg(t2, h, TCPAck, nil), "TCP ACK to :443")
		req := append(tlsRecord(r, 0x14, 1), tlsRecord(r, 0x17, 53)...)
		req = append(req, tlsRecord(r, 0x17, 280+r.IntN(200))...)
		send(t2+0.0015, c.seg(t2+0.0015, h, TCPPsh|TCPAck, req), "TLS Finished + request to :443")
		h.seq += uint32(400 + r.IntN(1000))
		t3 := t2 + rtt + uniform(r, 0.002, 0.030)
		send(t3, c.seg(t3, h, TCPAck, nil), "TCP ACK to :443")
		t4 := t3 + uniform(r, 0.05, 0.5)
		send(t4, c.seg(t4, h, TCPFin|TCPAck, nil), "TCP FIN to :443")
		h.seq++
		t5 := t4 + rtt
		send(t5, c.seg(t5, h, TCPAck, nil), "TCP ACK to :443")
	}
}

// tlsRecord returns a TLS record header of the given content type and n
// octets of pseudo-random body.
func tlsRecord(r *rand.Rand, typ uint8, n int) []byte {
	b := []byte{typ, 0x03, 0x03, byte(n >> 8), byte(n)}
	if typ == 0x16 {
		b[2] = 0x01
	}
	for range n {
		b = append(b, byte(r.Uint32()))
	}
	if typ == 0x16 && n > 6 {
		copy(b[5:], []byte{0x01, 0x00, byte((n - 4) >> 8), byte(n - 4), 0x03, 0x03})
	}
	return b
}

var dnsNames = []string{"repo.dc1.internal", "db-node-42.dc1.internal", "ntp.dc1.internal", "api.dc1.internal", "metrics.dc1.internal"}

func incidentDNS(s *sched, r *rand.Rand) {
	id := uint16(r.Uint32())
	for t := uniform(r, 0, 5); t < IncidentDuration; t += expo(r, 5, 0.1, 30) {
		name := dnsNames[r.IntN(len(dnsNames))]
		q := []byte{byte(r.Uint32() >> 8), byte(r.Uint32()), 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0}
		for _, label := range splitDots(name) {
			q = append(q, byte(len(label)))
			q = append(q, label...)
		}
		q = append(q, 0, 0, 1, 0, 1)
		q = append(q, 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x01, 0x2c, 0, 4, 10, 20, byte(r.IntN(4)), byte(1+r.IntN(250)))
		port := uint16(32768 + r.IntN(28232))
		ip := IPv4Header{ID: id, TTL: 63, Protocol: ProtoUDP, Src: dnsIP, Dst: IncidentHostIP}
		id++
		s.add(t, ipv4Frame(IncidentHostMAC, gatewayMAC, ip, UDP(dnsIP, IncidentHostIP, 53, port, q)), "DNS response "+name)
	}
}

func splitDots(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func incidentNTP(s *sched) {
	const ntpEpoch = 2208988800
	id := uint16(0x3a17)
	for t := 23.51; t < IncidentDuration; t += 64 {
		now := uint32(Start.Unix()) + ntpEpoch + uint32(t)
		p := []byte{0x24, 2, 6, 0xe9, 0, 0, 0x02, 0x10, 0, 0, 0x04, 0x4c, 10, 20, 0, 1}
		for _, sec := range []uint32{now - 40, now, now, now} { // reference, origin, receive, transmit
			p = append(p, byte(sec>>24), byte(sec>>16), byte(sec>>8), byte(sec), 0x2b, 0x4f, byte(t), 0)
		}
		ip := IPv4Header{ID: id, TOS: 0xb8, TTL: 63, Protocol: ProtoUDP, Src: ntpIP, Dst: IncidentHostIP}
		id++
		s.add(t, ipv4Frame(IncidentHostMAC, gatewayMAC, ip, UDP(ntpIP, IncidentHostIP, 123, 123, p)), "NTP server response")
	}
}

// incidentMonitor: a monitoring server pings the host every 10 s and polls
// SNMP counters once a minute.
func incidentMonitor(s *sched, r *rand.Rand) {
	id := uint16(r.Uint32())
	seq := uint16(1)
	for t := 3.2; t < IncidentDuration; t += 10 {
		sec := uint64(Start.Unix()) + uint64(t)
		data := make([]byte, 56)
		for i := 0; i < 8; i++ {
			data[i] = byte(sec >> (8 * i))
		}
		usec := uint64(r.IntN(1000000))
		for i := 0; i < 8; i++ {
			data[8+i] = byte(usec >> (8 * i))
		}
		for i := 16; i < 56; i++ {
			data[i] = byte(i)
		}
		ip := IPv4Header{ID: id, DF: true, TTL: 63, Protocol: ProtoICMP, Src: monitorIP, Dst: IncidentHostIP}
		id++
		s.add(t+jitter(r), ipv4Frame(IncidentHostMAC, gatewayMAC, ip, ICMPEcho(8, 0x1f2e, seq, data)), "ICMP echo request from monitor")
		seq++
	}
	oids := [][]byte{
		{0x2b, 6, 1, 2, 1, 1, 3, 0},           // sysUpTime.0
		{0x2b, 6, 1, 2, 1, 2, 2, 1, 13, 2},    // ifInDiscards.2
		{0x2b, 6, 1, 2, 1, 2, 2, 1, 14, 2},    // ifInErrors.2
		{0x2b, 6, 1, 2, 1, 31, 1, 1, 1, 6, 2}, // ifHCInOctets.2
		{0x2b, 6, 1, 2, 1, 31, 1, 1, 1, 7, 2}, // ifHCInUcastPkts.2
	}
	reqID := r.Uint32() & 0x7fffffff
	for t := 11.7; t < IncidentDuration; t += 60 {
		port := uint16(32768 + r.IntN(28232))
		for i, oid := range oids {
			p := snmpGet(reqID, oid)
			reqID++
			ip := IPv4Header{ID: id, TTL: 63, Protocol: ProtoUDP, Src: monitorIP, Dst: IncidentHostIP}
			id++
			s.add(t+float64(0.004*float64(i)), ipv4Frame(IncidentHostMAC, gatewayMAC, ip, UDP(monitorIP, IncidentHostIP, port, 161, p)), "SNMP get-request from monitor")
		}
	}
}

// ber returns a BER TLV with a short-form length (all values here are
// shorter than 128 octets).
func ber(tag byte, v ...[]byte) []byte {
	var body []byte
	for _, p := range v {
		body = append(body, p...)
	}
	return append([]byte{tag, byte(len(body))}, body...)
}

// snmpGet returns an SNMPv2c GetRequest for one OID (RFC 3416), community
// "monitor".
func snmpGet(reqID uint32, oid []byte) []byte {
	id := []byte{byte(reqID >> 24), byte(reqID >> 16), byte(reqID >> 8), byte(reqID)}
	vb := ber(0x30, ber(0x30, ber(0x06, oid), []byte{0x05, 0x00}))
	pdu := ber(0xa0, ber(0x02, id), ber(0x02, []byte{0}), ber(0x02, []byte{0}), vb)
	return ber(0x30, ber(0x02, []byte{1}), ber(0x04, []byte("monitor")), pdu)
}

// incidentARP: broadcast ARP requests from the subnet, a few for the host,
// unicast refreshes from the gateway and replies to the host's requests.
func incidentARP(s *sched, r *rand.Rand) {
	type nb struct {
		mac [6]byte
		ip  netip.Addr
	}
	var nbs []nb
	for i := range 12 {
		nbs = append(nbs, nb{
			mac: [6]byte{0x0c, 0xc4, 0x7a, 0x31, 0x40, byte(0x10 + i)},
			ip:  netip.AddrFrom4([4]byte{10, 20, 30, byte(11 + 4*i)}),
		})
	}
	nbs = append(nbs, nb{gatewayMAC, gatewayIP}, nb{appClientMAC, appClientIP})
	for t := uniform(r, 0, 2); t < IncidentDuration; t += expo(r, 3, 0.05, 20) {
		n := nbs[r.IntN(len(nbs))]
		target := netip.AddrFrom4([4]byte{10, 20, 30, byte(2 + r.IntN(250))})
		note := "ARP who-has " + target.String() + " tell " + n.ip.String()
		if r.IntN(10) == 0 {
			target = IncidentHostIP
			note = "ARP who-has 10.20.30.41 (the host) tell " + n.ip.String()
		}
		if target == n.ip {
			continue
		}
		s.add(t, ARPFrame(Broadcast, ARPRequest, n.mac, n.ip, [6]byte{}, target), note)
	}
	for t := uniform(r, 20, 60); t < IncidentDuration; t += uniform(r, 60, 120) {
		s.add(t, ARPFrame(IncidentHostMAC, ARPRequest, gatewayMAC, gatewayIP, IncidentHostMAC, IncidentHostIP), "ARP unicast who-has 10.20.30.41 from the gateway")
	}
	for t := uniform(r, 30, 90); t < IncidentDuration; t += uniform(r, 120, 240) {
		s.add(t, ARPFrame(IncidentHostMAC, ARPReply, appClientMAC, appClientIP, IncidentHostMAC, IncidentHostIP), "ARP reply 10.20.30.57 is-at 00:25:90:aa:bb:17")
	}
}
