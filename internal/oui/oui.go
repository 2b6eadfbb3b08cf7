// Package oui names the organisation that owns a MAC address's OUI, from
// the IEEE MA-L registry as shipped by gopacket/macs.
package oui

import (
	"github.com/dropscope/dropscope/dissect"
	"github.com/gopacket/gopacket/macs"
)

// Vendor returns the OUI owner of m, "(locally administered)" for an
// address with the U/L bit set, or "" when the OUI is not registered
// (MA-M and MA-S blocks name only the IEEE Registration Authority).
func Vendor(m dissect.MAC) string {
	if m.IsLocal() {
		return "(locally administered)"
	}
	return macs.ValidMACPrefixMap[m.OUI()]
}
