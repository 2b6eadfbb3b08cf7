package kerneldiff_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/kernelreplay"
	"github.com/dropscope/dropscope/internal/samplegen"
)

// hostFrom builds the model of the replay's receiver: its /proc/net/ptype,
// its kernel release and its MAC.
func hostFrom(t *testing.T, res kernelreplay.Result, mac [6]byte) kernel.Host {
	t.Helper()
	p, err := kernel.ParsePtype(strings.NewReader(res.Ptype))
	if err != nil {
		t.Fatalf("receiver ptype: %v\n%s", err, res.Ptype)
	}
	k, err := kernel.ParseKernel(res.KernelRelease)
	if err != nil {
		t.Fatal(err)
	}
	return kernel.Host{Kernel: k, Device: res.Device, MAC: dissect.MAC(mac), MACKnown: true, Handlers: p.Handlers, Taps: p.Taps}
}

type labelled struct {
	data []byte
	note string
}

func ethernetFrames(pkts []samplegen.Packet) []labelled {
	var out []labelled
	for _, p := range pkts {
		if p.Dir == samplegen.DirOutbound {
			continue
		}
		out = append(out, labelled{p.Data, p.Note})
	}
	return out
}

// replayAndCompare sends frames, then checks the model frame by frame.
func replayAndCompare(t *testing.T, frames []labelled, opts kernelreplay.Options, adjust func(*kernel.Host)) {
	t.Helper()
	if err := kernelreplay.Available(); err != nil {
		t.Skipf("kernel replay not possible here: %v", err)
	}
	raw := make([][]byte, len(frames))
	for i, f := range frames {
		raw[i] = f.data
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	res, err := kernelreplay.Replay(ctx, raw, opts)
	if err != nil {
		t.Fatal(err)
	}
	mac := opts.ReceiverMAC
	if mac == ([6]byte{}) {
		mac = kernelreplay.DefaultReceiverMAC
	}
	host := hostFrom(t, res, mac)
	if adjust != nil {
		adjust(&host)
	}
	var sent, counted, predicted, sumDrop, sumNoH uint64
	mismatches := 0
	for i, d := range res.Deltas {
		sumDrop += d.RxDropped
		sumNoH += d.RxNoHandler
		if !d.Sent {
			continue
		}
		sent++
		eth, err := dissect.ParseEthernet(raw[i])
		if err != nil {
			t.Fatalf("frame %d (%s) was sent but is shorter than a header", i+1, frames[i].note)
		}
		v := kernel.Classify(&host, kernel.Input{Eth: eth, WireLen: len(raw[i])})
		kernelCounted := d.RxDropped+d.RxNoHandler > 0
		if kernelCounted {
			counted++
		}
		if v.Outcome.Counted() {
			predicted++
		}
		wrongCounter := v.Outcome == kernel.RxDropped && d.RxNoHandler > 0 || v.Outcome == kernel.RxNoHandler && d.RxDropped > 0
		if v.Outcome.Counted() != kernelCounted || wrongCounter {
			mismatches++
			if mismatches <= 20 {
				t.Errorf("frame %d (%s): kernel rx_dropped +%d rx_nohandler +%d; model %v (protocol %v, tags %d)",
					i+1, frames[i].note, d.RxDropped, d.RxNoHandler, v.Outcome, v.Protocol, v.Tags)
			}
		}
	}
	if sumDrop != res.TotalDropped || sumNoH != res.TotalNoHandler {
		t.Errorf("attribution: per-frame sums rx_dropped %d rx_nohandler %d, counter totals %d %d", sumDrop, sumNoH, res.TotalDropped, res.TotalNoHandler)
	}
	if mismatches > 0 {
		t.Errorf("%d of %d frames disagree with the kernel", mismatches, sent)
	}
	t.Logf("kernel %s: %d frames sent, kernel counted %d, model predicted %d, %d disagree",
		res.KernelRelease, sent, counted, predicted, mismatches)
	if sent == 0 {
		t.Fatal("no frame was sent")
	}
}

// TestMixedEdgeAgainstKernel replays every case of samples/mixed-edge.pcap.
func TestMixedEdgeAgainstKernel(t *testing.T) {
	replayAndCompare(t, ethernetFrames(samplegen.MixedEdge()), kernelreplay.Options{}, nil)
}

// TestIncidentAgainstKernel replays the incident sample (received frames).
func TestIncidentAgainstKernel(t *testing.T) {
	frames := ethernetFrames(samplegen.Incident())
	if testing.Short() && len(frames) > 300 {
		frames = frames[:300]
	}
	replayAndCompare(t, frames, kernelreplay.Options{}, nil)
}

// TestTapsAgainstKernel replays the mixed-edge cases with capture sockets
// and a tc ingress hook on the receiver (kernel-rx-model.md §3.2): the model
// must follow every reset of the pending tap.
func TestTapsAgainstKernel(t *testing.T) {
	frames := ethernetFrames(samplegen.MixedEdge())
	for _, tc := range []struct {
		name   string
		opts   kernelreplay.Options
		adjust func(*kernel.Host)
	}{
		{"tap bound to the device", kernelreplay.Options{TapBound: true}, nil},
		{"unbound tap", kernelreplay.Options{TapUnbound: true}, nil},
		{"tap and tc ingress", kernelreplay.Options{TapBound: true, IngressQdisc: true}, func(h *kernel.Host) { h.Ingress = true }},
		{"protocol sockets 88b5 and 88cc", kernelreplay.Options{ProtoSockets: []uint16{0x88b5, 0x88cc}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			replayAndCompare(t, frames, tc.opts, tc.adjust)
		})
	}
}
