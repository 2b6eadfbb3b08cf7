package kernel_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/source"
)

// Captures the fuzz targets are seeded from, read in place.
var (
	samplesDir = filepath.Join("..", "..", "samples")
	corpusDir  = filepath.Join("..", "..", "..", "shared", "corpus")
)

// captureFrames returns up to perFile distinct records of every capture
// under the given directories, whatever their link type. Missing
// directories and files that are not captures are skipped.
func captureFrames(tb testing.TB, perFile int, dirs ...string) [][]byte {
	tb.Helper()
	seen := map[string]bool{}
	var out [][]byte
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			src, err := source.Open(path)
			if err != nil {
				return nil
			}
			defer src.Close()
			for n := 0; n < perFile; {
				fr, err := src.Next()
				if err != nil {
					if !errors.Is(err, io.EOF) {
						tb.Logf("%s: %v", path, err)
					}
					break
				}
				if seen[string(fr.Data)] {
					continue
				}
				seen[string(fr.Data)] = true
				out = append(out, append([]byte(nil), fr.Data...))
				n++
			}
			return nil
		})
	}
	return out
}

// fuzzHosts are the host models every input is classified for: each
// kernel generation, a known and an unknown MAC, VLAN devices up and down,
// taps, tc ingress and both rx_handler kinds.
func fuzzHosts() []kernel.Host {
	mac := dissect.MAC{0x02, 0, 0, 0, 0, 0x0b}
	var hosts []kernel.Host
	for _, rel := range []string{"3.10", "el7", "el8", "4.5", "5.1", "5.14", "5.17", "5.18", "6.18"} {
		k, err := kernel.ParseKernel(rel)
		if err != nil {
			panic(err)
		}
		h := kernel.DefaultHost()
		h.Kernel = k
		hosts = append(hosts, h)

		h = kernel.DefaultHost()
		h.Kernel, h.MAC, h.MACKnown, h.Device = k, mac, true, "em1"
		h.AddHandler(dissect.EtherTypeIPv6)
		h.AddHandler(dissect.ETHP8022)
		h.Handlers = append(h.Handlers, kernel.Handler{Type: dissect.EtherTypeLLDP, Dev: "em1.10", Func: "packet_rcv"})
		h.Taps = []kernel.Tap{{Dev: "em1", Func: "tpacket_rcv"}}
		h.VLANs = []kernel.VLANDevice{
			{Name: "em1.10", TPID: dissect.EtherTypeVLAN, VID: 10, Up: true},
			{Name: "em1.20", TPID: dissect.EtherTypeVLAN, VID: 20},
			{Name: "em1.q30", TPID: dissect.EtherTypeQinQ, VID: 30, Up: true, MAC: dissect.MAC{0x02, 0, 0, 0, 0, 0x30}},
		}
		h.RxHandler = kernel.RxHandlerExact
		hosts = append(hosts, h)

		h = kernel.DefaultHost()
		h.Kernel, h.MAC, h.MACKnown = k, mac, true
		h.Taps = []kernel.Tap{{Func: "packet_rcv"}}
		h.Ingress = true
		h.RxHandler = kernel.RxHandlerPass
		h.VLANs = []kernel.VLANDevice{{Name: "vlan0", TPID: dissect.EtherTypeVLAN, VID: 0, Up: true}}
		hosts = append(hosts, h)
	}
	return hosts
}

// checkVerdict is the model's contract: every frame gets exactly one of
// the four outcomes, a counted frame was taken by no handler, a delivered
// one names what took it, and every enum prints.
func checkVerdict(t *testing.T, h *kernel.Host, in kernel.Input, v kernel.Verdict) {
	t.Helper()
	switch v.Outcome {
	case kernel.Delivered:
		if v.Handler == "" {
			t.Fatalf("delivered without a handler: %+v", v)
		}
	case kernel.RxDropped, kernel.RxNoHandler, kernel.Freed:
		if v.Handler != "" || v.Tap {
			t.Fatalf("%v with handler %q (tap %v)", v.Outcome, v.Handler, v.Tap)
		}
	default:
		t.Fatalf("outcome %v is none of delivered, rx_dropped, rx_nohandler, freed (kernel %v)", v.Outcome, h.Kernel)
	}
	if v.Outcome.Counted() && v.Step != kernel.StepLookup {
		t.Fatalf("counted at step %v", v.Step)
	}
	if v.Outcome == kernel.RxNoHandler && !h.Kernel.HasRxNoHandler() {
		t.Fatalf("rx_nohandler on %v, which has no such counter", h.Kernel)
	}
	for _, s := range []string{v.Outcome.String(), v.PktType.String(), v.Step.String(), v.Protocol.String(), v.EthProtocol.String()} {
		if s == "" {
			t.Fatalf("an enum of %+v prints as empty", v)
		}
	}
	if again := kernel.Classify(h, in); again != v {
		t.Fatalf("second Classify differs: %+v then %+v", v, again)
	}
}

func FuzzClassify(f *testing.F) {
	// A default-host drop (IPv6 multicast), a double-tagged frame, a runt.
	f.Add([]byte{0x33, 0x33, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0x0a, 0x86, 0xdd, 0x60}, 0)
	f.Add([]byte{2, 0, 0, 0, 0, 0x0b, 2, 0, 0, 0, 0, 0x0a, 0x88, 0xa8, 0, 30, 0x81, 0, 0, 10, 0x08, 0x06}, 64)
	f.Add([]byte{1, 2, 3}, 3)
	// Frames of the sample and corpus captures, on the wire as captured.
	for _, b := range captureFrames(f, 32, samplesDir, corpusDir) {
		f.Add(b, len(b))
	}
	hosts := fuzzHosts()
	f.Fuzz(func(t *testing.T, b []byte, wire int) {
		// Ethernet, as an Ethernet capture gives it.
		if eth, err := dissect.ParseEthernet(b); err == nil {
			in := kernel.Input{Eth: eth, WireLen: wire}
			for i := range hosts {
				checkVerdict(t, &hosts[i], in, kernel.Classify(&hosts[i], in))
			}
		} else if len(b) >= dissect.EthernetHeaderLen {
			t.Fatalf("ParseEthernet(%d bytes): %v", len(b), err)
		}
		// The same bytes as a cooked (SLL and SLL2) capture.
		for _, parse := range []func([]byte) (dissect.Cooked, error){dissect.ParseSLL, dissect.ParseSLL2} {
			c, err := parse(b)
			if err != nil {
				continue
			}
			in := kernel.Input{Cooked: true, Protocol: c.Protocol, PktType: kernel.PktType(c.PktType), Payload: c.Payload, WireLen: wire}
			for i := range hosts {
				checkVerdict(t, &hosts[i], in, kernel.Classify(&hosts[i], in))
			}
		}
	})
}
