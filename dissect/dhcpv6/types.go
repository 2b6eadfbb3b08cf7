package dhcpv6

import "strconv"

// MessageType is the msg-type octet (RFC 8415 §7.3). Zero is not assigned.
//
//enumcheck:exhaustive
type MessageType uint8

// Message types of RFC 8415 §7.3.
const (
	_                  MessageType = iota
	Solicit                        // SOLICIT
	Advertise                      // ADVERTISE
	Request                        // REQUEST
	Confirm                        // CONFIRM
	Renew                          // RENEW
	Rebind                         // REBIND
	Reply                          // REPLY
	Release                        // RELEASE
	Decline                        // DECLINE
	Reconfigure                    // RECONFIGURE
	InformationRequest             // INFORMATION-REQUEST
	RelayForw                      // RELAY-FORW
	RelayRepl                      // RELAY-REPL
)

var messageTypeNames = [...]string{
	Solicit:            "SOLICIT",
	Advertise:          "ADVERTISE",
	Request:            "REQUEST",
	Confirm:            "CONFIRM",
	Renew:              "RENEW",
	Rebind:             "REBIND",
	Reply:              "REPLY",
	Release:            "RELEASE",
	Decline:            "DECLINE",
	Reconfigure:        "RECONFIGURE",
	InformationRequest: "INFORMATION-REQUEST",
	RelayForw:          "RELAY-FORW",
	RelayRepl:          "RELAY-REPL",
}

// String returns the RFC 8415 name, or the number for other values.
func (t MessageType) String() string {
	if int(t) < len(messageTypeNames) && messageTypeNames[t] != "" {
		return messageTypeNames[t]
	}
	return strconv.Itoa(int(t))
}

// IsRelay reports whether t uses the relay agent/server message format of
// RFC 8415 §9.
func (t MessageType) IsRelay() bool { return t == RelayForw || t == RelayRepl }

// OptionCode is an option-code (RFC 8415 §21.1; IANA "DHCPv6 Option Codes").
// Zero is reserved.
type OptionCode uint16

// Option codes decoded or named by this package.
const (
	OptClientID            OptionCode = 1   // RFC 8415 §21.2
	OptServerID            OptionCode = 2   // RFC 8415 §21.3
	OptIANA                OptionCode = 3   // RFC 8415 §21.4
	OptIATA                OptionCode = 4   // RFC 8415 §21.5
	OptIAAddr              OptionCode = 5   // RFC 8415 §21.6
	OptORO                 OptionCode = 6   // RFC 8415 §21.7
	OptPreference          OptionCode = 7   // RFC 8415 §21.8
	OptElapsedTime         OptionCode = 8   // RFC 8415 §21.9
	OptRelayMsg            OptionCode = 9   // RFC 8415 §21.10
	OptAuth                OptionCode = 11  // RFC 8415 §21.11
	OptUnicast             OptionCode = 12  // RFC 8415 §21.12
	OptStatusCode          OptionCode = 13  // RFC 8415 §21.13
	OptRapidCommit         OptionCode = 14  // RFC 8415 §21.14
	OptUserClass           OptionCode = 15  // RFC 8415 §21.15
	OptVendorClass         OptionCode = 16  // RFC 8415 §21.16
	OptVendorOpts          OptionCode = 17  // RFC 8415 §21.17
	OptInterfaceID         OptionCode = 18  // RFC 8415 §21.18
	OptReconfMsg           OptionCode = 19  // RFC 8415 §21.19
	OptReconfAccept        OptionCode = 20  // RFC 8415 §21.20
	OptSIPServerD          OptionCode = 21  // RFC 3319
	OptSIPServerA          OptionCode = 22  // RFC 3319
	OptDNSServers          OptionCode = 23  // RFC 3646 §3
	OptDomainList          OptionCode = 24  // RFC 3646 §4
	OptIAPD                OptionCode = 25  // RFC 8415 §21.21
	OptIAPrefix            OptionCode = 26  // RFC 8415 §21.22
	OptSNTPServers         OptionCode = 31  // RFC 4075
	OptInfoRefreshTime     OptionCode = 32  // RFC 8415 §21.23
	OptClientFQDN          OptionCode = 39  // RFC 4704 §4
	OptNTPServer           OptionCode = 56  // RFC 5908
	OptBootfileURL         OptionCode = 59  // RFC 5970
	OptAFTRName            OptionCode = 64  // RFC 6334
	OptSolMaxRT            OptionCode = 82  // RFC 8415 §21.24
	OptInfMaxRT            OptionCode = 83  // RFC 8415 §21.25
	OptSZTPRedirect        OptionCode = 136 // RFC 8572 §8.3
	OptClientLinkLayerAddr OptionCode = 79  // RFC 6939
)

