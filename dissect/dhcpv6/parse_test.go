package dhcpv6_test

import (
	"net/netip"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dropscope/dropscope/dissect/dhcpv6"
	"github.com/dropscope/dropscope/internal/corpustest"
)

// cmpOpts compares netip values by ==.
var cmpOpts = []cmp.Option{
	cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
	cmp.Comparer(func(a, b netip.Prefix) bool { return a == b }),
}

// errKind is the expected outcome class of a row.
type errKind = corpustest.ErrKind

const (
	ok          = corpustest.OK
	truncated   = corpustest.Truncated
	malformed   = corpustest.Malformed
	unsupported = corpustest.Unsupported
)

var dhcpv6Errors = corpustest.Errors[*dhcpv6.FormatError]{
	Prefix: "dhcpv6: ", Truncated: dhcpv6.ErrTruncated, Unsupported: dhcpv6.ErrUnsupported,
	Where: func(fe *dhcpv6.FormatError) (string, int) { return fe.Field, fe.Off },
}

func checkErr(t *testing.T, err error, kind errKind, field string, off int) {
	t.Helper()
	dhcpv6Errors.Check(t, err, kind, field, off)
}

func addr(s string) netip.Addr { return netip.MustParseAddr(s) }

// parseTests are the annotated rows of TestParse; fuzzing and the gopacket
// comparison reuse them.
var parseTests = []struct {
	name  string
	b     []byte
	want  dhcpv6.Message
	kind  errKind
	field string // FormatError.Field for malformed rows
	off   int    // FormatError.Off for malformed rows
}{{
	name: "SOLICIT: DUID-LL, ORO, elapsed, IA_NA, rapid commit, vendor and user class, FQDN",
	b: []byte{
		0x01,             // msg-type: SOLICIT
		0x1a, 0x2b, 0x3c, // transaction-id
		0x00, 0x01, 0x00, 0x0a, // OPTION_CLIENTID, length 10
		0x00, 0x03, // DUID type: LL
		0x00, 0x01, // hardware type: Ethernet
		0x6c, 0x0b, 0x84, 0x81, 0xb4, 0xd3, // link-layer address
		0x00, 0x06, 0x00, 0x04, // OPTION_ORO, length 4
		0x00, 0x17, // DNS_SERVERS
		0x00, 0x18, // DOMAIN_LIST
		0x00, 0x08, 0x00, 0x02, // OPTION_ELAPSED_TIME, length 2
		0x00, 0x96, // 150 hundredths
		0x00, 0x03, 0x00, 0x0c, // OPTION_IA_NA, length 12
		0x0e, 0x0f, 0x10, 0x11, // IAID
		0x00, 0x00, 0x0e, 0x10, // T1 3600 s
		0x00, 0x00, 0x15, 0x18, // T2 5400 s
		0x00, 0x0e, 0x00, 0x00, // OPTION_RAPID_COMMIT, length 0
		0x00, 0x10, 0x00, 0x0e, // OPTION_VENDOR_CLASS, length 14
		0x00, 0x00, 0x01, 0x37, // enterprise number 311
		0x00, 0x08, 'M', 'S', 'F', 'T', ' ', '5', '.', '0', // vendor-class-data
		0x00, 0x0f, 0x00, 0x0a, // OPTION_USER_CLASS, length 10
		0x00, 0x03, 'a', 'b', 'c', // user-class-data 1
		0x00, 0x03, 'x', 'y', 'z', // user-class-data 2
		0x00, 0x27, 0x00, 0x0b, // OPTION_CLIENT_FQDN, length 11
		0x01,                     // flags: S
		0x04, 'h', 'o', 's', 't', // label "host"
		0x03, 'l', 'a', 'n', // label "lan"
		0x00, // root label
	},
	want: dhcpv6.Message{
		Type:          dhcpv6.Solicit,
		TransactionID: 0x1a2b3c,
		Options: []dhcpv6.Option{
			dhcpv6.ClientID{DUID: dhcpv6.DUID{
				Type:             dhcpv6.DUIDLL,
				HardwareType:     1,
				LinkLayerAddress: []byte{0x6c, 0x0b, 0x84, 0x81, 0xb4, 0xd3},
				Raw:              []byte{0x00, 0x03, 0x00, 0x01, 0x6c, 0x0b, 0x84, 0x81, 0xb4, 0xd3},
			}},
			dhcpv6.OptionRequest{Codes: []dhcpv6.OptionCode{dhcpv6.OptDNSServers, dhcpv6.OptDomainList}},
			dhcpv6.ElapsedTime{Hundredths: 150, Duration: 1500 * time.Millisecond},
			dhcpv6.IANA{IAID: 0x0e0f1011, T1: 3600, T2: 5400},
			dhcpv6.RapidCommit{},
			dhcpv6.VendorClass{EnterpriseNumber: 311, Data: [][]byte{[]byte("MSFT 5.0")}},
			dhcpv6.UserClass{Data: [][]byte{[]byte("abc"), []byte("xyz")}},
			dhcpv6.ClientFQDN{Flags: dhcpv6.FQDNFlagS, Name: "host.lan."},
		},
	},
}, {
	name: "ADVERTISE: DUID-LLT, IA_NA with IAADDR and status, preference, DNS servers, domain list",
	b: []byte{
		0x02,             // msg-type: ADVERTISE
		0x1a, 0x2b, 0x3c, // transaction-id
		0x00, 0x02, 0x00, 0x0e, // OPTION_SERVERID, length 14
		0x00, 0x01, // DUID type: LLT
		0x00, 0x01, // hardware type: Ethernet
		0x18, 0x46, 0x48, 0x8c, // time 407259276 s since 2000
		0x00, 0x11, 0x22, 0x33, 0x44, 0x55, // link-layer address
		0x00, 0x03, 0x00, 0x30, // OPTION_IA_NA, length 48
		0x0e, 0x0f, 0x10, 0x11, // IAID
		0x00, 0x00, 0x0e, 0x10, // T1 3600 s
		0x00, 0x00, 0x15, 0x18, // T2 5400 s
		0x00, 0x05, 0x00, 0x20, //   OPTION_IAADDR, length 32
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, //   address 2001:db8::1
		0x00, 0x00, 0x11, 0x94, //   preferred lifetime 4500 s
		0x00, 0x00, 0x1c, 0x20, //   valid lifetime 7200 s
		0x00, 0x0d, 0x00, 0x04, //     OPTION_STATUS_CODE, length 4
		0x00, 0x00, //     status: Success
		'o', 'k', //     status-message
		0x00, 0x07, 0x00, 0x01, // OPTION_PREFERENCE, length 1
		0xff,                   // preference 255
		0x00, 0x17, 0x00, 0x10, // OPTION_DNS_SERVERS, length 16
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x53, // 2001:db8::53
		0x00, 0x18, 0x00, 0x0d, // OPTION_DOMAIN_LIST, length 13
		0x07, 'e', 'x', 'a', 'm', 'p', 'l', 'e', // label "example"
		0x03, 'c', 'o', 'm', // label "com"
		0x00, // root label
	},
	want: dhcpv6.Message{
		Type:          dhcpv6.Advertise,
		TransactionID: 0x1a2b3c,
		Options: []dhcpv6.Option{
			dhcpv6.ServerID{DUID: dhcpv6.DUID{
				Type:             dhcpv6.DUIDLLT,
				HardwareType:     1,
				Time:             407259276,
				Timestamp:        time.Date(2012, 11, 26, 15, 34, 36, 0, time.UTC),
				LinkLayerAddress: []byte{0x00, 0x11, 0x22, 0x33, 0x44, 0x55},
				Raw:              []byte{0x00, 0x01, 0x00, 0x01, 0x18, 0x46, 0x48, 0x8c, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55},
			}},
			dhcpv6.IANA{IAID: 0x0e0f1011, T1: 3600, T2: 5400, Options: []dhcpv6.Option{
				dhcpv6.IAAddress{
					Address:           addr("2001:db8::1"),
					PreferredLifetime: 4500,
					ValidLifetime:     7200,
					Options:           []dhcpv6.Option{dhcpv6.StatusCode{Status: dhcpv6.StatusSuccess, Message: "ok"}},
				},
			}},
			dhcpv6.Preference{Value: 255},
			dhcpv6.DNSServers{Servers: []netip.Addr{addr("2001:db8::53")}},
			dhcpv6.DomainList{Domains: []string{"example.com."}},
		},
	},
}, {
	name: "REQUEST: DUID-EN, DUID-UUID, IA_PD with IAPREFIX, IA_TA, vendor opts, reconfigure accept, unknown options",
	b: []byte{
		0x03,             // msg-type: REQUEST
		0x00, 0x00, 0x01, // transaction-id
		0x00, 0x01, 0x00, 0x0a, // OPTION_CLIENTID, length 10
		0x00, 0x02, // DUID type: EN
		0x00, 0x00, 0x75, 0x71, // enterprise number 30065
		0xde, 0xad, 0xbe, 0xef, // identifier
		0x00, 0x02, 0x00, 0x12, // OPTION_SERVERID, length 18
		0x00, 0x04, // DUID type: UUID
		0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, // UUID
		0x00, 0x19, 0x00, 0x29, // OPTION_IA_PD, length 41
		0x00, 0x00, 0x00, 0x01, // IAID
		0x00, 0x00, 0x00, 0x00, // T1 0
		0x00, 0x00, 0x00, 0x00, // T2 0
		0x00, 0x1a, 0x00, 0x19, //   OPTION_IAPREFIX, length 25
		0x00, 0x00, 0x1c, 0x20, //   preferred lifetime 7200 s
		0x00, 0x00, 0x1d, 0x4c, //   valid lifetime 7500 s
		0x38,                                                          //   prefix length 56
		0x20, 0x01, 0x0d, 0xb8, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //   prefix 2001:db8:1::
		0x00, 0x04, 0x00, 0x04, // OPTION_IA_TA, length 4
		0x00, 0x00, 0x00, 0x02, // IAID
		0x00, 0x11, 0x00, 0x08, // OPTION_VENDOR_OPTS, length 8
		0x00, 0x00, 0x11, 0x8b, // enterprise number 4491
		0x00, 0x01, 0x00, 0x00, // vendor sub-option 1, length 0
		0x00, 0x14, 0x00, 0x00, // OPTION_RECONF_ACCEPT, length 0
		0x00, 0x52, 0x00, 0x04, // OPTION_SOL_MAX_RT (not decoded), length 4
		0x00, 0x00, 0x0e, 0x10, // 3600
		0x12, 0x34, 0x00, 0x01, // unassigned option 0x1234, length 1
		0xaa, // data
	},
	want: dhcpv6.Message{
		Type:          dhcpv6.Request,
		TransactionID: 1,
		Options: []dhcpv6.Option{
			dhcpv6.ClientID{DUID: dhcpv6.DUID{
				Type:             dhcpv6.DUIDEN,
				EnterpriseNumber: 30065,
				Identifier:       []byte{0xde, 0xad, 0xbe, 0xef},
				Raw:              []byte{0x00, 0x02, 0x00, 0x00, 0x75, 0x71, 0xde, 0xad, 0xbe, 0xef},
			}},
			dhcpv6.ServerID{DUID: dhcpv6.DUID{
				Type: dhcpv6.DUIDUUID,
				UUID: [16]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
				Raw:  []byte{0x00, 0x04, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
			}},
			dhcpv6.IAPD{IAID: 1, Options: []dhcpv6.Option{
				dhcpv6.IAPrefix{PreferredLifetime: 7200, ValidLifetime: 7500, Prefix: netip.MustParsePrefix("2001:db8:1::/56")},
			}},
			dhcpv6.IATA{IAID: 2},
			dhcpv6.VendorOpts{EnterpriseNumber: 4491, Data: []byte{0x00, 0x01, 0x00, 0x00}},
			dhcpv6.ReconfigureAccept{},
			dhcpv6.UnknownOption{Type: dhcpv6.OptSolMaxRT, Length: 4, Data: []byte{0x00, 0x00, 0x0e, 0x10}},
			dhcpv6.UnknownOption{Type: 0x1234, Length: 1, Data: []byte{0xaa}},
		},
	},
}, {
	name: "INFORMATION-REQUEST: unknown DUID type kept raw, flags-only and partial FQDN",
	b: []byte{
		0x0b,             // msg-type: INFORMATION-REQUEST
		0xff, 0xff, 0xff, // transaction-id
		0x00, 0x01, 0x00, 0x04, // OPTION_CLIENTID, length 4
		0x00, 0x09, // DUID type 9 (unassigned)
		0xab, 0xcd, // DUID body
		0x00, 0x27, 0x00, 0x01, // OPTION_CLIENT_FQDN, length 1
		0x04,                   // flags: N
		0x00, 0x27, 0x00, 0x06, // OPTION_CLIENT_FQDN, length 6
		0x00,                     // flags: none
		0x04, 'h', 'o', 's', 't', // label "host", no root label: partial name
	},
	want: dhcpv6.Message{
		Type:          dhcpv6.InformationRequest,
		TransactionID: 0xffffff,
		Options: []dhcpv6.Option{
			dhcpv6.ClientID{DUID: dhcpv6.DUID{Type: 9, Raw: []byte{0x00, 0x09, 0xab, 0xcd}}},
			dhcpv6.ClientFQDN{Flags: dhcpv6.FQDNFlagN},
			dhcpv6.ClientFQDN{Name: "host"},
		},
	},
}, {
	name: "RELAY-FORW: interface id, relayed SOLICIT",
	b: []byte{
		0x0c,                                                          // msg-type: RELAY-FORW
		0x00,                                                          // hop-count
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, // link-address 2001:db8::1
		0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, // peer-address fe80::2
		0x00, 0x12, 0x00, 0x02, // OPTION_INTERFACE_ID, length 2
		'e', '0', // interface-id
		0x00, 0x09, 0x00, 0x0a, // OPTION_RELAY_MSG, length 10
		0x01,             //   msg-type: SOLICIT
		0x00, 0x00, 0x2a, //   transaction-id
		0x00, 0x08, 0x00, 0x02, //   OPTION_ELAPSED_TIME, length 2
		0xff, 0xff, //   655.35 s
	},
	want: dhcpv6.Message{
		Type:        dhcpv6.RelayForw,
		LinkAddress: addr("2001:db8::1"),
		PeerAddress: addr("fe80::2"),
		Options: []dhcpv6.Option{
			dhcpv6.UnknownOption{Type: dhcpv6.OptInterfaceID, Length: 2, Data: []byte("e0")},
			dhcpv6.RelayMessage{Message: dhcpv6.Message{
				Type:          dhcpv6.Solicit,
				TransactionID: 42,
				Options:       []dhcpv6.Option{dhcpv6.ElapsedTime{Hundredths: 0xffff, Duration: 655350 * time.Millisecond}},
			}},
		},
	},
}, {
	name: "unknown message type is unsupported",
	b: []byte{
		0x14,             // msg-type 20 (DHCPv4-QUERY, RFC 7341): not decoded
		0x00, 0x00, 0x00, // flags
	},
	want: dhcpv6.Message{Type: 20},
	kind: unsupported,
}, {
	name: "empty payload",
	b:    []byte{},
	kind: truncated,
}, {
	name: "client header cut",
	b: []byte{
		0x01,       // msg-type: SOLICIT
		0x00, 0x01, // first two bytes of the transaction-id
	},
	want: dhcpv6.Message{Type: dhcpv6.Solicit},
	kind: truncated,
}, {
	name: "relay header cut",
	b: []byte{
		0x0d,       // msg-type: RELAY-REPL
		0x00,       // hop-count
		0x20, 0x01, // start of link-address
	},
	want: dhcpv6.Message{Type: dhcpv6.RelayRepl},
	kind: truncated,
}, {
	name: "option header cut",
	b: []byte{
		0x01,             // msg-type: SOLICIT
		0x00, 0x00, 0x01, // transaction-id
		0x00, 0x08, 0x00, 0x02, // OPTION_ELAPSED_TIME, length 2
		0x00, 0x00, // 0
		0x00, 0x01, 0x00, // three bytes of an option header
	},
	want: dhcpv6.Message{Type: dhcpv6.Solicit, TransactionID: 1, Options: []dhcpv6.Option{dhcpv6.ElapsedTime{}}},
	kind: truncated,
}, {
	name: "option length past end",
	b: []byte{
		0x01,             // msg-type: SOLICIT
		0x00, 0x00, 0x01, // transaction-id
		0x00, 0x01, 0x00, 0x0a, // OPTION_CLIENTID, length 10
		0x00, 0x03, 0x00, 0x01, // DUID-LL, Ethernet; address cut off
	},
	want: dhcpv6.Message{Type: dhcpv6.Solicit, TransactionID: 1},
	kind: truncated,
}, {
	name: "DUID too short",
	b: []byte{
		0x01,             // msg-type: SOLICIT
		0x00, 0x00, 0x01, // transaction-id
		0x00, 0x01, 0x00, 0x01, // OPTION_CLIENTID, length 1
		0x00, // one byte: not even a DUID type
	},
	want:  dhcpv6.Message{Type: dhcpv6.Solicit, TransactionID: 1},
	kind:  malformed,
	field: "option CLIENTID DUID", off: 8,
}, {
	name: "DUID-LLT shorter than its fixed part",
	b: []byte{
		0x01,             // msg-type: SOLICIT
		0x00, 0x00, 0x01, // transaction-id
		0x00, 0x02, 0x00, 0x06, // OPTION_SERVERID, length 6
		0x00, 0x01, // DUID type: LLT
		0x00, 0x01, // hardware type
		0x00, 0x00, // half of the time field
	},
	want:  dhcpv6.Message{Type: dhcpv6.Solicit, TransactionID: 1},
	kind:  malformed,
	field: "option SERVERID DUID", off: 8,
}, {
	name: "DUID-UUID of wrong length",
	b: []byte{
		0x01,             // msg-type: SOLICIT
		0x00, 0x00, 0x01, // transaction-id
		0x00, 0x01, 0x00, 0x13, // OPTION_CLIENTID, length 19
		0x00, 0x04, // DUID type: UUID
		0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, // 17 bytes
	},
	want:  dhcpv6.Message{Type: dhcpv6.Solicit, TransactionID: 1},
	kind:  malformed,
	field: "option CLIENTID DUID", off: 8,
}, {
	name: "elapsed time of wrong length",
	b: []byte{
		0x01,             // msg-type: SOLICIT
		0x00, 0x00, 0x01, // transaction-id
		0x00, 0x08, 0x00, 0x03, // OPTION_ELAPSED_TIME, length 3
		0x00, 0x00, 0x00, // one byte too many
	},
	want:  dhcpv6.Message{Type: dhcpv6.Solicit, TransactionID: 1},
	kind:  malformed,
	field: "option ELAPSED_TIME", off: 8,
}, {
	name: "IA_NA sub-option overruns the IA_NA",
	b: []byte{
		0x01,             // msg-type: SOLICIT
		0x00, 0x00, 0x01, // transaction-id
		0x00, 0x03, 0x00, 0x10, // OPTION_IA_NA, length 16
		0x00, 0x00, 0x00, 0x01, // IAID
		0x00, 0x00, 0x00, 0x00, // T1
		0x00, 0x00, 0x00, 0x00, // T2
		0x00, 0x05, 0x00, 0x18, //   OPTION_IAADDR, length 24: beyond the IA_NA
	},
	want:  dhcpv6.Message{Type: dhcpv6.Solicit, TransactionID: 1},
	kind:  malformed,
	field: "option IA_NA: option IAADDR", off: 20,
}, {
	name: "IA_NA shorter than IAID, T1, T2",
	b: []byte{
		0x01,             // msg-type: SOLICIT
		0x00, 0x00, 0x01, // transaction-id
		0x00, 0x03, 0x00, 0x04, // OPTION_IA_NA, length 4
		0x00, 0x00, 0x00, 0x01, // IAID only
	},
	want:  dhcpv6.Message{Type: dhcpv6.Solicit, TransactionID: 1},
	kind:  malformed,
	field: "option IA_NA", off: 8,
}, {
	name: "IAPREFIX length above 128",
	b: []byte{
		0x03,             // msg-type: REQUEST
		0x00, 0x00, 0x01, // transaction-id
		0x00, 0x1a, 0x00, 0x19, // OPTION_IAPREFIX, length 25
		0x00, 0x00, 0x00, 0x00, // preferred lifetime
		0x00, 0x00, 0x00, 0x00, // valid lifetime
		0x81,                                           // prefix length 129
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // prefix
	},
	want:  dhcpv6.Message{Type: dhcpv6.Request, TransactionID: 1},
	kind:  malformed,
	field: "option IAPREFIX prefix-length", off: 16,
}, {
	name: "ORO of odd length",
	b: []byte{
		0x01,             // msg-type: SOLICIT
		0x00, 0x00, 0x01, // transaction-id
		0x00, 0x06, 0x00, 0x03, // OPTION_ORO, length 3
		0x00, 0x17, 0x00, // one and a half codes
	},
	want:  dhcpv6.Message{Type: dhcpv6.Solicit, TransactionID: 1},
	kind:  malformed,
	field: "option ORO", off: 8,
}, {
	name: "user class item overruns the option",
	b: []byte{
		0x01,             // msg-type: SOLICIT
		0x00, 0x00, 0x01, // transaction-id
		0x00, 0x0f, 0x00, 0x04, // OPTION_USER_CLASS, length 4
		0x00, 0x05, // item length 5
		'a', 'b', // only 2 bytes
	},
	want:  dhcpv6.Message{Type: dhcpv6.Solicit, TransactionID: 1},
	kind:  malformed,
	field: "option USER_CLASS item 0", off: 8,
}, {
	name: "FQDN with a compression pointer",
	b: []byte{
		0x01,             // msg-type: SOLICIT
		0x00, 0x00, 0x01, // transaction-id
		0x00, 0x27, 0x00, 0x03, // OPTION_CLIENT_FQDN, length 3
		0x01,       // flags: S
		0xc0, 0x0c, // compression pointer: forbidden by RFC 8415 §10
	},
	want:  dhcpv6.Message{Type: dhcpv6.Solicit, TransactionID: 1},
	kind:  malformed,
	field: "option CLIENT_FQDN domain-name", off: 9,
}, {
	name: "domain list name without root label",
	b: []byte{
		0x07,             // msg-type: REPLY
		0x00, 0x00, 0x01, // transaction-id
		0x00, 0x18, 0x00, 0x04, // OPTION_DOMAIN_LIST, length 4
		0x03, 'c', 'o', 'm', // label "com", then the option ends
	},
	want:  dhcpv6.Message{Type: dhcpv6.Reply, TransactionID: 1},
	kind:  malformed,
	field: "option DOMAIN_LIST domain 0", off: 8,
}, {
	name: "relayed message shorter than its header",
	b: []byte{
		0x0c,                                           // msg-type: RELAY-FORW
		0x00,                                           // hop-count
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // link-address ::
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // peer-address ::
		0x00, 0x09, 0x00, 0x02, // OPTION_RELAY_MSG, length 2
		0x01, 0x00, // SOLICIT with one byte of transaction-id
	},
	want:  dhcpv6.Message{Type: dhcpv6.RelayForw, LinkAddress: netip.IPv6Unspecified(), PeerAddress: netip.IPv6Unspecified()},
	kind:  malformed,
	field: "SOLICIT header", off: 38,
}}

// validSeeds returns the inputs of the rows that parse without error.
func validSeeds() [][]byte {
	var out [][]byte
	for _, tt := range parseTests {
		if tt.kind == ok {
			out = append(out, tt.b)
		}
	}
	return out
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dhcpv6.Parse(tt.b)
			checkErr(t, err, tt.kind, tt.field, tt.off)
			if diff := cmp.Diff(tt.want, got, cmpOpts...); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
			_ = got.Summary()
		})
	}
}

