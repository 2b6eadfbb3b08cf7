package dhcpv6

import (
	"fmt"
	"strings"
)

// Summary is a deterministic one-line description of m: the message type,
// the transaction id or relay header, then each option in wire order, e.g.
//
//	SOLICIT xid 0x1a2b3c client DUID-LL 6c:0b:84:81:b4:d3 elapsed 0.00s IA_NA iaid 0x0000000a t1 0 t2 0
//
// Relayed messages appear in braces after "relay-msg". Opaque strings are
// quoted with Go escapes, so the result never contains a newline.
func (m Message) Summary() string {
	var sb strings.Builder
	sb.WriteString(m.Type.String())
	switch {
	case m.Type.IsRelay():
		fmt.Fprintf(&sb, " hops %d link %s peer %s", m.HopCount, m.LinkAddress, m.PeerAddress)
	case m.Type >= Solicit && m.Type <= InformationRequest:
		fmt.Fprintf(&sb, " xid 0x%06x", m.TransactionID)
	}
	writeOptions(&sb, m.Options)
	return sb.String()
}

func writeOptions(sb *strings.Builder, opts []Option) {
	for _, o := range opts {
		sb.WriteByte(' ')
		if o == nil {
			sb.WriteString("<nil>")
			continue
		}
		sb.WriteString(o.String())
	}
}

func nestedSummary(opts []Option) string {
	if len(opts) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString(" {")
	writeOptions(&sb, opts)
	sb.WriteString(" }")
	return sb.String()
}

func quoteList(items [][]byte) string {
	var sb strings.Builder
	for _, it := range items {
		fmt.Fprintf(&sb, " %q", it)
	}
	return sb.String()
}

func (o ClientID) String() string { return "client " + o.DUID.String() }
func (o ServerID) String() string { return "server " + o.DUID.String() }
func (o IANA) String() string {
	return fmt.Sprintf("IA_NA iaid 0x%08x t1 %d t2 %d%s", o.IAID, o.T1, o.T2, nestedSummary(o.Options))
}
func (o IATA) String() string {
	return fmt.Sprintf("IA_TA iaid 0x%08x%s", o.IAID, nestedSummary(o.Options))
}
func (o IAPD) String() string {
	return fmt.Sprintf("IA_PD iaid 0x%08x t1 %d t2 %d%s", o.IAID, o.T1, o.T2, nestedSummary(o.Options))
}
func (o IAAddress) String() string {
	return fmt.Sprintf("addr %s pltime %d vltime %d%s", o.Address, o.PreferredLifetime, o.ValidLifetime, nestedSummary(o.Options))
}
func (o IAPrefix) String() string {
	return fmt.Sprintf("prefix %s pltime %d vltime %d%s", o.Prefix, o.PreferredLifetime, o.ValidLifetime, nestedSummary(o.Options))
}
func (o StatusCode) String() string { return fmt.Sprintf("status %s %q", o.Status, o.Message) }
func (o OptionRequest) String() string {
	s := make([]string, len(o.Codes))
	for i, c := range o.Codes {
		s[i] = c.String()
	}
	return "oro " + strings.Join(s, ",")
}
func (o Preference) String() string { return fmt.Sprintf("preference %d", o.Value) }
func (o ElapsedTime) String() string {
	return fmt.Sprintf("elapsed %d.%02ds", o.Hundredths/100, o.Hundredths%100)
}
func (o RelayMessage) String() string    { return "relay-msg {" + o.Message.Summary() + "}" }
func (RapidCommit) String() string       { return "rapid-commit" }
func (ReconfigureAccept) String() string { return "reconfigure-accept" }
func (o UserClass) String() string       { return "user-class" + quoteList(o.Data) }
func (o VendorClass) String() string {
	return fmt.Sprintf("vendor-class %d%s", o.EnterpriseNumber, quoteList(o.Data))
}
func (o VendorOpts) String() string {
	return fmt.Sprintf("vendor-opts %d len %d", o.EnterpriseNumber, len(o.Data))
}
func (o ClientFQDN) String() string {
	flags := ""
	for _, f := range []struct {
		bit  uint8
		name string
	}{{FQDNFlagN, "N"}, {FQDNFlagO, "O"}, {FQDNFlagS, "S"}} {
		if o.Flags&f.bit != 0 {
			flags += f.name
		}
	}
	if flags == "" {
		flags = "-"
	}
	return fmt.Sprintf("fqdn %s %q", flags, o.Name)
}
func (o DNSServers) String() string {
	s := make([]string, len(o.Servers))
	for i, a := range o.Servers {
		s[i] = a.String()
	}
	return "dns " + strings.Join(s, ",")
}
func (o DomainList) String() string {
	return fmt.Sprintf("domains %q", strings.Join(o.Domains, " "))
}
func (o UnknownOption) String() string {
	if _, named := optionCodeNames[o.Type]; named {
		return fmt.Sprintf("%s len %d", o.Type, o.Length)
	}
	return fmt.Sprintf("opt-%d len %d", uint16(o.Type), o.Length)
}
