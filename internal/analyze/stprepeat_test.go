package analyze

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/samplegen"
	"github.com/dropscope/dropscope/internal/source"
	"github.com/dropscope/dropscope/report"
)

// TestSTPRepeat: counting a sender's repeated BPDU without parsing it
// again (repeatSTP) gives the summary that parsing every BPDU gives, over
// random runs of configuration, RST, MST and TCN BPDUs that repeat, flip
// the TC flag, change root, region or MSTIs, or are cut short, with few
// enough bridge slots that some ports go to "other".
func TestSTPRepeat(t *testing.T) {
	for seed := uint64(0); seed < 20; seed++ {
		r := rand.New(rand.NewPCG(seed, 13))
		type port struct {
			mac  [6]byte
			kind int // 0 config, 1 RST, 2 MST
			b    samplegen.MST
		}
		var ports []port
		for i := 0; i < 8; i++ {
			p := port{mac: [6]byte{0x00, 0x1c, 0x0e, 0, byte(seed), byte(i)}, kind: i % 3}
			p.b.BPDU = samplegen.BPDU{Root: samplegen.BridgeID{Priority: 32768, MAC: [6]byte{0, 0x1c, 0x0e, 0, 0, 1}},
				Bridge: samplegen.BridgeID{Priority: 32768 + uint16(i), MAC: p.mac}, PortID: 0x8000 + uint16(i),
				MaxAge: samplegen.Seconds(20), HelloTime: samplegen.Seconds(2), ForwardDelay: samplegen.Seconds(15)}
			p.b.ConfigName, p.b.Revision, p.b.CISTBridge = "region-a", 1, p.b.Bridge
			ports = append(ports, p)
		}
		var frames [][]byte
		repeats := 0
		for i := 0; i < 3000; i++ {
			p := &ports[r.IntN(len(ports))]
			cut, tcn := 0, false
			switch x := r.IntN(40); {
			case x < 28:
				repeats++
			case x < 31:
				p.b.Flags ^= samplegen.FlagTC
			case x < 33:
				p.b.Root.Priority = []uint16{4096, 8192, 32768}[r.IntN(3)]
			case x < 35:
				p.b.ConfigName = []string{"region-a", "region-b"}[r.IntN(2)]
			case x < 37:
				p.b.MSTIs = make([]samplegen.MSTI, r.IntN(4))
				for j := range p.b.MSTIs {
					p.b.MSTIs[j].RegionalRoot = samplegen.BridgeID{Priority: 0x8000 | uint16(j+1), MAC: p.mac}
				}
			case x < 38:
				tcn = true
			default:
				cut = 1 + r.IntN(40)
			}
			var f []byte
			switch {
			case tcn:
				f = samplegen.TCNBPDU(p.mac)
			case p.kind == 0:
				f = samplegen.ConfigBPDU(p.mac, p.b.BPDU)
			case p.kind == 1:
				f = samplegen.IEEE8023(samplegen.STPGroup, p.mac, samplegen.LLC(0x42, 0x42, 0x03, samplegen.RSTBPDUMsg(p.b.BPDU)))
			default:
				f = samplegen.MSTBPDU(p.mac, p.b)
			}
			if cut > 0 && cut < len(f)-14 {
				f = f[:len(f)-cut]
			}
			frames = append(frames, f)
		}
		compareRepeat(t, seed, frames, 6)
		if repeats < 1500 {
			t.Fatalf("seed %d: only %d repeated BPDUs", seed, repeats)
		}
	}
}

// TestSTPRepeatManyPorts: past the bound on bridge ports, the ports left
// over are counted as other, repeated BPDUs included.
func TestSTPRepeatManyPorts(t *testing.T) {
	var frames [][]byte
	for round := 0; round < 3; round++ {
		for i := 0; i < maxBridges+100; i++ {
			mac := [6]byte{0x00, 0x1c, 0x0e, 1, byte(i >> 8), byte(i)}
			frames = append(frames, samplegen.ConfigBPDU(mac, samplegen.BPDU{
				Root:   samplegen.BridgeID{Priority: 32768, MAC: [6]byte{0, 0x1c, 0x0e, 0, 0, 1}},
				Bridge: samplegen.BridgeID{Priority: 32768, MAC: mac}, PortID: 0x8001}))
		}
	}
	compareRepeat(t, 0, frames, 2*maxBridges)
}

// compareRepeat analyses frames with and without JSON Lines (which parses
// every frame for its detail) and fails when the summaries differ.
func compareRepeat(t *testing.T, seed uint64, frames [][]byte, maxSenders int) {
	t.Helper()
	summary := func(jsonl bool) []byte {
		h := kernel.DefaultHost()
		o := Options{Host: h, Variants: DefaultVariants(h), Version: "test", MaxSenders: maxSenders}
		var jl bytes.Buffer
		if jsonl {
			o.JSONL = &jl
		}
		e := newEngine(o)
		for i, f := range frames {
			fr := source.Frame{Data: f, TS: samplegen.Start.UnixNano() + int64(i)*1e8, CapLen: len(f), OrigLen: len(f), LinkType: source.LinkEthernet}
			e.frame(0, &fr)
		}
		var out bytes.Buffer
		if err := report.WriteJSON(&out, e.summary()); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	a, b := summary(false), summary(true)
	if !bytes.Equal(a, b) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "repeat.json"), a, 0o644)
		os.WriteFile(filepath.Join(dir, "parsed.json"), b, 0o644)
		out, _ := exec.Command("diff", filepath.Join(dir, "repeat.json"), filepath.Join(dir, "parsed.json")).CombinedOutput()
		t.Fatalf("seed %d: summaries differ (repeat path <, every frame parsed >):\n%s", seed, out)
	}
}