// relays wraps inner in n RELAY-FORW messages.
func relays(n int, inner []byte) []byte {
	b := inner
	for i := 0; i < n; i++ {
		hdr := make([]byte, 34, 34+4+len(b))
		hdr[0] = 0x0c                                                // RELAY-FORW
		hdr[1] = byte(i)                                             // hop-count
		hdr = append(hdr, 0x00, 0x09, byte(len(b)>>8), byte(len(b))) // OPTION_RELAY_MSG
		b = append(hdr, b...)
	}
	return b
}

func TestParseRelayDepth(t *testing.T) {
	solicit := []byte{
		0x01,             // msg-type: SOLICIT
		0x00, 0x00, 0x07, // transaction-id
	}
	m, err := dhcpv6.Parse(relays(dhcpv6.MaxRelayDepth, solicit))
	if err != nil {
		t.Fatalf("%d relays: %v", dhcpv6.MaxRelayDepth, err)
	}
	depth := 0
	for {
		in, ok := m.Inner()
		if !ok {
			break
		}
		m, depth = in, depth+1
	}
	if depth != dhcpv6.MaxRelayDepth || m.Type != dhcpv6.Solicit || m.TransactionID != 7 {
		t.Errorf("unwrapped %d relays to %s, want %d to SOLICIT xid 7", depth, m.Summary(), dhcpv6.MaxRelayDepth)
	}

	// relay nesting too deep: one more relay header than allowed. The
	// deepest relay header is read; its Relay Message option body (38
	// bytes further) is refused.
	b := relays(dhcpv6.MaxRelayDepth+1, solicit)
	_, err = dhcpv6.Parse(b)
	checkErr(t, err, malformed, "option RELAY_MSG", (dhcpv6.MaxRelayDepth+1)*38)
}

