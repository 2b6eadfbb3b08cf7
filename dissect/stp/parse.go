package stp

import (
	"errors"
	"fmt"
)

// ParseBPDU decodes the BPDU in b, which starts at the Protocol Identifier,
// right after the 802.2 LLC header 42 42 03.
//
// It decodes TCN BPDUs (type 0x80) and Configuration BPDUs (type 0x00) of
// any version (IEEE 802.1D-2004 §9.3.1, §9.3.2, §9.3.4 a-b), RST BPDUs
// (type 0x02, version 2; §9.3.3), MST BPDUs (type 0x02, version 3;
// IEEE 802.1Q-2018 §14.6) and SPT BPDUs (type 0x02, version 4; §14.6).
// Octets after the BPDU are allowed and counted in Trailing.
//
// The error is nil, or wraps ErrTruncated, or is a *FormatError, or wraps
// ErrUnsupported (see the package documentation). The BPDU is returned in
// every case with the fields decoded so far; see BPDU.Decoded.
func ParseBPDU(b []byte) (BPDU, error) {
	var p BPDU
	c := cursor{b: b}
	err := decode(&p, &c)
	return finish(p, &c, err)
}

// ParsePVST decodes a Cisco PVST+ or Rapid-PVST+ BPDU, carried in LLC/SNAP
// with OUI 00-00-0c and PID 0x010b to 01:00:0c:cc:cc:cd: b starts after the
// 8-octet header aa aa 03 00 00 0c 01 0b.
//
// The body is a BPDU as for ParseBPDU. A Configuration or RST BPDU is
// followed by TLVs, each a 2-octet type, a 2-octet length and the value,
// starting at octet 36 (a Configuration BPDU is padded by one octet). The
// originating-VLAN TLV (type 0, length 2) sets VLAN and HasVLAN; octets
// after it are Trailing. Other TLVs before it are skipped. Fewer than 4
// octets after the BPDU, or none at all, mean there is no TLV: HasVLAN is
// false and the error is nil. A TCN BPDU carries no TLV.
//
// Errors are as for ParseBPDU, plus ErrTruncated for a TLV whose length
// runs past the end and a *FormatError for an originating-VLAN TLV whose
// length is not 2 or whose VLAN ID exceeds 4095.
func ParsePVST(b []byte) (BPDU, error) {
	var p BPDU
	c := cursor{b: b}
	err := decode(&p, &c)
	if err == nil && (p.Type == TypeConfig || p.Type == TypeRST) {
		err = decodePVSTTLVs(&p, &c)
	}
	return finish(p, &c, err)
}

func finish(p BPDU, c *cursor, err error) (BPDU, error) {
	p.Decoded = c.off
	if err == nil || errors.Is(err, ErrInconsistent) {
		p.Trailing = len(c.b) - c.off
	}
	return p, err
}

// decode reads the BPDU at the start of c, leaving c after it.
func decode(p *BPDU, c *cursor) error {
	// 802.1D-2004 §9.3.1: Protocol Identifier, Protocol Version
	// Identifier, BPDU Type.
	p.ProtocolID = c.u16("protocol identifier")
	if c.err != nil {
		return c.err
	}
	if p.ProtocolID != 0 {
		return fmt.Errorf("stp: protocol identifier 0x%04x at byte %d: %w", p.ProtocolID, offProtocolID, ErrUnsupported)
	}
	p.Version = Version(c.u8("protocol version identifier"))
	p.Type = Type(c.u8("BPDU type"))
	if c.err != nil {
		return c.err
	}

	switch p.Type {
	case TypeTCN:
		// §9.3.2: the TCN BPDU is these 4 octets only.
		return nil
	case TypeConfig:
		// §9.3.4 a): a Configuration BPDU is decoded whatever its version.
		decodeConfig(p, c)
		return c.err
	case TypeRST:
		// §9.3.3: the Configuration BPDU fields and the Version 1 Length.
		decodeConfig(p, c)
		p.Version1Length = c.u8("version 1 length")
		switch p.Version {
		case VersionRSTP:
			return c.err
		case VersionMSTP, VersionSPB:
			if c.err != nil {
				return c.err
			}
			return decodeMST(p, c)
		}
		// Versions 0 and 1 never carry this type, and the layout after
		// octet 35 of versions above 4 is not known.
		return fmt.Errorf("stp: RST BPDU with protocol version %d at byte %d: %w", uint8(p.Version), offVersion, ErrUnsupported)
	}
	return fmt.Errorf("stp: BPDU type %s at byte %d: %w", p.Type, offType, ErrUnsupported)
}

// decodeConfig reads octets 4-34, common to Configuration, RST and MST
// BPDUs (802.1D-2004 §9.3.1, §9.3.3; 802.1Q-2018 §14.6 CIST fields).
func decodeConfig(p *BPDU, c *cursor) {
	p.Flags = Flags(c.u8("flags"))
	p.Root = c.bridgeID("root identifier")
	p.RootPathCost = c.u32("root path cost")
	p.Bridge = c.bridgeID("bridge identifier")
	p.Port = portIDFrom(c.u16("port identifier"))
	p.MessageAge = Timer(c.u16("message age"))
	p.MaxAge = Timer(c.u16("max age"))
	p.HelloTime = Timer(c.u16("hello time"))
	p.ForwardDelay = Timer(c.u16("forward delay"))
}

