package kernel

import (
	"fmt"
	"strconv"
	"strings"
)

// Distro tells a distribution kernel, whose backports change the rules,
// from an upstream one.
type Distro uint8

// Distributions whose kernels were read for the model.
const (
	Upstream Distro = iota // kernel.org release (also Debian, Ubuntu, Fedora: rules follow the version)
	EL7                    // RHEL/CentOS 7, 3.10.0-*.el7
	EL8                    // RHEL/CentOS 8, 4.18.0-*.el8
	EL9                    // RHEL 9, 5.14.0-*.el9 (not read; treated as upstream 5.14)
)

// String names the distribution.
func (d Distro) String() string {
	switch d {
	case Upstream:
		return "upstream"
	case EL7:
		return "el7"
	case EL8:
		return "el8"
	case EL9:
		return "el9"
	}
	return "distro(" + strconv.Itoa(int(d)) + ")"
}

// Kernel identifies the kernel generation whose rules apply.
type Kernel struct {
	Major, Minor int
	Distro       Distro
	// Release is the text the kernel was selected by ("6.18", "el7",
	// "3.10.0-514.16.1.el7.x86_64"), kept for the report.
	Release string
}

// Latest is the newest kernel the model was checked against.
var Latest = Kernel{Major: 6, Minor: 18, Release: "6.18"}

// ParseKernel accepts a generation name (3.10, el7, el8, 5.14, 6.18,
// latest), any MAJOR.MINOR, or a full release string as `uname -r` prints
// it (3.10.0-514.16.1.el7.x86_64, 4.18.0-240.el8.x86_64, 6.1.0-56-amd64).
func ParseKernel(s string) (Kernel, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "latest", "":
		return Latest, nil
	case "el7", "centos7", "rhel7":
		return Kernel{Major: 3, Minor: 10, Distro: EL7, Release: s}, nil
	case "el8", "centos8", "rhel8":
		return Kernel{Major: 4, Minor: 18, Distro: EL8, Release: s}, nil
	case "el9", "rhel9":
		return Kernel{Major: 5, Minor: 14, Distro: EL9, Release: s}, nil
	}
	k := Kernel{Release: s}
	switch {
	case strings.Contains(t, ".el7"):
		k.Distro = EL7
	case strings.Contains(t, ".el8"):
		k.Distro = EL8
	case strings.Contains(t, ".el9"):
		k.Distro = EL9
	}
	num := t
	if i := strings.IndexAny(num, "-+_ "); i >= 0 {
		num = num[:i]
	}
	parts := strings.Split(num, ".")
	if len(parts) < 2 {
		return Kernel{}, fmt.Errorf("kernel: %q: want a version such as 6.18, el7 or a uname -r release", s)
	}
	var err error
	if k.Major, err = strconv.Atoi(parts[0]); err != nil || k.Major < 2 || k.Major > 99 {
		return Kernel{}, fmt.Errorf("kernel: %q: bad major version", s)
	}
	if k.Minor, err = strconv.Atoi(parts[1]); err != nil || k.Minor < 0 || k.Minor > 999 {
		return Kernel{}, fmt.Errorf("kernel: %q: bad minor version", s)
	}
	return k, nil
}

// String describes the kernel for a report: "6.18", "3.10 (el7)".
func (k Kernel) String() string {
	v := strconv.Itoa(k.Major) + "." + strconv.Itoa(k.Minor)
	if k.Distro != Upstream {
		v += " (" + k.Distro.String() + ")"
	}
	return v
}

// AtLeast reports whether the kernel's upstream base is major.minor or newer.
func (k Kernel) AtLeast(major, minor int) bool {
	return k.Major > major || k.Major == major && k.Minor >= minor
}

// HasRxNoHandler reports whether exact-match delivery without a handler is
// counted in rx_nohandler (6e7333d315a7, v4.6; backported to el7) rather
// than rx_dropped (kernel-rx-model.md §3.4).
func (k Kernel) HasRxNoHandler() bool {
	return k.Distro != Upstream || k.AtLeast(4, 6)
}

// UntagMinLen is how many bytes after the Ethernet header (or after the
// previous tag) skb_vlan_untag() requires before it strips a tag: VLAN_HLEN
// (4) on 3.10, el7 and el8; VLAN_HLEN + 2 (6) on 5.14 and 6.18
// (kernel-rx-model.md §3.1). Between 4.18 and 5.14 the change was not
// located; 5.0 is taken as the boundary.
func (k Kernel) UntagMinLen() int {
	if k.Distro == EL7 || k.Distro == EL8 || !k.AtLeast(5, 0) {
		return 4
	}
	return 6
}

// VLAN0Inner reports whether a priority tag (VID 0) over another VLAN tag
// is stripped so the inner tag is honoured ("net: handle 802.1P vlan 0
// packets properly", v5.2; absent in el8-240 and 3.10).
func (k Kernel) VLAN0Inner() bool {
	return k.Distro != EL7 && k.Distro != EL8 && k.AtLeast(5, 2)
}

// ExactExemptsLinkLocal reports whether a bonding slave that delivers
// exact-match only still passes link-local destinations (01:80:c2:00:00:0X)
// normally: true in el8, 5.14 and 6.18 (bond_should_deliver_exact_match).
func (k Kernel) ExactExemptsLinkLocal() bool {
	return k.Distro != EL7 && k.AtLeast(4, 18)
}

// UnhandledReason is the kfree_skb drop reason the kernel reports for a
// frame no handler took: UNHANDLED_PROTO from 5.19, PTYPE_ABSENT in 5.18,
// NOT_SPECIFIED in 5.17 (kfree_skb without a reason), none before.
func (k Kernel) UnhandledReason() Reason {
	switch {
	case k.Distro != Upstream && k.Distro != EL9:
		return ReasonNone
	case k.AtLeast(5, 19):
		return ReasonUnhandledProto
	case k.AtLeast(5, 18):
		return ReasonPtypeAbsent
	case k.AtLeast(5, 17):
		return ReasonNotSpecified
	}
	return ReasonNone
}

// SilentReason is the reason reported for frees that carry no specific
// reason (a failed VLAN untag, a down VLAN device): NOT_SPECIFIED from
// 5.17, none before.
func (k Kernel) SilentReason() Reason {
	if k.Distro == Upstream && k.AtLeast(5, 17) {
		return ReasonNotSpecified
	}
	return ReasonNone
}