func TestSummary(t *testing.T) {
	b := []byte{
		0x01,             // msg-type: SOLICIT
		0x1a, 0x2b, 0x3c, // transaction-id
		0x00, 0x01, 0x00, 0x0a, // OPTION_CLIENTID, length 10
		0x00, 0x03, 0x00, 0x01, // DUID-LL, Ethernet
		0x6c, 0x0b, 0x84, 0x81, 0xb4, 0xd3, // link-layer address
		0x00, 0x10, 0x00, 0x0e, // OPTION_VENDOR_CLASS, length 14
		0x00, 0x00, 0x01, 0x57, // enterprise number 343
		0x00, 0x08, 'M', 'S', 'F', 'T', ' ', '5', '.', '0', // vendor-class-data
		0x00, 0x08, 0x00, 0x02, // OPTION_ELAPSED_TIME, length 2
		0x00, 0x00, // 0
		0x00, 0x03, 0x00, 0x0c, // OPTION_IA_NA, length 12
		0x0e, 0x0f, 0x10, 0x11, // IAID
		0x00, 0x00, 0x00, 0x00, // T1
		0x00, 0x00, 0x00, 0x00, // T2
		0x12, 0x34, 0x00, 0x00, // unassigned option, length 0
	}
	m, err := dhcpv6.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	want := `SOLICIT xid 0x1a2b3c client DUID-LL 6c:0b:84:81:b4:d3 vendor-class 343 "MSFT 5.0" elapsed 0.00s IA_NA iaid 0x0e0f1011 t1 0 t2 0 opt-4660 len 0`
	if got := m.Summary(); got != want {
		t.Errorf("Summary:\n got %s\nwant %s", got, want)
	}
}

