package icmpv6

import (
	"fmt"
	"net/netip"
	"strings"
)

// Summary is a deterministic one-line description of m, e.g.
//
//	neighbor-solicitation target fe80::1 source-lladdr 00:11:22:33:44:55
//	mldv2-report 1 records: CHANGE_TO_EXCLUDE_MODE ff02::fb sources 0
//
// The code is shown when it is not 0; the checksum is not shown.
func (m Message) Summary() string {
	var sb strings.Builder
	sb.WriteString(m.Type.String())
	if m.Code != 0 {
		fmt.Fprintf(&sb, " code %d", m.Code)
	}
	if m.Body != nil {
		if s := m.Body.String(); s != "" {
			sb.WriteByte(' ')
			sb.WriteString(s)
		}
	}
	return sb.String()
}

func writeNDP(sb *strings.Builder, opts []NDPOption) {
	for _, o := range opts {
		sb.WriteByte(' ')
		if o == nil {
			sb.WriteString("<nil>")
			continue
		}
		sb.WriteString(o.String())
	}
}

func withOptions(head string, opts []NDPOption) string {
	var sb strings.Builder
	sb.WriteString(head)
	writeNDP(&sb, opts)
	return strings.TrimPrefix(sb.String(), " ")
}

func addrList(addrs []netip.Addr) string {
	s := make([]string, len(addrs))
	for i, a := range addrs {
		s[i] = a.String()
	}
	return strings.Join(s, ",")
}

func (b Echo) String() string {
	return fmt.Sprintf("id %d seq %d len %d", b.Identifier, b.Sequence, len(b.Data))
}
func (b ErrorMessage) String() string {
	return fmt.Sprintf("param %d invoking %d bytes", b.Param, len(b.Invoking))
}
func (b RouterSolicitation) String() string { return withOptions("", b.Options) }
func (b RouterAdvertisement) String() string {
	flags := ""
	if b.Managed {
		flags += "M"
	}
	if b.Other {
		flags += "O"
	}
	if flags == "" {
		flags = "-"
	}
	return withOptions(fmt.Sprintf("hlim %d flags %s lifetime %ds reachable %dms retrans %dms",
		b.CurHopLimit, flags, b.RouterLifetime, b.ReachableTime, b.RetransTimer), b.Options)
}
func (b NeighborSolicitation) String() string {
	return withOptions("target "+b.Target.String(), b.Options)
}
func (b NeighborAdvertisement) String() string {
	flags := ""
	for _, f := range []struct {
		on   bool
		name string
	}{{b.Router, "R"}, {b.Solicited, "S"}, {b.Override, "O"}} {
		if f.on {
			flags += f.name
		}
	}
	if flags == "" {
		flags = "-"
	}
	return withOptions(fmt.Sprintf("flags %s target %s", flags, b.Target), b.Options)
}
func (b Redirect) String() string {
	return withOptions(fmt.Sprintf("target %s destination %s", b.Target, b.Destination), b.Options)
}
func (b MLD) String() string {
	return fmt.Sprintf("group %s max-delay %dms", b.MulticastAddress, b.MaxResponseDelay)
}
func (b MLDv2Query) String() string {
	s := ""
	if b.SuppressRouterSide {
		s = " S"
	}
	return fmt.Sprintf("v2 group %s max-delay %s qrv %d qqi %s%s sources %d [%s]",
		b.MulticastAddress, b.MaxResponseDelay, b.QRV, b.QQI, s, b.NumSources, addrList(b.Sources))
}
func (b MLDv2Report) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d records:", b.NumRecords)
	for i, r := range b.Records {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, " %s %s sources %d", r.Type, r.MulticastAddress, r.NumSources)
		if len(r.Sources) > 0 {
			fmt.Fprintf(&sb, " [%s]", addrList(r.Sources))
		}
	}
	return sb.String()
}
func (b Raw) String() string { return fmt.Sprintf("len %d", len(b.Data)) }

func colonHex(b []byte) string {
	out := make([]byte, 0, 3*len(b))
	const hex = "0123456789abcdef"
	for i, c := range b {
		if i > 0 {
			out = append(out, ':')
		}
		out = append(out, hex[c>>4], hex[c&0xf])
	}
	return string(out)
}

func (o SourceLinkLayerAddress) String() string { return "source-lladdr " + colonHex(o.Addr) }
func (o TargetLinkLayerAddress) String() string { return "target-lladdr " + colonHex(o.Addr) }
func (o PrefixInformation) String() string {
	flags := ""
	if o.OnLink {
		flags += "L"
	}
	if o.Autonomous {
		flags += "A"
	}
	if flags == "" {
		flags = "-"
	}
	return fmt.Sprintf("prefix %s flags %s valid %d preferred %d", o.Prefix, flags, o.ValidLifetime, o.PreferredLifetime)
}
func (o MTU) String() string { return fmt.Sprintf("mtu %d", o.MTU) }
func (o RDNSS) String() string {
	return fmt.Sprintf("rdnss %s lifetime %d", addrList(o.Servers), o.Lifetime)
}
func (o UnknownOption) String() string {
	return fmt.Sprintf("ndp-opt %s len %d", o.Type, int(o.Length)*8)
}

// Summary is a deterministic one-line description of u, e.g.
//
//	fe80::1 > ff02::16 hlim 1 plen 36 hop-by-hop(router-alert 0) icmpv6 28 bytes
func (u Upper) Summary() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s > %s hlim %d plen %d", u.Src, u.Dst, u.HopLimit, u.PayloadLength)
	for _, h := range u.Headers {
		sb.WriteByte(' ')
		sb.WriteString(h.Proto.String())
		switch {
		case h.HasRouterAlert:
			fmt.Fprintf(&sb, "(router-alert %d)", h.RouterAlert)
		case h.Proto == ProtoRouting:
			fmt.Fprintf(&sb, "(type %d left %d)", h.RoutingType, h.SegmentsLeft)
		case h.Proto == ProtoFragment:
			m := 0
			if h.MoreFragments {
				m = 1
			}
			fmt.Fprintf(&sb, "(off %d m %d id %#x)", h.FragmentOffset, m, h.Identification)
		}
	}
	if u.Fragment {
		sb.WriteString(" non-first-fragment")
	}
	fmt.Fprintf(&sb, " %s %d bytes", u.NextHeader, len(u.Payload))
	if u.Padding > 0 {
		fmt.Fprintf(&sb, " padding %d", u.Padding)
	}
	return sb.String()
}
