//go:build linux

package kernelreplay

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"
)

var ne = binary.NativeEndian

// nlmsg builds a netlink message: header, then body.
func nlmsg(typ uint16, seq uint32, body []byte) []byte {
	b := make([]byte, unix.SizeofNlMsghdr, unix.SizeofNlMsghdr+len(body)+3)
	ne.PutUint32(b[0:4], uint32(unix.SizeofNlMsghdr+len(body))) // nlmsg_len
	ne.PutUint16(b[4:6], typ)                                   // nlmsg_type
	ne.PutUint32(b[8:12], seq)                                  // nlmsg_seq
	b = append(b, body...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// ifinfo builds an ifinfomsg for ifindex 2 with IFF_UP, followed by attrs.
func ifinfo(attrs ...[]byte) []byte {
	b := make([]byte, unix.SizeofIfInfomsg)
	ne.PutUint32(b[4:8], 2)            // ifi_index
	ne.PutUint32(b[8:12], unix.IFF_UP) // ifi_flags
	for _, a := range attrs {
		b = append(b, a...)
	}
	return b
}

// rtattr builds one attribute, padded to 4 bytes.
func rtattr(typ uint16, val []byte) []byte {
	b := make([]byte, unix.SizeofRtAttr, unix.SizeofRtAttr+len(val)+3)
	ne.PutUint16(b[0:2], uint16(unix.SizeofRtAttr+len(val))) // rta_len
	ne.PutUint16(b[2:4], typ)                                // rta_type
	b = append(b, val...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// stats64 builds a struct rtnl_link_stats64 of n fields, field i holding
// 1000+i, so each field is recognisable.
func stats64(n int) []byte {
	b := make([]byte, 8*n)
	for i := range n {
		ne.PutUint64(b[8*i:], uint64(1000+i))
	}
	return b
}

func errmsg(errno int32) []byte {
	b := make([]byte, 4+unix.SizeofNlMsghdr)
	ne.PutUint32(b[0:4], uint32(errno)) // error, negative errno
	return b
}

func TestParseLinkReply(t *testing.T) {
	want := counters{rxPackets: 1000, rxDropped: 1006, rxNoHandler: 1023}
	tests := []struct {
		name     string
		b        []byte
		wantSt   counters
		wantDone bool
		err      string // substring; empty means no error
	}{{
		name: "stats64 after other attributes, 25 fields (6.18)",
		b: nlmsg(unix.RTM_NEWLINK, 7, ifinfo(
			rtattr(unix.IFLA_IFNAME, []byte("vb\x00")), // 3 bytes, padded
			rtattr(unix.IFLA_STATS, make([]byte, 4*24)),
			rtattr(unix.IFLA_STATS64, stats64(25)),
		)),
		wantSt:   want,
		wantDone: true,
	}, {
		name:     "stats64 of 24 fields (before rx_otherhost_dropped)",
		b:        nlmsg(unix.RTM_NEWLINK, 7, ifinfo(rtattr(unix.IFLA_STATS64, stats64(24)))),
		wantSt:   want,
		wantDone: true,
	}, {
		name:     "nested flag bit set on the attribute type",
		b:        nlmsg(unix.RTM_NEWLINK, 7, ifinfo(rtattr(unix.IFLA_STATS64|0x8000, stats64(25)))),
		wantSt:   want,
		wantDone: true,
	}, {
		name: "stale reply to an earlier request, then ours",
		b: append(nlmsg(unix.RTM_NEWLINK, 6, ifinfo()),
			nlmsg(unix.RTM_NEWLINK, 7, ifinfo(rtattr(unix.IFLA_STATS64, stats64(25))))...),
		wantSt:   want,
		wantDone: true,
	}, {
		name: "only a stale reply",
		b:    nlmsg(unix.RTM_NEWLINK, 6, ifinfo()),
	}, {
		name:     "no such device",
		b:        nlmsg(unix.NLMSG_ERROR, 7, errmsg(-int32(unix.ENODEV))),
		wantDone: true,
		err:      "no such device",
	}, {
		name:     "bare acknowledgement",
		b:        nlmsg(unix.NLMSG_ERROR, 7, errmsg(0)),
		wantDone: true,
		err:      "without a link",
	}, {
		name:     "error message with no errno",
		b:        nlmsg(unix.NLMSG_ERROR, 7, nil),
		wantDone: true,
		err:      "error message of 0 bytes",
	}, {
		name:     "no stats64",
		b:        nlmsg(unix.RTM_NEWLINK, 7, ifinfo(rtattr(unix.IFLA_IFNAME, []byte("vb\x00")))),
		wantDone: true,
		err:      "no IFLA_STATS64",
	}, {
		name:     "stats64 short of rx_nohandler",
		b:        nlmsg(unix.RTM_NEWLINK, 7, ifinfo(rtattr(unix.IFLA_STATS64, stats64(23)))),
		wantDone: true,
		err:      "IFLA_STATS64 of 184 bytes",
	}, {
		name:     "body short of ifinfomsg",
		b:        nlmsg(unix.RTM_NEWLINK, 7, make([]byte, 12)),
		wantDone: true,
		err:      "short of ifinfomsg",
	}, {
		name: "zero attribute length",
		b: nlmsg(unix.RTM_NEWLINK, 7, ifinfo(
			[]byte{0x00, 0x00, 0x17, 0x00}, // rta_len 0, IFLA_STATS64 (little-endian)
		)),
		wantDone: true,
		err:      "attribute length 0",
	}, {
		name: "attribute longer than the message",
		b: nlmsg(unix.RTM_NEWLINK, 7, ifinfo(
			rtattr(unix.IFLA_STATS64, stats64(25))[:100],
		)),
		wantDone: true,
		err:      "attribute length 204 outside 4..100",
	}, {
		name: "message length beyond the datagram",
		b:    nlmsg(unix.RTM_NEWLINK, 7, ifinfo())[:20],
		err:  "message length 32 outside 16..20",
	}, {
		name: "message length below the header",
		b:    []byte{8, 0, 0, 0, 16, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0},
		err:  "message length 8",
	}, {
		name: "trailing bytes short of a header",
		b:    append(nlmsg(unix.RTM_NEWLINK, 6, ifinfo()), 1, 2, 3, 4),
		err:  "4 trailing bytes",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, done, err := parseLinkReply(tt.b, 7)
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("got error %v, want one containing %q", err, tt.err)
			}
			if done != tt.wantDone {
				t.Errorf("done = %v, want %v", done, tt.wantDone)
			}
			if diff := cmp.Diff(tt.wantSt, st, cmp.AllowUnexported(counters{})); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
	if _, _, err := parseLinkReply(nlmsg(unix.NLMSG_ERROR, 7, errmsg(-int32(unix.ENODEV))), 7); !errors.Is(err, unix.ENODEV) {
		t.Errorf("errno not wrapped: %v", err)
	}
}

func TestBacklogIdle(t *testing.T) {
	tests := []struct {
		name string
		text string
		want bool
		err  bool
	}{{
		name: "6.18, two CPUs, empty",
		text: "00000016 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000\n" +
			"0000052b 00000000 00000001 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000001 00000000 00000000\n",
		want: true,
	}, {
		name: "6.18, second CPU has two queued",
		text: "00000016 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000\n" +
			"0000052b 00000000 00000001 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000002 00000001 00000001 00000001\n",
		want: false,
	}, {
		name: "old kernel without the backlog column",
		text: "00000016 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000\n",
		err:  true,
	}, {
		name: "not hex",
		text: "0 0 0 0 0 0 0 0 0 0 0 zz 0\n",
		err:  true,
	}, {
		name: "empty",
		err:  true,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := backlogIdle([]byte(tt.text))
			if (err != nil) != tt.err {
				t.Fatalf("err = %v, want error %v", err, tt.err)
			}
			if got != tt.want {
				t.Errorf("idle = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHtons(t *testing.T) {
	var b [2]byte
	ne.PutUint16(b[:], htons(0x88b5))
	if b != [2]byte{0x88, 0xb5} {
		t.Errorf("htons(0x88b5) is stored as % x, want 88 b5", b)
	}
}