// decodeMST reads octets 36 onwards of an MST or SPT BPDU (802.1Q-2018
// §14.6, §14.6.1).
func decodeMST(p *BPDU, c *cursor) error {
	p.Version3Length = c.u16("version 3 length")
	if c.err != nil {
		return c.err
	}
	v3 := int(p.Version3Length)
	n := (v3 - V3FixedLen) / MSTIMessageLen

	// §14.4: the version 3 length must count a whole number of MSTI
	// messages, 0 to 64, after the 64 fixed octets.
	var bad error
	switch {
	case v3 < V3FixedLen:
		bad = fmt.Errorf("%d is less than %d", v3, V3FixedLen)
	case (v3-V3FixedLen)%MSTIMessageLen != 0:
		bad = fmt.Errorf("%d is not %d plus a multiple of %d", v3, V3FixedLen, MSTIMessageLen)
	case n > MaxMSTIs:
		bad = fmt.Errorf("%d counts %d MSTI configuration messages, more than %d", v3, n, MaxMSTIs)
	}

	// The fixed part does not depend on the version 3 length, so it is
	// decoded even when that length is bad, as far as the bytes go.
	p.MCID.FormatSelector = c.u8("MST configuration identifier format selector")
	if name := c.take("MST configuration name", 32); name != nil {
		p.MCID.Name = cString(name)
	}
	p.MCID.Revision = c.u16("MST configuration revision level")
	if d := c.take("MST configuration digest", 16); d != nil {
		copy(p.MCID.Digest[:], d)
	}
	p.CISTInternalRootPathCost = c.u32("CIST internal root path cost")
	p.CISTBridge = c.bridgeID("CIST bridge identifier")
	p.CISTRemainingHops = c.u8("CIST remaining hops")
	if bad != nil {
		return &FormatError{Proto: "stp", Field: "version 3 length", Off: offV3Length, Err: bad}
	}
	if c.err != nil {
		return c.err
	}

	if k := min(n, c.left()/MSTIMessageLen); k > 0 {
		p.MSTIs = make([]MSTI, 0, k)
	}
	for i := range n {
		if c.left() < MSTIMessageLen {
			c.fail(fmt.Sprintf("MSTI configuration message %d of %d", i+1, n), MSTIMessageLen)
			break
		}
		m := c.take("MSTI configuration message", MSTIMessageLen)
		p.MSTIs = append(p.MSTIs, MSTI{
			Flags:                MSTIFlags(m[0]),
			RegionalRoot:         bridgeIDFrom(m[1:9]),
			InternalRootPathCost: be32(m[9:13]),
			BridgePriority:       uint16(m[13]&0xf0) << 8,
			PortPriority:         m[14] & 0xf0,
			RemainingHops:        m[15],
		})
	}
	if c.err != nil {
		return c.err
	}

	if p.Version == VersionSPB {
		// §14.6: the Version 4 Length and the SPB fields it counts.
		p.Version4Length = c.u16("version 4 length")
		c.take("SPT BPDU version 4 fields", int(p.Version4Length))
		return c.err
	}
	if c.left() >= MSTIMessageLen {
		return &FormatError{Proto: "stp", Field: "version 3 length", Off: offV3Length,
			Err: fmt.Errorf("%d counts %d MSTI configuration messages but %d more octets follow them: %w", v3, n, c.left(), ErrInconsistent)}
	}
	return nil
}

// decodePVSTTLVs reads the TLVs after a PVST+ Configuration or RST BPDU up
// to and including the originating-VLAN TLV.
func decodePVSTTLVs(p *BPDU, c *cursor) error {
	if c.off < offPVSTTLV && c.left() > 0 {
		// The one pad octet after a Configuration BPDU (octet 35).
		c.take("PVST+ pad", offPVSTTLV-c.off)
	}
	for c.left() >= 4 {
		off := c.off
		typ := c.u16("PVST+ TLV type")
		l := int(c.u16("PVST+ TLV length"))
		v := c.take("PVST+ TLV value", l)
		if c.err != nil {
			return c.err
		}
		if typ != 0 {
			continue
		}
		if l != 2 {
			return &FormatError{Proto: "stp", Field: "PVST+ originating VLAN TLV length", Off: off + 2,
				Err: fmt.Errorf("%d, want 2", l)}
		}
		vid := be16(v)
		if vid > 0x0fff {
			return &FormatError{Proto: "stp", Field: "PVST+ originating VLAN", Off: off + 4,
				Err: fmt.Errorf("%d is more than 12 bits", vid)}
		}
		p.VLAN, p.HasVLAN = vid, true
		return nil
	}
	return nil
}

// cString returns b up to its first NUL octet.
func cString(b []byte) string {
	for i, o := range b {
		if o == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
