package stp

import "strconv"

// Summary formats b on one line in the manner of tcpdump, for example
//
//	MSTP RST flags [Learn, Forward, Agreement] root 32768/0/38:1c:1a:7a:c1:80 cost 0 bridge 8000.38:1c:1a:7a:c1:80 port 0x8036 role Designated region "x" rev 1 MSTIs 2
//
// Parts appear in this order, each only when its fields are valid:
// version and type; for Configuration, RST, MST and SPT BPDUs the flags
// (TC and TCA only for a Configuration BPDU), root identifier (as
// priority/system ID/MAC), root path cost, bridge identifier (as tcpdump
// prints it), port identifier; for RST-type BPDUs the port role; for MST
// and SPT BPDUs the MST configuration name and revision and the number of
// MSTI messages decoded; for PVST+ the originating VLAN. "[truncated]"
// marks a BPDU that ends before a part the BPDU needs. The output depends
// only on b.
func (b BPDU) Summary() string {
	s := make([]byte, 0, 160)
	s = b.appendSummary(s)
	return string(s)
}

func (b BPDU) appendSummary(s []byte) []byte {
	const trunc = " [truncated]"
	if b.Decoded < 2 {
		return append(s, "BPDU [truncated]"...)
	}
	if b.ProtocolID != 0 {
		s = append(s, "protocol 0x"...)
		return append(s, hexDigits[b.ProtocolID>>12], hexDigits[b.ProtocolID>>8&0xf],
			hexDigits[b.ProtocolID>>4&0xf], hexDigits[b.ProtocolID&0xf])
	}
	if b.Decoded < 4 {
		return append(s, "STP [truncated]"...)
	}
	switch b.Version {
	case VersionSTP, VersionRSTP, VersionMSTP, VersionSPB:
		s = append(s, b.Version.String()...)
	default:
		s = append(s, "version "...)
		s = strconv.AppendUint(s, uint64(b.Version), 10)
	}
	s = append(s, ' ')
	s = append(s, b.Type.String()...)

	switch b.Type {
	case TypeConfig, TypeRST:
	default:
		return b.appendVLAN(s)
	}
	if b.Decoded < ConfigLen {
		return append(s, trunc...)
	}
	f := b.Flags
	if b.Type == TypeConfig {
		f &= configFlagsMask
	}
	s = append(s, " flags "...)
	s = append(s, f.String()...)
	s = append(s, " root "...)
	s = b.Root.appendExpanded(s)
	s = append(s, " cost "...)
	s = strconv.AppendUint(s, uint64(b.RootPathCost), 10)
	s = append(s, " bridge "...)
	s = b.Bridge.appendDotted(s)
	s = append(s, " port "...)
	s = append(s, b.Port.String()...)
	if b.Type == TypeConfig {
		return b.appendVLAN(s)
	}
	if b.Decoded < RSTLen {
		return append(s, trunc...)
	}
	if b.Version >= VersionRSTP {
		s = append(s, " role "...)
		s = append(s, b.Flags.Role().String()...)
	}
	if !b.IsMST() {
		return b.appendVLAN(s)
	}
	if b.Decoded < MSTFixedLen {
		return append(s, trunc...)
	}
	s = append(s, " region "...)
	s = strconv.AppendQuote(s, b.MCID.Name)
	s = append(s, " rev "...)
	s = strconv.AppendUint(s, uint64(b.MCID.Revision), 10)
	s = append(s, " MSTIs "...)
	s = strconv.AppendInt(s, int64(len(b.MSTIs)), 10)
	v3 := int(b.Version3Length)
	if v3 >= V3FixedLen && (v3-V3FixedLen)%MSTIMessageLen == 0 && len(b.MSTIs) < (v3-V3FixedLen)/MSTIMessageLen {
		return append(s, trunc...)
	}
	return b.appendVLAN(s)
}

func (b BPDU) appendVLAN(s []byte) []byte {
	if !b.HasVLAN {
		return s
	}
	s = append(s, " vlan "...)
	return strconv.AppendUint(s, uint64(b.VLAN), 10)
}