func TestStringsNeverEmpty(t *testing.T) {
	for i := 0; i < 1<<16; i++ {
		if i < 256 && dhcpv6.MessageType(i).String() == "" {
			t.Errorf("MessageType(%d) prints empty", i)
		}
		if dhcpv6.OptionCode(i).String() == "" || dhcpv6.DUIDType(i).String() == "" || dhcpv6.Status(i).String() == "" {
			t.Errorf("value %d prints empty", i)
		}
	}
	for _, tt := range []struct{ got, want string }{
		{dhcpv6.Solicit.String(), "SOLICIT"},
		{dhcpv6.InformationRequest.String(), "INFORMATION-REQUEST"},
		{dhcpv6.RelayRepl.String(), "RELAY-REPL"},
		{dhcpv6.MessageType(99).String(), "99"},
		{dhcpv6.OptIANA.String(), "IA_NA"},
		{dhcpv6.OptionCode(999).String(), "999"},
		{dhcpv6.DUIDLL.String(), "DUID-LL"},
		{dhcpv6.DUIDType(7).String(), "7"},
		{dhcpv6.StatusNoAddrsAvail.String(), "NoAddrsAvail"},
	} {
		if tt.got != tt.want {
			t.Errorf("String() = %q, want %q", tt.got, tt.want)
		}
	}
}
