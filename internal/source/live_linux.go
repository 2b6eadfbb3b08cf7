//go:build linux

package source

import (
	"errors"
	"fmt"
	"io"
	"net"
	"reflect"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/afpacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"golang.org/x/net/bpf"
	"golang.org/x/sys/unix"
)

// pollTimeout bounds each wait for the ring, so that a stop request is
// seen within it. It exceeds the block retire timeout, so a partly filled
// block has been handed over by the time a drain sees a timeout.
const (
	pollTimeout  = 150 * time.Millisecond
	blockTimeout = 50 * time.Millisecond
	// drainLimit bounds the reading of frames still in the ring after a
	// stop request, on a link that never goes quiet.
	drainLimit = time.Second
)

// Live is a live capture on one interface: an AF_PACKET socket bound to it,
// receiving every protocol (ETH_P_ALL) through a TPACKET_V3 ring (V2 or
// V1 where V3 is missing), with VLAN tags the NIC stripped put back.
type Live struct {
	o        LiveOptions
	tp       *afpacket.TPacket
	ng       *pcapgo.NgWriter
	flags    pcapgo.NgEpbFlags
	stats    LiveStats
	deadline time.Time
	draining bool
	drainEnd time.Time
	done     bool
	err      error
}

// ProbeLive checks that the process may open a packet socket, without
// opening one that receives anything (protocol 0 registers no handler).
func ProbeLive() error {
	fd, err := unix.Socket(unix.AF_PACKET, unix.SOCK_RAW|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
			return ErrLivePermission
		}
		return fmt.Errorf("packet socket: %w", err)
	}
	unix.Close(fd)
	return nil
}

// OpenLive starts the capture. The socket is a capture socket (a tap) for
// the kernel from this moment until Close.
func OpenLive(o LiveOptions) (*Live, error) {
	if _, err := net.InterfaceByName(o.Iface); err != nil {
		return nil, fmt.Errorf("live capture on %s: %w", o.Iface, err)
	}
	tp, err := afpacket.NewTPacket(
		afpacket.OptInterface(o.Iface),
		afpacket.OptAddVLANHeader(true),
		afpacket.OptPollTimeout(pollTimeout),
		afpacket.OptBlockTimeout(blockTimeout),
		afpacket.OptFrameSize(1<<16),
		afpacket.OptBlockSize(1<<20),
		afpacket.OptNumBlocks(32),
	)
	if err != nil {
		if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
			return nil, ErrLivePermission
		}
		return nil, fmt.Errorf("live capture on %s: %w", o.Iface, err)
	}
	l := &Live{o: o, tp: tp}
	l.stats.Promisc = o.Promisc
	l.stats.TPacketVersion = tpacketVersion(tp)
	l.stats.OutgoingFilter = l.ignoreOutgoing()
	if o.Promisc {
		if err := tp.SetPromiscuous(true); err != nil {
			tp.Close()
			return nil, fmt.Errorf("live capture on %s: promiscuous mode: %w", o.Iface, err)
		}
	}
	if o.Write != nil {
		intf := pcapgo.DefaultNgInterface
		intf.Name, intf.LinkType = o.Iface, layers.LinkTypeEthernet
		opts := pcapgo.DefaultNgWriterOptions
		opts.SectionInfo.Application = "dropscope"
		ng, err := pcapgo.NewNgWriterInterface(o.Write, intf, opts)
		if err != nil {
			tp.Close()
			return nil, fmt.Errorf("pcapng writer: %w", err)
		}
		l.ng = ng
		l.flags = pcapgo.NgEpbFlags{Direction: pcapgo.NgEpbFlagDirectionInbound}
	}
	// Counters start with the ring: drop what the socket saw before.
	tp.InitSocketStats()
	l.stats.Start = time.Now()
	if o.Duration > 0 {
		l.deadline = l.stats.Start.Add(o.Duration)
	}
	return l, nil
}

// socketFD returns the descriptor afpacket keeps in its unexported fd
// field; ok is false when the field is missing (another afpacket version).
func socketFD(tp *afpacket.TPacket) (int, bool) {
	f := reflect.ValueOf(tp).Elem().FieldByName("fd")
	if !f.IsValid() || f.Kind() != reflect.Int {
		return -1, false
	}
	return int(f.Int()), true
}

// tpacketVersion is the ring version afpacket settled on: 1, 2 or 3 (0
// when unknown).
func tpacketVersion(tp *afpacket.TPacket) int {
	f := reflect.ValueOf(tp).Elem().FieldByName("tpVersion")
	if !f.IsValid() || f.Kind() != reflect.Int || f.Int() < 0 {
		return 0
	}
	return int(f.Int()) + 1 // TPACKET_V1 is 0 in the kernel's enum
}

