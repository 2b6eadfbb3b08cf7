package source

import (
	"encoding/binary"
	"time"

	"github.com/gopacket/gopacket/pcapgo"
)

// ngFast reads the Enhanced Packet Blocks of a pcapng capture itself, in
// place in the buffer, and leaves every other block, and every EPB it is
// not sure of, to pcapgo. It takes a block only when pcapgo would read the
// same frame from it without an error: the section's byte order is known
// (from the gate's section marks), the block is whole in the buffer, its
// interface is one pcapgo has read, the captured bytes and the options fit,
// and the options end as pcapgo ends them. So the frames are pcapgo's, and
// pcapgo still reports every error where it did.
type ngFast struct {
	f      *File
	r      *pcapgo.NgReader
	ifaces []ngIface // pcapgo's interfaces of the current section; nil when to be read again
	off    bool      // for tests: always leave the block to pcapgo
	taken  int       // blocks read here (for tests)
}

// ngIface is what a packet needs of its interface, as pcapgo computes it.
type ngIface struct {
	linkType                     uint16
	secondMask, scaleUp, scaleDn uint64
	offset                       uint64
}

// reset forgets the interfaces: pcapgo read blocks that may change them.
func (n *ngFast) reset() { n.ifaces = nil }

func (n *ngFast) loadIfaces() {
	cnt := n.r.NInterfaces()
	n.ifaces = make([]ngIface, 0, cnt)
	for i := 0; i < cnt; i++ {
		in, err := n.r.Interface(i)
		if err != nil || in.TimestampResolution.Exponent() > 63 {
			n.ifaces = nil
			return
		}
		// As pcapgo's readInterfaceDescriptor (which has made a resolution
		// of 0 read as 6): a power of 2 or of 10, multiplied in 64 bits.
		res := in.TimestampResolution
		var mask uint64 = 1
		if res.Binary() {
			mask = 1 << res.Exponent()
		} else {
			for j := uint8(0); j < res.Exponent(); j++ {
				mask *= 10
			}
		}
		if mask == 0 {
			n.ifaces = nil
			return
		}
		it := ngIface{linkType: uint16(in.LinkType), secondMask: mask, scaleUp: 1, scaleDn: 1, offset: in.TimestampOffset}
		if mask < 1e9 {
			it.scaleUp = 1e9 / mask
		} else {
			it.scaleDn = mask / 1e9
		}
		n.ifaces = append(n.ifaces, it)
	}
}

// next reads the next block into fr if it is an EPB ngFast can take.
func (n *ngFast) next(fr *Frame) bool {
	if n.off {
		return false
	}
	be, ok := n.f.g.orderAt(n.f.pos())
	if !ok {
		return false
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if be {
		bo = binary.BigEndian
	}
	h, err := n.f.br.Peek(28)
	if err != nil || bo.Uint32(h[0:4]) != blockEPB {
		return false
	}
	blen := bo.Uint32(h[4:8])
	if blen < 32 || blen%4 != 0 || int(blen) > n.f.br.Size() {
		return false
	}
	b, err := n.f.br.Peek(int(blen))
	if err != nil {
		return false
	}
	if n.ifaces == nil {
		n.loadIfaces()
		if n.ifaces == nil {
			return false
		}
	}
	iface := bo.Uint32(b[8:12])
	caplen, origlen := bo.Uint32(b[20:24]), bo.Uint32(b[24:28])
	if uint64(iface) >= uint64(len(n.ifaces)) || caplen > maxRecord || uint64(28)+uint64(caplen) > uint64(blen)-4 {
		return false
	}
	// The options, as pcapgo's readOption walks them: it stops at an
	// end-of-options option of length 0 or when 4 bytes (the trailer)
	// are left; a value is followed by padding to 4 bytes; the last
	// epb_flags of 4 bytes or more wins, read little-endian.
	dir := DirUnknown
	o, end := 28+int(pad4(caplen)), int(blen)-4
	if o > end {
		return false
	}
	for o < end {
		if end-o < 4 {
			return false
		}
		code, l := bo.Uint16(b[o:]), int(bo.Uint16(b[o+2:]))
		o += 4
		if code == 0 {
			if l != 0 {
				return false
			}
			break
		}
		if l > end-o || int(pad4(uint32(l))) > end-o {
			return false
		}
		if code == 2 && l >= 4 {
			var fl pcapgo.NgEpbFlags
			fl.FromUint32(binary.LittleEndian.Uint32(b[o:]))
			switch fl.Direction & pcapgo.NgEpbFlagDirectionMask {
			case pcapgo.NgEpbFlagDirectionInbound:
				dir = DirInbound
			case pcapgo.NgEpbFlagDirectionOutbound:
				dir = DirOutbound
			default:
				dir = DirUnknown
			}
		}
		o += int(pad4(uint32(l)))
	}
	it := &n.ifaces[iface]
	ts := uint64(bo.Uint32(b[12:16]))<<32 | uint64(bo.Uint32(b[16:20]))
	fr.Data = b[28 : 28+caplen : 28+caplen]
	// pcapgo's time.Unix(seconds, nanoseconds), in integers when they are
	// in range.
	sec, nsec := int64(ts/it.secondMask+it.offset), int64(ts%it.secondMask*it.scaleUp/it.scaleDn)
	if nsec >= 0 && nsec < 1e9 && sec > minSec && sec < maxSec {
		fr.TS, fr.BadTime = sec*1e9+nsec, false
	} else {
		fr.SetTime(time.Unix(sec, nsec))
	}
	fr.CapLen, fr.OrigLen = int(caplen), int(origlen)
	fr.LinkType, fr.Iface, fr.Dir = it.linkType, int(iface), dir
	n.f.br.Discard(int(blen))
	n.taken++
	return true
}
