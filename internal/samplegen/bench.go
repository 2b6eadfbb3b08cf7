package samplegen

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"net/netip"
)

// BenchSizes selects the frame sizes of a benchmark capture.
type BenchSizes uint8

// Benchmark frame sizes.
const (
	// BenchSmall captures every frame at 60 bytes (snap length 60): almost
	// all frames are minimum-size on the wire, the longer IPv6 and BPDU
	// frames are cut, as `tcpdump -s 60` would.
	BenchSmall BenchSizes = iota + 1
	// BenchMixed captures whole frames of 60 to 1514 bytes.
	BenchMixed
)

// BenchSpec describes a benchmark capture.
type BenchSpec struct {
	Sizes BenchSizes
	// Frames is the number of records; when 0, records are written until
	// the file holds at least Bytes bytes.
	Frames int
	Bytes  int64
	// Seed selects the PCG stream; the same spec gives the same bytes.
	Seed uint64
}

// benchKind is one row of the benchmark traffic mix.
type benchKind struct {
	weight int // per 10,000 frames
	frames [][]byte
}

// benchIPv4Sizes are the wire lengths of the IPv4 frames of a mixed
// capture, each listed as often as it is drawn.
var benchIPv4Sizes = []int{60, 60, 60, 60, 60, 66, 66, 74, 90, 110, 150, 230, 350, 576, 590, 1000,
	1514, 1514, 1514, 1514, 1514, 1514}

// benchMix returns the incident's traffic mix: about 85% IPv4 (TCP and UDP
// between a few dozen hosts), 4% ARP, 6% IPv6 multicast from firmware
// (DHCPv6 solicits, MLDv2 reports, neighbour and router solicitations),
// 2% BPDUs, 1.5% LLDP and 1.5% unknown EtherTypes. Senders of the dropped
// kinds come from a pool of a few thousand addresses.
func benchMix(sizes BenchSizes) []benchKind {
	r := rand.New(rand.NewPCG(seed, 0xbe4c))
	mac := func(oui uint32, n int) [6]byte {
		return [6]byte{byte(oui >> 16), byte(oui >> 8), byte(oui), byte(n >> 16), byte(n >> 8), byte(n)}
	}
	var ipv4 [][]byte
	sizesV4 := []int{60}
	if sizes == BenchMixed {
		sizesV4 = benchIPv4Sizes
	}
	for i := 0; i < 64; i++ {
		src := mac(0x002590, 0x100+i)
		sip := netip.AddrFrom4([4]byte{10, 20, 30, byte(50 + i)})
		for _, n := range sizesV4 {
			pay := make([]byte, max(0, n-14-20-8))
			for j := range pay {
				pay[j] = byte(r.Uint32())
			}
			h := IPv4Header{ID: uint16(r.Uint32()), DF: true, TTL: 64, Protocol: ProtoTCP, Src: sip, Dst: IncidentHostIP}
			l4 := TCP(sip, IncidentHostIP, TCPSegment{SrcPort: 443, DstPort: uint16(32768 + i), Seq: r.Uint32(),
				Ack: r.Uint32(), Flags: TCPAck, Window: 501, Payload: pay[:max(0, len(pay)-12)]})
			if i%4 == 3 {
				h.Protocol = ProtoUDP
				l4 = UDP(sip, IncidentHostIP, 53, uint16(40000+i), pay)
			}
			ipv4 = append(ipv4, ipv4Frame(IncidentHostMAC, src, h, l4))
		}
	}
	var arp [][]byte
	for i := 0; i < 64; i++ {
		src := mac(0x002590, 0x100+i)
		arp = append(arp, Pad(ARPFrame(Broadcast, 1, src, netip.AddrFrom4([4]byte{10, 20, 30, byte(50 + i)}),
			[6]byte{}, IncidentHostIP)))
	}
	const nics = 2048
	var dhcp, mld, ns, rs [][]byte
	for i := 0; i < nics; i++ {
		src := mac(0x6c0b84, 0x5e0000+i)
		ll := LinkLocal(src)
		dhcp = append(dhcp, DHCPv6Solicit(src, Solicit{XID: r.Uint32() & 0xffffff, Elapsed: uint16(i), IAID: uint32(i),
			ORO: []uint16{23, 24}, Enterprise: 343, VendorClass: "PXEClient:Arch:00007:UNDI:003016", Arch: 7}))
		mld = append(mld, MLDv2Report(src, ll, []MLDRecord{{Type: MLDChangeToExclude, Group: SolicitedNode(ll)}}))
		ns = append(ns, NeighborSolicit(src, netip.IPv6Unspecified(), ll))
		rs = append(rs, RouterSolicit(src, ll))
	}
	var cfg, mst, lldp, unknown [][]byte
	for i := 0; i < 16; i++ {
		sw := mac(0x381c1a, 0x7ac180+i)
		p := BPDU{Root: BridgeID{0x812c, sw}, Bridge: BridgeID{0x812c, sw}, PortID: uint16(0x8000 + i),
			MaxAge: Seconds(20), HelloTime: Seconds(2), ForwardDelay: Seconds(15)}
		cfg = append(cfg, ConfigBPDU(sw, p))
		mst = append(mst, MSTBPDU(sw, MST{BPDU: p, ConfigName: "REGION-A", Revision: 7, CISTBridge: BridgeID{0x8000, sw}, Hops: 20}))
		lldp = append(lldp, LLDP(sw, LLDPInfo{Chassis: sw, PortName: fmt.Sprintf("Gi1/0/%d", i+1), TTL: 120}))
	}
	for i := 0; i < 32; i++ {
		src := mac(0x0090fb, 0x3a1000+i)
		typ := TypeLocal1
		if i%3 == 2 {
			typ = TypeLoop
		}
		pay := make([]byte, 46)
		for j := range pay {
			pay[j] = byte(r.Uint32())
		}
		unknown = append(unknown, Ethernet(Broadcast, src, typ, pay))
	}
	return []benchKind{
		{8500, ipv4},
		{400, arp},
		{200, dhcp},
		{150, mld},
		{150, ns},
		{100, rs},
		{100, cfg},
		{100, mst},
		{150, lldp},
		{150, unknown},
	}
}