var optionCodeNames = map[OptionCode]string{
	OptClientID:            "CLIENTID",
	OptServerID:            "SERVERID",
	OptIANA:                "IA_NA",
	OptIATA:                "IA_TA",
	OptIAAddr:              "IAADDR",
	OptORO:                 "ORO",
	OptPreference:          "PREFERENCE",
	OptElapsedTime:         "ELAPSED_TIME",
	OptRelayMsg:            "RELAY_MSG",
	OptAuth:                "AUTH",
	OptUnicast:             "UNICAST",
	OptStatusCode:          "STATUS_CODE",
	OptRapidCommit:         "RAPID_COMMIT",
	OptUserClass:           "USER_CLASS",
	OptVendorClass:         "VENDOR_CLASS",
	OptVendorOpts:          "VENDOR_OPTS",
	OptInterfaceID:         "INTERFACE_ID",
	OptReconfMsg:           "RECONF_MSG",
	OptReconfAccept:        "RECONF_ACCEPT",
	OptSIPServerD:          "SIP_SERVER_D",
	OptSIPServerA:          "SIP_SERVER_A",
	OptDNSServers:          "DNS_SERVERS",
	OptDomainList:          "DOMAIN_LIST",
	OptIAPD:                "IA_PD",
	OptIAPrefix:            "IAPREFIX",
	OptSNTPServers:         "SNTP_SERVERS",
	OptInfoRefreshTime:     "INFORMATION_REFRESH_TIME",
	OptClientFQDN:          "CLIENT_FQDN",
	OptNTPServer:           "NTP_SERVER",
	OptBootfileURL:         "BOOTFILE_URL",
	OptAFTRName:            "AFTR_NAME",
	OptSolMaxRT:            "SOL_MAX_RT",
	OptInfMaxRT:            "INF_MAX_RT",
	OptSZTPRedirect:        "V6_SZTP_REDIRECT",
	OptClientLinkLayerAddr: "CLIENT_LINKLAYER_ADDR",
}

// String returns the IANA name without its OPTION_ prefix, or the number.
func (c OptionCode) String() string {
	if s, ok := optionCodeNames[c]; ok {
		return s
	}
	return strconv.Itoa(int(c))
}

// DUIDType is the 2-octet DUID type (RFC 8415 §11.1, RFC 6355).
//
//enumcheck:exhaustive
type DUIDType uint16

// DUID types.
const (
	_        DUIDType = iota
	DUIDLLT           // link-layer address plus time, RFC 8415 §11.2
	DUIDEN            // enterprise number, RFC 8415 §11.3
	DUIDLL            // link-layer address, RFC 8415 §11.4
	DUIDUUID          // UUID, RFC 6355 §4
)

// String returns "DUID-LLT", "DUID-EN", "DUID-LL", "DUID-UUID", or the number.
func (t DUIDType) String() string {
	switch t {
	case DUIDLLT:
		return "DUID-LLT"
	case DUIDEN:
		return "DUID-EN"
	case DUIDLL:
		return "DUID-LL"
	case DUIDUUID:
		return "DUID-UUID"
	}
	return strconv.Itoa(int(t))
}

// Status is a status-code value (RFC 8415 §21.13; IANA "DHCPv6 Status
// Codes").
type Status uint16

// Status codes of RFC 8415 §21.13.
const (
	StatusSuccess       Status = 0
	StatusUnspecFail    Status = 1
	StatusNoAddrsAvail  Status = 2
	StatusNoBinding     Status = 3
	StatusNotOnLink     Status = 4
	StatusUseMulticast  Status = 5
	StatusNoPrefixAvail Status = 6
)

// String returns the RFC 8415 name, or the number.
func (s Status) String() string {
	switch s {
	case StatusSuccess:
		return "Success"
	case StatusUnspecFail:
		return "UnspecFail"
	case StatusNoAddrsAvail:
		return "NoAddrsAvail"
	case StatusNoBinding:
		return "NoBinding"
	case StatusNotOnLink:
		return "NotOnLink"
	case StatusUseMulticast:
		return "UseMulticast"
	case StatusNoPrefixAvail:
		return "NoPrefixAvail"
	}
	return strconv.Itoa(int(s))
}
