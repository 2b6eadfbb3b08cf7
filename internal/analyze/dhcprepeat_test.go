package analyze

import (
	"math/rand/v2"
	"testing"

	"github.com/dropscope/dropscope/internal/samplegen"
)

// TestDHCPRepeat: counting a client's repeated DHCPv6 message without
// parsing it again (dhcpRepeat) gives the summary that parsing every
// message gives, over random runs of messages that repeat, change only the
// transaction id or the elapsed time, change other bytes, change type, or
// are cut short.
func TestDHCPRepeat(t *testing.T) {
	const dhcpAt = 14 + 40 + 8 // the DHCPv6 message in the frame
	for seed := uint64(0); seed < 20; seed++ {
		r := rand.New(rand.NewPCG(seed, 11))
		type client struct {
			mac [6]byte
			s   samplegen.Solicit
		}
		var clients []client
		for i := 0; i < 5; i++ {
			c := client{mac: [6]byte{0x00, 0x1b, 0x21, 0, byte(seed), byte(i)},
				s: samplegen.Solicit{XID: r.Uint32() & 0xffffff, IAID: uint32(i), ORO: []uint16{23, 24},
					Enterprise: 343, VendorClass: "PXEClient:Arch:00007"}}
			if i%2 == 0 {
				c.s.DUIDTime = 700000000 + uint32(i)
			}
			clients = append(clients, c)
		}
		var frames [][]byte
		var repeats int
		for i := 0; i < 3000; i++ {
			c := &clients[r.IntN(len(clients))]
			cut, typ, setType := 0, byte(0), false
			switch x := r.IntN(20); {
			case x < 8: // a retransmission: same message, later elapsed time
				c.s.Elapsed += uint16(r.IntN(300))
				repeats++
			case x < 11: // a new exchange
				c.s.XID = r.Uint32() & 0xffffff
				c.s.Elapsed = 0
			case x < 13: // other bytes change
				c.s.IAID = r.Uint32()
			case x < 14:
				c.s.VendorClass = []string{"PXEClient:Arch:00007", "HTTPClient", ""}[r.IntN(3)]
			case x < 15:
				typ, setType = []byte{3, 11, 12, 0}[r.IntN(4)], true // request, information-request, relay-forw, reserved
			case x < 16:
				cut = 1 + r.IntN(30)
			}
			f := samplegen.DHCPv6Solicit(c.mac, c.s)
			if setType {
				f[dhcpAt] = typ
			}
			if cut > 0 {
				f = f[:len(f)-cut]
			}
			frames = append(frames, f)
		}
		compareRepeat(t, seed, frames, 10000)
		if repeats < 500 {
			t.Fatalf("seed %d: only %d repeated messages", seed, repeats)
		}
	}
}
