package analyze_test

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dropscope/dropscope/dissect"
	"github.com/dropscope/dropscope/dissect/kernel"
	"github.com/dropscope/dropscope/internal/analyze"
	"github.com/dropscope/dropscope/internal/source"
)

// TestLaneSameSummary checks the short cut for delivered frames against the
// full path: with JSON Lines output every frame goes the full way, so both
// runs must give the same summary, on every sample and corpus capture and
// for hosts with and without a known MAC, a tap and the stock handlers.
func TestLaneSameSummary(t *testing.T) {
	files, _ := filepath.Glob("../../samples/*.pcap*")
	if c, err := filepath.Glob(filepath.Join(corpus, "*", "*.pcap*")); err == nil {
		files = append(files, c...)
	}
	hosts := map[string]kernel.Host{"incident": kernel.DefaultHost()}
	h := kernel.DefaultHost()
	h.MAC, h.MACKnown = dissect.MAC{0x00, 0x25, 0x90, 0xaa, 0xbb, 0x01}, true
	h.Taps = []kernel.Tap{{Func: "packet_rcv"}}
	h.AddHandler(dissect.EtherTypeIPv6)
	hosts["tap, ipv6, known MAC"] = h
	compared := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".out") {
			continue
		}
		if st, err := os.Stat(f); err != nil || st.IsDir() {
			continue
		}
		for name, host := range hosts {
			run := func(jsonl io.Writer) string {
				s, err := analyze.Run(context.Background(), []string{f}, analyze.Options{Host: host, Version: "test",
					Variants: analyze.DefaultVariants(host), JSONL: jsonl})
				if err != nil {
					return "error: " + err.Error()
				}
				b, _ := json.Marshal(s)
				return string(b)
			}
			fast, full := run(nil), run(io.Discard)
			if fast != full {
				t.Errorf("%s, host %s: the summaries differ\nlane: %.600s\nfull: %.600s", f, name, fast, full)
			}
			compared++
		}
	}
	if compared < 10 {
		t.Fatalf("only %d runs compared", compared)
	}
	t.Logf("%d runs compared", compared)
}

// plainInput hides a File's in-place record reader (and NextInto): the
// analysis then reads every frame with Next.
type plainInput struct{ source.Input }

// TestRecordsSameSummary: reading classic pcap records where they lie
// (File.Records) gives the summary that reading each frame with Next
// gives, on every sample and corpus capture, with one and two goroutines.
func TestRecordsSameSummary(t *testing.T) {
	files, _ := filepath.Glob("../../samples/*.pcap*")
	if c, err := filepath.Glob(filepath.Join(corpus, "*", "*.pcap*")); err == nil {
		files = append(files, c...)
	}
	h := kernel.DefaultHost()
	compared := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".out") {
			continue
		}
		for _, workers := range []int{1, 2} {
			run := func(plain bool) string {
				in, err := source.Open(f)
				if err != nil {
					return "error: " + err.Error()
				}
				defer in.Close()
				var src source.Input = in
				if plain {
					src = plainInput{in}
				}
				s, err := analyze.RunInputs(context.Background(), []source.Input{src}, analyze.Options{Host: h, Version: "test",
					Variants: analyze.DefaultVariants(h), Workers: workers})
				if err != nil {
					return "error: " + err.Error()
				}
				b, _ := json.Marshal(s)
				return string(b)
			}
			a, b := run(false), run(true)
			if a != b {
				t.Errorf("%s, %d workers: the summaries differ\nin place: %.600s\nNext:     %.600s", f, workers, a, b)
			}
			compared++
		}
	}
	if compared < 100 {
		t.Fatalf("only %d runs compared", compared)
	}
	t.Logf("%d runs compared", compared)
}
