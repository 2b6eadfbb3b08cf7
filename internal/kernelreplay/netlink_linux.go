package kernelreplay

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"
)

// counters are the three rtnl_link_stats64 fields Replay reports.
type counters struct {
	rxPackets, rxDropped, rxNoHandler uint64
}

// sub returns c - base, field by field.
func (c counters) sub(base counters) counters {
	return counters{
		rxPackets:   c.rxPackets - base.rxPackets,
		rxDropped:   c.rxDropped - base.rxDropped,
		rxNoHandler: c.rxNoHandler - base.rxNoHandler,
	}
}

// Offsets into struct rtnl_link_stats64 (include/uapi/linux/if_link.h), in
// 8-byte fields: rx_packets is field 0, rx_dropped field 6, rx_nohandler
// field 23.
const (
	statsRxPackets   = 0 * 8
	statsRxDropped   = 6 * 8
	statsRxNoHandler = 23 * 8
	statsMinLen      = statsRxNoHandler + 8
)

// nlaTypeMask strips NLA_F_NESTED and NLA_F_NET_BYTEORDER from an attribute
// type (include/uapi/linux/netlink.h NLA_TYPE_MASK).
const nlaTypeMask = 0x3fff

var errNoStats64 = errors.New("no IFLA_STATS64 attribute")

// linkReader asks rtnetlink for one interface's state. Its socket belongs to
// the namespace it was opened in and can be used from any thread.
type linkReader struct {
	fd      int
	ifindex int32
	seq     uint32
	req     [unix.SizeofNlMsghdr + unix.SizeofIfInfomsg]byte
	buf     []byte
}

// openLinkReader opens a NETLINK_ROUTE socket in the calling thread's
// network namespace.
func openLinkReader() (*linkReader, error) {
	fd, err := unix.Socket(unix.AF_NETLINK, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.NETLINK_ROUTE)
	if err != nil {
		return nil, fmt.Errorf("rtnetlink socket: %w", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("rtnetlink bind: %w", err)
	}
	tv := unix.NsecToTimeval(int64(2 * time.Second))
	if err := unix.SetsockoptTimeval(fd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &tv); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("rtnetlink receive timeout: %w", err)
	}
	return &linkReader{fd: fd, buf: make([]byte, 64<<10)}, nil
}

func (r *linkReader) close() error { return unix.Close(r.fd) }

// read sends RTM_GETLINK for r.ifindex and parses the reply.
func (r *linkReader) read() (counters, error) {
	r.seq++
	ne := binary.NativeEndian
	ne.PutUint32(r.req[0:4], uint32(len(r.req)))  // nlmsg_len
	ne.PutUint16(r.req[4:6], unix.RTM_GETLINK)    // nlmsg_type
	ne.PutUint16(r.req[6:8], unix.NLM_F_REQUEST)  // nlmsg_flags
	ne.PutUint32(r.req[8:12], r.seq)              // nlmsg_seq
	ne.PutUint32(r.req[12:16], 0)                 // nlmsg_pid: the kernel
	r.req[16] = unix.AF_UNSPEC                    // ifi_family
	ne.PutUint32(r.req[20:24], uint32(r.ifindex)) // ifi_index
	if err := unix.Sendto(r.fd, r.req[:], 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK}); err != nil {
		return counters{}, fmt.Errorf("rtnetlink send: %w", err)
	}
	for {
		n, _, err := unix.Recvfrom(r.fd, r.buf, unix.MSG_TRUNC)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return counters{}, fmt.Errorf("rtnetlink receive: %w", err)
		}
		if n > len(r.buf) {
			return counters{}, fmt.Errorf("rtnetlink receive: reply of %d bytes truncated to %d", n, len(r.buf))
		}
		st, done, err := parseLinkReply(r.buf[:n], r.seq)
		if err != nil || done {
			return st, err
		}
	}
}

// parseLinkReply walks the netlink messages in b. It returns done=false if b
// holds no message for seq (a late reply to an earlier request).
func parseLinkReply(b []byte, seq uint32) (st counters, done bool, err error) {
	ne := binary.NativeEndian
	for len(b) > 0 {
		if len(b) < unix.SizeofNlMsghdr {
			return st, false, fmt.Errorf("rtnetlink: %d trailing bytes, short of a message header", len(b))
		}
		l := int(ne.Uint32(b[0:4]))
		if l < unix.SizeofNlMsghdr || l > len(b) {
			return st, false, fmt.Errorf("rtnetlink: message length %d outside 16..%d", l, len(b))
		}
		typ, mseq := ne.Uint16(b[4:6]), ne.Uint32(b[8:12])
		body := b[unix.SizeofNlMsghdr:l]
		b = b[min(nlAlign(l), len(b)):]
		if mseq != seq {
			continue
		}
		switch typ {
		case unix.NLMSG_ERROR:
			if len(body) < 4 {
				return st, true, fmt.Errorf("rtnetlink: error message of %d bytes", len(body))
			}
			if errno := int32(ne.Uint32(body[0:4])); errno != 0 {
				return st, true, fmt.Errorf("rtnetlink: RTM_GETLINK: %w", unix.Errno(-errno))
			}
			return st, true, errors.New("rtnetlink: RTM_GETLINK acknowledged without a link")
		case unix.RTM_NEWLINK:
			st, err = parseNewLink(body)
			return st, true, err
		}
	}
	return st, false, nil
}

// parseNewLink reads IFLA_STATS64 from an RTM_NEWLINK body.
func parseNewLink(b []byte) (counters, error) {
	ne := binary.NativeEndian
	var st counters
	if len(b) < unix.SizeofIfInfomsg {
		return st, fmt.Errorf("rtnetlink: RTM_NEWLINK body of %d bytes, short of ifinfomsg", len(b))
	}
	b = b[unix.SizeofIfInfomsg:]
	for len(b) >= unix.SizeofRtAttr {
		l := int(ne.Uint16(b[0:2]))
		if l < unix.SizeofRtAttr || l > len(b) {
			return st, fmt.Errorf("rtnetlink: attribute length %d outside 4..%d", l, len(b))
		}
		typ := ne.Uint16(b[2:4]) & nlaTypeMask
		val := b[unix.SizeofRtAttr:l]
		b = b[min(nlAlign(l), len(b)):]
		if typ != unix.IFLA_STATS64 {
			continue
		}
		if len(val) < statsMinLen {
			return st, fmt.Errorf("rtnetlink: IFLA_STATS64 of %d bytes, want at least %d", len(val), statsMinLen)
		}
		st.rxPackets = ne.Uint64(val[statsRxPackets:])
		st.rxDropped = ne.Uint64(val[statsRxDropped:])
		st.rxNoHandler = ne.Uint64(val[statsRxNoHandler:])
		return st, nil
	}
	return st, fmt.Errorf("rtnetlink: %w", errNoStats64)
}

// nlAlign rounds a netlink length up to NLMSG_ALIGNTO (4); attributes use
// the same alignment (RTA_ALIGNTO).
func nlAlign(n int) int { return (n + unix.NLMSG_ALIGNTO - 1) &^ (unix.NLMSG_ALIGNTO - 1) }