// WriteBench writes a classic little-endian microsecond pcap of Ethernet
// frames drawn from the incident's traffic mix, and returns the number of
// records written. The same spec writes the same bytes.
func WriteBench(w io.Writer, s BenchSpec) (int, error) {
	if s.Sizes != BenchSmall && s.Sizes != BenchMixed {
		return 0, fmt.Errorf("samplegen: unknown bench sizes %d", s.Sizes)
	}
	if s.Frames <= 0 && s.Bytes <= 0 {
		return 0, fmt.Errorf("samplegen: bench spec needs Frames or Bytes")
	}
	kinds := benchMix(s.Sizes)
	var table [10000]uint8
	i := 0
	for k, kd := range kinds {
		for j := 0; j < kd.weight; j++ {
			table[i] = uint8(k)
			i++
		}
	}
	snap := uint32(SnapLen)
	if s.Sizes == BenchSmall {
		snap = MinFrameLen
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	var hdr [24]byte
	binary.LittleEndian.PutUint32(hdr[0:], 0xa1b2c3d4)
	binary.LittleEndian.PutUint16(hdr[4:], 2)
	binary.LittleEndian.PutUint16(hdr[6:], 4)
	binary.LittleEndian.PutUint32(hdr[16:], snap)
	binary.LittleEndian.PutUint32(hdr[20:], 1)
	bw.Write(hdr[:])
	r := rand.New(rand.NewPCG(seed, 0xbe4c0000+s.Seed))
	sec, usec := uint32(Start.Unix()), uint32(0)
	written := int64(len(hdr))
	n := 0
	var rec [16]byte
	for (s.Frames > 0 && n < s.Frames) || (s.Frames <= 0 && written < s.Bytes) {
		x := r.Uint64()
		kd := &kinds[table[(x&0xffff)%10000]]
		f := kd.frames[(x>>16)%uint64(len(kd.frames))]
		caplen := len(f)
		if caplen > int(snap) {
			caplen = int(snap)
		}
		usec += 1 + uint32(x>>48)%8
		if usec >= 1e6 {
			sec, usec = sec+1, usec-1e6
		}
		binary.LittleEndian.PutUint32(rec[0:], sec)
		binary.LittleEndian.PutUint32(rec[4:], usec)
		binary.LittleEndian.PutUint32(rec[8:], uint32(caplen))
		binary.LittleEndian.PutUint32(rec[12:], uint32(len(f)))
		bw.Write(rec[:])
		if _, err := bw.Write(f[:caplen]); err != nil {
			return n, err
		}
		written += int64(16 + caplen)
		n++
	}
	return n, bw.Flush()
}
