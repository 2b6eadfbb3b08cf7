package analyze

import (
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/samplegen"
	"github.com/dropscope/dropscope/internal/source"
)

// cacheHosts are host models that exercise every input of the model.
func cacheHosts(t *testing.T) []kernel.Host {
	var hosts []kernel.Host
	base := kernel.DefaultHost()
	hosts = append(hosts, base)
	for _, v := range DefaultVariants(base) {
		hosts = append(hosts, v.Host)
	}
	for _, rel := range []string{"3.10", "el8", "5.14", "6.18"} {
		k, err := kernel.ParseKernel(rel)
		if err != nil {
			t.Fatal(err)
		}
		for _, rx := range []kernel.RxHandler{kernel.RxHandlerNone, kernel.RxHandlerPass, kernel.RxHandlerExact} {
			h := kernel.DefaultHost()
			h.Kernel, h.RxHandler = k, rx
			h.MAC, h.MACKnown = samplegen.IncidentHostMAC, true
			h.Device = "em1"
			h.AddHandler(dissect.EtherTypeIPv6)
			h.Handlers = append(h.Handlers, kernel.Handler{Type: dissect.EtherTypeLLDP, Func: "lldp_rcv", Dev: "em1"})
			h.VLANs = []kernel.VLANDevice{{Name: "em1.10", TPID: dissect.EtherTypeVLAN, VID: 10, Up: true},
				{Name: "em1.20", TPID: dissect.EtherTypeVLAN, VID: 20}}
			hosts = append(hosts, h)
			h.Taps = []kernel.Tap{{Func: "packet_rcv"}}
			h.Ingress = true
			hosts = append(hosts, h)
		}
	}
	return hosts
}

// cacheFrames returns Ethernet frames of the samples, the corpus, the
// generators and random variations of their first 16 bytes.
func cacheFrames(t *testing.T) [][]byte {
	var frames [][]byte
	for _, p := range samplegen.Incident() {
		frames = append(frames, p.Data)
	}
	for _, p := range samplegen.MixedEdge() {
		frames = append(frames, p.Data)
	}
	for _, dir := range []string{filepath.Join("..", "..", "samples"), filepath.Join("..", "..", "..", "shared", "corpus")} {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			src, err := source.Open(path)
			if err != nil {
				return nil
			}
			defer src.Close()
			for {
				fr, err := src.Next()
				if errors.Is(err, io.EOF) || err != nil {
					return nil
				}
				if fr.LinkType == source.LinkEthernet {
					frames = append(frames, append([]byte(nil), fr.Data...))
				}
			}
		})
	}
	r := rand.New(rand.NewPCG(1, 2))
	dsts := [][6]byte{samplegen.IncidentHostMAC, samplegen.Broadcast, samplegen.STPGroup, samplegen.LLDPGroup,
		{0x01, 0x80, 0xc2, 0, 0, 0x10}, {0x33, 0x33, 0, 0, 0, 1}, {0x02, 0, 0, 0, 0, 9}}
	types := []uint16{0x0800, 0x0806, 0x86dd, 0x8100, 0x88a8, 0x9100, 0x88cc, 0x0026, 0x05ff, 0x0600, 0x88b5, 0x0004}
	n := len(frames)
	for i := 0; i < 20000; i++ {
		f := append([]byte(nil), frames[r.IntN(n)]...)
		if len(f) < 18 {
			continue
		}
		copy(f, dsts[r.IntN(len(dsts))][:])
		tl := types[r.IntN(len(types))]
		f[12], f[13] = byte(tl>>8), byte(tl)
		if r.IntN(2) == 0 {
			tl = types[r.IntN(len(types))]
			f[16], f[17] = byte(tl>>8), byte(tl)
		}
		if r.IntN(4) == 0 { // raw 802.3 (Novell) after a length
			f[14], f[15] = 0xff, 0xff
		}
		frames = append(frames, f[:14+r.IntN(len(f)-13)])
	}
	return frames
}

// TestVerdictCache: the cached verdict is kernel.Classify's, for every
// frame on every host, whatever came before it.
func TestVerdictCache(t *testing.T) {
	frames := cacheFrames(t)
	for hi, h := range cacheHosts(t) {
		vs := DefaultVariants(h)
		c := newVerdictCache(&h, vs)
		for pass := 0; pass < 2; pass++ {
			for i, f := range frames {
				eth, err := dissect.ParseEthernet(f)
				if err != nil {
					continue
				}
				in := kernel.Input{Eth: eth, WireLen: len(f) + i%3*100}
				want := kernel.Classify(&h, in)
				got, outs := c.classify(&in)
				if got != want {
					t.Fatalf("host %d, frame %d (% x): cached %+v, want %+v", hi, i, f[:14], got, want)
				}
				for j := range vs {
					if w := kernel.Classify(&vs[j].Host, in).Outcome; outs[j] != w {
						t.Fatalf("host %d, frame %d (% x): variant %s: cached outcome %v, want %v", hi, i, f[:14], vs[j].Name, outs[j], w)
					}
				}
			}
		}
	}
	t.Logf("%d frames", len(frames))
}

// TestFrameAllocs: a delivered frame allocates nothing on its way through
// the engine, and a dropped one a bounded amount (its dissection).
func TestFrameAllocs(t *testing.T) {
	h := kernel.DefaultHost()
	e := newEngine(Options{Host: h, Variants: DefaultVariants(h)})
	frame := func(data []byte) *source.Frame {
		return &source.Frame{Data: data, TS: samplegen.Start.UnixNano(), CapLen: len(data), OrigLen: len(data), LinkType: source.LinkEthernet}
	}
	var delivered, dropped [][]byte
	for _, p := range samplegen.Incident() {
		eth, err := dissect.ParseEthernet(p.Data)
		if err != nil || p.Dir == samplegen.DirOutbound {
			continue
		}
		if kernel.Classify(&h, kernel.Input{Eth: eth, WireLen: len(p.Data)}).Outcome.Counted() {
			dropped = append(dropped, p.Data)
		} else {
			delivered = append(delivered, p.Data)
		}
	}
	// Warm up the maps with every frame once.
	for _, d := range append(append([][]byte(nil), delivered...), dropped...) {
		e.frame(0, frame(d))
	}
	for _, tt := range []struct {
		name   string
		frames [][]byte
		max    float64
	}{{"delivered", delivered, 0}, {"dropped", dropped, 40}} {
		i := 0
		got := testing.AllocsPerRun(2000, func() {
			e.frame(0, frame(tt.frames[i%len(tt.frames)]))
			i++
		})
		t.Logf("%s: %d distinct frames, %.2f allocations per frame", tt.name, len(tt.frames), got)
		if got > tt.max {
			t.Errorf("%s frame: %.2f allocations, want at most %v", tt.name, got, tt.max)
		}
	}
}