// ignoreOutgoing keeps the host's own transmissions out of the ring:
// PACKET_IGNORE_OUTGOING (Linux 4.20+), else a classic BPF filter on
// skb->pkt_type (SKF_AD_PKTTYPE, any kernel), else the source-MAC test in
// Next.
func (l *Live) ignoreOutgoing() string {
	if fd, ok := socketFD(l.tp); ok {
		if err := unix.SetsockoptInt(fd, unix.SOL_PACKET, unix.PACKET_IGNORE_OUTGOING, 1); err == nil {
			return OutgoingIgnoreSockopt
		}
	}
	// SKF_AD_OFF + SKF_AD_PKTTYPE (include/uapi/linux/filter.h), as u32.
	const pktTypeOff, packetOutgoing = 0xfffff000 + 4, 4
	prog, err := bpf.Assemble([]bpf.Instruction{
		bpf.LoadAbsolute{Off: pktTypeOff, Size: 1},
		bpf.JumpIf{Cond: bpf.JumpEqual, Val: packetOutgoing, SkipTrue: 1},
		bpf.RetConstant{Val: 0x40000},
		bpf.RetConstant{Val: 0},
	})
	if err == nil && l.tp.SetBPF(prog) == nil {
		return OutgoingBPF
	}
	if l.o.HostMACKnown {
		return OutgoingSourceMAC
	}
	return OutgoingNone
}

// Info describes the capture.
func (l *Live) Info() Info {
	return Info{Name: l.o.Iface, Format: "live", Size: -1}
}

// Next returns the next received frame, or io.EOF once the count or
// duration is reached or Stop is done and the ring has been drained.
// Frame.Data is valid until the next call.
func (l *Live) Next() (Frame, error) {
	if l.err != nil {
		return Frame{}, l.err
	}
	for {
		if l.done || (l.o.Count > 0 && l.stats.Frames >= l.o.Count) {
			return l.finish("count")
		}
		now := time.Now()
		if !l.draining {
			reason := ""
			switch {
			case !l.deadline.IsZero() && !now.Before(l.deadline):
				reason = "duration"
			case l.o.Stop != nil && l.o.Stop.Err() != nil:
				reason = "signal"
			}
			if reason != "" {
				l.draining, l.drainEnd, l.stats.StopReason = true, now.Add(drainLimit), reason
			}
		} else if now.After(l.drainEnd) {
			return l.finish(l.stats.StopReason)
		}
		data, ci, err := l.tp.ZeroCopyReadPacketData()
		if err != nil {
			if errors.Is(err, afpacket.ErrTimeout) {
				if l.draining {
					return l.finish(l.stats.StopReason)
				}
				continue
			}
			if errors.Is(err, unix.EINTR) {
				continue
			}
			l.stats.StopReason = "error"
			l.finishStats()
			l.err = fmt.Errorf("live capture on %s: %w", l.o.Iface, err)
			return Frame{}, l.err
		}
		if l.stats.OutgoingFilter == OutgoingSourceMAC && len(data) >= 12 && [6]byte(data[6:12]) == l.o.HostMAC {
			l.stats.SkippedOutgoing++
			continue
		}
		l.stats.Frames++
		if l.ng != nil {
			if err := l.ng.WritePacketWithOptions(gopacket.CaptureInfo{Timestamp: ci.Timestamp, CaptureLength: len(data),
				Length: max(ci.Length, len(data))}, data, pcapgo.NgPacketOptions{Flags: &l.flags}); err != nil {
				l.err = fmt.Errorf("writing the capture: %w", err)
				l.finishStats()
				return Frame{}, l.err
			}
		}
		fr := Frame{Data: data, CapLen: len(data), OrigLen: max(ci.Length, len(data)),
			LinkType: LinkEthernet, Dir: DirInbound}
		fr.SetTime(ci.Timestamp)
		return fr, nil
	}
}

func (l *Live) finish(reason string) (Frame, error) {
	if l.stats.StopReason == "" {
		l.stats.StopReason = reason
	}
	l.done = true
	l.finishStats()
	return Frame{}, io.EOF
}

func (l *Live) finishStats() {
	if !l.stats.End.IsZero() {
		return
	}
	l.stats.End = time.Now()
	s1, s3, err := l.tp.SocketStats()
	if err != nil {
		l.stats.StatsErr = err.Error()
		return
	}
	if l.stats.TPacketVersion == 3 {
		l.stats.SocketPackets, l.stats.RingDrops, l.stats.QueueFreezes = uint64(s3.Packets()), uint64(s3.Drops()), uint64(s3.QueueFreezes())
	} else {
		l.stats.SocketPackets, l.stats.RingDrops = uint64(s1.Packets()), uint64(s1.Drops())
	}
}

// Stats returns the capture's statistics; the socket figures are final
// once Next has returned io.EOF or an error.
func (l *Live) Stats() LiveStats {
	return l.stats
}

// Close flushes the pcapng output and closes the socket. The tap is gone
// from the kernel when Close returns.
func (l *Live) Close() error {
	if l.tp == nil {
		return nil
	}
	l.finishStats()
	var err error
	if l.ng != nil {
		err = l.ng.Flush()
	}
	l.tp.Close()
	l.tp = nil
	return err
}
